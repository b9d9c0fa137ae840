// `svc rd open|accept|reject|fixed|confirm`: R&D work orders (故障处理工作单, DOMAIN D22). The letter's
// engineer opens one (the letter waits with a delay of reason D naming it); R&D's lead (`rd` role)
// accepts or rejects it with a reason and reports it fixed; the requester's confirmation closes it.
import type { Command } from "commander";
import { Refused, UsageError } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import type { RdOrder } from "../schemas/index.ts";
import type { Attach } from "../store/store.ts";
import { action, emit, requireRole, withJson } from "./kit.ts";
import { acting, attachment, collect, letterStep, save, stampOf, timeOf, when } from "./workflow-kit.ts";

interface OpenOptions {
  environment?: string;
  steps?: string;
  symptom?: string;
  attach?: string[];
  until?: string;
}

const text = (v: string | undefined, flag: string, max: number): string => {
  const s = v?.trim();
  if (!s) throw new UsageError(t(`缺少 ${flag}`, `${flag} is required`));
  if (s.length > max)
    throw new UsageError(t(`${flag} 最多 ${max} 个字符`, `${flag} takes at most ${max} characters`));
  return s;
};

export default function register(program: Command): void {
  const rd = program
    .command("rd")
    .description(
      t(
        "研发工作单（故障处理工作单）：提出、受理/驳回、修复、确认",
        "R&D work orders: open, accept/reject, fixed, confirm",
      ),
    );

  withJson(
    rd
      .command("open")
      .argument("<letter>", t("项目责任书编号", "letter id"))
      .option(
        "--environment <text>",
        t("运行环境（软硬件版本、配置）", "environment (versions, configuration)"),
      )
      .option("--steps <text>", t("重现步骤", "steps to reproduce"))
      .option("--symptom <text>", t("故障现象", "symptom"))
      .option(
        "--attach <file>",
        t("附件：日志、截图（可重复）", "attachment: logs, screenshots (repeatable)"),
        collect,
      )
      .option(
        "--until <time>",
        t("责任书延期至（默认 14 天后）", "the letter waits until (default: 14 days)"),
      ),
  )
    .description(
      t(
        "服务人员提出研发工作单；责任书以延期（原因 D）等待",
        "the letter's engineer opens an R&D work order; the letter waits (delay, reason D)",
      ),
    )
    .action(
      action(async (ctx, letterId: string, o: OpenOptions) => {
        const environment = text(o.environment, "--environment", 4000);
        const steps = text(o.steps, "--steps", 8000);
        const symptom = text(o.symptom, "--symptom", 8000);
        const files: { ref: NonNullable<RdOrder["attachments"]>[number]; attach: Attach }[] = [];
        for (const f of o.attach ?? []) files.push(await attachment(ctx, f));
        const store = await ctx.store();
        const id = store.newId("rd");
        const until = o.until ? await timeOf(store, o.until, "--until") : undefined;
        await letterStep(
          ctx,
          letterId,
          {},
          "delay",
          async ({ letter, stamp, who }) => {
            if (who.person.id !== letter.engineer)
              throw new Refused(
                t(
                  `只有该责任书的服务人员（${letter.engineer}）可以提出研发工作单`,
                  `only the letter's engineer (${letter.engineer}) may open an R&D work order`,
                ),
              );
            const { isoLocal } = await import("../core/time.ts");
            const wait =
              until ?? isoLocal(new Date(new Date(stamp.at).getTime() + 14 * 86_400_000), store.tz);
            const order: RdOrder = {
              kind: "rd",
              id,
              letter: letter.id,
              requester: letter.engineer,
              opened: stamp,
              environment,
              steps,
              symptom,
              ...(files.length ? { attachments: files.map((f) => f.ref) } : {}),
            };
            const delay = {
              reason: "D" as const,
              until: wait,
              note: t(`等待研发工作单 ${id}`, `waiting for R&D work order ${id}`),
              by: stamp.by,
              at: stamp.at,
              rd: id,
            };
            return {
              letter: { ...letter, delays: [...(letter.delays ?? []), delay] },
              put: [{ record: order, create: true }],
              attach: files.map((f) => f.attach),
              summary: `${id} ${symptom}`,
              data: { order: id, until: wait },
              human: [
                t(`已提出研发工作单 ${id}（待受理）`, `R&D work order ${id} opened (待受理)`),
                t(
                  `责任书 ${letter.id} 延期至 ${wait}（原因 D，待主管批准：svc delay approve ${letter.id}）`,
                  `letter ${letter.id} waits until ${wait} (reason D; the supervisor approves: svc delay approve ${letter.id})`,
                ),
              ].join("\n"),
            };
          },
          "rd open",
        );
      }),
    );

  const decide = (
    name: "accept" | "reject" | "fixed" | "confirm",
    zh: string,
    en: string,
    reason: "required" | "note" | "none",
  ) => {
    const cmd = rd.command(name).argument("<order>", t("研发工作单编号 RD-…", "work order id RD-…"));
    if (reason === "required") cmd.option("--reason <text>", t("理由", "reason"));
    if (reason === "note") cmd.option("--note <text>", t("修复说明", "what was fixed"));
    withJson(cmd)
      .description(t(zh, en))
      .action(
        action(async (ctx, id: string, o: { reason?: string; note?: string }) => {
          const why = reason === "required" ? text(o.reason, "--reason", 2000) : undefined;
          const store = await ctx.store();
          const order = store.require("rd", id);
          const who = await acting(ctx, store, undefined, ["rd"]);
          const { RD_STEPS, rdStampProblems, rdState } = await import("../domain/rd.ts");
          const step = RD_STEPS[name];
          if (step.who === "rd") requireRole(who.person, t(zh, en), "rd");
          else if (who.person.id !== order.requester)
            throw new Refused(
              t(
                `只有提出人（${order.requester}）可以确认修复`,
                `only the requester (${order.requester}) may confirm the fix`,
              ),
            );
          const state = rdState(order);
          if (state !== step.from)
            throw new Refused(
              t(
                `研发工作单 ${id} 当前为「${state}」，不能${zh}：须为「${step.from}」`,
                `work order ${id} is ${state}; cannot ${en}: it must be ${step.from}`,
              ),
            );
          const w = await when(store, who, undefined);
          const stamp = stampOf(who, w);
          const updated: RdOrder =
            name === "accept"
              ? { ...order, accepted: { by: stamp.by, at: stamp.at, reason: why! } }
              : name === "reject"
                ? { ...order, rejected: { by: stamp.by, at: stamp.at, reason: why! } }
                : name === "fixed"
                  ? {
                      ...order,
                      fixed: {
                        by: stamp.by,
                        at: stamp.at,
                        ...(o.note?.trim() ? { note: o.note.trim().slice(0, 4000) } : {}),
                      },
                    }
                  : { ...order, confirmed: stamp };
          // D16: never a step dated before the one it follows (a clock behind the other clone's).
          const earlier = rdStampProblems(updated).find((p) => p.step === name && p.problem === "earlier");
          if (earlier) {
            const after =
              earlier.other === "opened" ? order.opened : order[earlier.other as "accepted" | "fixed"];
            throw new Refused(
              t(
                `未写入：${zh}的时间 ${stamp.at} 早于上一步的时间 ${after?.at}（本机时钟是否有误？）`,
                `not written: ${stamp.at} is before the step it follows (${after?.at}); is this machine's clock wrong?`,
              ),
            );
          }
          await save(ctx, store, {
            put: [{ record: updated }],
            action: `rd ${name}`,
            id,
            summary: `${step.to}${why ? ` ${why}` : ""}`,
            author: who.actor,
            data: { state: step.to, letter: order.letter },
            human: [
              t(`研发工作单 ${id}：${step.to}`, `work order ${id}: ${step.to}`),
              name === "confirm"
                ? t(
                    `责任书 ${order.letter} 可继续：svc log / svc close`,
                    `letter ${order.letter} goes on: svc log / svc close`,
                  )
                : "",
              name === "fixed"
                ? t(`请提出人确认：svc rd confirm ${id}`, `the requester confirms: svc rd confirm ${id}`)
                : "",
            ]
              .filter(Boolean)
              .join("\n"),
          });
        }),
      );
  };
  withJson(rd.command("list").option("--open", t("只列未结的工作单", "only open orders")))
    .description(
      t("列出研发工作单（状态、提出人、已开天数）", "list R&D work orders (state, requester, age)"),
    )
    .action(
      action(async (ctx, o: { open?: boolean }) => {
        const store = await ctx.store();
        const { isOpenOrder, rdState } = await import("../domain/rd.ts");
        const { daysBetween } = await import("../domain/equipment.ts");
        const { dateLocal } = await import("../core/time.ts");
        const { table } = await import("../render/table.ts");
        const today = dateLocal(store.now(), store.tz);
        const rows = store
          .list("rd")
          .filter((x) => !o.open || isOpenOrder(x))
          .sort((a, b) => a.opened.at.localeCompare(b.opened.at))
          .map((x) => ({
            id: x.id,
            letter: x.letter,
            requester: x.requester,
            state: rdState(x),
            opened: x.opened.at,
            age: daysBetween(x.opened.at, today),
            symptom: x.symptom,
          }));
        emit(ctx, rows, () =>
          rows.length
            ? table(
                [
                  t("编号", "id"),
                  t("责任书", "letter"),
                  t("提出人", "requester"),
                  t("状态", "state"),
                  t("提出", "opened"),
                  t("天", "days"),
                  t("故障现象", "symptom"),
                ],
                rows.map((r) => [
                  r.id,
                  r.letter,
                  r.requester,
                  r.state,
                  r.opened.slice(0, 10),
                  String(r.age),
                  r.symptom.replace(/\s+/g, " ").slice(0, 40),
                ]),
              )
            : t("（没有研发工作单）", "(no R&D work orders)"),
        );
      }),
    );
  decide("accept", "研发负责人受理工作单", "R&D's lead accepts the order", "required");
  decide(
    "reject",
    "研发负责人驳回工作单（须写明理由）",
    "R&D's lead rejects the order (with a reason)",
    "required",
  );
  decide("fixed", "研发负责人报告已修复", "R&D's lead reports it fixed", "note");
  decide("confirm", "提出人确认修复（结单）", "the requester confirms the fix (closes the order)", "none");
}
