import type { Command } from "commander";
import { Refused } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import { action, withJson } from "./kit.ts";
import { amount, letterStep } from "./workflow-kit.ts";

// `svc approve L`: the supervisor approves the travel plan (DOMAIN §2.2.5). No travel without a
// confirmed site situation and a solution; only an approved letter allows a travel advance.
export default function register(program: Command): void {
  withJson(
    program
      .command("approve")
      .argument("<letter>", t("项目责任书编号", "letter id"))
      .description(
        t(
          "主管批准出差计划（须已确认现场情况并有解决方案）；可同时批准预支出差款",
          "the supervisor approves the travel plan (needs the site confirmed and a solution); may grant a travel advance",
        ),
      )
      .option(
        "--advance <yuan>",
        t("预支出差款（元；须有出差安排）", "travel advance in yuan (needs travel)"),
      )
      .option(
        "--at <time>",
        t("补录：实际批准时间（allowAs 角色）", "back-date: when it was approved (allowAs roles)"),
      ),
  ).action(
    action(async (ctx, id: string, o: { advance?: string; at?: string }) => {
      const advance = o.advance !== undefined ? amount(o.advance, "--advance") : undefined;
      await letterStep(ctx, id, o, "approve", ({ letter, stamp }) => {
        if (advance !== undefined && !letter.travel)
          throw new Refused(
            t(`责任书 ${id} 没有出差安排，不能预支出差款`, `letter ${id} has no travel: no travel advance`),
          );
        return {
          letter: {
            ...letter,
            approval: stamp,
            ...(letter.travel && advance !== undefined ? { travel: { ...letter.travel, advance } } : {}),
          },
          summary: letter.travel
            ? `${letter.travel.destination} ${letter.travel.days}${t("天", "d")}${advance !== undefined ? ` ${t("预支", "advance")} ${advance}` : ""}`
            : t("批准服务计划", "plan approved"),
          data: advance !== undefined ? { advance } : {},
          human: [
            t(`责任书 ${id} 已批准，状态：在建`, `letter ${id} approved; status 在建`),
            advance !== undefined ? t(`预支出差款 ${advance} 元`, `travel advance ${advance} yuan`) : "",
          ]
            .filter(Boolean)
            .join("\n"),
        };
      });
    }),
  );
}
