// `svc due`: what is due or overdue at a given moment, for one person or the whole department
// (DOMAIN §5): notices to sign, letters to prepare / approve / confirm, missing check-ins while
// travelling, weekly reports, incident reflections and notices, last month's assessment and monthly
// report — with deadlines on the working-day calendar. Pure: "now", the config and the calendar are
// parameters; the result is a list of items, each naming who must act.
import { addDays, addMonths, dateLocal, isAfter, monthLocal, saturdayOf, weekRange } from "../core/time.ts";
import { DEFAULTS } from "../schemas/defaults.ts";
import type {
  Assessment,
  Config,
  CustomerComplaint,
  DepartmentWeekly,
  Equipment,
  Incident,
  Letter,
  Monthly,
  Notice,
  Person,
  RdOrder,
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
import { engineerWeeklyFileName } from "./doc-names.ts";
import { repeatDueItems } from "./equipment.ts";
import { effectiveEstimate } from "./figures.ts";
import { incidentNoticeDeadline } from "./incidents.ts";
import { rdDueItems } from "./rd.ts";
import { type ClockName, clocksOf } from "./sla.ts";

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
  | "sla"
  | "survey"
  | "forged-mark"
  | "complaint-reply"
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
  /** What the item is about, as values (the same in every language; the command words it). */
  params: Record<string, string | number | boolean>;
  /** ISO instant, department offset. */
  deadline?: string;
  overdue: boolean;
  /** Years without holiday data the deadline relied on. */
  uncertain?: number[];
}

/** A step of which svc due reads only when it happened. */
type At = { at: string };
/**
 * What `svc due` reads of a letter — all it reads (the type keeps computeDue to it): `svc due` works
 * from the store's cached projection of these fields (`dueLetter`), not from whole letters with their
 * service logs (issue 18). A field computeDue needs must be added here AND copied by `dueLetter`.
 */
export type DueLetter = Pick<
  Letter,
  "id" | "notice" | "engineer" | "status" | "estimate" | "unplanned" | "delays" | "changes" | "cancelled"
> & {
  /** The survey's outcome only (not who, when, the ratings or the comment). */
  survey?: Pick<NonNullable<Letter["survey"]>, "reached" | "attempts" | "signedPersonally" | "decision">;
  assigned: At;
  site?: At;
  ack?: At;
  arrival?: At;
  approval?: At;
  return?: At;
  completion?: At;
  confirmation?: At;
  travel?: Pick<NonNullable<Letter["travel"]>, "departed" | "returned">;
  preparation: Pick<Letter["preparation"], "solution">;
  /** Only the status reports while travelling (汇报): the check-ins. */
  log: Pick<Letter["log"][number], "type" | "at">[];
};
/** What `svc due` reads of a notice (see DueLetter; copied by `dueNotice`). */
export type DueNotice = Pick<
  Notice,
  "id" | "customer" | "equipmentId" | "type" | "priority" | "issued" | "signature" | "cancelled"
>;
/**
 * What `svc due` reads of a weekly report (copied by `dueWeekly`); a whole report is one too, so its
 * other fields are allowed here — optional, so computeDue cannot count on them.
 */
export type DueWeekly = Pick<Weekly, "id" | "engineer" | "week"> & Partial<Weekly>;

/**
 * The projections `svc due` reads through the store's cache (Store.projected: keyed by each
 * function's own text, so each is self-contained — no helper it calls may change unseen). A key
 * absent from the record stays absent, so computeDue sees what it would see in the whole record.
 */
export function dueLetter(l: Letter): DueLetter {
  const out: Record<string, unknown> = {};
  for (const k of [
    "id",
    "notice",
    "engineer",
    "status",
    "estimate",
    "unplanned",
    "delays",
    "changes",
    "cancelled",
  ] as const)
    if (k in l) out[k] = l[k];
  if (l.survey) {
    const s: Record<string, unknown> = {};
    for (const k of ["reached", "attempts", "signedPersonally", "decision"] as const)
      if (k in l.survey) s[k] = l.survey[k];
    out.survey = s;
  }
  for (const k of [
    "assigned",
    "site",
    "ack",
    "arrival",
    "approval",
    "return",
    "completion",
    "confirmation",
  ] as const) {
    const step = l[k];
    if (step) out[k] = { at: step.at };
  }
  if (l.travel)
    out.travel = {
      ...("departed" in l.travel ? { departed: l.travel.departed } : {}),
      ...("returned" in l.travel ? { returned: l.travel.returned } : {}),
    };
  out.preparation = "solution" in l.preparation ? { solution: l.preparation.solution } : {};
  out.log = l.log.filter((e) => e.type === "汇报").map((e) => ({ type: e.type, at: e.at }));
  return out as DueLetter;
}

