// Hand-computed cases for every rule of DOMAIN §3 / §7 D1–D7: where it fires and, at its boundary,
// where it does not. Month under test: November 2026 (Saturdays 7, 14, 21, 28; the 1st is a Sunday,
// so the 3rd working day is Wednesday 4 November).
import { describe, expect, it } from "vitest";
import { amendmentChanges, applyAmendments, isOverdue } from "../src/domain/assessment.ts";
import { completedInOrder, fairRuns, ratingSequence } from "../src/domain/ratings.ts";
import { inWindow, streakPaid, windowMonths } from "../src/domain/windows.ts";
import type { Letter } from "../src/schemas/index.ts";
import {
  assess,
  assessmentRec,
  deptWeekly,
  exam,
  incident,
  letter,
  monthly,
  onTimeWeeklies,
  person,
  rules,
  SUPERVISOR,
  sheetOf,
  stamp,
  weekly,
} from "./assessment.fixtures.ts";

const ZS = person("zs");
const NOV = onTimeWeeklies("zs", "2026-11");
const base = { people: [ZS], weeklies: NOV };

describe("D1 consecutive 中", () => {
  it("two 中 in a row are not fined", () => {
    const r = assess("2026-11", {
      ...base,
      letters: [
        letter("L-1", "zs", "2026-11-03T10:00:00+08:00", "良中中"),
        letter("L-2", "zs", "2026-11-05T10:00:00+08:00", "良良良"),
      ],
    });
    expect(rules(r, "zs")).toEqual([]);
  });
  it("three 中 across two letters are fined once, on the day of the third", () => {
    const r = assess("2026-11", {
      ...base,
      letters: [
        letter("L-1", "zs", "2026-11-03T10:00:00+08:00", "良中中"),
        letter("L-2", "zs", "2026-11-05T10:00:00+08:00", "中良良"),
      ],
    });
    const s = sheetOf(r, "zs");
    expect(s.lines).toEqual([
      expect.objectContaining({ rule: "fairRun", amount: -50, refs: ["L-1", "L-2"], date: "2026-11-05" }),
    ]);
    expect(s.total).toBe(-50);
  });
  it("a run crossing a month boundary is fined in the month of its third 中, not before", () => {
    const letters = [
      letter("L-1", "zs", "2026-10-30T10:00:00+08:00", "优中中"),
      letter("L-2", "zs", "2026-11-02T10:00:00+08:00", "中优优"),
    ];
    const weeklies = [...NOV, ...onTimeWeeklies("zs", "2026-10")];
    expect(rules(assess("2026-10", { people: [ZS], letters, weeklies }), "zs")).toEqual([]);
    expect(rules(assess("2026-11", { people: [ZS], letters, weeklies }), "zs")).toEqual(["fairRun -50"]);
  });
  it("a letter rated 中/中/中 is one run, fined once; a fourth 中 starts a new run", () => {
    const r = assess("2026-11", {
      ...base,
      letters: [
        letter("L-1", "zs", "2026-11-03T10:00:00+08:00", "中中中"),
        letter("L-2", "zs", "2026-11-04T10:00:00+08:00", "中中优"),
      ],
    });
    expect(rules(r, "zs")).toEqual(["fairRun -50"]);
    expect(sheetOf(r, "zs").lines[0].text).toContain("三项评价均为“中”");
    const six = assess("2026-11", {
      ...base,
      letters: [
        letter("L-1", "zs", "2026-11-03T10:00:00+08:00", "中中中"),
        letter("L-2", "zs", "2026-11-04T10:00:00+08:00", "中中中"),
      ],
    });
    expect(rules(six, "zs")).toEqual(["fairRun -50", "fairRun -50"]);
  });
  it("order is by completion time (UTC instants compared), then 态度 水平 结果", () => {
    // L-B completes earlier in absolute time although its local text sorts later.
    const seq = ratingSequence(
      completedInOrder(
        [
          letter("L-A", "zs", "2026-11-03T10:00:00+08:00", "中优优"),
          letter("L-B", "zs", "2026-11-03T01:00:00Z", "良中中"),
        ],
        "zs",
      ),
      "Asia/Shanghai",
    );
    expect(seq.map((x) => `${x.letter}${x.grade}`)).toEqual([
      "L-B良",
      "L-B中",
      "L-B中",
      "L-A中",
      "L-A优",
      "L-A优",
    ]);
    expect(fairRuns(seq, 3)).toHaveLength(1);
  });
});

