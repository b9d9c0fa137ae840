// Salary tiers (DOMAIN §4, D9): 三等 at hire; 二等 after `tierMonths.二等` (6) and 一等 after
// `tierMonths.一等` (12) consecutive months without incident and without fine, with a department exam
// passed or a major contribution recorded. Eligibility is only computed: a tier changes only by a
// recorded GM decision (decision record 升档 / 降档 with the new tier and its effective date).
//
// History: the roster's `tier` is the tier before the first tier decision when there is none; when
// decisions exist, the tier before the first one is derived from it (升档 to X ⇒ one step below X,
// 降档 to X ⇒ one step above X), so the roster entry may hold either the starting or the current tier.

import { addMonths } from "../core/time.ts";
import type { Decision, Exam, Person, Tier } from "../schemas/index.ts";
import { runLength, streakStart } from "./windows.ts";

/** Tiers from the lowest to the highest. */
const LADDER: Tier[] = ["三等", "二等", "一等"];
const up = (t: Tier): Tier => LADDER[Math.min(LADDER.indexOf(t) + 1, LADDER.length - 1)];
const down = (t: Tier): Tier => LADDER[Math.max(LADDER.indexOf(t) - 1, 0)];

export interface TierPeriod {
  tier: Tier;
  /** First day in force (the hire date, or undefined when unknown, for the first period). */
  from?: string;
  /** The decision that set it. */
  decision?: string;
  reason?: string;
}

export function tierDecisions(person: string, decisions: Decision[]): Decision[] {
  return decisions
    .filter((d) => d.person === person && (d.decision === "升档" || d.decision === "降档"))
    .sort((a, b) => a.effective.localeCompare(b.effective) || (a.id < b.id ? -1 : 1));
}

/** The tier periods of a person, oldest first. */
export function tierHistory(person: Person, decisions: Decision[]): TierPeriod[] {
  const ds = tierDecisions(person.id, decisions);
  let tier: Tier = person.tier ?? "三等";
  if (ds[0]?.tier) tier = ds[0].decision === "升档" ? down(ds[0].tier) : up(ds[0].tier);
  const out: TierPeriod[] = [{ tier, from: person.hired }];
  for (const d of ds) {
    tier = d.tier ?? (d.decision === "升档" ? up(tier) : down(tier));
    out.push({ tier, from: d.effective, decision: d.id, reason: d.reason });
  }
  return out;
}

/** D9: the tier period in force on a day (YYYY-MM-DD): the last one that started on or before it. */
export function tierPeriodOn(person: Person, decisions: Decision[], date: string): TierPeriod {
  const history = tierHistory(person, decisions);
  let period = history[0];
  for (const p of history.slice(1)) if (p.from && p.from <= date) period = p;
  return period;
}

/** D9: the tier in force on a day (YYYY-MM-DD) — for a month's pay, its 1st. */
export function tierOn(person: Person, decisions: Decision[], date: string): Tier {
  return tierPeriodOn(person, decisions, date).tier;
}

export interface Eligibility {
  current: Tier;
  /** Consecutive months without incident and fine, ending with `asOf`. */
  cleanMonths: number;
  /** A department exam passed or a major contribution recorded (ids). */
  merits: string[];
  /** The tier the person is eligible for, if higher than the current one. */
  eligible?: Tier;
  /** Months still needed for the next tier (0 when eligible or at the top). */
  monthsToNext: number;
}

/**
 * Eligibility at the end of month `asOf`. `clean(m)` says whether month m had no incident and no fine;
 * months before `origin` (or before the first whole month after hire) never count.
 */
export function eligibility(args: {
  person: Person;
  decisions: Decision[];
  exams: Exam[];
  asOf: string;
  origin: string;
  clean: (month: string) => boolean;
  tierMonths: { 二等: number; 一等: number };
}): Eligibility {
  const { person, decisions, exams, asOf } = args;
  const current = tierOn(person, decisions, `${addMonths(asOf, 1)}-01`);
  // The hire month counts only when hired on its 1st (a whole month).
  const start = streakStart(args.origin, person.hired);
  const cleanMonths = runLength(asOf, args.clean, start);
  const end = `${addMonths(asOf, 1)}-01`;
  const merits = [
    ...exams
      .filter((e) => e.date < end && e.results.some((r) => r.person === person.id && r.passed))
      .map((e) => e.id),
    ...decisions
      .filter(
        (d) =>
          d.person === person.id &&
          (d.decision === "考试通过" || d.decision === "重大贡献") &&
          d.effective < end,
      )
      .map((d) => d.id),
  ];
  let eligible: Tier | undefined;
  if (merits.length && cleanMonths >= args.tierMonths.一等 && current !== "一等") eligible = "一等";
  else if (merits.length && cleanMonths >= args.tierMonths.二等 && current === "三等") eligible = "二等";
  const need = current === "三等" ? args.tierMonths.二等 : current === "二等" ? args.tierMonths.一等 : 0;
  return {
    current,
    cleanMonths,
    merits,
    eligible,
    monthsToNext: eligible ? 0 : Math.max(0, need - cleanMonths),
  };
}
