// R&D work orders (D22): R&D's lead (`rd` role) accepts, rejects and reports fixed; only the requester
// opens the order and confirms the fix; a decision once recorded is not changed or removed.
import { t } from "../../../core/i18n.ts";
import { type ChangeRule, get, type Rec, same, type Violation } from "../rule.ts";

const RD_STAMPS = ["accepted", "rejected", "fixed"] as const;

export const rdOrder: ChangeRule = {
  id: "history-rd-order",
  domain: "D22",
  forbids: [
    "研发工作单的受理、驳回、修复不由研发负责人记录，提出、确认不由提出人记录，或已记录的决定被改动",
    "an R&D work order accepted, rejected or fixed by someone without the rd role, opened or confirmed by anyone but its requester, or a recorded decision changed",
  ],
  kinds: ["rd"],
  check({ id, before, after }, cx) {
    if (!after) return [];
    const out: Violation[] = [];
    const person = (by: unknown) => (typeof by === "string" ? cx.people.get(by) : undefined);
    for (const field of RD_STAMPS) {
      const b = get(before, field) as Rec | undefined;
      const a = get(after, field) as Rec | undefined;
      if (b && !same(a, b)) {
        out.push({
          path: a ? [field] : [],
          message: t(
            `${id}：已记录的「${field}」被改动或删除`,
            `${id}: the recorded "${field}" was changed or removed`,
          ),
        });
        continue;
      }
      if (!a || b) continue;
      if (!person(a.by)?.roles.includes("rd") || (cx.actor && a.by !== cx.actor.id))
        out.push({
          path: [field, "by"],
          value: a.by,
          message: t(
            `${id}：「${field}」只能由研发负责人（rd）本人记录`,
            `${id}: "${field}" is recorded only by R&D's lead (rd) in person`,
          ),
        });
    }
    const requester = get(after, "requester");
    for (const field of ["opened", "confirmed"] as const) {
      const a = get(after, field) as Rec | undefined;
      const b = get(before, field) as Rec | undefined;
      if (!a || same(a, b)) continue;
      if (a.by !== requester || (cx.actor && a.by !== cx.actor.id))
        out.push({
          path: [field, "by"],
          value: a.by,
          message: t(
            `${id}：「${field}」只能由提出人 ${String(requester)} 本人记录`,
            `${id}: "${field}" is recorded only by the requester ${String(requester)}`,
          ),
        });
    }
    return out;
  },
};
