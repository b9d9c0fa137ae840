// The figures of the reports, computed once (DOMAIN §2.3, §2.4, D2–D4): the engineer's week, the
// department's week and the month's four statistics. The .docx renderers and `--json` print these
// objects as they are, and the assessment reuses the same rules (isOverdue, effectiveEstimate,
// letterGrades, weeklyStatus, letterMissingSteps), so a number never differs between them.
//
// Pure: no disk, no git, no clock. "now" (where needed), the config and the records are parameters.
import dayjs from "dayjs";
import { atLocal, dateLocal, isAfter, isoLocal, weekRange } from "../core/time.ts";
import { GRADES, type Grade, MANDATORY_TOOLS } from "../schemas/enums.ts";
import type {
  Config,
  Customer,
  CustomerComplaint,
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
  deadlineAfterWorkdays,
  makeCalendar,
  monthlyDocumentDeadline,
  weeklyDeadline,
} from "./calendar.ts";
import { type ComplaintFigures, complaintFigures } from "./customer-complaints.ts";
import { effectiveEstimate } from "./estimate.ts";
import { counts, partialMonth } from "./since.ts";
import { type SlaFigures, slaFigures } from "./sla.ts";
import { type SurveyFigures, surveyFigures } from "./survey.ts";
import { holderAt } from "./workflow.ts";

/** What the month's figures read of a weekly report (the dashboard reads only this much of 28,000). */
export type WeekReport = Pick<Weekly, "id" | "engineer" | "week" | "submitted">;

export interface ReportData<W extends WeekReport = Weekly> {
  config: Config;
  people: Person[];
  letters: Letter[];
  notices: Notice[];
  customers: Customer[];
  weeklies: W[];
  departmentWeeklies: DepartmentWeekly[];
  monthlies?: Monthly[];
  incidents: Incident[];
  /** D19: customer complaints (absent: none). */
  customerComplaints?: CustomerComplaint[];
}

export const DIMENSIONS = [
  ["attitude", "态度"],
  ["skill", "水平"],
  ["result", "结果"],
] as const;
export type Dimension = (typeof DIMENSIONS)[number][1];
export type GradeCount = Record<Grade, number>;

const zeroGrades = (): GradeCount => ({ 优: 0, 良: 0, 中: 0, 差: 0 });
const sortById = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** A fraction rounded to 4 decimals, or null when there is nothing to divide (shown as —). */
export function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 10000) / 10000;
}

/** 83.3% / — : how every rate is printed in documents. */
export function pct(r: number | null): string {
  return r === null ? "—" : `${(Math.round(r * 1000) / 10).toFixed(1)}%`;
}

// ------------------------------------------------------------------ letters (D2, D3)

type CompletedLetter = Letter & { completion: NonNullable<Letter["completion"]> };

export function isCompleted(l: Letter): l is CompletedLetter {
  return Boolean(l.completion?.at);
}

/** D2: completed without the customer's signature, or the supervisor marked the signature forged. */
export function isUnsignedLetter(l: Letter): boolean {
  return Boolean(l.completion && (l.completion.unsigned === true || l.completion.forged));
}

export { effectiveEstimate };

/**
 * D3: completed after the (effective) estimate. An open letter is overdue when `now` is given and is
 * past the effective estimate (used for the open work of a week; the fine needs the completion).
 */
export function isOverdue(l: Letter, now?: string): boolean {
  const due = effectiveEstimate(l);
  if (l.completion?.at) return isAfter(l.completion.at, due);
  return now !== undefined && isAfter(now, due);
}

/** The letter's three grades as they count in the statistics: an unsigned letter counts as three 差 (D2). */
export function letterGrades(l: Letter): Record<Dimension, Grade> | null {
  if (!l.completion) return null;
  if (isUnsignedLetter(l)) return { 态度: "差", 水平: "差", 结果: "差" };
  const r = l.completion.ratings;
  if (!r) return null;
  return { 态度: r.attitude, 水平: r.skill, 结果: r.result };
}

