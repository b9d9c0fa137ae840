// The words of the payroll's warnings and errors (issue 14): src/domain/pay.ts returns codes and values,
// the same in every language and in `--json`; they are worded here in one language — the user's, or
// Chinese for the payroll document.
import { t } from "../core/i18n.ts";
import type { PayNote, PayResult } from "../domain/pay.ts";
import type { Assessment, Config, Payroll } from "../schemas/index.ts";

export function payNoteText(n: PayNote, zh = false): string {
  const say = zh ? (c: string, _e: string) => c : t;
  switch (n.code) {
    case "bonus-months-unsigned":
      return say(
        `半年奖金：${n.months.join("、")} 没有已签字的考核表，按 0 计`,
        `half-year bonus: no signed assessment for ${n.months.join(", ")}: counted as 0`,
      );
    case "tier-assumed":
      return say(
        `${n.name}（${n.person}）名单中没有工资档次，按三等（入职起薪）计`,
        `${n.name} (${n.person}) has no salary tier in the roster: tier 三等 (starting salary) assumed`,
      );
    case "phone-unset":
      return say(
        "svc.yaml pay.phone（话费补助）未设置，按 0 计",
        "svc.yaml pay.phone (phone allowance) is not set: 0",
      );
    case "not-in-roster":
      return say(`人员 ${n.person} 不在名单中`, `${n.person} is not in the roster`);
    case "travel-rate-unset":
      return n.special
        ? say(
            `svc.yaml pay.travel.specialRate 未设置，无法计算 ${n.letter} 的特殊地区出差补助`,
            `svc.yaml pay.travel.specialRate is not set: cannot compute the special-region travel allowance of ${n.letter}`,
          )
        : say(
            `svc.yaml pay.travel.dailyRate 未设置，无法计算 ${n.letter} 的出差补助`,
            `svc.yaml pay.travel.dailyRate is not set: cannot compute the travel allowance of ${n.letter}`,
          );
    case "bonus-pool-missing":
      return say(
        `svc.yaml pay.bonus.pools 没有 ${n.name}（${n.person}）所在区域“${n.region ?? "未设置"}”的奖金基数`,
        `svc.yaml pay.bonus.pools has no bonus pool for the region ${n.region ?? "(none)"} of ${n.name} (${n.person})`,
      );
  }
}

/** One note of the payroll: Chinese for the document, and the terminal's words in either language. */
export interface PayrollNote {
  zh: string;
  en: string;
  /** A warning (printed apart, in yellow, by the terminal). */
  warning?: boolean;
}

/**
 * The payroll's notes (工资表's 说明): how each figure was reached — the tiers, the assessment, the
 * allowances, each trip, a lowered base, the half-year bonus's ranking. The document is Chinese; the
 * terminal prints them in the user's language (found by attack: English output printed them in Chinese).
 */
