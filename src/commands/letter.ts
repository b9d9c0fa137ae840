import type { Command } from "commander";
import { Refused, UsageError } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import type { Customer, Letter } from "../schemas/index.ts";
import { action, need, reasonOf, requireRole, withJson } from "./kit.ts";
import {
  acting,
  closeCustomer,
  collect,
  letterStep,
  onBehalf,
  save,
  stampOf,
  timeOf,
  when,
} from "./workflow-kit.ts";

interface UnplannedOptions {
  newCustomer?: boolean;
  unplanned?: boolean;
  customer?: string;
  content?: string;
  estimate?: string;
  solution?: string;
  tool?: string[];
  part?: string[];
  as?: string;
  at?: string;
}

// `svc letter --unplanned …`: unplanned extra work on site (意外情况, DOMAIN §2.2) — the engineer writes
// the letter himself (status 在建), gets the customer's signature on completion (svc close), and the
// supervisor countersigns it after the return: `svc letter countersign L`.
export default function register(program: Command): void {
  const letter = withJson(
    onBehalf(
      program
        .command("letter")
        .description(
          t(
            "现场意外工作：服务人员自写责任书（--unplanned），返回后由主管补签（svc letter countersign）",
            "unplanned work on site: the engineer writes the letter (--unplanned); the supervisor countersigns later",
          ),
        )
        .option("--unplanned", t("现场意外工作", "unplanned work on site"))
        .option("--customer <customer>", t("服务单位（客户编号或名称）", "customer (id or name)"))
        .option(
          "--new-customer",
          t(
            "客户名与已有客户相近时仍新建客户",
            "create the customer even when its name is close to an existing one",
          ),
        )
        .option("--content <text>", t("意外情况与服务内容", "what happened and what is done"))
        .option("--estimate <time>", t("预计完成时间", "estimated completion time"))
        .option("--solution <text>", t("解决方案", "solution"))
        .option("--tool <tool>", t("工具（可重复）", "tool (repeatable)"), collect)
        .option("--part <part>", t("备件（可重复）", "spare part (repeatable)"), collect),
    ),
  ).action(
    action(async (ctx, o: UnplannedOptions) => {
      if (!o.unplanned)
        throw new UsageError(
          t(
            "svc letter 需要 --unplanned（或子命令 countersign）",
            "svc letter needs --unplanned (or the countersign subcommand)",
          ),
          t(
            "派工的责任书由主管用 svc assign 生成",
            "assigned letters are made by the supervisor with svc assign",
          ),
        );
      const store = await ctx.store();
      const who = await acting(ctx, store, o.as, ["letter"]);
      requireRole(who.person, t("自写现场意外工作责任书", "write an unplanned-work letter"), "engineer");
      const customerName = await need(ctx, o.customer, "--customer", t("服务单位", "customer"));
      const content = await need(ctx, o.content, "--content", t("意外情况与服务内容", "what is done"));
      const { parseTime } = await import("../core/time.ts");
      // a time that does not parse is asked again with the reason (issue 14): no answer is lost
      const estimate = await timeOf(
        store,
        await need(ctx, o.estimate, "--estimate", t("预计完成时间", "estimated completion"), undefined, (v) =>
          reasonOf(() => parseTime(v, store.tz, "--estimate")),
        ),
        "--estimate",
      );
      const put: { record: Customer | Letter; create?: boolean }[] = [];
      let customer =
        store.get("customer", customerName) ??
        store.list("customer").find((c) => c.name === customerName.trim());
      if (!customer && !o.newCustomer) customer = await closeCustomer(ctx, store, customerName);
      if (!customer) {
        const { randomBytes } = await import("node:crypto");
        const { customerSlug } = await import("../domain/letters.ts");
        let cid = customerSlug(randomBytes(5));
        while (store.get("customer", cid)) cid = customerSlug(randomBytes(5));
        customer = { kind: "customer", id: cid, name: customerName.trim(), createdBy: who.person.id };
        put.push({ record: customer, create: true });
      }
      const w = await when(store, who, o.at);
      const { newLetter } = await import("../domain/letters.ts");
      const id = store.newId("letter");
      const l = newLetter({
        id,
        unplanned: { customer: customer.id, content },
        engineer: who.person.id,
        assigned: stampOf(who, w),
        estimate,
        solution: o.solution,
        tools: o.tool,
        parts: o.part,
      });
      put.unshift({ record: l, create: true });
      await save(ctx, store, {
        put,
        action: "letter unplanned",
        id,
        summary: `${customer.name} ${content}`,
        author: who.actor,
        data: { status: l.status, customer: customer.id },
        human: [
          id,
          t(
            `现场意外工作责任书已建立（状态：在建）；完工时请客户签字：svc close ${id}；返回后由主管补签：svc letter countersign ${id}`,
            `unplanned letter created (在建); on completion: svc close ${id}; after the return the supervisor countersigns: svc letter countersign ${id}`,
          ),
        ].join("\n"),
      });
    }),
  );

  withJson(
    letter
      .command("countersign")
      .argument("<letter>", t("项目责任书编号", "letter id"))
      .description(
        t("主管补签现场意外工作责任书（返回后）", "the supervisor countersigns an unplanned-work letter"),
      )
      .option("--at <time>", t("补录：实际补签时间（allowAs 角色）", "back-date (allowAs roles)")),
  ).action(
    action(async (ctx, id: string, o: { at?: string }) => {
      await letterStep(
        ctx,
        id,
        o,
        "countersign",
        ({ letter: l, stamp }) => {
          if (!l.unplanned)
            throw new Refused(t(`责任书 ${id} 不是现场意外工作`, `letter ${id} is not unplanned work`));
          return {
            letter: { ...l, unplanned: { ...l.unplanned, countersign: stamp } },
            summary: t("补签", "countersigned"),
            human: t(`责任书 ${id} 已补签`, `letter ${id} countersigned`),
          };
        },
        "countersign",
      );
    }),
  );
}
