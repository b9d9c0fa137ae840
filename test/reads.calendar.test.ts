// Issue 18 (`svc show N-…` ≤ 150 ms): the working days of chinese-days come from a table the build
// writes (scripts/workdays.mjs → dist/workdays.cjs) instead of loading the package. The table gives the
// package's answer for every date of its years, and the built file is the table of the package
// installed.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { expect, test } from "vitest";
// @ts-expect-error: a build script (JavaScript, no types)
import { FIRST, LAST, workdayModule, workdayTable } from "../scripts/workdays.mjs";
import { isWorkdayByTable, makeCalendar, packageCovers } from "../src/domain/calendar.ts";
import { ROOT } from "./helpers.ts";

const chineseDays = createRequire(import.meta.url)("chinese-days");

test("issue 18 workday table: every date of 1990–2100 is a working day exactly when chinese-days says so", () => {
  const table = workdayTable(chineseDays);
  const t = { exceptions: new Set<string>(table.exceptions) };
  let differ = 0;
  for (let ms = Date.UTC(FIRST, 0, 1); ms < Date.UTC(LAST + 1, 0, 1); ms += 86_400_000) {
    const date = new Date(ms).toISOString().slice(0, 10);
    if (isWorkdayByTable(t, date) !== chineseDays.isWorkday(date)) differ++;
  }
  expect(differ).toBe(0);
  for (let y = FIRST; y <= LAST; y++)
    expect(table.covered.includes(y), String(y)).toBe(
      chineseDays.getHolidaysInRange(`${y}-01-01`, `${y}-12-31`, false).length > 0,
    );
  expect(table.covered).toContain(2026);
  // The calendar (on the sources: the package itself) agrees with the table on a year's questions.
  const cal = makeCalendar(undefined);
  for (const d of ["2026-10-01", "2026-10-10", "2026-02-14", "2026-02-23", "2027-01-01", "2024-09-29"])
    expect(cal.isWorkday(d), d).toBe(isWorkdayByTable(t, d));
  expect(packageCovers(2026)).toBe(true);
});

test("issue 18 workday table: dist/workdays.cjs is the table of the chinese-days installed", () => {
  const built = readFileSync(join(ROOT, "dist", "workdays.cjs"), "utf8");
  expect(built).toBe(workdayModule(chineseDays));
});
