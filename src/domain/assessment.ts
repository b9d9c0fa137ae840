// The monthly assessment (考核) of DOMAIN §3 with the decisions of §7 (D1–D7): for every engineer and
// the supervisor, itemized lines {rule, text, amount, refs, date}, the GM-decision flags, and rewards.
//
// Pure: records, the config, the month, the working-day calendar and "now" are parameters.
// Every amount and threshold comes from svc.yaml (config.fines / rewards / thresholds / deadlines).
//
// Which month a line falls in:
//   letters (overdue D3, ratings D1/D2, unsigned D2) — the month of the letter's completion (department zone);
//   weekly reports (D4) — the month of the week's Saturday; every Saturday of the month on or after the
//     hire date is a week that needs a report; a missing report counts as late;
//   exams, incidents — the month of their date;
//   supervisor: department weekly report — the month of the week's Saturday; monthly report and assessment
//     of month M−1 — due in the first N working days of M, so they count in M; incident notice — the
//     month of its deadline (N working days after the reflection); condoning — the month of the
//     supervisor's confirmation.
// Documents whose deadline is still in the future ("now") are not yet judged.
import { groupBy } from "../core/group.ts";
import { isAfter, local } from "../core/time.ts";
import type {
  Amendment,
  Assessment,
  Complaint,
  Config,
  DepartmentWeekly,
  Exam,
  Incident,
  Letter,
  Monthly,
  Notice,
  Person,
  Weekly,
} from "../schemas/index.ts";
import { applyChanges } from "./amendments.ts";
import { type Calendar, monthlyDocumentDeadline, weeklyDeadline } from "./calendar.ts";
import {
  effectiveEstimate as estimateInForce,
  isOverdue as overdue,
  saturdaysOf as weeksOf,
} from "./figures.ts";
import { complaintMonth, incidentNoticeDeadline } from "./incidents.ts";
import {
  belowGood,
  type Completed,
  completedInOrder,
  fairRuns,
  isUnsigned,
  poorRatings,
  ratingSequence,
} from "./ratings.ts";
import { counts, documentsOrigin, laterOf, streakOrigin } from "./since.ts";
import { clocksOf, CLOCK_TITLES as SLA_TITLES } from "./sla.ts";
import { inWindow, lastDayOf, localDate, monthOf, streakPaid, streakStart, windowMonths } from "./windows.ts";

export type Line = Assessment["people"][number]["lines"][number];
export type Flag = Assessment["people"][number]["flags"][number];
export type Sheet = Assessment["people"][number];

/** Rule codes, in the order lines of the same day are listed. */
export const RULES = [
  "overdue",
  "slaBreach",
  "poorRating",
  "fairRun",
  "unsigned",
  "weeklyLate",
  "examFailed",
  "incidentI",
  "incidentII",
  "complaintLevel",
  "reward",
  "deptWeeklyLate",
  "monthlyLate",
  "assessmentLate",
  "noticeLate",
  "deptIncidentI",
  "deptIncidentII",
  "condoneUnsigned",
  "supervisorReward",
  "amendment",
] as const;

export const RULE_TITLES: Record<string, string> = {
  overdue: "服务超期",
  slaBreach: "服务时限超时",
  poorRating: "评价“差”",
  fairRun: "连续三个“中”",
  unsigned: "无客户签字/伪造签字",
  weeklyLate: "周报迟交",
  examFailed: "培训考核不合格",
  incidentI: "I类事故",
  incidentII: "II类事故",
  complaintLevel: "沟通投诉降绩效一级",
  reward: "连续三个月奖励",
  deptWeeklyLate: "技术服务周报迟交",
  monthlyLate: "月度报表迟交",
  assessmentLate: "月度考核表迟交",
  noticeLate: "事故通报迟交",
  deptIncidentI: "部门I类事故",
  deptIncidentII: "部门II类事故",
  condoneUnsigned: "纵容无签字/伪造签字责任书",
  supervisorReward: "连续无I类事故奖励",
  amendment: "更正",
  examFails: "累计考核不合格",
  classIDowngrade: "I类事故降档",
  dismissal: "事故辞退",
  supervisorDowngrade: "部门I类事故主管降档",
  complaintDowngrade: "沟通投诉永久降级",
};

