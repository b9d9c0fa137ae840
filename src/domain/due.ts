// `svc due`: what is due or overdue at a given moment, for one person or the whole department
// (DOMAIN §5): notices to sign, letters to prepare / approve / confirm, missing check-ins while
// travelling, weekly reports, incident reflections and notices, last month's assessment and monthly
// report — with deadlines on the working-day calendar. Pure: "now", the config and the calendar are
// parameters; the result is a list of items, each naming who must act.
import { t } from "../core/i18n.ts";
import { addDays, addMonths, dateLocal, isAfter, monthLocal, saturdayOf } from "../core/time.ts";
import type {
  Assessment,
  Config,
  DepartmentWeekly,
  Incident,
  Letter,
  Monthly,
  Notice,
  Person,
  Weekly,
} from "../schemas/index.ts";
import {
  type Calendar,
  type Deadline,
  deadlineAfterWorkdays,
  endOfLocalDay,
  monthlyDocumentDeadline,
  weeklyDeadline,
} from "./calendar.ts";
import { effectiveEstimate } from "./figures.ts";
import { incidentNoticeDeadline } from "./incidents.ts";

export type DueKind =
  | "sign-notice"
  | "assign"
  | "site"
  | "solution"
  | "approve"
  | "extension"
  | "change"
  | "overdue-service"
  | "checkin"
  | "return"
  | "confirm"
  | "countersign"
  | "weekly"
  | "department-weekly"
  | "reflection"
  | "incident-notice"
  | "assessment"
  | "assessment-sign"
  | "monthly-report"
  /** D21: a notice for equipment completed within the repeat-fault window (src/domain/equipment.ts). */
  | "repeat-fault"
  /** D22: an R&D work order waiting for R&D's lead or its requester (src/domain/rd.ts). */
  | "rd-order";

export interface DueItem {
  kind: DueKind;
  /** The record concerned (or the id the periodic record will get). */
  ref: string;
  /** Roster ids of the people who must act. */
  who: string[];
  what: string;
  /** ISO instant, department offset. */
  deadline?: string;
  overdue: boolean;
  /** Years without holiday data the deadline relied on. */
  uncertain?: number[];
}

export interface DueInput {
  /** ISO instant. */
  now: string;
  config: Pick<Config, "timezone" | "deadlines" | "since">;
  cal: Calendar;
  people: readonly Person[];
  notices: readonly Notice[];
  letters: readonly Letter[];
  weeklies: readonly Weekly[];
  departmentWeeklies: readonly DepartmentWeekly[];
  monthlies: readonly Monthly[];
  assessments: readonly Assessment[];
  incidents: readonly Incident[];
}

export interface DueResult {
  now: string;
  items: DueItem[];
  /** Calendar warnings (years without holiday data that deadlines relied on). */
  warnings: string[];
}

const OPEN = new Set(["派工", "在建", "延期"]);
const ON_SITE = new Set(["在建", "延期"]);

/** The estimate in force (D3) — the one computation shared with the reports and the assessment. */
export { effectiveEstimate };

