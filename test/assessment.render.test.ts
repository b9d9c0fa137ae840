// 月度考核表 / 工资表 documents: the figures appear in them, and the same input gives the same bytes.
import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { assessmentFileName, money, renderAssessmentDocx } from "../src/render/assessment-docx.ts";
import { payrollFileName, renderPayrollDocx } from "../src/render/payroll-docx.ts";
import { renderPayrollXlsx } from "../src/render/payroll-xlsx.ts";
import type { Assessment, Payroll } from "../src/schemas/index.ts";

const text = (bytes: Uint8Array) => strFromU8(unzipSync(bytes)["word/document.xml"]).replace(/<[^>]+>/g, "");
const names = new Map([
  ["zhangsan", "张三"],
  ["wangzhu", "王主管"],
  ["lizong", "李总"],
]);
const regions = new Map([["zhangsan", "华东"]]);

const assessment: Assessment = {
  kind: "assessment",
  id: "A-202611",
  month: "2026-11",
  people: [
    {
      person: "zhangsan",
      role: "engineer",
      lines: [
        {
          rule: "poorRating",
          text: "责任书 L-1 “水平”评价为“差”",
          amount: -50,
          refs: ["L-1"],
          date: "2026-11-05",
        },
      ],
      total: -50,
      flags: [
        {
          rule: "examFails",
          decision: "降级",
          text: "累计 3 次培训考核不合格：报总经理决定降档",
          refs: ["E-1"],
        },
      ],
    },
  ],
  drafted: { by: "wangzhu", at: "2026-12-01T10:00:00+08:00" },
  signature: { by: "lizong", at: "2026-12-02T10:00:00+08:00" },
};

const payroll: Payroll = {
  kind: "payroll",
  id: "P-202611",
  month: "2026-11",
  assessment: "A-202611",
  rows: [
    {
      person: "zhangsan",
      tier: "三等",
      base: 1500,
      assessment: -50,
      travelDays: 3,
      travel: 300,
      phone: 50,
      bonus: 0,
      total: 1800,
    },
  ],
  created: { by: "wangzhu", at: "2026-12-03T10:00:00+08:00" },
};

describe("assessment and payroll documents", () => {
  it("月度考核表 shows each line, the total, the flag and the signers; deterministic", async () => {
    const c = { department: "技术服务部", tz: "Asia/Shanghai", names };
    const a = await renderAssessmentDocx(assessment, c);
    const s = text(a);
    for (const want of [
      "月度考核表",
      "张三",
      "评价“差”",
      "−50",
      "L-1",
      "降级",
      "王主管",
      "李总",
      "已由总经理签字",
    ])
      expect(s).toContain(want);
    expect(Buffer.from(await renderAssessmentDocx(assessment, c)).equals(Buffer.from(a))).toBe(true);
    expect(assessmentFileName("2026-11")).toBe("月度考核表-2026-11.docx");
    expect([money(-50), money(100), money(0)]).toEqual(["−50", "+100", "0"]);
  });

  it("工资表 .docx and .xlsx carry every figure; the .xlsx is readable and deterministic", async () => {
    const d = await renderPayrollDocx(payroll, {
      department: "技术服务部",
      names,
      regions,
      notes: ["张三：L-1 出差 3 天"],
    });
    const s = text(d);
    for (const want of ["工资表", "张三", "华东", "1500", "1800", "A-202611", "出差 3 天"])
      expect(s).toContain(want);
    const x1 = await renderPayrollXlsx(payroll, { department: "技术服务部", names, regions });
    const x2 = await renderPayrollXlsx(payroll, { department: "技术服务部", names, regions });
    expect(Buffer.from(x1).equals(Buffer.from(x2))).toBe(true);
    const ExcelJS = (await import("exceljs")).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(x1) as never);
    const ws = wb.worksheets[0];
    expect(ws.getRow(2).getCell(1).value).toBe("姓名");
    expect(ws.getRow(3).getCell(1).value).toBe("张三");
    expect(ws.getRow(3).getCell(11).value).toBe(1800);
    expect(ws.getRow(4).getCell(11).value).toMatchObject({ formula: "SUM(K3:K3)", result: 1800 });
    expect(payrollFileName("2026-11", "xlsx")).toBe("工资表-2026-11.xlsx");
  });
});