/** English names of the rules (the sheet itself is Chinese). */
export const RULE_TITLES_EN: Record<string, string> = {
  overdue: "service overdue",
  slaBreach: "response-time target breached",
  poorRating: "rating 差 (poor)",
  fairRun: "three 中 in a row",
  unsigned: "no / forged customer signature",
  weeklyLate: "weekly report late",
  examFailed: "training exam failed",
  incidentI: "class I incident",
  incidentII: "class II incident",
  complaintLevel: "communication complaints: the month's base one tier lower",
  reward: "three-month reward",
  deptWeeklyLate: "department weekly report late",
  monthlyLate: "monthly report late",
  assessmentLate: "assessment late",
  noticeLate: "incident notice late",
  deptIncidentI: "class I incident in the department",
  deptIncidentII: "class II incident in the department",
  condoneUnsigned: "condoned an unsigned / forged letter",
  supervisorReward: "months without class I incident",
  amendment: "correction",
};

/** A weekly report as the assessment reads it: who, which week, when submitted (D4). */
export type AssessWeekly = Pick<Weekly, "id" | "engineer" | "week" | "submitted">;
export const assessWeekly = (w: Weekly): AssessWeekly => ({
  id: w.id,
  engineer: w.engineer,
  week: w.week,
  submitted: w.submitted,
});

export interface AssessInput {
  month: string;
  config: Config;
  calendar: Calendar;
  people: Person[];
  letters: Letter[];
  /** What the assessment reads of a weekly report (the store's projection `AssessWeekly` at 50k). */
  weeklies: AssessWeekly[];
  departmentWeeklies: DepartmentWeekly[];
  monthlies: Monthly[];
  incidents: Incident[];
  exams: Exam[];
  /** Communication complaints (§2.8, D20); counted only when svc.yaml `complaints.enabled`. */
  complaints?: Complaint[];
  /** Service notices (D17: the response-time clocks, fined only when svc.yaml sla.fine > 0). */
  notices?: Notice[];
  /** Earlier assessments (their drafting time decides the supervisor's assessment lateness). */
  assessments: Assessment[];
  /** ISO instant: deadlines after it are not yet judged. Default: everything is due. */
  now?: string;
  /** First month the records cover (streaks and last month's documents never reach before it). */
  origin?: string;
}

export interface MonthSheet {
  month: string;
  people: Sheet[];
  /** Calendar years without holiday data that deadlines relied on, etc. */
  warnings: string[];
}

const fmt = (iso: string, tz: string) => local(iso, tz).format("YYYY-MM-DD HH:mm");
const dateIn = localDate;

/** Memo of a value derived from one input array (and a string key such as the zone). */
const memos = new WeakMap<object, Map<string, unknown>>();
function memo<T>(source: object, key: string, build: () => T): T {
  let m = memos.get(source);
  if (!m) {
    m = new Map();
    memos.set(source, m);
  }
  if (!m.has(key)) m.set(key, build());
  return m.get(key) as T;
}

/** Per engineer: completed letters in order, the rating sequence and its fined runs (computed once). */
function lettersOf(input: AssessInput, engineer: string) {
  const tz = input.config.timezone;
  const all = memo(input.letters, `completed|${tz}`, () => {
    const by = groupBy(
      input.letters.filter((l) => l.completion?.at),
      (l) => l.engineer,
    );
    const out = new Map<string, { all: Completed[]; seq: ReturnType<typeof ratingSequence> }>();
    for (const [e, ls] of by) {
      const ordered = completedInOrder(ls, e);
      out.set(e, { all: ordered, seq: ratingSequence(ordered, tz) });
    }
    return out;
  });
  const mine = all.get(engineer) ?? { all: [], seq: [] };
  const runs = memo(input.letters, `runs|${tz}|${input.config.thresholds.fairRun}|${engineer}`, () =>
    fairRuns(mine.seq, input.config.thresholds.fairRun),
  );
  return { ...mine, runs };
}

const deadlines = new Map<string, ReturnType<typeof weeklyDeadline>>();
/** weeklyDeadline, memoised (streaks ask for the same weeks of every engineer). */
function weeklyDue(sat: string, d: { weekday: number; time: string }, tz: string) {
  const key = `${sat}|${d.weekday}|${d.time}|${tz}`;
  let v = deadlines.get(key);
  if (!v) {
    v = weeklyDeadline(sat, d, tz);
    deadlines.set(key, v);
  }
  return v;
}

