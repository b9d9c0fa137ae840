// The report figures as pure functions: on-time (D3), unsigned = three 差 (D2), weekly lateness (D4),
// the engineer's week and the month's four statistics.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  departmentWeek,
  effectiveEstimate,
  engineerWeek,
  isOverdue,
  letterGrades,
  letterMissingSteps,
  monthFigures,
  pct,
  type ReportData,
  saturdaysOf,
  weeklyStatus,
} from "../src/domain/figures.ts";
import type { Config, Letter, Person, Weekly } from "../src/schemas/index.ts";
import { ROOT } from "./helpers.ts";

const config = parse(readFileSync(join(ROOT, "templates", "svc.yaml"), "utf8")) as Config;

const people: Person[] = [
  { kind: "person", id: "wangzhu", name: "王主管", roles: ["supervisor"], email: "sup@example.com" },
  {
    kind: "person",
    id: "zhangsan",
    name: "张三",
    roles: ["engineer"],
    email: "zs@example.com",
    region: "华东",
  },
  {
    kind: "person",
    id: "lisi",
    name: "李四",
    roles: ["engineer"],
    email: "ls@example.com",
    hired: "2026-11-10",
  },
];

function letter(id: string, o: Partial<Letter> = {}): Letter {
  return {
    kind: "letter",
    id,
    notice: "N-20261101-aaaaa",
    engineer: "zhangsan",
    status: "已确认",
    assigned: { by: "wangzhu", at: "2026-11-02T09:00:00+08:00" },
    site: { matches: true, by: "zhangsan", at: "2026-11-02T10:00:00+08:00" },
    preparation: { solution: "更换模块", tools: ["U盘", "螺丝刀", "笔记本电脑"] },
    appointment: "2026-11-03T09:00:00+08:00",
    estimate: "2026-11-20T18:00:00+08:00",
    log: [{ at: "2026-11-03T10:00:00+08:00", by: "zhangsan", type: "记录", text: "到达现场" }],
    completion: {
      at: "2026-11-20T17:00:00+08:00",
      by: "zhangsan",
      ratings: { attitude: "优", skill: "良", result: "优" },
      signature: { signedBy: "客户甲" },
      unsigned: false,
    },
    confirmation: { by: "wangzhu", at: "2026-11-21T09:00:00+08:00" },
    ...o,
  };
}

const done = (at: string, extra: Partial<NonNullable<Letter["completion"]>> = {}) => ({
  at,
  by: "zhangsan",
  ratings: { attitude: "优" as const, skill: "良" as const, result: "优" as const },
  signature: { signedBy: "客户甲" },
  unsigned: false,
  ...extra,
});

function data(o: Partial<ReportData> = {}): ReportData {
  return {
    config,
    people,
    letters: [],
    notices: [],
    customers: [],
    weeklies: [],
    departmentWeeklies: [],
    incidents: [],
    ...o,
  };
}

const weekly = (engineer: string, week: string, submitted: string): Weekly => ({
  kind: "weekly",
  id: `W-${week.replaceAll("-", "")}-${engineer}`,
  engineer,
  week,
  summary: "本周完成",
  submitted,
  by: engineer,
});

describe("on time (D3)", () => {
  it("is overdue when completed after the estimate, by a minute", () => {
    expect(isOverdue(letter("L-1", { completion: done("2026-11-20T18:00:00+08:00") }))).toBe(false);
    expect(isOverdue(letter("L-1", { completion: done("2026-11-20T18:01:00+08:00") }))).toBe(true);
  });

  it("moves the estimate only by approved extensions of reason B, C or D", () => {
    const approval = { by: "wangzhu", at: "2026-11-19T09:00:00+08:00" };
    const delay = (reason: "A" | "B" | "C" | "D", approved: boolean) => ({
      reason,
      until: "2026-11-25T18:00:00+08:00",
      by: "zhangsan",
      at: "2026-11-19T08:00:00+08:00",
      ...(approved ? { approval } : {}),
    });
    const late = done("2026-11-24T12:00:00+08:00");
    for (const r of ["B", "C", "D"] as const) {
      const l = letter("L-1", { completion: late, delays: [delay(r, true)] });
      expect(effectiveEstimate(l)).toBe("2026-11-25T18:00:00+08:00");
      expect(isOverdue(l)).toBe(false);
    }
    expect(isOverdue(letter("L-1", { completion: late, delays: [delay("A", true)] }))).toBe(true);
    expect(isOverdue(letter("L-1", { completion: late, delays: [delay("C", false)] }))).toBe(true);
  });

  it("an open letter is overdue only against a given now", () => {
    const open = letter("L-1", { completion: undefined, status: "在建" });
    expect(isOverdue(open)).toBe(false);
    expect(isOverdue(open, "2026-11-21T09:00:00+08:00")).toBe(true);
  });
});

