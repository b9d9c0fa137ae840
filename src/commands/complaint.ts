// svc complaint add — a communication complaint "投诉-XX项目沟通问题" (DOMAIN §2.8). The rule set is
// optional: refused unless svc.yaml `complaints.enabled` is true.
import type { Command } from "commander";
import { Refused, UsageError } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import type { Complaint } from "../schemas/index.ts";
import { registerCustomerComplaints } from "./customer-complaint.ts";
import { action, emit, need, requireRole, withJson } from "./kit.ts";

interface AddOptions {
  person?: string;
  subject?: string;
  date?: string;
  letter?: string;
  amendReason?: string;
}

export default function register(program: Command): void {
  const complaint = program
    .command("complaint")
    .description(
      t(
        "沟通投诉（add，可选规则，需在 svc.yaml 中启用）与客户投诉（customer …，ledger 台账）",
        "communication complaints (add; optional rule set, enable in svc.yaml) and customer complaints (customer …, ledger)",
      ),
    );

  withJson(complaint.command("add"))
    .description(
      t(
        "登记沟通投诉邮件（主管或总经理）；当月每 2 次投诉降当月绩效一级，累计每 4 次永久降一级",
        "record a complaint mail (supervisor or GM); every 2 in a month lower that month's performance pay one level, every 4 lower it permanently",
      ),
    )
    .option("--person <id>", t("被投诉人编号", "the person complained about"))
    .option(
      "--subject <text>",
      t('投诉邮件主题，如 "投诉-XX项目沟通问题"', 'the mail subject, e.g. "投诉-XX项目沟通问题"'),
    )
    .option(
      "--date <date>",
      t("投诉日期 YYYY-MM-DD（默认今天）", "complaint date YYYY-MM-DD (default today)"),
    )
    .option("--letter <id>", t("相关项目责任书编号", "the responsibility letter concerned"))
    .option(
      "--amend-reason <text>",
      t(
        "该月考核表已签字时必填：补登的原因（同时写入更正记录）",
        "required when the month is closed (assessment signed): why it is recorded late (written as an amendment)",
      ),
    )
    .action(
      action(async (ctx, o: AddOptions) => {
        const store = await ctx.store();
        if (!store.config.complaints?.enabled)
          throw new Refused(
            t("沟通投诉规则未启用", "the communication-complaint rule set is not enabled"),
            t("在 svc.yaml 中设置 complaints.enabled: true", "set complaints.enabled: true in svc.yaml"),
          );
        const actor = await ctx.actor();
        requireRole(actor, t("登记沟通投诉", "record a complaint"), "supervisor", "gm");
        const personId = await need(ctx, o.person, "--person", t("被投诉人编号", "person complained about"));
        const person = store.person(personId);
        if (!person)
          throw new Refused(
            t(`人员名单中没有 ${personId}`, `no person ${personId} in the roster`),
            t("用 svc people list 查看编号", "see the ids with svc people list"),
          );
        const subject = (await need(ctx, o.subject, "--subject", t("投诉邮件主题", "mail subject"))).trim();
        const { complaintProject } = await import("../domain/incidents.ts");
        const project = complaintProject(subject);
        if (!project)
          throw new UsageError(
            t(
              `投诉主题 "${subject}" 不符合规定格式`,
              `complaint subject "${subject}" does not have the required form`,
            ),
            t(
              '写成 "投诉-XX项目沟通问题"，XX 为项目名称',
              'write "投诉-XX项目沟通问题" where XX is the project',
            ),
          );
        const { dateLocal, isoLocal, parseDate } = await import("../core/time.ts");
        const today = dateLocal(store.now(), store.tz);
        const date = o.date ? parseDate(o.date, "--date") : today;
        if (date > today)
          throw new UsageError(
            t(`投诉日期 ${date} 在今天（${today}）之后`, `complaint date ${date} is after today (${today})`),
          );
        if (o.letter) store.require("letter", o.letter);
        const id = store.newId("complaint");
        const record: Complaint = {
          kind: "complaint",
          id,
          person: personId,
          date,
          subject,
          project,
          ...(o.letter ? { letter: o.letter } : {}),
          recorded: { by: actor.id, at: isoLocal(store.now(), store.tz) },
        };
        const { newRecordPuts } = await import("./closed-month.ts");
        const { puts } = newRecordPuts(store, record, date, actor, record.recorded.at, o.amendReason);
        const { commit } = await store.commit({
          put: puts,
          message: `complaint add ${id}: ${person.name} ${subject}`,
          author: actor,
        });
        const month = date.slice(0, 7);
        const inMonth = store
          .list("complaint")
          .filter((c) => c.person === personId && c.date.startsWith(month)).length;
        emit(ctx, { id, commit, complaint: record, monthCount: inMonth }, () =>
          t(
            `已登记沟通投诉 ${id}：${person.name}，${subject}（${month} 第 ${inMonth} 次）`,
            `recorded complaint ${id}: ${person.name}, ${subject} (${month}: number ${inMonth})`,
          ),
        );
      }),
    );
  registerCustomerComplaints(complaint);
}
