// D11: a month whose assessment the GM has signed is closed.
import { t } from "../../../core/i18n.ts";
import { monthLocal } from "../../../core/time.ts";
import { type WeeklyDeadlineConfig, weeklyDeadline } from "../../../domain/calendar.ts";
import type { Kind } from "../../../schemas/kinds.ts";
import { arr, type ChangeRule, type CommitContext, get, type Rec, type RecordChange, same } from "../rule.ts";
import { amendmentsInCommit, coveredByAmendments } from "./corrections.ts";

/** The end of a report's on-time window (weeklyDeadline); NaN when its week is unreadable. */
function onTimeUntil(week: string, dl: WeeklyDeadlineConfig, tz: string): number {
  try {
    return Date.parse(weeklyDeadline(week, dl, tz).at);
  } catch {
    return Number.NaN; // the schema's to report; the report is judged as claiming to be on time
  }
}

/** The month (department time) whose money a record counts in (D11), or undefined. */
export function moneyMonth(kind: Kind, rec: Rec | undefined, tz: string): string | undefined {
  if (!rec) return undefined;
  const str = (v: unknown) => (typeof v === "string" && v ? v : undefined);
  try {
    switch (kind) {
      case "letter": {
        const at = str(get(rec, "completion", "at"));
        return at ? monthLocal(at, tz) : undefined;
      }
      case "weekly":
      case "department-weekly":
        return str(rec.week)?.slice(0, 7);
      case "incident":
      case "exam":
      case "complaint":
        return str(rec.date)?.slice(0, 7);
      case "monthly":
      case "assessment":
      case "payroll":
        return str(rec.month);
      default:
        return undefined;
    }
  } catch {
    return undefined;
  }
}

/**
 * What of a record counts in which month's money (D11): [month, part] pairs. A letter's trip is paid
 * in the month of its return (§4, D10), not in the month of the completion: a return after the
 * completion's month was signed is ordinary work (found by attack on svc's own flow — closed 10-30,
 * October signed 11-02, back 11-03: `svc return` wrote it and this rule rejected it).
 */
export function moneyParts(kind: Kind, rec: Rec | undefined, tz: string): [string | undefined, unknown][] {
  const parts: [string | undefined, unknown][] = [[moneyMonth(kind, rec, tz), moneyView(kind, rec)]];
  if (kind === "letter") {
    const returned = get(rec, "travel", "returned");
    parts.push([typeof returned === "string" ? returned.slice(0, 7) : undefined, get(rec, "travel")]);
  }
  return parts;
}

/** The part of a record the assessment and pay of its month (moneyMonth) are computed from (D11). */
export function moneyView(kind: Kind, rec: Rec | undefined): unknown {
  if (!rec) return undefined;
  const pick = (...keys: string[]) => Object.fromEntries(keys.map((k) => [k, rec[k]]));
  switch (kind) {
    case "letter":
      return pick("engineer", "notice", "unplanned", "estimate", "delays", "completion", "assigned");
    case "incident":
      return pick("class", "engineer", "date", "letter");
    case "complaint":
      return pick("person", "date", "letter");
    default:
      return rec;
  }
}

/**
 * The commit's amendments of the record say exactly how what the money counts changed: applied to the
 * old version they give the new one's money view (moneyView), or — a record added to or removed from a
 * closed month — one of them names the whole record ("/") as it is now. Other fields (a description, a
 * reflection) may change with it; a second money change the amendments do not name may not.
 * Found by attack: an amendment correcting one incident's class let the same commit move another
 * field the fines count (its date, its engineer) unremarked.
 */
function amendedExactly(ch: RecordChange, cx: CommitContext): boolean {
  const whole = amendmentsInCommit(cx, ch.id).some((am) =>
    arr(am.changes).some((c) => c.path === "/" && same(c.after, ch.after)),
  );
  if (whole) return true;
  const view = (r: Rec) => moneyParts(ch.kind, r, cx.tz).map(([, part]) => part);
  return Boolean(ch.before && ch.after && coveredByAmendments(cx, ch.id, ch.before, ch.after, view));
}