const weeklyIndex = (input: AssessInput) =>
  memo(input.weeklies, "index", () => new Map(input.weeklies.map((w) => [`${w.engineer}|${w.week}`, w])));
const deptWeeklyIndex = (input: AssessInput) =>
  memo(input.departmentWeeklies, "index", () => new Map(input.departmentWeeklies.map((w) => [w.week, w])));
const incidentsOf = (input: AssessInput, engineer: string) =>
  memo(input.incidents, "byEngineer", () => groupBy(input.incidents, (i) => i.engineer)).get(engineer) ?? [];
const examResultsOf = (input: AssessInput, person: string) =>
  memo(input.exams, "byPerson", () => {
    const out = new Map<string, { exam: Exam; result: Exam["results"][number] }[]>();
    for (const exam of input.exams)
      for (const result of exam.results) {
        const list = out.get(result.person);
        if (list) list.push({ exam, result });
        else out.set(result.person, [{ exam, result }]);
      }
    return out;
  }).get(person) ?? [];
const ms = (iso: string) => new Date(iso).getTime();

/** The first month the operational records cover (letters completed, weekly reports, incidents, exams). */
export function recordsOrigin(
  input: Pick<AssessInput, "letters" | "weeklies" | "incidents" | "exams" | "config">,
): string | undefined {
  const tz = input.config.timezone;
  const months: string[] = [];
  for (const l of input.letters) if (l.completion?.at) months.push(monthOf(dateIn(l.completion.at, tz)));
  for (const w of input.weeklies) months.push(monthOf(w.week));
  for (const i of input.incidents) months.push(monthOf(i.date));
  for (const e of input.exams) months.push(monthOf(e.date));
  return months.sort()[0];
}

/** Saturdays of a month on or after `from` (YYYY-MM-DD): the weeks whose reports count in it (D4). */
const weeks = new Map<string, string[]>();
export function saturdaysOf(month: string, from?: string): string[] {
  let all = weeks.get(month);
  if (!all) {
    all = weeksOf(month);
    weeks.set(month, all);
  }
  return from ? all.filter((s) => s >= from) : [...all];
}

/**
 * D3: the estimate in force — the same computation as the monthly report's on-time rate
 * (figures.ts `effectiveEstimate`) — with the approved B/C/D extensions that moved it, for the
 * explanation. Reason A never excuses.
 */
export function effectiveEstimate(l: Letter): { at: string; delays: NonNullable<Letter["delays"]> } {
  const at = estimateInForce(l);
  const used = (l.delays ?? []).filter((d) => d.approval && d.reason !== "A");
  return { at, delays: used };
}

/** D3: completed after the estimate in force (figures.ts `isOverdue`, shared with the monthly report). */
export function isOverdue(l: Completed): boolean {
  return overdue(l);
}

function sortLines(lines: Line[]): Line[] {
  const order = (r: string) => {
    const i = (RULES as readonly string[]).indexOf(r);
    return i < 0 ? RULES.length : i;
  };
  return lines
    .map((l, i) => ({ l, i }))
    .sort(
      (a, b) =>
        (a.l.date ?? "").localeCompare(b.l.date ?? "") || order(a.l.rule) - order(b.l.rule) || a.i - b.i,
    )
    .map((x) => x.l);
}

export const sum = (lines: { amount: number }[]) => lines.reduce((s, l) => s + l.amount, 0);

/** The assessment of one month: every engineer and every supervisor of the roster. */
/**
 * The first month streaks count (D6, D9): with svc.yaml `since` (D13) the first whole month from it;
 * without (a repository from before D13) the first month the records cover.
 */
export function originOf(input: AssessInput): string {
  const since = input.config.since;
  return since ? streakOrigin(since) : (input.origin ?? recordsOrigin(input) ?? input.month);
}

