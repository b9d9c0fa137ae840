// D13 — records begin. svc.yaml `since` (YYYY-MM-DD, written by `svc init`) is the day the department's
// records begin: nothing dated before it is due, late, missing, fined or counted in a streak. A month
// with `since` inside it is partial: it counts only from `since` and does not start a streak. A
// repository without `since` (written before D13) keeps the earlier reading: its records begin with
// the first record. Pure functions: no clock, no disk.
import { addMonths } from "../core/time.ts";

/** Whether a dated thing (YYYY-MM-DD or an ISO time's date) counts under `since`. */
export function counts(date: string | undefined, since: string | undefined): boolean {
  return !since || !date || date.slice(0, 10) >= since;
}

/** The later of two dates (either may be missing). */
export function laterOf(a: string | undefined, b: string | undefined): string | undefined {
  if (!a) return b;
  if (!b) return a;
  return a > b ? a : b;
}

/** The first month a streak may count (D6, D9): since's month when since is its 1st, else the next. */
export function streakOrigin(since: string): string {
  const month = since.slice(0, 7);
  return since.endsWith("-01") ? month : addMonths(month, 1);
}

/** The first month whose periodic documents (monthly report, assessment) are owed: since's month. */
export function documentsOrigin(since: string): string {
  return since.slice(0, 7);
}

/** A month that began before `since` and ends on or after it: it counts only from `since`. */
export function partialMonth(month: string, since: string | undefined): boolean {
  return Boolean(since && since.slice(0, 7) === month && !since.endsWith("-01"));
}
