// Issue 15 / D20 — the communication-complaint rule (001 第十四条) applied: every 2 complaints about an
// engineer in one month lower that month's base one tier step (a pay level, not a fine: a line citing
// the complaints with amount 0 on the sheet, the lowered base in the payroll); every 4 since `since`
// raise a GM-decision flag. Computed by hand at 1–5 complaints, across a month boundary, rule off.
import { describe, expect, it } from "vitest";
import { complaintMonth } from "../src/domain/incidents.ts";
import { computePayroll, loweredBase } from "../src/domain/pay.ts";
import type { Complaint, Config } from "../src/schemas/index.ts";
import { validateData } from "../src/store/validate.ts";
import {
  assess,
  assessmentRec,
  config,
  onTimeWeeklies,
  person,
  sheetOf,
  stamp,
} from "./assessment.fixtures.ts";

const zhangsan = person("zhangsan", { tier: "二等", region: "华东" });
const lisi = person("lisi", { tier: "一等", region: "华东" });

function complaint(n: number, date: string, who = "zhangsan"): Complaint {
  return {
    kind: "complaint",
    id: `C-${date.replaceAll("-", "")}-c${String(n).padStart(4, "0")}`,
    person: who,
    date,
    subject: "投诉-XX项目沟通问题",
    project: "XX",
    recorded: stamp("wangzhu", `${date}T18:00:00+08:00`),
  };
}
/** n complaints about zhangsan in November 2026. */
const nov = (n: number) =>
  Array.from({ length: n }, (_, i) => complaint(i + 1, `2026-11-${String(3 + i).padStart(2, "0")}`));

function enabled(o: Partial<Config["complaints"]> = {}): Config {
  const c = config();
  c.complaints = { enabled: true, perLevel: 2, permanentPerLevel: 4, ...o };
  return c;
}

function month(m: string, complaints: Complaint[], c: Config = enabled()) {
  const r = assess(m, {
    config: c,
    people: [zhangsan, lisi],
    weeklies: [
      ...onTimeWeeklies("zhangsan", "2026-10", "2026-11", "2026-12"),
      ...onTimeWeeklies("lisi", "2026-11"),
    ],
    complaints,
  });
  return { r, sheet: sheetOf(r, "zhangsan") };
}

async function payOf(m: string, complaints: Complaint[], c: Config = enabled()) {
  const { r } = month(m, complaints, c);
  const a = {
    ...assessmentRec(m, `${m}-28T10:00:00+08:00`, r.people),
    signature: stamp("lizong", `${m}-28T12:00:00+08:00`),
  };
  // svc never writes a record svc check would reject: the sheet and the payroll validate
  expect(await validateData("assessment", a)).toEqual([]);
  const pay = computePayroll({
    month: m,
    config: c,
    people: [zhangsan, lisi],
    decisions: [],
    letters: [],
    assessment: a,
    history: new Map(),
  });
  expect(pay.errors).toEqual([]);
  const id = `P-${m.replace("-", "")}`;
  const rec = {
    kind: "payroll",
    id,
    month: m,
    assessment: a.id,
    rows: pay.rows,
    created: stamp("wangzhu", `${m}-28T13:00:00+08:00`),
  };
  expect(await validateData("payroll", rec)).toEqual([]);
  return pay.rows.find((x) => x.person === "zhangsan");
}

describe("D20 communication complaints: the tier step below", () => {
  it("D20 lowers 一等 → 二等 → 三等 → 三等 − (二等 − 三等), never below 0", () => {
    const tiers = { 一等: 2000, 二等: 1800, 三等: 1500 };
    expect(loweredBase(tiers, "一等", 0)).toBe(2000);
    expect(loweredBase(tiers, "一等", 1)).toBe(1800);
    expect(loweredBase(tiers, "一等", 2)).toBe(1500);
    expect(loweredBase(tiers, "二等", 1)).toBe(1500);
    expect(loweredBase(tiers, "三等", 1)).toBe(1200);
    expect(loweredBase(tiers, "二等", 2)).toBe(1200);
    expect(loweredBase(tiers, "三等", 9)).toBe(0);
  });
});

