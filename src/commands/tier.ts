// svc tier — salary tier history and eligibility per engineer (DOMAIN §4, D9); `svc tier set` records
// the GM's decision (升档 / 降档 with its effective date), the only way a tier changes.
import type { Command } from "commander";
import { Refused, UsageError } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import { parseDate } from "../core/time.ts";
import { TIERS, type Tier } from "../schemas/enums.ts";
import type { Decision, Person } from "../schemas/index.ts";
import { action, emit, requireRole, withJson } from "./kit.ts";

export default function register(program: Command): void {
  const tier = withJson(
    program
      .command("tier")
      .description(
        t(
          "工资档次：每位服务人员的档次历史与升档资格（升降档须总经理决定：svc tier set）",
          "salary tiers: history and eligibility per engineer (changes only by GM decision: svc tier set)",
        ),
      )
      .option("--person <id>", t("只看此人", "only this person")),
  ).action(
    action(async (ctx, o: { person?: string }) => {
      const store = await ctx.store();
      const kit = await import("./assess-kit.ts");
      const { eligibility, tierHistory } = await import("../domain/tier.ts");
      const { assessMonth, originOf } = await import("../domain/assessment.ts");
      const { monthLocal, addMonths } = await import("../core/time.ts");
      const people = store.people();
      if (o.person && !store.person(o.person))
        throw new UsageError(t(`人员 ${o.person} 不存在`, `no person ${o.person}`));
      const engineers = people.filter(
        (p) => p.roles.includes("engineer") && (o.person ? p.id === o.person : p.active !== false),
      );
      const asOf = addMonths(monthLocal(store.now(), store.tz), -1);
      const input = kit.loadInput(store, asOf);
      const origin = originOf(input);
      const decisions = store.list("decision");
      // A month is clean when its (signed, amended) assessment — or the computed one — has no incident and no fine.
      const sheets = new Map<string, ReturnType<typeof assessMonth>["people"]>();
      const sheetOf = (m: string) => {
        let s = sheets.get(m);
        if (!s) {
          s =
            kit.amendedAssessment(store, m)?.people ??
            assessMonth({ ...input, month: m, config: kit.settingsFor(store, m) }).people;
          sheets.set(m, s);
        }
        return s;
      };
      const rows = engineers.map((p: Person) => {
        const clean = (m: string) => {
          const s = sheetOf(m).find((x) => x.person === p.id);
          return !s?.lines.some((l) => l.amount < 0 || l.rule.startsWith("incident"));
        };
        const e = eligibility({
          person: p,
          decisions,
          exams: input.exams,
          asOf,
          origin,
          clean,
          tierMonths: input.config.pay.tierMonths, // as in force for asOf (effective-dated)
        });
        return { person: p.id, name: p.name, history: tierHistory(p, decisions), ...e };
      });
      const { table } = await import("../render/table.ts");
      emit(ctx, { asOf, people: rows }, () =>
        [
          table(
            [
              t("姓名", "name"),
              t("当前档次", "tier"),
              t("连续无事故无扣款月数", "clean months"),
              t("考试/贡献", "merits"),
              t("资格", "eligible"),
              t("历史", "history"),
            ],
            rows.map((r) => [
              r.name,
              r.current,
              String(r.cleanMonths),
              r.merits.length > 2
                ? `${r.merits.slice(0, 2).join(",")} …(${r.merits.length})`
                : r.merits.join(",") || "—",
              r.eligible
                ? t(`可升${r.eligible}（须总经理决定）`, `${r.eligible} (needs a GM decision)`)
                : r.monthsToNext
                  ? t(`还需 ${r.monthsToNext} 个月`, `${r.monthsToNext} more months`)
                  : "—",
              r.history.map((h) => `${h.from ?? "?"} ${h.tier}`).join(" → "),
            ]),
          ),
          ctx.paint.dim(t(`统计至 ${asOf}`, `as of the end of ${asOf}`)),
        ].join("\n"),
      );
    }),
  );

  withJson(
    tier
      .command("set")
      .argument("<person>", t("服务人员编号", "engineer id"))
      .requiredOption("--tier <tier>", t("新档次：一等 二等 三等", "new tier: 一等 二等 三等"))
      .requiredOption("--effective <date>", t("生效日期 YYYY-MM-DD", "effective date YYYY-MM-DD"))
      .requiredOption("--reason <text>", t("理由", "reason"))
      .option(
        "--ref <id>",
        t("依据记录（可重复）", "record it rests on (repeatable)"),
        (v: string, p: string[] = []) => [...p, v],
      )
      .description(t("总经理决定升档或降档", "GM decision: promote or downgrade")),
  ).action(
    action(
      async (ctx, id: string, o: { tier: string; effective: string; reason: string; ref?: string[] }) => {
        const store = await ctx.store();
        const { tierOn } = await import("../domain/tier.ts");
        const { isoLocal } = await import("../core/time.ts");
        const actor = await ctx.actor();
        requireRole(actor, t("决定工资档次", "decide salary tiers"), "gm");
        const p = store.require("person", id);
        if (!TIERS.includes(o.tier as Tier))
          throw new UsageError(t(`未知档次 ${o.tier}`, `unknown tier ${o.tier}`), TIERS.join(" "));
        const effective = parseDate(o.effective, "--effective");
        const decisions = store.list("decision");
        const before = tierOn(p, decisions, effective);
        if (before === o.tier)
          throw new Refused(
            t(`${p.name} 在 ${effective} 已是${before}`, `${p.name} is already ${before} on ${effective}`),
          );
        const order = ["三等", "二等", "一等"];
        const decision: Decision = {
          kind: "decision",
          id: store.newId("decision"),
          person: p.id,
          decision: order.indexOf(o.tier) > order.indexOf(before) ? "升档" : "降档",
          tier: o.tier as Tier,
          effective,
          reason: o.reason,
          ...(o.ref?.length ? { refs: o.ref } : {}),
          decided: { by: actor.id, at: isoLocal(store.now(), store.tz) },
        };
        const { commit } = await store.commit({
          put: [{ record: decision, create: true }],
          message: `tier ${decision.id}: ${p.id} ${before} → ${o.tier}（${effective} 起）`,
          author: actor,
        });
        emit(ctx, { id: decision.id, commit, decision }, () =>
          t(
            `已记录总经理决定 ${decision.id}：${p.name} ${before} → ${o.tier}，${effective} 起生效`,
            `GM decision ${decision.id}: ${p.name} ${before} → ${o.tier} from ${effective}`,
          ),
        );
      },
    ),
  );
}
