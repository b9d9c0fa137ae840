// svc monthly — 技术服务月度报表YYYY-MM.docx: the four statistics of DOMAIN §2.4 (service on-time rate,
// customer evaluation, document completeness, incidents) as tables and charts; --json prints the same
// figures. --submit records the supervisor's issue of the report (M-YYYYMM; its time counts for the
// supervisor's "monthly report late" rule).
import type { Command } from "commander";
import { Refused, UsageError } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import { action, type Ctx, emit, requireRole, withJson } from "./kit.ts";

interface MonthlyOptions {
  month?: string;
  out?: string;
  force?: boolean;
  submit?: boolean;
  at?: string;
  summary?: string;
}

export default function register(program: Command): void {
  withJson(
    program
      .command("monthly")
      .description(
        t(
          "技术服务月度报表：服务及时率、客户评价、工作文档完整性、事故情况（含图表）",
          "the monthly report: on-time rate, customer evaluation, document completeness, incidents (with charts)",
        ),
      )
      .option("--month <YYYY-MM>", t("统计月份（默认上月）", "the month (default: last month)"))
      .option(
        "--out <dir>",
        t("输出目录（默认 svc.yaml output，即 out/）", "output folder (default: svc.yaml output, out/)"),
      )
      .option(
        "--force",
        t(
          "替换已提交的记录；也替换有人手工改过的文档",
          "replace a submitted record; also replace a document changed by hand",
        ),
      )
      .option(
        "--submit",
        t("主管提交月度报表（记录提交时间）", "the supervisor issues the report (records the time)"),
      )
      .option("--summary <text>", t("说明（随 --submit 保存）", "remarks (stored with --submit)"))
      .option(
        "--at <time>",
        t(
          "补录：实际提交时间（随 --submit；allowAs 角色，主管本人不可）",
          "back-date the issue (with --submit; allowAs roles, not the supervisor himself)",
        ),
      ),
  ).action(action((ctx, o: MonthlyOptions) => run(ctx, o)));
}

async function run(ctx: Ctx, o: MonthlyOptions): Promise<void> {
  const store = await ctx.store();
  const { addMonths, monthLocal, parseMonth } = await import("../core/time.ts");
  const month = o.month ? parseMonth(o.month) : addMonths(monthLocal(store.now(), store.tz), -1);
  let id: string | undefined;
  let commit: string | undefined;
  if (o.at && !o.submit) throw new UsageError(t("--at 须与 --submit 一起使用", "--at goes with --submit"));
  if (o.submit) {
    const actor = await ctx.actor();
    // The GM may transcribe the supervisor's paper report (--at, D16).
    requireRole(
      actor,
      t("提交月度报表", "issue the monthly report"),
      "supervisor",
      ...(o.at ? (["gm"] as const) : []),
    );
    const { periodicId } = await import("../schemas/kinds.ts");
    id = periodicId.monthly(month);
    const existing = store.get("monthly", id);
    if (existing && !o.force) {
      throw new Refused(
        t(`${month} 的月度报表 ${id} 已提交`, `the monthly report ${id} of ${month} was already issued`),
        t(
          "重新提交用 --force；只生成文档时不加 --submit",
          "resubmit with --force; leave out --submit to only render",
        ),
      );
    }
    const { entryTime, supervisors } = await import("./workflow-kit.ts");
    const w = await entryTime(store, actor, {
      at: o.at,
      fined: supervisors(store),
      what: ["月度报表", "the monthly report"],
      notBefore: existing?.submitted,
    });
    const record = {
      kind: "monthly" as const,
      id,
      month,
      ...(o.summary ? { summary: o.summary } : {}),
      submitted: w.at,
      by: actor.id,
      ...(w.backdated ? { backdated: true as const } : {}),
    };
    ({ commit } = await store.commit({
      put: [{ record, create: !existing }],
      message: `monthly ${id}: 技术服务月度报表${month}${existing ? " (resubmitted)" : ""}`,
      author: actor,
    }));
  }
  const reports = await import("../render/reports.ts");
  const { shownPath } = await import("../render/output.ts");
  const data = reports.loadReportData(store, { weeklies: reports.weekliesAround(month) });
  const { figures, written, warnings, repeats, rdOrders } = await reports.writeMonthly(store, data, month, {
    out: o.out,
    cwd: ctx.cwd,
    force: o.force,
  });
  for (const w of warnings) ctx.err(ctx.paint.yellow(w));
  emit(
    ctx,
    {
      ...(id ? { id, commit } : {}),
      month,
      files: [written.path],
      figures,
      ...(repeats ? { repeatFaults: repeats } : {}),
      ...(rdOrders ? { rdOrders } : {}),
    },
    () =>
      [
        ...(id ? [t(`已提交月度报表 ${id}`, `issued the monthly report ${id}`)] : []),
        `${shownPath(written.path, ctx.cwd)}${written.status === "unchanged" ? t("（未变）", " (unchanged)") : ""}`,
        ...(repeats
          ? [
              t(
                `重复故障 ${repeats.count} 单（设备完工后 ${repeats.windowDays} 天内再报修）`,
                `${repeats.count} repeat faults (within ${repeats.windowDays} days of a completion)`,
              ),
            ]
          : []),
        ...(rdOrders
          ? [t(`未结研发工作单 ${rdOrders.length} 张`, `${rdOrders.length} R&D work orders open`)]
          : []),
      ].join("\n"),
  );
}
