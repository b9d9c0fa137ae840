// svc payroll — 工资表 from the GM-signed assessment (DOMAIN §4, D8–D10): base by tier on the 1st,
// assessment, travel and phone allowances, the half-year bonus in the configured months. Writes P-YYYYMM,
// renders 工资表-YYYY-MM.docx and an .xlsx for finance. Once written, a different result (after an
// amendment of the assessment) is recorded as an amendment of the payroll (--reason), never an edit.
import type { Command } from "commander";
import { Refused } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import { parseMonth } from "../core/time.ts";
import type { Payroll } from "../schemas/index.ts";
import { periodicId } from "../schemas/kinds.ts";
import { action, emit, requireRole, withJson } from "./kit.ts";

interface PayrollOptions {
  month?: string;
  reason?: string;
  out?: string;
  force?: boolean;
}

export default function register(program: Command): void {
  withJson(
    program
      .command("payroll")
      .description(
        t(
          "工资表：依据总经理签字的考核表计算基本工资、考核、出差与话费补助、半年奖金；生成 .docx 与 .xlsx",
          "payroll from the signed assessment: base, assessment, travel and phone allowances, half-year bonus; .docx and .xlsx",
        ),
      )
      .option("--month <YYYY-MM>", t("月份（默认上月）", "month (default: last month)"))
      .option(
        "--reason <text>",
        t(
          "工资表已存在而结果不同时：更正原因",
          "when the payroll exists and differs: the reason of the correction",
        ),
      )
      .option("--out <dir>", t("文档输出目录", "output folder for the documents"))
      .option("--force", t("也替换有人手工改过的文档", "also replace a document changed by hand")),
  ).action(
    action(async (ctx, o: PayrollOptions) => {
      const store = await ctx.store();
      const kit = await import("./assess-kit.ts");
      const { bonusPeriod, computePayroll } = await import("../domain/pay.ts");
      const { applyChanges } = await import("../domain/amendments.ts");
      const { isoLocal } = await import("../core/time.ts");
      const { renderPayrollDocx, payrollFileName, payrollTotals } = await import("../render/payroll-docx.ts");
      const { renderPayrollXlsx } = await import("../render/payroll-xlsx.ts");
      const { table } = await import("../render/table.ts");
      const month = o.month ? parseMonth(o.month) : kit.defaultMonth(store);
      const actor = await ctx.actor();
      requireRole(actor, t("编制工资表", "prepare the payroll"), "supervisor", "gm", "finance");
      const assessment = kit.requireSigned(store, month);
      // The month's own settings (rates, tiers, bonus): a later revision never changes a signed month.
      const settings = kit.settingsFor(store, month);
      const people = store.people();
      const history = new Map<string, NonNullable<ReturnType<typeof kit.amendedAssessment>>>();
      for (const m of bonusPeriod(month, settings.pay.bonus.months)) {
        const a = m === month ? undefined : kit.amendedAssessment(store, m);
        if (a?.signature) history.set(m, a);
      }
      const result = computePayroll({
        month,
        config: settings,
        people,
        decisions: store.list("decision"),
        letters: store.list("letter").filter((l) => !l.cancelled), // a letter cancelled with its notice (D15) counts nowhere
        assessment,
        history,
      });
      const { payNoteText } = await import("./pay-text.ts");
      if (result.errors.length)
        throw new Refused(
          t(`无法计算 ${month} 工资：`, `cannot compute the ${month} payroll: `) +
            result.errors.map((e) => payNoteText(e)).join(t("；", "; ")),
          t("在 svc.yaml 的 pay 中补全设置后重试", "complete the pay settings in svc.yaml and retry"),
        );

      const id = periodicId.payroll(month);
      const amendments = store.list("amendment");
      const stored = store.get("payroll", id);
      const existing = stored ? applyChanges(stored, amendments) : undefined;
      const now = isoLocal(store.now(), store.tz);
      let record: Payroll = existing ?? {
        kind: "payroll",
        id,
        month,
        assessment: assessment.id,
        rows: result.rows,
        created: { by: actor.id, at: now },
      };
      let commit: string | undefined;
      let amendment: string | undefined;
      if (!existing) {
        ({ commit } = await store.commit({
          put: [{ record, create: true }],
          message: `payroll ${id}: ${record.rows.length} 人，应发合计 ${payrollTotals(record).total} 元`,
          author: actor,
        }));
      } else if (!kit.same(existing.rows, result.rows)) {
        if (!o.reason)
          throw new Refused(
            t(
              `${id} 已生成，重新计算的结果不同（考核表可能已更正）；工资表不能直接修改`,
              `${id} exists and the recomputed payroll differs (the assessment may have been amended); it cannot be edited`,
            ),
            t("用 --reason 原因 记录一条更正", "record an amendment with --reason WHY"),
          );
        requireRole(actor, t("更正工资表", "amend the payroll"), "supervisor", "gm");
        const { amendsOwnSheetEntry } = await import("../domain/amendments.ts");
        const rowsChange = [{ path: "/rows", before: existing.rows, after: result.rows }];
        if (!actor.roles.includes("gm") && amendsOwnSheetEntry("payroll", [existing], rowsChange, actor.id))
          throw new Refused(
            t(
              `${id} 重新计算后本人的一行也变了：这条更正由总经理记录`,
              `recomputing ${id} changes your own row too: the GM records this amendment`,
            ),
          );
        amendment = store.newId("amendment");
        const am = {
          kind: "amendment" as const,
          id: amendment,
          target: id,
          reason: o.reason,
          changes: rowsChange,
          at: now,
          by: actor.id,
        };
        ({ commit } = await store.commit({
          put: [{ record: am, create: true }],
          message: `amend ${amendment}: ${id} 重新计算`,
          author: actor,
        }));
        record = { ...existing, rows: result.rows };
      }

      const regions = new Map(people.map((p) => [p.id, p.region ?? ""]));
      const nameOf = kit.names(people);
      const { payrollNotes } = await import("./pay-text.ts");
      const notes = payrollNotes({
        month,
        pay: settings.pay,
        assessment,
        amended: store.list("amendment").some((x) => x.target === assessment.id),
        result,
        rows: record.rows,
        nameOf,
        regions,
      });
      const dctx = {
        department: store.config.department,
        company: store.config.company,
        names: nameOf,
        regions,
      };
      const docx = await kit.writeOut(
        store,
        ctx.cwd,
        { out: o.out, force: o.force || Boolean(amendment) },
        payrollFileName(month, "docx"),
        await renderPayrollDocx(record, { ...dctx, notes: notes.map((n) => n.zh) }),
      );
      const xlsx = await kit.writeOut(
        store,
        ctx.cwd,
        { out: o.out, force: o.force || Boolean(amendment) },
        payrollFileName(month, "xlsx"),
        await renderPayrollXlsx(record, dctx),
      );
      emit(
        ctx,
        {
          id,
          commit,
          amendment,
          month,
          assessment: assessment.id,
          rows: record.rows,
          bonus: result.bonus,
          warnings: result.warnings,
          files: [docx.path, xlsx.path],
        },
        () => {
          const tot = payrollTotals(record);
          return [
            ctx.paint.bold(`${t("工资表", "Payroll")} ${month}（${t("依据", "from")} ${assessment.id}）`),
            table(
              [
                t("姓名", "name"),
                t("档次", "tier"),
                t("基本", "base"),
                t("考核", "assess."),
                t("出差天数", "days"),
                t("出差补助", "travel"),
                t("话费", "phone"),
                t("奖金", "bonus"),
                t("应发", "total"),
              ],
              [
                ...record.rows.map((r) => [
                  nameOf.get(r.person) ?? r.person,
                  r.tier,
                  String(r.base),
                  String(r.assessment),
                  String(r.travelDays),
                  String(r.travel),
                  String(r.phone),
                  r.bonusGrade ? `${r.bonus}（${r.bonusGrade}）` : String(r.bonus),
                  String(r.total),
                ]),
                [
                  t("合计", "total"),
                  "",
                  String(tot.base),
                  String(tot.assessment),
                  String(tot.travelDays),
                  String(tot.travel),
                  String(tot.phone),
                  String(tot.bonus),
                  String(tot.total),
                ],
              ],
            ),
            ...notes.filter((n) => !n.warning).map((n) => ctx.paint.dim(t(n.zh, n.en))),
            ...result.warnings.map((w) => ctx.paint.yellow(`! ${payNoteText(w)}`)),
            commit
              ? amendment
                ? t(`已记录更正 ${amendment}`, `amendment ${amendment} recorded`)
                : t(`已写入 ${id}`, `${id} written`)
              : t(`${id} 无变化`, `${id} unchanged`),
            `${t("文档", "documents")}: ${docx.path}  ${xlsx.path}`,
          ].join("\n");
        },
      );
    }),
  );
}
