// The paper forms of single records, as the department files them: 服务通知单, 项目责任书, 事故反思,
// 事故通报 — a title, a table of labelled fields, the record's tables, signature lines.
import { effectiveEstimate, isOverdue, isUnsignedLetter } from "../domain/figures.ts";
import type { Amendment, Customer, Incident, Letter, Notice, Person } from "../schemas/index.ts";
import {
  type BuiltDoc,
  dataTable,
  type Field,
  fieldTable,
  heading,
  makeDocument,
  para,
  section,
  signatures,
  title,
} from "./docx/kit.ts";
import { fmtDate, fmtTime, yesNo } from "./format.ts";
import { creatorOf, type DocContext } from "./weekly-docx.ts";

export interface FormData {
  people: Person[];
  customers: Customer[];
  notices: Notice[];
  letters: Letter[];
  /** Amendments (D15: a signed notice's 更正, a ratings correction) — shown on the form of their target. */
  amendments?: Amendment[];
}

/** 更正 rows of a record's form: each change, who and when, why (D15). */
function corrections(d: FormData, id: string, tz: string): Field[] {
  const name = names(d);
  const show = (v: unknown) =>
    v == null ? "—" : typeof v === "object" ? Object.values(v).join("/") : String(v);
  return (d.amendments ?? [])
    .filter((a) => a.target === id)
    .map((a) => ({
      label: "更正",
      value: `${a.changes.map((c) => `${FIELD_NAMES[c.path] ?? c.path}：${show(c.before)} → ${show(c.after)}`).join("；")}（${a.reason}）　${name(a.by)}　${fmtTime(a.at, tz)}${a.attachments?.length ? "　附客户重签表格" : ""}`,
      wide: true,
    }));
}

const FIELD_NAMES: Record<string, string> = {
  "/contact/name": "联系人",
  "/contact/phone": "联系方式",
  "/type": "服务类型",
  "/priority": "紧急程度",
  "/channel": "受理渠道",
  "/content": "服务要求或内容",
  "/site": "现场情况",
  "/fault": "故障表述",
  "/equipment": "设备/产品",
  "/product": "产品编号",
  "/region": "服务地区",
  "/address": "服务地址",
  "/completion/ratings": "客户评价（态度/水平/结果）",
  "/completion": "完工与客户评价",
};

function names(d: FormData) {
  const byId = new Map(d.people.map((p) => [p.id, p.name]));
  return (id?: string) => (id ? (byId.get(id) ?? id) : "");
}

function customerName(d: FormData, id?: string): string {
  if (!id) return "";
  return d.customers.find((c) => c.id === id)?.name ?? id;
}

const stamp = (name: (id?: string) => string, s: { by: string; at: string } | undefined, tz: string) =>
  s ? `${name(s.by)}　${fmtTime(s.at, tz)}` : "";

export function formFileName(kind: "notice" | "letter" | "reflection" | "notification", id: string): string {
  const title = {
    notice: "服务通知单",
    letter: "项目责任书",
    reflection: "事故反思",
    notification: "事故通报",
  }[kind];
  return `${title}${id}.docx`;
}

/** 上次服务时间: the latest completion of a letter for the same customer before the notice was issued. */
export function lastServiceOf(d: FormData, n: Notice): string | null {
  let best: string | null = null;
  for (const l of d.letters) {
    if (!l.completion) continue;
    const cust = l.unplanned?.customer ?? d.notices.find((x) => x.id === l.notice)?.customer;
    if (cust !== n.customer) continue;
    if (new Date(l.completion.at) >= new Date(n.issued.at)) continue;
    if (!best || new Date(l.completion.at) > new Date(best)) best = l.completion.at;
  }
  return best;
}

