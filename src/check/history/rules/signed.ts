// What is final once signed: a notice's signature and content, a letter's approval and confirmation,
// the customer's ratings and signature (set in the close step only), signed sheets, amendments and
// GM decisions (DOMAIN §2.1–2.2, §3, D11, D15).
import { t } from "../../../core/i18n.ts";
import { DONE_STATES } from "../../../domain/workflow.ts";
import type { Kind } from "../../../schemas/kinds.ts";
import { type ChangeRule, can, type Rec, same, type Violation } from "../rule.ts";
import { coveredByAmendments } from "./corrections.ts";

const DONE: ReadonlySet<string> = new Set(DONE_STATES);

/** What happened to a closed letter's ratings and customer signature between two versions. */
function closeChange(before: Rec | undefined, after: Rec | undefined) {
  const cb = before?.completion as Rec | undefined;
  const ca = after?.completion as Rec | undefined;
  if (!cb || !after) return undefined;
  const pick = (c: Rec | undefined) => ({
    ratings: c?.ratings,
    signature: c?.signature,
    unsigned: c?.unsigned,
  });
  if (ca && same(pick(cb), pick(ca))) return undefined;
  const what =
    !ca || (cb.signature && !ca.signature) ? "removed" : same(cb.ratings, ca.ratings) ? "changed" : "rated";
  return { what, value: { before: pick(cb), after: pick(ca) }, path: ca ? ["completion"] : [] };
}

const FINAL_HINT = () =>
  t(
    "客户评价与签字只在完工时录入，之后不得修改",
    "ratings and signature are entered when closing and never changed",
  );

function noticeSignature(before: Rec | undefined, after: Rec | undefined) {
  const sb = before?.signature;
  const sa = after?.signature;
  return after && sb && !same(sb, sa) ? (sa ? "changed" : "removed") : undefined;
}

export const signatureRemoved: ChangeRule = {
  id: "history-signature-removed",
  domain: "§2.1, §2.2",
  forbids: [
    "删除通知单的签字、责任书的批准或确认、客户的签字",
    "removing a notice's signature, a letter's approval or confirmation, or the customer's signature",
  ],
  kinds: ["notice", "letter"],
  check({ kind, id, before, after }) {
    const out: Violation[] = [];
    if (kind === "notice" && noticeSignature(before, after) === "removed")
      out.push({
        path: [],
        message: t(`通知单 ${id} 的签字被删除`, `the signature of notice ${id} was removed`),
        hint: t("签字生效后不得改动；作废用 cancelled", "a signature is final; cancel the notice instead"),
      });
    if (kind !== "letter" || !after) return out;
    for (const [field, what] of [
      ["approval", t("批准出差计划", "approving the travel plan")],
      ["confirmation", t("确认责任书", "confirming the letter")],
    ] as const)
      if (before?.[field] && !after[field])
        out.push({
          path: [],
          message: t(`责任书 ${id} 的${what}被删除`, `${what} of letter ${id} was removed`),
        });
    const cc = closeChange(before, after);
    if (cc?.what === "removed")
      out.push({
        path: cc.path,
        message: t(`责任书 ${id} 的客户签字被删除`, `the customer's signature on letter ${id} was removed`),
        hint: FINAL_HINT(),
        value: cc.value,
      });
    return out;
  },
};

export const signatureChanged: ChangeRule = {
  id: "history-signature-changed",
  domain: "§2.1, §2.2",
  forbids: ["改动通知单的签字或客户的签字", "altering a notice's signature or the customer's signature"],
  kinds: ["notice", "letter"],
  check({ kind, id, before, after }) {
    if (kind === "notice" && noticeSignature(before, after) === "changed")
      return [
        {
          path: ["signature"],
          message: t(
            `通知单 ${id} 的签字在签署后被改动`,
            `the signature of notice ${id} was changed after signing`,
          ),
          hint: t("签字生效后不得改动；作废用 cancelled", "a signature is final; cancel the notice instead"),
        },
      ];
    const cc = kind === "letter" ? closeChange(before, after) : undefined;
    if (cc?.what !== "changed") return [];
    return [
      {
        path: ["completion", "signature"],
        message: t(
          `责任书 ${id} 的客户签字在完工后被改动`,
          `the customer's signature on letter ${id} was changed after closing`,
        ),
        hint: FINAL_HINT(),
        value: cc.value,
      },
    ];
  },
};

