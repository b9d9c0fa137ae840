// 技术服务月度报表YYYY-MM.docx: the four statistics of DOMAIN §2.4 as tables, with charts, from the
// computed figures (src/domain/figures.ts) — the same object `svc monthly --json` prints.
import { AlignmentType, ImageRun, Paragraph, TextRun } from "docx";
import { monthlyFileName } from "../domain/doc-names.ts";
import type { MonthRepeats } from "../domain/equipment.ts";
import { DIMENSIONS, type MonthFigures, pct } from "../domain/figures.ts";
import type { OpenOrder } from "../domain/rd.ts";
import type { ChartImage } from "./charts.ts";
import {
  type BuiltDoc,
  CONTENT_WIDTH,
  dataTable,
  fieldTable,
  heading,
  ID_WIDTH,
  makeDocument,
  note,
  para,
  SIZE,
  section,
  signatures,
  title,
} from "./docx/kit.ts";
import { fmtDate, fmtTime } from "./format.ts";
import { slaSection } from "./sla-docx.ts";
import { creatorOf, type DocContext } from "./weekly-docx.ts";

export { monthlyFileName };

/** Largest width a chart takes on the page, in pixels at 96 dpi. */
const MAX_CHART_PX = Math.floor((CONTENT_WIDTH.portrait / 1440) * 96);

function chart(img: ChartImage | undefined, caption: string): Paragraph[] {
  if (!img) return [note(`（图表未生成：${caption}）`)];
  const scale = Math.min(1, MAX_CHART_PX / img.width);
  return [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      keepNext: true,
      spacing: { before: 120 },
      children: [
        new ImageRun({
          type: "png",
          data: img.png,
          transformation: { width: Math.round(img.width * scale), height: Math.round(img.height * scale) },
          altText: { name: caption, title: caption, description: img.title },
        }),
      ],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 120 },
      children: [new TextRun({ text: caption, size: SIZE.small })],
    }),
  ];
}

export interface MonthlyDocOptions {
  charts: ChartImage[];
  supervisorName?: string;
  summary?: string;
  chartWarnings?: string[];
  /** D21: the month's repeat faults (where there is an equipment register). */
  repeats?: MonthRepeats;
  /** D22: the R&D work orders open at the month's end. */
  rdOrders?: OpenOrder[];
}

