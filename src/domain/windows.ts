// The month windows of DOMAIN §7 D5 and the "consecutive months" streaks of D6 — implemented once,
// used by the assessment (flags, rewards) and the tier eligibility.
//
// D5: "within N months" = the assessed calendar month and the N−1 months before it.
// D6: a reward after N consecutive qualifying calendar months, paid in the Nth; the streak then starts
//     again (so a run of qualifying months pays in its Nth, 2Nth, 3Nth … month).
// Pure: months are YYYY-MM strings, dates YYYY-MM-DD (department time).
import { addMonths, fixedDate } from "../core/time.ts";

/** The month (YYYY-MM) of a date YYYY-MM-DD or of a month string. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

/** The N months of the window ending with `month`, oldest first (D5). */
export function windowMonths(month: string, n: number): string[] {
  const out: string[] = [];
  for (let i = n - 1; i >= 0; i--) out.push(addMonths(month, -i));
  return out;
}

/** Whether a date (or month) lies in the N-month window ending with `month` (D5). */
export function inWindow(date: string, month: string, n: number): boolean {
  const m = monthOf(date);
  return m <= month && m >= addMonths(month, -(n - 1));
}

/** Months from `from` to `to`, both included (empty when to < from). */
export function monthRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) out.push(m);
  return out;
}

/**
 * The first month that counts towards "N consecutive months" (D6 rewards, D9 tier eligibility): the
 * later of `origin` (the first month the records cover) and the first whole month of employment — the
 * hire month only when hired on its 1st.
 */
export function streakStart(origin: string, hired?: string): string {
  if (!hired) return origin;
  const first = hired.endsWith("-01") ? monthOf(hired) : addMonths(monthOf(hired), 1);
  return first > origin ? first : origin;
}

/** The last day of a month YYYY-MM. */
export function lastDayOf(month: string): string {
  const next = addMonths(month, 1);
  const d = new Date(`${next}-01T00:00:00Z`);
  d.setUTCDate(0);
  return d.toISOString().slice(0, 10);
}

/**
 * Length of the run of consecutive qualifying months ending with `month` (0 when `month` itself does
 * not qualify). Months before `origin` never count (nothing is known about them).
 */
export function runLength(month: string, qualifies: (m: string) => boolean, origin: string): number {
  let n = 0;
  for (let m = month; m >= origin && qualifies(m); m = addMonths(m, -1)) n++;
  return n;
}

/**
 * D6: does a streak reward fall in `month`? It does when the run of qualifying months ending there
 * has a length that is a positive multiple of `n` (paid in the nth month, then the streak restarts).
 * Returns the months of the paid streak (oldest first), or undefined.
 */
export function streakPaid(
  month: string,
  n: number,
  qualifies: (m: string) => boolean,
  origin: string,
): string[] | undefined {
  const len = runLength(month, qualifies, origin);
  if (len === 0 || len % n !== 0) return undefined;
  return windowMonths(month, n);
}

// Local dates are needed for every letter many times over (streaks look back month by month): one
// cached Intl formatter per zone and a memo per instant keep a 50,000-record repository fast.
const formatters = new Map<string, Intl.DateTimeFormat>();
const dates = new Map<string, string>();

/** The department-local date YYYY-MM-DD of an ISO instant. */
export function localDate(iso: string, tz: string): string {
  const fixed = fixedDate(iso, tz); // a fixed-offset zone's: arithmetic, or the text itself (time.ts)
  if (fixed !== undefined) return fixed;
  const key = `${tz}|${iso}`;
  let d = dates.get(key);
  if (d === undefined) {
    let f = formatters.get(tz);
    if (!f) {
      f = new Intl.DateTimeFormat("en-CA", {
        timeZone: tz,
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
      });
      formatters.set(tz, f);
    }
    d = f.format(new Date(iso));
    if (dates.size > 200_000) dates.clear();
    dates.set(key, d);
  }
  return d;
}
