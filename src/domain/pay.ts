// Pay (DOMAIN §4, D8–D10): from the signed (and amended) assessment of the month.
//   base      — the tier in force on the 1st of the month (D9), config.pay.tiers;
//   assessment— the person's assessment total (fines negative, rewards positive);
//   travel    — trips that returned in the month: days from departure to return, both counted (D10),
//               × dailyRate, or specialRate when the letter's travel.region is in specialRegions;
//   phone     — config.pay.phone per month;
//   bonus     — in config.pay.bonus.months (June, December) only (D8): engineers ranked by the sum of
//               their monthly assessment totals since the previous bonus month (six months); equal
//               scores share the better grade; the top third (rounded up) gets grade 1, the next third
//               (rounded up) grade 2, the rest grade 3 (coefficients 0.8 / 0.5 / 0.3); bonus = the
//               pool of the engineer's region × the coefficient.
import { daysInclusive } from "../core/time.ts";
import type { Assessment, Config, Decision, Letter, Payroll, Person, Tier } from "../schemas/index.ts";
import { type TierPeriod, tierDecisions, tierPeriodOn } from "./tier.ts";
import { monthOf, windowMonths } from "./windows.ts";

export type PayRow = Payroll["rows"][number];

export interface Trip {
  letter: string;
  departed: string;
  returned: string;
  days: number;
  region?: string;
  special: boolean;
  rate: number | null;
  amount: number;
}

/** D10: the engineer's trips that returned in the month. */
export function trips(letters: Letter[], engineer: string, month: string, config: Config): Trip[] {
  const tr = config.pay.travel;
  const out: Trip[] = [];
  for (const l of letters) {
    const t = l.travel;
    if (l.engineer !== engineer || !t?.departed || !t.returned || monthOf(t.returned) !== month) continue;
    const special = Boolean(t.region && tr.specialRegions.includes(t.region));
    const rate = special ? tr.specialRate : tr.dailyRate;
    const days = Math.max(0, daysInclusive(t.departed, t.returned));
    out.push({
      letter: l.id,
      departed: t.departed,
      returned: t.returned,
      days,
      region: t.region,
      special,
      rate,
      amount: rate === null ? 0 : days * rate,
    });
  }
  return out.sort((a, b) => a.departed.localeCompare(b.departed) || a.letter.localeCompare(b.letter));
}

/**
 * D20: the base of `tier` lowered `levels` tier steps (001 第十四条 绩效工资下调一级): 一等 → 二等 →
 * 三等, and below the lowest tier by the step between the two lowest (二等 − 三等) each further level,
 * never below 0. With the defaults: 2000 → 1800 → 1500 → 1200.
 */
export function loweredBase(tiers: Record<Tier, number>, tier: Tier, levels: number): number {
  const order: Tier[] = ["一等", "二等", "三等"];
  let i = order.indexOf(tier);
  let base = tiers[tier];
  const lowestStep = tiers.二等 - tiers.三等;
  for (let k = 0; k < levels; k++) {
    if (i < order.length - 1) {
      i++;
      base = tiers[order[i]];
    } else base -= lowestStep;
  }
  return Math.max(0, base);
}

/** D20: the tier steps the signed sheet lowers the month's base by (its complaintLevel line). */
export function complaintLevels(sheet: Assessment["people"][number], perLevel: number): number {
  const line = sheet.lines.find((l) => l.rule === "complaintLevel");
  if (!line) return 0;
  return line.levels ?? (perLevel > 0 ? Math.floor(line.refs.length / perLevel) : 0);
}

export interface Ranked {
  person: string;
  score: number;
  /** Competition rank: 1 + the number of strictly better scores. */
  rank: number;
  grade: 1 | 2 | 3;
  coefficient: number;
}

/** D8: rank by score (higher is better); ties share the better grade; thirds rounded up. */
export function rankBonus(scores: { person: string; score: number }[], coefficients: number[]): Ranked[] {
  const n = scores.length;
  const third = Math.ceil(n / 3);
  const sorted = [...scores].sort((a, b) => b.score - a.score || a.person.localeCompare(b.person));
  return sorted.map((s) => {
    const rank = 1 + sorted.filter((x) => x.score > s.score).length;
    const grade: 1 | 2 | 3 = rank <= third ? 1 : rank <= 2 * third ? 2 : 3;
    return { person: s.person, score: s.score, rank, grade, coefficient: coefficients[grade - 1] };
  });
}

/**
 * D8: the months a bonus paid in `month` covers — from the month after the previous bonus month of
 * `pay.bonus.months` up to `month` (June with [6, 12]: January–June; December: July–December).
 */
export function bonusPeriod(month: string, bonusMonths: number[]): string[] {
  const m = Number(month.slice(5, 7));
  const sorted = [...new Set(bonusMonths)].sort((a, b) => a - b);
  const before = sorted.filter((x) => x < m);
  const prev = before.length ? before[before.length - 1] : sorted[sorted.length - 1] - 12;
  return windowMonths(month, m - prev);
}

export interface PayInput {
  month: string;
  config: Config;
  people: Person[];
  decisions: Decision[];
  letters: Letter[];
  /** The month's signed assessment, amendments applied. */
  assessment: Assessment;
  /** Signed (amended) assessments of the other months of the half year, by month. */
  history: Map<string, Assessment>;
}

