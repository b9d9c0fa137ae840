// Which month the dashboard shows, and which months get a page of their own (issue 17).
//
// The default month is what a GM opening the site expects to read: the running month once one of its
// working days is over; before that — on the 1st, or through a holiday that opens the month (the
// National Day week) — the month just ended, the month `svc monthly` and `svc assess` default to. So
// the figures are never all "—" on the morning of a month's first working day.
import { addMonths } from "../../core/time.ts";
import type { Calendar } from "../../domain/calendar.ts";
import type { ReportData, WeekReport } from "../../domain/figures.ts";

/** The month shown by default on `today` (YYYY-MM-DD, department time), `since` the records' begin. */
export function defaultMonth(today: string, cal: Calendar, since?: string): string {
  const running = today.slice(0, 7);
  const previous = addMonths(running, -1);
  // a month before the records begin has nothing to show
  if (since && previous < since.slice(0, 7)) return running;
  return today > cal.nthWorkdayOfMonth(running, 1) ? running : previous;
}

/**
 * The months with a page: those of the trend (the shown month and the eleven before) from the first
 * month with records, and those after the shown one up to the running month — oldest first.
 */
export function pageMonths(
  shown: string,
  running: string,
  first: string | undefined,
  span: number,
): string[] {
  const out: string[] = [];
  for (let i = span - 1; i >= 0; i--) {
    const m = addMonths(shown, -i);
    if (first !== undefined && m >= first) out.push(m);
  }
  if (!out.includes(shown)) out.push(shown);
  for (let m = addMonths(shown, 1), n = 0; m <= running && n < span; m = addMonths(m, 1), n++) out.push(m);
  return out;
}

/**
 * The first month with records: svc.yaml `since`'s (D13: nothing counts before it), else the month of
 * the first notice, letter, weekly report or incident (by the date its time is written with).
 */
export function firstMonth(data: ReportData<WeekReport>): string | undefined {
  if (data.config.since) return data.config.since.slice(0, 7);
  let first: string | undefined;
  const see = (m: string | undefined) => {
    if (m && (first === undefined || m < first)) first = m;
  };
  for (const n of data.notices) see(n.issued.at.slice(0, 7));
  for (const l of data.letters) see(l.assigned.at.slice(0, 7));
  for (const w of data.weeklies) see(w.week.slice(0, 7));
  for (const i of data.incidents) see(i.date.slice(0, 7));
  return first;
}
