// What a letter keeps once written (DOMAIN §2.2, D3, D15, D18): the terms of the work order — its notice, the
// assignment, the estimate (an extension moves it only through an approved delay), the travel plan —
// and every step recorded, each changed only by the step that owns it. The stamps say who did a step
// (history-stamp, history-role); this rule says the step's content stays as it was done: a service log
// entry is not rewritten by the next person, an approved delay's reason is not changed afterwards, the
// trip's return date is not moved once recorded (the travel allowance counts its days, §4).
// Found by attack: an engineer moved his own estimate a week later (D3's on-time), rewrote a colleague's
// log entry, and lengthened an approved trip by hand; each passed `svc check --history`.
import { t } from "../../../core/i18n.ts";
import type { LetterAction } from "../../../domain/workflow.ts";
import { arr, type ChangeRule, get, type Rec, same, type Violation } from "../rule.ts";
import { appendOnly, coveredByAmendments } from "./corrections.ts";
import { newSteps } from "./role.ts";
import { firstDifference } from "./signed.ts";
import { FINE_TIMES } from "./times.ts";

type Path = readonly (string | number)[];

const without = (v: unknown, keys: readonly string[]) =>
  v && typeof v === "object" && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v).filter(([k]) => !keys.includes(k)))
    : v;

/**
 * `after` is `before` as it was, a later step's keys (`later`) aside — those the step adds once, and
 * keeps: one already in `before` stays as it is.
 */
function keeps(before: unknown, after: unknown, later: readonly string[]): boolean {
  if (!same(without(before, later), without(after, later))) return false;
  return later.every((k) => get(before, k) === undefined || same(get(before, k), get(after, k)));
}

/** A value the letter keeps from when it is first written. */
interface Kept {
  path: Path;
  what: [zh: string, en: string];
  /** Keys a later step adds to it (judged by that step's own rules), compared without them. */
  later?: readonly string[];
  /** Steps that may change it (the step recorded in the same change). */
  by?: readonly LetterAction[];
  /** Fixed from when the letter is written (else: from when the value is first set). */
  fromCreation?: true;
  /** Fixed from when this other step is recorded (the supervisor's approval of the plan). */
  fromStep?: Path;
  hint?: [zh: string, en: string];
}

const TRAVEL_PLAN = ["advance", "departed", "returned"] as const;

const KEPT_LIST: readonly Kept[] = [
  { path: ["notice"], what: ["通知单编号", "the notice it serves"], fromCreation: true },
  { path: ["assigned"], what: ["派工记录", "the assignment"], fromCreation: true },
  {
    path: ["estimate"],
    what: ["预计完成时间", "the estimated completion time"],
    fromCreation: true,
    hint: [
      "预计完成时间只随批准的延期改变：svc delay L --until 时间，再由主管 svc delay approve L（D3）",
      "the estimate moves only by an approved extension: svc delay L --until TIME, then the supervisor's svc delay approve L (D3)",
    ],
  },
  {
    path: ["unplanned"],
    what: ["现场意外工作的内容", "the unplanned work's content"],
    later: ["countersign"],
    fromCreation: true,
  },
  {
    path: ["travel"],
    what: ["出差计划（目的地、天数）", "the travel plan (destination, days)"],
    later: TRAVEL_PLAN,
    by: ["remote", "on-site"],
    fromCreation: true,
    hint: [
      "出差计划只在派工时给出，或由主管改为远程处理 / 转为现场服务（svc remote L [--on-site]）",
      "the travel plan is given at assignment, or by the supervisor's svc remote L [--on-site]",
    ],
  },
  {
    path: ["preparation"],
    what: ["解决方案准备", "the solution preparation"],
    fromStep: ["approval"],
    hint: [
      "解决方案在主管批准前准备（svc solution）；批准后的补充记入服务记录（svc log L …）",
      "the solution is prepared before the supervisor approves it (svc solution); what comes after goes in the log (svc log L …)",
    ],
  },
  // a second advance replaces the first (svc approve --advance: the supervisor, history-role)
  { path: ["travel", "advance"], what: ["预支出差款", "the travel advance"], by: ["advance", "remote"] },
  { path: ["travel", "departed"], what: ["出发日期", "the departure date"], by: ["remote"] },
  { path: ["travel", "returned"], what: ["返回日期", "the return date"], by: ["remote"] },
  { path: ["site"], what: ["现场情况确认", "the site confirmation"] },
  { path: ["ack"], what: ["首次响应记录", "the first response"] },
  { path: ["arrival"], what: ["到场记录", "the arrival"] },
  { path: ["remote"], what: ["远程处理决定", "the decision to work remotely"], later: ["onSite"] },
  { path: ["remote", "onSite"], what: ["转为现场服务", "sending the engineer on site"] },
  {
    path: ["completion"],
    what: ["完工记录", "the completion"],
    // the customer's ratings and signature: history-signature-*, history-rating-*; the forged mark: history-correction
    later: ["ratings", "signature", "unsigned", "confirmation", "forged"],
  },
  { path: ["return"], what: ["返回确认", "the return"] },
  { path: ["followup"], what: ["回访记录", "the follow-up"] },
  { path: ["archive"], what: ["结案记录", "the archive"] },
];

