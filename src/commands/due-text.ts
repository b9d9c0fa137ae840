// The words of `svc due`'s items (issue 14): the domain (src/domain/due.ts) returns each item's kind
// and values, the same in every language and in `--json`; this is where they become Chinese or English.
import { t } from "../core/i18n.ts";
import type { DueItem } from "../domain/due.ts";

export function dueText(i: Pick<DueItem, "kind" | "params">): string {
  const p = i.params as Record<string, string | number | boolean | undefined>;
  switch (i.kind) {
    case "assign":
      return t(
        `派工：按区域和产品专家选定服务人员（${p.type}，${p.priority}；下达后 ${p.workdays} 个工作日内；svc assign）`,
        `assign an engineer by region and product expertise (${p.type}, ${p.priority}; within ${p.workdays} working days of issue; svc assign)`,
      );
    case "sign-notice":
      return t(
        `签署服务通知单（${p.type}，${p.priority}；下达后 ${p.workdays} 个工作日内审核派工）——总经理不在时由主管代签`,
        `sign the service notice (${p.type}, ${p.priority}; reviewed and assigned within ${p.workdays} working days of issue) — the supervisor signs when the GM is away`,
      );
    case "site":
      return t("联系客户，确认现场情况（svc site）", "contact the customer and confirm the site (svc site)");
    case "solution":
      return t("准备解决方案", "prepare the solution");
    case "approve":
      return t("批准出差计划（svc approve）", "approve the travel plan (svc approve)");
    case "extension":
      return t(
        `审批延期申请（原因 ${p.reason}，延至 ${p.until}）`,
        `decide the extension (reason ${p.reason}, until ${p.until})`,
      );
    case "change":
      return p.confirmed
        ? t("批准客户更改要求", "approve the customer's change request")
        : t("取得客户对更改要求的书面确认", "get the customer's written confirmation of the change request");
    case "overdue-service":
      return t("已超过预计完成时间，尚未完工", "past the estimated completion time and not completed");
    case "checkin":
      return t(
        `出差期间每 ${p.days} 天汇报服务状态（上次：${p.last}；svc checkin）`,
        `report the service status every ${p.days} days while travelling (last: ${p.last}; svc checkin)`,
      );
    case "return":
      return t(
        "与公司确认完工和返程（svc return）",
        "confirm completion and the return with the company (svc return)",
      );
    case "confirm":
      return t(
        "确认已完工的责任书，交销售内勤（svc confirm）",
        "confirm the finished letter for the sales admin (svc confirm)",
      );
    case "countersign":
      return t("补签现场意外工作的责任书", "countersign the letter for unplanned work");
    case "weekly":
      return t(
        `${p.from} 至 ${p.to} 的工作周报（${p.file}；svc weekly）`,
        `weekly report for ${p.from} to ${p.to} (${p.file}; svc weekly)`,
      );
    case "department-weekly":
      return t(
        `${p.from} 至 ${p.to} 的技术服务周报，报总经理（svc weekly --department --summary）`,
        `the department weekly report for ${p.from} to ${p.to}, to the GM (svc weekly --department --summary)`,
      );
    case "reflection":
      return t(
        `提交 ${p.class} 类事故（${p.date}）的事故反思`,
        `write the reflection on the class ${p.class} incident of ${p.date}`,
      );
    case "incident-notice":
      return t(
        `发出事故通报（反思后 ${p.workdays} 个工作日内）`,
        `send the incident notice (within ${p.workdays} working days of the reflection)`,
      );
    case "assessment":
      return t(
        `编制 ${p.month} 月度考核表（svc assess）`,
        `draw up the assessment of ${p.month} (svc assess)`,
      );
    case "assessment-sign":
      return t(`签署 ${p.month} 月度考核表，交财务`, `sign the assessment of ${p.month} for finance`);
    case "monthly-report":
      return t(
        `发出 ${p.month} 技术服务月度报表（svc monthly）`,
        `issue the monthly report of ${p.month} (svc monthly)`,
      );
  }
}
