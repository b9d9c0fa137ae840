// D17 — response-time targets by priority (SLA) [001 技术问题解决 二 1.2; 000 template 五.1; 004 四.1].
// Three clocks per notice, in working hours of working days (svc.yaml `workingHours`, the §7
// calendar with 调休 and holidays), starting when the notice was issued (出单时间) and paused while an
// approved delay with reason C (the customer's own) runs:
//   response   — the engineer reaches the customer: the earliest of the site confirmation and `svc ack`
//                (at the latest the arrival or the completion: on site he has reached him);
//   arrival    — on site or remote work started (`svc arrive`; at the latest the completion);
//   resolution — the completion.
// A duration is "Nh" (working hours) or "Nd" (working days of workingHours' length).
// Pure: the calendar, the settings and "now" are parameters; times are ISO instants.
import { addDays, atLocal, dateLocal, isoLocal } from "../core/time.ts";
import type { Config, Letter, Notice } from "../schemas/index.ts";
import type { Calendar } from "./calendar.ts";

export const CLOCKS = ["response", "arrival", "resolution"] as const;
export type ClockName = (typeof CLOCKS)[number];
export const CLOCK_TITLES: Record<ClockName, [string, string]> = {
  response: ["首次响应", "first response"],
  arrival: ["到场/开始远程处理", "on site / remote work started"],
  resolution: ["解决", "resolved"],
};

export type ClockState = "met" | "breached" | "at-risk" | "running";

export interface Clock {
  clock: ClockName;
  /** The target as configured, e.g. "2h", "1d". */
  target: string;
  /** The instant the clock runs out (pauses and non-working time skipped). */
  deadline: string;
  /** When the clock stopped (the event), if it did. */
  at?: string;
  /** Working milliseconds from the issue to the event (or to now while running), pauses excluded. */
  elapsedMs: number;
  /** Working milliseconds left (negative: over) at the event or now. */
  leftMs: number;
  state: ClockState;
}

export interface SlaSettings {
  sla: Config["sla"];
  workingHours: Config["workingHours"];
  timezone: string;
}

const ms = (iso: string) => new Date(iso).getTime();
const HOUR = 3_600_000;

function hhmm(s: string): number {
  const [h, m] = s.split(":").map(Number);
  return h * 60 + m;
}

/** Length of one working day in ms. */
export function dayMs(wh: SlaSettings["workingHours"]): number {
  return (hhmm(wh.end) - hhmm(wh.start)) * 60_000;
}

/** "2h" / "1.5d" → working milliseconds. */
export function durationMs(d: string, wh: SlaSettings["workingHours"]): number {
  const m = /^(\d+(?:\.\d+)?)([hd])$/.exec(d);
  if (!m) throw new RangeError(`sla: "${d}" is not a duration like 2h or 1d`);
  return Math.round(Number(m[1]) * (m[2] === "h" ? HOUR : dayMs(wh)));
}

type Span = [number, number];

/** Approved reason-C delays as pause intervals [request, until], merged. */
/** What the clocks read of a letter (svc due reads them from a projection: src/domain/due.ts DueLetter). */
export type ClockLetter = Pick<Letter, "delays"> & {
  [K in "completion" | "arrival" | "site" | "ack"]?: { at: string };
};

export function pausesOf(letter: ClockLetter | undefined): Span[] {
  const spans = (letter?.delays ?? [])
    .filter((d) => d.reason === "C" && d.approval)
    .map((d): Span => [ms(d.at), ms(d.until)])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  const out: Span[] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else out.push([...s]);
  }
  return out;
}

/**
 * A day's working window [start, end] as instants, or null on a day off — memoised per calendar (a
 * month's report asks for the same days of hundreds of letters' clocks).
 */