describe("per-差 and D2 unsigned", () => {
  it("each 差 costs 50", () => {
    const r = assess("2026-11", {
      ...base,
      letters: [letter("L-1", "zs", "2026-11-03T10:00:00+08:00", "差良差")],
    });
    expect(rules(r, "zs")).toEqual(["poorRating -50", "poorRating -50"]);
  });
  it("an unsigned letter counts as three 差: −150 once, its own ratings ignored", () => {
    const r = assess("2026-11", {
      ...base,
      letters: [letter("L-1", "zs", "2026-11-03T10:00:00+08:00", "差差差", { unsigned: true })],
    });
    expect(rules(r, "zs")).toEqual(["unsigned -150"]);
    expect(sheetOf(r, "zs").total).toBe(-150);
  });
  it("a forged signature counts the same", () => {
    const r = assess("2026-11", {
      ...base,
      letters: [letter("L-1", "zs", "2026-11-03T10:00:00+08:00", "优优优", { forged: true })],
    });
    expect(rules(r, "zs")).toEqual(["unsigned -150"]);
    expect(sheetOf(r, "zs").lines[0].text).toContain("伪造");
  });
  it("an unsigned letter's 中 ratings take no part in D1 and, as three 差, break a run", () => {
    const r = assess("2026-11", {
      ...base,
      letters: [
        letter("L-1", "zs", "2026-11-03T10:00:00+08:00", "优中中"),
        letter("L-2", "zs", "2026-11-04T10:00:00+08:00", "中中中", { unsigned: true }),
        letter("L-3", "zs", "2026-11-05T10:00:00+08:00", "中优优"),
      ],
    });
    expect(rules(r, "zs")).toEqual(["unsigned -150"]);
  });
});

describe("D3 overdue", () => {
  const est = "2026-11-10T18:00:00+08:00";
  const mk = (at: string, delays?: Letter["delays"]) =>
    letter("L-1", "zs", at, "优优优", { estimate: est, ...(delays ? { delays } : {}) });
  it("completed at the estimate is on time; one minute after is overdue", () => {
    expect(rules(assess("2026-11", { ...base, letters: [mk("2026-11-10T18:00:00+08:00")] }), "zs")).toEqual(
      [],
    );
    expect(rules(assess("2026-11", { ...base, letters: [mk("2026-11-10T18:01:00+08:00")] }), "zs")).toEqual([
      "overdue -50",
    ]);
  });
  const delay = (reason: "A" | "B", approved: boolean) => ({
    reason,
    until: "2026-11-15T18:00:00+08:00",
    by: "zs",
    at: "2026-11-09T09:00:00+08:00",
    ...(approved ? { approval: stamp("wangzhu", "2026-11-09T10:00:00+08:00") } : {}),
  });
  it("an approved B delay moves the estimate", () => {
    expect(isOverdue(mk("2026-11-12T10:00:00+08:00", [delay("B", true)]) as never)).toBe(false);
    expect(
      rules(
        assess("2026-11", { ...base, letters: [mk("2026-11-12T10:00:00+08:00", [delay("B", true)])] }),
        "zs",
      ),
    ).toEqual([]);
    // … but only up to its new date
    expect(
      rules(
        assess("2026-11", { ...base, letters: [mk("2026-11-16T10:00:00+08:00", [delay("B", true)])] }),
        "zs",
      ),
    ).toEqual(["overdue -50"]);
  });
  it("an A delay never excuses, approved or not; an unapproved B does not either", () => {
    const a = assess("2026-11", { ...base, letters: [mk("2026-11-12T10:00:00+08:00", [delay("A", true)])] });
    expect(rules(a, "zs")).toEqual(["overdue -50"]);
    expect(sheetOf(a, "zs").lines[0].text).toContain("原因 A");
    expect(
      rules(
        assess("2026-11", { ...base, letters: [mk("2026-11-12T10:00:00+08:00", [delay("B", false)])] }),
        "zs",
      ),
    ).toEqual(["overdue -50"]);
  });
});