describe("grades and documents (D2)", () => {
  it("counts an unsigned or forged letter as three 差, ignoring its own ratings", () => {
    expect(letterGrades(letter("L-1"))).toEqual({ 态度: "优", 水平: "良", 结果: "优" });
    const unsigned = letter("L-2", {
      completion: done("2026-11-20T10:00:00+08:00", { unsigned: true, signature: undefined }),
    });
    expect(letterGrades(unsigned)).toEqual({ 态度: "差", 水平: "差", 结果: "差" });
    const forged = letter("L-3", {
      completion: done("2026-11-20T10:00:00+08:00", {
        forged: { by: "wangzhu", at: "2026-11-21T10:00:00+08:00" },
      }),
    });
    expect(letterGrades(forged)).toEqual({ 态度: "差", 水平: "差", 结果: "差" });
    expect(letterMissingSteps(forged)).toContain("客户签字");
  });

  it("lists the missing steps of a letter", () => {
    expect(letterMissingSteps(letter("L-1"))).toEqual([]);
    const l = letter("L-2", {
      site: undefined,
      preparation: { tools: ["U盘"] },
      travel: { destination: "苏州", days: 2 },
      confirmation: undefined,
    });
    expect(letterMissingSteps(l)).toEqual([
      "现场情况确认",
      "解决方案",
      "必带工具",
      "出差审批",
      "返回确认",
      "主管确认",
    ]);
  });
});

describe("weekly reports (D4)", () => {
  it("Saturday 17:59 is on time, 18:01 is late, no report counts as late", () => {
    const onTime = weeklyStatus(
      config,
      [weekly("zhangsan", "2026-11-28", "2026-11-28T17:59:00+08:00")],
      "zhangsan",
      "2026-11-28",
    );
    expect(onTime).toMatchObject({ late: false, missing: false, deadline: "2026-11-28T18:00:00+08:00" });
    const late = weeklyStatus(
      config,
      [weekly("zhangsan", "2026-11-28", "2026-11-28T18:01:00+08:00")],
      "zhangsan",
      "2026-11-28",
    );
    expect(late.late).toBe(true);
    // The same instant written in UTC is judged in the department's zone.
    const utc = weeklyStatus(
      config,
      [weekly("zhangsan", "2026-11-28", "2026-11-28T09:59:00Z")],
      "zhangsan",
      "2026-11-28",
    );
    expect(utc.late).toBe(false);
    expect(weeklyStatus(config, [], "zhangsan", "2026-11-28")).toMatchObject({ late: true, missing: true });
  });

  it("the engineer's week carries the report and its late flag", () => {
    const d = data({
      letters: [
        letter("L-20261123-a", {
          completion: done("2026-11-25T15:00:00+08:00"),
          estimate: "2026-11-26T18:00:00+08:00",
        }),
        // completed the week before; only the supervisor's confirmation falls in this week
        letter("L-20261116-b", { confirmation: { by: "wangzhu", at: "2026-11-24T09:00:00+08:00" } }),
      ],
      weeklies: [weekly("zhangsan", "2026-11-28", "2026-11-28T18:01:00+08:00")],
    });
    const w = engineerWeek(d, "zhangsan", "2026-11-28");
    expect(w.week).toEqual({ saturday: "2026-11-28", from: "2026-11-23", to: "2026-11-29" });
    expect(w.late).toBe(true);
    expect(w.report?.summary).toBe("本周完成");
    expect(w.completions).toHaveLength(1);
    expect(w.completions[0]).toMatchObject({ letter: "L-20261123-a", onTime: true, signed: true });
    expect(w.ratings).toEqual({ 优: 2, 良: 1, 中: 0, 差: 0 });
    expect(w.letters.map((l) => l.id)).toEqual(["L-20261123-a"]);
  });

  it("the department's week lists open and overdue letters", () => {
    const d = data({
      letters: [
        letter("L-1", { completion: undefined, status: "在建", estimate: "2026-11-27T18:00:00+08:00" }),
        letter("L-2", { completion: undefined, status: "派工", estimate: "2026-12-05T18:00:00+08:00" }),
      ],
    });
    const dw = departmentWeek(d, "2026-11-28");
    expect(dw.totals).toMatchObject({ open: 2, overdueOpen: 1, completed: 0, onTimeRate: null });
    expect(dw.late).toBe(true);
    expect(dw.deadline).toBe("2026-11-29T18:00:00+08:00");
  });
});

