import type { Command } from "commander";
import { Refused, UsageError } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import { GRADES } from "../schemas/enums.ts";
import type { Amendment } from "../schemas/index.ts";
import { action, need, requireRole, withJson } from "./kit.ts";
import { acting, attachment, save, when } from "./workflow-kit.ts";

// `svc ratings correct L --rating … --form FILE --reason …` (D15): the ratings are the customer's, so
// changing them needs the customer's re-signed form, attached, entered by the supervisor as an
// amendment (who, when, why, old and new) in the same commit as the letter's new ratings. It is the
// one way `svc check --history` accepts ratings changed after the close step; in a month the GM has
// signed it is also the amendment D11 asks for.
export default function register(program: Command): void {
  const ratings = program
    .command("ratings")
    .description(
      t("客户评价的更正（附客户重签的评价表）", "correct the customer's ratings (with the re-signed form)"),
    );
  withJson(
    ratings
      .command("correct")
      .argument("<letter>", t("项目责任书编号", "letter id"))
      .description(
        t(
          "主管更正客户评价：须附客户重新签字的评价表，记为更正记录",
          "the supervisor corrects the ratings: the customer's re-signed form attached, as an amendment",
        ),
      )
      .option(
        "--rating <ratings>",
        t("新的客户评价，如 态度=优,水平=良,结果=良", "new ratings, e.g. 态度=优,水平=良,结果=良"),
      )
      .option(
        "--form <file>",
        t("客户重新签字的评价表（扫描件或照片）", "the customer's re-signed form (scan or photo)"),
      )
      .option("--reason <text>", t("更正原因", "why"))
      .option("--at <time>", t("补录：实际更正时间（allowAs 角色）", "back-date (allowAs roles)")),
  ).action(
    action(async (ctx, id: string, o: { rating?: string; form?: string; reason?: string; at?: string }) => {
      const text = await need(ctx, o.rating, "--rating", t("新的客户评价", "new ratings"));
      const { parseRatings, ratingsText } = await import("../domain/letters.ts");
      const parsed = parseRatings(text);
      if (!parsed.ok)
        throw new UsageError(
          `--rating ${text}: ${parsed.error}`,
          t(`每项只能是 ${GRADES.join(" ")}`, `each one of ${GRADES.join(" ")}`),
        );
      if (!o.form)
        throw new UsageError(
          t(
            "缺少 --form：客户评价只能凭客户重新签字的评价表更正",
            "missing --form: ratings change only with the customer's re-signed form",
          ),
        );
      const store = await ctx.store();
      const letter = store.require("letter", id);
      const who = await acting(ctx, store, undefined, ["letter", "amendment"]);
      requireRole(who.person, t("更正客户评价", "correct the customer's ratings"), "supervisor");
      const c = letter.completion;
      if (!c)
        throw new Refused(
          t(
            `责任书 ${id}（${letter.status}）尚未完工：评价在完工时录入`,
            `letter ${id} (${letter.status}) is not closed: ratings are entered at closing`,
          ),
        );
      if (c.unsigned || c.forged)
        throw new Refused(
          t(
            `责任书 ${id} ${c.forged ? "的签字已认定伪造" : "无客户签字"}，按三个“差”计，评价不参与考核（D2）`,
            `letter ${id} is ${c.forged ? "marked forged" : "unsigned"}: it counts as three 差 and its ratings take no part (D2)`,
          ),
        );
      const next = parsed.value;
      if (c.ratings && ratingsText(c.ratings) === ratingsText(next))
        throw new UsageError(
          t(`评价已是 ${ratingsText(next)}`, `the ratings are ${ratingsText(next)} already`),
        );
      const reason = await need(ctx, o.reason, "--reason", t("更正原因", "why"));
      const w = await when(store, who, o.at);
      const { isAfter } = await import("../core/time.ts");
      if (isAfter(c.at, w.at))
        throw new Refused(
          t(
            `未写入：更正时间 ${w.at} 早于完工时间 ${c.at}`,
            `not written: the correction at ${w.at} is before the completion at ${c.at}`,
          ),
        );
      const form = await attachment(ctx, o.form);
      const amendment: Amendment = {
        kind: "amendment",
        id: store.newId("amendment"),
        target: id,
        reason,
        changes: [{ path: "/completion/ratings", ...(c.ratings ? { before: c.ratings } : {}), after: next }],
        at: w.at,
        by: who.person.id,
        attachments: [form.ref],
      };
      const before = c.ratings ? ratingsText(c.ratings) : "—";
      await save(ctx, store, {
        put: [
          { record: { ...letter, completion: { ...c, ratings: next } } },
          { record: amendment, create: true },
        ],
        attach: [form.attach],
        action: "ratings correct",
        id,
        summary: `${before} → ${ratingsText(next)} ${reason}`,
        author: who.actor,
        data: { amendment: amendment.id, before: c.ratings, after: next },
        human: t(
          `责任书 ${id} 的客户评价已更正：${before} → ${ratingsText(next)}（更正记录 ${amendment.id}，附客户重签表格）`,
          `letter ${id}: ratings corrected ${before} → ${ratingsText(next)} (amendment ${amendment.id}, re-signed form attached)`,
        ),
      });
    }),
  );
}