export function assessMonth(input: AssessInput): MonthSheet {
  const { month, people } = input;
  const origin = originOf(input);
  const engineerFacts = new Map<string, Map<string, EngineerMonth>>();
  const factsOf = (p: Person, m: string): EngineerMonth => {
    let byMonth = engineerFacts.get(p.id);
    if (!byMonth) {
      byMonth = new Map();
      engineerFacts.set(p.id, byMonth);
    }
    let f = byMonth.get(m);
    if (!f) {
      f = engineerMonth(input, p, m);
      byMonth.set(m, f);
    }
    return f;
  };
  const out: Sheet[] = [];
  const monthEnd = lastDayOf(month);
  const hired = (p: Person) => !p.hired || p.hired <= monthEnd;
  // Someone no longer active is assessed only for what they did themselves in the month (their leaving
  // date is not recorded, so weeks and department duties after it are not held against them).
  const PERIODIC = new Set(["weeklyLate", "deptWeeklyLate", "monthlyLate", "assessmentLate", "noticeLate"]);
  const DEPARTMENT = new Set(["deptIncidentI", "deptIncidentII", "supervisorReward", "reward"]);
  const include = (p: Person, s: Sheet) =>
    hired(p) && (p.active !== false || s.lines.some((l) => !PERIODIC.has(l.rule) && !DEPARTMENT.has(l.rule)));
  for (const p of people) {
    if (p.roles.includes("supervisor")) {
      const s = supervisorSheet(input, p, origin);
      if (include(p, s)) out.push(s);
    } else if (p.roles.includes("engineer")) {
      const s = engineerSheet(input, p, origin, factsOf);
      if (include(p, s)) out.push(s);
    }
  }
  out.sort((a, b) =>
    a.role !== b.role
      ? a.role === "engineer"
        ? -1
        : 1
      : a.person < b.person
        ? -1
        : a.person > b.person
          ? 1
          : 0,
  );
  return { month, people: out, warnings: input.calendar.warnings() };
}

// ------------------------------------------------------------------------------------------------
// Engineers

interface EngineerMonth {
  lines: Line[];
  /** D6: no incident, no rating below 良, no unsigned letter, every weekly report on time. */
  qualifies: boolean;
}

/**
 * D7 refined (D15): the letter was unsigned, or its signature already marked forged, when it was
 * confirmed — only then is confirming it condoning.
 */
export function condoned(l: Letter): boolean {
  const c = l.completion;
  if (!c || !l.confirmation) return false;
  if (c.unsigned === true) return true;
  return Boolean(c.forged && !isAfter(c.forged.at, l.confirmation.at));
}

/** "（改派：张三 → 李四）" for a letter reassigned before completion (D15), else "". */
function handedOver(input: AssessInput, l: Letter): string {
  const rs = l.reassignments ?? [];
  if (!rs.length) return "";
  const names = [rs[0].from, ...rs.map((r) => r.to)].map((id) => nameOf(input, id));
  return `（改派：${names.join(" → ")}，完工时由 ${nameOf(input, l.engineer)} 负责）`;
}

