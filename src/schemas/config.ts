// svc.yaml — the department's settings. The schema says what the FILE may contain: every key but the
// department's name is optional, its value when absent coming from ONE defaults layer
// (src/schemas/defaults.ts, which templates/svc.yaml repeats; test/config.defaults.test.ts keeps the
// two equal). A key a later svc adds is optional with its default there, so a repository written by an
// older svc stays valid and computes the same money. Every number has a sane range (money ≥ 0, counts
// are integers, nothing infinite or NaN); what a schema cannot say — a time zone the runtime knows, an
// output folder inside the repository, the order of the revisions — is checked in src/store/config.ts.
import type { Static } from "@sinclair/typebox";
import { DateOnly, Enum, Month, ROLES, Type } from "./common.ts";

/** The largest amount (元) a setting may hold: anything beyond is a typo, not a fine. */
const MAX_AMOUNT = 1_000_000;
/** The largest count (months, occurrences, working days) a setting may hold. */
const MAX_COUNT = 1000;

const Deadline = (title: string) =>
  Type.Object(
    {
      weekday: Type.Integer({ title: "星期（0=周日 … 6=周六）", minimum: 0, maximum: 6 }),
      time: Type.String({ title: "时刻 HH:mm", pattern: "^([01]\\d|2[0-3]):[0-5]\\d$" }),
    },
    { title, additionalProperties: false },
  );
/** An amount of money in a setting (元): never negative, never absurd. */
const Amount = (title: string) => Type.Number({ title, minimum: 0, maximum: MAX_AMOUNT });
/** A count in a setting: a whole number in [min, max]. */
const Count = (title: string, minimum = 1, maximum = MAX_COUNT) => Type.Integer({ title, minimum, maximum });
const Workdays = (title: string) => Count(title, 1, 31);
const Opt = Type.Optional;
/** A working-time duration of the SLA: "2h" (working hours) or "1d" (working days). */
const Duration = (title: string) =>
  Type.String({ title, pattern: "^(?:[1-9]\\d{0,3}|0)(?:\\.\\d{1,2})?[hd]$", maxLength: 8 });
const SlaTargets = (priority: string) =>
  Type.Object(
    {
      response: Opt(Duration(`${priority}：首次响应（现场确认或 svc ack）`)),
      arrival: Opt(Duration(`${priority}：到场或开始远程处理（svc arrive）`)),
      resolution: Opt(Duration(`${priority}：解决（完工）`)),
    },
    { title: `${priority}时限`, additionalProperties: false },
  );

/**
 * The settings that decide a month's money — amounts, deadlines, thresholds, the time zone. These may
 * be changed from a given month on (`revisions`), and a change reaching back into a month the GM has
 * signed is an error of `svc check --history` (src/check/settings-history.ts).
 */