export function noticeForm(n: Notice, d: FormData, c: DocContext): BuiltDoc {
  const tz = c.tz;
  const name = names(d);
  const sig = n.signature;
  const fields: Field[] = [
    { label: "编号", value: n.id },
    { label: "出单时间", value: fmtTime(n.issued.at, tz) },
    { label: "服务单位", value: customerName(d, n.customer), wide: true },
    { label: "联系人", value: n.contact.name },
    { label: "联系方式", value: n.contact.phone },
    { label: "服务地区", value: n.region ?? "" },
    { label: "受理渠道", value: n.channel },
    { label: "服务地址", value: n.address ?? "", wide: true },
    { label: "服务类型", value: n.type },
    { label: "紧急程度", value: n.priority },
    // D21: the registered unit's id beside the free text (or the product) when the notice names one.
    { label: "设备/产品", value: [n.equipmentId, n.equipment ?? n.product].filter(Boolean).join(" ") },
    { label: "上次服务时间", value: fmtDate(lastServiceOf(d, n), tz) || "无" },
    { label: "服务要求或内容", value: n.content, wide: true },
    { label: "现场情况", value: n.site ?? "", wide: true },
    { label: "故障表述", value: n.fault ?? "", wide: true },
    { label: "下达人", value: name(n.issued.by) },
    {
      label: "签字生效",
      value: sig
        ? `${name(sig.by)}${sig.gmAbsent ? "（总经理不在，主管代签）" : ""}　${fmtTime(sig.at, tz)}`
        : "未签字（不能派工）",
    },
  ];
  fields.push(...corrections(d, n.id, tz));
  if (n.cancelled) {
    fields.push({
      label: "作废",
      value: `${name(n.cancelled.by)}　${fmtTime(n.cancelled.at, tz)}　${n.cancelled.reason}`,
      wide: true,
    });
  }
  const children = [
    ...title("服务通知单"),
    fieldTable(fields),
    signatures([
      { role: "下达人", name: name(n.issued.by), date: fmtDate(n.issued.at, tz) },
      {
        role: sig?.gmAbsent ? "主管（代总经理）" : "总经理",
        name: sig ? name(sig.by) : "",
        date: fmtDate(sig?.at, tz),
      },
    ]),
  ];
  return makeDocument(
    { title: `服务通知单 ${n.id}`, subject: "服务通知单", creator: creatorOf(c), date: n.issued.at },
    [section(children)],
  );
}

