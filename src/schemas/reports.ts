import { DateOnly, DateTime, Month, PersonId, Record, Text, Type } from "./common.ts";

/** 服务人员工作周报 — due Saturday 18:00; `submitted` equals the submitting commit's author date (DOMAIN §2.3, D4). */
export const WeeklySchema = Record("weekly", "服务人员工作周报", {
  engineer: PersonId("服务人员"),
  week: DateOnly("周六（本周结束）"),
  summary: Text("本周工作总结"),
  plan: Type.Optional(Text("下周工作计划")),
  problems: Type.Optional(Text("未解决问题")),
  letters: Type.Optional(Type.Array(Type.String(), { title: "本周涉及的责任书" })),
  submitted: DateTime("提交时间"),
  by: PersonId("提交人"),
  backdated: Type.Optional(Type.Boolean({ title: "补录" })),
});

/** 技术服务周报 — the supervisor's weekly report to the GM, due Sunday 18:00. */
export const DepartmentWeeklySchema = Record("department-weekly", "技术服务周报", {
  week: DateOnly("周六（本周结束）"),
  summary: Text("本周部门工作总结"),
  plan: Type.Optional(Text("下周计划")),
  submitted: DateTime("提交时间"),
  by: PersonId("提交人"),
  backdated: Type.Optional(Type.Boolean({ title: "补录" })),
});

/** 技术服务月度报表 (DOMAIN §2.4); figures are recomputed from the records, the record notes its issue. */
export const MonthlySchema = Record("monthly", "技术服务月度报表", {
  month: Month(),
  summary: Type.Optional(Text("说明")),
  submitted: DateTime("提交时间"),
  by: PersonId("提交人"),
  backdated: Type.Optional(Type.Boolean({ title: "补录" })),
});
