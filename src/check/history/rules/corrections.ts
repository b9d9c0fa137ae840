// Corrections (D15) are steps of their own, each leaving a record of who, when and why: a reassignment
// (改派), a rescheduling (改约), a cancellation (作废), a forgery marked, a notice edited before it was
// signed, a signed notice or the customer's ratings corrected by an amendment in the same commit. The
// same change made by hand, without that record, is rejected here — so `svc check --history` accepts
// what the commands write and nothing that only looks like it.
import { t } from "../../../core/i18n.ts";
import { mayAmend, setPointer } from "../../../domain/amendments.ts";
import { kindOfId } from "../../../schemas/kinds.ts";
import {
  arr,
  type ChangeRule,
  type CommitContext,
  can,
  get,
  type Rec,
  same,
  type Violation,
} from "../rule.ts";

/** `after` keeps every entry of `before` unchanged, in order, and only appends. */
export function appendOnly(before: unknown, after: unknown): { ok: boolean; added: Rec[] } {
  const b = arr(before);
  const a = arr(after);
  if (a.length < b.length || !b.every((x, i) => same(x, a[i]))) return { ok: false, added: [] };
  return { ok: true, added: a.slice(b.length) };
}

/** The record `id` as it was and as the commit leaves it, when the commit changes it. */
export function targetOf(cx: CommitContext, id: unknown): (Rec | undefined)[] {
  const ch = cx.changes.find((c) => c.kind !== "amendment" && c.id === id);
  return [ch?.before, ch?.after];
}

/**
 * The amendments this commit adds for `id` that its author may write (mayAmend: the supervisor or the
 * GM, of a record not about himself; of one about himself only the note of his own step) — the others
 * authorize nothing, and history-role names them.
 */
export function amendmentsInCommit(cx: CommitContext, id: string): Rec[] {
  return cx.changes
    .filter((c) => c.kind === "amendment" && !c.before && c.after?.target === id)
    .map((c) => c.after as Rec)
    .filter((am) => mayAmend(cx.actor, kindOfId(id), targetOf(cx, id), am.changes));
}

/**
 * Does applying the commit's amendments of `id` to `before` give `after` — every changed value named
 * by an amendment (who, when, why), and nothing else changed?
 */
export function coveredByAmendments(
  cx: CommitContext,
  id: string,
  before: Rec,
  after: Rec,
  view: (r: Rec) => unknown = (r) => r,
): Rec[] | undefined {
  const ams = amendmentsInCommit(cx, id);
  const amended = ams.length ? applied(before, ams) : undefined;
  return amended && same(view(amended), view(after)) ? ams : undefined;
}

/** `before` with the amendments' changes applied, or undefined when one does not resolve. */
function applied(before: Rec, ams: readonly Rec[]): Rec | undefined {
  const out = structuredClone(before);
  try {
    for (const am of ams)
      for (const c of arr(am.changes))
        setPointer(out, String(c.path), structuredClone(c.after), String(am.id));
  } catch {
    return undefined;
  }
  return out;
}

/** A notice's content: what its requester wrote (not its signature or cancellation). */
function content(n: Rec | undefined): unknown {
  if (!n) return undefined;
  const { signature: _s, cancelled: _c, ...rest } = n;
  return rest;
}