/**
 * Only what the month's money was computed from counts: confirming, following up or archiving a
 * letter, or writing an incident's reflection and notice, after the close is ordinary work. A new
 * weekly report in a closed month stays late; the assessment and payroll are guarded by their
 * signature (history-immutable), amendments and decisions by history-immutable too.
 */
export const closedMonth: ChangeRule = {
  id: "history-closed-month",
  domain: "D11",
  forbids: [
    "总经理签署某月考核表后，修改该月金额所依据的记录（完工的责任书、该月返回的出差、周报、事故、考试、投诉），而同一提交中没有写明这一改动的更正记录（更正记录未列出的金额相关改动同样拒绝）；签字后新交的该月周报写着签字前已提交",
    "changing what a signed month's money was computed from (letters completed in it, trips that returned in it, its weekly reports, incidents, exams, complaints) other than exactly as an amendment in the same commit says (a money-relevant change the amendment does not name is refused too); a weekly report of a signed month that arrives after the signature saying it was submitted before it",
  ],
  kinds: [
    "letter",
    "weekly",
    "department-weekly",
    "monthly",
    "incident",
    "exam",
    "complaint",
    "person",
    "customer",
    "product",
    "notice",
  ],
  check(ch, cx) {
    const { kind, before, after } = ch;
    const was = moneyParts(kind, before, cx.tz);
    const now = moneyParts(kind, after, cx.tz);
    // the months whose money a changed part counts in, before or after the change
    const months = was.flatMap(([m, part], i) => (same(part, now[i][1]) ? [] : [m, now[i][0]]));
    if (!months.length) return [];
    if ((kind === "weekly" || kind === "department-weekly") && !before && after && !after.backdated) {
      // A new report stays late — unless it says it was in on time, before the month was signed, which
      // the history shows it was not (found by attack: a clock set back wrote an on-time report into a
      // signed month, and only history-date-order warned). One already late when written (an honest
      // offline commit synced after the signature) changes no money: a missing report is a late one.
      const month = moneyMonth(kind, after, cx.tz);
      const signed = month ? cx.signedAt?.get(month) : undefined;
      const submitted = typeof after.submitted === "string" ? Date.parse(after.submitted) : Number.NaN;
      if (!signed || !(submitted < Date.parse(signed))) return [];
      const dl = cx.weeklyDeadlines?.[kind];
      if (dl && typeof after.week === "string" && submitted > onTimeUntil(after.week, dl, cx.tz)) return [];
      return [
        {
          side: "after",
          path: ["submitted"],
          message: t(
            `${month} 的考核表已于 ${signed} 签字，新交的周报 ${ch.id} 却写着 ${String(after.submitted)} 已提交`,
            `${month} was signed at ${signed}, yet the new weekly report ${ch.id} says it was submitted at ${String(after.submitted)}`,
          ),
          hint: t(
            "周报在签字之后才进入记录：按实际提交时间交（本机时钟是否有误？），纸质周报用 --at 补录并写明原因",
            "the report entered the records after the signature: submit it at the real time (is this machine's clock wrong?), or transcribe a paper report with --at and a reason",
          ),
          value: after.submitted,
        },
      ];
    }
    if (amendedExactly(ch, cx)) return [];
    for (const m of new Set(months))
      if (m && cx.signedMonths.has(m))
        return [
          {
            side: after ? "after" : "before",
            message: t(
              `${m} 的考核表已签字，该月的记录 ${ch.id} 只能通过更正记录修改`,
              `${m} is closed (its assessment is signed); ${ch.id} may change only through an amendment`,
            ),
            hint: t(
              "由 svc 的命令连同更正记录（谁、何时、为何）一起写：补登用 --amend-reason（svc weekly、incident、exam、complaint），客户评价用 svc ratings correct，签字造假用 svc forged",
              "let svc's command write it with its amendment (who, when, why): --amend-reason for a late entry (svc weekly, incident, exam, complaint), svc ratings correct for the customer's ratings, svc forged for a forged signature",
            ),
            value: m,
          },
        ];
    return [];
  },
};