const monthSettings = {
  timezone: Opt(Type.String({ title: "时区（IANA 名称，如 Asia/Shanghai）", minLength: 1, maxLength: 64 })),
  deadlines: Opt(
    Type.Object(
      {
        engineerWeekly: Opt(Deadline("服务人员周报截止（DOMAIN §5：周六 18:00）")),
        departmentWeekly: Opt(Deadline("技术服务周报截止（周日 18:00）")),
        assessmentWorkdays: Opt(Workdays("月度考核：次月前 N 个工作日内")),
        monthlyReportWorkdays: Opt(Workdays("月度报表：次月前 N 个工作日内")),
        incidentNoticeWorkdays: Opt(Workdays("事故通报：反思提交后 N 个工作日内")),
        supportReviewWorkdays: Opt(Workdays("支持申请审核：N 个工作日内")),
        checkinDays: Opt(Workdays("出差期间汇报间隔（天）")),
      },
      { title: "期限", additionalProperties: false },
    ),
  ),
  fines: Opt(
    Type.Object(
      {
        engineer: Opt(
          Type.Object(
            {
              overdue: Opt(Amount("服务超期（每次）")),
              poorRating: Opt(Amount("每个“差”评")),
              fairRun: Opt(Amount("三项均“中”或连续三个“中”")),
              weeklyLate: Opt(Amount("周报迟交（每次）")),
              unsigned: Opt(Amount("无客户签字或伪造签字（按三个差）")),
              examFailed: Opt(Amount("培训考核不合格（每次）")),
              incidentI: Opt(Amount("I类事故（每次）")),
              incidentII: Opt(Amount("II类事故（每次）")),
            },
            { title: "服务人员扣款", additionalProperties: false },
          ),
        ),
        supervisor: Opt(
          Type.Object(
            {
              reportLate: Opt(Amount("周报/月报/事故通报迟交（每次）")),
              incidentI: Opt(Amount("部门I类事故（每次）")),
              incidentII: Opt(Amount("部门II类事故（每次）")),
              condoneUnsigned: Opt(Amount("纵容无签字或伪造签字的责任书（每份）")),
            },
            { title: "主管扣款", additionalProperties: false },
          ),
        ),
      },
      { title: "扣款（元）", additionalProperties: false },
    ),
  ),
  rewards: Opt(
    Type.Object(
      {
        engineer: Opt(Amount("服务人员连续三个月无事故、评价良以上、文档齐全奖励")),
        engineerMonths: Opt(Count("服务人员奖励所需连续月数", 1, 120)),
        supervisor: Opt(Amount("主管连续无I类事故奖励")),
        supervisorMonths: Opt(Count("主管奖励所需连续月数", 1, 120)),
      },
      { title: "奖励（元）", additionalProperties: false },
    ),
  ),
  thresholds: Opt(
    Type.Object(
      {
        fairRun: Opt(Count("连续“中”的个数", 2)),
        examFailsDowngrade: Opt(Count("累计考核不合格次数 → 降级")),
        classIDowngrade: Opt(Count("3个月内I类事故次数 → 降级")),
        classIDowngradeMonths: Opt(Count("降级窗口（月）", 1, 120)),
        dismissClassI: Opt(Count("6个月内I类事故次数 → 辞退")),
        dismissClassII: Opt(Count("6个月内II类事故次数 → 辞退")),
        dismissMonths: Opt(Count("辞退窗口（月）", 1, 120)),
        supervisorClassIDowngrade: Opt(Count("部门3个月内I类事故次数 → 主管降级")),
        supervisorClassIDowngradeMonths: Opt(Count("主管降级窗口（月）", 1, 120)),
      },
      { title: "阈值", additionalProperties: false },
    ),
  ),
  pay: Opt(
    Type.Object(
      {
        tiers: Opt(
          Type.Object(
            {
              一等: Opt(Amount("一等基本工资")),
              二等: Opt(Amount("二等基本工资")),
              三等: Opt(Amount("三等基本工资（起薪）")),
            },
            { title: "基本工资档次（元/月）", additionalProperties: false },
          ),
        ),
        tierMonths: Opt(
          Type.Object(
            { 二等: Opt(Count("升二等所需月数", 1, 240)), 一等: Opt(Count("升一等所需月数", 1, 240)) },
            { title: "升档所需无事故无扣款月数", additionalProperties: false },
          ),
        ),
        bonus: Opt(
          Type.Object(
            {
              months: Opt(
                Type.Array(Type.Integer({ minimum: 1, maximum: 12 }), {
                  title: "发放奖金的月份",
                  uniqueItems: true,
                  maxItems: 12,
                }),
              ),
              coefficients: Opt(
                Type.Array(Type.Number({ minimum: 0, maximum: 100 }), {
                  title: "三档系数",
                  minItems: 3,
                  maxItems: 3,
                }),
              ),
              pools: Opt(
                Type.Record(Type.String({ minLength: 1 }), Amount("区域奖金基数"), {
                  title: "各区域奖金基数（元）",
                }),
              ),
            },
            { title: "半年奖金", additionalProperties: false },
          ),
        ),
        travel: Opt(
          Type.Object(
            {
              dailyRate: Opt(
                Type.Union([Amount("出差补助（元/天）"), Type.Null()], { title: "出差补助（元/天）" }),
              ),
              specialRate: Opt(
                Type.Union([Amount("特殊地区出差补助（元/天）"), Type.Null()], {
                  title: "特殊地区出差补助（元/天）",
                }),
              ),
              specialRegions: Opt(Type.Array(Type.String({ minLength: 1 }), { title: "特殊地区" })),
            },
            { title: "出差补助", additionalProperties: false },
          ),
        ),
        phone: Opt(Type.Union([Amount("话费补助（元/月）"), Type.Null()], { title: "话费补助（元/月）" })),
      },
      { title: "薪酬", additionalProperties: false },
    ),
  ),
  complaints: Opt(
    Type.Object(
      {
        enabled: Opt(Type.Boolean({ title: "启用沟通投诉规则（DOMAIN §2.8）" })),
        perLevel: Opt(Count("当月每 N 次投诉降绩效一级")),
        permanentPerLevel: Opt(Count("每 N 次投诉永久降一级")),
      },
      { title: "沟通投诉", additionalProperties: false },
    ),
  ),
  sla: Opt(
    Type.Object(
      {
        targets: Opt(
          Type.Object(
            {
              紧急: Opt(SlaTargets("紧急")),
              重要: Opt(SlaTargets("重要")),
              一般: Opt(SlaTargets("一般")),
            },
            {
              title: "各紧急程度的时限（工作时间：2h = 2 个工作小时，1d = 1 个工作日）",
              additionalProperties: false,
            },
          ),
        ),
        atRisk: Opt(Duration("即将超时的提醒（剩余不足该工作时间时列入 svc due）")),
        fine: Opt(Amount("每次超时的考核扣款（默认 0：不扣款，DOMAIN D17）")),
      },
      { title: "服务时限（DOMAIN D17）", additionalProperties: false },
    ),
  ),
  workingHours: Opt(
    Type.Object(
      {
        start: Opt(Type.String({ title: "上班时刻 HH:mm", pattern: "^([01]\\d|2[0-3]):[0-5]\\d$" })),
        end: Opt(Type.String({ title: "下班时刻 HH:mm", pattern: "^([01]\\d|2[0-3]):[0-5]\\d$" })),
      },
      { title: "工作时间（服务时限按工作日的工作时间计）", additionalProperties: false },
    ),
  ),
};

