import type { Command } from "commander";
import { t } from "../core/i18n.ts";
import { action, withJson } from "./kit.ts";
import { letterStep, marks, onBehalf } from "./workflow-kit.ts";

// `svc followup L`: the follow-up visit (回访) after confirmation [001, 003].
export default function register(program: Command): void {
  withJson(
    onBehalf(
      program
        .command("followup")
        .argument("<letter>", t("项目责任书编号", "letter id"))
        .description(t("回访：记录对客户的回访", "record the follow-up visit with the customer"))
        .option("--note <text>", t("回访记录", "what the customer said")),
    ),
  ).action(
    action(async (ctx, id: string, o: { note?: string; as?: string; at?: string }) => {
      await letterStep(ctx, id, o, "followup", ({ letter, stamp }) => ({
        letter: {
          ...letter,
          followup: {
            by: stamp.by,
            at: stamp.at,
            ...(o.note?.trim() ? { note: o.note.trim() } : {}),
            ...marks(stamp),
          },
        },
        summary: o.note?.trim() || t("已回访", "followed up"),
        human: t(`责任书 ${id}：已回访`, `letter ${id}: followed up`),
      }));
    }),
  );
}
