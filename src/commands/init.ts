import type { Command } from "commander";
import { t } from "../core/i18n.ts";
import { action, emit, withJson } from "./kit.ts";

interface InitOptions {
  department?: string;
  company?: string;
  timezone?: string;
  dailyRate?: string;
  specialRate?: string;
  phone?: string;
}

export default function register(program: Command): void {
  withJson(
    program
      .command("init")
      .argument("[dir]", t("目录（默认当前目录）", "directory (default: the current one)"))
      .description(
        t(
          "创建记录库：svc.yaml（制度默认值）、目录、.gitignore，并提交",
          "create a records repository: svc.yaml with the regulation's defaults, folders, .gitignore, committed",
        ),
      )
      .option("--department <name>", t("部门名称", "department name"))
      .option("--company <name>", t("公司名称", "company name"))
      .option("--timezone <tz>", t("时区（默认 Asia/Shanghai）", "time zone (default Asia/Shanghai)"))
      .option("--daily-rate <yuan>", t("出差补助（元/天）", "travel allowance per day"))
      .option(
        "--special-rate <yuan>",
        t("特殊地区出差补助（元/天）", "special-region travel allowance per day"),
      )
      .option("--phone <yuan>", t("话费补助（元/月）", "phone allowance per month")),
  ).action(
    action(async (ctx, dir: string | undefined, opts: InitOptions) => {
      const { initRepository } = await import("../store/init.ts");
      const { keptMessage } = await import("../store/setup.ts");
      const { top, ...result } = await initRepository(ctx, dir ?? ".", opts);
      emit(ctx, result, () =>
        [
          t(`已创建记录库 ${result.root}`, `created records repository ${result.root}`),
          t(`提交 ${result.commit.slice(0, 10)}`, `commit ${result.commit.slice(0, 10)}`),
          keptMessage(result.kept, top),
          t(
            "下一步：svc people add <id> --name 姓名 --role supervisor --email 邮箱",
            "next: svc people add <id> --name NAME --role supervisor --email EMAIL",
          ),
        ]
          .filter(Boolean)
          .join("\n"),
      );
    }),
  );
}
