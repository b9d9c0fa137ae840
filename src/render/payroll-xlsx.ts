// 工资表 as an .xlsx for finance (exceljs): one sheet with the rows and a totals row (SUM formulas with
// their computed results), numbers as numbers; fixed workbook metadata so the same payroll gives the
// same content.

import { unzipSync, type Zippable, zipSync } from "fflate";
import { lastDayOf } from "../domain/windows.ts";
import type { Payroll } from "../schemas/index.ts";
import { xmlSafeParts } from "./docx/kit.ts";
import { PAY_COLUMNS, payrollCells, payrollTotals } from "./payroll-docx.ts";

export async function renderPayrollXlsx(
  p: Payroll,
  c: { department: string; company?: string; names: Map<string, string>; regions: Map<string, string> },
): Promise<Uint8Array> {
  const { default: ExcelJS } = await import("exceljs");
  const wb = new ExcelJS.Workbook();
  const when = new Date(`${lastDayOf(p.month)}T10:00:00Z`);
  wb.creator = c.company ? `${c.company} ${c.department}` : c.department;
  wb.lastModifiedBy = wb.creator;
  wb.created = when;
  wb.modified = when;
  wb.title = `工资表 ${p.month}`;
  // The totals are SUM formulas with cached results; a cached 0 is not written by exceljs, so ask the
  // spreadsheet to recalculate on opening (finance never sees an empty total).
  wb.calcProperties.fullCalcOnLoad = true;
  const ws = wb.addWorksheet(`工资表 ${p.month}`, { views: [{ state: "frozen", ySplit: 2 }] });
  ws.mergeCells(1, 1, 1, PAY_COLUMNS.length);
  ws.getCell(1, 1).value = `${c.department} 工资表 ${p.month}（依据 ${p.assessment}，单位：元）`;
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  ws.addRow([...PAY_COLUMNS]).font = { bold: true };
  const body = payrollCells(p, c.names, c.regions);
  for (const r of body) ws.addRow(r);
  const first = 3;
  const last = first + body.length - 1;
  const tot = payrollTotals(p);
  const col = (i: number) => String.fromCharCode(65 + i);
  const sumCell = (i: number, result: number) =>
    body.length ? { formula: `SUM(${col(i)}${first}:${col(i)}${last})`, result } : 0;
  const totals = ws.addRow([
    "合计",
    "",
    "",
    sumCell(3, tot.base),
    sumCell(4, tot.assessment),
    sumCell(5, tot.travelDays),
    sumCell(6, tot.travel),
    sumCell(7, tot.phone),
    sumCell(8, tot.bonus),
    "",
    sumCell(10, tot.total),
  ]);
  totals.font = { bold: true };
  ws.columns.forEach((column, i) => {
    column.width = i === 0 ? 12 : 10;
    if ([3, 4, 6, 7, 8, 10].includes(i)) column.numFmt = "#,##0.00";
  });
  const buf = await wb.xlsx.writeBuffer();
  return deterministicZip(new Uint8Array(buf as ArrayBuffer));
}

/** Zip entry times fixed and entries in name order: the same payroll gives the same bytes. */
const ZIP_MTIME = new Date(1980, 0, 1, 0, 0, 0);

export function deterministicZip(bytes: Uint8Array): Uint8Array {
  const parts = unzipSync(bytes);
  xmlSafeParts(parts); // a name with U+FFFF would make Excel refuse the workbook (issue 11)
  const rank = (p: string) => (p === "[Content_Types].xml" ? 0 : p.startsWith("_rels/") ? 1 : 2);
  const names = Object.keys(parts).sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  const z: Zippable = {};
  for (const n of names) z[n] = [parts[n], { mtime: ZIP_MTIME, level: 6 }];
  return zipSync(z, { mtime: ZIP_MTIME });
}
