import type { Command } from "commander";
import { t } from "../core/i18n.ts";
import { action, withJson } from "./kit.ts";
import { letterStep } from "./workflow-kit.ts";

// `svc confirm L`: the supervisor confirms the finished letter after the trip (DOMAIN §2.2.11);
// it then goes to the sales admin's ledger. Confirming an unsigned letter is "condoning" (D7).
export default function register(program: Command): void {
  withJson(
    program
      .command("confirm")
      .argument("<letter>", t("项目责任书编号", "letter id"))
      .description(
        t(
          "主管确认已完工的责任书（之后进入销售内勤的台账）",
          "the supervisor confirms a finished letter (it then goes to the ledger)",
        ),
      )
      .option("--at <time>", t("补录：实际确认时间（allowAs 角色）", "back-date (allowAs roles)")),
  ).action(
    action(async (ctx, id: string, o: { at?: string }) => {
      await letterStep(ctx, id, o, "confirm", ({ letter, stamp }) => {
        const unsigned = Boolean(letter.completion?.unsigned || letter.completion?.forged);
        if (unsigned)
          ctx.err(
            t(
              "注意：该责任书没有客户签字（或签字伪造）；主管确认计入主管考核（纵容，−100）",
              "note: this letter has no (or a forged) customer signature; confirming it counts against the supervisor (−100)",
            ),
          );
        return {
          letter: { ...letter, confirmation: stamp },
          summary: unsigned ? t("已确认（无客户签字）", "confirmed (unsigned)") : t("已确认", "confirmed"),
          data: { unsigned },
          human: t(
            `责任书 ${id} 已确认，转销售内勤入台账`,
            `letter ${id} confirmed; it goes to the sales admin's ledger`,
          ),
        };
      });
    }),
  );
}
