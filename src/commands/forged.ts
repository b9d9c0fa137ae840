import type { Command } from "commander";
import { Refused } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import { action, need, withJson } from "./kit.ts";
import { acting, guard, save, stampOf, when } from "./workflow-kit.ts";

// `svc forged L --reason …` (D2, D15): the supervisor marks a closed letter's customer signature forged.
// D2 then applies (−150, three 差); the supervisor's own −100 for condoning (D7 refined) only when he
// had confirmed it unsigned or already forged. A letter completed in a month the GM has signed changes
// only with an amendment (D11): one is written in the same commit, with the reason.
export default function register(program: Command): void {
  withJson(
    program
      .command("forged")
      .argument("<letter>", t("项目责任书编号", "letter id"))
      .description(
        t(
          "主管认定客户签字伪造（按无签字考核：−150、三个“差”）",
          "the supervisor marks the customer's signature forged (counts as unsigned: −150, three 差)",
        ),
      )
      .option(
        "--reason <text>",
        t("认定原因（如回访中客户否认签字）", "why (e.g. the customer denied signing)"),
      )
      .option("--at <time>", t("补录：实际认定时间（allowAs 角色）", "back-date (allowAs roles)")),
  ).action(
    action(async (ctx, id: string, o: { reason?: string; at?: string }) => {
      const store = await ctx.store();
      const reason = await need(ctx, o.reason, "--reason", t("认定原因", "why is it forged?"));
      const letter = store.require("letter", id);
      const who = await acting(ctx, store, undefined, ["letter", "amendment"]);
      await guard(store, "forged", letter, who.person);
      const w = await when(store, who, o.at);
      const completion = letter.completion as NonNullable<typeof letter.completion>;
      const { isAfter } = await import("../core/time.ts");
      if (isAfter(completion.at, w.at))
        throw new Refused(
          t(
            `未写入：认定时间 ${w.at} 早于完工时间 ${completion.at}`,
            `not written: marking it at ${w.at} is before the completion at ${completion.at}`,
          ),
          w.backdated
            ? t("检查 --at 的时间", "check the time given with --at")
            : t("本机时钟可能不准：校准时钟", "this machine's clock may be wrong: set it"),
        );
      const updated = { ...letter, completion: { ...completion, forged: { ...stampOf(who, w), reason } } };
      const { closedMonthAmendment } = await import("./closed-month.ts");
      const { dateLocal } = await import("../core/time.ts");
      const amendment = closedMonthAmendment(
        store,
        updated,
        dateLocal(completion.at, store.tz),
        "completion",
        who.actor,
        w.at,
        t(`认定客户签字伪造：${reason}`, `signature marked forged: ${reason}`),
      );
      await save(ctx, store, {
        put: [{ record: updated }, ...(amendment ? [{ record: amendment, create: true as const }] : [])],
        action: "forged",
        id,
        summary: reason,
        author: who.actor,
        data: { status: updated.status, ...(amendment ? { amendment: amendment.id } : {}) },
        human: [
          t(
            `责任书 ${id} 的客户签字已认定为伪造（${reason}）：按无签字考核（D2）`,
            `letter ${id}: the customer's signature is marked forged (${reason}); it counts as unsigned (D2)`,
          ),
          ...(amendment
            ? [
                t(
                  `完工月份已结账，已同时写入更正记录 ${amendment.id}（D11）`,
                  `its month is closed: amendment ${amendment.id} written with it (D11)`,
                ),
              ]
            : []),
        ].join("\n"),
      });
    }),
  );
}
