// Incidents (事故, DOMAIN §2.5, D7), training exams (§2.6) and communication complaints (§2.8): the
// rules the commands apply and the views show. Pure: the calendar, config and "now" are parameters.
import { t } from "../core/i18n.ts";
import { dateLocal, isAfter } from "../core/time.ts";
import type { Config, Exam, Incident } from "../schemas/index.ts";
import { rangeText, SCORE } from "../schemas/limits.ts";
import { type Calendar, type Deadline, deadlineAfterWorkdays } from "./calendar.ts";

export type IncidentState = "待反思" | "待通报" | "已通报";

export const INCIDENT_STATES: readonly IncidentState[] = ["待反思", "待通报", "已通报"];

export function incidentState(inc: Incident): IncidentState {
  if (inc.notification) return "已通报";
  if (inc.reflection) return "待通报";
  return "待反思";
}

export function incidentStateLabel(s: IncidentState): string {
  switch (s) {
    case "待反思":
      return t("待反思", "awaiting reflection");
    case "待通报":
      return t("待通报", "awaiting notice");
    default:
      return t("已通报", "notified");
  }
}

/**
 * The 事故通报 deadline (D7): the end of the nth working day after the day the reflection was
 * submitted (department zone); undefined while there is no reflection.
 */
export function incidentNoticeDeadline(
  inc: Incident,
  cal: Calendar,
  config: Pick<Config, "deadlines" | "timezone">,
): Deadline | undefined {
  if (!inc.reflection) return undefined;
  const day = dateLocal(inc.reflection.at, config.timezone);
  return deadlineAfterWorkdays(cal, day, config.deadlines.incidentNoticeWorkdays, config.timezone);
}

export interface NoticeLateness {
  deadline: Deadline;
  /** The notice was sent after the deadline, or is still missing past it. */
  late: boolean;
  /** Sent (true) or still outstanding (false). */
  sent: boolean;
}

/** Lateness of the supervisor's incident notice at `now` (ISO); undefined before the reflection. */
export function incidentNoticeLateness(
  inc: Incident,
  cal: Calendar,
  config: Pick<Config, "deadlines" | "timezone">,
  now: string,
): NoticeLateness | undefined {
  const deadline = incidentNoticeDeadline(inc, cal, config);
  if (!deadline) return undefined;
  if (inc.notification) return { deadline, late: isAfter(inc.notification.at, deadline.at), sent: true };
  return { deadline, late: isAfter(now, deadline.at), sent: false };
}

// ------------------------------------------------------------------------------------------------ exams

export type ExamResult = Exam["results"][number];

const PASS = new Set(["pass", "passed", "p", "合格", "通过", "y", "yes"]);
const FAIL = new Set(["fail", "failed", "f", "不合格", "未通过", "n", "no"]);

/**
 * One `--result` value: `zhangsan=85:pass`, `zhangsan=40:fail`, `zhangsan=pass`, `zhangsan=85:合格`.
 * Returns the result or an error message (bilingual via t()).
 */
export function parseExamResult(input: string): ExamResult | string {
  const m =
    /^\s*([A-Za-z0-9][A-Za-z0-9_.-]*)\s*[=:：]\s*(?:(\d+(?:\.\d+)?)\s*[:：/]\s*)?([^\s:：]+)\s*$/.exec(input);
  const explain = t(
    `考核结果 "${input}" 无效：应写成 人员=分数:pass 或 人员=分数:fail（如 zhangsan=85:pass；分数可省略）`,
    `exam result "${input}" is invalid: write person=score:pass or person=score:fail (e.g. zhangsan=85:pass; the score may be left out)`,
  );
  if (!m) return explain;
  const [, person, scoreText, verdictText] = m;
  const verdict = verdictText.toLowerCase();
  if (!PASS.has(verdict) && !FAIL.has(verdict)) return explain;
  const result: ExamResult = { person, passed: PASS.has(verdict) };
  if (scoreText !== undefined) {
    const score = Number(scoreText);
    if (!(score >= SCORE.min && score <= SCORE.max))
      return t(
        `考核结果 "${input}"：分数应在 ${rangeText(SCORE)} 之间`,
        `exam result "${input}": the score must be ${rangeText(SCORE)}`,
      );
    result.score = score;
  }
  return result;
}

// ------------------------------------------------------------------------------------------------ complaints

/** The project named by a complaint subject "投诉-XX项目沟通问题", or undefined if it does not have that form. */
export function complaintProject(subject: string): string | undefined {
  const m = /^投诉[-－—]\s*(.+?)\s*项目沟通问题\s*$/.exec(subject.trim());
  return m ? m[1] : undefined;
}

/** What a month's communication complaints about one person mean under D20 (001 第十四条). */
export interface ComplaintMonth {
  /** The month's complaints about the person (counted under `since`), in date order. */
  inMonth: { id: string; date: string }[];
  /** Tier steps the month's base pay is lowered: ⌊complaints in the month / perLevel⌋. */
  levels: number;
  /** The date the first lowering was reached (the perLevel-th complaint of the month). */
  reached?: string;
  /** Complaints since `since` up to and including the month, and before the month. */
  total: number;
  before: number;
  /** Every permanentPerLevel complaints since `since`: the month that crosses a multiple raises a GM flag. */
  permanent: boolean;
  /** Every complaint counted so far (for the flag's references). */
  all: { id: string; date: string }[];
}

/**
 * D20: the communication-complaint rule — pure. `rule` is svc.yaml `complaints` of the month; when it
 * is not enabled nothing counts. Complaints dated before `since` (D13) never count.
 */
export function complaintMonth(
  complaints: { id: string; person: string; date: string }[],
  person: string,
  month: string,
  rule: { enabled: boolean; perLevel: number; permanentPerLevel: number },
  since?: string,
): ComplaintMonth {
  const none: ComplaintMonth = { inMonth: [], levels: 0, total: 0, before: 0, permanent: false, all: [] };
  if (!rule.enabled) return none;
  const mine = complaints
    .filter((c) => c.person === person && (!since || c.date >= since) && c.date.slice(0, 7) <= month)
    .map((c) => ({ id: c.id, date: c.date }))
    .sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
  const inMonth = mine.filter((c) => c.date.slice(0, 7) === month);
  const levels = rule.perLevel > 0 ? Math.floor(inMonth.length / rule.perLevel) : 0;
  const total = mine.length;
  const before = total - inMonth.length;
  const P = rule.permanentPerLevel;
  const permanent = P > 0 && Math.floor(total / P) > Math.floor(before / P);
  return {
    inMonth,
    levels,
    reached: levels > 0 ? inMonth[rule.perLevel - 1].date : undefined,
    total,
    before,
    permanent,
    all: mine,
  };
}
