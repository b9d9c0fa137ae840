// `svc remote L`: the supervisor decides the letter is solved remotely — no travel, no advance; `svc
// approve` then approves the plan and completion is the customer's signature or written confirmation
// (svc close --confirmation FILE). `svc remote L --on-site --destination … --days N`: remote work
// failed, the engineer goes on site — the supervisor's order approves the trip (DOMAIN D22).
import type { Command } from "commander";
import { UsageError } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import { TRAVEL_DAYS } from "../schemas/limits.ts";
import { action, withJson } from "./kit.ts";
import { intIn, letterStep, onBehalf } from "./workflow-kit.ts";

interface RemoteOptions {
  onSite?: boolean;
  destination?: string;
  days?: string;
  as?: string;
  at?: string;
}

export default function register(program: Command): void {
  withJson(
    onBehalf(
      program
        .command("remote")
        .argument("<letter>", t("项目责任书编号", "letter id"))
        .description(
          t(
            "主管：改为远程处理（无出差、无预支）；--on-site 远程未解决，转为现场服务（即批准出差）",
            "supervisor: work the letter remotely (no travel, no advance); --on-site: remote work failed, send the engineer (approves the trip)",
          ),
        )
        .option("--on-site", t("转为现场服务", "send the engineer on site"))
        .option("--destination <place>", t("出差目的地（--on-site）", "travel destination (--on-site)"))
        .option("--days <n>", t("计划出差天数（--on-site）", "planned travel days (--on-site)")),
    ),
  ).action(
    action(async (ctx, id: string, o: RemoteOptions) => {
      if (!o.onSite) {
        if (o.destination || o.days)
          throw new UsageError(
            t("--destination/--days 只用于 --on-site", "--destination/--days go with --on-site"),
          );
        await letterStep(ctx, id, o, "remote", ({ letter, stamp }) => {
          const { travel: _dropped, ...rest } = letter;
          return {
            letter: { ...rest, remote: { ...stamp } },
            summary: t("远程处理", "worked remotely"),
            data: { remote: true, ...(letter.travel ? { travelDropped: letter.travel } : {}) },
            human: [
              t(
                `责任书 ${id}：改为远程处理（无出差、无预支）`,
                `letter ${id}: worked remotely (no travel, no advance)`,
              ),
              letter.travel
                ? t(
                    `原出差安排（${letter.travel.destination} ${letter.travel.days} 天）已取消`,
                    `the travel plan (${letter.travel.destination}, ${letter.travel.days} days) is dropped`,
                  )
                : "",
              t(
                `下一步：主管批准处理方案 svc approve ${id}`,
                `next: the supervisor approves the plan: svc approve ${id}`,
              ),
            ]
              .filter(Boolean)
              .join("\n"),
          };
        });
        return;
      }
      if (!o.destination || !o.days)
        throw new UsageError(
          t("--on-site 需要 --destination 和 --days", "--on-site needs --destination and --days"),
        );
      const days = intIn(o.days, "--days", TRAVEL_DAYS);
      const destination = o.destination.trim();
      if (!destination || destination.length > 120)
        throw new UsageError(t("--destination 应为 1–120 个字符", "--destination takes 1–120 characters"));
      await letterStep(
        ctx,
        id,
        o,
        "on-site",
        ({ letter, stamp }) => ({
          letter: { ...letter, travel: { destination, days }, remote: { ...letter.remote!, onSite: stamp } },
          summary: `${t("转为现场服务", "on site")} ${destination} ${days}${t("天", "d")}`,
          data: { onSite: true, travel: { destination, days } },
          human: [
            t(
              `责任书 ${id}：远程未解决，转为现场服务（${destination} ${days} 天），出差已批准`,
              `letter ${id}: on site (${destination}, ${days} days); the trip is approved`,
            ),
            letter.approval
              ? t(
                  `预支出差款：svc approve ${id} --advance 金额`,
                  `a travel advance: svc approve ${id} --advance AMOUNT`,
                )
              : t(`下一步：svc approve ${id}`, `next: svc approve ${id}`),
          ].join("\n"),
        }),
        "on-site",
      );
    }),
  );
}