export function computeDue(input: DueInput): DueResult {
  const { now, cal, config } = input;
  const tz = config.timezone;
  const today = dateLocal(now, tz);
  const active = input.people.filter((p) => p.active !== false);
  const withRole = (r: Person["roles"][number]) => active.filter((p) => p.roles.includes(r)).map((p) => p.id);
  const supervisors = withRole("supervisor");
  const gms = withRole("gm");
  const engineers = active.filter((p) => p.roles.includes("engineer"));
  const items: DueItem[] = [];
  const push = (item: Omit<DueItem, "overdue">, deadline?: Deadline, overdue?: boolean) => {
    items.push({
      ...item,
      ...(deadline ? { deadline: deadline.at } : {}),
      overdue: overdue ?? (deadline ? isAfter(now, deadline.at) : false),
      ...(deadline?.uncovered.length ? { uncertain: deadline.uncovered } : {}),
    });
  };
  const endOf = (date: string): Deadline => ({ at: endOfLocalDay(date, tz), date, uncovered: [] });
  // The records begin on svc.yaml `since` (D13), else with the first record: periodic documents (weekly reports, last
  // month's assessment and report) are not asked for periods before it — a department that starts
  // using svc on 1 November owes no October assessment.
  const since = config.since ?? recordsSince(input, tz) ?? today;

  // Notices to sign: the GM (the supervisor only when the GM is away — or when the roster has no GM),
  // then to assign. The request is reviewed — signed and assigned — within n working days of being
  // issued (DOMAIN §5, [003]: 两个工作日内完成评审).
  const signers = gms.length ? gms : supervisors;
  const assignedNotices = new Set(input.letters.map((l) => l.notice).filter(Boolean));
  const reviewDays = config.deadlines.supportReviewWorkdays;
  for (const n of input.notices) {
    if (n.cancelled || assignedNotices.has(n.id)) continue;
    const review = deadlineAfterWorkdays(cal, dateLocal(n.issued.at, tz), reviewDays, tz);
    if (n.signature) {
      push(
        {
          kind: "assign",
          ref: n.id,
          who: supervisors,
          what: t(
            `派工：按区域和产品专家选定服务人员（${n.type}，${n.priority}；下达后 ${reviewDays} 个工作日内；svc assign）`,
            `assign an engineer by region and product expertise (${n.type}, ${n.priority}; within ${reviewDays} working days of issue; svc assign)`,
          ),
        },
        review,
      );
      continue;
    }
    push(
      {
        kind: "sign-notice",
        ref: n.id,
        who: signers,
        what: t(
          `签署服务通知单（${n.type}，${n.priority}；下达后 ${reviewDays} 个工作日内审核派工）——总经理不在时由主管代签`,
          `sign the service notice (${n.type}, ${n.priority}; reviewed and assigned within ${reviewDays} working days of issue) — the supervisor signs when the GM is away`,
        ),
      },
      review,
    );
  }

  for (const l of input.letters) {
    const me = [l.engineer];
    if (l.status === "派工") {
      if (!l.site)
        push({
          kind: "site",
          ref: l.id,
          who: me,
          what: t(
            "联系客户，确认现场情况（svc site）",
            "contact the customer and confirm the site (svc site)",
          ),
        });
      if (!l.preparation.solution)
        push({
          kind: "solution",
          ref: l.id,
          who: me,
          what: t("准备解决方案", "prepare the solution"),
        });
      if (l.site && l.preparation.solution && !l.approval && !l.unplanned)
        push({
          kind: "approve",
          ref: l.id,
          who: supervisors,
          what: t("批准出差计划（svc approve）", "approve the travel plan (svc approve)"),
        });
    }
    // Extensions and change requests are decided while the work is open (the state machine allows
    // nothing else); on a finished letter they are history, not work.
    for (const d of OPEN.has(l.status) ? (l.delays ?? []) : [])
      if (!d.approval)
        push({
          kind: "extension",
          ref: l.id,
          who: supervisors,
          what: t(
            `审批延期申请（原因 ${d.reason}，延至 ${d.until}）`,
            `decide the extension (reason ${d.reason}, until ${d.until})`,
          ),
        });
    for (const c of OPEN.has(l.status) ? (l.changes ?? []) : [])
      if (!c.gmApproval)
        push({
          kind: "change",
          ref: l.id,
          who: c.customerConfirmation ? gms : me,
          what: c.customerConfirmation
            ? t("批准客户更改要求", "approve the customer's change request")
            : t(
                "取得客户对更改要求的书面确认",
                "get the customer's written confirmation of the change request",
              ),
        });
    if (OPEN.has(l.status)) {
      const est = effectiveEstimate(l);
      if (isAfter(now, est))
        push(
          {
            kind: "overdue-service",
            ref: l.id,
            who: me,
            what: t("已超过预计完成时间，尚未完工", "past the estimated completion time and not completed"),
          },
          { at: est, date: dateLocal(est, tz), uncovered: [] },
          true,
        );
    }
    // Check-ins every n days while travelling (DOMAIN §2.2, §5).
    if (ON_SITE.has(l.status) && l.travel?.departed && !l.travel.returned && !l.return) {
      const reports = l.log.filter((e) => e.type === "汇报").map((e) => dateLocal(e.at, tz));
      const last = [l.travel.departed, ...reports].sort().at(-1)!;
      const dueDay = addDays(last, config.deadlines.checkinDays);
      push(
        {
          kind: "checkin",
          ref: l.id,
          who: me,
          what: t(
            `出差期间每 ${config.deadlines.checkinDays} 天汇报服务状态（上次：${last}；svc checkin）`,
            `report the service status every ${config.deadlines.checkinDays} days while travelling (last: ${last}; svc checkin)`,
          ),
        },
        endOf(dueDay),
      );
    }
    if (l.status === "完工") {
      if (l.travel && !l.return)
        push({
          kind: "return",
          ref: l.id,
          who: me,
          what: t(
            "与公司确认完工和返程（svc return）",
            "confirm completion and the return with the company (svc return)",
          ),
        });
      else if (!l.confirmation)
        push({
          kind: "confirm",
          ref: l.id,
          who: supervisors,
          what: t(
            "确认已完工的责任书，交销售内勤（svc confirm）",
            "confirm the finished letter for the sales admin (svc confirm)",
          ),
        });
    }
    if (l.unplanned && !l.unplanned.countersign && l.completion)
      push({
        kind: "countersign",
        ref: l.id,
        who: supervisors,
        what: t("补签现场意外工作的责任书", "countersign the letter for unplanned work"),
      });
  }

  // Weekly reports: this week's and last week's (a missing report still counts as late, D4).
  const thisSat = saturdayOf(today);
  for (const sat of [addDays(thisSat, -7), thisSat]) {
    if (sat < since) continue;
    const ed = weeklyDeadline(sat, config.deadlines.engineerWeekly, tz);
    const weekStart = addDays(sat, -5);
    for (const e of engineers) {
      if (e.hired && e.hired > sat) continue;
      if (input.weeklies.some((w) => w.engineer === e.id && w.week === sat)) continue;
      const overdue = isAfter(now, ed.at);
      if (sat !== thisSat && !overdue) continue;
      push(
        {
          kind: "weekly",
          ref: `W-${sat.replaceAll("-", "")}-${e.id}`,
          who: [e.id],
          what: t(
            `${weekStart} 至 ${sat} 的工作周报（${e.name}周报${sat.slice(5)}.docx；svc weekly）`,
            `weekly report for ${weekStart} to ${sat} (${e.name}周报${sat.slice(5)}.docx; svc weekly)`,
          ),
        },
        ed,
      );
    }
    if (supervisors.length && !input.departmentWeeklies.some((w) => w.week === sat)) {
      const dd = weeklyDeadline(sat, config.deadlines.departmentWeekly, tz);
      if (sat === thisSat || isAfter(now, dd.at))
        push(
          {
            kind: "department-weekly",
            ref: `DW-${sat.replaceAll("-", "")}`,
            who: supervisors,
            what: t(
              `${weekStart} 至 ${sat} 的技术服务周报，报总经理（svc weekly --department）`,
              `the department weekly report for ${weekStart} to ${sat}, to the GM (svc weekly --department)`,
            ),
          },
          dd,
        );
    }
  }

  // Incidents: the engineer's reflection, then the supervisor's notice within n working days (D7).
  for (const inc of input.incidents) {
    if (!inc.reflection) {
      push({
        kind: "reflection",
        ref: inc.id,
        who: [inc.engineer],
        what: t(
          `提交 ${inc.class} 类事故（${inc.date}）的事故反思`,
          `write the reflection on the class ${inc.class} incident of ${inc.date}`,
        ),
      });
    } else if (!inc.notification) {
      push(
        {
          kind: "incident-notice",
          ref: inc.id,
          who: supervisors,
          what: t(
            `发出事故通报（反思后 ${config.deadlines.incidentNoticeWorkdays} 个工作日内）`,
            `send the incident notice (within ${config.deadlines.incidentNoticeWorkdays} working days of the reflection)`,
          ),
        },
        incidentNoticeDeadline(inc, cal, config),
      );
    }
  }

  // Last month's assessment and monthly report: within the first n working days of this month.
  const prev = addMonths(monthLocal(now, tz), -1);
  // Nothing is owed for a month before the department's first record.
  if (prev >= since.slice(0, 7)) {
    const assessment = input.assessments.find((a) => a.month === prev);
    if (!assessment)
      push(
        {
          kind: "assessment",
          ref: `A-${prev.replace("-", "")}`,
          who: supervisors,
          what: t(`编制 ${prev} 月度考核表（svc assess）`, `draw up the assessment of ${prev} (svc assess)`),
        },
        monthlyDocumentDeadline(cal, prev, config.deadlines.assessmentWorkdays, tz),
      );
    else if (!assessment.signature)
      push({
        kind: "assessment-sign",
        ref: assessment.id,
        who: gms,
        what: t(`签署 ${prev} 月度考核表，交财务`, `sign the assessment of ${prev} for finance`),
      });
    if (!input.monthlies.some((m) => m.month === prev))
      push(
        {
          kind: "monthly-report",
          ref: `M-${prev.replace("-", "")}`,
          who: supervisors,
          what: t(
            `发出 ${prev} 技术服务月度报表（svc monthly）`,
            `issue the monthly report of ${prev} (svc monthly)`,
          ),
        },
        monthlyDocumentDeadline(cal, prev, config.deadlines.monthlyReportWorkdays, tz),
      );
  }

  items.sort((a, b) => {
    if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
    if (a.deadline && b.deadline && a.deadline !== b.deadline)
      return new Date(a.deadline).getTime() - new Date(b.deadline).getTime();
    if (Boolean(a.deadline) !== Boolean(b.deadline)) return a.deadline ? -1 : 1;
    return a.ref.localeCompare(b.ref);
  });
  const uncovered = [...new Set(items.flatMap((i) => i.uncertain ?? []))];
  return { now, items, warnings: cal.warnings(uncovered) };
}

/** The local date of the department's first record (notice, letter, report, incident), if any. */
export function recordsSince(
  input: Pick<
    DueInput,
    "notices" | "letters" | "weeklies" | "departmentWeeklies" | "monthlies" | "assessments" | "incidents"
  >,
  tz: string,
): string | undefined {
  const dates = [
    ...input.notices.map((n) => dateLocal(n.issued.at, tz)),
    ...input.letters.map((l) => dateLocal(l.assigned.at, tz)),
    ...input.weeklies.map((w) => addDays(w.week, -5)),
    ...input.departmentWeeklies.map((w) => addDays(w.week, -5)),
    ...input.incidents.map((i) => i.date),
    ...input.monthlies.map((m) => `${m.month}-01`),
    ...input.assessments.map((a) => `${a.month}-01`),
  ];
  return dates.length ? dates.reduce((a, b) => (b < a ? b : a)) : undefined;
}

/** Only the items a person must act on. */
export function dueFor(result: DueResult, person: string): DueResult {
  return { ...result, items: result.items.filter((i) => i.who.includes(person)) };
}