describe("D4 weekly reports (Asia/Shanghai, Saturday 18:00)", () => {
  const others = NOV.filter((w) => w.week !== "2026-11-07");
  it("17:59 on Saturday is on time, 18:01 is late", () => {
    const ok = assess("2026-11", {
      people: [ZS],
      weeklies: [...others, weekly("zs", "2026-11-07", "2026-11-07T17:59:00+08:00")],
    });
    expect(rules(ok, "zs")).toEqual([]);
    const late = assess("2026-11", {
      people: [ZS],
      weeklies: [...others, weekly("zs", "2026-11-07", "2026-11-07T18:01:00+08:00")],
    });
    expect(sheetOf(late, "zs").lines).toEqual([
      expect.objectContaining({
        rule: "weeklyLate",
        amount: -20,
        refs: ["W-20261107-zs"],
        date: "2026-11-07",
      }),
    ]);
  });
  it("the zone is the department's: 10:01 UTC is 18:01 in Shanghai", () => {
    const late = assess("2026-11", {
      people: [ZS],
      weeklies: [...others, weekly("zs", "2026-11-07", "2026-11-07T10:01:00Z")],
    });
    expect(rules(late, "zs")).toEqual(["weeklyLate -20"]);
  });
  it("a missing week counts as late; weeks before the hire date are not counted", () => {
    expect(rules(assess("2026-11", { people: [ZS], weeklies: others }), "zs")).toEqual(["weeklyLate -20"]);
    const newcomer = person("xin", { hired: "2026-11-09" });
    const r = assess("2026-11", {
      people: [newcomer],
      weeklies: onTimeWeeklies("xin", "2026-11").filter((w) => w.week !== "2026-11-07"),
    });
    expect(rules(r, "xin")).toEqual([]);
    // hired on a Saturday: that Saturday counts
    const sat = person("sat", { hired: "2026-11-14" });
    expect(rules(assess("2026-11", { people: [sat], weeklies: [] }), "sat")).toEqual([
      "weeklyLate -20",
      "weeklyLate -20",
      "weeklyLate -20",
    ]);
  });
  it("the fine falls in the month of the Saturday", () => {
    // Saturday 31 October, submitted Sunday 1 November
    const w = weekly("zs", "2026-10-31", "2026-11-01T09:00:00+08:00");
    const weeklies = [...NOV, ...onTimeWeeklies("zs", "2026-10").filter((x) => x.week !== "2026-10-31"), w];
    expect(rules(assess("2026-11", { people: [ZS], weeklies }), "zs")).toEqual([]);
    expect(rules(assess("2026-10", { people: [ZS], weeklies }), "zs")).toEqual(["weeklyLate -20"]);
  });
  it("a week not yet due is not judged", () => {
    const r = assess("2026-11", {
      people: [ZS],
      weeklies: NOV.filter((x) => x.week !== "2026-11-28"),
      now: "2026-11-28T17:00:00+08:00",
    });
    expect(rules(r, "zs")).toEqual([]);
  });
});

