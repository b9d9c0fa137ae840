// 客户投诉台账 (D19) as an .xlsx: one row per complaint received in the month; deterministic bytes.
import { local } from "../core/time.ts";
import type { LedgerRow } from "../domain/customer-complaints.ts";
import { deterministicZip } from "./payroll-xlsx.ts";

const TO: Record<string, string> = {
  vp: "副总及以上",
  "sales-manager": "销售经理",
  "sales-admin": "销售内勤",
  other: "其他",
};
const ABOUT: Record<string, string> = {
  engineer: "服务人员",
  product: "产品",
  service: "服务",
  other: "其他",
};

export async function renderComplaintLedgerXlsx(
  month: string,
  rows: LedgerRow[],
  names: Map<string, string>,
  customers: Map<string, string>,
  tz: string,
): Promise<Uint8Array> {
  const { default: ExcelJS } = await import("exceljs");
  const wb = new ExcelJS.Workbook();
  const when = new Date(`${month}-28T10:00:00Z`);
  wb.created = when;
  wb.modified = when;
  wb.title = `客户投诉台账 ${month}`;
  const ws = wb.addWorksheet(`客户投诉台账 ${month}`, { views: [{ state: "frozen", ySplit: 1 }] });
  const fmt = (iso: string | null) => (iso ? local(iso, tz).format("YYYY-MM-DD HH:mm") : "");
  ws.addRow([
    "编号",
    "接到时间",
    "客户",
    "渠道",
    "投诉对象",
    "涉及",
    "服务人员",
    "等级",
    "负责人",
    "承诺答复",
    "答复时间",
    "按时答复",
    "客户满意",
    "状态",
    "事故",
    "投诉内容",
  ]).font = { bold: true };
  for (const r of rows)
    ws.addRow([
      r.id,
      fmt(r.received),
      customers.get(r.customer) ?? r.customer,
      r.channel,
      TO[r.to] ?? r.to,
      ABOUT[r.about] ?? r.about,
      r.engineer ? (names.get(r.engineer) ?? r.engineer) : "",
      r.grade,
      names.get(r.owner) ?? r.owner,
      fmt(r.replyBy),
      fmt(r.replied),
      r.onTime === null ? "" : r.onTime ? "是" : "否",
      r.satisfied === null ? "" : r.satisfied ? "是" : "否",
      r.state,
      r.incident ?? "",
      cellText(r.content, r.id),
    ]);
  ws.columns.forEach((c, i) => {
    c.width = i === 15 ? 60 : i === 0 ? 20 : 14;
  });
  const buf = await wb.xlsx.writeBuffer();
  return deterministicZip(new Uint8Array(buf as ArrayBuffer));
}

/** What a cell holds at most (Excel: 32,767 characters, counted in UTF-16 units). */
const CELL_MAX = 32_767;

/**
 * Text for one cell: a complaint's content may be 20,000 characters, which an emoji makes 40,000 UTF-16
 * units — past the cell's limit, and Excel "repairs" such a workbook (found by attack). A longer text
 * is cut (never inside a surrogate pair) and says where the whole is.
 */
export function cellText(s: string, id: string): string {
  if (s.length <= CELL_MAX) return s;
  const note = `…（全文见记录 ${id}）`;
  let end = CELL_MAX - note.length;
  if (/[\uD800-\uDBFF]/.test(s[end - 1] ?? "")) end--;
  return s.slice(0, end) + note;
}
