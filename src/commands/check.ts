import type { Command } from "commander";
import { t } from "../core/i18n.ts";
import { action, withJson } from "./kit.ts";

export interface CheckOptions {
  json?: boolean;
  history?: boolean | string;
  changed?: boolean;
  since?: string;
}

export default function register(program: Command): void {
  withJson(
    program
      .command("check")
      .argument("[paths...]", t("只检查这些文件或目录", "check only these files or folders"))
      .description(
        t(
          "校验记录库：YAML、模式、编号、引用与业务规则；退出码 0 通过 / 1 有问题 / 2 用法或环境错误",
          "validate the records: YAML, schema, ids, references and business rules; exit 0 valid / 1 invalid / 2 usage error",
        ),
      )
      .option(
        "--history [range]",
        t(
          "同时检查历史：范围内每个提交的修改是否为其作者有权做的（默认全部提交）",
          "also check the history: every change in the range was one its author may make (default: all commits)",
        ),
      )
      .option(
        "--changed",
        t(
          "只检查自 --since 以来改动的记录（含未提交的）及引用它们的记录",
          "check only what changed since --since (uncommitted included) and what refers to it",
        ),
      )
      .option(
        "--since <rev>",
        t(
          "与 --changed 一起：比较的起点（默认 HEAD~1）",
          "with --changed: compare with this revision (default HEAD~1)",
        ),
      ),
  ).action(
    action(async (ctx, paths: string[], opts: CheckOptions) => {
      const { runCheck } = await import("../check/run.ts");
      const { progress } = await import("../core/progress.ts");
      const line = progress(t("检查记录", "checking the records"), { json: ctx.json, env: ctx.env });
      try {
        process.exitCode = await runCheck(ctx, { paths, ...opts });
      } finally {
        line.done();
      }
    }),
  );
}
