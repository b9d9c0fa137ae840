// 服务人员工作周报 (张三周报11-28.docx) and 技术服务周报 (技术服务周报11-28.docx) from the computed
// figures (src/domain/figures.ts) — nothing here re-reads or re-interprets the records.

import { departmentWeeklyFileName, engineerWeeklyFileName } from "../domain/doc-names.ts";
import type { DepartmentWeek, EngineerWeek } from "../domain/figures.ts";
import { pct } from "../domain/figures.ts";
import {
  type BuiltDoc,
  dataTable,
  fieldTable,
  heading,
  ID_WIDTH,
  makeDocument,
  note,
  para,
  section,
  signatures,
  title,
} from "./docx/kit.ts";
import { fmtDate, fmtTime, gradeLine, yesNo } from "./format.ts";
import { slaSection } from "./sla-docx.ts";

export interface DocContext {
  department: string;
  company?: string;
  tz: string;
}

export function creatorOf(c: DocContext): string {
  return c.company ? `${c.company} ${c.department}` : c.department;
}

/** 张三周报11-28.docx: 姓名 + 周报 + MM-DD of the Saturday that closes the week. */
export { departmentWeeklyFileName, engineerWeeklyFileName };

function lateText(submitted: string | null, late: boolean): string {
  if (!submitted) return "未提交（按迟交计）";
  return late ? "迟交" : "按时";
}

export function engineerWeeklyDoc(w: EngineerWeek, c: DocContext): BuiltDoc {
  const tz = c.tz;
  const done = w.completions.length;
  const onTime = w.completions.filter((x) => x.onTime).length;
  const children = [
    ...title("服务人员工作周报", `${w.week.from} 至 ${w.week.to}`),
    fieldTable([
      { label: "姓名", value: w.name },
      { label: "负责区域", value: w.region ?? "" },
      { label: "部门", value: c.department },
      { label: "周次（周六）", value: w.week.saturday },
      { label: "提交时间", value: fmtTime(w.report?.submitted, tz) },
      { label: "截止时间", value: fmtTime(w.deadline, tz) },
      { label: "是否按时", value: lateText(w.report?.submitted ?? null, w.late) },
      { label: "周报编号", value: w.report?.id ?? "" },
    ]),
    heading("一、本周工作统计"),
    fieldTable([
      { label: "涉及责任书", value: `${w.letters.length} 份` },
      { label: "服务记录", value: `${w.log.length} 条` },
      { label: "完工", value: `${done} 份（按时 ${onTime} 份）` },
      { label: "出差", value: `${w.trips.length} 次，出差汇报 ${w.checkins} 次` },
      { label: "客户评价", value: gradeLine(w.ratings), wide: true },
      { label: "未解决问题", value: `${w.problems.length} 项`, wide: true },
    ]),
    heading("二、本周涉及的项目责任书"),
    dataTable(
      [
        { header: "责任书编号", width: ID_WIDTH },
        { header: "服务单位", weight: 3 },
        { header: "服务类型", weight: 1.3 },
        { header: "状态", weight: 1 },
        { header: "预计完成", weight: 2.2 },
      ],
      w.letters.map((l) => [l.id, l.customer, l.type, l.status, fmtTime(l.estimate, tz)]),
    ),
    heading("三、服务记录"),
    dataTable(
      [
        { header: "时间", weight: 2 },
        { header: "责任书", width: ID_WIDTH },
        { header: "类型", weight: 0.9 },
        { header: "内容", weight: 5 },
      ],
      w.log.map((e) => [fmtTime(e.at, tz), e.letter, e.type, e.text]),
    ),
    heading("四、完工与客户评价"),
    dataTable(
      [
        { header: "责任书", width: ID_WIDTH },
        { header: "服务单位", weight: 2.6 },
        { header: "完工时间", weight: 2 },
        { header: "按时", weight: 0.8, align: "center" },
        { header: "签字", weight: 0.8, align: "center" },
        { header: "态度", weight: 0.8, align: "center" },
        { header: "水平", weight: 0.8, align: "center" },
        { header: "结果", weight: 0.8, align: "center" },
      ],
      w.completions.map((x) => [
        x.letter,
        x.customer,
        fmtTime(x.at, tz),
        yesNo(x.onTime, "按时", "超期"),
        yesNo(x.signed, "有", "无"),
        x.grades?.态度 ?? "",
        x.grades?.水平 ?? "",
        x.grades?.结果 ?? "",
      ]),
    ),
    note(
      "无客户签字（或签字被认定伪造）的责任书按三个“差”计；按时 = 完工不晚于预计完成时间（经主管批准的 B、C、D 类延期顺延，A 类不顺延）。",
    ),
    heading("五、出差"),
    dataTable(
      [
        { header: "责任书", width: ID_WIDTH },
        { header: "目的地", weight: 3 },
        { header: "出发", weight: 1.5 },
        { header: "返回", weight: 1.5 },
        { header: "天数", weight: 0.8, align: "center" },
      ],
      w.trips.map((x) => [x.letter, x.destination, x.departed ?? "", x.returned ?? "未返回", x.days]),
    ),
    heading("六、未解决问题"),
    dataTable(
      [
        { header: "责任书", width: ID_WIDTH },
        { header: "类别", weight: 1 },
        { header: "时间", weight: 2 },
        { header: "内容", weight: 5 },
      ],
      w.problems.map((p) => [p.letter, p.kind, fmtTime(p.at, tz), p.text]),
    ),
    ...(w.report?.problems ? [note("服务人员补充："), ...para(w.report.problems)] : []),
    ...slaSection(w.sla, "七、服务时限", () => w.name, tz, { perEngineer: false }),
    heading("八、本周工作总结"),
    ...para(w.report?.summary ?? "（未提交周报）"),
    heading("九、下周工作计划"),
    ...para(w.report?.plan ?? "", { keepNext: true }), // the plan stays with the signature lines
    signatures([
      { role: "服务人员", name: w.report ? w.name : "", date: fmtDate(w.report?.submitted, tz) },
      { role: "主管" },
    ]),
  ];
  return makeDocument(
    {
      title: `${w.name}周报${w.week.saturday.slice(5, 10)}`, // the name as written (the file's is made safe)
      subject: "服务人员工作周报",
      creator: creatorOf(c),
      date: w.deadline,
    },
    [section(children)],
  );
}