/** The steps of the letter (DOMAIN §2.2) that are missing: empty = the document is complete. */
export function letterMissingSteps(l: Letter): string[] {
  const missing: string[] = [];
  const planned = !l.unplanned;
  if (planned && !l.site) missing.push("现场情况确认");
  if (l.site && !l.site.matches && !l.site.followUp) missing.push("与下达人的跟进");
  if (!l.preparation.solution) missing.push("解决方案");
  const tools = new Set(l.preparation.tools);
  if (MANDATORY_TOOLS.some((t) => !tools.has(t))) missing.push("必带工具");
  if (planned && !l.appointment) missing.push("预约");
  if (l.travel && !l.approval) missing.push("出差审批");
  if (!l.log.some((e) => e.type === "记录")) missing.push("服务记录");
  if (!l.completion) missing.push("完工");
  else {
    if (!l.completion.ratings) missing.push("客户评价");
    if (isUnsignedLetter(l) || !l.completion.signature) missing.push("客户签字");
  }
  if (l.travel && !l.return) missing.push("返回确认");
  if (l.unplanned && !l.unplanned.countersign) missing.push("返回后补签");
  if (!l.confirmation) missing.push("主管确认");
  return missing;
}

// ------------------------------------------------------------------ names and helpers

export interface Lookup {
  name(personId: string): string;
  customer(l: Letter): string;
  serviceType(l: Letter): string;
}

/** Built once per set of arrays (191 engineers' weeks each asked for one at 50k records: issue 18). */
const lookups = new WeakMap<readonly Notice[], { people: Person[]; customers: Customer[]; look: Lookup }>();

export function lookup(data: ReportData<WeekReport>): Lookup {
  const memo = lookups.get(data.notices);
  if (memo && memo.people === data.people && memo.customers === data.customers) return memo.look;
  const look = makeLookup(data);
  lookups.set(data.notices, { people: data.people, customers: data.customers, look });
  return look;
}

function makeLookup(data: ReportData<WeekReport>): Lookup {
  const people = new Map(data.people.map((p) => [p.id, p]));
  const customers = new Map(data.customers.map((c) => [c.id, c]));
  const notices = new Map(data.notices.map((n) => [n.id, n]));
  return {
    name: (id) => people.get(id)?.name ?? id,
    customer: (l) => {
      const cid = l.unplanned?.customer ?? (l.notice ? notices.get(l.notice)?.customer : undefined);
      return cid ? (customers.get(cid)?.name ?? cid) : "";
    },
    serviceType: (l) => (l.unplanned ? "现场意外" : ((l.notice && notices.get(l.notice)?.type) ?? "")),
  };
}

/** Engineers expected to write weekly reports in the week closed by `saturday`. */
export function engineersFor(people: Person[], saturday: string): Person[] {
  return people
    .filter((p) => p.roles.includes("engineer") && p.active !== false && (!p.hired || p.hired <= saturday))
    .sort(sortById);
}

function between(date: string, from: string, to: string): boolean {
  return date >= from && date <= to;
}

/** The week (Monday–Sunday) named by `saturday` (the Saturday of the week, as in the file name). */
export { weekRange } from "../core/time.ts";

/** The Saturdays of a month (YYYY-MM): the weeks whose reports count in it (D4). */
export function saturdaysOf(month: string): string[] {
  const out: string[] = [];
  let d = dayjs(`${month}-01`);
  while (d.day() !== 6) d = d.add(1, "day");
  for (; d.format("YYYY-MM") === month; d = d.add(7, "day")) out.push(d.format("YYYY-MM-DD"));
  return out;
}

/** Every dated step of a letter with who did it (for "letters worked this week"). */
function letterEvents(l: Letter): { at: string; by: string }[] {
  const ev: { at: string; by: string }[] = [];
  const push = (s?: { at: string; by: string }) => {
    if (s) ev.push({ at: s.at, by: s.by });
  };
  push(l.assigned);
  push(l.site);
  push(l.approval);
  for (const e of l.log) push(e);
  for (const d of l.delays ?? []) push(d);
  for (const c of l.changes ?? []) push(c);
  push(l.completion);
  push(l.return);
  push(l.confirmation);
  return ev;
}

// ------------------------------------------------------------------ weekly reports (D4)

export interface WeeklyStatus {
  engineer: string;
  saturday: string;
  /** The report's id when it exists. */
  id: string | null;
  submitted: string | null;
  deadline: string;
  /** Late after the deadline; a missing report counts as late (D4). */
  late: boolean;
  missing: boolean;
}

