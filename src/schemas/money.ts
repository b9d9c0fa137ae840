import {
  Attachment,
  Count,
  DateOnly,
  DateTime,
  Enum,
  Id,
  Money,
  Month,
  PersonId,
  Record,
  Stamp,
  Text,
  TIERS,
  Type,
} from "./common.ts";
import { PAY_LEVELS, PAY_TRAVEL_DAYS } from "./limits.ts";

const Line = Type.Object(
  {
    rule: Type.String({ title: "规则代码", minLength: 1 }),
    text: Text("规则说明", 300),
    amount: Money("金额（扣款为负、奖励为正）"),
    refs: Type.Array(Type.String(), { title: "依据记录" }),
    date: Type.Optional(DateOnly("发生日期")),
    levels: Type.Optional(Count("当月基本工资降级数（沟通投诉，D20）", PAY_LEVELS)),
  },
  { title: "考核项", additionalProperties: false },
);

const Flag = Type.Object(
  {
    rule: Type.String({ title: "规则代码", minLength: 1 }),
    decision: Enum(["降级", "辞退"], "报总经理决定"),
    text: Text("说明", 300),
    refs: Type.Array(Type.String(), { title: "依据记录" }),
  },
  { title: "报总经理", additionalProperties: false },
);

/** 月度考核表 — draft until the GM signs; after that only amendments change it (D11). */
export const AssessmentSchema = Record("assessment", "月度考核表", {
  month: Month(),
  people: Type.Array(
    Type.Object(
      {
        person: PersonId("人员"),
        role: Enum(["engineer", "supervisor"], "考核角色"),
        lines: Type.Array(Line, { title: "考核项" }),
        total: Money("合计（元）"),
        flags: Type.Array(Flag, { title: "报总经理决定" }),
      },
      { title: "个人考核", additionalProperties: false },
    ),
    { title: "考核" },
  ),
  drafted: Stamp("编制"),
  signature: Type.Optional(Stamp("总经理签字")),
});

/** 工资表 — computed from the signed assessment (DOMAIN §4). */
export const PayrollSchema = Record("payroll", "工资表", {
  month: Month(),
  assessment: Id("月度考核表"),
  rows: Type.Array(
    Type.Object(
      {
        person: PersonId("人员"),
        tier: Enum(TIERS, "档次"),
        base: Money("基本工资"),
        lowered: Type.Optional(Count("沟通投诉降级数（基本工资已按降后档次计，D20）", PAY_LEVELS)),
        assessment: Money("考核（扣款与奖励）"),
        travelDays: Count("出差天数", PAY_TRAVEL_DAYS),
        travel: Money("出差补助"),
        phone: Money("话费补助"),
        bonus: Money("半年奖金"),
        bonusGrade: Type.Optional(Type.Integer({ title: "奖金档次（1–3）", minimum: 1, maximum: 3 })),
        total: Money("应发合计"),
      },
      { title: "工资行", additionalProperties: false },
    ),
    { title: "工资" },
  ),
  created: Stamp("编制"),
  signature: Type.Optional(Stamp("总经理签字")),
});

/** 更正 — the only way to change a record of a closed (signed) month (D11). */
export const AmendmentSchema = Record("amendment", "更正记录", {
  target: Id("被更正的记录"),
  reason: Text("原因", 2000),
  changes: Type.Array(
    Type.Object(
      {
        path: Type.String({ title: "字段路径（JSON Pointer）" }),
        before: Type.Optional(Type.Unknown({ title: "原值" })),
        after: Type.Optional(Type.Unknown({ title: "新值" })),
      },
      { title: "更改", additionalProperties: false },
    ),
    { title: "更改内容", minItems: 1 },
  ),
  at: DateTime("时间"),
  by: PersonId("更正人"),
  approval: Type.Optional(Stamp("总经理批准")),
  attachments: Type.Optional(Type.Array(Attachment, { title: "附件（如客户重签的评价表）" })),
});

/** 总经理决定 — salary tier promotion/downgrade, dismissal, recorded contribution (DOMAIN §3, §4). */
export const DecisionSchema = Record("decision", "总经理决定", {
  person: PersonId("人员"),
  decision: Enum(["升档", "降档", "辞退", "重大贡献", "考试通过"], "决定"),
  tier: Type.Optional(Enum(TIERS, "新档次")),
  effective: DateOnly("生效日期"),
  reason: Text("理由", 2000),
  refs: Type.Optional(Type.Array(Type.String(), { title: "依据记录" })),
  decided: Stamp("总经理签批"),
});
