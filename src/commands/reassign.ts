import type { Command } from "commander";
import { Refused, UsageError } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import { terminalSafe } from "../core/terminal.ts";
import type { Letter, Person } from "../schemas/index.ts";
import type { Store } from "../store/store.ts";
import { action, type Ctx, need, withJson } from "./kit.ts";
import { letterStep, onBehalf, timeOf } from "./workflow-kit.ts";

type Delay = NonNullable<Letter["delays"]>[number];

interface ReassignOptions {
  to?: string;
  reason?: string;
  estimate?: string;
  delayReason?: string;
  as?: string;
  at?: string;
}

// `svc reassign L --to ENG --reason … [--estimate T]` (改派, D15): the supervisor hands an open letter
// (派工/在建/延期) to another engineer. What the first engineer recorded stays his; the letter's later
// fines fall on the engineer holding it at completion. A new estimate is recorded as an approved delay
// (reason B, or D with --delay-reason D) so D3 applies as for any extension.
export default function register(program: Command): void {
  withJson(
    onBehalf(
      program
        .command("reassign")
        .argument("<letter>", t("项目责任书编号", "letter id"))
        .description(
          t(
            "主管改派：把未完工的责任书（派工/在建/延期）交给另一位服务人员（不加 --to 时按派工的推荐排序）",
            "the supervisor reassigns an open letter (派工/在建/延期) to another engineer (without --to: the ranking of svc assign)",
          ),
        )
        .option("--to <engineer>", t("新的服务人员（编号或姓名）", "the new engineer (id or name)"))
        .option("--reason <text>", t("改派原因", "why"))
        .option(
          "--estimate <time>",
          t("新的预计完成时间（记为主管批准的延期）", "a new estimate (recorded as an approved extension)"),
        )
        .option(
          "--delay-reason <code>",
          t("新预计时间的延期原因 B 或 D（默认 B）", "its delay reason, B or D (default B)"),
        ),
    ),
  ).action(
    action(async (ctx, id: string, o: ReassignOptions) => {
      const store = await ctx.store();
      const before = store.require("letter", id);
      const delayReason = (o.delayReason ?? "B").toUpperCase();
      if (delayReason !== "B" && delayReason !== "D")
        throw new UsageError(
          t(
            `--delay-reason ${o.delayReason} 无效：改派的新预计时间只能是 B 或 D`,
            `--delay-reason ${o.delayReason}: only B or D`,
          ),
          t("B 人员或物料不足 / D 其他（DOMAIN D15）", "B staffing or materials / D other (DOMAIN D15)"),
        );
      const engineer = await chooseEngineer(ctx, store, before, o.to);
      const reason = await need(ctx, o.reason, "--reason", t("改派原因", "why is it reassigned?"));
      const estimate = o.estimate ? await timeOf(store, o.estimate, "--estimate") : undefined;
      const { effectiveEstimate } = await import("../domain/estimate.ts");
      const { isAfter } = await import("../core/time.ts");
      await letterStep(ctx, id, o, "reassign", ({ letter, stamp }) => {
        if (engineer.id === letter.engineer)
          throw new Refused(
            t(`责任书 ${id} 已由 ${engineer.name} 负责`, `letter ${id} is already ${engineer.name}'s`),
          );
        const last = (letter.reassignments ?? []).at(-1)?.at ?? letter.assigned.at;
        if (isAfter(last, stamp.at))
          throw new Refused(
            t(
              `未写入：改派时间 ${stamp.at} 早于${letter.reassignments?.length ? "上次改派" : "派工"}时间 ${last}`,
              `not written: the reassignment at ${stamp.at} is before the ${letter.reassignments?.length ? "last reassignment" : "assignment"} at ${last}`,
            ),
          );
        const eff = effectiveEstimate(letter);
        const delays = [...(letter.delays ?? [])];
        if (estimate) {
          if (!isAfter(estimate, eff))
            throw new UsageError(
              t(
                `--estimate ${o.estimate} 不晚于当前预计完成时间 ${eff}：改派只能顺延预计时间`,
                `--estimate ${o.estimate} is not after the current estimate ${eff}: a reassignment only extends it`,
              ),
            );
          const d: Delay = {
            reason: delayReason as Delay["reason"],
            until: estimate,
            note: t(`改派给 ${engineer.name}：${reason}`, `reassigned to ${engineer.name}: ${reason}`),
            by: stamp.by,
            at: stamp.at,
            approval: stamp,
          };
          delays.push(d);
        }
        const reassignments = [
          ...(letter.reassignments ?? []),
          { from: letter.engineer, to: engineer.id, reason, ...stamp },
        ];
        const fromName = store.person(letter.engineer)?.name ?? letter.engineer;
        return {
          letter: { ...letter, engineer: engineer.id, reassignments, ...(estimate ? { delays } : {}) },
          summary: `${letter.engineer} → ${engineer.id} ${reason}`,
          data: { from: letter.engineer, to: engineer.id, ...(estimate ? { estimate } : {}) },
          human: [
            t(
              `责任书 ${id} 已由 ${fromName} 改派给 ${engineer.name}（${reason}）`,
              `letter ${id} reassigned from ${fromName} to ${engineer.name} (${reason})`,
            ),
            t(
              `${fromName} 已记录的服务记录仍归其本人；完工的考核由 ${engineer.name} 承担`,
              `what ${fromName} recorded stays his; the completion's assessment falls on ${engineer.name}`,
            ),
            ...(estimate
              ? [
                  t(
                    `新的预计完成时间 ${estimate}（记为主管批准的延期，原因 ${delayReason}）`,
                    `new estimate ${estimate} (an approved extension, reason ${delayReason})`,
                  ),
                ]
              : []),
          ].join("\n"),
        };
      });
    }),
  );
}

