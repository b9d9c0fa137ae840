// The Chinese working-day calendar (DOMAIN §3, §5): statutory holidays and make-up working days (调休)
// from the maintained package `chinese-days`, completed by svc.yaml `calendar`.
//
// The trap: chinese-days holds data only up to its last published year (2026 in 1.5.x) and silently
// treats later years as plain Monday–Friday weeks. svc never decides a deadline silently on such a
// year: every calendar remembers the years it was asked about, `coverage(year)` says where a year's
// data comes from, and `warnings(years)` names the years that have none, so commands can print it.
// svc.yaml can add holidays and make-up working days (they win over the package) and declare, with
// `calendar.years`, that a year's data is complete there.
//
// Pure: no clock, no disk; the config is a parameter. Dates are YYYY-MM-DD in the department's zone.
import { createRequire } from "node:module";
import type chineseDaysModule from "chinese-days";
import dayjs from "dayjs";
import { t } from "../core/i18n.ts";
import { addDays, atLocal, isoLocal } from "../core/time.ts";
import type { Config } from "../schemas/index.ts";

export type CalendarConfig = Config["calendar"];
export type Coverage = "package" | "config" | "none";

/** Time of day a working-day deadline ends: the whole working day counts (local wall clock). */
export const END_OF_DAY = "23:59:59";

export interface Calendar {
  /** A working day: a make-up working day, or Monday–Friday that is not a holiday. */
  isWorkday(date: string): boolean;
  /** The nth working day after `date` (n > 0; `date` itself not counted), or before it (n < 0). n = 0: `date`. */
  addWorkdays(date: string, n: number): string;
  /** The nth (1-based) working day of a month YYYY-MM, e.g. the 3rd = the assessment deadline. */
  nthWorkdayOfMonth(month: string, n: number): string;
  /** Working days from `from` to `to`, both counted (0 when to < from). */
  workdaysBetween(from: string, to: string): number;
  /** Where the year's holiday data comes from. */
  coverage(year: number): Coverage;
  /** Every year this calendar was asked about so far (sorted). */
  consulted(): number[];
  /** One message per given year without holiday data (default: the years consulted so far). */
  warnings(years?: number[]): string[];
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function checkDate(date: string): void {
  // A plain valid date by arithmetic (every working-day question asks this); anything else as dayjs says.
  const m = DATE.exec(date);
  if (
    m &&
    Number(m[1]) >= 1000 &&
    new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])).toISOString().slice(0, 10) === date
  )
    return;
  if (!m || dayjs(date, "YYYY-MM-DD").format("YYYY-MM-DD") !== date) {
    throw new RangeError(`calendar: "${date}" is not a YYYY-MM-DD date`);
  }
}

// The package (its lunar calendar and every year's data: ~37 ms to load) is required on first use;
// the build writes its working days as a small table (scripts/workdays.mjs, dist/workdays.cjs), which
// answers for the years it spans without loading the package (`svc show N-…`'s SLA clocks, issue 18).
const requireHere = createRequire(import.meta.url);
let loaded: typeof chineseDaysModule | undefined;
function chineseDays(): typeof chineseDaysModule {
  loaded ??= requireHere("chinese-days") as typeof chineseDaysModule;
  return loaded;
}

export interface WorkdayTable {
  first: number;
  last: number;
  /** The years the package has the holiday arrangement of. */
  covered: number[];
  /** The dates whose working status is not that of Monday–Friday. */
  exceptions: string[];
}

let table: { first: number; last: number; covered: Set<number>; exceptions: Set<string> } | null | undefined;
function builtTable(): typeof table {
  if (table === undefined) {
    table = null;
    for (const rel of ["./workdays.cjs", "../workdays.cjs"]) {
      const url = new URL(rel, import.meta.url);
      if (url.protocol !== "file:" || !url.pathname.includes("/dist/")) continue;
      try {
        const t = requireHere(url.pathname) as WorkdayTable;
        table = { ...t, covered: new Set(t.covered), exceptions: new Set(t.exceptions) };
        break;
      } catch {
        // not built: the package
      }
    }
  }
  return table;
}

/** Whether `date` (YYYY-MM-DD) is a working day by a table of the package's data (scripts/workdays.mjs). */
export function isWorkdayByTable(t: { exceptions: ReadonlySet<string> }, date: string): boolean {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return (day !== 0 && day !== 6) !== t.exceptions.has(date);
}

/** The package's answer, from the built table within its years. */
function packageWorkday(date: string): boolean {
  const t = builtTable();
  const year = Number(date.slice(0, 4));
  return t && year >= t.first && year <= t.last ? isWorkdayByTable(t, date) : chineseDays().isWorkday(date);
}

const packageYears = new Map<number, boolean>();

