// One whole month (November 2026) of a small department, its assessment sheet and payroll computed
// by hand and written out line by line; plus the pay rules: tier on the 1st, travel days, the bonus.
import { describe, expect, it } from "vitest";
import { bonusPeriod, computePayroll, rankBonus, trips } from "../src/domain/pay.ts";
import { eligibility, tierHistory, tierOn } from "../src/domain/tier.ts";
import type { Assessment, Decision } from "../src/schemas/index.ts";
import {
  assess,
  assessmentRec,
  config,
  deptWeekly,
  exam,
  incident,
  letter,
  onTimeWeeklies,
  person,
  SUPERVISOR,
  stamp,
  weekly,
} from "./assessment.fixtures.ts";

const zhangsan = person("zhangsan", { region: "华东", hired: "2026-01-05", tier: "三等" });
const lisi = person("lisi", { region: "华南", hired: "2025-06-01", tier: "二等" });
const wangzhu = { ...SUPERVISOR, tier: "一等" as const };
const promote: Decision = {
  kind: "decision",
  id: "G-20261101-aaaaa",
  person: "zhangsan",
  decision: "升档",
  tier: "二等",
  effective: "2026-11-02",
  reason: "满六个月无事故无扣款，考试通过",
  decided: stamp("lizong", "2026-11-01T10:00:00+08:00"),
};

const scenario = {
  people: [zhangsan, lisi, wangzhu],
  letters: [
    // zhangsan: overdue by 16 hours, ratings 优/中/中; trip 1–3 November (3 days)
    letter("L-A", "zhangsan", "2026-11-03T10:00:00+08:00", "优中中", {
      estimate: "2026-11-02T18:00:00+08:00",
      travel: {
        destination: "杭州",
        region: "华东",
        days: 3,
        departed: "2026-11-01",
        returned: "2026-11-03",
      },
    }),
    // the third 中 (态度) completes a run; 差 for 结果
    letter("L-B", "zhangsan", "2026-11-10T15:00:00+08:00", "中良差"),
    // lisi: no customer signature, confirmed anyway by the supervisor
    letter("L-C", "lisi", "2026-11-05T16:00:00+08:00", null, {
      unsigned: true,
      confirmation: stamp("wangzhu", "2026-11-06T09:00:00+08:00"),
    }),
    // lisi: a trip to a special region, 16–19 November (4 days × 150)
    letter("L-D", "lisi", "2026-11-20T11:00:00+08:00", "优优优", {
      travel: {
        destination: "拉萨",
        region: "西藏",
        days: 4,
        departed: "2026-11-16",
        returned: "2026-11-19",
      },
    }),
  ],
  weeklies: [
    weekly("zhangsan", "2026-11-07", "2026-11-07T17:59:00+08:00"),
    weekly("zhangsan", "2026-11-14", "2026-11-14T18:01:00+08:00"),
    // 21 November: missing
    weekly("zhangsan", "2026-11-28", "2026-11-28T12:00:00+08:00"),
    ...onTimeWeeklies("lisi", "2026-11"),
  ],
  departmentWeeklies: [
    deptWeekly("2026-11-07", "2026-11-08T17:00:00+08:00"),
    deptWeekly("2026-11-14", "2026-11-15T18:30:00+08:00"),
    deptWeekly("2026-11-21", "2026-11-22T10:00:00+08:00"),
    deptWeekly("2026-11-28", "2026-11-29T10:00:00+08:00"),
  ],
  incidents: [
    // reflection Thursday 19th → notice due Tuesday 24th (Fri 20, Mon 23, Tue 24); sent Wednesday 25th
    incident("I-20261118-bbbbb", "lisi", "II", "2026-11-18", {
      cause: "现场问题未及时上报",
      reflection: { text: "反思", by: "lisi", at: "2026-11-19T10:00:00+08:00" },
      notification: { text: "通报", by: "wangzhu", at: "2026-11-25T09:00:00+08:00" },
    }),
  ],
  exams: [
    exam("E-20261112-ccccc", "2026-11-12", [
      ["zhangsan", false],
      ["lisi", true],
    ]),
  ],
};