describe("exams", () => {
  it("each failed exam costs 50; the third failure in total flags a downgrade in that month only", () => {
    const exams = [
      exam("E-1", "2026-09-10", [["zs", false]]),
      exam("E-2", "2026-10-10", [["zs", false]]),
      exam("E-3", "2026-11-10", [
        ["zs", false],
        ["ls", true],
      ]),
    ];
    const oct = assess("2026-10", { people: [ZS], weeklies: onTimeWeeklies("zs", "2026-10"), exams });
    expect(rules(oct, "zs")).toEqual(["examFailed -50"]);
    expect(sheetOf(oct, "zs").flags).toEqual([]);
    const nov = assess("2026-11", { ...base, exams });
    expect(rules(nov, "zs")).toEqual(["examFailed -50"]);
    expect(sheetOf(nov, "zs").flags).toEqual([
      expect.objectContaining({ rule: "examFails", decision: "降级", refs: ["E-1", "E-2", "E-3"] }),
    ]);
    const dec = assess("2026-12", { people: [ZS], weeklies: onTimeWeeklies("zs", "2026-12"), exams });
    expect(sheetOf(dec, "zs").flags).toEqual([]);
  });
});

describe("incidents and the D5 windows", () => {
  it("class I −100, class II −50", () => {
    const r = assess("2026-11", {
      ...base,
      incidents: [incident("I-1", "zs", "I", "2026-11-03"), incident("I-2", "zs", "II", "2026-11-20")],
    });
    expect(rules(r, "zs")).toEqual(["incidentI -100", "incidentII -50"]);
  });
  it("windows: the assessed month and the N−1 before", () => {
    expect(windowMonths("2026-02", 3)).toEqual(["2025-12", "2026-01", "2026-02"]);
    expect(inWindow("2026-09-01", "2026-11", 3)).toBe(true);
    expect(inWindow("2026-08-31", "2026-11", 3)).toBe(false);
    expect(inWindow("2026-06-01", "2026-11", 6)).toBe(true);
    expect(inWindow("2026-05-31", "2026-11", 6)).toBe(false);
  });
  it("2 class I within 3 months flag a downgrade: September + November yes, August + November no", () => {
    const yes = assess("2026-11", {
      ...base,
      incidents: [incident("I-9", "zs", "I", "2026-09-01"), incident("I-11", "zs", "I", "2026-11-30")],
    });
    expect(sheetOf(yes, "zs").flags).toEqual([
      expect.objectContaining({ rule: "classIDowngrade", decision: "降级", refs: ["I-9", "I-11"] }),
    ]);
    const no = assess("2026-11", {
      ...base,
      incidents: [incident("I-8", "zs", "I", "2026-08-31"), incident("I-11", "zs", "I", "2026-11-01")],
    });
    expect(sheetOf(no, "zs").flags).toEqual([]);
  });
  it("the flag is raised in the month the threshold is reached, not in a later quiet month", () => {
    const incidents = [incident("I-9", "zs", "I", "2026-09-01"), incident("I-10", "zs", "I", "2026-10-01")];
    expect(
      sheetOf(assess("2026-10", { people: [ZS], weeklies: onTimeWeeklies("zs", "2026-10"), incidents }), "zs")
        .flags,
    ).toHaveLength(1);
    expect(sheetOf(assess("2026-11", { ...base, incidents }), "zs").flags).toEqual([]);
  });
  it("3 class I within 6 months flag dismissal: June edge in, May edge out", () => {
    const mk = (first: string) => [
      incident("I-a", "zs", "I", first),
      incident("I-b", "zs", "I", "2026-08-15"),
      incident("I-c", "zs", "I", "2026-11-15"),
    ];
    const yes = sheetOf(assess("2026-11", { ...base, incidents: mk("2026-06-01") }), "zs").flags.map(
      (f) => f.rule,
    );
    expect(yes).toEqual(["dismissal"]);
    const no = sheetOf(assess("2026-11", { ...base, incidents: mk("2026-05-31") }), "zs").flags.map(
      (f) => f.rule,
    );
    expect(no).toEqual([]);
  });
  it("6 class II within 6 months flag dismissal, 5 do not", () => {
    const five = ["2026-06-10", "2026-07-10", "2026-08-10", "2026-09-10", "2026-11-10"].map((d, i) =>
      incident(`I-${i}`, "zs", "II", d),
    );
    expect(sheetOf(assess("2026-11", { ...base, incidents: five }), "zs").flags).toEqual([]);
    const six = [...five, incident("I-x", "zs", "II", "2026-11-11")];
    const f = sheetOf(assess("2026-11", { ...base, incidents: six }), "zs").flags;
    expect(f).toEqual([expect.objectContaining({ rule: "dismissal", decision: "辞退" })]);
    expect(f[0].refs).toHaveLength(6);
  });
});

