// svc check's rules on a money record's own sums (§3, §4): an assessment's person total is the sum of
// its lines, a payroll row's total the sum of its parts. svc writes them so; a hand edit of one figure
// (a signed payroll's total raised by 500, an assessment's total without its line) passed plain
// `svc check` and reached the printed payroll and the bank (found by attack). `svc check --history`
// names who changed it (history-immutable); this says, in any checkout, that the figures disagree.
import { t } from "../core/i18n.ts";
import { amendmentsOf, applyChanges } from "../domain/amendments.ts";
import type { Payroll } from "../schemas/index.ts";
import type { Issue, RuleInput } from "./rules.ts";

/** Money is kept to the fen: two sums that differ by less than half a fen are the same. */
const equal = (a: number, b: number) => Math.abs(a - b) < 0.005;
const yuan = (n: number) => (Math.round(n * 100) / 100).toString();

/** §3 a person's assessment total is the sum of the lines that make it up. */
export function assessmentTotals(input: RuleInput, out: Issue[]): void {
  for (const a of input.of("assessment"))
    a.people.forEach((p, i) => {
      const sum = p.lines.reduce((s, l) => s + l.amount, 0);
      if (!equal(sum, p.total))
        out.push({
          id: a.id,
          path: ["people", i, "total"],
          rule: "total",
          value: p.total,
          message: t(
            `${p.person} 的合计 ${yuan(p.total)} 元不等于各考核项之和 ${yuan(sum)} 元`,
            `${p.person}'s total ${yuan(p.total)} is not the sum of the lines, ${yuan(sum)}`,
          ),
        });
    });
}

/**
 * §4 a payroll row's total is base pay + assessment + travel + phone allowance + bonus — in the payroll
 * as written and as its amendments make it (the 工资表 printed and paid): a hand-written amendment's
 * rows are reported at that amendment.
 */
export function payrollTotals(input: RuleInput, out: Issue[]): void {
  const amendments = input.of("amendment");
  for (const p of input.of("payroll")) {
    rowTotals(p.rows, (i) => ({ id: p.id, path: ["rows", i, "total"] }), out);
    const ams = amendmentsOf(p.id, amendments);
    if (!ams.length) continue;
    let amended: Payroll;
    try {
      amended = applyChanges(p, amendments);
    } catch {
      continue; // a path that leads nowhere: the amendment rule's (amendedRecordsValid)
    }
    if (!Array.isArray(amended.rows)) continue; // not rows: the amendment rule's too
    const last = ams[ams.length - 1];
    rowTotals(amended.rows, () => ({ id: last.id, path: ["changes", 0, "after"] }), out);
  }
}

function rowTotals(
  rows: readonly Payroll["rows"][number][],
  at: (i: number) => Pick<Issue, "id" | "path">,
  out: Issue[],
): void {
  rows.forEach((r, i) => {
    const sum = r.base + r.assessment + r.travel + r.phone + r.bonus;
    if (!equal(sum, r.total))
      out.push({
        ...at(i),
        rule: "total",
        value: r.total,
        message: t(
          `${r.person} 的应发合计 ${yuan(r.total)} 元不等于基本工资、考核、出差补助、话费补助与奖金之和 ${yuan(sum)} 元`,
          `${r.person}'s total ${yuan(r.total)} is not base + assessment + travel + phone + bonus, ${yuan(sum)}`,
        ),
      });
  });
}