function engineerMonth(input: AssessInput, p: Person, month: string): EngineerMonth {
  const { config, now } = input;
  const tz = config.timezone;
  const f = config.fines.engineer;
  const lines: Line[] = [];
  let qualifies = true;

  // Letters completed in the month, and the rating sequence over all months (D1 runs cross months).
  const { all, seq, runs } = lettersOf(input, p.id);
  const inMonth = all.filter((l) => monthOf(dateIn(l.completion.at, tz)) === month);
  for (const l of inMonth) {
    const date = dateIn(l.completion.at, tz);
    if (isOverdue(l)) {
      const eff = effectiveEstimate(l);
      const aDelays = (l.delays ?? []).filter((d) => d.reason === "A");
      let why = `预计 ${fmt(l.estimate, tz)}`;
      if (eff.delays.length)
        why += `，已批准延期至 ${fmt(eff.at, tz)}（原因 ${eff.delays.map((d) => d.reason).join("/")}）`;
      if (aDelays.length) why += "，延期原因 A（接单未服务）不免责";
      lines.push({
        rule: "overdue",
        text: `责任书 ${l.id} 超期完成：${why}，完工 ${fmt(l.completion.at, tz)}${handedOver(input, l)}`,
        amount: -f.overdue,
        refs: [l.id],
        date,
      });
    }
    // D17: sla.fine (default 0) per breached clock of a letter completed in the month.
    const slaFine = config.sla?.fine ?? 0;
    const notice = slaFine > 0 && l.notice ? noticeOf(input, l.notice) : undefined;
    if (notice && !notice.cancelled) {
      const s = { sla: config.sla, workingHours: config.workingHours, timezone: tz };
      for (const c of clocksOf(notice, l, s, input.calendar, l.completion.at)) {
        if (c.state !== "breached" || !c.at) continue;
        lines.push({
          rule: "slaBreach",
          text: `责任书 ${l.id}（${notice.id}，${notice.priority}）${SLA_TITLES[c.clock][0]}超时：时限 ${c.target}，期限 ${fmt(c.deadline, tz)}，实际 ${fmt(c.at, tz)}`,
          amount: -slaFine,
          refs: [l.id, notice.id],
          date,
        });
      }
    }
    if (isUnsigned(l)) {
      qualifies = false;
      lines.push({
        rule: "unsigned",
        text:
          (l.completion.forged
            ? `责任书 ${l.id} 客户签字经主管认定为伪造（按三个“差”计）`
            : `责任书 ${l.id} 无客户签字（按三个“差”计）`) + handedOver(input, l),
        amount: -f.unsigned,
        refs: [l.id],
        date,
      });
    }
  }
  for (const r of poorRatings(seq)) {
    if (monthOf(r.date) !== month) continue;
    lines.push({
      rule: "poorRating",
      text: `责任书 ${r.letter} “${r.item}”评价为“差”`,
      amount: -f.poorRating,
      refs: [r.letter],
      date: r.date,
    });
  }
  if (seq.some((r) => monthOf(r.date) === month && belowGood(r.grade))) qualifies = false;
  for (const run of runs) {
    if (monthOf(run.date) !== month) continue;
    const letters = [...new Set(run.ratings.map((r) => r.letter))];
    const text =
      letters.length === 1 && run.ratings.length === 3
        ? `责任书 ${letters[0]} 三项评价均为“中”`
        : `连续 ${run.ratings.length} 个“中”：${run.ratings.map((r) => `${r.letter} ${r.item}`).join("、")}`;
    lines.push({ rule: "fairRun", text, amount: -f.fairRun, refs: letters, date: run.date });
  }

  // Weekly reports (D4): every Saturday of the month on or after the hire date.
  for (const sat of saturdaysOf(month, laterOf(p.hired, config.since))) {
    const due = weeklyDue(sat, config.deadlines.engineerWeekly, tz);
    const w = weeklyIndex(input).get(`${p.id}|${sat}`);
    if (w && ms(w.submitted) <= ms(due.at)) continue;
    if (!w && now && ms(now) <= ms(due.at)) continue; // not yet due
    qualifies = false;
    lines.push({
      rule: "weeklyLate",
      text: w
        ? `周报 ${w.id} 迟交：截止 ${fmt(due.at, tz)}，提交 ${fmt(w.submitted, tz)}`
        : `${sat} 当周周报未交（截止 ${fmt(due.at, tz)}），按迟交计`,
      amount: -f.weeklyLate,
      refs: w ? [w.id] : [],
      date: sat,
    });
  }

  // Exams failed in the month.
  for (const { exam: e, result: r } of examResultsOf(input, p.id)) {
    if (monthOf(e.date) !== month || r.passed) continue;
    lines.push({
      rule: "examFailed",
      text: `培训考核不合格：${e.id}《${e.title}》${r.score !== undefined ? `，成绩 ${r.score}` : ""}`,
      amount: -f.examFailed,
      refs: [e.id],
      date: e.date,
    });
  }

  // Incidents in the month.
  for (const i of incidentsOf(input, p.id)) {
    if (monthOf(i.date) !== month) continue;
    qualifies = false;
    lines.push({
      rule: i.class === "I" ? "incidentI" : "incidentII",
      text: `${i.class}类事故 ${i.id}：${oneLine(i.cause)}`,
      amount: -(i.class === "I" ? f.incidentI : f.incidentII),
      refs: [i.id],
      date: i.date,
    });
  }
  return { lines, qualifies };
}

/** A notice by id (indexed once per input). */
function noticeOf(input: AssessInput, id: string): Notice | undefined {
  const notices = input.notices ?? [];
  return memo(notices, "byId", () => new Map(notices.map((n) => [n.id, n]))).get(id);
}

/** A person's name (their id when not in the roster). */
function nameOf(input: AssessInput, id: string): string {
  const names = memo(input.people, "names", () => new Map(input.people.map((p) => [p.id, p.name])));
  return names.get(id) ?? id;
}

function oneLine(s: string, max = 60): string {
  const t = s.replace(/\s+/g, " ").trim();
  return t.length > max ? `${t.slice(0, max)}…` : t;
}

