import type { Command } from "commander";
import { UsageError } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import type { Letter } from "../schemas/index.ts";
import type { Attach } from "../store/store.ts";
import { action, withJson } from "./kit.ts";
import { attachment, collect, letterStep, marks, onBehalf } from "./workflow-kit.ts";

type Entry = Letter["log"][number];

interface LogOptions {
  attach?: string[];
  software?: string;
  part?: string[];
  to?: string;
  departed?: string;
  as?: string;
  at?: string;
}

async function entry(
  ctx: import("./kit.ts").Ctx,
  id: string,
  text: string,
  o: LogOptions,
  kind: "log" | "escalate" | "checkin",
): Promise<void> {
  if (!text?.trim()) throw new UsageError(t("内容不能为空", "the text is empty"));
  const files: { ref: NonNullable<Entry["attachments"]>[number]; attach: Attach }[] = [];
  for (const f of o.attach ?? []) files.push(await attachment(ctx, f));
  const type: Entry["type"] = kind === "log" ? "记录" : kind === "escalate" ? "上报" : "汇报";
  let to: string | undefined;
  if (kind === "escalate") {
    const target = o.to ?? "expert";
    if (target !== "expert" && target !== "company")
      throw new UsageError(
        t(`--to 只能是 expert 或 company：${target}`, `--to is expert or company: ${target}`),
      );
    to = target === "expert" ? "产品专家" : "公司";
  }
  let departed: string | undefined;
  if (o.departed) {
    const { parseDate } = await import("../core/time.ts");
    departed = parseDate(o.departed, "--departed");
  }
  const service = kind === "log" ? await import("./log-service.ts") : undefined;
  const parts = service?.parseParts(o.part ?? []) ?? [];
  const software = service?.parseSoftware(o.software);
  await letterStep(ctx, id, o, kind, ({ letter, stamp, store }) => {
    const unit = service && (software || parts.length) ? service.unitOfLetter(store, letter) : undefined;
    const charged = parts.map((p) => ({ ...p, charge: service!.charge(unit, stamp.at) }));
    const e: Entry = {
      at: stamp.at,
      by: stamp.by,
      type,
      text: text.trim(),
      ...(to ? { to } : {}),
      ...(files.length ? { attachments: files.map((f) => f.ref) } : {}),
      ...marks(stamp),
      ...(software ? { software } : {}),
      ...(charged.length ? { parts: charged } : {}),
    };
    let travel = letter.travel;
    if (departed && travel) travel = { ...travel, departed };
    else if (departed)
      throw new UsageError(
        t("该责任书没有出差安排，不能记录出发日期", "this letter has no travel: no departure date"),
      );
    let human = t(`责任书 ${id}：已记录（${type}）`, `letter ${id}: ${type} recorded`);
    if (kind === "escalate" && to === "产品专家") {
      const notice = letter.notice ? store.get("notice", letter.notice) : undefined;
      const experts = store
        .people()
        .filter(
          (p) =>
            p.active !== false &&
            p.id !== letter.engineer &&
            notice?.product &&
            (p.experts ?? []).includes(notice.product),
        );
      if (experts.length)
        human += `\n${t("产品专家：", "product expert: ")}${experts.map((p) => `${p.name}${p.phone ? ` ${p.phone}` : ""}`).join("、")}`;
      human += `\n${t("仍无法解决时：恢复设备原状并联系公司（svc escalate --to company）", "if still unsolved: restore the equipment and contact the company (svc escalate --to company)")}`;
    }
    if (service && (software || charged.length)) human += `\n${service.serviceText(unit, software, charged)}`;
    return {
      letter: { ...letter, log: [...letter.log, e], ...(travel ? { travel } : {}) },
      summary: `${type}${to ? `→${to}` : ""} ${text}`,
      attach: files.map((f) => f.attach),
      // The unit's record follows its software (D21).
      ...(unit && software && unit.software !== software ? { put: [{ record: { ...unit, software } }] } : {}),
      data: { entry: e, ...(unit ? { equipment: unit.id } : {}) },
      human,
    };
  });
}

// `svc log`, `svc escalate`, `svc checkin`, `svc market`: the service record (服务记录, DOMAIN §2.2.6), the same-day
// written report of a difficult problem, and the every-two-days status report while travelling.
export default function register(program: Command): void {
  const common = (cmd: Command) =>
    withJson(
      onBehalf(
        cmd
          .argument("<letter>", t("项目责任书编号", "letter id"))
          .argument("<text>", t("内容", "text"))
          .option(
            "--attach <file>",
            t("附件（可重复；存入记录库并记录 sha256）", "attachment (repeatable; stored with its sha256)"),
            collect,
          ),
      ),
    );
  common(program.command("log"))
    .description(
      t(
        "服务记录：做了什么、遇到的问题及解决办法",
        "service log: what was done, problems and how they were solved",
      ),
    )
    .option(
      "--software <version>",
      t("本次更新后的软件版本（记入设备档案）", "software version after this update (kept on the equipment)"),
    )
    .option(
      "--part <name[*n]>",
      t(
        "更换的配件（可重复；如 电源模块*2）；三包期内免费，否则收费",
        "a part replaced (repeatable, e.g. PSU*2): free under warranty, else chargeable",
      ),
      collect,
    )
    .action(action(async (ctx, id: string, text: string, o: LogOptions) => entry(ctx, id, text, o, "log")));
  common(program.command("escalate"))
    .description(
      t(
        "疑难问题当天书面上报（先问产品专家，再联系公司）",
        "same-day written report of a difficult problem (product expert first, then the company)",
      ),
    )
    .option(
      "--to <whom>",
      t("上报对象：expert（产品专家，默认）或 company（公司）", "expert (default) or company"),
    )
    .action(
      action(async (ctx, id: string, text: string, o: LogOptions) => entry(ctx, id, text, o, "escalate")),
    );
  common(program.command("checkin"))
    .description(t("出差期间的服务状态汇报（每两天一次）", "status report while travelling (every two days)"))
    .option(
      "--departed <date>",
      t("出发日期 YYYY-MM-DD（记入出差安排）", "departure date YYYY-MM-DD (recorded on the travel plan)"),
    )
    .action(
      action(async (ctx, id: string, text: string, o: LogOptions) => entry(ctx, id, text, o, "checkin")),
    );
  withJson(
    onBehalf(
      program
        .command("market")
        .argument("<letter>", t("项目责任书编号", "letter id"))
        .argument("<topic>", t("项目（如 竞品、新需求、客户设备）", "topic (e.g. competitor, new demand)"))
        .argument("<content>", t("内容", "content")),
    ),
  )
    .description(
      t("记录现场收集的客户信息/市场信息", "record customer / market information gathered on site"),
    )
    .action(
      action(async (ctx, id: string, topic: string, content: string, o: LogOptions) => {
        if (!topic.trim() || !content.trim())
          throw new UsageError(t("项目和内容不能为空", "topic and content are needed"));
        await letterStep(ctx, id, o, "market", ({ letter }) => {
          const market = [...(letter.market ?? []), { topic: topic.trim(), content: content.trim() }];
          return {
            letter: { ...letter, market },
            summary: `${topic} ${content}`,
            data: { market: market.length },
            human: t(
              `责任书 ${id}：已记录市场信息（${topic}）`,
              `letter ${id}: market information recorded (${topic})`,
            ),
          };
        });
      }),
    );
}
