// The words of `svc due`'s items (issue 14): the domain (src/domain/due.ts) returns each item's kind
// and values, the same in every language and in `--json`; this is where they become Chinese or English.
import { t } from "../core/i18n.ts";
import type { DueItem } from "../domain/due.ts";
import { CLOCK_TITLES, type ClockName, hoursText } from "../domain/sla.ts";

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
    case "survey":
      return t(
        `客服回访：确认后 ${p.workdays} 个工作日内${p.attempts ? `（已联系 ${p.attempts} 次未通）` : ""}（svc survey）`,
        `the 回访 survey: within ${p.workdays} working days of the confirmation${p.attempts ? ` (${p.attempts} tries so far)` : ""} (svc survey)`,
      );
    case "forged-mark":
      return t(
        "回访中客户表示非本人签字：认定是否伪造（svc survey … --decide forged|genuine）",
        "the customer did not sign personally: decide the forged mark (svc survey … --decide forged|genuine)",
      );
    case "complaint-reply":
      return t(
        `答复客户投诉（${p.grade}；svc complaint customer reply）`,
        `reply to the customer complaint (${p.grade}; svc complaint customer reply)`,
      );
    case "sla": {
      const [zh, en] = CLOCK_TITLES[p.clock as ClockName];
      const [hz, he] = hoursText(Number(p.leftMs));
      return p.state === "breached"
        ? t(
            `${zh}已超时（${p.priority}，时限 ${p.target}，已超 ${hz} 工作时间；${p.how}）`,
            `${en} breached (${p.priority}, target ${p.target}, over by ${he} working time; ${p.how})`,
          )
        : t(
            `${zh}：${hz}后超时（${p.priority}，时限 ${p.target}；${p.how}）`,
            `${en}: breaches in ${he} (${p.priority}, target ${p.target}; ${p.how})`,
          );
    }
    case "repeat-fault":
      return t(
        `重复故障：设备 ${p.unit} ${p.days} 天前由责任书 ${p.letter}（${p.engineer}）完工，又报修`,
        `repeat fault: unit ${p.unit} was completed ${p.days} days ago by letter ${p.letter} (${p.engineer}) and fails again`,
      );
    case "rd-order":
      return p.state === "待受理"
        ? t(
            `受理或驳回研发工作单（已开 ${p.age} 天；svc rd accept|reject）`,
            `accept or reject the R&D work order (open ${p.age} days)`,
          )
        : p.state === "已受理"
          ? t(
              `修复研发工作单（已开 ${p.age} 天；svc rd fixed）`,
              `fix the R&D work order (open ${p.age} days)`,
            )
          : t("确认研发的修复（svc rd confirm）", "confirm R&D's fix (svc rd confirm)");
  }
}