/** Weekly reports by engineer and Saturday (the first of each), built once per array (50k records: issue 7). */
type WeekOf = Pick<Weekly, "engineer" | "week">;
const weeklyIndexes = new WeakMap<readonly WeekOf[], Map<string, WeekOf>>();
function weeklyIndex<W extends WeekOf>(weeklies: readonly W[]): Map<string, W> {
  let index = weeklyIndexes.get(weeklies) as Map<string, W> | undefined;
  if (!index) {
    index = new Map();
    for (const w of weeklies) {
      const key = `${w.engineer}|${w.week}`;
      if (!index.has(key)) index.set(key, w);
    }
    weeklyIndexes.set(weeklies, index);
  }
  return index;
}

/** The engineer's stored weekly report of the week (the first of them), if any. */
export function weeklyOf<W extends WeekOf>(
  weeklies: readonly W[],
  engineer: string,
  saturday: string,
): W | undefined {
  return weeklyIndex(weeklies).get(`${engineer}|${saturday}`);
}

/** Whether the engineer's report for the week was in by the deadline (Saturday 18:00 by default). */
export function weeklyStatus(
  config: Config,
  weeklies: readonly WeekReport[],
  engineer: string,
  saturday: string,
): WeeklyStatus {
  const deadline = weeklyDeadline(saturday, config.deadlines.engineerWeekly, config.timezone).at;
  const w = weeklyIndex(weeklies).get(`${engineer}|${saturday}`);
  if (!w) return { engineer, saturday, id: null, submitted: null, deadline, late: true, missing: true };
  return {
    engineer,
    saturday,
    id: w.id,
    submitted: w.submitted,
    deadline,
    late: isAfter(w.submitted, deadline),
    missing: false,
  };
}

// ------------------------------------------------------------------ the engineer's week

export interface WeekLetter {
  id: string;
  customer: string;
  type: string;
  status: string;
  estimate: string;
  /** The engineer's steps of the letter dated in the week (with assignment and completion). */
  steps: number;
}

export interface WeekLog {
  at: string;
  letter: string;
  type: string;
  text: string;
}

export interface WeekCompletion {
  letter: string;
  customer: string;
  at: string;
  onTime: boolean;
  signed: boolean;
  /** As the statistics count them (D2: unsigned = three 差); null when no rating was given. */
  grades: Record<Dimension, Grade> | null;
}

export interface WeekTrip {
  letter: string;
  destination: string;
  departed: string | null;
  returned: string | null;
  days: number;
}

export interface WeekProblem {
  letter: string;
  /** 上报: when it was reported; 超期: the estimate that has passed. */
  at: string;
  kind: "上报" | "超期";
  text: string;
}

export interface EngineerWeek {
  engineer: string;
  name: string;
  region: string | null;
  week: { saturday: string; from: string; to: string };
  /** Letters the engineer worked on in the week (a step of theirs, assigned or completed). */
  letters: WeekLetter[];
  /** Service log entries the engineer wrote in the week. */
  log: WeekLog[];
  completions: WeekCompletion[];
  /** Grades received in the week (D2 counted), all three dimensions together. */
  ratings: GradeCount;
  trips: WeekTrip[];
  /** Status reports while travelling (log type 汇报) in the week. */
  checkins: number;
  /** Difficult problems reported in writing on letters still open at the week's end, and overdue open letters. */
  problems: WeekProblem[];
  report: {
    id: string;
    summary: string;
    plan: string | null;
    problems: string | null;
    submitted: string;
    by: string;
  } | null;
  deadline: string;
  late: boolean;
  /** D17 服务时限 of the engineer's letters completed in the week. */
  sla: SlaFigures;
}

/** The end of the week (Sunday 23:59:59 local) as an instant. */
function weekEnd(to: string, tz: string): string {
  // core/time's atLocal (which loads dayjs's zone plugins itself when it needs them), not dayjs.tz:
  // that worked only when something had extended dayjs before.
  return isoLocal(new Date(new Date(atLocal(to, "23:59", tz)).getTime() + 59_000), tz);
}

/**
 * The engineer's week, computed once per ReportData (the department's week asks again for every
 * engineer whose own document was just rendered: issue 18). The result is shared: read it, never change it.
 */
export function engineerWeek(data: ReportData, engineer: string, saturday: string): EngineerWeek {
  let weeks = engineerWeeks.get(data);
  if (!weeks) {
    weeks = new Map();
    engineerWeeks.set(data, weeks);
  }
  const key = `${engineer}|${saturday}`;
  let w = weeks.get(key);
  if (!w) {
    w = computeEngineerWeek(data, engineer, saturday);
    weeks.set(key, w);
  }
  return w;
}
const engineerWeeks = new WeakMap<ReportData, Map<string, EngineerWeek>>();