export function dueNotice(n: Notice): DueNotice {
  const out: Record<string, unknown> = {};
  for (const k of [
    "id",
    "customer",
    "equipmentId",
    "type",
    "priority",
    "issued",
    "signature",
    "cancelled",
  ] as const)
    if (k in n) out[k] = n[k];
  return out as DueNotice;
}

export function dueWeekly(w: Weekly): DueWeekly {
  return { id: w.id, engineer: w.engineer, week: w.week };
}

export interface DueInput {
  /** ISO instant. */
  now: string;
  config: Pick<Config, "timezone" | "deadlines" | "since"> &
    Partial<Pick<Config, "sla" | "workingHours" | "survey" | "equipment">>;
  cal: Calendar;
  people: readonly Person[];
  notices: readonly DueNotice[];
  letters: readonly DueLetter[];
  weeklies: readonly DueWeekly[];
  departmentWeeklies: readonly DepartmentWeekly[];
  monthlies: readonly Monthly[];
  assessments: readonly Assessment[];
  incidents: readonly Incident[];
  /** D19: customer complaints (the promised reply). */
  customerComplaints?: readonly CustomerComplaint[];
  /**
   * D21: the equipment register — given (even empty), the open repeat faults are items
   * (src/domain/equipment.ts repeatDueItems, window `config.equipment.repeatFaultDays`).
   */
  equipment?: readonly Pick<Equipment, "id" | "notices">[];
  /**
   * The letters the repeat faults are found among: every letter, cancelled ones too (`letters` are
   * those that count: not cancelled). Default `letters`.
   */
  allLetters?: readonly DueLetter[];
  /** D22: R&D work orders — given, those waiting for R&D's lead or the requester are items. */
  rdOrders?: readonly RdOrder[];
}

export interface DueResult {
  now: string;
  items: DueItem[];
  /** Years without holiday data that deadlines relied on (the command words the calendar's warning). */
  uncovered: number[];
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
  // n working days after a date, once per date (thousands of letters confirmed on a few hundred days)
  const afterWorkdays = new Map<string, Deadline>();
  const workdaysAfter = (date: string, n: number): Deadline => {
    const key = `${date}|${n}`;
    let d = afterWorkdays.get(key);
    if (!d) {
      d = deadlineAfterWorkdays(cal, date, n, tz);
      afterWorkdays.set(key, d);
    }
    return d;
  };
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
    const review = workdaysAfter(dateLocal(n.issued.at, tz), reviewDays);
    if (n.signature) {
      push(
        {
          kind: "assign",
          ref: n.id,
          who: supervisors,
          params: { type: n.type, priority: n.priority, workdays: reviewDays },
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
        params: { type: n.type, priority: n.priority, workdays: reviewDays },
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
          params: {},
        });
      if (!l.preparation.solution)
        push({
          kind: "solution",
          ref: l.id,
          who: me,
          params: {},
        });
      if (l.site && l.preparation.solution && !l.approval && !l.unplanned)
        push({
          kind: "approve",
          ref: l.id,
          who: supervisors,
          params: {},
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
          params: { reason: d.reason, until: d.until },
        });
    for (const c of OPEN.has(l.status) ? (l.changes ?? []) : [])
      if (!c.gmApproval)
        push({
          kind: "change",
          ref: l.id,
          who: c.customerConfirmation ? gms : me,
          params: { confirmed: Boolean(c.customerConfirmation) },
        });
    if (OPEN.has(l.status)) {
      const est = effectiveEstimate(l);
      if (isAfter(now, est))
        push(
          {
            kind: "overdue-service",
            ref: l.id,
            who: me,
            params: {},
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
          params: { days: config.deadlines.checkinDays, last },
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
          params: {},
        });
      else if (!l.confirmation)
        push({
          kind: "confirm",
          ref: l.id,
          who: supervisors,
          params: {},
        });
    }
    if (l.unplanned && !l.unplanned.countersign && l.completion)
      push({
        kind: "countersign",
        ref: l.id,
        who: supervisors,
        params: {},
      });
  }

