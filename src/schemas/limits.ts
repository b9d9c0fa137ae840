// The sane ranges of every number and date svc stores (issue 11 "Sane values"), in one place: the
// record schemas build their `minimum`/`maximum` and date patterns from these, and the commands'
// flag parsers refuse the same values with a usage error naming the flag, the value and the range.
// So `svc check` rejects in a hand-edited record exactly what a flag would have refused. Free of the
// schema library, so command modules may import it at start-up (like enums.ts and kinds.ts).

export interface Range {
  min: number;
  max: number;
}

/** Years of every date, time and month svc stores (events, deadlines, reports). */
export const YEARS: Range = { min: 2000, max: 2099 };
/** Years of a hire date: people hired long before svc came are on the roster too. */
export const HIRED_YEARS: Range = { min: 1970, max: 2099 };

/** A JSON Schema `pattern` for a YYYY-MM-DD… string whose year lies in the range (a century step). */
export function yearPattern(r: Range): string {
  const alts: string[] = [];
  for (let c = Math.floor(r.min / 100); c <= Math.floor(r.max / 100); c++) {
    const lo = Math.max(r.min, c * 100) % 100;
    const hi = Math.min(r.max, c * 100 + 99) % 100;
    alts.push(`${c}${decades(lo, hi)}`);
  }
  return `^(${alts.join("|")})-`;
}

/** A regex part matching the two-digit years lo..hi (00–99). */
function decades(lo: number, hi: number): string {
  if (lo === 0 && hi === 99) return "\\d{2}";
  const parts: string[] = [];
  for (let d = Math.floor(lo / 10); d <= Math.floor(hi / 10); d++) {
    const a = d === Math.floor(lo / 10) ? lo % 10 : 0;
    const b = d === Math.floor(hi / 10) ? hi % 10 : 9;
    parts.push(a === 0 && b === 9 ? `${d}\\d` : a === b ? `${d}${a}` : `${d}[${a}-${b}]`);
  }
  return parts.length === 1 ? parts[0] : `(${parts.join("|")})`;
}

/** Whether the YYYY… string's year lies in the range. */
export function yearIn(s: string, r: Range = YEARS): boolean {
  const y = Number(s.slice(0, 4));
  return /^\d{4}/.test(s) && y >= r.min && y <= r.max;
}

/** 项目责任书 travel: planned days (--days) and the travel advance in yuan (--advance). */
export const TRAVEL_DAYS: Range = { min: 1, max: 365 };
export const ADVANCE: Range = { min: 0, max: 100_000 };
/** Trip days in a payroll row (the month's trips summed). */
export const PAY_TRAVEL_DAYS: Range = { min: 0, max: 366 };
/** Tier steps a month's base pay is lowered by communication complaints (D20). */
export const PAY_LEVELS: Range = { min: 1, max: 50 };
/** Any amount of money in an assessment, an amendment or a payroll (yuan, either sign). */
export const MONEY: Range = { min: -1_000_000, max: 1_000_000 };
/** 培训考核 score. */
export const SCORE: Range = { min: 0, max: 100 };

/** "2000–2099" */
export function rangeText(r: Range): string {
  return `${r.min}–${r.max}`;
}

/** How many of one part a letter replaces at a time (D21). */
export const PART_QTY: Range = { min: 1, max: 10_000 };