export function monthlyDoc(f: MonthFigures, c: DocContext, o: MonthlyDocOptions): BuiltDoc {
  const tz = c.tz;
  const [y, m] = f.month.split("-");
  const ot = f.onTime;
  const ev = f.evaluation;
  const docs = f.documents;
  const grades = ["优", "良", "中", "差"] as const;
  const sum = (g: Record<(typeof grades)[number], number>) => grades.reduce((a, k) => a + g[k], 0);
  const children = [
    ...title("技术服务月度报表", `${y} 年 ${Number(m)} 月`),
    fieldTable([
      { label: "部门", value: c.department },
      {
        label: "统计期间",
        value: f.recordsBegin
          ? `${f.period.from} 至 ${f.period.to}（部分月份：记录自 ${f.recordsBegin} 起）`
          : `${f.period.from} 至 ${f.period.to}`,
      },
      { label: "编制人", value: o.supervisorName ?? "" },
      { label: "提交时间", value: fmtTime(f.report.submitted, tz) },
      { label: "截止时间", value: fmtTime(f.report.deadline, tz) },
      {
        label: "是否按时",
        value: f.report.submitted === null ? "未提交" : f.report.late ? "迟交" : "按时",
      },
    ]),
    heading("一、服务及时率"),
    fieldTable([
      { label: "本月完工", value: `${ot.completed} 份` },
      { label: "按时完成", value: `${ot.onTime} 份` },
      { label: "超期", value: `${ot.overdue} 份` },
      { label: "服务及时率", value: pct(ot.rate) },
    ]),
    dataTable(
      [
        { header: "服务人员", weight: 2 },
        { header: "完工", weight: 1, align: "center" },
        { header: "按时", weight: 1, align: "center" },
        { header: "超期", weight: 1, align: "center" },
        { header: "及时率", weight: 1.2, align: "center" },
      ],
      ot.perEngineer.map((e) => [e.name, e.completed, e.onTime, e.overdue, pct(e.rate)]),
    ),
    ...(ot.overdueLetters.length
      ? [
          note("超期的责任书："),
          dataTable(
            [
              { header: "责任书", width: ID_WIDTH },
              { header: "服务人员", weight: 1.4 },
              { header: "服务单位", weight: 2.2 },
              { header: "预计完成（含批准延期）", weight: 2.2 },
              { header: "完工时间", weight: 2 },
              { header: "延期原因", weight: 1.4 },
            ],
            ot.overdueLetters.map((l) => [
              l.id,
              nameIn(f, l.engineer),
              l.customer,
              fmtTime(l.effectiveEstimate, tz),
              fmtTime(l.completed, tz),
              l.delayReasons.join("、"),
            ]),
          ),
        ]
      : []),
    note(
      "按时 = 完工不晚于预计完成时间；经主管批准的 B（人员或物料不足）、C（客户原因）、D（其他）类延期顺延预计时间，A 类（接单未服务）不顺延。",
    ),
    ...chart(o.charts[0], "图 1  各服务人员按时与超期完工"),
    heading("二、客户评价"),
    dataTable(
      [
        { header: "评价项", weight: 1.5 },
        ...grades.map((g) => ({ header: g, weight: 1, align: "center" as const })),
        { header: "合计", weight: 1, align: "center" },
      ],
      [
        ...DIMENSIONS.map(([, dim]) => [
          dim,
          ...grades.map((g) => ev.dimensions[dim][g]),
          sum(ev.dimensions[dim]),
        ]),
        ["合计", ...grades.map((g) => ev.total[g]), sum(ev.total)],
      ],
    ),
    note(
      `本月完工 ${ev.letters} 份，有评价 ${ev.rated} 份，无客户签字 ${ev.unsigned} 份（每份按三个“差”计入，其原有评价不计）。`,
    ),
    dataTable(
      [
        { header: "服务人员", weight: 1.6 },
        { header: "完工", weight: 0.9, align: "center" },
        { header: "无签字", weight: 0.9, align: "center" },
        ...grades.map((g) => ({ header: g, weight: 0.8, align: "center" as const })),
      ],
      ev.perEngineer.map((e) => [e.name, e.letters, e.unsigned, ...grades.map((g) => e.grades[g])]),
    ),
    ...(ev.unsignedLetters.length
      ? [
          note("无客户签字或签字伪造的责任书："),
          dataTable(
            [
              { header: "责任书", width: ID_WIDTH },
              { header: "服务人员", weight: 1.2 },
              { header: "服务单位", weight: 2.5 },
              { header: "情况", weight: 1.3 },
            ],
            ev.unsignedLetters.map((l) => [
              l.id,
              nameIn(f, l.engineer),
              l.customer,
              l.forged ? "签字伪造" : "无签字",
            ]),
          ),
        ]
      : []),
    ...chart(o.charts[1], "图 2  客户评价分布"),
    heading("三、工作文档完整性"),
    fieldTable([
      { label: "完工责任书", value: `${docs.letters.total} 份` },
      { label: "文档齐全", value: `${docs.letters.complete} 份（${pct(docs.letters.rate)}）` },
      { label: "应交周报", value: `${docs.weekly.expected} 份` },
      {
        label: "按时提交",
        value: `${docs.weekly.onTime} 份（${pct(docs.weekly.rate)}）`,
      },
      { label: "迟交", value: `${docs.weekly.late} 份` },
      { label: "未交", value: `${docs.weekly.missing} 份` },
    ]),
    ...(docs.letters.incomplete.length
      ? [
          note("文档不齐全的责任书（签字与各步骤）："),
          dataTable(
            [
              { header: "责任书", width: ID_WIDTH },
              { header: "服务人员", weight: 1.2 },
              { header: "缺少", weight: 4.5 },
            ],
            docs.letters.incomplete.map((l) => [l.id, nameIn(f, l.engineer), l.missing.join("、")]),
          ),
        ]
      : []),
    dataTable(
      [
        { header: "服务人员", weight: 1.6 },
        { header: "应交周报", weight: 1, align: "center" },
        { header: "按时", weight: 1, align: "center" },
        { header: "迟交", weight: 1, align: "center" },
        { header: "未交", weight: 1, align: "center" },
      ],
      docs.weekly.perEngineer.map((e) => [e.name, e.expected, e.onTime, e.late, e.missing]),
    ),
    note(
      `统计本月各周六（${docs.weekly.saturdays.join("、") || "无"}）所在周的周报；周六 18:00 后提交为迟交，未交按迟交计。`,
    ),
    ...chart(o.charts[2], "图 3  周报提交情况"),
    heading("四、事故情况"),
    note(`本月 I 类事故 ${f.incidents.classI} 起，II 类事故 ${f.incidents.classII} 起。`),
    dataTable(
      [
        { header: "编号", width: ID_WIDTH },
        { header: "类别", width: 700, align: "center" },
        { header: "责任人", width: 900 },
        { header: "日期", width: 1250 },
        { header: "经过与原因", weight: 1 },
        { header: "状态与通报", width: 1650 },
      ],
      f.incidents.list.map((i) => [
        i.id,
        `${i.class}类`,
        i.name,
        i.date,
        i.cause,
        i.notification
          ? `${i.state} ${fmtDate(i.notification, tz)}${i.noticeLate ? "（迟）" : ""}`
          : i.noticeDue
            ? `${i.state}（应于 ${fmtDate(i.noticeDue, tz)} 前）`
            : i.state,
      ]),
    ),
    ...slaSection(f.sla, "五、服务时限", (id) => nameIn(f, id), tz),
    ...surveySection(f, (id) => nameIn(f, id)),
    ...chart(o.charts[3], "图 4  客服回访与服务人员收集的评价"),
    ...complaintSection(f, (id) => nameIn(f, id), tz),
    ...(o.repeats ? repeatSection(o.repeats, f) : []),
    ...(o.rdOrders ? rdSection(o.rdOrders, f, tz) : []),
    ...(o.summary ? [heading("八、说明"), ...para(o.summary, { keepNext: true })] : []),
    ...(f.calendarWarnings.length ? f.calendarWarnings.map((w) => note(`注意：${w}`)) : []),
    ...(o.chartWarnings?.length ? o.chartWarnings.map((w) => note(`注：${w}`)) : []),
    signatures([
      {
        role: "编制（主管）",
        name: f.report.submitted ? (o.supervisorName ?? "") : "",
        date: fmtDate(f.report.submitted, tz),
      },
      { role: "总经理" },
    ]),
  ];
  return makeDocument(
    {
      title: monthlyFileName(f.month).replace(/\.docx$/, ""),
      subject: "技术服务月度报表",
      creator: creatorOf(c),
      date: f.report.deadline,
    },
    [section(children)],
  );
}