const windows = new WeakMap<Calendar, Map<string, Map<string, Span | null>>>();
/** The windows of `s`'s working hours on `cal`, by date (the key made once per settings seen). */
const keyOf = new WeakMap<SlaSettings, { start: string; end: string; tz: string; key: string }>();
function windowsOf(s: SlaSettings, cal: Calendar): Map<string, Span | null> {
  let byHours = windows.get(cal);
  if (!byHours) {
    byHours = new Map();
    windows.set(cal, byHours);
  }
  const { start, end } = s.workingHours;
  let k = keyOf.get(s);
  if (!k || k.start !== start || k.end !== end || k.tz !== s.timezone) {
    k = { start, end, tz: s.timezone, key: `${start}|${end}|${s.timezone}` };
    keyOf.set(s, k);
  }
  const key = k.key;
  let m = byHours.get(key);
  if (!m) {
    m = new Map();
    byHours.set(key, m);
  }
  return m;
}
function windowOf(date: string, s: SlaSettings, cal: Calendar): Span | null {
  const m = windowsOf(s, cal);
  let w = m.get(date);
  if (w === undefined) {
    w = cal.isWorkday(date)
      ? [
          ms(atLocal(date, s.workingHours.start, s.timezone)),
          ms(atLocal(date, s.workingHours.end, s.timezone)),
        ]
      : null;
    m.set(date, w);
  }
  return w;
}

/** The free working segments of one day from `from` on: the day's window minus the pauses. */
function segments(date: string, from: number, s: SlaSettings, cal: Calendar, pauses: Span[]): Span[] {
  const w = windowOf(date, s, cal);
  if (!w) return [];
  const a = Math.max(from, w[0]);
  const b = w[1];
  if (a >= b) return [];
  let free: Span[] = [[a, b]];
  for (const [p, q] of pauses) {
    if (q <= a || p >= b) continue;
    free = free.flatMap(([x, y]): Span[] => {
      const parts: Span[] = [];
      if (p > x) parts.push([x, Math.min(p, y)]);
      if (q < y) parts.push([Math.max(q, x), y]);
      return parts.filter(([u, v]) => v > u);
    });
  }
  return free;
}

/** The day after a date — memoised: every clock of `svc due` walks the same days (issue 18). */
const NEXT_DAY = new Map<string, string>();
function dayAfter(date: string): string {
  let next = NEXT_DAY.get(date);
  if (next === undefined) {
    next = addDays(date, 1);
    NEXT_DAY.set(date, next);
  }
  return next;
}

const MAX_DAYS = 3 * 366;
/** How far past its deadline a running clock's overrun is counted (calendar days). */
export const CAP_DAYS = 60;

/** The instant `dur` working ms after `start` (pauses skipped). */
export function addWorking(
  start: string,
  dur: number,
  s: SlaSettings,
  cal: Calendar,
  pauses: Span[] = [],
): string {
  let left = dur;
  const from = ms(start);
  let day = dateLocal(start, s.timezone);
  // Three years of days past what the pauses take and what a long target needs (a delay approved
  // until 2030, a 800d target: found by attack); a working day of no length is refused by svc check.
  const paused = pauses.reduce((sum, [p, q]) => sum + Math.max(0, q - Math.max(p, from)), 0);
  const days =
    MAX_DAYS + Math.ceil(paused / 86_400_000) + Math.ceil((2 * dur) / Math.max(dayMs(s.workingHours), HOUR));
  for (let i = 0; i < days; i++, day = dayAfter(day)) {
    for (const [a, b] of segments(day, from, s, cal, pauses)) {
      if (left <= b - a) return isoLocal(new Date(a + left), s.timezone);
      left -= b - a;
    }
  }
  throw new RangeError(`sla: no working time within ${days} days of ${start}`);
}

/** Working ms between two instants (pauses excluded); negative when `to` is before `from`. */
export function workingBetween(
  from: string,
  to: string,
  s: SlaSettings,
  cal: Calendar,
  pauses: Span[] = [],
): number {
  if (ms(to) < ms(from)) return -workingBetween(to, from, s, cal, pauses);
  const end = ms(to);
  let sum = 0;
  let day = dateLocal(from, s.timezone);
  const last = dateLocal(to, s.timezone);
  for (; day <= last; day = dayAfter(day))
    for (const [a, b] of segments(day, ms(from), s, cal, pauses)) if (a < end) sum += Math.min(b, end) - a;
  return sum;
}

const earliest = (...xs: (string | undefined)[]) =>
  xs.filter((x): x is string => Boolean(x)).sort((a, b) => ms(a) - ms(b))[0];

/** When each clock stopped, if it did. */
export function eventsOf(letter: ClockLetter | undefined): Record<ClockName, string | undefined> {
  const done = letter?.completion?.at;
  const arrived = earliest(letter?.arrival?.at) ?? done;
  return {
    response: earliest(letter?.site?.at, letter?.ack?.at) ?? arrived,
    arrival: arrived,
    resolution: done,
  };
}