describe("the month's four statistics", () => {
  const d = data({
    letters: [
      letter("L-1"),
      letter("L-2", { completion: done("2026-11-21T09:00:00+08:00") }),
      letter("L-3", {
        engineer: "lisi",
        completion: done("2026-11-18T09:00:00+08:00", { unsigned: true, signature: undefined }),
      }),
      letter("L-4", { completion: done("2026-12-01T09:00:00+08:00") }),
    ],
    weeklies: [
      weekly("zhangsan", "2026-11-07", "2026-11-07T12:00:00+08:00"),
      weekly("zhangsan", "2026-11-14", "2026-11-14T18:30:00+08:00"),
      weekly("zhangsan", "2026-11-21", "2026-11-21T12:00:00+08:00"),
      weekly("lisi", "2026-11-14", "2026-11-14T12:00:00+08:00"),
    ],
    incidents: [
      {
        kind: "incident",
        id: "I-20261110-x",
        class: "II",
        engineer: "zhangsan",
        date: "2026-11-10",
        cause: "现场问题未及时上报",
        opened: { by: "wangzhu", at: "2026-11-10T10:00:00+08:00" },
        reflection: { text: "反思", by: "zhangsan", at: "2026-11-11T10:00:00+08:00" },
      },
    ],
  });
  const f = monthFigures(d, "2026-11");

  it("on-time rate overall and per engineer", () => {
    expect(f.onTime).toMatchObject({ completed: 3, onTime: 2, overdue: 1, rate: 0.6667 });
    expect(pct(f.onTime.rate)).toBe("66.7%");
    expect(f.onTime.perEngineer.find((e) => e.engineer === "zhangsan")).toMatchObject({
      completed: 2,
      overdue: 1,
    });
    expect(f.onTime.overdueLetters.map((l) => l.id)).toEqual(["L-2"]);
  });

  it("customer evaluation with the unsigned letter as three 差", () => {
    expect(f.evaluation.dimensions.态度).toEqual({ 优: 2, 良: 0, 中: 0, 差: 1 });
    expect(f.evaluation.dimensions.水平).toEqual({ 优: 0, 良: 2, 中: 0, 差: 1 });
    expect(f.evaluation.total).toEqual({ 优: 4, 良: 2, 中: 0, 差: 3 });
    expect(f.evaluation.perEngineer.find((e) => e.engineer === "lisi")).toMatchObject({
      unsigned: 1,
      grades: { 差: 3 },
    });
  });

  it("document completeness: letters and weekly reports", () => {
    expect(f.documents.letters).toMatchObject({ total: 3, complete: 2 });
    expect(f.documents.letters.incomplete).toEqual([{ id: "L-3", engineer: "lisi", missing: ["客户签字"] }]);
    expect(saturdaysOf("2026-11")).toEqual(["2026-11-07", "2026-11-14", "2026-11-21", "2026-11-28"]);
    // zhangsan: 4 weeks (1 late, 1 missing); lisi hired 11-10: 3 weeks (2 missing).
    expect(f.documents.weekly).toMatchObject({ expected: 7, onTime: 3, late: 1, missing: 3 });
  });

  it("a running month does not count reports not yet due", () => {
    const running = monthFigures(d, "2026-11", undefined, "2026-11-22T10:00:00+08:00");
    // the week of 11-28 is not due yet: zhangsan 3 weeks (1 late), lisi 2 weeks (1 missing, 11-21)
    expect(running.documents.weekly).toMatchObject({ expected: 5, onTime: 3, late: 1, missing: 1 });
  });

  it("incidents with class and state", () => {
    expect(f.incidents.classII).toBe(1);
    expect(f.incidents.list[0]).toMatchObject({ id: "I-20261110-x", state: "待通报", name: "张三" });
    expect(f.incidents.list[0].noticeDue).toBe("2026-11-16T23:59:59+08:00");
    expect(f.report.deadline).toBe("2026-12-03T23:59:59+08:00");
  });
});