/** D19: 七、客户投诉 — count, by grade, replies on time, complaint rate, the ledger of the month. */
function complaintSection(f: MonthFigures, name: (id: string) => string, tz: string) {
  const c = f.complaints;
  return [
    heading("七、客户投诉"),
    fieldTable([
      { label: "本月客户投诉", value: `${c.count} 起（一般 ${c.byGrade.一般}，重大 ${c.byGrade.重大}）` },
      { label: "按时答复", value: `${c.repliedOnTime}/${c.replied}（${pct(c.onTimeRate)}）` },
      { label: "投诉率", value: `${pct(c.rate)}（投诉 ${c.count} / 完工 ${c.lettersCompleted}）` },
      { label: "转为事故", value: `${c.incidents} 起` },
    ]),
    ...(c.rows.length
      ? [
          dataTable(
            [
              { header: "编号", width: ID_WIDTH },
              { header: "接到", weight: 1.6 },
              { header: "等级", weight: 0.8, align: "center" as const },
              { header: "内容", weight: 2.8 },
              { header: "答复", weight: 1.6 },
              { header: "状态", weight: 1.6 },
            ],
            c.rows.map((r) => [
              r.id,
              fmtTime(r.received, tz),
              r.grade,
              `${r.engineer ? `（${name(r.engineer)}）` : ""}${r.content}`,
              r.replied
                ? `${fmtTime(r.replied, tz)}${r.onTime ? "" : "（迟）"}`
                : `应于 ${fmtTime(r.replyBy, tz)} 前`,
              `${r.state}${r.incident ? ` ${r.incident}` : ""}`,
            ]),
          ),
        ]
      : []),
    note(
      "承诺答复期限：重大 1 个工作日，一般 3 个工作日；投诉率 = 本月客户投诉 / 本月完工责任书（DOMAIN D19）。台账：svc complaint ledger。",
    ),
  ];
}