function computeEngineerWeek(data: ReportData, engineer: string, saturday: string): EngineerWeek {
  const tz = data.config.timezone;
  const look = lookup(data);
  const week = weekRange(saturday);
  const inWeek = (at: string) => between(dateLocal(at, tz), week.from, week.to);
  const end = weekEnd(week.to, tz);
  // with the letters he handed over or was handed (D15): his own steps stay his week's
  const mine = data.letters
    .filter(
      (l) =>
        l.engineer === engineer || l.reassignments?.some((r) => r.from === engineer || r.to === engineer),
    )
    .sort(sortById);

  const letters: WeekLetter[] = [];
  const log: WeekLog[] = [];
  const completions: WeekCompletion[] = [];
  const trips: WeekTrip[] = [];
  const problems: WeekProblem[] = [];
  const ratings = zeroGrades();
  let checkins = 0;

  for (const l of mine) {
    // the engineer's own steps, plus being assigned the letter and its completion (which may be entered
    // for the engineer from the paper form)
    const holds = holderAt(l, end) === engineer;
    const own = [
      ...letterEvents(l).filter((e) => e.by === engineer),
      ...(holderAt(l, l.assigned.at) === engineer ? [l.assigned] : []),
      ...(l.reassignments ?? []).filter((r) => r.to === engineer),
      ...(l.completion && l.engineer === engineer ? [l.completion] : []),
    ];
    const steps = new Set(own.filter((e) => inWeek(e.at)).map((e) => `${e.at}|${e.by}`)).size;
    if (steps > 0) {
      letters.push({
        id: l.id,
        customer: look.customer(l),
        type: look.serviceType(l),
        status: l.status,
        estimate: effectiveEstimate(l),
        steps,
      });
    }
    for (const e of l.log) {
      if (e.by !== engineer || !inWeek(e.at)) continue;
      log.push({ at: e.at, letter: l.id, type: e.type, text: e.text });
      if (e.type === "汇报") checkins++;
    }
    if (!holds) continue; // handed over by the week's end: the rest is the new engineer's
    if (l.completion && inWeek(l.completion.at)) {
      const grades = letterGrades(l);
      if (grades) for (const [, dim] of DIMENSIONS) ratings[grades[dim]]++;
      completions.push({
        letter: l.id,
        customer: look.customer(l),
        at: l.completion.at,
        onTime: !isOverdue(l),
        signed: !isUnsignedLetter(l),
        grades,
      });
    }
    if (l.travel?.departed) {
      const back = l.travel.returned ?? null;
      if (l.travel.departed <= week.to && (back === null || back >= week.from)) {
        trips.push({
          letter: l.id,
          destination: l.travel.destination,
          departed: l.travel.departed,
          returned: back,
          days: l.travel.days,
        });
      }
    }
    const openAtEnd = !l.completion || isAfter(l.completion.at, end);
    const started = !isAfter(l.assigned.at, end);
    if (openAtEnd && started) {
      for (const e of l.log) {
        if (e.type === "上报" && !isAfter(e.at, end)) {
          problems.push({ letter: l.id, at: e.at, kind: "上报", text: e.text });
        }
      }
      if (isAfter(end, effectiveEstimate(l))) {
        // `at` is the (effective) estimate that has passed.
        problems.push({
          letter: l.id,
          at: effectiveEstimate(l),
          kind: "超期",
          text: "已过预计完成时间，尚未完工",
        });
      }
    }
  }
  log.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));

  const status = weeklyStatus(data.config, data.weeklies, engineer, saturday);
  const w = status.id ? weeklyOf(data.weeklies, engineer, saturday) : undefined;
  const person = data.people.find((p) => p.id === engineer);
  return {
    engineer,
    name: look.name(engineer),
    region: person?.region ?? null,
    week,
    letters,
    log,
    completions,
    ratings,
    trips,
    checkins,
    problems,
    report: w
      ? {
          id: w.id,
          summary: w.summary,
          plan: w.plan ?? null,
          problems: w.problems ?? null,
          submitted: w.submitted,
          by: w.by,
        }
      : null,
    deadline: status.deadline,
    late: status.late,
    sla: slaOf({ ...data, letters: lettersOf(data.letters, engineer) }, calendarOf(data), week.from, week.to),
  };
}

