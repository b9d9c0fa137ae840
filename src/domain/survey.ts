// D18 — the 回访 survey in the monthly report: coverage, the average satisfaction, and how often the
// survey disagrees with the ratings the engineer collected himself (a fraud signal), per engineer.
// Pure. Grades count 优 4, 良 3, 中 2, 差 1.
import type { Letter } from "../schemas/index.ts";

export const GRADE_POINTS: Record<string, number> = { 优: 4, 良: 3, 中: 2, 差: 1 };

export interface SurveyCount {
  /** Letters completed in the month. */
  letters: number;
  /** Surveys done: reached, or unreachable after 3 tries. */
  surveyed: number;
  reached: number;
  unreachable: number;
  /** surveyed / letters. */
  coverage: number | null;
  /** Reached surveys whose average differs by a whole grade or more from the engineer-collected one. */
  disagree: number;
  /** disagree / reached surveys with engineer-collected ratings. */
  disagreeRate: number | null;
  /** The customer said he did not sign personally. */
  notSignedPersonally: number;
}

export interface SurveyFigures extends SurveyCount {
  /** Average points (4 = 优 … 1 = 差) per item over the reached surveys. */
  averages: { attitude: number | null; quality: number | null; speed: number | null; all: number | null };
  perEngineer: ({ engineer: string } & SurveyCount)[];
  /** The disagreeing letters: the engineer's average and the survey's. */
  disagreements: { letter: string; engineer: string; collected: number; survey: number }[];
  notSignedLetters: { letter: string; engineer: string; decided: "forged" | "genuine" | null }[];
}

const ratio = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 10000) / 10000);
const mean = (xs: number[]) =>
  xs.length ? Math.round((xs.reduce((s, x) => s + x, 0) / xs.length) * 100) / 100 : null;

/** The engineer-collected average of a letter (undefined without ratings). */
export function collectedAverage(l: Letter): number | undefined {
  const r = l.completion?.ratings;
  if (!r) return undefined;
  return (GRADE_POINTS[r.attitude] + GRADE_POINTS[r.skill] + GRADE_POINTS[r.result]) / 3;
}

export function surveyAverage(s: NonNullable<Letter["survey"]>): number | undefined {
  const r = s.ratings;
  if (!s.reached || !r) return undefined;
  return (GRADE_POINTS[r.attitude] + GRADE_POINTS[r.quality] + GRADE_POINTS[r.speed]) / 3;
}

/** Whether the survey disagrees with the engineer-collected ratings: a whole grade or more apart. */
export function disagrees(l: Letter): boolean {
  const c = collectedAverage(l);
  const s = l.survey ? surveyAverage(l.survey) : undefined;
  return c !== undefined && s !== undefined && Math.abs(c - s) >= 1 - 1e-9;
}

function count(ls: Letter[]): SurveyCount {
  const done = ls.filter((l) => l.survey && (l.survey.reached || l.survey.attempts.length >= 3));
  const reached = done.filter((l) => l.survey!.reached);
  const comparable = reached.filter(
    (l) => collectedAverage(l) !== undefined && surveyAverage(l.survey!) !== undefined,
  );
  const disagree = comparable.filter(disagrees).length;
  return {
    letters: ls.length,
    surveyed: done.length,
    reached: reached.length,
    unreachable: done.length - reached.length,
    coverage: ratio(done.length, ls.length),
    disagree,
    disagreeRate: ratio(disagree, comparable.length),
    notSignedPersonally: reached.filter((l) => l.survey!.signedPersonally === false).length,
  };
}

/** The survey figures of the letters completed in the month (`completed`: those letters). */
export function surveyFigures(completed: Letter[], engineers: string[]): SurveyFigures {
  const reached = completed.filter((l) => l.survey?.reached && l.survey.ratings);
  const item = (k: "attitude" | "quality" | "speed") =>
    mean(reached.map((l) => GRADE_POINTS[l.survey!.ratings![k]]));
  const all = mean(reached.map((l) => surveyAverage(l.survey!)!));
  return {
    ...count(completed),
    averages: { attitude: item("attitude"), quality: item("quality"), speed: item("speed"), all },
    perEngineer: engineers.map((e) => ({ engineer: e, ...count(completed.filter((l) => l.engineer === e)) })),
    disagreements: completed.filter(disagrees).map((l) => ({
      letter: l.id,
      engineer: l.engineer,
      collected: Math.round(collectedAverage(l)! * 100) / 100,
      survey: Math.round(surveyAverage(l.survey!)! * 100) / 100,
    })),
    notSignedLetters: completed
      .filter((l) => l.survey?.reached && l.survey.signedPersonally === false)
      .map((l) => ({
        letter: l.id,
        engineer: l.engineer,
        decided: l.survey!.decision ? (l.survey!.decision.forged ? "forged" : "genuine") : null,
      })),
  };
}