/** The new engineer: --to, or on a TTY the ranking of `svc assign` (the current holder left out). */
async function chooseEngineer(
  ctx: Ctx,
  store: Store,
  letter: Letter,
  to: string | undefined,
): Promise<Person> {
  if (to) {
    const p = store.person(to) ?? store.people().find((x) => x.name === to);
    if (!p)
      throw new Refused(t(`--to ${to}：人员名单中没有此人`, `--to ${to}: no such person in the roster`));
    if (!p.roles.includes("engineer"))
      throw new Refused(t(`${p.name} 不是服务人员`, `${p.name} is not an engineer`));
    if (p.active === false) throw new Refused(t(`${p.name} 已不在职`, `${p.name} is no longer active`));
    return p;
  }
  const notice = letter.notice ? store.get("notice", letter.notice) : undefined;
  const { rankEngineers } = await import("../domain/assign.ts");
  const ranked = notice
    ? rankEngineers({
        notice,
        people: store.people(),
        letters: store.list("letter"),
        customer: store.get("customer", notice.customer),
        product: notice.product ? store.get("product", notice.product) : undefined,
      }).filter((c) => c.person.id !== letter.engineer)
    : [];
  const lines = ranked.map((c, i) => `${i + 1}. ${c.person.id}  ${c.person.name}  — ${c.reasons.join("；")}`);
  if (!ctx.interactive || !ranked.length)
    throw new UsageError(
      t("缺少 --to 新的服务人员", "missing --to (the new engineer)"),
      lines.length
        ? [t("推荐（按区域、产品专家、在办数量）：", "proposed (region, expert, open load):"), ...lines].join(
            "\n",
          )
        : undefined,
    );
  const { select } = await import("@inquirer/prompts");
  const chosen = await select({
    message: t("改派给谁？", "reassign to whom?"),
    choices: ranked.map((c, i) => ({ value: c.person.id, name: terminalSafe(lines[i]) })),
  });
  return store.person(chosen) as Person;
}