const letterMemo = new WeakMap<Letter[], Map<string, Letter[]>>();
/** The letters of one engineer (memoised per array). */
function lettersOf(letters: Letter[], engineer: string): Letter[] {
  let m = letterMemo.get(letters);
  if (!m) {
    m = new Map();
    for (const l of letters) {
      const list = m.get(l.engineer);
      if (list) list.push(l);
      else m.set(l.engineer, [l]);
    }
    letterMemo.set(letters, m);
  }
  return m.get(engineer) ?? [];
}

const calMemo = new WeakMap<Config, Calendar>();
function calendarOf(data: ReportData<WeekReport>): Calendar {
  let c = calMemo.get(data.config);
  if (!c) {
    c = makeCalendar(data.config.calendar);
    calMemo.set(data.config, c);
  }
  return c;
}

// ------------------------------------------------------------------ the department's week

export interface DepartmentWeek {
  week: { saturday: string; from: string; to: string };
  engineers: {
    engineer: string;
    name: string;
    letters: number;
    logEntries: number;
    completions: number;
    onTime: number;
    ratings: GradeCount;
    trips: number;
    checkins: number;
    problems: number;
    reportSubmitted: string | null;
    reportLate: boolean;
  }[];
  notices: {
    id: string;
    customer: string;
    type: string;
    priority: string;
    issued: string;
    signed: boolean;
  }[];
  assigned: { id: string; engineer: string; customer: string; estimate: string }[];
  completed: {
    id: string;
    engineer: string;
    customer: string;
    at: string;
    onTime: boolean;
    signed: boolean;
  }[];
  /** Letters still open at the week's end; `overdue` when past the effective estimate. */
  open: {
    id: string;
    engineer: string;
    customer: string;
    status: string;
    estimate: string;
    overdue: boolean;
  }[];
  incidents: { id: string; class: "I" | "II"; engineer: string; date: string; cause: string }[];
  totals: {
    notices: number;
    assigned: number;
    completed: number;
    onTime: number;
    onTimeRate: number | null;
    open: number;
    overdueOpen: number;
    incidents: number;
    reportsLate: number;
  };
  report: { id: string; summary: string; plan: string | null; submitted: string; by: string } | null;
  deadline: string;
  late: boolean;
  /** D17 服务时限 of the letters completed in the week. */
  sla: SlaFigures;
  /** Each engineer's week in full (what their own reports show). */
  weeks: EngineerWeek[];
  /** Names of the people the tables mention (roster id → 姓名). */
  names: Record<string, string>;
}

