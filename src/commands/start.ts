import type { Command } from "commander";
import { t } from "../core/i18n.ts";
import type { AnyRecord } from "../schemas/index.ts";
import type { Kind } from "../schemas/kinds.ts";
import { action, type Ctx, withJson } from "./kit.ts";

// `npm start` (`svc --repo records start`): the main job on a records repository — check the records,
// list what is due or overdue in the department, then render the weekly reports of the latest week,
// that week's department weekly report and the latest monthly report into the output folder (out/).
// It never changes a record: rendering writes only ignored output files, identical on a re-run; a
// document svc rendered earlier is replaced, one a person changed by hand is kept (render/output.ts).
export default function register(program: Command): void {
  withJson(program.command("start"))
    .description(
      t(
        "日常主流程：检查记录库，列出全部门待办与逾期事项，并把最近一周的周报、部门周报和最近的月度报表生成到 out/（不修改任何记录）",
        "the main job: check the records, list what is due or overdue, and render the latest week's weekly reports, the department weekly report and the latest monthly report into out/ (changes no record)",
      ),
    )
    .option("--out <dir>", t("文档输出目录（默认 out/）", "output folder (default out/)"))
    .option(
      "--force",
      t(
        "也替换有人手工改过的文档（svc 自己上次生成的文档不加此项也会更新）",
        "also replace documents changed by hand (those svc itself rendered are updated without it)",
      ),
    )
    .action(
      action(async (ctx, o: { out?: string; force?: boolean }) => {
        // --json: one object — the check's and the due list's JSON (as svc check / svc due --json
        // print them) and the documents — instead of three reports one after the other
        const report: Record<string, unknown> = {};
        const into = (key: string): Ctx =>
          ctx.json ? { ...ctx, out: (s) => (report[key] = JSON.parse(s)) } : ctx;
        const { runCheck } = await import("../check/run.ts");
        const { progress } = await import("../core/progress.ts");
        const line = progress("svc start", { json: ctx.json, env: ctx.env });
        line.step(t("检查记录", "checking the records"));
        // One reading of the records for the whole job (issue 18): the check's snapshot — every record
        // file read and validated now — serves the due list and the reports too.
        let valid: Map<Kind, AnyRecord[]> | undefined;
        const { validKinds } = await import("../check/snapshot.ts");
        const { collectGarbage } = await import("../core/memory.ts");
        const code = await runCheck(into("check"), {
          snapshot: (snap) => {
            valid = validKinds(snap);
            // the check's caches read and parsed (tens of MB of JSON text and entries) are garbage
            // now: collected before the rules add theirs, so the two never stand together (peak
            // memory of svc start ≤ 300 MB, issue 18: 316 → ≈ 290 MB at 50,000 records)
            collectGarbage();
          },
        }).finally(() => line.done());
        const store = await ctx.store();
        for (const [kind, records] of valid ?? []) store.adopt(kind, records);
        valid = undefined;
        // the check's reading is garbage now but for the records kept (peak memory, issue 18)
        collectGarbage();
        if (!ctx.json) ctx.out("");
        const { showDue } = await import("./due.ts");
        // the due list is one part of start's report: printed, not paged
        await showDue({ ...into("due"), page: ctx.out }, store);
        const { renderSampleReports } = await import("../render/reports.ts");
        line.step(t("生成周报与月度报表", "rendering the weekly and monthly reports"));
        const { shownPath } = await import("../render/output.ts");
        const r = await renderSampleReports(store, { cwd: ctx.cwd, out: o.out, force: o.force }).finally(() =>
          line.done(),
        );
        process.exitCode = code;
        if (ctx.json) {
          const documents = r.written.map((w) => ({ path: shownPath(w.path, ctx.cwd), status: w.status }));
          ctx.out(
            JSON.stringify(
              { ...report, week: r.week, month: r.month, documents, warnings: r.warnings },
              null,
              2,
            ),
          );
          return;
        }
        ctx.out("");
        ctx.out(
          t(
            `${r.week} 所在周的周报与 ${r.month} 月度报表：`,
            `weekly reports of ${r.week}, monthly report ${r.month}:`,
          ),
        );
        for (const w of r.written)
          ctx.out(
            `  ${shownPath(w.path, ctx.cwd)}${w.status === "kept" ? t("（有人改过，已保留）", " (changed by hand, kept)") : ""}`,
          );
        for (const w of r.warnings) ctx.err(ctx.paint.yellow(`${t("注意", "warning")}: ${w}`));
      }),
    );
}
