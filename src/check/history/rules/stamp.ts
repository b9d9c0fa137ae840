// A stamp (who did a step and when: `by`, `at`) is committed by the person it names — or entered for
// them with `--as` by a role svc.yaml `allowAs` lists (D16). Every stamp on every record: approvals,
// confirmations, signatures, countersignatures, amendments, decisions, a reflection or notice.
import { t } from "../../../core/i18n.ts";
import type { Kind } from "../../../schemas/kinds.ts";
import { actsAs, type ChangeRule, get, type Rec, type Stamp, same } from "../rule.ts";
import { stepsOf } from "./role.ts";

/**
 * Where the steps of each kind leave their stamps. A letter's are its recorded steps, from the
 * workflow's step table (`recordedSteps`, src/domain/workflow.ts), the marking of a forgery among them; a
 * notice's `issued` names who gave the order, which whoever opens it records, so it is not one.
 */
const STAMPS: Partial<Record<Kind, (rec: Rec) => (string | number)[][]>> = {
  notice: () => [["signature"]],
  letter: (rec) => [["assigned"], ...stepsOf(rec).map((r) => (r.by ? r.path.slice(0, -1) : r.path))],
  incident: () => [["opened"], ["reflection"], ["notification"]],
  exam: () => [["recorded"]],
  complaint: () => [["recorded"]],
  assessment: () => [["drafted"], ["signature"]],
  payroll: () => [["created"], ["signature"]],
  amendment: () => [[], ["approval"]],
  decision: () => [["decided"]],
  "customer-complaint": () => [["opened"], ["investigation"], ["reply"], ["callback"], ["closed"]],
};

/** The stamps of `after` that `before` did not have in the same place, or had otherwise. */
export function changedStamps(kind: Kind, before: Rec | undefined, after: Rec): (string | number)[][] {
  // the stamp proper; what the step carries besides (a reflection's text, ratings) is not the stamp
  const pick = (s: unknown) =>
    s && typeof s === "object"
      ? { by: (s as Stamp)?.by, at: (s as Stamp)?.at, as: (s as Stamp)?.as }
      : undefined;
  return (STAMPS[kind]?.(after) ?? []).filter((p) => {
    const a = get(after, ...p);
    return typeof (a as Stamp)?.by === "string" && !same(pick(a), pick(get(before, ...p)));
  });
}

export const stamp: ChangeRule = {
  id: "history-stamp",
  domain: "§1, D16",
  forbids: [
    "记为他人所做的步骤（by 不是提交者；按 allowAs 用 --as 代录时 as 是提交者）",
    "a step recorded as done by someone other than the committer (unless entered with --as by an allowAs role)",
  ],
  kinds: [
    "notice",
    "letter",
    "incident",
    "assessment",
    "payroll",
    "amendment",
    "decision",
    "complaint",
    "exam",
    "customer-complaint",
  ],
  check(ch, cx) {
    if (!ch.after || !cx.actor) return [];
    if (ch.kind === "amendment" && ch.before) return []; // an edit: history-immutable
    const actor = cx.actor;
    return changedStamps(ch.kind, ch.before, ch.after)
      .filter((p) => !actsAs(cx, get(ch.after, ...p) as Stamp))
      .map((p) => {
        const s = get(ch.after, ...p) as Stamp;
        const where = p.length ? p.join(".") : ch.id;
        return {
          path: [...p, "by"],
          value: s?.by,
          message: t(
            `${ch.id}：${where} 记为 ${s?.by} 所做，提交者却是 ${actor.id}`,
            `${ch.id}: ${where} is recorded as done by ${s?.by} but was committed by ${actor.id}`,
          ),
          hint: t(
            "谁做的事，由谁提交（或按 allowAs 用 --as 代录）",
            "the person who acts commits (or enters it with --as per allowAs)",
          ),
        };
      });
  },
};
