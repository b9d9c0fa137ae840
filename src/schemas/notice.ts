import {
  CHANNELS,
  DateTime,
  Enum,
  Id,
  PersonId,
  PRIORITIES,
  Record,
  SERVICE_TYPES,
  Stamp,
  Text,
  Type,
} from "./common.ts";

/** 服务通知单 — filled by the requester; takes effect only when signed (DOMAIN §2.1). */
export const NoticeSchema = Record("notice", "服务通知单", {
  customer: Id("服务单位（客户编号）"),
  contact: Type.Object(
    { name: Text("联系人", 40), phone: Text("联系方式", 60) },
    { title: "联系人", additionalProperties: false },
  ),
  region: Type.Optional(Text("服务地区", 40)),
  address: Type.Optional(Text("服务地址", 300)),
  type: Enum(SERVICE_TYPES, "服务类型"),
  priority: Enum(PRIORITIES, "紧急程度"),
  channel: Enum(CHANNELS, "受理渠道"),
  content: Text("服务要求或内容"),
  site: Type.Optional(Text("现场情况")),
  fault: Type.Optional(Text("故障表述")),
  equipment: Type.Optional(Text("设备/产品", 200)),
  equipmentId: Type.Optional(Id("设备编号（设备档案 EQ-…）")),
  product: Type.Optional(Id("产品编号")),
  issued: Stamp("出单（下达人、出单时间）"),
  signature: Type.Optional(
    Type.Object(
      {
        by: PersonId("签字人"),
        at: DateTime("签字时间"),
        gmAbsent: Type.Boolean({ title: "总经理不在，由主管代签" }),
        backdated: Type.Optional(Type.Boolean({ title: "补录" })),
        enteredAt: Type.Optional(DateTime("录入时间")),
        as: Type.Optional(PersonId("代为录入人（转录纸质签字）")),
      },
      { title: "签字生效", additionalProperties: false },
    ),
  ),
  cancelled: Type.Optional(
    Type.Object(
      { by: PersonId("操作人"), at: DateTime("时间"), reason: Text("原因", 500) },
      { title: "作废", additionalProperties: false },
    ),
  ),
});