/** The three clocks of a notice (and its letter, once assigned) at `now`. */
export function clocksOf(
  notice: Pick<Notice, "priority" | "issued">,
  letter: ClockLetter | undefined,
  s: SlaSettings,
  cal: Calendar,
  now: string,
): Clock[] {
  const targets = s.sla.targets[notice.priority];
  const pauses = pausesOf(letter);
  const events = eventsOf(letter);
  const start = notice.issued.at;
  const atRisk = durationMs(s.sla.atRisk, s.workingHours);
  return CLOCKS.map((clock) => {
    const target = targets[clock];
    const dur = durationMs(target, s.workingHours);
    const deadline = addWorking(start, dur, s, cal, pauses);
    const at = events[clock];
    // A clock still running long past its deadline (a notice left open for months): the working time
    // over is counted up to CAP_DAYS after the deadline only — `svc due` stays fast on old records.
    const cap = ms(deadline) + CAP_DAYS * 86_400_000;
    const until = at ?? (ms(now) > cap ? isoLocal(new Date(cap), s.timezone) : now);
    const elapsedMs = Math.max(0, workingBetween(start, until, s, cal, pauses));
    const leftMs = dur - elapsedMs;
    const state: ClockState = at
      ? ms(at) <= ms(deadline)
        ? "met"
        : "breached"
      : ms(now) > ms(deadline)
        ? "breached"
        : leftMs <= atRisk
          ? "at-risk"
          : "running";
    return { clock, target, deadline, ...(at ? { at } : {}), elapsedMs, leftMs, state };
  });
}

/** "2 小时 30 分" / "2h 30m" of working ms. */
export function hoursText(x: number): [string, string] {
  const mins = Math.round(Math.abs(x) / 60_000);
  const h = Math.floor(mins / 60);
  const m = mins % 60;
  return [
    `${h ? `${h} 小时` : ""}${m || !h ? `${h ? " " : ""}${m} 分钟` : ""}`,
    `${h ? `${h}h` : ""}${m || !h ? `${h ? " " : ""}${m}m` : ""}`,
  ];
}