export function departmentWeeklyDoc(d: DepartmentWeek, c: DocContext, supervisorName?: string): BuiltDoc {
  const tz = c.tz;
  const t = d.totals;
  const children = [
    ...title("技术服务周报", `${d.week.from} 至 ${d.week.to}`),
    fieldTable([
      { label: "部门", value: c.department },
      { label: "周次（周六）", value: d.week.saturday },
      { label: "编制人", value: supervisorName ?? "" },
      { label: "提交时间", value: fmtTime(d.report?.submitted, tz) },
      { label: "截止时间", value: fmtTime(d.deadline, tz) },
      { label: "是否按时", value: lateText(d.report?.submitted ?? null, d.late) },
    ]),
    heading("一、本周概况"),
    fieldTable([
      { label: "新服务通知单", value: `${t.notices} 份` },
      { label: "新派工", value: `${t.assigned} 份` },
      { label: "完工", value: `${t.completed} 份（按时 ${t.onTime} 份）` },
      { label: "按时率", value: pct(t.onTimeRate) },
      { label: "周末未完工", value: `${t.open} 份（其中超期 ${t.overdueOpen} 份）` },
      { label: "事故", value: `${t.incidents} 起` },
      { label: "周报未按时", value: `${t.reportsLate} 人（迟交或未交）`, wide: true },
    ]),
    heading("二、服务人员本周情况"),
    dataTable(
      [
        { header: "姓名", weight: 1.2 },
        { header: "责任书", weight: 1, align: "center" },
        { header: "记录", weight: 0.8, align: "center" },
        { header: "完工", weight: 0.8, align: "center" },
        { header: "按时", weight: 0.8, align: "center" },
        { header: "评价 优/良/中/差", weight: 2.4, align: "center" },
        { header: "出差", weight: 0.8, align: "center" },
        { header: "汇报", weight: 0.8, align: "center" },
        { header: "问题", weight: 0.8, align: "center" },
        { header: "周报", weight: 1.6, align: "center" },
      ],
      d.engineers.map((e) => [
        e.name,
        e.letters,
        e.logEntries,
        e.completions,
        e.onTime,
        `${e.ratings.优}/${e.ratings.良}/${e.ratings.中}/${e.ratings.差}`,
        e.trips,
        e.checkins,
        e.problems,
        e.reportSubmitted
          ? `${fmtTime(e.reportSubmitted, tz).slice(5)}${e.reportLate ? " 迟交" : ""}`
          : "未提交",
      ]),
    ),
    heading("三、本周完工"),
    dataTable(
      [
        { header: "责任书", width: ID_WIDTH },
        { header: "服务人员", weight: 1.2 },
        { header: "服务单位", weight: 3.2 },
        { header: "完工时间", weight: 2 },
        { header: "按时", weight: 0.8, align: "center" },
        { header: "签字", weight: 0.8, align: "center" },
      ],
      d.completed.map((x) => [
        x.id,
        nameOf(d, x.engineer),
        x.customer,
        fmtTime(x.at, tz),
        yesNo(x.onTime, "按时", "超期"),
        yesNo(x.signed, "有", "无"),
      ]),
    ),
    heading("四、未完工的责任书（截至周日）"),
    dataTable(
      [
        { header: "责任书", width: ID_WIDTH },
        { header: "服务人员", weight: 1.2 },
        { header: "服务单位", weight: 3.2 },
        { header: "状态", weight: 0.9 },
        { header: "预计完成", weight: 2 },
        { header: "超期", weight: 0.8, align: "center" },
      ],
      d.open.map((x) => [
        x.id,
        nameOf(d, x.engineer),
        x.customer,
        x.status,
        fmtTime(x.estimate, tz),
        x.overdue ? "超期" : "",
      ]),
    ),
    heading("五、新服务通知单"),
    dataTable(
      [
        { header: "通知单", width: ID_WIDTH },
        { header: "服务单位", weight: 3.4 },
        { header: "类型", weight: 1.1 },
        { header: "紧急", weight: 0.8 },
        { header: "出单时间", weight: 2 },
        { header: "生效", weight: 0.8, align: "center" },
      ],
      d.notices.map((n) => [n.id, n.customer, n.type, n.priority, fmtTime(n.issued, tz), yesNo(n.signed)]),
    ),
    heading("六、事故"),
    dataTable(
      [
        { header: "编号", width: ID_WIDTH },
        { header: "类别", weight: 0.8, align: "center" },
        { header: "责任人", weight: 1.2 },
        { header: "日期", weight: 1.5 },
        { header: "经过与原因", weight: 4.3 },
      ],
      d.incidents.map((i) => [i.id, `${i.class}类`, nameOf(d, i.engineer), i.date, i.cause]),
    ),
    ...slaSection(d.sla, "七、服务时限", (id) => nameOf(d, id), tz),
    heading("八、本周部门工作总结"),
    ...para(d.report?.summary ?? "（主管尚未提交本周技术服务周报）"),
    heading("九、下周计划"),
    ...para(d.report?.plan ?? "", { keepNext: true }),
    signatures([
      {
        role: "技术服务部主管",
        name: d.report ? (supervisorName ?? "") : "",
        date: fmtDate(d.report?.submitted, tz),
      },
      { role: "总经理" },
    ]),
  ];
  return makeDocument(
    {
      title: departmentWeeklyFileName(d.week.saturday).replace(/\.docx$/, ""),
      subject: "技术服务周报",
      creator: creatorOf(c),
      date: d.deadline,
    },
    [section(children)],
  );
}

function nameOf(d: DepartmentWeek, id: string): string {
  return d.names[id] ?? id;
}