export function payrollNotes(d: {
  month: string;
  pay: Config["pay"];
  assessment: Assessment;
  amended: boolean;
  result: PayResult;
  rows: Payroll["rows"];
  nameOf: ReadonlyMap<string, string>;
  regions: ReadonlyMap<string, string>;
}): PayrollNote[] {
  const { month, pay: cfg, assessment, result } = d;
  const name = (id: string) => d.nameOf.get(id) ?? id;
  const notes: PayrollNote[] = [];
  const special = cfg.travel.specialRegions.length;
  notes.push({
    zh: `基本工资按 ${month}-01 所在档次（一等 ${cfg.tiers.一等}、二等 ${cfg.tiers.二等}、三等 ${cfg.tiers.三等} 元）；考核 = ${assessment.id} 各人合计（已签字${d.amended ? "，含更正" : ""}）；话费补助每月 ${cfg.phone ?? 0} 元；出差补助 ${cfg.travel.dailyRate ?? "—"} 元/天${special ? `，特殊地区（${cfg.travel.specialRegions.join("、")}）${cfg.travel.specialRate ?? "—"} 元/天` : ""}，按返回日期计入当月，天数含出发和返回当天。`,
    en: `base pay by the tier held on ${month}-01 (一等 ${cfg.tiers.一等}, 二等 ${cfg.tiers.二等}, 三等 ${cfg.tiers.三等} yuan); assessment = each person's total of ${assessment.id} (signed${d.amended ? ", amendments included" : ""}); phone allowance ${cfg.phone ?? 0} yuan a month; travel allowance ${cfg.travel.dailyRate ?? "—"} yuan a day${special ? `, special regions (${cfg.travel.specialRegions.join(", ")}) ${cfg.travel.specialRate ?? "—"} yuan a day` : ""}, counted in the month of the return, the days of departure and return included.`,
  });
  const basis = result.details.map((x) => ({
    who: `${name(x.person)} ${x.tier}`,
    zh: x.tierAssumed
      ? "名单未记录档次，按入职起薪"
      : x.tierPeriod.decision
        ? `总经理决定 ${x.tierPeriod.decision}，${x.tierPeriod.from} 起`
        : "名单记录",
    en: x.tierAssumed
      ? "no tier on the roster: the starting tier"
      : x.tierPeriod.decision
        ? `GM decision ${x.tierPeriod.decision}, from ${x.tierPeriod.from}`
        : "on the roster",
  }));
  notes.push({
    zh: `档次依据：${basis.map((b) => `${b.who}（${b.zh}）`).join("；")}`,
    en: `tiers: ${basis.map((b) => `${b.who} (${b.en})`).join("; ")}`,
  });
  for (const x of result.details)
    if (x.lowered > 0) {
      const row = d.rows.find((r) => r.person === x.person);
      const line = assessment.people
        .find((p) => p.person === x.person)
        ?.lines.find((l) => l.rule === "complaintLevel");
      const n = line?.refs.length ?? 0;
      notes.push({
        zh: `${name(x.person)}：当月沟通投诉 ${n} 次（${line?.refs.join("、") ?? ""}），依 001 第十四条基本工资降 ${x.lowered} 级：${x.tier} ${cfg.tiers[x.tier]} 元 → ${row?.base ?? ""} 元（DOMAIN D20）`,
        en: `${name(x.person)}: ${n} communication complaints this month (${line?.refs.join(", ") ?? ""}); by 001 article 14 the base pay goes down ${x.lowered} tier(s): ${x.tier} ${cfg.tiers[x.tier]} → ${row?.base ?? ""} yuan (DOMAIN D20)`,
      });
    }
  for (const x of result.details)
    for (const tr of x.trips)
      notes.push({
        zh: `${name(x.person)}：${tr.letter} 出差 ${tr.departed} 至 ${tr.returned} 共 ${tr.days} 天 × ${tr.rate} 元${tr.special ? `（特殊地区 ${tr.region}）` : ""} = ${tr.amount} 元`,
        en: `${name(x.person)}: ${tr.letter} trip ${tr.departed} to ${tr.returned}, ${tr.days} days × ${tr.rate} yuan${tr.special ? ` (special region ${tr.region})` : ""} = ${tr.amount} yuan`,
      });
  if (result.bonus) {
    const b = result.bonus;
    const [c1, c2, c3] = cfg.bonus.coefficients;
    const k = b.third;
    notes.push({
      zh: `半年奖金：${b.months[0]} 至 ${month} 共 ${b.months.length} 个月考核合计排名（${b.ranking.length} 人，三分之一向上取整 = ${k}）：第 1–${k} 名 ×${c1}，第 ${k + 1}–${2 * k} 名 ×${c2}，其余 ×${c3}；名次 = 1 + 得分更高的人数，同分同名次、同档（取较好档）；奖金 = 本人所在区域奖金基数 × 系数。`,
      en: `half-year bonus: ranked by the assessment totals of the ${b.months.length} months ${b.months[0]} to ${month} (${b.ranking.length} people, a third rounded up = ${k}): ranks 1–${k} ×${c1}, ${k + 1}–${2 * k} ×${c2}, the rest ×${c3}; rank = 1 + the number scoring higher, equal scores share a rank and the better grade; bonus = the person's region's pool × the coefficient.`,
    });
    const rowOf = new Map(d.rows.map((r) => [r.person, r]));
    for (const r of b.ranking) {
      const region = d.regions.get(r.person) || "—";
      const pool = cfg.bonus.pools[region];
      const parts = b.parts[r.person] ?? [];
      notes.push({
        zh: `  第 ${r.rank} 名 ${name(r.person)}：得分 ${r.score}（${parts.map((x, i) => `${b.months[i].slice(5)}月 ${x}`).join("、")}），第 ${r.grade} 档 ×${r.coefficient}，${region} 基数 ${pool ?? "—"} × ${r.coefficient} = ${rowOf.get(r.person)?.bonus ?? 0} 元`,
        en: `  rank ${r.rank} ${name(r.person)}: score ${r.score} (${parts.map((x, i) => `${b.months[i]} ${x}`).join(", ")}), grade ${r.grade} ×${r.coefficient}, ${region} pool ${pool ?? "—"} × ${r.coefficient} = ${rowOf.get(r.person)?.bonus ?? 0} yuan`,
      });
    }
  }
  for (const w of result.warnings)
    notes.push({ zh: `注意：${payNoteText(w, true)}`, en: `warning: ${payNoteText(w)}`, warning: true });
  return notes;
}
