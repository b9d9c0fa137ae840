// The working-day data of the package chinese-days as a small table, written by the build into
// dist/workdays.cjs (issue 18: `svc show N-…` loads the package — its lunar calendar and every year's
// data — for the few working days an SLA clock spans; the table costs ~1 ms to load). For each year of
// FIRST..LAST: whether the package has that year's holiday arrangement, and every date whose working
// status differs from Monday–Friday (a weekday holiday, a weekend make-up working day).
// src/domain/calendar.ts reads it when present and asks the package for anything outside the years.
export const FIRST = 1990;
export const LAST = 2100;

export function workdayTable(chineseDays) {
  const covered = [];
  const exceptions = [];
  for (let y = FIRST; y <= LAST; y++) {
    if (chineseDays.getHolidaysInRange(`${y}-01-01`, `${y}-12-31`, false).length > 0) covered.push(y);
    for (let t = Date.UTC(y, 0, 1); t < Date.UTC(y + 1, 0, 1); t += 86_400_000) {
      const d = new Date(t);
      const date = d.toISOString().slice(0, 10);
      const weekday = d.getUTCDay() !== 0 && d.getUTCDay() !== 6;
      if (chineseDays.isWorkday(date) !== weekday) exceptions.push(date);
    }
  }
  return { first: FIRST, last: LAST, covered, exceptions };
}

export function workdayModule(chineseDays) {
  return `module.exports = ${JSON.stringify(workdayTable(chineseDays))};\n`;
}