function engineerSheet(
  input: AssessInput,
  p: Person,
  origin: string,
  factsOf: (p: Person, m: string) => EngineerMonth,
): Sheet {
  const { month, config } = input;
  const th = config.thresholds;
  const facts = factsOf(p, month);
  const lines = [...facts.lines];
  const flags: Flag[] = [];

  // D6 reward: N consecutive qualifying months, paid in the Nth, then the streak restarts.
  const start = streakStart(origin, p.hired);
  const paid = streakPaid(month, config.rewards.engineerMonths, (m) => factsOf(p, m).qualifies, start);
  if (paid && config.rewards.engineer > 0) {
    lines.push({
      rule: "reward",
      text: `连续 ${paid.length} 个月（${paid.join("、")}）无事故、评价均在“良”以上、无无签字责任书、周报按时`,
      amount: config.rewards.engineer,
      refs: [],
      date: lastDayOf(month),
    });
  }

  // Exams: every `examFailsDowngrade` failures in total → report to the GM (in the month reached).
  const failed = examResultsOf(input, p.id)
    .filter((x) => !x.result.passed)
    .map((x) => x.exam)
    .filter((e) => monthOf(e.date) <= month)
    .sort((a, b) => a.date.localeCompare(b.date));
  const before = failed.filter((e) => monthOf(e.date) < month).length;
  const T = th.examFailsDowngrade;
  if (Math.floor(failed.length / T) > Math.floor(before / T)) {
    flags.push({
      rule: "examFails",
      decision: "降级",
      text: `累计 ${failed.length} 次培训考核不合格：报总经理决定降档`,
      refs: [...new Set(failed.map((e) => e.id))],
    });
  }

  // Incidents: windows of D5; a flag is raised in the month the threshold is reached.
  const mine = incidentsOf(input, p.id);
  const inWin = (cls: "I" | "II", n: number) =>
    mine
      .filter((i) => i.class === cls && inWindow(i.date, month, n))
      .sort((a, b) => a.date.localeCompare(b.date));
  const newIn = (cls: "I" | "II") => mine.some((i) => i.class === cls && monthOf(i.date) === month);
  const span = (n: number) => {
    const w = windowMonths(month, n);
    return `${w[0]} 至 ${w[w.length - 1]}`;
  };
  const down = inWin("I", th.classIDowngradeMonths);
  if (newIn("I") && down.length >= th.classIDowngrade) {
    flags.push({
      rule: "classIDowngrade",
      decision: "降级",
      text: `${span(th.classIDowngradeMonths)} 内 ${down.length} 次I类事故：报总经理决定降档`,
      refs: down.map((i) => i.id),
    });
  }
  const d1 = inWin("I", th.dismissMonths);
  const d2 = inWin("II", th.dismissMonths);
  const dismissI = newIn("I") && d1.length >= th.dismissClassI;
  const dismissII = newIn("II") && d2.length >= th.dismissClassII;
  if (dismissI || dismissII) {
    const parts = [
      dismissI ? `${d1.length} 次I类事故` : "",
      dismissII ? `${d2.length} 次II类事故` : "",
    ].filter(Boolean);
    flags.push({
      rule: "dismissal",
      decision: "辞退",
      text: `${span(th.dismissMonths)} 内 ${parts.join("、")}：报总经理决定辞退`,
      refs: [...(dismissI ? d1 : []), ...(dismissII ? d2 : [])].map((i) => i.id),
    });
  }
  // D20 (001 第十四条): every perLevel complaints in the month lower the month's base pay one tier step
  // — a pay level, not a fine: the line cites the complaints with amount 0 (the payroll lowers the
  // base); every permanentPerLevel since `since` → report to the GM for a permanent downgrade.
  const cm = complaintMonth(input.complaints ?? [], p.id, month, config.complaints, config.since);
  if (cm.levels > 0) {
    const ids = cm.inMonth.map((c) => c.id);
    lines.push({
      rule: "complaintLevel",
      text: `${month} 沟通投诉 ${cm.inMonth.length} 次（${cm.inMonth.map((c) => `${c.id} ${c.date}`).join("、")}）：每 ${config.complaints.perLevel} 次降一级，当月基本工资降 ${cm.levels} 级（001 第十四条；不计入考核金额）`,
      amount: 0,
      levels: cm.levels,
      refs: ids,
      date: cm.reached,
    });
  }
  if (cm.permanent) {
    flags.push({
      rule: "complaintDowngrade",
      decision: "降级",
      text: `${config.since ? `自 ${config.since} 起` : ""}累计 ${cm.total} 次沟通投诉（每 ${config.complaints.permanentPerLevel} 次永久降一级）：报总经理决定永久降一档`,
      refs: cm.all.map((c) => c.id),
    });
  }
  // D13: nothing dated before the records begin is fined.
  const sorted = sortLines(lines.filter((l) => counts(l.date, config.since)));
  return { person: p.id, role: "engineer", lines: sorted, total: sum(sorted), flags };
}

