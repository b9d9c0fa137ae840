import {
  Attachment,
  Count,
  DateOnly,
  DateTime,
  DELAY_REASONS,
  Enum,
  GRADES,
  Id,
  LETTER_STATES,
  Money,
  PersonId,
  Record,
  Stamp,
  StepMarks,
  Text,
  Type,
} from "./common.ts";
import { ADVANCE, PART_QTY, TRAVEL_DAYS } from "./limits.ts";

/** Who pays a replaced part (D21): free under warranty (三包), else chargeable. */
export const PART_CHARGES = ["三包", "收费"] as const;

const Grade = (title: string) => Enum(GRADES, title);

const LogEntry = Type.Object(
  {
    at: DateTime("时间"),
    by: PersonId("记录人"),
    type: Enum(["记录", "上报", "汇报"], "类型（服务记录 / 疑难问题书面上报 / 出差状态汇报）"),
    text: Text("内容"),
    to: Type.Optional(Text("上报对象（产品专家 / 公司）", 80)),
    attachments: Type.Optional(Type.Array(Attachment, { title: "附件" })),
    ...StepMarks(),
    software: Type.Optional(Text("软件版本（本次更新后，D21）", 80)),
    parts: Type.Optional(
      Type.Array(
        Type.Object(
          {
            name: Text("配件", 200),
            qty: Type.Optional(Count("数量", PART_QTY)),
            charge: Enum(PART_CHARGES, "费用（三包期内免费 / 收费）"),
          },
          { title: "更换配件", additionalProperties: false },
        ),
        { title: "更换配件", maxItems: 100 },
      ),
    ),
  },
  { title: "服务记录", additionalProperties: false },
);

const Delay = Type.Object(
  {
    reason: Enum(DELAY_REASONS, "延期原因（A 接单未服务 / B 人员或物料不足 / C 客户原因 / D 其他）"),
    until: DateTime("申请延至"),
    note: Type.Optional(Text("说明", 2000)),
    by: PersonId("申请人"),
    at: DateTime("申请时间"),
    ...StepMarks(),
    approval: Type.Optional(Stamp("主管批准延期")),
    rd: Type.Optional(Id("等待的研发工作单（D22）")),
  },
  { title: "延期", additionalProperties: false },
);

const Change = Type.Object(
  {
    description: Text("客户更改产品要求"),
    by: PersonId("记录人"),
    at: DateTime("记录时间"),
    ...StepMarks(),
    customerConfirmation: Type.Optional(
      Type.Object(
        { name: Text("客户确认人", 40), at: DateTime("确认时间"), file: Type.Optional(Attachment) },
        { title: "客户书面确认", additionalProperties: false },
      ),
    ),
    gmApproval: Type.Optional(Stamp("总经理批准")),
  },
  { title: "客户更改要求", additionalProperties: false },
);

/** Who and when of a correction step (D15): a Stamp with its reason. */
const stampFields = {
  by: PersonId("操作人"),
  at: DateTime("时间"),
  backdated: Type.Optional(Type.Boolean({ title: "补录（由纸质表格转录）" })),
  enteredAt: Type.Optional(DateTime("录入时间")),
  as: Type.Optional(PersonId("代为录入人")),
};

const Reassignment = Type.Object(
  {
    from: PersonId("原服务人员"),
    to: PersonId("新服务人员"),
    reason: Text("改派原因", 500),
    ...stampFields,
  },
  { title: "改派", additionalProperties: false },
);

const Rescheduling = Type.Object(
  {
    from: Type.Optional(DateTime("原预约时间")),
    to: DateTime("新预约时间"),
    reason: Text("改约原因", 500),
    ...stampFields,
  },
  { title: "改约", additionalProperties: false },
);

