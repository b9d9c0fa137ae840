import type { Command } from "commander";
import { Refused, UsageError } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import { GRADES } from "../schemas/enums.ts";
import type { AttachmentRef, Letter, Ratings } from "../schemas/index.ts";
import type { Attach } from "../store/store.ts";
import { action, need, withJson } from "./kit.ts";
import { attachment, letterStep, onBehalf } from "./workflow-kit.ts";

interface CloseOptions {
  rating?: string;
  signedBy?: string;
  signature?: string;
  unsigned?: boolean;
  confirmation?: string;
  confirmedBy?: string;
  as?: string;
  at?: string;
}

// `svc close L`: completion — time, the customer's three ratings and signature (DOMAIN §2.2.8, D2).
export default function register(program: Command): void {
  withJson(
    onBehalf(
      program
        .command("close")
        .argument("<letter>", t("项目责任书编号", "letter id"))
        .description(
          t(
            "完工：客户三项评价（态度、水平、结果，各 优 良 中 差）与客户签字；无签字须加 --unsigned（按三个差计）",
            "completion: the customer's three ratings (优 良 中 差) and signature; without one, --unsigned (counts as three 差)",
          ),
        )
        .option(
          "--rating <ratings>",
          t("客户评价，如 态度=优,水平=良,结果=中", "ratings, e.g. 态度=优,水平=良,结果=中"),
        )
        .option("--signed-by <name>", t("客户签字人", "who signed for the customer"))
        .option(
          "--confirmation <file>",
          t(
            "远程处理：客户的书面确认（消息或邮件，存为附件），代替签字",
            "remote work: the customer's written confirmation (a message or e-mail, attached) instead of a signature",
          ),
        )
        .option(
          "--confirmed-by <name>",
          t("书面确认的客户人员（--confirmation）", "who confirmed (--confirmation)"),
        )
        .option(
          "--signature <file>",
          t("客户签字扫描件（存入记录库并记录 sha256）", "scan of the signature (stored with its sha256)"),
        )
        .option(
          "--unsigned",
          t(
            "没有客户签字（考核按三个差计，−150）",
            "no customer signature (counts as three 差 in the assessment)",
          ),
        ),
    ),
  ).action(
    action(async (ctx, id: string, o: CloseOptions) => {
      if (o.unsigned && (o.signedBy || o.signature))
        throw new UsageError(
          t(
            "--unsigned 不能与 --signed-by/--signature 同时使用",
            "--unsigned contradicts --signed-by/--signature",
          ),
        );
      if (o.confirmation && (o.unsigned || o.signedBy || o.signature))
        throw new UsageError(
          t(
            "--confirmation（书面确认）不能与 --signed-by/--signature/--unsigned 同时使用",
            "--confirmation (written confirmation) contradicts --signed-by/--signature/--unsigned",
          ),
        );
      if (o.confirmation && !o.confirmedBy?.trim())
        throw new UsageError(
          t("--confirmation 需要 --confirmed-by 确认人", "--confirmation needs --confirmed-by NAME"),
        );
      if (o.signature && !o.signedBy)
        throw new UsageError(
          t("--signature 需要 --signed-by 客户签字人", "--signature needs --signed-by NAME"),
        );
      const { parseRatings } = await import("../domain/letters.ts");
      let ratings: Ratings | undefined;
      if (o.rating !== undefined || !o.unsigned) {
        const text = await need(
          ctx,
          o.rating,
          "--rating",
          t("客户评价（态度=优,水平=良,结果=中）", "ratings (态度=优,水平=良,结果=中)"),
        );
        const parsed = parseRatings(text);
        if (!parsed.ok)
          throw new UsageError(
            `--rating ${text}: ${parsed.error}`,
            t(`每项只能是 ${GRADES.join(" ")}`, `each one of ${GRADES.join(" ")}`),
          );
        ratings = parsed.value;
      }
      const store = await ctx.store();
      const letter = store.require("letter", id);
      if (letter.completion)
        throw new Refused(
          t(
            `责任书 ${id} 已于 ${letter.completion.at} 完工（状态：${letter.status}），不能重复完工`,
            `letter ${id} was already closed at ${letter.completion.at} (status ${letter.status})`,
          ),
        );
      const { isRemote } = await import("../domain/workflow.ts");
      if (o.confirmation && !isRemote(letter))
        throw new Refused(
          t(
            `责任书 ${id} 不是远程处理：现场服务的完工须有客户签字（--signed-by）`,
            `letter ${id} is not worked remotely: on-site work is completed with the customer's signature (--signed-by)`,
          ),
          t(`远程处理由主管决定：svc remote ${id}`, `the supervisor decides remote work: svc remote ${id}`),
        );
      // a required value missing: asked on a terminal, else a usage error (exit 2) saying how to give it
      if (!o.signedBy && !o.unsigned && !o.confirmation && ctx.interactive)
        o.signedBy = await need(
          ctx,
          undefined,
          "--signed-by",
          t("客户签字人（姓名）：", "signed by (the customer's name):"),
        );
      if (!o.signedBy && !o.unsigned && !o.confirmation)
        throw new UsageError(
          t(
            "完工须有客户签字：用 --signed-by 写明签字人",
            "completion needs the customer's signature: --signed-by NAME",
          ),
          t(
            "确实没有客户签字时加 --unsigned（考核按三个差计 −150）",
            "if the customer did not sign, add --unsigned (counts as three 差, −150)",
          ),
        );
      let file: AttachmentRef | undefined;
      const attach: Attach[] = [];
      if (o.signature) {
        const a = await attachment(ctx, o.signature);
        file = a.ref;
        attach.push(a.attach);
      }
      let confirmation: NonNullable<Letter["completion"]>["confirmation"];
      if (o.confirmation) {
        const a = await attachment(ctx, o.confirmation);
        confirmation = { confirmedBy: o.confirmedBy!.trim().slice(0, 40), file: a.ref };
        attach.push(a.attach);
      }
      const { ratingsText } = await import("../domain/letters.ts");
      const { effectiveEstimate } = await import("../domain/estimate.ts");
      const { monthClosed } = await import("./closed-month.ts");
      const { monthLocal } = await import("../core/time.ts");
      await letterStep(ctx, id, o, "close", ({ store, letter, stamp }) => {
        // D11: a completion counts in its month's money; a signed month takes none afterwards (a
        // back-dated --at into it was written, and `svc check --history` then rejected it).
        const month = monthLocal(stamp.at, store.tz);
        if (monthClosed(store, month))
          throw new Refused(
            t(
              `${month} 的考核表已签字（该月已结账），完工不能再记入该月`,
              `${month} is closed (its assessment is signed); a completion can no longer be recorded in it`,
            ),
            t(
              "按录入的实际时间记录（不带 --at，计入当前月份），并告知主管",
              "record it at the time it is entered (without --at: it counts in the current month) and tell the supervisor",
            ),
          );
        const completion: NonNullable<Letter["completion"]> = {
          at: stamp.at,
          by: stamp.by,
          ...(stamp.as ? { as: stamp.as } : {}),
          ...(stamp.backdated ? { backdated: true } : {}),
          ...(ratings ? { ratings } : {}),
          ...(o.signedBy ? { signature: { signedBy: o.signedBy, ...(file ? { file } : {}) } } : {}),
          ...(confirmation ? { confirmation } : {}),
          unsigned: !o.signedBy && !confirmation,
        };
        // D3: against the estimate in force — an approved extension moved it.
        const estimate = effectiveEstimate(letter);
        const late = new Date(stamp.at).getTime() > new Date(estimate).getTime();
        return {
          letter: { ...letter, completion },
          attach,
          summary:
            `${ratings ? ratingsText(ratings) : ""}${o.signedBy ? ` ${t("签字", "signed")} ${o.signedBy}` : confirmation ? ` ${t("书面确认", "confirmed")} ${confirmation.confirmedBy}` : ` ${t("无客户签字", "unsigned")}`}`.trim(),
          data: { ratings, unsigned: completion.unsigned },
          human: [
            t(`责任书 ${id} 已完工`, `letter ${id} closed`),
            ratings ? t(`客户评价：${ratingsText(ratings)}`, `ratings: ${ratingsText(ratings)}`) : "",
            completion.unsigned
              ? t("无客户签字：考核按三个差计", "no customer signature: counts as three 差")
              : confirmation
                ? t(
                    `客户书面确认：${confirmation.confirmedBy}`,
                    `confirmed in writing by ${confirmation.confirmedBy}`,
                  )
                : t(`客户签字：${o.signedBy}`, `signed by ${o.signedBy}`),
            late ? t(`注意：晚于预计时间 ${estimate}`, `note: after the estimate ${estimate}`) : "",
            letter.travel
              ? t(`下一步：确认返回 svc return ${id}`, `next: svc return ${id}`)
              : t(`下一步：主管确认 svc confirm ${id}`, `next: svc confirm ${id}`),
          ]
            .filter(Boolean)
            .join("\n"),
        };
      });
    }),
  );
}