/** A step's time that decides a fine is history-time-moved's (FINE_TIMES): not judged here twice. */
const KEPT: readonly Kept[] = KEPT_LIST.map((k) => {
  const timed = FINE_TIMES.some((f) => f.kind === "letter" && same(f.path, [...k.path, "at"]));
  return timed ? { ...k, later: [...(k.later ?? []), "at"] } : k;
});

/** Steps kept as lists: what each entry holds once written, besides what a later step adds to it. */
const LISTS: readonly { field: string; what: [zh: string, en: string]; later: readonly string[] }[] = [
  { field: "log", what: ["服务记录", "service log entry"], later: [] },
  { field: "delays", what: ["延期记录", "delay"], later: ["approval"] },
  { field: "changes", what: ["客户更改要求", "customer change request"], later: ["gmApproval"] },
];

function keptViolation(id: string, k: Kept, before: unknown, after: unknown): Violation {
  const [zh, en] = k.what;
  const removed = after === undefined;
  // located at the first key that differs (the trip's days, not the trip)
  const at = removed ? [] : firstDifference(without(before, k.later ?? []), without(after, k.later ?? []));
  return {
    path: [...k.path, ...at],
    ...(removed ? { side: "before" as const } : {}),
    value: removed ? before : after,
    message: removed
      ? t(`责任书 ${id} 的${zh}被删除`, `${en} of letter ${id} was removed`)
      : t(`责任书 ${id} 的${zh}在录入后被改动`, `${en} of letter ${id} was changed after it was recorded`),
    hint: k.hint
      ? t(k.hint[0], k.hint[1])
      : t(
          "已录入的步骤不得修改；更正用其更正步骤（D15），或在同一提交中写入更正记录",
          "a recorded step is not edited; correct it by its correction step (D15) or with an amendment in the same commit",
        ),
  };
}

function listViolations(id: string, before: Rec, after: Rec): Violation[] {
  const out: Violation[] = [];
  for (const { field, what, later } of LISTS) {
    const b = arr(before[field]);
    const a = arr(after[field]);
    for (const [i, entry] of b.entries()) {
      const now = a[i];
      if (now === undefined) {
        out.push({
          path: [field, i],
          side: "before",
          value: entry,
          message: t(
            `责任书 ${id} 的${what[0]}第 ${i + 1} 条被删除`,
            `${what[1]} ${i + 1} of letter ${id} was removed`,
          ),
          hint: t(
            "服务记录、延期与更改要求只增不删",
            "log entries, delays and change requests are only added",
          ),
        });
        break;
      }
      if (!keeps(entry, now, later))
        out.push({
          path: [field, i],
          value: now,
          message: t(
            `责任书 ${id} 的${what[0]}第 ${i + 1} 条在录入后被改动`,
            `${what[1]} ${i + 1} of letter ${id} was changed after it was recorded`,
          ),
          hint: t(
            "已录入的记录不得修改；补充说明再记一条（svc log L …）",
            "an entry once recorded stays; add a new entry instead (svc log L …)",
          ),
        });
    }
  }
  return out;
}

