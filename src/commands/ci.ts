// `svc ci`: (re)writes the CI of the records repository — GitHub Actions, GitLab CI, Gitea Actions —
// running `svc check --history` on every push and pull request (with --pages also building the
// dashboard and publishing it as the forge's Pages), and the editor settings (JSON Schemas per
// records folder); commits them.
import type { Command } from "commander";
import { t } from "../core/i18n.ts";
import { action, emit, requireRole, withJson } from "./kit.ts";

interface CiOptions {
  package?: string;
  commit?: boolean;
  /** true: add the dashboard's Pages job; false: remove it; undefined: keep what each file has. */
  pages?: boolean;
}

export default function register(program: Command): void {
  withJson(
    program
      .command("ci")
      .description(
        t(
          "（重新）生成记录库的 CI（GitHub / GitLab / Gitea）：每次推送和合并请求运行 svc check --history；并更新编辑器的 JSON Schema 设置",
          "(re)write CI for the records repository (GitHub / GitLab / Gitea) running svc check --history on every push and pull request; refresh the editor's JSON Schema settings",
        ),
      )
      .option(
        "--package <spec>",
        t(
          "CI 中 npm install -g 安装的 svc（包名@版本、git 地址或 tarball 网址）；默认：本机这个 svc，存入记录库 .svc/svc-<版本>.tgz",
          "what CI installs with npm install -g (name@version, git URL or tarball URL); default: this svc, kept in the repository as .svc/svc-<version>.tgz",
        ),
      )
      .option(
        "--pages",
        t(
          "加入发布看板的作业：每次推送到主分支时生成 svc dashboard，作为 GitHub / GitLab Pages 发布（Gitea：运行的附件）；之后重新运行 svc ci 时保留",
          "add the job publishing the dashboard: on every push to the main branch, build svc dashboard and publish it as GitHub / GitLab Pages (Gitea: the run's artifact); kept when svc ci runs again",
        ),
      )
      .option("--no-pages", t("去掉发布看板的作业", "remove the job publishing the dashboard"))
      .option("--no-commit", t("只写文件，不提交", "write the files but do not commit")),
  ).action(
    action(async (ctx, o: CiOptions) => {
      const { UsageError } = await import("../core/errors.ts");
      if (
        o.package !== undefined &&
        (!o.package.trim() || /[\n\r\0]/.test(o.package) || o.package.startsWith("-"))
      )
        throw new UsageError(t(`--package 无效：${o.package}`, `invalid --package: ${o.package}`));
      const store = await ctx.store();
      const actor = await ctx.actor();
      requireRole(actor, t("配置 CI", "configure CI"), "supervisor", "gm");
      const setup = await import("../store/setup.ts");
      const r = await store.withLock(async () => {
        const ci = await setup.writeCi(store.root, o.package, o.pages);
        const editor = await setup.writeEditorSettings(store.root);
        const files = [...ci.files, ...editor.files];
        const commit =
          o.commit === false
            ? undefined
            : await setup.commitFiles(
                ci.top,
                files,
                t("ci: 更新 CI 与编辑器设置", "ci: update CI and editor settings"),
              );
        return { files, commit, kept: [...ci.kept, ...editor.kept], top: ci.top, pages: ci.pages };
      });
      const { top, ...out } = r;
      emit(ctx, { ...out, package: o.package ?? setup.defaultPackage() }, () =>
        [
          setup.keptMessage(r.kept, top),
          t("已写入：", "written:"),
          ...r.files.filter((f) => !f.includes("schemas/")).map((f) => `  ${f}`),
          t(
            `  以及 ${r.files.filter((f) => f.includes("schemas/")).length} 个 JSON Schema`,
            `  and ${r.files.filter((f) => f.includes("schemas/")).length} JSON Schemas`,
          ),
          r.pages.length
            ? t(
                `发布看板的作业（pages）在：${r.pages.join("、")}——谁能看见看板由平台的权限决定（GitHub Free/Pro/Team 上的 Pages 是公开的），见 README`,
                `the job publishing the dashboard (pages) is in: ${r.pages.join(", ")} — who can see the site is the forge's to say (Pages on GitHub Free/Pro/Team are public), see the README`,
              )
            : "",
          r.commit
            ? t(`已提交 ${r.commit.slice(0, 10)}`, `committed ${r.commit.slice(0, 10)}`)
            : t("没有变化，未提交", "nothing changed; no commit"),
          o.package
            ? t(
                `CI 用 npm install -g ${o.package} 安装 svc`,
                `CI installs svc with npm install -g ${o.package}`,
              )
            : t(
                `CI 安装记录库中的 ${setup.defaultPackage()}（即本机这个 svc；其依赖来自 npm 仓库）；若本部门从其他来源安装 svc，用 --package 指定`,
                `CI installs ${setup.defaultPackage()} kept in the repository (this very svc; its dependencies come from the npm registry); if your svc comes from elsewhere, pass --package`,
              ),
        ]
          .filter(Boolean)
          .join("\n"),
      );
    }),
  );
}
