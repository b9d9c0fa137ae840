import type { Command } from "commander";
import { Refused, UsageError } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import { terminalSafe } from "../core/terminal.ts";
import type { Person } from "../schemas/index.ts";
import { TRAVEL_DAYS } from "../schemas/limits.ts";
import { action, need, withJson } from "./kit.ts";
import { acting, collect, intIn, save, stampOf, timeOf, when } from "./workflow-kit.ts";

interface AssignOptions {
  to?: string;
  estimate?: string;
  appointment?: string;
  solution?: string;
  tool?: string[];
  part?: string[];
  doc?: string[];
  destination?: string;
  days?: string;
  advance?: string;
  remote?: boolean;
  at?: string;
}

// `svc assign N`: the supervisor makes the responsibility letter (项目责任书) of a signed notice.
export default function register(program: Command): void {
  withJson(
    program
      .command("assign")
      .argument("<notice>", t("服务通知单编号", "service notice id"))
      .description(
        t(
          "主管派工：为已签字的通知单生成项目责任书（不加 --to 时按区域、产品专家、在办数量推荐）",
          "the supervisor assigns a signed notice: creates the letter (without --to: ranked proposal)",
        ),
      )
      .option("--to <engineer>", t("服务人员（编号或姓名）", "engineer (id or name)"))
      .option(
        "--estimate <time>",
        t("预计完成时间（准时考核依据）", "estimated completion time (on-time basis)"),
      )
      .option("--appointment <time>", t("与客户预约的服务时间", "appointment agreed with the customer"))
      .option("--solution <text>", t("解决方案", "proposed solution"))
      .option(
        "--tool <tool>",
        t(
          "工具（可重复；U盘、螺丝刀、笔记本电脑总是带上）",
          "tool (repeatable; U盘 螺丝刀 笔记本电脑 always)",
        ),
        collect,
      )
      .option("--part <part>", t("备件（可重复）", "spare part (repeatable)"), collect)
      .option("--doc <doc>", t("资料（可重复）", "document (repeatable)"), collect)
      .option(
        "--remote",
        t(
          "远程处理（无出差、无预支；主管批准处理方案；完工以客户签字或书面确认）",
          "worked remotely (no travel, no advance; the supervisor approves the plan; completed by signature or written confirmation)",
        ),
      )
      .option("--destination <place>", t("出差目的地", "travel destination"))
      .option("--days <n>", t("计划出差天数", "planned travel days"))
      .option(
        "--advance <yuan>",
        t(
          "预支出差款：须在批准后用 svc approve --advance",
          "travel advance: only after approval (svc approve --advance)",
        ),
      )
      .option(
        "--at <time>",
        t("补录：实际派工时间（allowAs 角色）", "back-date: when it was assigned (allowAs roles)"),
      ),
  ).action(
    action(async (ctx, noticeId: string, o: AssignOptions) => {
      const store = await ctx.store();
      const who = await acting(ctx, store, undefined, ["letter"]);
      const notice = store.require("notice", noticeId);
      const letters = store.list("letter").filter((l) => !l.cancelled);
      const { noticeRefusal } = await import("../domain/workflow.ts");
      const r = noticeRefusal("assign", notice, letters, who.person);
      if (r) throw new Refused(r.message, r.hint);
      if (o.advance !== undefined)
        throw new Refused(
          t(
            "预支出差款只能在责任书经主管批准后办理（没有确认现场情况和解决方案不得出差）",
            "a travel advance is only possible on an approved letter (no travel without a confirmed site and a solution)",
          ),
          t(
            "派工后：svc approve <责任书> --advance 金额",
            "after assignment: svc approve <letter> --advance AMOUNT",
          ),
        );
      if (o.remote && (o.destination || o.days))
        throw new UsageError(
          t(
            "--remote 不能与 --destination/--days 同时使用：远程处理没有出差",
            "--remote contradicts --destination/--days: remote work has no travel",
          ),
        );
      if (Boolean(o.destination) !== Boolean(o.days))
        throw new UsageError(
          t("出差需同时给出 --destination 和 --days", "travel needs both --destination and --days"),
        );
      const days = o.days ? intIn(o.days, "--days", TRAVEL_DAYS) : undefined;

      const customer = store.get("customer", notice.customer);
      const product = notice.product ? store.get("product", notice.product) : undefined;
      const { rankEngineers, noticeRegion } = await import("../domain/assign.ts");
      const ranked = rankEngineers({ notice, people: store.people(), letters, customer, product });
      let engineer: Person | undefined;
      if (o.to) {
        engineer = store.person(o.to) ?? store.people().find((p) => p.name === o.to);
        if (!engineer)
          throw new Refused(
            t(`--to ${o.to}：人员名单中没有此人`, `--to ${o.to}: no such person in the roster`),
          );
        if (!engineer.roles.includes("engineer"))
          throw new Refused(t(`${engineer.name} 不是服务人员`, `${engineer.name} is not an engineer`));
        if (engineer.active === false)
          throw new Refused(t(`${engineer.name} 已不在职`, `${engineer.name} is no longer active`));
      } else {
        if (!ranked.length)
          throw new Refused(
            t("名单中没有在职的服务人员", "the roster has no active engineer"),
            t("svc people add … --role engineer", "svc people add … --role engineer"),
          );
        const lines = ranked.map(
          (c, i) => `${i + 1}. ${c.person.id}  ${c.person.name}  — ${c.reasons.join("；")}`,
        );
        if (!ctx.interactive) {
          if (ctx.json)
            ctx.out(
              JSON.stringify(
                {
                  id: noticeId,
                  candidates: ranked.map((c) => ({
                    engineer: c.person.id,
                    name: c.person.name,
                    sameRegion: c.sameRegion,
                    expert: c.expert,
                    openLoad: c.openLoad,
                    reasons: c.reasons,
                  })),
                },
                null,
                2,
              ),
            );
          else
            ctx.out(
              [
                t(
                  "推荐的服务人员（依次按区域、产品专家、在办数量）：",
                  "proposed engineers (region, product expert, open load):",
                ),
                ...lines,
                ...(noticeRegion(notice, customer)
                  ? []
                  : [
                      t(
                        "注意：通知单和客户都没有服务地区，未按区域排序",
                        "note: neither the notice nor the customer has a region; not ranked by region",
                      ),
                    ]),
              ].join("\n"),
            );
          // a required value missing (the proposals printed above): a usage error, exit 2
          throw new UsageError(
            t("请用 --to 指定服务人员", "choose the engineer with --to"),
            `svc assign ${noticeId} --to ${ranked[0].person.id} --estimate "YYYY-MM-DD HH:mm" [--appointment …] [--destination … --days N]`,
          );
        }
        const { select } = await import("@inquirer/prompts");
        const chosen = await select({
          message: t("派给谁？", "assign to whom?"),
          choices: ranked.map((c, i) => ({ value: c.person.id, name: terminalSafe(lines[i]) })),
        });
        engineer = store.person(chosen)!;
      }
      const estimate = await timeOf(
        store,
        await need(
          ctx,
          o.estimate,
          "--estimate",
          t("预计完成时间（如 2026-11-25 18:00）", "estimated completion (e.g. 2026-11-25 18:00)"),
        ),
        "--estimate",
      );
      const appointment = o.appointment ? await timeOf(store, o.appointment, "--appointment") : undefined;
      const w = await when(store, who, o.at);
      // An estimate already past when the letter is made is overdue however soon the work is done (D3):
      // most likely a typo (issue 13) — said, not refused (a transcribed letter may have had one).
      const { isAfter, local } = await import("../core/time.ts");
      const pastEstimate = !isAfter(estimate, w.at);
      if (pastEstimate) {
        const { note } = await import("../core/notes.ts");
        const [est, at] = [estimate, w.at].map((x) => local(x, store.tz).format("YYYY-MM-DD HH:mm"));
        note(
          t(
            `--estimate ${est} 不晚于派工时间 ${at}：这份责任书无论何时完工都算超时（D3）；如是笔误，请核对日期`,
            `--estimate ${est} is not after the assignment time ${at}: this letter is overdue however soon it is completed (D3); if it is a typo, check the date`,
          ),
        );
      }
      const { newLetter } = await import("../domain/letters.ts");
      const id = store.newId("letter");
      const region = noticeRegion(notice, customer);
      const letter = newLetter({
        id,
        notice: notice.id,
        engineer: engineer.id,
        assigned: stampOf(who, w),
        estimate,
        appointment,
        solution: o.solution,
        tools: o.tool,
        parts: o.part,
        documents: o.doc,
        travel:
          o.destination && days
            ? { destination: o.destination, days, ...(region ? { region } : {}) }
            : undefined,
      });
      const pick = ranked.find((c) => c.person.id === engineer.id);
      // D22: the supervisor decides at assignment that it is solved remotely.
      if (o.remote) letter.remote = { ...stampOf(who, w) };
      await save(ctx, store, {
        put: [
          {
            record: o.remote ? (await import("../domain/letters.ts")).ordered(letter) : letter,
            create: true,
          },
        ],
        // The notice's state decided the step, and a letter made for it meanwhile would be a second one.
        basis: [{ kind: "notice", id: notice.id }],
        basisNew: ["letter"],
        action: "assign",
        id,
        summary: `${notice.id} → ${engineer.name}`,
        author: who.actor,
        data: {
          notice: notice.id,
          engineer: engineer.id,
          status: letter.status,
          reasons: pick?.reasons ?? [],
          ...(pastEstimate ? { warnings: ["estimate-past"] } : {}),
          ...(o.remote ? { remote: true } : {}),
        },
        human: [
          id,
          t(
            `已派给 ${engineer.name}（${pick?.reasons.join("；") ?? ""}）`,
            `assigned to ${engineer.name} (${pick?.reasons.join("; ") ?? ""})`,
          ),
          t(`工具：${letter.preparation.tools.join("、")}`, `tools: ${letter.preparation.tools.join(", ")}`),
          letter.preparation.solution
            ? t(
                `下一步：${engineer.name} 确认现场情况 svc site ${id} --matches；主管批准 svc approve ${id}`,
                `next: ${engineer.name} confirms the site (svc site ${id} --matches); then svc approve ${id}`,
              )
            : t(
                `下一步：${engineer.name} 确认现场情况 svc site ${id} --matches；准备方案 svc solution ${id} "…"；主管批准 svc approve ${id}`,
                `next: ${engineer.name} confirms the site (svc site ${id} --matches), the solution (svc solution ${id} "…"); then svc approve ${id}`,
              ),
        ].join("\n"),
      });
    }),
  );
}