export const RevisionSchema = Type.Object(
  {
    from: Month("自哪个月起生效（YYYY-MM）"),
    set: Type.Object(monthSettings, {
      title: "自该月起改为（与 svc.yaml 同样的写法，只写改动的键）",
      additionalProperties: false,
      minProperties: 1,
    }),
    note: Opt(Type.String({ title: "说明（为何调整）", maxLength: 2000 })),
  },
  { title: "设置调整", additionalProperties: false },
);

/** svc.yaml as written: only `department` is required (it names the department on every document). */
export const ConfigSchema = Type.Object(
  {
    department: Type.String({ title: "部门名称", minLength: 1, maxLength: 200 }),
    company: Opt(Type.String({ title: "公司名称", maxLength: 200 })),
    output: Opt(
      Type.String({ title: "输出目录（生成的文档，记录库内的相对路径）", minLength: 1, maxLength: 500 }),
    ),
    since: Opt(DateOnly("记录起始日（D13）：此前的周报、报表、考核不计迟交、未交，也不计入连续月份")),
    ...monthSettings,
    calendar: Opt(
      Type.Object(
        {
          holidays: Opt(Type.Array(DateOnly("节假日"), { title: "额外节假日" })),
          workdays: Opt(Type.Array(DateOnly("调休工作日"), { title: "额外调休工作日" })),
          years: Opt(
            Type.Array(Type.Integer({ minimum: 1900, maximum: 2200 }), {
              title: "已在此处补全节假日数据的年份",
            }),
          ),
        },
        { title: "工作日历补充", additionalProperties: false },
      ),
    ),
    survey: Opt(
      Type.Object(
        { workdays: Opt(Workdays("客服回访：确认后 N 个工作日内（DOMAIN D18）")) },
        { title: "客服回访", additionalProperties: false },
      ),
    ),
    allowAs: Opt(
      Type.Array(Enum(ROLES, "角色"), {
        title: "允许用 --as 代他人录入的角色",
        uniqueItems: true,
      }),
    ),
    revisions: Opt(
      Type.Array(RevisionSchema, {
        title: "设置调整（按生效月份从早到晚）：已签字月份的金额、期限、时区不变",
        maxItems: 1000,
      }),
    ),
    integrity: Type.Optional(
      Type.Object(
        {
          requireSignedCommits: Type.Optional(
            Type.Boolean({
              title: "要求每个提交由提交人在人员名单中的 SSH 密钥签名（svc check --history 验证；默认否）",
            }),
          ),
        },
        { title: "历史的可信度", additionalProperties: false },
      ),
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
    equipment: Type.Optional(
      Type.Object(
        {
          repeatFaultDays: Type.Optional(
            Type.Integer({
              title: "重复故障：设备完工后多少天内再报修算重复故障（默认 30）",
              minimum: 1,
              maximum: 366,
            }),
          ),
        },
        { title: "设备档案", additionalProperties: false },
      ),
    ),
  },
  { title: "svc.yaml 部门设置", additionalProperties: false },
);

/** svc.yaml as written (keys may be absent). */
export type ConfigFile = Static<typeof ConfigSchema>;
export type Revision = Static<typeof RevisionSchema>;

/** Every key present, recursively (arrays and records of values are taken whole). */
export type Complete<T> = {
  [K in keyof T]-?: NonNullable<T[K]> extends readonly unknown[]
    ? NonNullable<T[K]>
    : NonNullable<T[K]> extends object
      ? Complete<NonNullable<T[K]>>
      : Exclude<T[K], undefined>;
};

/**
 * The settings a command works with: svc.yaml with the defaults applied (`applyDefaults`). `company`,
 * `since` and `integrity` have no default; `revisions` are kept as written (`configForMonth` applies them).
 */
export type Config = Complete<Omit<ConfigFile, "company" | "revisions" | "since" | "integrity">> & {
  company?: string;
  revisions?: Revision[];
  /** D13: no default — a repository written before it begins with its first record. */
  since?: string;
  /** Off unless set (issue 12). */
  integrity?: ConfigFile["integrity"];
};
/** The part of the settings that a revision may change (MONTH_KEYS in defaults.ts names the keys). */
export type MonthSettings = Pick<Config, keyof typeof monthSettings>;
export type MonthSettingsPatch = Revision["set"];
