// A stamp (who did a step and when: `by`, `at`) is committed by the person it names — or entered for
// them with `--as` by a role svc.yaml `allowAs` lists (D16). Every stamp on every record: approvals,
// confirmations, signatures, countersignatures, amendments, decisions, a reflection or notice.
import { t } from "../../../core/i18n.ts";
import { actsAs, type ChangeRule, get, type Rec, type Stamp, same } from "../rule.ts";

/** Every stamp in a record: an object with a string `by` and `at` (the record itself for an amendment). */
export function stampsOf(rec: unknown, path: (string | number)[] = [], out: (string | number)[][] = []) {
  if (!rec || typeof rec !== "object") return out;
  const o = rec as Record<string, unknown>;
  if (!Array.isArray(rec) && typeof o.by === "string" && typeof o.at === "string") out.push(path);
  for (const [k, v] of Object.entries(o))
    if (v && typeof v === "object") stampsOf(v, [...path, Array.isArray(rec) ? Number(k) : k], out);
  return out;
}

/** The stamps of `after` that `before` did not have in the same place, or had otherwise. */
export function changedStamps(before: Rec | undefined, after: Rec): (string | number)[][] {
  return stampsOf(after).filter((p) => {
    const a = get(after, ...p) as Record<string, unknown>;
    const b = get(before, ...p) as Record<string, unknown> | undefined;
    // the stamp proper; what the step carries besides (a reflection's text, ratings) is not the stamp
    const pick = (s: Record<string, unknown> | undefined) => s && { by: s.by, at: s.at, as: s.as };
    return !same(pick(a), pick(b));
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
  ],
  check(ch, cx) {
    if (!ch.after || !cx.actor) return [];
    if (ch.kind === "amendment" && ch.before) return []; // an edit: history-immutable
    const actor = cx.actor;
    return changedStamps(ch.before, ch.after)
      .filter((p) => ch.kind !== "amendment" || p[0] !== "changes") // the values an amendment carries
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