export function letterForm(l: Letter, d: FormData, c: DocContext): BuiltDoc {
  const tz = c.tz;
  const name = names(d);
  const notice = l.notice ? d.notices.find((n) => n.id === l.notice) : undefined;
  const customer = customerName(d, l.unplanned?.customer ?? notice?.customer);
  const done = l.completion;
  const r = done?.ratings;
  const unsigned = isUnsignedLetter(l);
  // Sections are numbered in order; the optional ones (delays, changes, market information) take the next number.
  let sectionNo = 0;
  const numbered = (text: string) => heading(`${"一二三四五六七八九十"[sectionNo++]}、${text}`);
  const children = [
    ...title("项目责任书"),
    fieldTable([
      { label: "编号", value: l.id },
      { label: "状态", value: l.status },
      { label: "服务通知单", value: l.notice ?? "（现场意外，自写责任书）" },
      { label: "服务类型", value: notice?.type ?? (l.unplanned ? "现场意外" : "") },
      { label: "服务单位", value: customer, wide: true },
      ...(l.unplanned ? [{ label: "意外情况与服务内容", value: l.unplanned.content, wide: true }] : []),
      ...(notice ? [{ label: "服务要求", value: notice.content, wide: true }] : []),
      { label: "服务人员", value: name(l.engineer) },
      { label: "派工", value: stamp(name, l.assigned, tz) },
      ...(l.reassignments ?? []).map((x) => ({
        label: "改派",
        value: `${name(x.from)} → ${name(x.to)}（${x.reason}）　${stamp(name, x, tz)}`,
        wide: true,
      })),
      { label: "预约时间", value: fmtTime(l.appointment, tz) },
      ...(l.appointments ?? []).map((x) => ({
        label: "改约",
        value: `${fmtTime(x.from, tz) || "—"} → ${fmtTime(x.to, tz)}（${x.reason}）　${stamp(name, x, tz)}`,
        wide: true,
      })),
      ...(l.cancelled
        ? [
            {
              label: "作废",
              value: `随通知单 ${l.cancelled.notice} 作废（${l.cancelled.reason}）　${stamp(name, l.cancelled, tz)}`,
              wide: true,
            },
          ]
        : []),
      {
        label: "预计完成",
        value:
          fmtTime(l.estimate, tz) +
          (effectiveEstimate(l) !== l.estimate ? `（批准延期至 ${fmtTime(effectiveEstimate(l), tz)}）` : ""),
      },
    ]),
    numbered("现场情况确认"),
    fieldTable([
      { label: "与通知单一致", value: l.site ? yesNo(l.site.matches) : "未确认" },
      { label: "确认", value: stamp(name, l.site, tz) },
      ...(l.site?.difference ? [{ label: "不一致之处", value: l.site.difference, wide: true }] : []),
      ...(l.site?.followUp ? [{ label: "与下达人跟进", value: l.site.followUp, wide: true }] : []),
    ]),
    numbered("解决方案准备"),
    fieldTable([
      { label: "解决方案", value: l.preparation.solution ?? "", wide: true },
      { label: "工具", value: l.preparation.tools.join("、"), wide: true },
      { label: "资料", value: (l.preparation.documents ?? []).join("、"), wide: true },
      { label: "备件", value: (l.preparation.spareParts ?? []).join("、"), wide: true },
    ]),
    numbered("出差"),
    l.travel
      ? fieldTable([
          { label: "目的地", value: l.travel.destination },
          { label: "区域", value: l.travel.region ?? "" },
          { label: "计划天数", value: `${l.travel.days} 天` },
          { label: "预支出差款", value: l.travel.advance !== undefined ? `${l.travel.advance} 元` : "" },
          { label: "出发日期", value: l.travel.departed ?? "" },
          { label: "返回日期", value: l.travel.returned ?? "" },
          { label: "主管批准", value: stamp(name, l.approval, tz) || "未批准", wide: true },
        ])
      : fieldTable([{ label: "出差", value: "无", wide: true }]),
    numbered("服务记录"),
    dataTable(
      [
        { header: "时间", weight: 2 },
        { header: "类型", weight: 0.9 },
        { header: "记录人", weight: 1.1 },
        { header: "内容", weight: 5.5 },
      ],
      l.log.map((e) => [
        fmtTime(e.at, tz),
        e.type,
        name(e.by),
        e.text +
          (e.to ? `（上报：${e.to}）` : "") +
          (e.attachments?.length ? `〔附件 ${e.attachments.length} 个〕` : ""),
      ]),
    ),
    ...(l.delays?.length
      ? [
          numbered("延期申请"),
          dataTable(
            [
              { header: "原因", weight: 0.8, align: "center" },
              { header: "申请延至", weight: 2 },
              { header: "说明", weight: 3.5 },
              { header: "申请", weight: 2 },
              { header: "主管批准", weight: 2 },
            ],
            l.delays.map((x) => [
              x.reason,
              fmtTime(x.until, tz),
              x.note ?? "",
              stamp(name, x, tz),
              stamp(name, x.approval, tz),
            ]),
          ),
        ]
      : []),
    ...(l.changes?.length
      ? [
          numbered("客户更改产品要求"),
          dataTable(
            [
              { header: "更改内容", weight: 4 },
              { header: "客户书面确认", weight: 2.5 },
              { header: "总经理批准", weight: 2.5 },
            ],
            l.changes.map((x) => [
              x.description,
              x.customerConfirmation
                ? `${x.customerConfirmation.name}　${fmtTime(x.customerConfirmation.at, tz)}`
                : "",
              stamp(name, x.gmApproval, tz),
            ]),
          ),
        ]
      : []),
    numbered("完工与客户评价"),
    fieldTable([
      { label: "完工时间", value: fmtTime(done?.at, tz) },
      { label: "是否按时", value: done ? (isOverdue(l) ? "超期" : "按时") : "" },
      { label: "态度", value: r?.attitude ?? "" },
      { label: "水平", value: r?.skill ?? "" },
      { label: "结果", value: r?.result ?? "" },
      {
        label: "客户签字",
        value: !done
          ? ""
          : done.forged
            ? `签字伪造（${stamp(name, done.forged, tz)} 认定${done.forged.reason ? `：${done.forged.reason}` : ""}），按三个“差”计`
            : unsigned
              ? "无客户签字，按三个“差”计"
              : (done.signature?.signedBy ?? ""),
      },
      ...(l.unplanned
        ? [{ label: "返回后补签", value: stamp(name, l.unplanned.countersign, tz), wide: true }]
        : []),
      ...corrections(d, l.id, tz),
    ]),
    numbered("返回与确认"),
    fieldTable([
      { label: "返回确认", value: stamp(name, l.return, tz) },
      { label: "同意返回", value: name(l.return?.agreedBy) },
      { label: "返程计划", value: l.return?.plan ?? "", wide: true },
      { label: "主管确认", value: stamp(name, l.confirmation, tz) },
      { label: "回访", value: stamp(name, l.followup, tz) },
      ...(l.followup?.note ? [{ label: "回访记录", value: l.followup.note, wide: true }] : []),
      { label: "结案", value: stamp(name, l.archive, tz), wide: true },
    ]),
    ...(l.market?.length
      ? [
          numbered("客户信息 / 市场信息"),
          dataTable(
            [
              { header: "项目", weight: 2 },
              { header: "内容", weight: 7 },
            ],
            l.market.map((m) => [m.topic, m.content]),
          ),
        ]
      : []),
    signatures([
      { role: "服务人员", name: name(l.engineer), date: fmtDate(done?.at, tz) },
      {
        role: "客户",
        name: unsigned ? "" : (done?.signature?.signedBy ?? ""),
        date: unsigned ? "" : fmtDate(done?.at, tz),
      },
      { role: "主管", name: name(l.confirmation?.by), date: fmtDate(l.confirmation?.at, tz) },
    ]),
  ];
  return makeDocument(
    { title: `项目责任书 ${l.id}`, subject: "项目责任书", creator: creatorOf(c), date: l.assigned.at },
    [section(children)],
  );
}

