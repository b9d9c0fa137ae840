import type { Command } from "commander";
import { Refused, UsageError } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import { DELAY_REASON_TITLES, DELAY_REASONS } from "../schemas/enums.ts";
import type { Letter } from "../schemas/index.ts";
import { action, withJson } from "./kit.ts";
import { letterStep, marks, onBehalf, positiveInt, timeOf } from "./workflow-kit.ts";

type Delay = NonNullable<Letter["delays"]>[number];

const REASONS: Record<string, [string, string]> = DELAY_REASON_TITLES;

// `svc delay L --reason A|B|C|D --until TIME` (status 延期; a letter not started stays 派工) and
// `svc delay approve L` (DOMAIN §2.2, D3).
export default function register(program: Command): void {
  const delay = withJson(
    onBehalf(
      program
        .command("delay")
        .argument("<letter>", t("项目责任书编号", "letter id"))
        .description(
          t(
            "记录延期与延期申请：原因 A 接单未服务 / B 人员或物料不足 / C 客户原因 / D 其他（主管批准：svc delay approve）",
            "record a delay: reason A took the job but did not serve / B staff or materials / C customer / D other (approval: svc delay approve)",
          ),
        )
        .option("--reason <code>", t("延期原因 A B C D", "reason A B C D"))
        .option("--until <time>", t("申请延至", "extended until"))
        .option("--note <text>", t("说明", "note")),
    ),
  ).action(
    action(
      async (
        ctx,
        id: string,
        o: { reason?: string; until?: string; note?: string; as?: string; at?: string },
      ) => {
        const reason = (o.reason ?? "").toUpperCase();
        if (!DELAY_REASONS.includes(reason as Delay["reason"]))
          throw new UsageError(
            o.reason
              ? t(`--reason ${o.reason} 无效`, `--reason ${o.reason} is invalid`)
              : t("缺少 --reason", "missing --reason"),
            DELAY_REASONS.map((r) => `${r} ${t(REASONS[r][0], REASONS[r][1])}`).join("；"),
          );
        if (!o.until) throw new UsageError(t("缺少 --until 申请延至的时间", "missing --until"));
        const store = await ctx.store();
        const until = await timeOf(store, o.until, "--until");
        const { effectiveEstimate } = await import("../domain/figures.ts");
        const { nextState } = await import("../domain/workflow.ts");
        await letterStep(ctx, id, o, "delay", ({ letter, stamp }) => {
          if (new Date(until).getTime() <= new Date(stamp.at).getTime())
            throw new UsageError(
              t(
                `--until ${o.until} 早于申请时间 ${stamp.at}：须写申请延至的将来时间`,
                `--until ${o.until} is before the request (${stamp.at}): give the time the work is extended to`,
              ),
            );
          const est = effectiveEstimate(letter);
          if (new Date(until).getTime() <= new Date(est).getTime())
            throw new UsageError(
              t(
                `--until ${o.until} 不晚于当前预计完成时间 ${est}，不是延期`,
                `--until ${o.until} is not after the current estimate ${est}: not an extension`,
              ),
            );
          const d: Delay = {
            reason: reason as Delay["reason"],
            until,
            ...(o.note ? { note: o.note } : {}),
            by: stamp.by,
            at: stamp.at,
            ...marks(stamp),
          };
          const delays = [...(letter.delays ?? []), d];
          return {
            letter: { ...letter, delays },
            summary: `${reason} ${t(REASONS[reason][0], REASONS[reason][1])} → ${until}`,
            data: { delay: delays.length },
            human: [
              nextState("delay", letter) === letter.status // a letter not started stays where it is
                ? t(
                    `责任书 ${id} 已记录延期（原因 ${reason}，延至 ${until}）；尚未开工，状态仍为${letter.status}`,
                    `letter ${id}: delay recorded (reason ${reason}, until ${until}); not started, still ${letter.status}`,
                  )
                : t(
                    `责任书 ${id} 状态：延期（原因 ${reason}，延至 ${until}）`,
                    `letter ${id} delayed (reason ${reason}, until ${until})`,
                  ),
              reason === "A"
                ? t("原因 A（接单未服务）不免除超期考核", "reason A never excuses lateness")
                : t(
                    `主管批准后预计时间顺延：svc delay approve ${id}`,
                    `once approved the estimate moves: svc delay approve ${id}`,
                  ),
            ].join("\n"),
          };
        });
      },
    ),
  );

  withJson(
    delay
      .command("approve")
      .argument("<letter>", t("项目责任书编号", "letter id"))
      .argument("[n]", t("第几项延期（默认最后一项待批准的）", "which delay (default: the last pending one)"))
      .description(t("主管批准延期申请", "the supervisor approves an extension"))
      .option("--at <time>", t("补录：实际批准时间（allowAs 角色）", "back-date (allowAs roles)")),
  ).action(
    action(async (ctx, id: string, n: string | undefined, o: { at?: string }) => {
      const num = n !== undefined ? positiveInt(n, "N") : undefined;
      const { pickPending } = await import("../domain/letters.ts");
      await letterStep(
        ctx,
        id,
        o,
        "delay-approve",
        ({ letter, stamp }) => {
          const delays = [...(letter.delays ?? [])];
          const i = pickPending(delays, (d) => !d.approval, num);
          if (i < 0)
            throw new Refused(
              t(
                `责任书 ${id} 没有第 ${num} 项延期（共 ${delays.length} 项）`,
                `letter ${id} has no delay #${num}`,
              ),
            );
          if (delays[i].approval)
            throw new Refused(t(`第 ${i + 1} 项延期已经批准`, `delay #${i + 1} is already approved`));
          delays[i] = { ...delays[i], approval: stamp };
          return {
            letter: { ...letter, delays },
            summary: `#${i + 1} ${delays[i].reason} → ${delays[i].until}`,
            data: { delay: i + 1 },
            human: t(
              `责任书 ${id}：第 ${i + 1} 项延期已批准（延至 ${delays[i].until}）`,
              `letter ${id}: extension #${i + 1} approved (until ${delays[i].until})`,
            ),
          };
        },
        "delay approve",
      );
    }),
  );
}
