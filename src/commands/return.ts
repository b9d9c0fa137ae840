import type { Command } from "commander";
import { Refused } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import { action, withJson } from "./kit.ts";
import { letterStep, marks, onBehalf } from "./workflow-kit.ts";

// `svc return L`: the engineer confirms completion with the company and the return plan
// (DOMAIN §2.2.9); on a letter with travel it records the return date (trip days, D10).
export default function register(program: Command): void {
  withJson(
    onBehalf(
      program
        .command("return")
        .argument("<letter>", t("项目责任书编号", "letter id"))
        .description(
          t(
            "确认返回：与公司确认完工及返程计划，记录返回日期",
            "confirm the return: completion and return plan agreed with the company",
          ),
        )
        .option("--plan <text>", t("返程计划", "return plan"))
        .option("--agreed-by <person>", t("同意返回的人（编号）", "who agreed to the return (roster id)"))
        .option(
          "--returned <date>",
          t("返回日期 YYYY-MM-DD（默认今天）", "return date YYYY-MM-DD (default today)"),
        ),
    ),
  ).action(
    action(
      async (
        ctx,
        id: string,
        o: { plan?: string; agreedBy?: string; returned?: string; as?: string; at?: string },
      ) => {
        const store = await ctx.store();
        const { dateLocal, parseDate } = await import("../core/time.ts");
        if (o.agreedBy && !store.person(o.agreedBy)) {
          throw new Refused(
            t(
              `--agreed-by ${o.agreedBy}：人员名单中没有此人`,
              `--agreed-by ${o.agreedBy}: not in the roster`,
            ),
          );
        }
        const returnedFlag = o.returned ? parseDate(o.returned, "--returned") : undefined;
        const { monthClosed } = await import("./closed-month.ts");
        await letterStep(ctx, id, o, "return", ({ letter, stamp }) => {
          const returned = returnedFlag ?? dateLocal(stamp.at, store.tz);
          const travel = letter.travel ? { ...letter.travel, returned } : undefined;
          // D10 × D11: the trip's days are paid in the month of the return; a signed month takes none
          // afterwards (a --returned or --at dated back into it was written, and --history rejected it).
          if (travel && monthClosed(store, returned.slice(0, 7))) {
            throw new Refused(
              t(
                `${returned.slice(0, 7)} 的考核表已签字（该月已结账），返回日期 ${returned} 的出差天数不能再计入该月`,
                `${returned.slice(0, 7)} is closed (its assessment is signed); a return on ${returned} can no longer count its trip days in it`,
              ),
              t(
                "按录入的日期记录返回（不带 --returned / --at，计入当前月份），并告知主管",
                "record the return as of the day it is entered (without --returned / --at: it counts in the current month) and tell the supervisor",
              ),
            );
          }
          return {
            letter: {
              ...letter,
              return: {
                by: stamp.by,
                at: stamp.at,
                ...marks(stamp),
                ...(o.plan ? { plan: o.plan } : {}),
                ...(o.agreedBy ? { agreedBy: o.agreedBy } : {}),
              },
              ...(travel ? { travel } : {}),
            },
            summary: travel
              ? t(`返回 ${returned}`, `returned ${returned}`)
              : t("完工确认", "completion confirmed"),
            data: travel ? { returned } : {},
            human: [
              t(
                `责任书 ${id}：已确认返回${travel ? `（${returned}）` : ""}`,
                `letter ${id}: return confirmed${travel ? ` (${returned})` : ""}`,
              ),
              t(`下一步：主管确认 svc confirm ${id}`, `next: the supervisor confirms with svc confirm ${id}`),
            ].join("\n"),
          };
        });
      },
    ),
  );
}
