// Customer ratings across letters (DOMAIN §3, §7 D1 and D2).
//
// D1: an engineer's ratings form one sequence across months — letters in order of completion, each
//     letter's three ratings in the order 态度, 水平, 结果. Every run of `fairRun` (3) 中 in a row costs a
//     fine in the month its last 中 falls; a fined run is used up (runs do not overlap); any other
//     rating breaks the run. A letter rated 中/中/中 is such a run — fined once.
// D2: a letter closed without the customer's signature, or whose signature the supervisor marked
//     forged, counts as three 差: in the sequence it stands as 差/差/差 (so it breaks a run of 中), its
//     own ratings are ignored, and instead of the per-差 fine it costs the `unsigned` amount once.
import type { Grade, Letter } from "../schemas/index.ts";
import { isUnsignedLetter } from "./figures.ts";
import { localDate } from "./windows.ts";

export const RATING_ITEMS = [
  ["attitude", "态度"],
  ["skill", "水平"],
  ["result", "结果"],
] as const;

/** A letter the customer signed off (or not): completed, with its completion details. */
export type Completed = Letter & { completion: NonNullable<Letter["completion"]> };

export function isCompleted(l: Letter): l is Completed {
  return Boolean(l.completion?.at);
}

/** D2: no customer signature, or a signature the supervisor marked forged. */
export function isUnsigned(l: Completed): boolean {
  return isUnsignedLetter(l); // the same test as the monthly report's statistics (figures.ts)
}

/** One rating in the engineer's sequence. */
export interface Rating {
  letter: string;
  /** Completion time of the letter (ISO). */
  at: string;
  /** Completion day in the department's zone, YYYY-MM-DD. */
  date: string;
  item: (typeof RATING_ITEMS)[number][1];
  grade: Grade;
  /** Stands for an unsigned letter (D2), not a rating the customer gave. */
  unsigned: boolean;
}

/** The engineer's completed letters in order of completion (time, then id). */
export function completedInOrder(letters: Letter[], engineer: string): Completed[] {
  return letters
    .filter((l): l is Completed => l.engineer === engineer && isCompleted(l))
    .sort((a, b) => {
      const d = new Date(a.completion.at).getTime() - new Date(b.completion.at).getTime();
      return d !== 0 ? d : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    });
}

/** The rating sequence of D1 (unsigned letters as 差/差/差, D2). Letters without ratings add nothing. */
export function ratingSequence(letters: Completed[], tz: string): Rating[] {
  const out: Rating[] = [];
  for (const l of letters) {
    const date = localDate(l.completion.at, tz);
    const unsigned = isUnsigned(l);
    const r = l.completion.ratings;
    for (const [key, item] of RATING_ITEMS) {
      if (unsigned) out.push({ letter: l.id, at: l.completion.at, date, item, grade: "差", unsigned });
      else if (r?.[key]) out.push({ letter: l.id, at: l.completion.at, date, item, grade: r[key], unsigned });
    }
  }
  return out;
}

/** A run of consecutive 中 that is fined (D1). */
export interface FairRun {
  ratings: Rating[];
  /** The day of its last 中: the fine falls in this month. */
  date: string;
}

/** Every fined run of `size` consecutive 中 in the sequence (runs do not overlap). */
export function fairRuns(seq: Rating[], size: number): FairRun[] {
  const runs: FairRun[] = [];
  let current: Rating[] = [];
  for (const r of seq) {
    if (r.grade !== "中" || r.unsigned) {
      current = [];
      continue;
    }
    current.push(r);
    if (current.length === size) {
      runs.push({ ratings: current, date: r.date });
      current = [];
    }
  }
  return runs;
}

/** Each 差 the customer actually gave (unsigned letters excluded, D2). */
export function poorRatings(seq: Rating[]): Rating[] {
  return seq.filter((r) => r.grade === "差" && !r.unsigned);
}

/** Below 良 (中 or 差), the D6 reward condition. */
export function belowGood(g: Grade): boolean {
  return g === "中" || g === "差";
}