/**
 * D18 the 回访 survey: its tries only added; once done (reached, or 3 tries) its answers stay as the
 * caller recorded them — the supervisor's decision on the signature is added later, once. Found by
 * attack: the engineer turned a 差 he was given into 优 after the call, and the quality figures and the
 * supervisor's assessment line counted the 优.
 */
function surveyViolations(id: string, before: Rec, after: Rec): Violation[] {
  const b = get(before, "survey") as Rec | undefined;
  if (!b) return [];
  const a = get(after, "survey") as Rec | undefined;
  const done = b.reached === true || arr(b.attempts).length >= 3;
  const at = (path: Path, value: unknown, zh: string, en: string): Violation[] => [
    {
      path: [...path],
      ...(a === undefined ? { side: "before" as const } : {}),
      value,
      message: t(`责任书 ${id} 的${zh}`, `letter ${id}: ${en}`),
      hint: t(
        "回访只记一次（未联系到的每次联系另记）；主管的认定用 svc survey L --decide",
        "a survey is recorded once (each failed try added); the supervisor's decision is svc survey L --decide",
      ),
    },
  ];
  if (a === undefined) return at(["survey"], b, "回访记录被删除", "the survey was removed");
  if (!appendOnly(b.attempts, a.attempts).ok)
    return at(
      ["survey", "attempts"],
      a.attempts,
      "回访联系记录在录入后被改动",
      "the survey's tries were changed",
    );
  if (done && !same(without(b, ["decision"]), without(a, ["decision"])))
    return at(
      ["survey", ...firstDifference(without(b, ["decision"]), without(a, ["decision"]))],
      a,
      "回访结果在录入后被改动",
      "the survey's answers were changed after they were recorded",
    );
  if (b.decision !== undefined && !same(b.decision, a.decision))
    return at(
      ["survey", "decision"],
      a.decision,
      "主管的认定在作出后被改动",
      "the supervisor's decision was changed",
    );
  return [];
}

export const letterEdited: ChangeRule = {
  id: "history-letter-edited",
  domain: "§2.2, D3, D15, D18",
  forbids: [
    "责任书写成后改动其条款或已录入的步骤：通知单、派工、预计完成时间（只随批准的延期）、出差计划（只由主管改为远程或转为现场）、批准后的解决方案准备、出发与返回日期、现场确认、响应、到场、完工、返回、回访、结案记录；改动或删除已录入的服务记录、延期、更改要求、回访的联系记录、已完成回访的结果或主管对其的认定（同一提交中的更正记录除外）",
    "changing a letter's terms or a recorded step once written: its notice, assignment, estimate (moved only by an approved delay), travel plan (changed only by the supervisor's remote / on-site step), the solution preparation once approved, departure and return dates, the site confirmation, response, arrival, completion, return, follow-up, archive; altering or removing a recorded log entry, delay or change request, a survey's tries, a finished survey's answers or the supervisor's decision on it (an amendment in the same commit aside)",
  ],
  kinds: ["letter"],
  anyone: true,
  check({ id, before, after }, cx) {
    if (!before || !after) return [];
    if (coveredByAmendments(cx, id, before, after)) return [];
    const steps = new Set(newSteps(before, after).map((s) => s.action));
    const out: Violation[] = [];
    for (const k of KEPT) {
      const b = get(before, ...k.path);
      const a = get(after, ...k.path);
      if (b === undefined && !k.fromCreation) continue;
      if (k.fromStep && get(before, ...k.fromStep) === undefined) continue;
      if (same(without(b, k.later ?? []), without(a, k.later ?? []))) continue;
      if (k.by?.some((s) => steps.has(s))) continue;
      out.push(keptViolation(id, k, b, a));
    }
    return [...out, ...listViolations(id, before, after), ...surveyViolations(id, before, after)];
  },
};
