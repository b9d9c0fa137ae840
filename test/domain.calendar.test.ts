import { beforeAll, describe, expect, it } from "vitest";
import { setEnglish } from "../src/core/i18n.ts";
import {
  deadlineAfterWorkdays,
  deadlineOfMonthlyWorkdays,
  everyNDays,
  idDate,
  lastPackageYear,
  makeCalendar,
  monthlyDocumentDeadline,
  packageCovers,
  recordCoverageWarnings,
  weeklyDeadline,
} from "../src/domain/calendar.ts";

const NONE = { holidays: [], workdays: [], years: [] };
const TZ = "Asia/Shanghai";

beforeAll(() => setEnglish(false));

describe("working days from the package (2026)", () => {
  const cal = makeCalendar(NONE);

  it("National Day holidays are not working days, the make-up Saturday is", () => {
    for (const d of ["2026-10-01", "2026-10-02", "2026-10-05", "2026-10-06", "2026-10-07"])
      expect(cal.isWorkday(d), d).toBe(false);
    expect(cal.isWorkday("2026-10-08")).toBe(true); // Thursday after the holiday
    expect(cal.isWorkday("2026-10-10")).toBe(true); // Saturday, 调休
    expect(cal.isWorkday("2026-09-20")).toBe(true); // Sunday, 调休
    expect(cal.isWorkday("2026-10-11")).toBe(false); // ordinary Sunday
    expect(cal.isWorkday("2026-11-23")).toBe(true); // ordinary Monday
    expect(cal.isWorkday("2026-11-28")).toBe(false); // ordinary Saturday
  });

  it("the holiday shifts the first three working days of October to 10-08, 10-09, 10-10", () => {
    expect(cal.nthWorkdayOfMonth("2026-10", 1)).toBe("2026-10-08");
    expect(cal.nthWorkdayOfMonth("2026-10", 2)).toBe("2026-10-09");
    expect(cal.nthWorkdayOfMonth("2026-10", 3)).toBe("2026-10-10");
    // An ordinary month: November 2026 starts on a Sunday.
    expect(cal.nthWorkdayOfMonth("2026-11", 1)).toBe("2026-11-02");
    expect(cal.nthWorkdayOfMonth("2026-11", 3)).toBe("2026-11-04");
    // Spring Festival 2026: 02-15..02-23 off, Saturday 02-14 and 02-28 make-up days.
    expect(cal.nthWorkdayOfMonth("2026-02", 1)).toBe("2026-02-02");
    expect(cal.addWorkdays("2026-02-13", 1)).toBe("2026-02-14");
    expect(cal.addWorkdays("2026-02-14", 1)).toBe("2026-02-24");
  });

  it("adds and counts working days across holidays", () => {
    expect(cal.addWorkdays("2026-09-30", 1)).toBe("2026-10-08");
    expect(cal.addWorkdays("2026-09-30", 3)).toBe("2026-10-10");
    expect(cal.addWorkdays("2026-10-08", -1)).toBe("2026-09-30");
    expect(cal.addWorkdays("2026-11-20", 3)).toBe("2026-11-25"); // Friday + 3 → Wednesday
    expect(cal.addWorkdays("2026-11-20", 0)).toBe("2026-11-20");
    expect(cal.workdaysBetween("2026-10-01", "2026-10-11")).toBe(3);
    expect(cal.workdaysBetween("2026-10-11", "2026-10-01")).toBe(0);
  });

  it("the package's years are covered and no warning is given", () => {
    expect(cal.coverage(2026)).toBe("package");
    expect(cal.coverage(2025)).toBe("package");
    expect(packageCovers(2026)).toBe(true);
    expect(lastPackageYear()).toBeGreaterThanOrEqual(2026);
    expect(cal.warnings()).toEqual([]);
  });

  it("rejects malformed input instead of guessing", () => {
    expect(() => cal.isWorkday("2026-02-30")).toThrow(/not a YYYY-MM-DD/);
    expect(() => cal.nthWorkdayOfMonth("2026-13", 1)).toThrow();
    expect(() => cal.nthWorkdayOfMonth("2026-10", 0)).toThrow();
  });
});