describe("whole month: November 2026", () => {
  const sheet = assess("2026-11", scenario);

  it("assesses every line by hand", () => {
    const view = sheet.people.map((p) => ({
      person: p.person,
      role: p.role,
      lines: p.lines.map((l) => [l.date, l.rule, l.amount, l.refs.join(",")]),
      total: p.total,
      flags: p.flags,
    }));
    expect(view).toEqual([
      {
        person: "lisi",
        role: "engineer",
        lines: [
          ["2026-11-05", "unsigned", -150, "L-C"],
          ["2026-11-18", "incidentII", -50, "I-20261118-bbbbb"],
        ],
        total: -200,
        flags: [],
      },
      {
        person: "zhangsan",
        role: "engineer",
        lines: [
          ["2026-11-03", "overdue", -50, "L-A"],
          ["2026-11-10", "poorRating", -50, "L-B"],
          ["2026-11-10", "fairRun", -50, "L-A,L-B"],
          ["2026-11-12", "examFailed", -50, "E-20261112-ccccc"],
          ["2026-11-14", "weeklyLate", -20, "W-20261114-zhangsan"],
          ["2026-11-21", "weeklyLate", -20, ""],
        ],
        total: -240,
        flags: [],
      },
      {
        person: "wangzhu",
        role: "supervisor",
        lines: [
          ["2026-11-06", "condoneUnsigned", -100, "L-C"],
          ["2026-11-14", "deptWeeklyLate", -20, "DW-20261114"],
          ["2026-11-18", "deptIncidentII", -30, "I-20261118-bbbbb"],
          ["2026-11-24", "noticeLate", -20, "I-20261118-bbbbb"],
        ],
        total: -170,
        flags: [],
      },
    ]);
  });

  it("explains each line in words with times in the department's zone", () => {
    const zs = sheet.people.find((p) => p.person === "zhangsan")!;
    expect(zs.lines[0].text).toBe("责任书 L-A 超期完成：预计 2026-11-02 18:00，完工 2026-11-03 10:00");
    expect(zs.lines[2].text).toBe("连续 3 个“中”：L-A 水平、L-A 结果、L-B 态度");
    expect(zs.lines[4].text).toBe(
      "周报 W-20261114-zhangsan 迟交：截止 2026-11-14 18:00，提交 2026-11-14 18:01",
    );
    expect(zs.lines[5].text).toContain("2026-11-21 当周周报未交");
  });

  it("pays by hand: tier on the 1st, assessment, travel, phone", () => {
    const signed: Assessment = {
      ...assessmentRec("2026-11", "2026-12-01T10:00:00+08:00", sheet.people),
      signature: stamp("lizong", "2026-12-02T10:00:00+08:00"),
    };
    const pay = computePayroll({
      month: "2026-11",
      config: config(),
      people: scenario.people,
      decisions: [promote],
      letters: scenario.letters,
      assessment: signed,
      history: new Map(),
    });
    expect(pay.errors).toEqual([]);
    expect(pay.bonus).toBeUndefined();
    expect(pay.rows).toEqual([
      // 1800 − 200 + 4 × 150 + 50
      {
        person: "lisi",
        tier: "二等",
        base: 1800,
        assessment: -200,
        travelDays: 4,
        travel: 600,
        phone: 50,
        bonus: 0,
        total: 2250,
      },
      // promoted effective 2 November: November still 三等. 1500 − 240 + 3 × 100 + 50
      {
        person: "zhangsan",
        tier: "三等",
        base: 1500,
        assessment: -240,
        travelDays: 3,
        travel: 300,
        phone: 50,
        bonus: 0,
        total: 1610,
      },
      // 2000 − 170 + 50
      {
        person: "wangzhu",
        tier: "一等",
        base: 2000,
        assessment: -170,
        travelDays: 0,
        travel: 0,
        phone: 50,
        bonus: 0,
        total: 1880,
      },
    ]);
  });
});

