import type { Command } from "commander";
import { t } from "../core/i18n.ts";
import { action, withJson } from "./kit.ts";
import { letterStep } from "./workflow-kit.ts";

// `svc archive L`: 结案 — the letter is closed and handed to finance [001, 003].
export default function register(program: Command): void {
  withJson(
    program
      .command("archive")
      .argument("<letter>", t("项目责任书编号", "letter id"))
      .description(t("结案：责任书归档并交财务", "archive the letter (结案) and hand it to finance"))
      .option("--at <time>", t("补录：实际结案时间（allowAs 角色）", "back-date (allowAs roles)")),
  ).action(
    action(async (ctx, id: string, o: { at?: string }) => {
      await letterStep(ctx, id, o, "archive", ({ letter, stamp }) => ({
        letter: { ...letter, archive: stamp },
        summary: t("结案", "archived"),
        human: t(`责任书 ${id} 已结案`, `letter ${id} archived`),
      }));
    }),
  );
}