/** 项目责任书 — the engineer's job sheet, carrying its whole history (DOMAIN §2.2). */
export const LetterSchema = Record("letter", "项目责任书", {
  notice: Type.Optional(Id("服务通知单编号")),
  unplanned: Type.Optional(
    Type.Object(
      {
        customer: Id("服务单位（客户编号）"),
        content: Text("意外情况与服务内容"),
        countersign: Type.Optional(Stamp("返回后补签")),
      },
      { title: "现场意外工作（自写责任书）", additionalProperties: false },
    ),
  ),
  engineer: PersonId("服务人员"),
  status: Enum(LETTER_STATES, "状态"),
  assigned: Stamp("派工"),
  site: Type.Optional(
    Type.Object(
      {
        matches: Type.Boolean({ title: "现场情况与通知单一致" }),
        difference: Type.Optional(Text("不一致之处")),
        followUp: Type.Optional(Text("与下达人的跟进")),
        by: PersonId("确认人"),
        at: DateTime("确认时间"),
        ...StepMarks(),
      },
      { title: "现场情况确认", additionalProperties: false },
    ),
  ),
  ack: Type.Optional(
    Type.Object(
      {
        by: PersonId("联系人"),
        at: DateTime("首次联系客户时间"),
        text: Type.Optional(Text("联系内容", 2000)),
        backdated: Type.Optional(Type.Boolean({ title: "补录（由纸质表格转录）" })),
        enteredAt: Type.Optional(DateTime("录入时间")),
        as: Type.Optional(PersonId("代为录入人")),
      },
      { title: "首次响应（与客户取得联系，DOMAIN D17）", additionalProperties: false },
    ),
  ),
  arrival: Type.Optional(Stamp("到达现场或开始远程处理（DOMAIN D17）")),
  preparation: Type.Object(
    {
      solution: Type.Optional(Text("解决方案")),
      tools: Type.Array(Text("工具", 60), {
        title: "工具（必带 U盘、螺丝刀、笔记本电脑）",
        uniqueItems: true,
      }),
      documents: Type.Optional(Type.Array(Text("资料", 200), { title: "资料" })),
      spareParts: Type.Optional(Type.Array(Text("备件", 200), { title: "备件" })),
    },
    { title: "解决方案准备", additionalProperties: false },
  ),
  appointment: Type.Optional(DateTime("预约服务时间")),
  appointments: Type.Optional(Type.Array(Rescheduling, { title: "改约（每次改约都保留）" })),
  reassignments: Type.Optional(Type.Array(Reassignment, { title: "改派" })),
  estimate: DateTime("预计完成时间"),
  travel: Type.Optional(
    Type.Object(
      {
        destination: Text("出差目的地", 120),
        region: Type.Optional(Text("目的地区域", 40)),
        days: Count("计划天数", TRAVEL_DAYS),
        advance: Type.Optional(Money("预支出差款（元）", ADVANCE)),
        departed: Type.Optional(DateOnly("出发日期")),
        returned: Type.Optional(DateOnly("返回日期")),
      },
      { title: "出差", additionalProperties: false },
    ),
  ),
  approval: Type.Optional(Stamp("主管批准出差计划（远程处理时：批准处理方案）")),
  remote: Type.Optional(
    Type.Object(
      {
        by: PersonId("决定远程处理的主管"),
        at: DateTime("时间"),
        backdated: Type.Optional(Type.Boolean({ title: "补录" })),
        enteredAt: Type.Optional(DateTime("录入时间")),
        as: Type.Optional(PersonId("代为录入人")),
        onSite: Type.Optional(Stamp("转为现场服务（主管批准出差）")),
      },
      { title: "远程处理（无出差、无预支，D22）", additionalProperties: false },
    ),
  ),
  log: Type.Array(LogEntry, { title: "服务记录" }),
  delays: Type.Optional(Type.Array(Delay, { title: "延期" })),
  changes: Type.Optional(Type.Array(Change, { title: "客户更改要求" })),
  completion: Type.Optional(
    Type.Object(
      {
        at: DateTime("完工时间"),
        by: PersonId("录入人"),
        as: Type.Optional(PersonId("代录入人")),
        backdated: Type.Optional(Type.Boolean({ title: "补录" })),
        ratings: Type.Optional(
          Type.Object(
            { attitude: Grade("态度"), skill: Grade("水平"), result: Grade("结果") },
            { title: "客户评价", additionalProperties: false },
          ),
        ),
        signature: Type.Optional(
          Type.Object(
            { signedBy: Text("客户签字人", 40), file: Type.Optional(Attachment) },
            { title: "客户签字", additionalProperties: false },
          ),
        ),
        confirmation: Type.Optional(
          Type.Object(
            { confirmedBy: Text("客户确认人", 40), file: Attachment },
            { title: "客户书面确认（远程处理：消息或邮件，附件）", additionalProperties: false },
          ),
        ),
        unsigned: Type.Boolean({ title: "无客户签字" }),
        forged: Type.Optional(
          Type.Object(
            { ...stampFields, reason: Type.Optional(Text("认定原因", 500)) },
            { title: "主管认定签字伪造", additionalProperties: false },
          ),
        ),
      },
      { title: "完工与客户评价", additionalProperties: false },
    ),
  ),
  return: Type.Optional(
    Type.Object(
      {
        by: PersonId("操作人"),
        at: DateTime("时间"),
        plan: Type.Optional(Text("返程计划", 500)),
        agreedBy: Type.Optional(PersonId("同意返回")),
        ...StepMarks(),
      },
      { title: "返回确认", additionalProperties: false },
    ),
  ),
  market: Type.Optional(
    Type.Array(
      Type.Object(
        { topic: Text("项目", 80), content: Text("内容", 2000) },
        { title: "市场信息", additionalProperties: false },
      ),
      { title: "客户信息 / 市场信息" },
    ),
  ),
  confirmation: Type.Optional(Stamp("主管确认")),
  followup: Type.Optional(
    Type.Object(
      {
        by: PersonId("回访人"),
        at: DateTime("回访时间"),
        note: Type.Optional(Text("回访记录", 2000)),
        ...StepMarks(),
      },
      { title: "回访", additionalProperties: false },
    ),
  ),
  survey: Type.Optional(
    Type.Object(
      {
        by: PersonId("回访人（销售内勤或客服）"),
        at: DateTime("回访时间（最后一次）"),
        backdated: Type.Optional(Type.Boolean({ title: "补录（由纸质表格转录）" })),
        enteredAt: Type.Optional(DateTime("录入时间")),
        as: Type.Optional(PersonId("代为录入人")),
        reached: Type.Boolean({ title: "联系到客户" }),
        attempts: Type.Array(DateTime("联系时间"), {
          title: "联系次数（3 次未联系到即无法联系）",
          minItems: 1,
          maxItems: 3,
        }),
        signedPersonally: Type.Optional(Type.Boolean({ title: "客户本人签字" })),
        explained: Type.Optional(Type.Boolean({ title: "服务人员讲解了操作" })),
        ratings: Type.Optional(
          Type.Object(
            { attitude: Grade("服务态度"), quality: Grade("服务质量"), speed: Grade("响应速度") },
            { title: "回访满意度", additionalProperties: false },
          ),
        ),
        comment: Type.Optional(Text("客户意见", 2000)),
        decision: Type.Optional(
          Type.Object(
            {
              forged: Type.Boolean({ title: "认定签字伪造" }),
              by: PersonId("主管"),
              at: DateTime("认定时间"),
              note: Type.Optional(Text("说明", 500)),
            },
            { title: "主管对非本人签字的认定", additionalProperties: false },
          ),
        ),
      },
      { title: "客服回访（DOMAIN D18）", additionalProperties: false },
    ),
  ),
  archive: Type.Optional(Stamp("结案（交财务）")),
  cancelled: Type.Optional(
    Type.Object(
      { ...stampFields, reason: Text("原因", 500), notice: Id("随之作废的通知单") },
      { title: "作废（随通知单作废）", additionalProperties: false },
    ),
  ),
});
