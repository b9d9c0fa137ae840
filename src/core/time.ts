// Department-local time. Records store ISO times with the department's offset
// (e.g. 2026-11-23T09:30:00+08:00) and dates as YYYY-MM-DD in the department's zone.
import { createRequire } from "node:module";
import type dayjsModule from "dayjs";
import type { Dayjs } from "dayjs";
import type {} from "dayjs/plugin/timezone.js";
import type {} from "dayjs/plugin/utc.js";
import { type Range, rangeText, YEARS, yearIn } from "../schemas/limits.ts";
import { now as clockNow } from "./clock.ts";
import { UsageError } from "./errors.ts";
import { t } from "./i18n.ts";

// Performance (issue 7): command modules import this file at start-up, so dayjs and its plugins
// (CommonJS) are required synchronously on first use rather than loaded with every `svc --help`.
let loaded: typeof dayjsModule | undefined;
function dayjs(): typeof dayjsModule {
  if (!loaded) {
    const require = createRequire(import.meta.url);
    const d = require("dayjs") as typeof dayjsModule;
    d.extend(require("dayjs/plugin/utc.js"));
    d.extend(require("dayjs/plugin/timezone.js"));
    loaded = d;
  }
  return loaded;
}

export const DEFAULT_TZ = "Asia/Shanghai";

export function local(when: Date | string, tz: string): Dayjs {
  return dayjs()(when).tz(tz);
}

/**
 * Performance (issue 7): the first time-zone conversion through Intl initialises ICU's zone data,
 * 30–70 ms of every mutating command. Zones without daylight saving since 1992 are a fixed offset
 * for every record svc writes, so their local time is plain arithmetic; other zones and earlier
 * instants go through dayjs as before.
 */
const FIXED_OFFSET_MIN: Record<string, number> = {
  "Asia/Shanghai": 480,
  "Asia/Chongqing": 480,
  "Asia/Harbin": 480,
  "Asia/Hong_Kong": 480,
  "Asia/Macau": 480,
  "Asia/Taipei": 480,
  "Asia/Singapore": 480,
  "Asia/Urumqi": 360,
  "Asia/Tokyo": 540,
  "Asia/Seoul": 540,
  UTC: 0,
  "Etc/UTC": 0,
};
const FIXED_SINCE = Date.UTC(1992, 0, 1);

/** A zone svc computes by arithmetic (FIXED_OFFSET_MIN): an IANA name every ICU build knows. */
export function fixedOffsetZone(tz: string): boolean {
  return Object.hasOwn(FIXED_OFFSET_MIN, tz);
}

/** YYYY-MM-DDTHH:mm:ss±HH:mm by arithmetic, for fixed-offset zones; undefined otherwise. */
function fixedLocal(when: Date | string, tz: string): string | undefined {
  const offset = FIXED_OFFSET_MIN[tz];
  if (offset === undefined) return undefined;
  // A record's time is written in the department's offset already: such a text is its own local time
  // (the dashboard and `svc due` convert ~100,000 of them at 50,000 records). Only days up to the 28th
  // and hours up to 23, where Date cannot carry a day or an hour over into the next, and years after 1992.
  if (typeof when === "string" && when.length === 25 && localForm(offset).test(when)) return when;
  const ms = new Date(when).getTime();
  if (!(ms >= FIXED_SINCE)) return undefined;
  const wall = new Date(ms + offset * 60_000).toISOString().slice(0, 19);
  return `${wall}${offsetText(offset)}`;
}

