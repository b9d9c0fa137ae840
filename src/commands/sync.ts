// `svc sync`: fetch, put the local record commits on top of the remote's, push; retry on a race.
// Two people changing different records never conflict (each record is its own file; ids of records
// created offline cannot collide, D12). Two people changing the same record get a conflict report
// showing both versions; nothing is changed locally, nothing is lost, and the repository stays usable.
import type { Command } from "commander";
import { t } from "../core/i18n.ts";
import { action, emit, withJson } from "./kit.ts";

interface SyncOptions {
  remote?: string;
  retries?: string;
}

export default function register(program: Command): void {
  withJson(
    program
      .command("sync")
      .description(
        t(
          "与远程记录库同步：拉取、把本地提交放到远程提交之后、推送（遇到并发推送自动重试）",
          "synchronise with the remote: fetch, rebase local commits onto it, push (retries on a race)",
        ),
      )
      .option(
        "--remote <name>",
        t("远程名（默认：上游或 origin）", "remote name (default: upstream or origin)"),
      )
      .option("--retries <n>", t("推送冲突时的重试次数（默认 8）", "retries when a push races (default 8)")),
  ).action(
    action(async (ctx, o: SyncOptions) => {
      const { runSync } = await import("../store/sync.ts");
      const store = await ctx.store();
      const retries = o.retries === undefined ? 8 : Number(o.retries);
      if (!Number.isInteger(retries) || retries < 0 || retries > 100) {
        const { UsageError } = await import("../core/errors.ts");
        throw new UsageError(
          t(`--retries 应为 0–100 的整数：${o.retries}`, `--retries must be an integer 0–100: ${o.retries}`),
        );
      }
      const r = await store.withLock(() =>
        runSync(store.gitTop, {
          remote: o.remote,
          retries,
          env: ctx.env,
          recordErrors: async () => (await import("../check/run.ts")).recordErrors(store.root, ctx.env),
          historyErrors: async (range) => (await import("../check/run.ts")).historyErrors(store.root, range),
        }),
      );
      if (r.conflicts.length) {
        process.exitCode = 1;
        emit(ctx, { ok: false, ...r }, () => conflictReport(r));
        return;
      }
      emit(ctx, { ok: true, ...r }, () => {
        const lines: string[] = [];
        const line = (c: { sha: string; author: string; subject: string }) =>
          `  ${c.sha.slice(0, 10)} ${c.author}  ${c.subject}`;
        lines.push(
          r.incoming.length
            ? t(`收到 ${r.incoming.length} 个提交：`, `${r.incoming.length} commits came in:`)
            : t("没有新的远程提交", "nothing came in"),
        );
        lines.push(...r.incoming.map(line));
        lines.push(
          r.outgoing.length
            ? t(
                `推送 ${r.outgoing.length} 个提交到 ${r.remote}/${r.branch}：`,
                `${r.outgoing.length} commits went out to ${r.remote}/${r.branch}:`,
              )
            : t("没有要推送的提交", "nothing to push"),
        );
        lines.push(...r.outgoing.map(line));
        if (r.pushedBack.length)
          lines.push(
            ctx.paint.yellow(
              t(
                `警告：${r.remote}/${r.branch} 的历史已去掉下面 ${r.pushedBack.length} 个提交（别处强制推送？），这次同步把它们推送了回去：`,
                `warning: ${r.remote}/${r.branch}'s history had dropped these ${r.pushedBack.length} commits (a force push elsewhere?); this sync pushed them back:`,
              ),
            ),
            ...r.pushedBack.map(line),
          );
        if (r.attempts > 1)
          lines.push(
            t(
              `（推送时遇到并发，重试了 ${r.attempts - 1} 次）`,
              `(pushes raced; retried ${r.attempts - 1} times)`,
            ),
          );
        return lines.join("\n");
      });
    }),
  );
}

function conflictReport(r: import("../store/sync.ts").SyncResult): string {
  const out: string[] = [
    t(
      `同步中止：${r.conflicts.length} 个记录在本地和 ${r.remote}/${r.branch} 上都被修改了`,
      `sync stopped: ${r.conflicts.length} records were changed both here and on ${r.remote}/${r.branch}`,
    ),
  ];
  for (const c of r.conflicts) {
    out.push("", `== ${c.path}`);
    out.push(t(`-- 远程版本（${c.theirs.author}）：`, `-- remote version (${c.theirs.author}):`));
    out.push(c.theirs.text ?? t("（已删除）", "(deleted)"));
    out.push(t(`-- 本地版本（${c.ours.author}）：`, `-- local version (${c.ours.author}):`));
    out.push(c.ours.text ?? t("（已删除）", "(deleted)"));
  }
  out.push(
    "",
    t(
      "本地没有做任何改动，你的提交都还在。请与对方商量保留哪个版本，然后：",
      "nothing was changed locally; your commits are all still there. Agree with the other person which version stands, then:",
    ),
    t(
      `  git rebase ${r.remote}/${r.branch}，编辑冲突文件，git add，git rebase --continue，再运行 svc sync`,
      `  git rebase ${r.remote}/${r.branch}, edit the file, git add, git rebase --continue, then svc sync again`,
    ),
  );
  return out.join("\n");
}