function letterChecks(id: string, before: Rec, after: Rec, cx: CommitContext): Violation[] {
  const out: Violation[] = [];
  for (const [field, zh, en] of [
    ["reassignments", "改派记录", "reassignment records"],
    ["appointments", "改约记录", "rescheduling records"],
  ] as const)
    if (!appendOnly(before[field], after[field]).ok)
      out.push({
        path: [field],
        message: t(`责任书 ${id} 的${zh}被改动或删除`, `${en} of letter ${id} were altered or removed`),
        hint: t("改派、改约的记录只增不改", "reassignments and reschedulings are only ever added"),
      });
  // 改派: the engineer changes only with a reassignment from him to the new one.
  if (before.engineer !== after.engineer) {
    const added = appendOnly(before.reassignments, after.reassignments).added;
    const chain = added.length && added[0].from === before.engineer && added.at(-1)?.to === after.engineer;
    if (!chain)
      out.push({
        path: ["engineer"],
        value: `${String(before.engineer)} → ${String(after.engineer)}`,
        message: t(
          `责任书 ${id} 的服务人员从 ${String(before.engineer)} 改为 ${String(after.engineer)}，没有改派记录`,
          `letter ${id} changed engineer from ${String(before.engineer)} to ${String(after.engineer)} without a reassignment`,
        ),
        hint: t(
          "改派用 svc reassign L --to 人员 --reason 原因（D15）",
          "reassign with svc reassign L --to ENG --reason WHY (D15)",
        ),
      });
  }
  // 改约: the appointment moves only with a rescheduling from the old time to the new.
  if (before.appointment !== after.appointment) {
    const added = appendOnly(before.appointments, after.appointments).added.at(-1);
    if (
      !added ||
      added.to !== after.appointment ||
      (added.from ?? undefined) !== (before.appointment ?? undefined)
    )
      out.push({
        path: after.appointment === undefined ? [] : ["appointment"],
        value: `${String(before.appointment ?? "—")} → ${String(after.appointment ?? "—")}`,
        message: t(
          `责任书 ${id} 的预约时间被改动，没有改约记录`,
          `the appointment of letter ${id} changed without a rescheduling record`,
        ),
        hint: t(
          "改约用 svc appointment L --at 时间 --reason 原因（D15）",
          "reschedule with svc appointment L --at TIME --reason WHY (D15)",
        ),
      });
  }
  // A forgery marked is final.
  const fb = get(before, "completion", "forged");
  if (fb && !same(fb, get(after, "completion", "forged")))
    out.push({
      path: ["completion"],
      message: t(
        `责任书 ${id} 的伪造认定被改动或删除`,
        `the forgery mark on letter ${id} was altered or removed`,
      ),
    });
  // 作废: with its notice, in the same commit, while still 派工; final.
  if (before.cancelled && !same(before.cancelled, after.cancelled))
    out.push({
      path: [],
      message: t(
        `责任书 ${id} 的作废记录被改动或删除`,
        `the cancellation of letter ${id} was altered or removed`,
      ),
    });
  if (after.cancelled && !before.cancelled) {
    const notice = get(after, "cancelled", "notice");
    const withNotice = cx.changes.some(
      (c) => c.kind === "notice" && c.id === notice && c.after?.cancelled && !c.before?.cancelled,
    );
    if (before.status !== "派工" || !withNotice || notice !== after.notice)
      out.push({
        path: ["cancelled"],
        value: before.status,
        message:
          before.status !== "派工"
            ? t(
                `责任书 ${id} 在 ${String(before.status)} 状态下被作废：只有派工状态的责任书随通知单作废`,
                `letter ${id} was cancelled in state ${String(before.status)}: only a letter still 派工 is cancelled with its notice`,
              )
            : t(
                `责任书 ${id} 作废，但同一提交中没有作废其通知单`,
                `letter ${id} was cancelled without its notice being cancelled in the same commit`,
              ),
        hint: t(
          "作废用 svc notice cancel N --reason 原因（D15）",
          "cancel with svc notice cancel N --reason WHY (D15)",
        ),
      });
  }
  return out;
}

function noticeChecks(id: string, before: Rec, after: Rec, cx: CommitContext): Violation[] {
  const out: Violation[] = [];
  if (before.cancelled && !same(before.cancelled, after.cancelled))
    out.push({
      path: [],
      message: t(
        `通知单 ${id} 的作废记录被改动或删除`,
        `the cancellation of notice ${id} was altered or removed`,
      ),
    });
  if (after.cancelled && !before.cancelled && !can(cx, "gm", "supervisor"))
    out.push({
      path: ["cancelled"],
      message: t(
        `${cx.actor?.id ?? cx.commit.email} 作废了通知单 ${id}：只有总经理或主管可以`,
        `${cx.actor?.id ?? cx.commit.email} cancelled notice ${id}: only the GM or the supervisor may`,
      ),
    });
  // Before signature: its requester or the supervisor edits it (svc notice edit).
  if (!before.signature && !same(content(before), content(after))) {
    const requester = get(before, "issued", "by");
    if (cx.actor && cx.actor.id !== requester && !can(cx, "supervisor"))
      out.push({
        path: [],
        message: t(
          `${cx.actor.id} 修改了未签字的通知单 ${id}：只有其下达人 ${String(requester)} 或主管可以`,
          `${cx.actor.id} edited the unsigned notice ${id}: only its requester ${String(requester)} or the supervisor may`,
        ),
      });
    if (!same(before.issued, after.issued))
      out.push({
        path: ["issued"],
        message: t(
          `通知单 ${id} 的下达人或出单时间被改动`,
          `the requester or issue time of notice ${id} was changed`,
        ),
      });
  }
  return out;
}

export const correction: ChangeRule = {
  id: "history-correction",
  domain: "D15",
  forbids: [
    "不经更正步骤的更正：无改派记录改服务人员、无改约记录改预约时间、改动或删除改派/改约/伪造认定/作废记录、派工以外状态或不连同通知单作废责任书、非总经理/主管作废通知单、下达人与主管以外的人修改未签字的通知单",
    "a correction without its step: the engineer changed without a reassignment, the appointment without a rescheduling, reassignments/reschedulings/forgery marks/cancellations altered or removed, a letter cancelled other than in 派工 with its notice, a notice cancelled by other than the GM or supervisor, an unsigned notice edited by other than its requester or the supervisor",
  ],
  kinds: ["letter", "notice"],
  check({ kind, id, before, after }, cx) {
    if (!before || !after) return [];
    return kind === "letter" ? letterChecks(id, before, after, cx) : noticeChecks(id, before, after, cx);
  },
};
