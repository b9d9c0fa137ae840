import type { Command } from "commander";
import { Refused } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import { action, need, withJson } from "./kit.ts";
import { letterStep, timeOf } from "./workflow-kit.ts";

const asOption = (cmd: Command) =>
  cmd.option(
    "--as <person>",
    t("代服务人员录入（须 svc.yaml allowAs 允许）", "enter it for the engineer (svc.yaml allowAs)"),
  );

// `svc appointment L --at T --reason …` (改约, D15; 000 技术部服务流程 §四.2): the letter's engineer
// records the new appointment agreed with the customer (issue 13 names it `--at`). Every appointment
// is kept: the letter's `appointment` is the one in force, `appointments` the history of moves (from,
// to, why, who, when). The step's own time is now, or `--recorded T` to transcribe paper (D16,
// allowAs roles); `--as` enters it for the engineer.
export default function register(program: Command): void {
  withJson(
    asOption(
      program
        .command("appointment")
        .alias("reschedule")
        .argument("<letter>", t("项目责任书编号", "letter id"))
        .description(
          t(
            "改约：服务人员记录与客户重新约定的服务时间和原因（每次预约都保留）",
            "reschedule: the engineer records the new appointment and why (every appointment is kept)",
          ),
        )
        .requiredOption("--at <time>", t("新的预约服务时间", "the new appointment"))
        .option("--reason <text>", t("改约原因", "why it moved"))
        .option(
          "--recorded <time>",
          t("补录：改约实际发生的时间（allowAs 角色）", "back-date: when it was agreed (allowAs roles)"),
        ),
    ),
  ).action(
    action(async (ctx, id: string, o: { at: string; reason?: string; as?: string; recorded?: string }) => {
      const store = await ctx.store();
      const to = await timeOf(store, o.at, "--at");
      const reason = await need(ctx, o.reason, "--reason", t("改约原因", "why did it move?"));
      await letterStep(ctx, id, { as: o.as, at: o.recorded }, "appointment", ({ letter, stamp }) => {
        if (letter.appointment === to)
          throw new Refused(t(`预约时间已是 ${to}`, `the appointment is ${to} already`));
        const entry = { ...(letter.appointment ? { from: letter.appointment } : {}), to, reason, ...stamp };
        const appointments = [...(letter.appointments ?? []), entry];
        return {
          letter: { ...letter, appointment: to, appointments },
          summary: `${letter.appointment ?? "—"} → ${to} ${reason}`,
          data: { appointment: to, ...(letter.appointment ? { previous: letter.appointment } : {}) },
          human: t(
            `责任书 ${id}：预约服务时间 ${letter.appointment ?? "（未约）"} → ${to}（${reason}）`,
            `letter ${id}: appointment ${letter.appointment ?? "(none)"} → ${to} (${reason})`,
          ),
        };
      });
    }),
  );
}