  // Weekly reports: this week's and last week's (a missing report still counts as late, D4).
  const thisSat = saturdayOf(today);
  const lastSat = addDays(thisSat, -7);
  // the reports of these two weeks, by engineer (not an index of all 28,000: issue 18)
  const handed = new Set<string>();
  for (const w of input.weeklies)
    if (w.week === thisSat || w.week === lastSat) handed.add(`${w.engineer}|${w.week}`);
  for (const sat of [lastSat, thisSat]) {
    if (sat < since) continue;
    const ed = weeklyDeadline(sat, config.deadlines.engineerWeekly, tz);
    const week = weekRange(sat); // the same week the document is titled with (Monday–Sunday)
    for (const e of engineers) {
      if (e.hired && e.hired > sat) continue;
      if (handed.has(`${e.id}|${sat}`)) continue;
      const overdue = isAfter(now, ed.at);
      if (sat !== thisSat && !overdue) continue;
      push(
        {
          kind: "weekly",
          ref: `W-${sat.replaceAll("-", "")}-${e.id}`,
          who: [e.id],
          params: { from: week.from, to: week.to, file: engineerWeeklyFileName(e.name, sat) },
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
            params: { from: week.from, to: week.to },
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
        params: { class: inc.class, date: inc.date },
      });
    } else if (!inc.notification) {
      push(
        {
          kind: "incident-notice",
          ref: inc.id,
          who: supervisors,
          params: { workdays: config.deadlines.incidentNoticeWorkdays },
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
          params: { month: prev },
        },
        monthlyDocumentDeadline(cal, prev, config.deadlines.assessmentWorkdays, tz),
      );
    else if (!assessment.signature)
      push({
        kind: "assessment-sign",
        ref: assessment.id,
        who: gms,
        params: { month: prev },
      });
    if (!input.monthlies.some((m) => m.month === prev))
      push(
        {
          kind: "monthly-report",
          ref: `M-${prev.replace("-", "")}`,
          who: supervisors,
          params: { month: prev },
        },
        monthlyDocumentDeadline(cal, prev, config.deadlines.monthlyReportWorkdays, tz),
      );
  }

  // D18: the 回访 survey, due N working days after the confirmation (sales admin / customer service);
  // a customer who did not sign personally asks the supervisor to decide the forged mark.
  const surveyors = [...new Set([...withRole("sales-admin"), ...withRole("customer-service")])];
  const surveyDays = config.survey?.workdays ?? 5;
  for (const l of input.letters) {
    const s = l.survey;
    if (l.confirmation && (l.status === "已确认" || l.status === "回访")) {
      const done = s && (s.reached || s.attempts.length >= 3);
      if (!done)
        push(
          {
            kind: "survey",
            ref: l.id,
            who: surveyors.filter((p) => p !== l.engineer),
            params: { workdays: surveyDays, attempts: s?.attempts.length ?? 0 },
          },
          workdaysAfter(dateLocal(l.confirmation.at, tz), surveyDays),
        );
    }
    if (s?.signedPersonally === false && !s.decision)
      push({
        kind: "forged-mark",
        ref: l.id,
        who: supervisors,
        params: {},
      });
  }

  // D19: the reply promised to a complaining customer, on its owner.
  for (const c of input.customerComplaints ?? []) {
    if (c.reply || c.closed) continue;
    push(
      {
        kind: "complaint-reply",
        ref: c.id,
        who: [c.owner],
        params: { grade: c.grade },
      },
      { at: c.replyBy, date: dateLocal(c.replyBy, tz), uncovered: [] },
    );
  }

  // D17: the response-time clocks still running that are about to breach or have breached.
  if (config.sla && config.workingHours) {
    const s = { sla: config.sla, workingHours: config.workingHours, timezone: tz };
    const letterOf = new Map(input.letters.filter((l) => l.notice).map((l) => [l.notice as string, l]));
    const how: Record<ClockName, string> = {
      response: "svc ack / svc site",
      arrival: "svc arrive",
      resolution: "svc close",
    };
    for (const n of input.notices) {
      if (n.cancelled) continue;
      const l = letterOf.get(n.id);
      if (l?.completion || (l && !OPEN.has(l.status))) continue;
      for (const c of clocksOf(n, l, s, cal, now)) {
        if (c.at || (c.state !== "at-risk" && c.state !== "breached")) continue;
        push(
          {
            kind: "sla",
            ref: l?.id ?? n.id,
            who: l ? [l.engineer] : supervisors,
            params: {
              clock: c.clock,
              state: c.state,
              priority: n.priority,
              target: c.target,
              leftMs: c.leftMs,
              how: how[c.clock],
            },
          },
          { at: c.deadline, date: dateLocal(c.deadline, tz), uncovered: [] },
          c.state === "breached",
        );
      }
    }
  }

  // D21 and D22 carry no deadline: they are sorted in with the others (issue 18), not appended.
  if (input.equipment)
    items.push(
      ...repeatDueItems(
        input.notices,
        input.allLetters ?? input.letters,
        input.equipment,
        config.equipment?.repeatFaultDays ?? DEFAULTS.equipment.repeatFaultDays,
        supervisors,
      ),
    );
  if (input.rdOrders) items.push(...rdDueItems(input.rdOrders, withRole("rd"), today));
  // each deadline's instant once, not at every comparison
  const at = new Map<DueItem, number>();
  for (const i of items) if (i.deadline) at.set(i, Date.parse(i.deadline));
  items.sort((a, b) => compareDue(a, b, at));
  const uncovered = [...new Set(items.flatMap((i) => i.uncertain ?? []))];
  return { now, items, uncovered };
}

/**
 * The order of `svc due`'s items: the overdue first, then by deadline (those with one first), then by
 * record. `at`: the deadlines' instants where known.
 */
export function compareDue(a: DueItem, b: DueItem, at?: ReadonlyMap<DueItem, number>): number {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
  if (a.deadline && b.deadline && a.deadline !== b.deadline)
    return (at?.get(a) ?? Date.parse(a.deadline)) - (at?.get(b) ?? Date.parse(b.deadline));
  if (Boolean(a.deadline) !== Boolean(b.deadline)) return a.deadline ? -1 : 1;
  // Ids ([A-Z]+-digits-[0-9a-z]+) order alike by code point and by collation; code points need no
  // collator (the first localeCompare of a process loads ICU's: ~14 ms of every svc due).
  return a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0;
}

/** The local date of the department's first record (notice, letter, report, incident), if any. */
export function recordsSince(
  input: Pick<
    DueInput,
    "notices" | "letters" | "weeklies" | "departmentWeeklies" | "monthlies" | "assessments" | "incidents"
  >,
  tz: string,
): string | undefined {
  // The earliest week once, not a date computation per report (28,000 of them at 50k records: issue 18).
  let week: string | undefined;
  for (const w of input.weeklies) if (week === undefined || w.week < week) week = w.week;
  for (const w of input.departmentWeeklies) if (week === undefined || w.week < week) week = w.week;
  // The first instant of the notices and letters, then its local date once (a later instant never has
  // an earlier local date): not a date computation for each of 20,000 records (issue 18). Two times
  // written alike (YYYY-MM-DDTHH:mm:ss and the same offset) compare as text; others by their instant.
  let first: string | undefined;
  let firstMs = Number.NaN;
  const earliest = (at: string) => {
    if (first === undefined) {
      first = at;
      firstMs = Date.parse(at);
    } else if (
      at.length === 25 &&
      first.length === 25 &&
      at.charCodeAt(10) === 84 &&
      first.charCodeAt(10) === 84 &&
      at.endsWith(first.slice(19))
    ) {
      if (at < first) {
        first = at;
        firstMs = Number.NaN; // parsed when a time written otherwise comes
      }
    } else {
      if (Number.isNaN(firstMs)) firstMs = Date.parse(first);
      const ms = Date.parse(at);
      if (ms < firstMs) {
        first = at;
        firstMs = ms;
      }
    }
  };
  for (const n of input.notices) earliest(n.issued.at);
  for (const l of input.letters) earliest(l.assigned.at);
  const dates = [
    ...(first === undefined ? [] : [dateLocal(first, tz)]),
    ...(week === undefined ? [] : [weekRange(week).from]),
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