export function incidentForm(
  i: Incident,
  which: "reflection" | "notification",
  d: FormData,
  c: DocContext,
): BuiltDoc {
  const tz = c.tz;
  const name = names(d);
  const w = which === "reflection" ? i.reflection : i.notification;
  const heading1 = which === "reflection" ? "事故反思" : "事故通报";
  const children = [
    ...title(heading1),
    fieldTable([
      { label: "编号", value: i.id },
      { label: "事故类别", value: `${i.class}类事故` },
      { label: "责任人", value: name(i.engineer) },
      { label: "事故日期", value: i.date },
      { label: "相关责任书", value: i.letter ?? "" },
      { label: "登记", value: stamp(name, i.opened, tz) },
      { label: "事故经过与原因", value: i.cause, wide: true },
      ...(which === "notification" && i.reflection
        ? [{ label: "事故反思提交", value: stamp(name, i.reflection, tz), wide: true }]
        : []),
    ]),
    heading(which === "reflection" ? "反思" : "通报内容"),
    ...para(w?.text ?? ""),
    signatures(
      which === "reflection"
        ? [
            { role: "服务人员", name: name(w?.by), date: fmtDate(w?.at, tz) },
            { role: "主管", name: "", date: "" },
          ]
        : [
            { role: "技术服务部主管", name: name(w?.by), date: fmtDate(w?.at, tz) },
            { role: "被通报人", name: "", date: "" },
          ],
    ),
  ];
  return makeDocument(
    { title: `${heading1} ${i.id}`, subject: heading1, creator: creatorOf(c), date: w?.at ?? i.opened.at },
    [section(children)],
  );
}
