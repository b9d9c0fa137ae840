import type { Command } from "commander";
import { t } from "../core/i18n.ts";
import { action } from "./kit.ts";

// `npm start`: the main job on the sample records — check them, then list the open work.
export default function register(program: Command): void {
  program
    .command("start")
    .description(t("日常主流程：检查记录库并列出待办", "the main job: check the records and list open work"))
    .action(
      action(async (ctx) => {
        const { runCheck } = await import("../check/run.ts");
        const code = await runCheck(ctx, {});
        process.exitCode = code;
      }),
    );
}
