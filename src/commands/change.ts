import type { Command } from "commander";
import { Refused, UsageError } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import type { AttachmentRef, Letter } from "../schemas/index.ts";
import type { Attach } from "../store/store.ts";
import { action, withJson } from "./kit.ts";
import { attachment, letterStep, marks, onBehalf, positiveInt } from "./workflow-kit.ts";

type Change = NonNullable<Letter["changes"]>[number];

interface ChangeOptions {
  description?: string;
  confirmedBy?: string;
  confirmation?: string;
  as?: string;
  at?: string;
}

// `svc change L`: a customer change request (客户更改产品要求, DOMAIN §2.2.7) — written record, the
// customer's written confirmation, then the GM's approval (`svc change approve L [N]`).
export default function register(program: Command): void {
  const change = withJson(
    onBehalf(
      program
        .command("change")
        .argument("<letter>", t("项目责任书编号", "letter id"))
        .description(
          t(
            "记录客户更改产品要求（客户书面确认后，由总经理批准：svc change approve）",
            "record a customer change request (customer's written confirmation, then GM approval: svc change approve)",
          ),
        )
        .option("--description <text>", t("更改内容", "what the customer wants changed"))
        .option("--confirmed-by <name>", t("客户书面确认人", "who confirmed it in writing for the customer"))
        .option(
          "--confirmation <file>",
          t("客户书面确认的扫描件", "scan of the customer's written confirmation"),
        ),
    ),
  ).action(
    action(async (ctx, id: string, o: ChangeOptions) => {
      if (!o.description?.trim()) throw new UsageError(t("缺少 --description", "missing --description"));
      if (o.confirmation && !o.confirmedBy)
        throw new UsageError(
          t("--confirmation 需要 --confirmed-by 客户确认人", "--confirmation needs --confirmed-by NAME"),
        );
      const attach: Attach[] = [];
      let file: AttachmentRef | undefined;
      if (o.confirmation) {
        const a = await attachment(ctx, o.confirmation);
        file = a.ref;
        attach.push(a.attach);
      }
      await letterStep(ctx, id, o, "change", ({ letter, stamp }) => {
        const c: Change = {
          description: o.description!.trim(),
          by: stamp.by,
          at: stamp.at,
          ...marks(stamp),
          ...(o.confirmedBy
            ? { customerConfirmation: { name: o.confirmedBy, at: stamp.at, ...(file ? { file } : {}) } }
            : {}),
        };
        const changes = [...(letter.changes ?? []), c];
        return {
          letter: { ...letter, changes },
          attach,
          summary: o.description!,
          data: { change: changes.length },
          human: [
            t(
              `责任书 ${id}：已记录客户更改要求 #${changes.length}`,
              `letter ${id}: change request #${changes.length} recorded`,
            ),
            o.confirmedBy
              ? t(`客户书面确认：${o.confirmedBy}`, `confirmed in writing by ${o.confirmedBy}`)
              : t(
                  "没有客户书面确认：软硬件更改须总经理签字",
                  "no written confirmation from the customer: the change needs the GM's signature",
                ),
            t(
              `下一步：总经理批准 svc change approve ${id} ${changes.length}`,
              `next: the GM approves with svc change approve ${id} ${changes.length}`,
            ),
          ].join("\n"),
        };
      });
    }),
  );

  withJson(
    change
      .command("approve")
      .argument("<letter>", t("项目责任书编号", "letter id"))
      .argument(
        "[n]",
        t("第几项更改（默认最后一项待批准的）", "which change (default: the last pending one)"),
      )
      .description(t("总经理批准客户更改要求", "the GM approves a customer change request"))
      .option("--at <time>", t("补录：实际批准时间（allowAs 角色）", "back-date (allowAs roles)")),
  ).action(
    action(async (ctx, id: string, n: string | undefined, o: { at?: string }) => {
      const num = n !== undefined ? positiveInt(n, "N") : undefined;
      const { pickPending } = await import("../domain/letters.ts");
      await letterStep(
        ctx,
        id,
        o,
        "change-approve",
        ({ letter, stamp }) => {
          const changes = [...(letter.changes ?? [])];
          const i = pickPending(changes, (c) => !c.gmApproval, num);
          if (i < 0)
            throw new Refused(
              t(
                `责任书 ${id} 没有第 ${num} 项更改要求（共 ${changes.length} 项）`,
                `letter ${id} has no change #${num} (${changes.length} in all)`,
              ),
            );
          if (changes[i].gmApproval)
            throw new Refused(t(`第 ${i + 1} 项更改要求已经批准`, `change #${i + 1} is already approved`));
          changes[i] = { ...changes[i], gmApproval: stamp };
          return {
            letter: { ...letter, changes },
            summary: `#${i + 1} ${changes[i].description}`,
            data: { change: i + 1 },
            human: t(
              `责任书 ${id}：第 ${i + 1} 项客户更改要求已批准`,
              `letter ${id}: change #${i + 1} approved`,
            ),
          };
        },
        "change approve",
      );
    }),
  );
}
