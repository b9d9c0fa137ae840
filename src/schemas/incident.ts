import { Bounded, DateOnly, DateTime, Enum, Id, PersonId, Record, Stamp, Text, Type } from "./common.ts";
import { SCORE } from "./limits.ts";

const Writing = (title: string) =>
  Type.Object(
    {
      text: Text("内容"),
      by: PersonId("撰写人"),
      at: DateTime("提交时间"),
      backdated: Type.Optional(Type.Boolean({ title: "补录" })),
      enteredAt: Type.Optional(DateTime("录入时间")),
      as: Type.Optional(PersonId("代为录入人")),
    },
    { title, additionalProperties: false },
  );

/** 事故 — class I or II (DOMAIN §2.5), with the engineer's 事故反思 and the supervisor's 事故通报. */
export const IncidentSchema = Record("incident", "事故", {
  class: Enum(["I", "II"], "事故类别"),
  engineer: PersonId("责任服务人员"),
  date: DateOnly("事故日期"),
  cause: Text("事故经过与原因"),
  letter: Type.Optional(Id("相关责任书")),
  customerComplaint: Type.Optional(Id("来自客户投诉（D19）")),
  opened: Stamp("登记"),
  reflection: Type.Optional(Writing("事故反思")),
  notification: Type.Optional(Writing("事故通报")),
});

/** 培训考核 — one training session's same-day exam and its results (DOMAIN §2.6). */
export const ExamSchema = Record("exam", "培训考核", {
  date: DateOnly("考核日期"),
  title: Text("培训内容", 200),
  results: Type.Array(
    Type.Object(
      {
        person: PersonId("参加人"),
        score: Type.Optional(Bounded("成绩", SCORE)),
        passed: Type.Boolean({ title: "合格" }),
      },
      { title: "成绩", additionalProperties: false },
    ),
    { title: "考核结果", minItems: 1 },
  ),
  recorded: Stamp("登记"),
});

/** 投诉 — a communication complaint "投诉-XX项目沟通问题" (DOMAIN §2.8, optional rule set). */
export const ComplaintSchema = Record("complaint", "沟通投诉", {
  person: PersonId("被投诉人"),
  date: DateOnly("投诉日期"),
  subject: Text("主题", 200),
  project: Type.Optional(Text("项目", 120)),
  letter: Type.Optional(Id("相关责任书")),
  recorded: Stamp("登记"),
});
