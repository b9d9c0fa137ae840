import { DateTime, Enum, Id, PersonId, Record, Stamp, StepMarks, Text, Type } from "./common.ts";
import { CHANNELS } from "./enums.ts";

/** To whom the customer complained (D19: VP or above → class I incident; sales manager / admin → II). */
export const COMPLAINED_TO = ["vp", "sales-manager", "sales-admin", "other"] as const;
export const COMPLAINT_ABOUT = ["engineer", "product", "service", "other"] as const;
export const COMPLAINT_GRADES = ["一般", "重大"] as const;

const stamp = () => ({ by: PersonId("操作人"), at: DateTime("时间"), ...StepMarks() });

/** 客户投诉 — a customer complaint (DOMAIN D19; 004 第十六–二十一条), apart from the communication complaint. */
export const CustomerComplaintSchema = Record("customer-complaint", "客户投诉", {
  customer: Id("客户"),
  received: Type.Object(
    {
      at: DateTime("接到投诉时间"),
      channel: Enum(CHANNELS, "投诉渠道"),
      by: PersonId("受理人"),
      to: Enum(
        COMPLAINED_TO,
        "投诉对象（vp 副总及以上 / sales-manager 销售经理 / sales-admin 销售内勤 / other）",
      ),
    },
    { title: "受理", additionalProperties: false },
  ),
  content: Text("投诉内容"),
  about: Enum(COMPLAINT_ABOUT, "投诉涉及（engineer 服务人员 / product 产品 / service 服务 / other 其他）"),
  engineer: Type.Optional(PersonId("被投诉的服务人员")),
  letter: Type.Optional(Id("相关责任书")),
  grade: Enum(COMPLAINT_GRADES, "等级"),
  owner: PersonId("负责人"),
  replyBy: DateTime("承诺答复期限（重大 1 个工作日，一般 3 个工作日）"),
  investigation: Type.Optional(
    Type.Object({ text: Text("调查经过"), ...stamp() }, { title: "调查", additionalProperties: false }),
  ),
  reply: Type.Optional(
    Type.Object(
      { result: Text("处理结果"), how: Text("告知客户的方式", 200), ...stamp() },
      { title: "答复客户", additionalProperties: false },
    ),
  ),
  callback: Type.Optional(
    Type.Object(
      {
        satisfied: Type.Boolean({ title: "客户满意" }),
        note: Type.Optional(Text("回访记录", 2000)),
        ...stamp(),
      },
      { title: "回访", additionalProperties: false },
    ),
  ),
  closed: Type.Optional(Stamp("结案")),
  incident: Type.Optional(Id("转为事故")),
  opened: Stamp("登记"),
});