export interface PayDetail {
  person: string;
  tier: Tier;
  /** The tier period in force on the 1st (its decision and start), for the explanation. */
  tierPeriod: TierPeriod;
  /** The tier was not recorded (no roster tier, no decision): 三等, the starting salary, was assumed. */
  tierAssumed: boolean;
  trips: Trip[];
  /** D20: tier steps the month's base was lowered by communication complaints (0: none). */
  lowered: number;
  ranked?: Ranked;
  region?: string;
}

export interface PayResult {
  rows: PayRow[];
  details: PayDetail[];
  /** Half-year bonus: the months summed and the ranking (bonus months only). */
  bonus?: {
    months: string[];
    ranking: Ranked[];
    /** Each engineer's monthly totals of the period (months in order; 0 where no signed sheet or not on it). */
    parts: Record<string, number[]>;
    /** ⌈n/3⌉: ranks 1..k grade 1, k+1..2k grade 2, the rest grade 3. */
    third: number;
  };
  /** Problems that make the payroll wrong (unset rates, a region without a pool): refuse. */
  errors: PayNote[];
  /** Codes and values, the same in every language; the command words them (issue 14). */
  warnings: PayNote[];
}

/** A payroll warning or error: a code and its values (src/commands/pay-text.ts words it). */
export type PayNote =
  | { code: "bonus-months-unsigned"; months: string[] }
  | { code: "tier-assumed"; person: string; name: string }
  | { code: "phone-unset" }
  | { code: "not-in-roster"; person: string }
  | { code: "travel-rate-unset"; letter: string; special: boolean }
  | { code: "bonus-pool-missing"; person: string; name: string; region: string | null };

const round2 = (x: number) => Math.round(x * 100) / 100;

export function computePayroll(input: PayInput): PayResult {
  const { month, config, assessment } = input;
  const errors: PayNote[] = [];
  const warnings: PayNote[] = [];
  const byId = new Map(input.people.map((p) => [p.id, p]));
  const isBonusMonth = config.pay.bonus.months.includes(Number(month.slice(5, 7)));

  let bonus: PayResult["bonus"];
  const rankedOf = new Map<string, Ranked>();
  if (isBonusMonth) {
    const months = bonusPeriod(month, config.pay.bonus.months);
    const engineers = assessment.people.filter((s) => s.role === "engineer");
    const missing = months.filter((m) => m !== month && !input.history.has(m));
    if (missing.length) warnings.push({ code: "bonus-months-unsigned", months: missing });
    const parts: Record<string, number[]> = {};
    for (const s of engineers)
      parts[s.person] = months.map((m) => {
        const a = m === month ? assessment : input.history.get(m);
        return a?.people.find((x) => x.person === s.person)?.total ?? 0;
      });
    const scores = engineers.map((s) => ({
      person: s.person,
      score: round2(parts[s.person].reduce((acc, x) => acc + x, 0)),
    }));
    const ranking = rankBonus(scores, config.pay.bonus.coefficients);
    for (const r of ranking) rankedOf.set(r.person, r);
    bonus = { months, ranking, parts, third: Math.ceil(engineers.length / 3) };
  }

  const rows: PayRow[] = [];
  const details: PayDetail[] = [];
  for (const s of assessment.people) {
    const p = byId.get(s.person);
    if (!p) {
      errors.push({ code: "not-in-roster", person: s.person });
      continue;
    }
    const tierPeriod = tierPeriodOn(p, input.decisions, `${month}-01`);
    const tier = tierPeriod.tier;
    const tierAssumed = !p.tier && tierDecisions(p.id, input.decisions).length === 0;
    if (tierAssumed) warnings.push({ code: "tier-assumed", person: p.id, name: p.name });
    const lowered = complaintLevels(s, config.complaints.perLevel);
    const base = loweredBase(config.pay.tiers, tier, lowered);
    const ts = trips(input.letters, p.id, month, config);
    for (const t of ts) {
      if (t.rate === null)
        errors.push({ code: "travel-rate-unset", letter: t.letter, special: Boolean(t.special) });
    }
    const travelDays = ts.reduce((a, t) => a + t.days, 0);
    const travel = round2(ts.reduce((a, t) => a + t.amount, 0));
    if (config.pay.phone === null && !warnings.some((w) => w.code === "phone-unset"))
      warnings.push({ code: "phone-unset" });
    const phone = config.pay.phone ?? 0;
    const ranked = rankedOf.get(p.id);
    let bonusAmount = 0;
    if (ranked) {
      const pool = p.region ? config.pay.bonus.pools[p.region] : undefined;
      if (pool === undefined)
        errors.push({ code: "bonus-pool-missing", person: p.id, name: p.name, region: p.region ?? null });
      else bonusAmount = round2(pool * ranked.coefficient);
    }
    const row: PayRow = {
      person: p.id,
      tier,
      base,
      ...(lowered > 0 ? { lowered } : {}),
      assessment: s.total,
      travelDays,
      travel,
      phone,
      bonus: bonusAmount,
      total: round2(base + s.total + travel + phone + bonusAmount),
    };
    if (ranked) row.bonusGrade = ranked.grade;
    rows.push(row);
    details.push({
      person: p.id,
      tier,
      tierPeriod,
      tierAssumed,
      trips: ts,
      lowered,
      ranked,
      region: p.region,
    });
  }
  return { rows, details, bonus, errors, warnings };
}