export function departmentWeek(data: ReportData, saturday: string): DepartmentWeek {
  const tz = data.config.timezone;
  const look = lookup(data);
  const week = weekRange(saturday);
  const inWeek = (at: string) => between(dateLocal(at, tz), week.from, week.to);
  const end = weekEnd(week.to, tz);
  const expected = engineersFor(data.people, saturday).map((p) => p.id);
  const active = new Set(expected);
  for (const l of data.letters) {
    const touched = letterEvents(l).some((e) => inWeek(e.at));
    if (touched) active.add(l.engineer);
  }
  const weeks = [...active].sort().map((id) => engineerWeek(data, id, saturday));
  const letters = [...data.letters].sort(sortById);

  const notices = data.notices
    .filter((n) => inWeek(n.issued.at))
    .sort(sortById)
    .map((n) => ({
      id: n.id,
      customer: data.customers.find((c) => c.id === n.customer)?.name ?? n.customer,
      type: n.type,
      priority: n.priority,
      issued: n.issued.at,
      signed: Boolean(n.signature),
    }));
  const assigned = letters
    .filter((l) => inWeek(l.assigned.at))
    .map((l) => ({
      id: l.id,
      engineer: l.engineer,
      customer: look.customer(l),
      estimate: effectiveEstimate(l),
    }));
  const completed = letters
    .filter((l) => l.completion && inWeek(l.completion.at))
    .map((l) => ({
      id: l.id,
      engineer: l.engineer,
      customer: look.customer(l),
      at: l.completion!.at,
      onTime: !isOverdue(l),
      signed: !isUnsignedLetter(l),
    }));
  const open = letters
    .filter((l) => !isAfter(l.assigned.at, end) && (!l.completion || isAfter(l.completion.at, end)))
    .map((l) => ({
      id: l.id,
      engineer: l.engineer,
      customer: look.customer(l),
      status: l.status,
      estimate: effectiveEstimate(l),
      overdue: isAfter(end, effectiveEstimate(l)),
    }));
  const incidents = data.incidents
    .filter((i) => between(i.date, week.from, week.to))
    .sort(sortById)
    .map((i) => ({ id: i.id, class: i.class, engineer: i.engineer, date: i.date, cause: i.cause }));

  const deadline = weeklyDeadline(saturday, data.config.deadlines.departmentWeekly, tz).at;
  const dw = data.departmentWeeklies.find((d) => d.week === saturday);
  const onTime = completed.filter((c) => c.onTime).length;
  const rows = weeks.map((w) => ({
    engineer: w.engineer,
    name: w.name,
    letters: w.letters.length,
    logEntries: w.log.length,
    completions: w.completions.length,
    onTime: w.completions.filter((c) => c.onTime).length,
    ratings: w.ratings,
    trips: w.trips.length,
    checkins: w.checkins,
    problems: w.problems.length,
    reportSubmitted: w.report?.submitted ?? null,
    reportLate: expected.includes(w.engineer) ? w.late : false,
  }));
  return {
    week,
    engineers: rows,
    notices,
    assigned,
    completed,
    open,
    incidents,
    totals: {
      notices: notices.length,
      assigned: assigned.length,
      completed: completed.length,
      onTime,
      onTimeRate: rate(onTime, completed.length),
      open: open.length,
      overdueOpen: open.filter((o) => o.overdue).length,
      incidents: incidents.length,
      reportsLate: rows.filter((r) => r.reportLate).length,
    },
    report: dw
      ? { id: dw.id, summary: dw.summary, plan: dw.plan ?? null, submitted: dw.submitted, by: dw.by }
      : null,
    deadline,
    late: dw ? isAfter(dw.submitted, deadline) : true,
    sla: slaOf(data, calendarOf(data), week.from, week.to),
    weeks,
    names: Object.fromEntries(
      [
        ...new Set([
          ...weeks.map((w) => w.engineer),
          ...open.map((o) => o.engineer),
          ...completed.map((o) => o.engineer),
          ...assigned.map((o) => o.engineer),
          ...incidents.map((i) => i.engineer),
        ]),
      ]
        .sort()
        .map((id) => [id, look.name(id)]),
    ),
  };
}

// ------------------------------------------------------------------ the month (DOMAIN §2.4)

export interface MonthFigures {
  month: string;
  period: { from: string; to: string };
  /** D13: the records begin inside this month (svc.yaml `since`): its figures count from that day. */
  recordsBegin?: string;
  /** 服务及时率: letters completed in the month, on time = not after the effective estimate (D3). */
  onTime: {
    completed: number;
    onTime: number;
    overdue: number;
    rate: number | null;
    perEngineer: {
      engineer: string;
      name: string;
      completed: number;
      onTime: number;
      overdue: number;
      rate: number | null;
    }[];
    overdueLetters: {
      id: string;
      engineer: string;
      customer: string;
      estimate: string;
      effectiveEstimate: string;
      completed: string;
      delayReasons: string[];
    }[];
  };
  /** 客户评价: grades of letters completed in the month; an unsigned letter = three 差 (D2). */
  evaluation: {
    letters: number;
    rated: number;
    unsigned: number;
    dimensions: Record<Dimension, GradeCount>;
    total: GradeCount;
    perEngineer: {
      engineer: string;
      name: string;
      letters: number;
      unsigned: number;
      grades: GradeCount;
      dimensions: Record<Dimension, GradeCount>;
    }[];
    unsignedLetters: { id: string; engineer: string; customer: string; forged: boolean }[];
  };
  /** 工作文档完整性: letters with signature and every step; weekly reports in by the deadline (D4). */
  documents: {
    letters: {
      total: number;
      complete: number;
      rate: number | null;
      incomplete: { id: string; engineer: string; missing: string[] }[];
    };
    weekly: {
      expected: number;
      onTime: number;
      late: number;
      missing: number;
      rate: number | null;
      saturdays: string[];
      perEngineer: {
        engineer: string;
        name: string;
        expected: number;
        onTime: number;
        late: number;
        missing: number;
      }[];
      rows: WeeklyStatus[];
    };
  };
  /** 事故情况: incidents dated in the month, each with class and state. */
  incidents: {
    classI: number;
    classII: number;
    list: {
      id: string;
      class: "I" | "II";
      engineer: string;
      name: string;
      date: string;
      cause: string;
      letter: string | null;
      state: "待反思" | "待通报" | "已通报";
      reflection: string | null;
      notification: string | null;
      noticeDue: string | null;
      noticeLate: boolean;
    }[];
  };
  /** D17 服务时限: the clocks of the letters completed in the month (src/domain/sla.ts slaFigures). */
  sla: SlaFigures;
  /** D18 客服回访 of the letters completed in the month (src/domain/survey.ts). */
  survey: SurveyFigures;
  /** D19 客户投诉: count, by grade, replies on time, complaint rate (src/domain/customer-complaints.ts). */
  complaints: ComplaintFigures;
  /** When the monthly report is due, and whether it was issued (record M-YYYYMM). */
  report: { deadline: string; submitted: string | null; late: boolean | null };
  /** Years without holiday data that deadlines relied on (DOMAIN, the calendar trap). */
  calendarWarnings: string[];
}

