// 工资表 (.docx) from the computed payroll record: base by tier, assessment, travel and phone
// allowances, the half-year bonus (with its grade), the total — and the signature lines.
import { lastDayOf } from "../domain/windows.ts";
import type { Payroll } from "../schemas/index.ts";
import { money } from "./assessment-docx.ts";
import {
  CONTENT_WIDTH,
  dataTable,
  heading,
  makeDocument,
  note,
  packDeterministic,
  para,
  section,
  signatures,
  spacer,
  title,
} from "./docx/kit.ts";

export interface PayrollDocContext {
  department: string;
  company?: string;
  names: Map<string, string>;
  regions: Map<string, string>;
  /** Explanations: trips, bonus ranking. */
  notes: string[];
}

export function payrollFileName(month: string, ext: "docx" | "xlsx"): string {
  return `工资表-${month}.${ext}`;
}

export const PAY_COLUMNS = [
  "姓名",
  "区域",
  "档次",
  "基本工资",
  "考核",
  "出差天数",
  "出差补助",
  "话费补助",
  "半年奖金",
  "奖金档",
  "应发合计",
] as const;

export function payrollCells(
  p: Payroll,
  names: Map<string, string>,
  regions: Map<string, string>,
): (string | number)[][] {
  return p.rows.map((r) => [
    names.get(r.person) ?? r.person,
    regions.get(r.person) ?? "",
    r.tier,
    r.base,
    r.assessment,
    r.travelDays,
    r.travel,
    r.phone,
    r.bonus,
    r.bonusGrade ?? "",
    r.total,
  ]);
}

export function payrollTotals(p: Payroll) {
  const s = (k: "base" | "assessment" | "travel" | "phone" | "bonus" | "total" | "travelDays") =>
    Math.round(p.rows.reduce((a, r) => a + r[k], 0) * 100) / 100;
  return {
    base: s("base"),
    assessment: s("assessment"),
    travelDays: s("travelDays"),
    travel: s("travel"),
    phone: s("phone"),
    bonus: s("bonus"),
    total: s("total"),
  };
}

export async function renderPayrollDocx(p: Payroll, c: PayrollDocContext): Promise<Uint8Array> {
  const W = CONTENT_WIDTH.landscape;
  const tot = payrollTotals(p);
  const rows = payrollCells(p, c.names, c.regions).map((r) =>
    r.map((v, i) => (i === 4 ? money(Number(v)) : v)),
  );
  rows.push([
    "合计",
    "",
    "",
    tot.base,
    money(tot.assessment),
    tot.travelDays,
    tot.travel,
    tot.phone,
    tot.bonus,
    "",
    tot.total,
  ]);
  const children = [
    ...title("工资表", `${c.company ? `${c.company} ` : ""}${c.department}　${p.month}`),
    ...para(`依据：月度考核表 ${p.assessment}（已由总经理签字）　单位：元`),
    spacer(60),
    dataTable(
      PAY_COLUMNS.map((h, i) => ({
        header: h,
        weight: i === 0 ? 3 : 2,
        align: i >= 3 && i !== 9 ? ("right" as const) : undefined,
      })),
      rows,
      W,
    ),
  ];
  if (c.notes.length) {
    children.push(heading("说明"));
    for (const n of c.notes) children.push(note(n));
  }
  children.push(spacer());
  children.push(
    signatures(
      [
        { role: "编制", name: c.names.get(p.created.by) ?? p.created.by, date: p.created.at.slice(0, 10) },
        { role: "总经理" },
        { role: "财务" },
      ],
      W,
    ),
  );
  const built = makeDocument(
    {
      title: `工资表 ${p.month}`,
      creator: c.company ? `${c.company} ${c.department}` : c.department,
      date: `${lastDayOf(p.month)}T18:00:00+08:00`,
      subject: "工资表",
    },
    [section(children, "landscape")],
  );
  return packDeterministic(built);
}
