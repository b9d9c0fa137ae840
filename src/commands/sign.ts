import type { Command } from "commander";
import { Refused } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import type { Notice } from "../schemas/index.ts";
import { action, withJson } from "./kit.ts";
import { acting, onBehalf, save, when } from "./workflow-kit.ts";

// `svc sign N`: the GM signs the notice; only then may it be assigned (DOMAIN §2.1).
export default function register(program: Command): void {
  const cmd = withJson(
    program
      .command("sign")
      .argument("<notice>", t("服务通知单编号", "service notice id"))
      .description(
        t(
          "总经理签署服务通知单使其生效（总经理不在时主管加 --gm-absent 代签）",
          "the GM signs a notice (the supervisor, with --gm-absent, when the GM is away)",
        ),
      )
      .option("--gm-absent", t("总经理不在，由主管代签", "the GM is away: the supervisor signs")),
  );
  // --as lizong: the supervisor types in the GM's paper signature (D16); --at: when it was signed.
  onBehalf(cmd).action(
    action(async (ctx, id: string, o: { gmAbsent?: boolean; at?: string; as?: string }) => {
      const store = await ctx.store();
      const who = await acting(ctx, store, o.as, ["notice"]);
      const notice = store.require("notice", id);
      if (notice.signature) {
        const by = store.person(notice.signature.by)?.name ?? notice.signature.by;
        throw new Refused(
          t(
            `通知单 ${id} 已于 ${notice.signature.at} 由 ${by} 签字，不能重复签字`,
            `notice ${id} was already signed by ${by} at ${notice.signature.at}`,
          ),
        );
      }
      const { noticeRefusal } = await import("../domain/workflow.ts");
      const gmAbsent = Boolean(o.gmAbsent) && !who.person.roles.includes("gm");
      const r = noticeRefusal("sign", notice, store.list("letter"), who.person, { gmAbsent: o.gmAbsent });
      if (r) throw new Refused(r.message, r.hint);
      const w = await when(store, who, o.at);
      const { isAfter } = await import("../core/time.ts");
      if (isAfter(notice.issued.at, w.at))
        throw new Refused(
          t(
            `未写入：签字时间 ${w.at} 早于出单时间 ${notice.issued.at}`,
            `not written: the signature (${w.at}) would be before the notice was issued (${notice.issued.at})`,
          ),
          w.backdated
            ? t("检查 --at 的时间", "check the time given with --at")
            : t(
                "本机时钟可能不准：校准时钟，或用 --at 写明实际时间",
                "this machine's clock may be wrong: set it, or give the real time with --at",
              ),
        );
      const signed: Notice = {
        ...notice,
        signature: {
          by: who.person.id,
          at: w.at,
          gmAbsent,
          ...(w.backdated ? { backdated: true, enteredAt: w.enteredAt } : {}),
          ...(who.as ? { as: who.as } : {}),
        },
      };
      await save(ctx, store, {
        put: [{ record: signed }],
        action: "sign",
        id,
        summary: gmAbsent
          ? t(`${who.person.name}（总经理不在，主管代签）`, `${who.person.name} (GM absent)`)
          : who.person.name,
        author: who.actor,
        data: { status: "已生效", gmAbsent },
        human: [
          gmAbsent
            ? t(
                `通知单 ${id} 已由主管代签生效（总经理不在）`,
                `notice ${id} signed by the supervisor (GM absent)`,
              )
            : t(`通知单 ${id} 已签字生效`, `notice ${id} signed`),
          t(`下一步：主管派工 svc assign ${id}`, `next: the supervisor assigns it with svc assign ${id}`),
        ].join("\n"),
      });
    }),
  );
}