function offsetText(offset: number): string {
  const abs = Math.abs(offset);
  return `${offset < 0 ? "-" : "+"}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

const localForms = new Map<number, RegExp>();
/** A time already local in a zone of `offset`, that Date reads as written (see fixedLocal). */
function localForm(offset: number): RegExp {
  let re = localForms.get(offset);
  if (!re) {
    const o = offsetText(offset).replace("+", "\\+");
    re = new RegExp(
      `^(?:199[3-9]|2\\d{3})-(?:0[1-9]|1[0-2])-(?:0[1-9]|1\\d|2[0-8])T(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d${o}$`,
    );
    localForms.set(offset, re);
  }
  return re;
}

/** ISO 8601 with the department's offset, seconds precision. */
export function isoLocal(when: Date | string, tz: string): string {
  return fixedLocal(when, tz) ?? local(when, tz).format("YYYY-MM-DDTHH:mm:ssZ");
}

/** The local date in a fixed-offset zone by arithmetic (fixedLocal); undefined in other zones. */
export function fixedDate(when: Date | string, tz: string): string | undefined {
  return fixedLocal(when, tz)?.slice(0, 10);
}

export function dateLocal(when: Date | string, tz: string): string {
  return fixedLocal(when, tz)?.slice(0, 10) ?? local(when, tz).format("YYYY-MM-DD");
}

export function monthLocal(when: Date | string, tz: string): string {
  return fixedLocal(when, tz)?.slice(0, 7) ?? local(when, tz).format("YYYY-MM");
}

const LOCAL_FORMS = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * A time typed by a person: full ISO with offset, or a local "YYYY-MM-DD[ HH:mm[:ss]]" read in the
 * department's zone (a bare date means 18:00, the end of the working day).
 */
export function parseTime(input: string, tz: string, what = "time"): string {
  const s = input.trim();
  const m = LOCAL_FORMS.exec(s);
  if (m) {
    const [, d, hh = "18", mm = "00", ss = "00"] = m;
    if (!yearIn(d)) throw badYear(input, what, YEARS);
    const parsed = dayjs().tz(`${d} ${hh.padStart(2, "0")}:${mm}:${ss}`, "YYYY-MM-DD HH:mm:ss", tz);
    if (!parsed.isValid() || parsed.format("YYYY-MM-DD") !== d) throw badTime(input, what, tz);
    return parsed.format("YYYY-MM-DDTHH:mm:ssZ");
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(s)) {
    if (!yearIn(s)) throw badYear(input, what, YEARS); // dayjs misreads year 0 (2001-…+17540432)
    const d = new Date(s);
    if (!Number.isNaN(d.getTime())) {
      const out = isoLocal(d, tz);
      if (!yearIn(out)) throw badYear(input, what, YEARS);
      return out;
    }
  }
  throw badTime(input, what, tz);
}

/** A date typed by a person, YYYY-MM-DD, its year within `years` (src/schemas/limits.ts). */
export function parseDate(input: string, what = "date", years: Range = YEARS): string {
  const s = input.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(s) && !yearIn(s, years)) throw badYear(input, what, years);
  if (/^\d{4}-\d{2}-\d{2}$/.test(s) && dayjs()(s, "YYYY-MM-DD").format("YYYY-MM-DD") === s) return s;
  throw new UsageError(
    t(
      `${what}: "${input}" 不是日期（应为 YYYY-MM-DD）`,
      `${what}: "${input}" is not a date (expected YYYY-MM-DD)`,
    ),
  );
}

export function parseMonth(input: string): string {
  const s = input.trim();
  if (/^\d{4}-(0[1-9]|1[0-2])$/.test(s)) {
    if (!yearIn(s)) throw badYear(input, "--month", YEARS);
    return s;
  }
  throw new UsageError(
    t(`月份 "${input}" 无效（应为 YYYY-MM）`, `month "${input}" is invalid (expected YYYY-MM)`),
  );
}

function badYear(input: string, what: string, years: Range): UsageError {
  return new UsageError(
    t(
      `${what}: "${input}" 的年份不在 ${rangeText(years)} 之间`,
      `${what}: "${input}" has a year outside ${rangeText(years)}`,
    ),
  );
}

function badTime(input: string, what: string, tz = "Asia/Shanghai"): UsageError {
  // The example is tomorrow 14:00 (a time one would type now), never a date in the past (issue 14).
  const ex = exampleTime(tz);
  return new UsageError(
    t(`${what}: "${input}" 不是时间`, `${what}: "${input}" is not a time`),
    t(
      `写成 ${ex.slice(0, 16).replace("T", " ")} 或 ISO 时间 ${ex}`,
      `write ${ex.slice(0, 16).replace("T", " ")} or an ISO time ${ex}`,
    ),
  );
}

/** Tomorrow 14:00 in `tz` (SVC_NOW honoured), as an ISO time: the example a time prompt shows. */
export function exampleTime(tz: string, from: Date = clockNow()): string {
  const day = local(from, tz).add(1, "day").format("YYYY-MM-DD");
  return dayjs().tz(`${day} 14:00:00`, "YYYY-MM-DD HH:mm:ss", tz).format("YYYY-MM-DDTHH:mm:ssZ");
}

/** The Saturday that closes the week (Mon–Sun) holding `date` (YYYY-MM-DD). Sunday maps to the day before. */
export function saturdayOf(date: string): string {
  const d = dayjs()(date, "YYYY-MM-DD");
  const dow = d.day(); // 0 Sunday … 6 Saturday
  const delta = dow === 0 ? -1 : 6 - dow;
  return d.add(delta, "day").format("YYYY-MM-DD");
}

/**
 * The engineer's week (DOMAIN D4): Monday–Sunday, named by its Saturday (the file name's MM-DD, the
 * W-YYYYMMDD id, the Saturday 18:00 deadline). The one definition every output uses — `svc due`'s
 * "…至…", the documents' titles, the figures of the week.
 */
export function weekRange(saturday: string): { saturday: string; from: string; to: string } {
  return { saturday, from: addDays(saturday, -5), to: addDays(saturday, 1) };
}

export function addDays(date: string, n: number): string {
  // Plain dates by arithmetic (every day an SLA clock spans is one call); anything else as dayjs says.
  const d = PLAIN_DATE.exec(date);
  if (d && Number.isInteger(n) && Math.abs(n) < 1e6) {
    const wall = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]));
    const back = new Date(wall).toISOString().slice(0, 10);
    if (back === date && Number(d[1]) >= 1000) {
      const out = new Date(wall + n * 86_400_000).toISOString();
      if (/^\d{4}-/.test(out)) return out.slice(0, 10);
    }
  }
  return dayjs()(date, "YYYY-MM-DD").add(n, "day").format("YYYY-MM-DD");
}

/** YYYY-MM shifted by n months. */
export function addMonths(month: string, n: number): string {
  return dayjs()(`${month}-01`).add(n, "month").format("YYYY-MM");
}

/** Calendar days between two dates, both counted (D10). */
export function daysInclusive(from: string, to: string): number {
  return dayjs()(to, "YYYY-MM-DD").diff(dayjs()(from, "YYYY-MM-DD"), "day") + 1;
}

/** The instant of a local wall-clock time in the zone, e.g. deadline Saturday 18:00. */
export function atLocal(date: string, hhmm: string, tz: string): string {
  return (
    fixedAtLocal(date, hhmm, tz) ??
    dayjs().tz(`${date} ${hhmm}`, "YYYY-MM-DD HH:mm", tz).format("YYYY-MM-DDTHH:mm:ssZ")
  );
}

/**
 * atLocal by arithmetic for a fixed-offset zone (the SLA clocks ask for two instants of every day
 * they span: 0.4 s of a monthly report at 50k records through dayjs); undefined — dayjs decides —
 * for any other zone, an instant before 1992, or a date or time that is not a plain valid one.
 */
function fixedAtLocal(date: string, hhmm: string, tz: string): string | undefined {
  const offset = FIXED_OFFSET_MIN[tz];
  const d = PLAIN_DATE.exec(date);
  const h = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (offset === undefined || !d || !h || Number(h[1]) > 23 || Number(h[2]) > 59) return undefined;
  const wall = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(h[1]), Number(h[2]));
  if (new Date(wall).toISOString().slice(0, 10) !== date) return undefined; // 2026-02-30 …
  return fixedLocal(new Date(wall - offset * 60_000), tz);
}
const PLAIN_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isAfter(a: string, b: string): boolean {
  return new Date(a).getTime() > new Date(b).getTime();
}