describe("D6 reward", () => {
  const weeklies = onTimeWeeklies("zs", "2026-09", "2026-10", "2026-11", "2026-12", "2027-01", "2027-02");
  const good = (id: string, at: string) => letter(id, "zs", at, "优良优");
  it("three clean months pay +100 in the third", () => {
    const letters = [
      good("L-9", "2026-09-10T10:00:00+08:00"),
      good("L-10", "2026-10-10T10:00:00+08:00"),
      good("L-11", "2026-11-10T10:00:00+08:00"),
    ];
    const sep = assess("2026-09", { people: [ZS], weeklies, letters });
    const oct = assess("2026-10", { people: [ZS], weeklies, letters });
    const nov = assess("2026-11", { people: [ZS], weeklies, letters });
    expect(rules(sep, "zs")).toEqual([]);
    expect(rules(oct, "zs")).toEqual([]);
    expect(rules(nov, "zs")).toEqual(["reward 100"]);
    expect(sheetOf(nov, "zs").lines[0].text).toContain("2026-09、2026-10、2026-11");
  });
  it("one 中 breaks the streak", () => {
    const letters = [
      good("L-9", "2026-09-10T10:00:00+08:00"),
      letter("L-10", "zs", "2026-10-10T10:00:00+08:00", "优中优"),
      good("L-11", "2026-11-10T10:00:00+08:00"),
    ];
    expect(rules(assess("2026-11", { people: [ZS], weeklies, letters }), "zs")).toEqual([]);
  });
  it("a late weekly report or an incident breaks it too", () => {
    const letters = [good("L-9", "2026-09-10T10:00:00+08:00")];
    const late = weeklies.map((w) =>
      w.week === "2026-10-10" ? { ...w, submitted: "2026-10-10T18:30:00+08:00" } : w,
    );
    expect(rules(assess("2026-11", { people: [ZS], weeklies: late, letters }), "zs")).toEqual([]);
    const inc = [incident("I-1", "zs", "II", "2026-09-20")];
    expect(rules(assess("2026-11", { people: [ZS], weeklies, letters, incidents: inc }), "zs")).toEqual([]);
  });
  it("after a paid streak it starts again: December no, February yes", () => {
    const letters = [good("L-9", "2026-09-10T10:00:00+08:00")];
    expect(rules(assess("2026-12", { people: [ZS], weeklies, letters }), "zs")).toEqual([]);
    expect(rules(assess("2027-01", { people: [ZS], weeklies, letters }), "zs")).toEqual([]);
    expect(rules(assess("2027-02", { people: [ZS], weeklies, letters }), "zs")).toEqual(["reward 100"]);
  });
  it("an unsigned letter breaks it as well", () => {
    const letters = [
      good("L-9", "2026-09-10T10:00:00+08:00"),
      letter("L-10", "zs", "2026-10-10T10:00:00+08:00", "优优优", { unsigned: true }),
      good("L-11", "2026-11-10T10:00:00+08:00"),
    ];
    expect(rules(assess("2026-11", { people: [ZS], weeklies, letters }), "zs")).toEqual([]);
  });
  it("the hire month counts only when hired on its 1st (three whole months)", () => {
    const letters = [good("L-9", "2026-09-10T10:00:00+08:00")];
    const mid = person("zs", { hired: "2026-09-07" });
    // hired 7 September: October, November, December are the first three whole months
    expect(rules(assess("2026-11", { people: [mid], weeklies, letters }), "zs")).toEqual([]);
    expect(rules(assess("2026-12", { people: [mid], weeklies, letters }), "zs")).toEqual(["reward 100"]);
    const first = person("zs", { hired: "2026-09-01" });
    expect(rules(assess("2026-11", { people: [first], weeklies, letters }), "zs")).toEqual(["reward 100"]);
  });
  it("months before the records begin do not count", () => {
    expect(streakPaid("2026-10", 3, () => true, "2026-09")).toBeUndefined();
    expect(streakPaid("2026-11", 3, () => true, "2026-09")).toEqual(["2026-09", "2026-10", "2026-11"]);
  });
});

