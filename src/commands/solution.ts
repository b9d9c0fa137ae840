import type { Command } from "commander";
import { UsageError } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import { action, withJson } from "./kit.ts";
import { collect, letterStep, onBehalf, timeOf } from "./workflow-kit.ts";

interface SolutionOptions {
  tool?: string[];
  part?: string[];
  doc?: string[];
  appointment?: string;
  as?: string;
  at?: string;
}

// `svc solution L "…"`: solution preparation (解决方案准备, DOMAIN §2.2.2) — before approval.
export default function register(program: Command): void {
  withJson(
    onBehalf(
      program
        .command("solution")
        .alias("prepare")
        .argument("<letter>", t("项目责任书编号", "letter id"))
        .argument("[text]", t("解决方案", "the proposed solution"))
        .description(
          t(
            "解决方案准备：方案、工具、资料、备件、预约时间（批准前）",
            "prepare the solution: solution, tools, documents, spare parts, appointment (before approval)",
          ),
        )
        .option("--tool <tool>", t("增加工具（可重复）", "add a tool (repeatable)"), collect)
        .option("--part <part>", t("增加备件（可重复）", "add a spare part (repeatable)"), collect)
        .option("--doc <doc>", t("增加资料（可重复）", "add a document (repeatable)"), collect)
        .option("--appointment <time>", t("与客户预约的服务时间", "appointment agreed with the customer")),
    ),
  ).action(
    action(async (ctx, id: string, text: string | undefined, o: SolutionOptions) => {
      if (!text?.trim() && !o.tool && !o.part && !o.doc && !o.appointment)
        throw new UsageError(
          t(
            "没有要记录的内容：写出解决方案或加 --tool/--part/--doc/--appointment",
            "nothing to record: give the solution or --tool/--part/--doc/--appointment",
          ),
        );
      const store = await ctx.store();
      const appointment = o.appointment ? await timeOf(store, o.appointment, "--appointment") : undefined;
      const { withMandatoryTools } = await import("../domain/letters.ts");
      await letterStep(ctx, id, o, "solution", ({ letter }) => {
        const p = letter.preparation;
        const merge = (a: string[] | undefined, b: string[] | undefined) => {
          const out = [...(a ?? [])];
          for (const x of b ?? []) if (!out.includes(x)) out.push(x);
          return out.length ? out : undefined;
        };
        const documents = merge(p.documents, o.doc);
        const spareParts = merge(p.spareParts, o.part);
        return {
          letter: {
            ...letter,
            preparation: {
              ...(text?.trim() ? { solution: text.trim() } : p.solution ? { solution: p.solution } : {}),
              tools: withMandatoryTools([...p.tools, ...(o.tool ?? [])]),
              ...(documents ? { documents } : {}),
              ...(spareParts ? { spareParts } : {}),
            },
            ...(appointment ? { appointment } : {}),
          },
          summary: text?.trim() || t("准备工具与资料", "tools and documents"),
          human: t(`责任书 ${id}：解决方案准备已记录`, `letter ${id}: preparation recorded`),
        };
      });
    }),
  );
}
