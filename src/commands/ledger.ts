// svc ledger — the sales admin's ledger (台账): the letters the supervisor has confirmed, with customer,
// engineer, completion date, the customer's ratings and whether the customer signed (DOMAIN §2.2 item 11).
import type { Command } from "commander";
import { t } from "../core/i18n.ts";
import { action, emit, withJson } from "./kit.ts";

export default function register(program: Command): void {
  withJson(program.command("ledger"))
    .description(
      t(
        "销售内勤台账：主管已确认的责任书，含客户、服务人员、完工日期、客户评价（态度/水平/结果）和是否签字",
        "the sales admin's ledger: letters confirmed by the supervisor, with customer, engineer, completion date, ratings (attitude/skill/result) and signature",
      ),
    )
    .option("--month <YYYY-MM>", t("只列出该月完工的责任书", "only letters completed in this month"))
    .action(
      action(async (ctx, o: { month?: string }) => {
        const { parseMonth } = await import("../core/time.ts");
        const month = o.month ? parseMonth(o.month) : undefined;
        const store = await ctx.store();
        const { ledgerRows, namesOf } = await import("../domain/views.ts");
        const { table } = await import("../render/table.ts");
        const names = namesOf(store.people(), store.list("customer"));
        const rows = ledgerRows(store.list("letter"), store.list("notice"), names, store.tz, month);
        const unsigned = rows.filter((r) => !r.signed).length;
        emit(ctx, { month: month ?? null, rows, count: rows.length, unsigned }, () => {
          if (!rows.length)
            return month
              ? t(`${month} 没有已确认的责任书`, `no confirmed letters completed in ${month}`)
              : t(
                  "台账为空：还没有主管确认的责任书",
                  "the ledger is empty: no letter has been confirmed yet",
                );
          return [
            table(
              [
                t("完工日期", "completed"),
                t("责任书", "letter"),
                t("服务单位", "customer"),
                t("服务人员", "engineer"),
                t("类型", "type"),
                t("态度", "attitude"),
                t("水平", "skill"),
                t("结果", "result"),
                t("客户签字", "signed"),
                t("确认", "confirmed"),
              ],
              rows.map((r) => [
                r.completed,
                r.letter,
                r.customerName,
                r.engineerName,
                r.type ?? "",
                r.attitude ?? "",
                r.skill ?? "",
                r.result ?? "",
                r.forged
                  ? t("伪造", "forged")
                  : r.signed
                    ? (r.signedBy ?? t("已签", "yes"))
                    : t("未签（按三个差）", "unsigned (three 差)"),
                r.confirmed.slice(0, 10),
              ]),
            ),
            t(`共 ${rows.length} 份，未签字 ${unsigned} 份`, `${rows.length} letters, ${unsigned} unsigned`),
          ].join("\n");
        });
      }),
    );
}