describe("D7 supervisor", () => {
  const sup = [SUPERVISOR, ZS];
  const dws = ["2026-11-07", "2026-11-14", "2026-11-21", "2026-11-28"].map((s) =>
    deptWeekly(s, `${s}T20:00:00+08:00`),
  );
  it("department weekly report: Sunday 17:59 on time, 18:01 late, missing late", () => {
    const ok = dws.map((w) =>
      w.week === "2026-11-14" ? { ...w, submitted: "2026-11-15T17:59:00+08:00" } : w,
    );
    expect(
      rules(assess("2026-11", { people: sup, weeklies: NOV, departmentWeeklies: ok }), "wangzhu"),
    ).toEqual([]);
    const late = dws.map((w) =>
      w.week === "2026-11-14" ? { ...w, submitted: "2026-11-15T18:01:00+08:00" } : w,
    );
    expect(
      rules(assess("2026-11", { people: sup, weeklies: NOV, departmentWeeklies: late }), "wangzhu"),
    ).toEqual(["deptWeeklyLate -20"]);
    expect(
      rules(assess("2026-11", { people: sup, weeklies: NOV, departmentWeeklies: dws.slice(1) }), "wangzhu"),
    ).toEqual(["deptWeeklyLate -20"]);
  });
  it("last month's monthly report and assessment: due by the 3rd working day (4 November)", () => {
    const weeklies = [...NOV, ...onTimeWeeklies("zs", "2026-10")];
    const okM = monthly("2026-10", "2026-11-04T23:59:00+08:00");
    const okA = assessmentRec("2026-10", "2026-11-04T12:00:00+08:00");
    const ok = assess("2026-11", {
      people: sup,
      weeklies,
      departmentWeeklies: dws,
      monthlies: [okM],
      assessments: [okA],
    });
    expect(rules(ok, "wangzhu")).toEqual([]);
    const lateM = monthly("2026-10", "2026-11-05T00:01:00+08:00");
    const lateA = assessmentRec("2026-10", "2026-11-05T09:00:00+08:00");
    const late = assess("2026-11", {
      people: sup,
      weeklies,
      departmentWeeklies: dws,
      monthlies: [lateM],
      assessments: [lateA],
    });
    expect(sheetOf(late, "wangzhu").lines).toEqual([
      expect.objectContaining({ rule: "monthlyLate", amount: -20, date: "2026-11-04", refs: ["M-202610"] }),
      expect.objectContaining({
        rule: "assessmentLate",
        amount: -20,
        date: "2026-11-04",
        refs: ["A-202610"],
      }),
    ]);
    // before the records begin (no October records) nothing is owed for October
    expect(
      rules(assess("2026-11", { people: sup, weeklies: NOV, departmentWeeklies: dws }), "wangzhu"),
    ).toEqual([]);
  });
  it("a holiday shifts the first three working days: September's assessment is due Saturday 10 October", () => {
    // 国庆 2026: 1–7 October off (and Sunday 11 October), Thursday 8, Friday 9 and the make-up Saturday 10
    // are the first three working days of October.
    const weeklies = onTimeWeeklies("zs", "2026-09", "2026-10");
    const octDws = ["2026-10-03", "2026-10-10", "2026-10-17", "2026-10-24", "2026-10-31"].map((s) =>
      deptWeekly(s, `${s}T20:00:00+08:00`),
    );
    const okM = monthly("2026-09", "2026-10-09T10:00:00+08:00");
    const run = (drafted: string) =>
      sheetOf(
        assess("2026-10", {
          people: sup,
          weeklies,
          departmentWeeklies: octDws,
          monthlies: [okM],
          assessments: [assessmentRec("2026-09", drafted)],
        }),
        "wangzhu",
      ).lines;
    // drafted on the make-up Saturday evening: on time, although 5 October was already the 3rd weekday
    expect(run("2026-10-10T20:00:00+08:00")).toEqual([]);
    // drafted the next working day (Monday 12 October): late, −20 in October
    expect(run("2026-10-12T09:00:00+08:00")).toEqual([
      expect.objectContaining({
        rule: "assessmentLate",
        amount: -20,
        date: "2026-10-10",
        refs: ["A-202609"],
      }),
    ]);
    expect(run("2026-10-12T09:00:00+08:00")[0].text).toContain("截止 2026-10-10 23:59");
    // a draft made during September itself is not September's sheet: still owed, late once due
    expect(run("2026-09-29T09:00:00+08:00").map((l) => l.rule)).toEqual(["assessmentLate"]);
    // not drafted at all, judged on 9 October: not yet due; on 11 October: late
    const missing = (now: string) =>
      rules(
        assess("2026-10", {
          people: sup,
          weeklies,
          departmentWeeklies: octDws,
          monthlies: [okM],
          now,
        }),
        "wangzhu",
      );
    expect(missing("2026-10-09T12:00:00+08:00").filter((r) => r.startsWith("assessment"))).toEqual([]);
    expect(missing("2026-10-11T12:00:00+08:00").filter((r) => r.startsWith("assessment"))).toEqual([
      "assessmentLate -20",
    ]);
  });
  it("incident notice: due 3 working days after the reflection; department incidents −50 / −30", () => {
    const refl = { text: "反思", by: "zs", at: "2026-11-05T10:00:00+08:00" }; // Thu → Fri 6, Mon 9, Tue 10
    const onTime = incident("I-1", "zs", "I", "2026-11-03", {
      reflection: refl,
      notification: { text: "通报", by: "wangzhu", at: "2026-11-10T23:00:00+08:00" },
    });
    const r1 = assess("2026-11", {
      people: sup,
      weeklies: NOV,
      departmentWeeklies: dws,
      incidents: [onTime, incident("I-2", "zs", "II", "2026-11-20")],
    });
    expect(rules(r1, "wangzhu")).toEqual(["deptIncidentI -50", "deptIncidentII -30"]);
    const late = {
      ...onTime,
      notification: { text: "通报", by: "wangzhu", at: "2026-11-11T08:00:00+08:00" },
    };
    const r2 = assess("2026-11", { people: sup, weeklies: NOV, departmentWeeklies: dws, incidents: [late] });
    expect(rules(r2, "wangzhu")).toEqual(["deptIncidentI -50", "noticeLate -20"]);
  });
  it("confirming an unsigned letter costs 100 (condoning); a signed one nothing", () => {
    const conf = { confirmation: stamp("wangzhu", "2026-11-06T09:00:00+08:00") };
    const letters = [
      letter("L-1", "zs", "2026-11-05T10:00:00+08:00", null, { unsigned: true, ...conf }),
      letter("L-2", "zs", "2026-11-05T11:00:00+08:00", "优优优", conf),
    ];
    const r = assess("2026-11", { people: sup, weeklies: NOV, departmentWeeklies: dws, letters });
    expect(sheetOf(r, "wangzhu").lines).toEqual([
      expect.objectContaining({ rule: "condoneUnsigned", amount: -100, refs: ["L-1"], date: "2026-11-06" }),
    ]);
  });
  it("+100 after six months without class I; 3 class I in 3 months flag the supervisor", () => {
    const weeklies = onTimeWeeklies("zs", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11");
    const allDw = (m: string) => assess(m, { people: sup, weeklies, departmentWeeklies: [], incidents: [] });
    // records begin in June: November is the sixth month
    const nov = allDw("2026-11");
    expect(
      sheetOf(nov, "wangzhu")
        .lines.filter((l) => l.rule === "supervisorReward")
        .map((l) => l.amount),
    ).toEqual([100]);
    expect(sheetOf(allDw("2026-10"), "wangzhu").lines.some((l) => l.rule === "supervisorReward")).toBe(false);
    const three = [
      incident("I-1", "zs", "I", "2026-09-30"),
      incident("I-2", "zs", "I", "2026-10-02"),
      incident("I-3", "zs", "I", "2026-11-02"),
    ];
    const flagged = assess("2026-11", { people: sup, weeklies, incidents: three });
    expect(sheetOf(flagged, "wangzhu").flags).toEqual([
      expect.objectContaining({ rule: "supervisorDowngrade", decision: "降级" }),
    ]);
    const edge = [incident("I-0", "zs", "I", "2026-08-31"), ...three.slice(1)];
    expect(sheetOf(assess("2026-11", { people: sup, weeklies, incidents: edge }), "wangzhu").flags).toEqual(
      [],
    );
  });
});

describe("D6 supervisor reward", () => {
  it("a class I incident in the department restarts the six months", () => {
    const sup = [SUPERVISOR, ZS];
    const months = ["2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12"];
    const weeklies = onTimeWeeklies("zs", ...months, "2027-01", "2027-02", "2027-03", "2027-04", "2027-05");
    const reward = (m: string, incidents: ReturnType<typeof incident>[]) =>
      sheetOf(assess(m, { people: sup, weeklies, incidents }), "wangzhu")
        .lines.filter((l) => l.rule === "supervisorReward")
        .map((l) => l.amount);
    // a class II does not break it: June–November, paid in November
    expect(reward("2026-11", [incident("I-2", "zs", "II", "2026-08-10")])).toEqual([100]);
    // a class I in August: the six months run September–February
    const classI = [incident("I-1", "zs", "I", "2026-08-10")];
    expect(reward("2026-11", classI)).toEqual([]);
    expect(reward("2027-01", classI)).toEqual([]);
    expect(reward("2027-02", classI)).toEqual([100]);
  });
});

describe("D11 amendments", () => {
  it("a correction line is applied on top of the signed sheet and the total follows", () => {
    const r = assess("2026-11", {
      ...base,
      letters: [letter("L-1", "zs", "2026-11-03T10:00:00+08:00", "差优优")],
    });
    const a = { ...assessmentRec("2026-11", "2026-12-01T10:00:00+08:00", r.people) };
    const line = { rule: "amendment", text: "客户撤回差评", amount: 50, refs: ["X-1"] };
    const am = {
      kind: "amendment" as const,
      id: "X-20261205-aaaaa",
      target: a.id,
      reason: "客户撤回差评",
      changes: amendmentChanges(a, "zs", line),
      at: "2026-12-05T10:00:00+08:00",
      by: "lizong",
    };
    const amended = applyAmendments(a, [am]);
    expect(a.people[0].total).toBe(-50);
    expect(amended.people[0].total).toBe(0);
    expect(amended.people[0].lines.at(-1)).toEqual(line);
  });
});

describe("who is assessed", () => {
  it("engineers hired after the month and people who left (without own records) are not on the sheet", () => {
    const later = person("later", { hired: "2026-12-01" });
    const gone = person("gone", { active: false });
    const goneBusy = person("busy", { active: false });
    const r = assess("2026-11", {
      people: [ZS, later, gone, goneBusy],
      weeklies: NOV,
      letters: [letter("L-1", "busy", "2026-11-03T10:00:00+08:00", "差优优")],
    });
    expect(r.people.map((p) => p.person)).toEqual(["busy", "zs"]);
  });
});