/** D18: 六、客服回访 — coverage, averages, disagreement per engineer. */
function surveySection(f: MonthFigures, name: (id: string) => string) {
  const s = f.survey;
  const avg = (x: number | null) => (x === null ? "—" : x.toFixed(2));
  return [
    heading("六、客服回访"),
    fieldTable([
      { label: "本月完工", value: `${s.letters} 份` },
      { label: "已回访", value: `${s.surveyed} 份（联系到 ${s.reached}，无法联系 ${s.unreachable}）` },
      { label: "回访覆盖率", value: pct(s.coverage) },
      {
        label: "满意度均分",
        value: `服务态度 ${avg(s.averages.attitude)}，服务质量 ${avg(s.averages.quality)}，响应速度 ${avg(s.averages.speed)}，综合 ${avg(s.averages.all)}`,
      },
      { label: "与服务人员收集的评价不一致", value: `${s.disagree} 份（${pct(s.disagreeRate)}）` },
      { label: "客户表示非本人签字", value: `${s.notSignedPersonally} 份` },
    ]),
    dataTable(
      [
        { header: "服务人员", weight: 2 },
        { header: "完工", weight: 1, align: "center" },
        { header: "已回访", weight: 1, align: "center" },
        { header: "覆盖率", weight: 1.2, align: "center" },
        { header: "不一致", weight: 1, align: "center" },
        { header: "不一致率", weight: 1.2, align: "center" },
        { header: "非本人签字", weight: 1.2, align: "center" },
      ],
      s.perEngineer.map((e) => [
        name(e.engineer),
        e.letters,
        e.surveyed,
        pct(e.coverage),
        e.disagree,
        pct(e.disagreeRate),
        e.notSignedPersonally,
      ]),
    ),
    ...(s.disagreements.length || s.notSignedLetters.length
      ? [
          note("需关注的责任书："),
          dataTable(
            [
              { header: "责任书", width: ID_WIDTH },
              { header: "服务人员", weight: 1.4 },
              { header: "情况", weight: 5 },
            ],
            [
              ...s.disagreements.map((d) => [
                d.letter,
                name(d.engineer),
                `回访均分 ${d.survey.toFixed(2)}，服务人员收集的评价均分 ${d.collected.toFixed(2)}`,
              ]),
              ...s.notSignedLetters.map((d) => [
                d.letter,
                name(d.engineer),
                `客户表示非本人签字：${d.decided === "forged" ? "主管认定伪造" : d.decided === "genuine" ? "主管认定非伪造" : "待主管认定"}`,
              ]),
            ],
          ),
        ]
      : []),
    note(
      "回访由销售内勤或客服在确认后 5 个工作日内完成（3 次联系不到记为无法联系）；覆盖率 = 已回访/完工。均分按 优 4、良 3、中 2、差 1；回访均分与服务人员收集的三项评价均分相差一个等级（1 分）及以上为不一致（DOMAIN D18）。",
    ),
  ];
}

function nameIn(f: MonthFigures, id: string): string {
  return (
    f.onTime.perEngineer.find((e) => e.engineer === id)?.name ??
    f.evaluation.perEngineer.find((e) => e.engineer === id)?.name ??
    id
  );
}

/** 重复故障 (D21): notices of the month for equipment completed within the window, by product and engineer. */
function repeatSection(r: MonthRepeats, f: MonthFigures) {
  const name = (id: string) => f.onTime.perEngineer.find((e) => e.engineer === id)?.name ?? id;
  return [
    heading("附：重复故障"),
    note(
      `本月新开通知单中，设备完工后 ${r.windowDays} 天内再次报修的 ${r.count} 单。按产品：${
        r.byProduct.map((x) => `${x.product || "未注明"} ${x.count}`).join("，") || "无"
      }；按上次完工的服务人员：${r.byEngineer.map((x) => `${name(x.engineer)} ${x.count}`).join("，") || "无"}。`,
    ),
    dataTable(
      [
        { header: "通知单", width: ID_WIDTH },
        { header: "设备", width: ID_WIDTH },
        { header: "产品", weight: 1 },
        { header: "上次责任书", width: ID_WIDTH },
        { header: "服务人员", width: 900 },
        { header: "间隔（天）", width: 1000, align: "center" },
      ],
      r.list.map((x) => [x.repeat, x.equipment, x.product ?? "", x.letter, name(x.engineer), x.days]),
    ),
  ];
}

/** 研发工作单 (D22): the orders still open at the month's end, oldest first, with their age. */
function rdSection(orders: OpenOrder[], f: MonthFigures, tz: string) {
  const name = (id: string) => f.onTime.perEngineer.find((e) => e.engineer === id)?.name ?? id;
  return [
    heading("附：研发工作单"),
    note(`月末未结的研发工作单 ${orders.length} 张（研发受理、修复并经提出人确认后结单）。`),
    dataTable(
      [
        { header: "工作单", width: ID_WIDTH },
        { header: "责任书", width: ID_WIDTH },
        { header: "提出人", width: 900 },
        { header: "提出日期", width: 1250 },
        { header: "状态", width: 900 },
        { header: "已开（天）", width: 1000, align: "center" },
        { header: "故障现象", weight: 1 },
      ],
      orders.map((o) => [
        o.id,
        o.letter,
        name(o.requester),
        fmtDate(o.opened, tz),
        o.state,
        o.age,
        o.symptom,
      ]),
    ),
  ];
}
