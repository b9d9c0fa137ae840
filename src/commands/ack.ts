// `svc ack L [TEXT]` and `svc arrive L` (DOMAIN D17): the engineer's first contact with the customer
// when it is not the site confirmation (it stops the response clock), and his arrival on site or the
// start of remote work (000 §三.8 asks him to call on arrival; it stops the arrival clock). Both with
// --at/--as like every step.
import type { Command } from "commander";
import { UsageError } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import { action, withJson } from "./kit.ts";
import { letterStep, onBehalf } from "./workflow-kit.ts";

interface StepOptions {
  as?: string;
  at?: string;
}

export default function register(program: Command): void {
  withJson(
    onBehalf(
      program
        .command("ack")
        .argument("<letter>", t("项目责任书编号", "letter id"))
        .argument("[text]", t("联系内容（可选）", "what was said (optional)"))
        .description(
          t(
            "首次响应：已与客户取得联系（不是现场情况确认时）；停止首次响应时限（D17）",
            "first response: the customer was reached (when it is not the site confirmation); stops the response clock (D17)",
          ),
        ),
    ),
  ).action(
    action(async (ctx, id: string, text: string | undefined, o: StepOptions) => {
      if (text !== undefined && !text.trim())
        throw new UsageError(t("联系内容不能为空", "the text is empty"));
      await letterStep(ctx, id, o, "ack", ({ letter, stamp }) => ({
        letter: {
          ...letter,
          ack: { by: stamp.by, at: stamp.at, ...(text ? { text: text.trim() } : {}), ...rest(stamp) },
        },
        summary: t("首次响应", "first response"),
        data: { ack: stamp.at },
        human: t(
          `责任书 ${id}：已记录首次响应（${stamp.at}）`,
          `letter ${id}: first response recorded (${stamp.at})`,
        ),
      }));
    }),
  );

  withJson(
    onBehalf(
      program
        .command("arrive")
        .argument("<letter>", t("项目责任书编号", "letter id"))
        .description(
          t(
            "到达现场或开始远程处理（到达后电话告知，000 §三.8）；停止到场时限（D17）",
            "arrived on site, or remote work started (call on arrival, 000 §三.8); stops the arrival clock (D17)",
          ),
        ),
    ),
  ).action(
    action(async (ctx, id: string, o: StepOptions) => {
      await letterStep(ctx, id, o, "arrive", ({ letter, stamp }) => ({
        letter: { ...letter, arrival: stamp },
        summary: t("到场", "arrived"),
        data: { arrival: stamp.at },
        human: t(`责任书 ${id}：已记录到场（${stamp.at}）`, `letter ${id}: arrival recorded (${stamp.at})`),
      }));
    }),
  );
}

function rest(s: { backdated?: boolean; enteredAt?: string; as?: string }) {
  return {
    ...(s.backdated ? { backdated: true, enteredAt: s.enteredAt } : {}),
    ...(s.as ? { as: s.as } : {}),
  };
}