/** Whether chinese-days has the statutory holiday arrangement of this year. */
export function packageCovers(year: number): boolean {
  let has = packageYears.get(year);
  if (has === undefined) {
    // Weekday holidays exist in every year that has data (元旦, 国庆 …); none means no data.
    const t = builtTable();
    has =
      t && year >= t.first && year <= t.last
        ? t.covered.has(year)
        : chineseDays().getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0;
    packageYears.set(year, has);
  }
  return has;
}

export function makeCalendar(config: Partial<CalendarConfig> | undefined): Calendar {
  const holidays = new Set(config?.holidays ?? []);
  const workdays = new Set(config?.workdays ?? []);
  const declared = new Set(config?.years ?? []);
  const seen = new Set<number>();

  const coverage = (year: number): Coverage =>
    packageCovers(year) ? "package" : declared.has(year) ? "config" : "none";

  const isWorkday = (date: string): boolean => {
    checkDate(date);
    seen.add(Number(date.slice(0, 4)));
    if (workdays.has(date)) return true;
    if (holidays.has(date)) return false;
    return packageWorkday(date);
  };

  const step = (date: string, delta: number) => addDays(date, delta);

  const addWorkdays = (date: string, n: number): string => {
    checkDate(date);
    if (!Number.isInteger(n)) throw new RangeError(`calendar: ${n} is not a whole number of working days`);
    let d = date;
    const dir = n < 0 ? -1 : 1;
    for (let left = Math.abs(n); left > 0; ) {
      d = step(d, dir);
      if (isWorkday(d)) left--;
    }
    seen.add(Number(date.slice(0, 4)));
    return d;
  };

  const nthWorkdayOfMonth = (month: string, n: number): string => {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new RangeError(`calendar: "${month}" is not YYYY-MM`);
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`calendar: working day ${n} must be 1 or more`);
    let d = `${month}-01`;
    let count = isWorkday(d) ? 1 : 0;
    while (count < n) {
      d = step(d, 1);
      if (isWorkday(d)) count++;
    }
    return d;
  };

  const workdaysBetween = (from: string, to: string): number => {
    checkDate(from);
    checkDate(to);
    let count = 0;
    for (let d = from; d <= to; d = step(d, 1)) if (isWorkday(d)) count++;
    return count;
  };

  const warnings = (years?: number[]): string[] => {
    const list = [...new Set(years ?? [...seen])].sort((a, b) => a - b);
    const out: string[] = [];
    for (const y of list) {
      if (coverage(y) !== "none") continue;
      const partial = [...holidays, ...workdays].some((d) => d.startsWith(`${y}-`));
      out.push(
        partial
          ? t(
              `${y} 年没有完整的法定节假日数据：svc.yaml calendar 中已有该年部分日期，但 calendar.years 未声明 ${y}；期限按已填日期和普通周末计算，可能不准。补全后在 calendar.years 中加入 ${y}`,
              `${y} has no complete statutory holiday data: svc.yaml calendar lists some of its days but calendar.years does not declare ${y}; deadlines use those days and ordinary weekends and may be wrong. Complete them and add ${y} to calendar.years`,
            )
          : t(
              `${y} 年没有法定节假日数据（日历包只到 ${lastPackageYear()} 年）：期限按普通周末计算，可能不准。请在 svc.yaml calendar.holidays / calendar.workdays 中补全该年的放假和调休日期，并在 calendar.years 中加入 ${y}`,
              `${y} has no statutory holiday data (the calendar package ends at ${lastPackageYear()}): deadlines assume ordinary weekends and may be wrong. Add that year's holidays and make-up working days to svc.yaml calendar.holidays / calendar.workdays and add ${y} to calendar.years`,
            ),
      );
    }
    return out;
  };

  return {
    isWorkday,
    addWorkdays,
    nthWorkdayOfMonth,
    workdaysBetween,
    coverage,
    consulted: () => [...seen].sort((a, b) => a - b),
    warnings,
  };
}

/** The last year chinese-days has data for (its data starts in 2004). */
export function lastPackageYear(): number {
  let y = 2004;
  while (packageCovers(y + 1)) y++;
  return y;
}

// ------------------------------------------------------------------------------------------------
// Deadlines. A deadline is an instant (ISO with the department's offset) plus the day it falls on
// and the years without holiday data that were used to compute it (empty when it is certain).

export interface Deadline {
  /** ISO 8601 instant with the department's offset. */
  at: string;
  /** The local day of the deadline, YYYY-MM-DD. */
  date: string;
  /** Years without holiday data the computation relied on: the deadline may be wrong. */
  uncovered: number[];
}

/** The last second of a local day, 23:59:59 in the zone, as an ISO instant with the zone's offset. */
export function endOfLocalDay(date: string, tz: string): string {
  checkDate(date);
  return isoLocal(new Date(new Date(atLocal(date, "23:59", tz)).getTime() + 59_000), tz);
}