// ------------------------------------------------------------------------------------------------
// The supervisor (D7)

function supervisorSheet(input: AssessInput, p: Person, origin: string): Sheet {
  const { month, config, calendar, now } = input;
  const tz = config.timezone;
  const f = config.fines.supervisor;
  const th = config.thresholds;
  const lines: Line[] = [];
  const flags: Flag[] = [];
  const due = (at: string) => !now || ms(now) > ms(at);

  // Department weekly report, due Sunday 18:00; the week is counted in the month of its Saturday.
  for (const sat of saturdaysOf(month, laterOf(p.hired, config.since))) {
    const dl = weeklyDue(sat, config.deadlines.departmentWeekly, tz);
    const w = deptWeeklyIndex(input).get(sat);
    if (w ? ms(w.submitted) <= ms(dl.at) : !due(dl.at)) continue;
    lines.push({
      rule: "deptWeeklyLate",
      text: w
        ? `技术服务周报 ${w.id} 迟交：截止 ${fmt(dl.at, tz)}，提交 ${fmt(w.submitted, tz)}`
        : `${sat} 当周技术服务周报未交（截止 ${fmt(dl.at, tz)}），按迟交计`,
      amount: -f.reportLate,
      refs: w ? [w.id] : [],
      date: sat,
    });
  }

  // Last month's monthly report and assessment: due in the first N working days of this month.
  const prev = windowMonths(month, 2)[0];
  if (prev >= (config.since ? documentsOrigin(config.since) : origin)) {
    const dl = monthlyDocumentDeadline(calendar, prev, config.deadlines.monthlyReportWorkdays, tz);
    const r = input.monthlies.find((x) => x.month === prev);
    if (r ? ms(r.submitted) > ms(dl.at) : due(dl.at)) {
      lines.push({
        rule: "monthlyLate",
        text: r
          ? `${prev} 月度报表 ${r.id} 迟交：截止 ${fmt(dl.at, tz)}（本月第 ${config.deadlines.monthlyReportWorkdays} 个工作日），提交 ${fmt(r.submitted, tz)}`
          : `${prev} 月度报表未交（截止 ${fmt(dl.at, tz)}），按迟交计`,
        amount: -f.reportLate,
        refs: r ? [r.id] : [],
        date: dl.date,
      });
    }
    const da = monthlyDocumentDeadline(calendar, prev, config.deadlines.assessmentWorkdays, tz);
    // A draft made before the month ended is not last month's sheet: not issued yet.
    const a = input.assessments.find((x) => x.month === prev && dateIn(x.drafted.at, tz) > lastDayOf(prev));
    if (a ? ms(a.drafted.at) > ms(da.at) : due(da.at)) {
      lines.push({
        rule: "assessmentLate",
        text: a
          ? `${prev} 月度考核表 ${a.id} 迟交：截止 ${fmt(da.at, tz)}（本月第 ${config.deadlines.assessmentWorkdays} 个工作日），编制 ${fmt(a.drafted.at, tz)}`
          : `${prev} 月度考核表未编制（截止 ${fmt(da.at, tz)}），按迟交计`,
        amount: -f.reportLate,
        refs: a ? [a.id] : [],
        date: da.date,
      });
    }
  }

  // Incident notices: due N working days after the reflection; counted in the month of the deadline.
  for (const i of input.incidents) {
    if (!i.reflection) continue;
    const dl = incidentNoticeDeadline(i, calendar, config);
    if (!dl || monthOf(dl.date) !== month) continue;
    const n = i.notification;
    if (n ? ms(n.at) <= ms(dl.at) : !due(dl.at)) continue;
    lines.push({
      rule: "noticeLate",
      text: n
        ? `事故 ${i.id} 的事故通报迟交：反思 ${fmt(i.reflection.at, tz)}，截止 ${fmt(dl.at, tz)}，通报 ${fmt(n.at, tz)}`
        : `事故 ${i.id} 的事故通报未发（反思 ${fmt(i.reflection.at, tz)}，截止 ${fmt(dl.at, tz)}），按迟交计`,
      amount: -f.reportLate,
      refs: [i.id],
      date: dl.date,
    });
  }

  // Incidents in the department.
  for (const i of input.incidents) {
    if (monthOf(i.date) !== month) continue;
    lines.push({
      rule: i.class === "I" ? "deptIncidentI" : "deptIncidentII",
      text: `部门${i.class}类事故 ${i.id}（${nameOf(input, i.engineer)}）：${oneLine(i.cause)}`,
      amount: -(i.class === "I" ? f.incidentI : f.incidentII),
      refs: [i.id],
      date: i.date,
    });
  }

  // Condoning (D7 refined, D15): confirming a letter that was unsigned, or already marked forged, when
  // he confirmed it; a forgery discovered after his confirmation costs the engineer only.
  for (const l of input.letters) {
    if (!l.confirmation || l.confirmation.by !== p.id || !l.completion?.at) continue;
    if (!condoned(l)) continue;
    const date = dateIn(l.confirmation.at, tz);
    if (monthOf(date) !== month) continue;
    lines.push({
      rule: "condoneUnsigned",
      text: `确认了${l.completion.forged ? "客户签字伪造" : "无客户签字"}的责任书 ${l.id}（${nameOf(input, l.engineer)}）`,
      amount: -f.condoneUnsigned,
      refs: [l.id],
      date,
    });
  }

  // Reward: N months without a class I incident in the department (streak restarts when paid).
  const start = streakStart(origin, p.hired);
  const classIMonths = memo(
    input.incidents,
    "classIMonths",
    () => new Set(input.incidents.filter((i) => i.class === "I").map((i) => monthOf(i.date))),
  );
  const noClassI = (m: string) => !classIMonths.has(m);
  const paid = streakPaid(month, config.rewards.supervisorMonths, noClassI, start);
  if (paid && config.rewards.supervisor > 0) {
    lines.push({
      rule: "supervisorReward",
      text: `连续 ${paid.length} 个月（${paid[0]} 至 ${paid[paid.length - 1]}）部门无I类事故`,
      amount: config.rewards.supervisor,
      refs: [],
      date: lastDayOf(month),
    });
  }

  // Flag: N class I incidents in the department within the window.
  const win = input.incidents
    .filter((i) => i.class === "I" && inWindow(i.date, month, th.supervisorClassIDowngradeMonths))
    .sort((a, b) => a.date.localeCompare(b.date));
  if (win.some((i) => monthOf(i.date) === month) && win.length >= th.supervisorClassIDowngrade) {
    const w = windowMonths(month, th.supervisorClassIDowngradeMonths);
    flags.push({
      rule: "supervisorDowngrade",
      decision: "降级",
      text: `${w[0]} 至 ${w[w.length - 1]} 部门 ${win.length} 次I类事故：报总经理决定降主管工资`,
      refs: win.map((i) => i.id),
    });
  }
  // D13: nothing dated before the records begin is fined.
  const sorted = sortLines(lines.filter((l) => counts(l.date, config.since)));
  return { person: p.id, role: "supervisor", lines: sorted, total: sum(sorted), flags };
}

// ------------------------------------------------------------------------------------------------
// Amendments (D11): a signed assessment changes only through amendment records.

/** The assessment as amended, totals recomputed from the lines. */
export function applyAmendments(a: Assessment, amendments: Amendment[]): Assessment {
  const out = applyChanges(a, amendments);
  for (const p of out.people) p.total = sum(p.lines);
  return out;
}

/** The changes that append a correction line to a person's sheet of a signed assessment. */
export function amendmentChanges(a: Assessment, person: string, line: Line): Amendment["changes"] {
  const idx = a.people.findIndex((p) => p.person === person);
  if (idx < 0) throw new Error(`${person} is not in ${a.id}`);
  const before = a.people[idx].total;
  return [
    { path: `/people/${idx}/lines/-`, after: line },
    { path: `/people/${idx}/total`, before, after: before + line.amount },
  ];
}