/** The median of numbers (undefined when empty). */
export function median(xs: number[]): number | undefined {
  if (!xs.length) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

// ------------------------------------------------------------------ the reports' figures (D17)

export interface ClockCount {
  met: number;
  breached: number;
  /** met / (met + breached), 4 decimals; null when none. */
  rate: number | null;
}
export type ClockCounts = Record<ClockName, ClockCount>;

export interface SlaFigures {
  /** Letters completed in the period that came from a notice (their three clocks are decided). */
  letters: number;
  total: ClockCounts;
  byPriority: Record<Notice["priority"], { letters: number } & ClockCounts>;
  perEngineer: ({ engineer: string; letters: number; medianResponseMs: number | null } & ClockCounts)[];
  /** Median working time from the issue to the first response (ms), pauses excluded. */
  medianResponseMs: number | null;
  /** First-time fix: no new notice for the same customer and equipment within 30 days of completion. */
  firstTimeFix: {
    letters: number;
    fixed: number;
    rate: number | null;
    repeats: { letter: string; notice: string }[];
  };
  /** Each letter's clocks, for the report's list of breaches. */
  breaches: {
    letter: string;
    notice: string;
    engineer: string;
    priority: Notice["priority"];
    clock: ClockName;
    deadline: string;
    at: string;
  }[];
}

const ratio = (part: number, whole: number) =>
  whole === 0 ? null : Math.round((part / whole) * 10000) / 10000;
const zeroCounts = (): ClockCounts => ({
  response: { met: 0, breached: 0, rate: null },
  arrival: { met: 0, breached: 0, rate: null },
  resolution: { met: 0, breached: 0, rate: null },
});
function tally(into: ClockCounts, clocks: Clock[]) {
  for (const c of clocks) {
    if (c.state === "met") into[c.clock].met++;
    else if (c.state === "breached") into[c.clock].breached++;
  }
}
function finish(c: ClockCounts) {
  for (const k of CLOCKS) c[k].rate = ratio(c[k].met, c[k].met + c[k].breached);
}

const idMemo = new WeakMap<readonly Notice[], Map<string, Notice>>();
function noticeIndex(notices: readonly Notice[]): Map<string, Notice> {
  let m = idMemo.get(notices);
  if (!m) {
    m = new Map(notices.map((n) => [n.id, n]));
    idMemo.set(notices, m);
  }
  return m;
}
const repeatKey = (n: Notice) => `${n.customer}|${n.equipment ?? n.product ?? ""}`;
const keyMemo = new WeakMap<readonly Notice[], Map<string, Notice[]>>();
/** The notices by customer and equipment (memoised per array: the weekly reports ask per engineer). */
function noticesByKey(notices: readonly Notice[]): Map<string, Notice[]> {
  let byKey = keyMemo.get(notices);
  if (byKey) return byKey;
  byKey = new Map();
  for (const n of notices) {
    if (n.cancelled) continue;
    const list = byKey.get(repeatKey(n));
    if (list) list.push(n);
    else byKey.set(repeatKey(n), [n]);
  }
  keyMemo.set(notices, byKey);
  return byKey;
}

/** The repeat window of the first-time-fix rate (D17, D21): 30 days. */
export const REPEAT_DAYS = 30;

/**
 * D17 figures of the letters completed in [from, to] (local dates, both included) that came from a
 * notice: % met per clock, per priority and per engineer; the median first response; the
 * first-time-fix rate (a new notice for the same customer and equipment — `equipment`, else
 * `product` — issued within 30 days after the completion is a repeat).
 */
export function slaFigures(
  notices: readonly Notice[],
  letters: readonly Letter[],
  s: SlaSettings,
  cal: Calendar,
  from: string,
  to: string,
): SlaFigures {
  const byId = noticeIndex(notices);
  const total = zeroCounts();
  const byPriority = {
    紧急: { letters: 0, ...zeroCounts() },
    重要: { letters: 0, ...zeroCounts() },
    一般: { letters: 0, ...zeroCounts() },
  };
  const perEngineer = new Map<string, { letters: number; counts: ClockCounts; response: number[] }>();
  const responses: number[] = [];
  const breaches: SlaFigures["breaches"] = [];
  let count = 0;
  let fixed = 0;
  const repeats: { letter: string; notice: string }[] = [];
  const byKey = noticesByKey(notices);
  const sorted = [...letters].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const l of sorted) {
    const done = l.completion?.at;
    if (!done || !l.notice) continue;
    const day = dateLocal(done, s.timezone);
    if (day < from || day > to) continue;
    const n = byId.get(l.notice);
    if (!n || n.cancelled) continue;
    count++;
    const clocks = clocksOf(n, l, s, cal, done);
    tally(total, clocks);
    byPriority[n.priority].letters++;
    tally(byPriority[n.priority], clocks);
    let e = perEngineer.get(l.engineer);
    if (!e) {
      e = { letters: 0, counts: zeroCounts(), response: [] };
      perEngineer.set(l.engineer, e);
    }
    e.letters++;
    tally(e.counts, clocks);
    const resp = clocks.find((c) => c.clock === "response");
    if (resp?.at) {
      responses.push(resp.elapsedMs);
      e.response.push(resp.elapsedMs);
    }
    for (const c of clocks)
      if (c.state === "breached" && c.at)
        breaches.push({
          letter: l.id,
          notice: n.id,
          engineer: l.engineer,
          priority: n.priority,
          clock: c.clock,
          deadline: c.deadline,
          at: c.at,
        });
    const limit = new Date(done).getTime() + REPEAT_DAYS * 86_400_000;
    const again = (byKey.get(repeatKey(n)) ?? []).find(
      (m) => m.id !== n.id && ms(m.issued.at) > ms(done) && ms(m.issued.at) <= limit,
    );
    if (again) repeats.push({ letter: l.id, notice: again.id });
    else fixed++;
  }
  finish(total);
  for (const p of Object.values(byPriority)) finish(p);
  return {
    letters: count,
    total,
    byPriority,
    perEngineer: [...perEngineer.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([engineer, e]) => {
        finish(e.counts);
        return { engineer, letters: e.letters, medianResponseMs: median(e.response) ?? null, ...e.counts };
      }),
    medianResponseMs: median(responses) ?? null,
    firstTimeFix: { letters: count, fixed, rate: ratio(fixed, count), repeats },
    breaches,
  };
}