describe("a year without package data (2027)", () => {
  it("is never decided silently: coverage none and a warning naming the year", () => {
    const cal = makeCalendar(NONE);
    expect(packageCovers(2027)).toBe(false);
    expect(cal.coverage(2027)).toBe("none");
    cal.nthWorkdayOfMonth("2027-01", 3);
    expect(cal.consulted()).toEqual([2027]);
    const w = cal.warnings();
    expect(w).toHaveLength(1);
    expect(w[0]).toContain("2027");
    expect(w[0]).toContain("calendar.years");
    expect(cal.warnings([2026])).toEqual([]);
    // The deadline itself carries the uncovered year.
    expect(deadlineOfMonthlyWorkdays(cal, "2027-01", 3, TZ).uncovered).toEqual([2027]);
    expect(monthlyDocumentDeadline(cal, "2026-12", 3, TZ).uncovered).toEqual([2027]);
    expect(deadlineAfterWorkdays(cal, "2026-12-30", 3, TZ).uncovered).toEqual([2027]);
    expect(deadlineAfterWorkdays(cal, "2026-11-02", 3, TZ).uncovered).toEqual([]);
  });

  it("honours svc.yaml holidays and make-up days, and a declared year is covered", () => {
    const config = {
      holidays: [
        "2027-01-01",
        "2027-02-05",
        "2027-02-08",
        "2027-02-09",
        "2027-02-10",
        "2027-02-11",
        "2027-02-12",
      ],
      workdays: ["2027-02-06"],
      years: [2027],
    };
    const cal = makeCalendar(config);
    expect(cal.coverage(2027)).toBe("config");
    expect(cal.isWorkday("2027-01-01")).toBe(false); // Friday, holiday from svc.yaml
    expect(cal.isWorkday("2027-02-06")).toBe(true); // Saturday, make-up day from svc.yaml
    expect(cal.nthWorkdayOfMonth("2027-01", 1)).toBe("2027-01-04");
    expect(cal.nthWorkdayOfMonth("2027-02", 3)).toBe("2027-02-03");
    expect(cal.addWorkdays("2027-02-04", 2)).toBe("2027-02-15"); // 02-06 (Sat, 调休), then 02-15
    expect(cal.warnings()).toEqual([]);
    expect(deadlineOfMonthlyWorkdays(cal, "2027-01", 3, TZ)).toEqual({
      at: "2027-01-06T23:59:59+08:00",
      date: "2027-01-06",
      uncovered: [],
    });
  });

  it("partial svc.yaml data without declaring the year still warns", () => {
    const cal = makeCalendar({ holidays: ["2027-01-01"], workdays: [], years: [] });
    expect(cal.isWorkday("2027-01-01")).toBe(false);
    expect(cal.warnings()[0]).toContain("calendar.years");
  });

  it("svc.yaml can also override a package year (an extra company holiday)", () => {
    const cal = makeCalendar({ holidays: ["2026-11-23"], workdays: ["2026-11-28"], years: [] });
    expect(cal.isWorkday("2026-11-23")).toBe(false);
    expect(cal.isWorkday("2026-11-28")).toBe(true);
    expect(cal.coverage(2026)).toBe("package");
  });
});

describe("deadlines", () => {
  const cal = makeCalendar(NONE);

  it("a monthly document is due at the end of the nth working day of the next month", () => {
    // September's assessment: first three working days of October 2026 → Saturday 10-10.
    expect(monthlyDocumentDeadline(cal, "2026-09", 3, TZ)).toEqual({
      at: "2026-10-10T23:59:59+08:00",
      date: "2026-10-10",
      uncovered: [],
    });
    expect(deadlineOfMonthlyWorkdays(cal, "2026-11", 3, TZ).at).toBe("2026-11-04T23:59:59+08:00");
    expect(deadlineOfMonthlyWorkdays(cal, "2026-11", 3, "UTC").at).toBe("2026-11-04T23:59:59+00:00");
  });

  it("the incident notice is due three working days after the reflection", () => {
    expect(deadlineAfterWorkdays(cal, "2026-09-29", 3, TZ).date).toBe("2026-10-09");
    expect(deadlineAfterWorkdays(cal, "2026-11-20", 3, TZ).at).toBe("2026-11-25T23:59:59+08:00");
  });

  it("weekly reports: Saturday 18:00 for engineers, the following Sunday for the department", () => {
    expect(weeklyDeadline("2026-11-28", { weekday: 6, time: "18:00" }, TZ)).toEqual({
      at: "2026-11-28T18:00:00+08:00",
      date: "2026-11-28",
      uncovered: [],
    });
    expect(weeklyDeadline("2026-11-28", { weekday: 0, time: "18:00" }, TZ).date).toBe("2026-11-29");
    expect(weeklyDeadline("2026-11-28", { weekday: 5, time: "17:00" }, TZ).at).toBe(
      "2026-11-27T17:00:00+08:00",
    );
  });

  it("check-in days every n days while travelling", () => {
    expect(everyNDays("2026-11-20", 2, "2026-11-25")).toEqual(["2026-11-22", "2026-11-24"]);
    expect(everyNDays("2026-11-20", 2, "2026-11-21")).toEqual([]);
  });
});

describe("svc check: the years the records reach (calendar coverage)", () => {
  it("reads the date of a record id", () => {
    expect(idDate("N-20261103-k3f9a")).toBe("2026-11-03");
    expect(idDate("W-20270109-zhangsan")).toBe("2027-01-09");
    expect(idDate("DW-20261128")).toBe("2026-11-28");
    expect(idDate("M-202612")).toBe("2026-12-01");
    expect(idDate("zhangsan")).toBeUndefined();
    expect(idDate("cust-k3f9a")).toBeUndefined();
  });

  it("warns once per uncovered year, at the first record reaching it; December reaches January", () => {
    expect(recordCoverageWarnings(NONE, ["N-20261103-aaaaa", "L-20261104-bbbbb", "zhangsan"])).toEqual([]);
    const w = recordCoverageWarnings(NONE, ["L-20270302-bbbbb", "N-20270105-aaaaa", "N-20261103-ccccc"]);
    expect(w.map((x) => [x.year, x.id])).toEqual([[2027, "N-20270105-aaaaa"]]);
    expect(w[0].message).toContain("2027");
    // the December assessment/report and incident notices fall due in January
    expect(recordCoverageWarnings(NONE, ["A-202612"]).map((x) => x.year)).toEqual([2027]);
    expect(recordCoverageWarnings(NONE, ["I-20261230-ddddd"]).map((x) => x.year)).toEqual([2027]);
  });

  it("a year declared in svc.yaml calendar.years is covered", () => {
    const config = { holidays: ["2027-01-01"], workdays: [], years: [2027] };
    expect(recordCoverageWarnings(config, ["N-20270105-aaaaa"])).toEqual([]);
    // some days without declaring the year still warn
    expect(recordCoverageWarnings({ ...config, years: [] }, ["N-20270105-aaaaa"])[0].message).toContain(
      "calendar.years",
    );
  });
});