export const ratingEdited: ChangeRule = {
  id: "history-rating-edited",
  domain: "§2.2, D15",
  forbids: [
    "完工后修改客户评价（除非主管在同一提交中写入附有客户重签表格的更正记录：svc ratings correct）",
    "editing the customer's ratings after the close step (except by the supervisor's amendment with the customer's re-signed form attached, in the same commit: svc ratings correct)",
  ],
  kinds: ["letter"],
  check({ id, before, after }, cx) {
    const cc = closeChange(before, after);
    if (cc?.what !== "rated") return [];
    // D15: the customer's re-signed form, entered by the supervisor as an amendment.
    const ams = before && after ? coveredByAmendments(cx, id, before, after) : undefined;
    if (
      ams &&
      can(cx, "supervisor") &&
      ams.every((a) => Array.isArray(a.attachments) && a.attachments.length)
    )
      return [];
    return [
      {
        path: ["completion", "ratings"],
        message: t(
          `责任书 ${id} 的客户评价在完工后被修改`,
          `the customer's ratings of letter ${id} were edited after closing`,
        ),
        hint: FINAL_HINT(),
        value: cc.value,
      },
    ];
  },
};

export const ratingOutsideClose: ChangeRule = {
  id: "history-rating-outside-close",
  domain: "§2.2",
  forbids: [
    "在完工步骤（进入完工）之外录入客户评价与签字",
    "entering ratings and the customer's signature other than in the close step (the change into 完工)",
  ],
  kinds: ["letter"],
  check({ id, before, after }) {
    if (!after?.completion || before?.completion) return [];
    const from = before?.status as string | undefined;
    const to = after.status as string;
    if (DONE.has(to) && !(from && DONE.has(from))) return [];
    return [
      {
        path: ["completion"],
        message: t(
          `责任书 ${id} 的客户评价/签字不是在完工时录入的`,
          `ratings/signature of letter ${id} were not entered in the close step`,
        ),
        value: to,
      },
    ];
  },
};

/** Records final once written or signed, and what may still change on them. */
function finalEdit(kind: Kind, before: Rec | undefined, after: Rec | undefined): boolean {
  if (!before || !after || same(before, after)) return false;
  switch (kind) {
    case "notice": {
      // A signed notice may still be cancelled; a changed signature is history-signature-changed.
      if (!before.signature || !same(before.signature, after.signature)) return false;
      const { cancelled: _b, ...b } = before;
      const { cancelled: _a, ...a } = after;
      return !same(a, b);
    }
    case "assessment":
    case "payroll":
      return Boolean(before.signature);
    case "amendment":
    case "decision":
      return true;
    default:
      return false;
  }
}

export const immutable: ChangeRule = {
  id: "history-immutable",
  domain: "§2.1, D11, D15",
  forbids: [
    "修改已签字的通知单（除非主管或总经理在同一提交中写入更正记录：svc notice correct）、已签字的考核表或工资表、更正记录、总经理决定",
    "editing a signed notice (except by the supervisor's or GM's amendment in the same commit: svc notice correct), a signed assessment or payroll, an amendment or a GM decision",
  ],
  kinds: ["notice", "assessment", "payroll", "amendment", "decision"],
  check({ kind, id, before, after }, cx) {
    if (!finalEdit(kind, before, after)) return [];
    // D15: a signed notice corrected by the supervisor or the GM with an amendment in the same commit.
    if (
      kind === "notice" &&
      before &&
      after &&
      can(cx, "supervisor", "gm") &&
      coveredByAmendments(cx, id, before, after)
    )
      return [];
    const [message, hint] =
      kind === "notice"
        ? [
            t(`通知单 ${id} 签字生效后内容被修改`, `notice ${id} was edited after it was signed`),
            t(
              "签字后的通知单不得修改；作废后重新开单",
              "a signed notice is final; cancel it and open a new one",
            ),
          ]
        : kind === "assessment" || kind === "payroll"
          ? [
              t(`已签字的${id} 被修改`, `signed ${id} was edited`),
              t(
                "已签字的考核表与工资表只能用更正记录（amendment）更正",
                "a signed assessment or payroll is corrected only by an amendment",
              ),
            ]
          : [
              t(`${id} 写成后不得修改`, `${id} may not be edited once written`),
              t("再写一条更正记录", "write another amendment"),
            ];
    return [{ path: firstDifference(before, after), message, hint }];
  },
};

/** The path of the first value that differs between two versions (for locating a finding). */
export function firstDifference(a: unknown, b: unknown, path: (string | number)[] = []): (string | number)[] {
  if (same(a, b)) return path;
  if (a && b && typeof a === "object" && typeof b === "object") {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      const x = (a as Record<string, unknown>)[k];
      const y = (b as Record<string, unknown>)[k];
      if (!same(x, y)) {
        if (y === undefined) return path;
        const key = Array.isArray(b) ? Number(k) : k;
        return firstDifference(x, y, [...path, key]);
      }
    }
  }
  return path;
}
