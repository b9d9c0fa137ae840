import { DateOnly, Enum, Money, Type } from "./common.ts";

const Deadline = (title: string) =>
  Type.Object(
    {
      weekday: Type.Integer({ title: "星期（0=周日 … 6=周六）", minimum: 0, maximum: 6 }),
      time: Type.String({ title: "时刻 HH:mm", pattern: "^([01]\\d|2[0-3]):[0-5]\\d$" }),
    },
    { title, additionalProperties: false },
  );
const Amount = (title: string) => Type.Number({ title, minimum: 0 });

/** svc.yaml — the department's settings, with the regulation's amounts as editable defaults. */
export const ConfigSchema = Type.Object(
  {
    department: Type.String({ title: "部门名称", minLength: 1 }),
    company: Type.Optional(Type.String({ title: "公司名称" })),
    timezone: Type.String({ title: "时区", minLength: 1 }),
    output: Type.String({ title: "输出目录（生成的文档）", minLength: 1 }),
    deadlines: Type.Object(
      {
        engineerWeekly: Deadline("服务人员周报截止（DOMAIN §5：周六 18:00）"),
        departmentWeekly: Deadline("技术服务周报截止（周日 18:00）"),
        assessmentWorkdays: Type.Integer({ title: "月度考核：次月前 N 个工作日内", minimum: 1 }),
        monthlyReportWorkdays: Type.Integer({ title: "月度报表：次月前 N 个工作日内", minimum: 1 }),
        incidentNoticeWorkdays: Type.Integer({ title: "事故通报：反思提交后 N 个工作日内", minimum: 1 }),
        supportReviewWorkdays: Type.Integer({ title: "支持申请审核：N 个工作日内", minimum: 1 }),
        checkinDays: Type.Integer({ title: "出差期间汇报间隔（天）", minimum: 1 }),
      },
      { title: "期限", additionalProperties: false },
    ),
    fines: Type.Object(
      {
        engineer: Type.Object(
          {
            overdue: Amount("服务超期（每次）"),
            poorRating: Amount("每个“差”评"),
            fairRun: Amount("三项均“中”或连续三个“中”"),
            weeklyLate: Amount("周报迟交（每次）"),
            unsigned: Amount("无客户签字或伪造签字（按三个差）"),
            examFailed: Amount("培训考核不合格（每次）"),
            incidentI: Amount("I类事故（每次）"),
            incidentII: Amount("II类事故（每次）"),
          },
          { title: "服务人员扣款", additionalProperties: false },
        ),
        supervisor: Type.Object(
          {
            reportLate: Amount("周报/月报/事故通报迟交（每次）"),
            incidentI: Amount("部门I类事故（每次）"),
            incidentII: Amount("部门II类事故（每次）"),
            condoneUnsigned: Amount("纵容无签字或伪造签字的责任书（每份）"),
          },
          { title: "主管扣款", additionalProperties: false },
        ),
      },
      { title: "扣款（元）", additionalProperties: false },
    ),
    rewards: Type.Object(
      {
        engineer: Amount("服务人员连续三个月无事故、评价良以上、文档齐全奖励"),
        engineerMonths: Type.Integer({ title: "服务人员奖励所需连续月数", minimum: 1 }),
        supervisor: Amount("主管连续无I类事故奖励"),
        supervisorMonths: Type.Integer({ title: "主管奖励所需连续月数", minimum: 1 }),
      },
      { title: "奖励（元）", additionalProperties: false },
    ),
    thresholds: Type.Object(
      {
        fairRun: Type.Integer({ title: "连续“中”的个数", minimum: 2 }),
        examFailsDowngrade: Type.Integer({ title: "累计考核不合格次数 → 降级", minimum: 1 }),
        classIDowngrade: Type.Integer({ title: "3个月内I类事故次数 → 降级", minimum: 1 }),
        classIDowngradeMonths: Type.Integer({ title: "降级窗口（月）", minimum: 1 }),
        dismissClassI: Type.Integer({ title: "6个月内I类事故次数 → 辞退", minimum: 1 }),
        dismissClassII: Type.Integer({ title: "6个月内II类事故次数 → 辞退", minimum: 1 }),
        dismissMonths: Type.Integer({ title: "辞退窗口（月）", minimum: 1 }),
        supervisorClassIDowngrade: Type.Integer({ title: "部门3个月内I类事故次数 → 主管降级", minimum: 1 }),
        supervisorClassIDowngradeMonths: Type.Integer({ title: "主管降级窗口（月）", minimum: 1 }),
      },
      { title: "阈值", additionalProperties: false },
    ),
    pay: Type.Object(
      {
        tiers: Type.Object(
          { 一等: Money("一等基本工资"), 二等: Money("二等基本工资"), 三等: Money("三等基本工资（起薪）") },
          { title: "基本工资档次（元/月）", additionalProperties: false },
        ),
        tierMonths: Type.Object(
          {
            二等: Type.Integer({ title: "升二等所需月数", minimum: 1 }),
            一等: Type.Integer({ title: "升一等所需月数", minimum: 1 }),
          },
          { title: "升档所需无事故无扣款月数", additionalProperties: false },
        ),
        bonus: Type.Object(
          {
            months: Type.Array(Type.Integer({ minimum: 1, maximum: 12 }), { title: "发放奖金的月份" }),
            coefficients: Type.Array(Type.Number({ minimum: 0 }), {
              title: "三档系数",
              minItems: 3,
              maxItems: 3,
            }),
            pools: Type.Record(Type.String(), Money("区域奖金基数"), { title: "各区域奖金基数（元）" }),
          },
          { title: "半年奖金", additionalProperties: false },
        ),
        travel: Type.Object(
          {
            dailyRate: Type.Union([Money("出差补助（元/天）"), Type.Null()], { title: "出差补助（元/天）" }),
            specialRate: Type.Union([Money("特殊地区出差补助（元/天）"), Type.Null()], {
              title: "特殊地区出差补助（元/天）",
            }),
            specialRegions: Type.Array(Type.String(), { title: "特殊地区" }),
          },
          { title: "出差补助", additionalProperties: false },
        ),
        phone: Type.Union([Money("话费补助（元/月）"), Type.Null()], { title: "话费补助（元/月）" }),
      },
      { title: "薪酬", additionalProperties: false },
    ),
    calendar: Type.Object(
      {
        holidays: Type.Array(DateOnly("节假日"), { title: "额外节假日" }),
        workdays: Type.Array(DateOnly("调休工作日"), { title: "额外调休工作日" }),
        years: Type.Array(Type.Integer(), { title: "已在此处补全节假日数据的年份" }),
      },
      { title: "工作日历补充", additionalProperties: false },
    ),
    complaints: Type.Object(
      {
        enabled: Type.Boolean({ title: "启用沟通投诉规则（DOMAIN §2.8）" }),
        perLevel: Type.Integer({ title: "当月每 N 次投诉降绩效一级", minimum: 1 }),
        permanentPerLevel: Type.Integer({ title: "每 N 次投诉永久降一级", minimum: 1 }),
      },
      { title: "沟通投诉", additionalProperties: false },
    ),
    allowAs: Type.Array(
      Enum(["engineer", "supervisor", "gm", "requester", "sales-admin", "finance"], "角色"),
      {
        title: "允许用 --as 代他人录入的角色",
      },
    ),
    attachments: Type.Optional(
      Type.Object(
        {
          maxBytes: Type.Optional(
            Type.Integer({ title: "单个附件的最大字节数（默认 20 MB = 20971520）", minimum: 1 }),
          ),
        },
        { title: "附件", additionalProperties: false },
      ),
    ),
  },
  { title: "svc.yaml 部门设置", additionalProperties: false },
);
