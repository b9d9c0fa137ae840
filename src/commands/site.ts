import type { Command } from "commander";
import { UsageError } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import { action, withJson } from "./kit.ts";
import { letterStep, marks, onBehalf } from "./workflow-kit.ts";

interface SiteOptions {
  matches?: boolean;
  differs?: string;
  followup?: string;
  as?: string;
  at?: string;
}

// `svc site L`: the engineer's site confirmation (现场情况确认, DOMAIN §2.2.1).
export default function register(program: Command): void {
  withJson(
    onBehalf(
      program
        .command("site")
        .argument("<letter>", t("项目责任书编号", "letter id"))
        .description(
          t(
            "现场情况确认：与客户联系人核实现场是否与通知单一致；不一致须记录与下达人的跟进",
            "site confirmation: does the site match the notice? a difference needs the follow-up with the requester",
          ),
        )
        .option("--matches", t("现场情况与通知单一致", "the site matches the notice"))
        .option("--differs <text>", t("不一致之处", "how the site differs"))
        .option(
          "--followup <text>",
          t("与下达人的跟进（不一致时必填）", "follow-up with the requester (needed when it differs)"),
        ),
    ),
  ).action(
    action(async (ctx, id: string, o: SiteOptions) => {
      if (o.matches && o.differs !== undefined)
        throw new UsageError(t("--matches 与 --differs 只能选一个", "use either --matches or --differs"));
      if (!o.matches && o.differs === undefined)
        throw new UsageError(
          t('需要 --matches 或 --differs "不一致之处"', 'needs --matches or --differs "how it differs"'),
        );
      if (o.differs !== undefined && !o.differs.trim())
        throw new UsageError(t("--differs 需要写明不一致之处", "--differs needs the difference"));
      if (o.differs !== undefined && !o.followup?.trim())
        throw new UsageError(
          t(
            "现场情况不一致时，须用 --followup 记录与下达人的跟进",
            "when the site differs, record the follow-up with the requester with --followup",
          ),
        );
      if (o.matches && o.followup)
        throw new UsageError(t("--followup 只用于 --differs", "--followup goes with --differs"));
      await letterStep(ctx, id, o, "site", ({ letter, stamp }) => ({
        letter: {
          ...letter,
          site: {
            matches: Boolean(o.matches),
            ...(o.differs ? { difference: o.differs.trim(), followUp: o.followup!.trim() } : {}),
            by: stamp.by,
            at: stamp.at,
            ...marks(stamp),
          },
        },
        summary: o.matches
          ? t("现场情况一致", "site matches")
          : t(`现场不一致：${o.differs}`, `site differs: ${o.differs}`),
        human: o.matches
          ? t(`责任书 ${id}：现场情况与通知单一致`, `letter ${id}: the site matches the notice`)
          : t(`责任书 ${id}：已记录现场差异与跟进`, `letter ${id}: difference and follow-up recorded`),
      }));
    }),
  );
}