describe("pay rules", () => {
  it("D9: the tier in force on the 1st", () => {
    expect(tierOn(zhangsan, [promote], "2026-11-01")).toBe("三等");
    expect(tierOn(zhangsan, [promote], "2026-12-01")).toBe("二等");
    expect(tierOn(zhangsan, [{ ...promote, effective: "2026-11-01" }], "2026-11-01")).toBe("二等");
    // the roster may already hold the new tier: the history still starts one step below
    expect(tierHistory({ ...zhangsan, tier: "二等" }, [promote]).map((p) => p.tier)).toEqual([
      "三等",
      "二等",
    ]);
    const demote: Decision = {
      ...promote,
      id: "G-2",
      decision: "降档",
      tier: "三等",
      effective: "2027-02-01",
    };
    expect(tierOn(zhangsan, [promote, demote], "2027-02-01")).toBe("三等");
    expect(tierOn(zhangsan, [promote, demote], "2027-01-01")).toBe("二等");
  });

  it("D9: the basis of each tier is given; a tier not recorded anywhere is 三等 with a warning", () => {
    const noTier = person("newsup", { roles: ["supervisor"], tier: undefined });
    const a = assessmentRec("2026-11", "2026-12-02T10:00:00+08:00", [
      { person: "zhangsan", role: "engineer", lines: [], total: 0, flags: [] },
      { person: "newsup", role: "supervisor", lines: [], total: 0, flags: [] },
    ]);
    const pay = computePayroll({
      month: "2026-11",
      config: config(),
      people: [zhangsan, noTier],
      decisions: [{ ...promote, effective: "2026-11-01" }],
      letters: [],
      assessment: a,
      history: new Map(),
    });
    expect(pay.rows.map((r) => [r.person, r.tier, r.base])).toEqual([
      ["zhangsan", "二等", 1800],
      ["newsup", "三等", 1500],
    ]);
    expect(
      pay.details.map((d) => [d.person, d.tierPeriod.decision, d.tierPeriod.from, d.tierAssumed]),
    ).toEqual([
      ["zhangsan", "G-20261101-aaaaa", "2026-11-01", false],
      ["newsup", undefined, "2025-01-01", true],
    ]);
    expect(pay.warnings.filter((w) => "person" in w && w.person === "newsup")).toHaveLength(1);
    expect(pay.warnings.some((w) => "person" in w && w.person === "zhangsan")).toBe(false);
  });

  it("D10: trip days inclusive, special region rate, trips counted in the month of return", () => {
    const c = config();
    const ls = [
      letter("L-1", "zs", "2026-11-05T10:00:00+08:00", "优优优", {
        travel: { destination: "苏州", days: 1, departed: "2026-11-04", returned: "2026-11-04" },
      }),
      letter("L-2", "zs", "2026-11-30T10:00:00+08:00", "优优优", {
        travel: {
          destination: "拉萨",
          region: "西藏",
          days: 3,
          departed: "2026-11-28",
          returned: "2026-11-30",
        },
      }),
      letter("L-3", "zs", "2026-12-01T10:00:00+08:00", "优优优", {
        travel: { destination: "南京", days: 3, departed: "2026-11-29", returned: "2026-12-01" },
      }),
    ];
    expect(trips(ls, "zs", "2026-11", c).map((t) => [t.letter, t.days, t.rate, t.amount])).toEqual([
      ["L-1", 1, 100, 100],
      ["L-2", 3, 150, 450],
    ]);
    expect(trips(ls, "zs", "2026-12", c).map((t) => [t.letter, t.days, t.amount])).toEqual([["L-3", 3, 300]]);
  });

  it("D8: ranking with ties — equal scores share the better grade, thirds rounded up", () => {
    const g = (xs: [string, number][]) =>
      rankBonus(
        xs.map(([person, score]) => ({ person, score })),
        [0.8, 0.5, 0.3],
      ).map((r) => `${r.person}:${r.rank}:${r.grade}`);
    // n = 6, a third = 2: ranks 1 1 3 4 4 6 → grades 1 1 2 2 2 3
    expect(
      g([
        ["a", 100],
        ["b", 100],
        ["c", 50],
        ["d", 0],
        ["e", 0],
        ["f", -20],
      ]),
    ).toEqual(["a:1:1", "b:1:1", "c:3:2", "d:4:2", "e:4:2", "f:6:3"]);
    // n = 4, a third rounded up = 2 (positions 1–2 grade 1, 3–4 grade 2): the tie at rank 2 shares grade 1
    expect(
      g([
        ["a", 50],
        ["b", 20],
        ["c", 20],
        ["d", -10],
      ]),
    ).toEqual(["a:1:1", "b:2:1", "c:2:1", "d:4:2"]);
    // n = 7, a third = 3: a tie straddling the first boundary (ranks 3 and 4) is all grade 1
    expect(
      g([
        ["a", 9],
        ["b", 8],
        ["c", 7],
        ["d", 7],
        ["e", 5],
        ["f", 4],
        ["g", 3],
      ]),
    ).toEqual(["a:1:1", "b:2:1", "c:3:1", "d:3:1", "e:5:2", "f:6:2", "g:7:3"]);
    // n = 5: 2 / 2 / 1
    expect(
      g([
        ["a", 5],
        ["b", 4],
        ["c", 3],
        ["d", 2],
        ["e", 1],
      ]),
    ).toEqual(["a:1:1", "b:2:1", "c:3:2", "d:4:2", "e:5:3"]);
  });

  it("D8: in December the six monthly totals are summed and the region's pool × coefficient paid", () => {
    const mk = (month: string, zs: number, ls: number): Assessment => ({
      ...assessmentRec(month, `${month}-28T10:00:00+08:00`, [
        { person: "lisi", role: "engineer", lines: [], total: ls, flags: [] },
        { person: "zhangsan", role: "engineer", lines: [], total: zs, flags: [] },
        { person: "wangzhu", role: "supervisor", lines: [], total: 0, flags: [] },
      ]),
      signature: stamp("lizong", `${month}-28T12:00:00+08:00`),
    });
    const history = new Map(
      ["2026-07", "2026-08", "2026-09", "2026-10", "2026-11"].map((m) => [
        m,
        mk(m, m === "2026-08" ? -50 : 0, -20),
      ]),
    );
    const pay = computePayroll({
      month: "2026-12",
      config: config(),
      people: [zhangsan, lisi, wangzhu],
      decisions: [],
      letters: [],
      assessment: mk("2026-12", 100, 0),
      history,
    });
    expect(pay.errors).toEqual([]);
    // zhangsan: −50 + 100 = 50; lisi: 5 × −20 = −100. Two engineers, a third = 1: zhangsan grade 1, lisi grade 2
    expect(pay.bonus?.third).toBe(1);
    expect(pay.bonus?.parts).toEqual({
      zhangsan: [0, -50, 0, 0, 0, 100],
      lisi: [-20, -20, -20, -20, -20, 0],
    });
    expect(pay.bonus?.ranking.map((r) => [r.person, r.score, r.grade])).toEqual([
      ["zhangsan", 50, 1],
      ["lisi", -100, 2],
    ]);
    const row = (id: string) => pay.rows.find((r) => r.person === id)!;
    expect([row("zhangsan").bonus, row("zhangsan").bonusGrade, row("zhangsan").total]).toEqual([
      2400,
      1,
      1500 + 100 + 50 + 2400,
    ]);
    expect([row("lisi").bonus, row("lisi").bonusGrade]).toEqual([1000, 2]);
    expect(row("wangzhu").bonus).toBe(0);
  });

  it("D8: the bonus period runs from the month after the previous bonus month", () => {
    expect(bonusPeriod("2026-06", [6, 12])).toEqual([
      "2026-01",
      "2026-02",
      "2026-03",
      "2026-04",
      "2026-05",
      "2026-06",
    ]);
    expect(bonusPeriod("2026-12", [6, 12])).toEqual([
      "2026-07",
      "2026-08",
      "2026-09",
      "2026-10",
      "2026-11",
      "2026-12",
    ]);
    // another configuration: quarterly, March/June/September/December
    expect(bonusPeriod("2026-03", [3, 6, 9, 12])).toEqual(["2026-01", "2026-02", "2026-03"]);
  });

  it("refuses to compute with unset rates or a region without a pool", () => {
    const c = config();
    c.pay.travel.dailyRate = null;
    c.pay.bonus.pools = {};
    const a = assessmentRec("2026-12", "2026-12-28T10:00:00+08:00", [
      { person: "zhangsan", role: "engineer", lines: [], total: 0, flags: [] },
    ]);
    const ls = [
      letter("L-1", "zhangsan", "2026-12-05T10:00:00+08:00", "优优优", {
        travel: { destination: "苏州", days: 1, departed: "2026-12-04", returned: "2026-12-04" },
      }),
    ];
    const pay = computePayroll({
      month: "2026-12",
      config: c,
      people: [zhangsan],
      decisions: [],
      letters: ls,
      assessment: a,
      history: new Map(),
    });
    expect(pay.errors.map((e) => e.code)).toContain("travel-rate-unset");
    expect(pay.errors.map((e) => e.code)).toContain("bonus-pool-missing");
  });

  it("tier eligibility: 6 clean months and an exam passed → 二等; without a merit, none", () => {
    const exams = [exam("E-1", "2026-03-10", [["zhangsan", true]])];
    const args = {
      person: zhangsan,
      decisions: [],
      asOf: "2026-07",
      origin: "2026-01",
      clean: () => true,
      tierMonths: { 二等: 6, 一等: 12 },
    };
    // hired 5 January: February is the first whole month; Feb–Jul = 6
    expect(eligibility({ ...args, exams })).toMatchObject({
      current: "三等",
      cleanMonths: 6,
      eligible: "二等",
    });
    expect(eligibility({ ...args, asOf: "2026-06", exams })).toMatchObject({
      cleanMonths: 5,
      eligible: undefined,
      monthsToNext: 1,
    });
    expect(eligibility({ ...args, exams: [] })).toMatchObject({ eligible: undefined });
    expect(eligibility({ ...args, exams, clean: (m: string) => m !== "2026-04" })).toMatchObject({
      cleanMonths: 3,
    });
  });
});
