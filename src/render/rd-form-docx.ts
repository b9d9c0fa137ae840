// 故障处理工作单 (DOMAIN D22) as .docx: the order's request (environment, steps, symptom, attachments),
// R&D's decision with its reason, the fix, and the requester's confirmation.
import { rdState } from "../domain/rd.ts";
import type { Customer, Letter, Notice, Person, RdOrder } from "../schemas/index.ts";
import {
  type BuiltDoc,
  type Field,
  fieldTable,
  heading,
  makeDocument,
  para,
  section,
  signatures,
  title,
} from "./docx/kit.ts";
import { fmtDate, fmtTime } from "./format.ts";
import { creatorOf, type DocContext } from "./weekly-docx.ts";

export const rdFormFileName = (id: string) => `故障处理工作单${id}.docx`;

export function rdForm(
  o: RdOrder,
  d: { people: Person[]; letter?: Letter; notice?: Notice; customer?: Customer },
  c: DocContext,
): BuiltDoc {
  const tz = c.tz;
  const name = (id?: string) => (id ? (d.people.find((p) => p.id === id)?.name ?? id) : "");
  const fields: Field[] = [
    { label: "编号", value: o.id },
    { label: "状态", value: rdState(o) },
    { label: "项目责任书", value: o.letter },
    { label: "服务单位", value: d.customer?.name ?? d.notice?.customer ?? "" },
    {
      label: "设备/产品",
      value: d.notice?.equipmentId ?? d.notice?.equipment ?? d.notice?.product ?? "",
      wide: true,
    },
    { label: "提出人", value: name(o.requester) },
    { label: "提出时间", value: fmtTime(o.opened.at, tz) },
    { label: "运行环境", value: o.environment, wide: true },
    { label: "重现步骤", value: o.steps, wide: true },
    { label: "故障现象", value: o.symptom, wide: true },
    {
      label: "附件",
      value:
        (o.attachments ?? [])
          .map((a) => `${a.name ?? a.path}（sha256 ${a.sha256.slice(0, 12)}…）`)
          .join("\n") || "无",
      wide: true,
    },
  ];
  const decision: Field[] = o.rejected
    ? [
        { label: "驳回", value: `${name(o.rejected.by)}　${fmtTime(o.rejected.at, tz)}` },
        { label: "理由", value: o.rejected.reason, wide: true },
      ]
    : o.accepted
      ? [
          { label: "受理", value: `${name(o.accepted.by)}　${fmtTime(o.accepted.at, tz)}` },
          { label: "意见", value: o.accepted.reason, wide: true },
        ]
      : [{ label: "研发受理", value: "待受理", wide: true }];
  if (o.fixed)
    decision.push(
      { label: "已修复", value: `${name(o.fixed.by)}　${fmtTime(o.fixed.at, tz)}` },
      { label: "修复说明", value: o.fixed.note ?? "", wide: true },
    );
  decision.push({
    label: "提出人确认",
    value: o.confirmed ? `${name(o.confirmed.by)}　${fmtTime(o.confirmed.at, tz)}` : "未确认",
    wide: true,
  });
  const children = [
    ...title("故障处理工作单"),
    heading("一、故障情况（服务人员填写）"),
    fieldTable(fields),
    heading("二、研发处理"),
    fieldTable(decision),
    ...para("工作单经研发负责人受理并修复，由提出人确认修复后结单；驳回须写明理由。"),
    signatures([
      { role: "提出人", name: name(o.requester), date: fmtDate(o.opened.at, tz) },
      {
        role: "研发负责人",
        name: name(o.accepted?.by ?? o.rejected?.by),
        date: fmtDate(o.accepted?.at ?? o.rejected?.at, tz),
      },
      {
        role: "提出人确认",
        name: o.confirmed ? name(o.confirmed.by) : "",
        date: fmtDate(o.confirmed?.at, tz),
      },
    ]),
  ];
  return makeDocument(
    { title: `故障处理工作单 ${o.id}`, subject: "故障处理工作单", creator: creatorOf(c), date: o.opened.at },
    [section(children)],
  );
}