describe("charts", () => {
  const d = data({
    letters: [letter("L-1"), letter("L-2", { completion: done("2026-11-21T09:00:00+08:00") })],
  });
  const f = monthFigures(d, "2026-11");

  it("label with names in Chinese, or ASCII ids and English when there is no CJK font", async () => {
    const { monthChartSpecs } = await import("../src/render/charts.ts");
    const zh = JSON.stringify(monthChartSpecs(f, true));
    expect(zh).toContain("张三");
    expect(zh).toContain("按时");
    const en = monthChartSpecs(f, false);
    expect(en).toHaveLength(4); // issue 15: the 回访 survey chart (D18) is the fourth
    // nothing outside ASCII in the data or titles drawn without a CJK font
    expect(JSON.stringify(en.map((c) => [c.title, c.spec.data, c.spec.title]))).toMatch(/^[\x20-\x7e]*$/);
  });

  it("draws with the font cut down to the charts' characters: the same PNG bytes, no file left", async () => {
    const { monthCharts } = await import("../src/render/charts.ts");
    const tmp = mkdtempSync(join(tmpdir(), "svc-charts-"));
    try {
      const cut = await monthCharts(f, { TMPDIR: tmp });
      const whole = await monthCharts(f, { TMPDIR: tmp }, { subset: false });
      expect(cut.font).toBe("Noto Sans S Chinese");
      expect(cut.warnings).toEqual([]);
      expect(cut.charts).toHaveLength(4);
      expect(cut.charts.map((c) => Buffer.from(c.png).toString("base64"))).toEqual(
        whole.charts.map((c) => Buffer.from(c.png).toString("base64")),
      );
      expect(readdirSync(tmp)).toEqual([]); // the subset's folder removed
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }, 60_000);

  it("draws PNG images with or without a CJK font, never failing", async () => {
    const { monthCharts } = await import("../src/render/charts.ts");
    const none = await monthCharts(f, { SVC_CHART_FONT: "none" });
    expect(none.font).toBeNull();
    expect(none.warnings.join()).toContain("未找到中文字体");
    expect(none.charts.length).toBe(4); // issue 15: + the 回访 survey chart (D18)
    for (const c of none.charts) {
      expect(Buffer.from(c.png.slice(1, 4)).toString()).toBe("PNG");
      expect(c.width).toBeGreaterThan(100);
    }
  }, 60_000);
});

describe("the monthly report's deadline on the working-day calendar", () => {
  it("September's report is due on the 3rd working day of October 2026: the make-up Saturday 10-10", () => {
    const f = monthFigures(data(), "2026-09");
    expect(f.report.deadline).toBe("2026-10-10T23:59:59+08:00");
    expect(f.calendarWarnings).toEqual([]);
  });

  it("warns when the deadline falls in a year without holiday data", () => {
    const f = monthFigures(data(), "2031-12");
    expect(f.calendarWarnings.join()).toContain("2032");
  });
});