function endOfDay(cal: Calendar, date: string, tz: string, years: number[]): Deadline {
  return {
    at: endOfLocalDay(date, tz),
    date,
    uncovered: [...new Set(years)].filter((y) => cal.coverage(y) === "none").sort((a, b) => a - b),
  };
}

function yearsBetween(a: string, b: string): number[] {
  const [x, y] = [Number(a.slice(0, 4)), Number(b.slice(0, 4))].sort((p, q) => p - q);
  const out: number[] = [];
  for (let i = x; i <= y; i++) out.push(i);
  return out;
}

/**
 * The end (23:59:59 local) of the nth working day of `month` — e.g. the assessment of October is
 * due by the end of the 3rd working day of November: `deadlineOfMonthlyWorkdays(cal, "2026-11", 3, tz)`.
 */
export function deadlineOfMonthlyWorkdays(cal: Calendar, month: string, n: number, tz: string): Deadline {
  const day = cal.nthWorkdayOfMonth(month, n);
  return endOfDay(cal, day, tz, yearsBetween(`${month}-01`, day));
}

/** The deadline of a monthly document about `month` (assessment, monthly report): within the first n working days of the next month. */
export function monthlyDocumentDeadline(cal: Calendar, month: string, n: number, tz: string): Deadline {
  const next = dayjs(`${month}-01`).add(1, "month").format("YYYY-MM");
  return deadlineOfMonthlyWorkdays(cal, next, n, tz);
}

/** The end (23:59:59 local) of the nth working day after `date`, e.g. the incident notice after the reflection. */
export function deadlineAfterWorkdays(cal: Calendar, date: string, n: number, tz: string): Deadline {
  const day = cal.addWorkdays(date, n);
  return endOfDay(cal, day, tz, yearsBetween(date, day));
}

export interface WeeklyDeadlineConfig {
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  /** HH:mm local. */
  time: string;
}

/**
 * The deadline of a weekly report for the week (Monday–Sunday) closed by `saturday`: the given weekday
 * of that week at the given local time — engineers Saturday 18:00, the department Sunday 18:00 (the
 * Sunday after the Saturday). Weekly deadlines are on the wall clock, not the working-day calendar.
 */
export function weeklyDeadline(saturday: string, deadline: WeeklyDeadlineConfig, tz: string): Deadline {
  checkDate(saturday);
  const offset = deadline.weekday === 0 ? 1 : deadline.weekday - 6;
  const date = addDays(saturday, offset);
  return { at: atLocal(date, deadline.time, tz), date, uncovered: [] };
}

/** Every `every` calendar days from `start` (exclusive) up to `until` (inclusive): the check-in days while travelling. */
export function everyNDays(start: string, every: number, until: string): string[] {
  checkDate(start);
  checkDate(until);
  const out: string[] = [];
  if (every < 1) return out;
  for (let d = dayjs(start).add(every, "day"); d.format("YYYY-MM-DD") <= until; d = d.add(every, "day")) {
    out.push(d.format("YYYY-MM-DD"));
  }
  return out;
}

// ------------------------------------------------------------------------------------------------
// Coverage of the records (svc check): the years the records reach must have holiday data.

const ID_DATE = /^[A-Z]+-(\d{4})(\d{2})(\d{2})?(?:-|$)/;

/** The date a record id carries (N-20261103-…, W-20261128-…, DW-20261128, M-202610 → its 1st), if any. */
export function idDate(id: string): string | undefined {
  const m = ID_DATE.exec(id);
  if (!m) return undefined;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return undefined;
  return `${m[1]}-${m[2]}-${m[3] ?? "01"}`;
}

export interface CoverageWarning {
  year: number;
  /** The earliest record (by its id's date) that reaches the year. */
  id: string;
  message: string;
}

/**
 * One warning per year without holiday data that the records reach: the year of a record's id date,
 * and — for a record in December — the next year too, since its deadlines (the month's assessment and
 * report, an incident notice) fall in January. Years declared in svc.yaml calendar.years are covered.
 */
export function recordCoverageWarnings(
  config: Partial<CalendarConfig> | undefined,
  ids: Iterable<string>,
): CoverageWarning[] {
  const cal = makeCalendar(config);
  const first = new Map<number, { date: string; id: string }>();
  const reach = (year: number, date: string, id: string) => {
    const seen = first.get(year);
    if (!seen || date < seen.date || (date === seen.date && id < seen.id)) first.set(year, { date, id });
  };
  for (const id of ids) {
    const date = idDate(id);
    if (!date) continue;
    const year = Number(date.slice(0, 4));
    reach(year, date, id);
    if (date.slice(5, 7) === "12") reach(year + 1, date, id);
  }
  const out: CoverageWarning[] = [];
  for (const [year, { id }] of [...first].sort((a, b) => a[0] - b[0])) {
    if (cal.coverage(year) !== "none") continue;
    out.push({ year, id, message: cal.warnings([year])[0] });
  }
  return out;
}