describe("D20 communication complaints in the assessment, the payroll and the GM flag", () => {
  // complaints → [levels on the sheet, zhangsan's base (二等 1800), GM flag]
  const cases: [number, number, number, boolean][] = [
    [1, 0, 1800, false],
    [2, 1, 1500, false],
    [3, 1, 1500, false],
    [4, 2, 1200, true],
    [5, 2, 1200, true],
  ];
  for (const [n, levels, base, flag] of cases)
    it(`D20 at ${n} complaint(s) in a month: ${levels} level(s), base ${base}${flag ? ", GM flag" : ""}`, async () => {
      const { sheet } = month("2026-11", nov(n));
      const line = sheet.lines.find((l) => l.rule === "complaintLevel");
      if (levels === 0) expect(line).toBeUndefined();
      else {
        expect(line?.levels).toBe(levels);
        expect(line?.amount).toBe(0);
        expect(line?.refs).toEqual(nov(n).map((c) => c.id));
        expect(line?.text).toContain("001 第十四条");
        // dated the day the first step was reached: the 2nd complaint (2026-11-04)
        expect(line?.date).toBe("2026-11-04");
      }
      // a pay level, not a fine: the total (and so the D8 half-year score) is untouched
      expect(sheet.total).toBe(0);
      expect(sheet.flags.some((f) => f.rule === "complaintDowngrade")).toBe(flag);
      const row = await payOf("2026-11", nov(n));
      expect(row?.base).toBe(base);
      expect(row?.lowered).toBe(levels || undefined);
      expect(row?.total).toBe(base + 50); // + phone allowance of the fixture config
    });

  it("D20 counts per person: lisi (一等) with 2 complaints is paid 1800, zhangsan untouched", async () => {
    const cs = [complaint(1, "2026-11-05", "lisi"), complaint(2, "2026-11-20", "lisi")];
    expect((await payOf("2026-11", cs))?.base).toBe(1800);
    const { r } = month("2026-11", cs);
    expect(sheetOf(r, "lisi").lines.map((l) => l.rule)).toContain("complaintLevel");
    expect(sheetOf(r, "zhangsan").lines.map((l) => l.rule)).not.toContain("complaintLevel");
  });

  it("D20 across a month boundary: 1 on 31 October + 1 on 1 November lower neither month", async () => {
    const cs = [complaint(1, "2026-10-31"), complaint(2, "2026-11-01")];
    for (const m of ["2026-10", "2026-11"]) {
      expect(month(m, cs).sheet.lines.map((l) => l.rule)).not.toContain("complaintLevel");
      expect((await payOf(m, cs))?.base).toBe(1800);
    }
  });

  it("D20 the permanent flag counts since `since` across months: the 4th complaint raises it in its month only", async () => {
    const cs = [
      complaint(1, "2026-10-10"),
      complaint(2, "2026-10-20"),
      complaint(3, "2026-11-10"),
      complaint(4, "2026-12-01"),
    ];
    const flagged = (m: string) => month(m, cs).sheet.flags.filter((f) => f.rule === "complaintDowngrade");
    expect(flagged("2026-10")).toEqual([]);
    expect(flagged("2026-11")).toEqual([]);
    const dec = flagged("2026-12");
    expect(dec).toHaveLength(1);
    expect(dec[0].decision).toBe("降级");
    expect(dec[0].refs).toEqual(cs.map((c) => c.id));
    // October has 2: its base is lowered; November and December one each: not
    expect((await payOf("2026-10", cs))?.base).toBe(1500);
    expect((await payOf("2026-11", cs))?.base).toBe(1800);
    // with `since` after the first complaint, only 3 count: no flag in December
    const c = enabled();
    c.since = "2026-10-15";
    expect(month("2026-12", cs, c).sheet.flags.filter((f) => f.rule === "complaintDowngrade")).toEqual([]);
    expect(month("2026-10", cs, c).sheet.lines.map((l) => l.rule)).not.toContain("complaintLevel");
  });

  it("D20 with the rule off (complaints.enabled false): no line, no flag, the base of the tier", async () => {
    const off = config();
    expect(off.complaints.enabled).toBe(false);
    const { sheet } = month("2026-11", nov(5), off);
    expect(sheet.lines.map((l) => l.rule)).not.toContain("complaintLevel");
    expect(sheet.flags).toEqual([]);
    expect((await payOf("2026-11", nov(5), off))?.base).toBe(1800);
  });

  it("D20 the pure count honours perLevel and permanentPerLevel from svc.yaml", () => {
    const cs = nov(3).map((c) => ({ ...c }));
    const r = complaintMonth(cs, "zhangsan", "2026-11", { enabled: true, perLevel: 3, permanentPerLevel: 3 });
    expect(r.levels).toBe(1);
    expect(r.reached).toBe("2026-11-05");
    expect(r.permanent).toBe(true);
    expect(
      complaintMonth(cs, "zhangsan", "2026-11", { enabled: false, perLevel: 3, permanentPerLevel: 3 }).levels,
    ).toBe(0);
  });
});

describe("D19 the ledger workbook: a cell within Excel's limit (found by attack)", () => {
  it("a complaint of 20,000 emoji (40,000 UTF-16 units) is cut to 32,767 in its cell, saying where the whole is", async () => {
    const { renderComplaintLedgerXlsx, cellText } = await import("../src/render/complaint-xlsx.ts");
    const { unzipSync, strFromU8 } = await import("fflate");
    const content = "😀".repeat(20_000);
    const row = {
      id: "K-20261109-z0z6b",
      received: "2026-11-09T10:00:00+08:00",
      customer: "c1",
      channel: "电话",
      to: "sales-admin",
      about: "service",
      engineer: null,
      grade: "一般" as const,
      owner: "p1",
      replyBy: "2026-11-12T18:00:00+08:00",
      replied: null,
      onTime: null,
      satisfied: null,
      state: "已受理" as never,
      incident: null,
      content,
    };
    const bytes = await renderComplaintLedgerXlsx("2026-11", [row], new Map(), new Map(), "Asia/Shanghai");
    const shared = strFromU8(unzipSync(bytes)["xl/sharedStrings.xml"]);
    const cells = [...shared.matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((m) => m[1]);
    const longest = cells.reduce((a, b) => (b.length > a.length ? b : a), "");
    expect(longest.length).toBeLessThanOrEqual(32_767);
    expect(longest.endsWith("…（全文见记录 K-20261109-z0z6b）")).toBe(true);
    expect(longest.startsWith("😀😀")).toBe(true);
    expect(/[\uD800-\uDBFF]…/.test(longest)).toBe(false); // no half emoji before the note
    expect(cellText("短的投诉", "K-1")).toBe("短的投诉");
  });
});
