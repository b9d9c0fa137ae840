// `svc hooks install`: a git pre-commit hook running `svc check --changed` — the fast check of what a
// commit changes and what refers to it, before it is made.
import type { Command } from "commander";
import { t } from "../core/i18n.ts";
import { action, emit, withJson } from "./kit.ts";

export default function register(program: Command): void {
  const hooks = program.command("hooks").description(t("git 钩子", "git hooks"));
  withJson(
    hooks
      .command("install")
      .description(
        t(
          "安装 pre-commit 钩子：提交前运行 svc check --changed",
          "install a pre-commit hook running svc check --changed",
        ),
      )
      .option(
        "--force",
        t(
          "替换已有的其他 pre-commit 钩子（备份原文件）",
          "replace another pre-commit hook (kept as a backup)",
        ),
      ),
  ).action(
    action(async (ctx, o: { force?: boolean }) => {
      const store = await ctx.store();
      const { installHook } = await import("../store/setup.ts");
      const r = await installHook(store.root, Boolean(o.force));
      emit(ctx, r, () =>
        [
          t(`已安装 ${r.path}`, `installed ${r.path}`),
          r.backup ? t(`原钩子备份为 ${r.backup}`, `the previous hook is kept as ${r.backup}`) : "",
          t(
            "每次 git commit 前运行 svc check --changed（跳过：git commit --no-verify）",
            "every git commit now runs svc check --changed first (skip: git commit --no-verify)",
          ),
        ]
          .filter(Boolean)
          .join("\n"),
      );
    }),
  );
}
