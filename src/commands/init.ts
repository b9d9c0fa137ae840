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
  requireSigned?: boolean;
  signingKey?: string;
  since?: string;
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
      .option("--phone <yuan>", t("话费补助（元/月）", "phone allowance per month"))
      .option(
        "--require-signed",
        t(
          "要求签名提交：svc.yaml integrity.requireSignedCommits，并让本库的 git 用 SSH 签名",
          "require signed commits: svc.yaml integrity.requireSignedCommits, and git here signs with SSH",
        ),
      )
      .option(
        "--signing-key <file>",
        t(
          "与 --require-signed 一起：你签名用的 SSH 密钥文件（私钥，或 ssh-agent 持有其私钥的 .pub）",
          "with --require-signed: your SSH signing key file (the private key, or a .pub whose key ssh-agent holds)",
        ),
      )
      .option(
        "--since <date>",
        t(
          "记录起始日（默认今天；补录历史时设为更早的日期）",
          "the day the records begin (default today; earlier to bring in history)",
        ),
      ),
  ).action(
    action(async (ctx, dir: string | undefined, opts: InitOptions) => {
      const { initRepository } = await import("../store/init.ts");
      const { keptMessage } = await import("../store/setup.ts");
      const { top, ...result } = await initRepository(ctx, dir ?? ".", opts);
      const signing = result.signing;
      // D8 (issue 13): the half-year bonus needs a pool per region; say so now, not in December.
      const { readConfigChecked } = await import("../store/repo.ts");
      const config = (await readConfigChecked(result.root)).config;
      const noPools = config && !Object.keys(config.pay.bonus.pools ?? {}).length;
      emit(ctx, result, () =>
        [
          t(`已创建记录库 ${result.root}`, `created records repository ${result.root}`),
          t(`提交 ${result.commit.slice(0, 10)}`, `commit ${result.commit.slice(0, 10)}`),
          ...(signing
            ? [
                t(
                  "已要求签名提交（svc.yaml integrity.requireSignedCommits）",
                  "signed commits required (svc.yaml integrity.requireSignedCommits)",
                ),
                signing.key
                  ? t(
                      `本库的 git 用 ${signing.key} 签名每个提交`,
                      `git here signs every commit with ${signing.key}`,
                    )
                  : t(
                      "还没有签名密钥：git config user.signingKey ~/.ssh/id_ed25519 && git config commit.gpgSign true",
                      "no signing key yet: git config user.signingKey ~/.ssh/id_ed25519 && git config commit.gpgSign true",
                    ),
              ]
            : []),
          keptMessage(result.kept, top),
          noPools
            ? t(
                `半年奖金（${config.pay.bonus.months.join("、")} 月）按各区域的奖金基数发放：请在 svc.yaml 的 pay.bonus.pools 填写（svc check 提前两个月提醒）`,
                `the half-year bonus (months ${config.pay.bonus.months.join(", ")}) is paid from each region's pool: set pay.bonus.pools in svc.yaml (svc check reminds two months ahead)`,
              )
            : "",
          signing
            ? t(
                `下一步：svc people add <id> --name 姓名 --role supervisor --email 邮箱 --signing-key ${signing.publicKey ?? "~/.ssh/id_ed25519.pub"}`,
                `next: svc people add <id> --name NAME --role supervisor --email EMAIL --signing-key ${signing.publicKey ?? "~/.ssh/id_ed25519.pub"}`,
              )
            : t(
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
