import { Attachment, DateTime, Id, PersonId, Record, Stamp, Text, Type } from "./common.ts";

const Decision = (title: string) =>
  Type.Object(
    {
      by: PersonId("研发负责人"),
      at: DateTime("时间"),
      reason: Text("理由", 2000),
    },
    { title, additionalProperties: false },
  );

/**
 * 故障处理工作单 — an R&D work order (DOMAIN D22): opened by the letter's engineer after failed attempts
 * or on a suspected product defect, accepted or rejected by R&D's lead with a reason, reported fixed,
 * and closed only when the requester confirms the fix. The letter waits meanwhile (a delay of reason D
 * naming the order).
 */
export const RdOrderSchema = Record("rd", "故障处理工作单", {
  letter: Id("项目责任书编号"),
  requester: PersonId("提出人（责任书的服务人员）"),
  opened: Stamp("提出"),
  environment: Text("运行环境（软硬件版本、配置）", 4000),
  steps: Text("重现步骤", 8000),
  symptom: Text("故障现象", 8000),
  attachments: Type.Optional(Type.Array(Attachment, { title: "附件（日志、截图）", maxItems: 50 })),
  accepted: Type.Optional(Decision("受理")),
  rejected: Type.Optional(Decision("驳回")),
  fixed: Type.Optional(
    Type.Object(
      { by: PersonId("研发负责人"), at: DateTime("时间"), note: Type.Optional(Text("修复说明", 4000)) },
      { title: "已修复", additionalProperties: false },
    ),
  ),
  confirmed: Type.Optional(Stamp("提出人确认修复（结单）")),
});
