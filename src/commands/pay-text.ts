// The words of the payroll's warnings and errors (issue 14): src/domain/pay.ts returns codes and values,
// the same in every language and in `--json`; they are worded here in one language — the user's, or
// Chinese for the payroll document.
import { t } from "../core/i18n.ts";
import type { PayNote } from "../domain/pay.ts";

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