/**
 * The month's figures. `asOf` (an instant, e.g. now) leaves out weekly reports not yet due: a running
 * month does not count next Saturday's report as missing. A past month is the same whatever `asOf`.
 */
export function monthFigures(
  data: ReportData<WeekReport>,
  month: string,
  cal?: Calendar,
  asOf?: string,
): MonthFigures {
  const tz = data.config.timezone;
  const calendar = cal ?? makeCalendar(data.config.calendar);
  const look = lookup(data);
  const from = `${month}-01`;
  const to = dayjs(from).endOf("month").format("YYYY-MM-DD");
  const inMonth = (at: string) => between(dateLocal(at, tz), from, to);
  const done = data.letters
    .filter((l): l is CompletedLetter => isCompleted(l) && inMonth(l.completion.at))
    .sort(sortById);
  const engineerIds = [
    ...new Set([...done.map((l) => l.engineer), ...engineersOfMonth(data.people, month)]),
  ].sort();

  // 服务及时率
  const overdue = done.filter((l) => isOverdue(l));
  const perEngineerOnTime = engineerIds.map((e) => {
    const ls = done.filter((l) => l.engineer === e);
    const late = ls.filter((l) => isOverdue(l)).length;
    return {
      engineer: e,
      name: look.name(e),
      completed: ls.length,
      onTime: ls.length - late,
      overdue: late,
      rate: rate(ls.length - late, ls.length),
    };
  });

  // 客户评价
  const dims = () =>
    ({ 态度: zeroGrades(), 水平: zeroGrades(), 结果: zeroGrades() }) as Record<Dimension, GradeCount>;
  const dimensions = dims();
  const total = zeroGrades();
  let rated = 0;
  const perEngineerEval = engineerIds.map((e) => ({
    engineer: e,
    name: look.name(e),
    letters: 0,
    unsigned: 0,
    grades: zeroGrades(),
    dimensions: dims(),
  }));
  for (const l of done) {
    const row = perEngineerEval.find((r) => r.engineer === l.engineer)!;
    row.letters++;
    if (isUnsignedLetter(l)) row.unsigned++;
    const g = letterGrades(l);
    if (!g) continue;
    rated++;
    for (const [, dim] of DIMENSIONS) {
      dimensions[dim][g[dim]]++;
      total[g[dim]]++;
      row.grades[g[dim]]++;
      row.dimensions[dim][g[dim]]++;
    }
  }

  // 工作文档完整性
  const incomplete = done
    .map((l) => ({ id: l.id, engineer: l.engineer, missing: letterMissingSteps(l) }))
    .filter((x) => x.missing.length > 0);
  // D13: no weekly report is missing for a week that ended before the records begin.
  const saturdays = saturdaysOf(month).filter((sat) => counts(sat, data.config.since));
  const rows: WeeklyStatus[] = [];
  for (const s of saturdays) {
    for (const p of engineersFor(data.people, s)) {
      const st = weeklyStatus(data.config, data.weeklies, p.id, s);
      if (st.missing && asOf !== undefined && isAfter(st.deadline, asOf)) continue; // not due yet
      rows.push(st);
    }
  }
  const weeklyOnTime = rows.filter((r) => !r.late).length;
  const perEngineerWeekly = [...new Set(rows.map((r) => r.engineer))].sort().map((e) => {
    const rs = rows.filter((r) => r.engineer === e);
    return {
      engineer: e,
      name: look.name(e),
      expected: rs.length,
      onTime: rs.filter((r) => !r.late).length,
      late: rs.filter((r) => r.late && !r.missing).length,
      missing: rs.filter((r) => r.missing).length,
    };
  });

  // 事故情况
  const incidents = data.incidents
    .filter((i) => between(i.date, from, to))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : sortById(a, b)))
    .map((i) => {
      const due = i.reflection
        ? deadlineAfterWorkdays(
            calendar,
            dateLocal(i.reflection.at, tz),
            data.config.deadlines.incidentNoticeWorkdays,
            tz,
          ).at
        : null;
      return {
        id: i.id,
        class: i.class,
        engineer: i.engineer,
        name: look.name(i.engineer),
        date: i.date,
        cause: i.cause,
        letter: i.letter ?? null,
        state: (i.notification ? "已通报" : i.reflection ? "待通报" : "待反思") as
          | "待反思"
          | "待通报"
          | "已通报",
        reflection: i.reflection?.at ?? null,
        notification: i.notification?.at ?? null,
        noticeDue: due,
        noticeLate: due !== null && i.notification !== undefined && isAfter(i.notification.at, due),
      };
    });

  const deadline = monthlyDocumentDeadline(calendar, month, data.config.deadlines.monthlyReportWorkdays, tz);
  const m = data.monthlies?.find((x) => x.month === month);
  return {
    month,
    period: { from, to },
    ...(partialMonth(month, data.config.since) ? { recordsBegin: data.config.since } : {}),
    onTime: {
      completed: done.length,
      onTime: done.length - overdue.length,
      overdue: overdue.length,
      rate: rate(done.length - overdue.length, done.length),
      perEngineer: perEngineerOnTime,
      overdueLetters: overdue.map((l) => ({
        id: l.id,
        engineer: l.engineer,
        customer: look.customer(l),
        estimate: l.estimate,
        effectiveEstimate: effectiveEstimate(l),
        completed: l.completion.at,
        delayReasons: (l.delays ?? []).map((d) => `${d.reason}${d.approval ? "（已批准）" : "（未批准）"}`),
      })),
    },
    evaluation: {
      letters: done.length,
      rated,
      unsigned: done.filter(isUnsignedLetter).length,
      dimensions,
      total,
      perEngineer: perEngineerEval,
      unsignedLetters: done.filter(isUnsignedLetter).map((l) => ({
        id: l.id,
        engineer: l.engineer,
        customer: look.customer(l),
        forged: Boolean(l.completion.forged),
      })),
    },
    documents: {
      letters: {
        total: done.length,
        complete: done.length - incomplete.length,
        rate: rate(done.length - incomplete.length, done.length),
        incomplete,
      },
      weekly: {
        expected: rows.length,
        onTime: weeklyOnTime,
        late: rows.filter((r) => r.late && !r.missing).length,
        missing: rows.filter((r) => r.missing).length,
        rate: rate(weeklyOnTime, rows.length),
        saturdays,
        perEngineer: perEngineerWeekly,
        rows,
      },
    },
    incidents: {
      classI: incidents.filter((i) => i.class === "I").length,
      classII: incidents.filter((i) => i.class === "II").length,
      list: incidents,
    },
    sla: slaOf(data, calendar, from, to),
    survey: surveyFigures(done, engineerIds),
    complaints: complaintFigures(data.customerComplaints ?? [], done, month, tz),
    report: {
      deadline: deadline.at,
      submitted: m?.submitted ?? null,
      late: m ? isAfter(m.submitted, deadline.at) : null,
    },
    calendarWarnings: calendar.warnings(deadline.uncovered),
  };
}

/** D17 figures of the letters completed in [from, to], with the department's settings. */
export function slaOf(data: ReportData<WeekReport>, cal: Calendar, from: string, to: string): SlaFigures {
  const c = data.config;
  return slaFigures(
    data.notices,
    data.letters,
    { sla: c.sla, workingHours: c.workingHours, timezone: c.timezone },
    cal,
    from,
    to,
  );
}

/** Engineers on the roster during the month (for the per-engineer tables, even with no letters). */
function engineersOfMonth(people: Person[], month: string): string[] {
  const last = dayjs(`${month}-01`).endOf("month").format("YYYY-MM-DD");
  return people
    .filter((p) => p.roles.includes("engineer") && p.active !== false && (!p.hired || p.hired <= last))
    .map((p) => p.id);
}

export { GRADES };
