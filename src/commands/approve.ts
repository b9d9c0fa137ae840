import type { Command } from "commander";
import { Refused } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import { ADVANCE } from "../schemas/limits.ts";
import { action, withJson } from "./kit.ts";
import { amountIn, letterStep } from "./workflow-kit.ts";

// `svc approve L`: the supervisor approves the travel plan (DOMAIN §2.2.5). No travel without a
// confirmed site situation and a solution; only an approved letter allows a travel advance.
export default function register(program: Command): void {
  withJson(
    program
      .command("approve")
      .argument("<letter>", t("项目责任书编号", "letter id"))
      .description(
        t(
          "主管批准出差计划（须已确认现场情况并有解决方案）；--advance 批准预支出差款（批准时或之后）",
          "the supervisor approves the travel plan (needs the site confirmed and a solution); --advance grants a travel advance (then or later)",
        ),
      )
      .option(
        "--advance <yuan>",
        t(
          "预支出差款（元；须有出差安排；已批准的责任书可单独用此项补批）",
          "travel advance in yuan (needs travel; on an approved letter, grants the advance alone)",
        ),
      )
      .option(
        "--at <time>",
        t("补录：实际批准时间（allowAs 角色）", "back-date: when it was approved (allowAs roles)"),
      ),
  ).action(
    action(async (ctx, id: string, o: { advance?: string; at?: string }) => {
      const advance = o.advance !== undefined ? amountIn(o.advance, "--advance", ADVANCE) : undefined;
      const store = await ctx.store();
      const current = store.require("letter", id);
      // An approved letter may still get its travel advance later: the "advance" step of the state
      // machine (supervisor; the letter approved and with travel), committed as `advance L: …`.
      if (advance !== undefined && current.approval && current.status !== "派工") {
        await letterStep(ctx, id, o, "advance", ({ letter }) => ({
          letter: { ...letter, travel: letter.travel && { ...letter.travel, advance } },
          summary: `${t("预支出差款", "travel advance")} ${advance}`,
          data: { advance },
          human: t(
            `责任书 ${id}（已批准）：预支出差款 ${advance} 元`,
            `letter ${id} (approved): travel advance ${advance} yuan`,
          ),
        }));
        return;
      }
      await letterStep(ctx, id, o, "approve", ({ letter, stamp }) => {
        if (advance !== undefined && !letter.travel)
          throw new Refused(
            t(`责任书 ${id} 没有出差安排，不能预支出差款`, `letter ${id} has no travel: no travel advance`),
            t(
              "出差须在派工时写明：svc assign … --destination 地点 --days 天数",
              "travel is set at assignment: svc assign … --destination PLACE --days N",
            ),
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
            letter.travel && advance === undefined
              ? t(
                  `预支出差款可随后办理：svc approve ${id} --advance 金额`,
                  `a travel advance can follow: svc approve ${id} --advance AMOUNT`,
                )
              : "",
          ]
            .filter(Boolean)
            .join("\n"),
        };
      });
    }),
  );
}
