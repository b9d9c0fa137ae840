// svc due — what is due or overdue now, for one person or the whole department (DOMAIN §5), with the
// deadlines on the working-day calendar. The computation is src/domain/due.ts.
import type { Command } from "commander";
import { UsageError } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import type { DueWeekly } from "../domain/due.ts";
import type { RecordOf } from "../schemas/index.ts";
import type { Store } from "../store/store.ts";
import { action, type Ctx, emit, withJson } from "./kit.ts";

interface DueOptions {
  engineer?: string;
  mine?: boolean;
}

export default function register(program: Command): void {
  withJson(program.command("due"))
    .description(
      t(
        "到期与逾期事项：待签通知单、待批准/确认的责任书、出差期间的状态汇报、周报（周六 18:00）、事故反思与通报（反思后 3 个工作日）、上月考核表和月度报表（每月前 3 个工作日）。期限按法定工作日历计算，工作日期限截至当天 23:59:59",
        "what is due or overdue: notices to sign, letters to approve/confirm, status reports while travelling, weekly reports (Saturday 18:00), incident reflections and notices (3 working days after the reflection), last month's assessment and monthly report (first 3 working days). Deadlines follow the statutory working-day calendar; a working-day deadline ends at 23:59:59 that day",
      ),
    )
    .option(
      "--engineer <person>",
      t("只看此人需要处理的事项（编号或姓名）", "only what this person must do (id or name)"),
    )
    .option("--mine", t("只看我需要处理的事项", "only what I must do"))
    .action(
      action(async (ctx, o: DueOptions) => {
        const store = await ctx.store();
        store.askIndex(DUE_READ); // git answers while the modules and caches load
        // an id or a name, as svc assign --to takes them
        let person = o.engineer
          ? (store.person(o.engineer) ?? store.people().find((p) => p.name === o.engineer))?.id
          : undefined;
        if (o.engineer && !person)
          throw new UsageError(
            t(`人员名单中没有 ${o.engineer}`, `no person ${o.engineer} in the roster`),
            t("用 svc people list 查看编号", "see the ids with svc people list"),
          );
        if (o.mine) person = (await ctx.actor()).id;
        await showDue(ctx, store, person);
      }),
    );
}

/** The kinds `svc due` reads, in the order it reads them (the first with an invalid record is refused). */
export const DUE_READ = [
  "person",
  "notice",
  "letter",
  "weekly",
  "department-weekly",
  "monthly",
  "assessment",
  "incident",
  "customer-complaint",
  "equipment",
  "rd",
  "customer",
] as const;
/** The kinds `svc due` reads as projections (the big three: 47,000 of 50,000 files). */
const DUE_PROJECTED = ["notice", "letter", "weekly"] as const;
/** The kinds `svc due` reads whole (a few thousand files), also by git's index. */
const DUE_WHOLE = DUE_READ.filter((k) => !(DUE_PROJECTED as readonly string[]).includes(k));

/** What is due now in the whole department (also used by `svc list --overdue` and `svc start`). */
/** `weeklies`: the weekly reports as the caller read them already (at least what dueWeekly reads). */
export async function departmentDue(store: Store, weeklies?: readonly DueWeekly[]) {
  const { makeCalendar } = await import("../domain/calendar.ts");
  const { computeDue, dueLetter, dueNotice, dueWeekly } = await import("../domain/due.ts");
  const { isoLocal } = await import("../core/time.ts");
  const cal = makeCalendar(store.config.calendar);
  // Read in this order, as always: the first kind with an invalid record is the one refused. The
  // three big kinds through the store's cached projections — what computeDue reads of them, not
  // the whole records (issue 18); every file is still looked at and validated when it changed.
  // (A store that holds the whole records already — svc start's — gives them as they are.)
  // Which files changed since they were cached is git's index's answer, asked while the caches load
  // (Store.useIndex: no stat of each of 50,000 files); a file git does not vouch for is looked at.
  await store.useIndex(
    weeklies ? DUE_PROJECTED.filter((k) => k !== "weekly") : DUE_PROJECTED,
    "due",
    DUE_WHOLE,
  );
  const slim = <K extends "notice" | "letter" | "weekly", P>(kind: K, project: (r: RecordOf<K>) => P) =>
    store.holds(kind) ? store.list(kind) : store.projected(kind, "due", project);
  const people = store.people();
  const notices = slim("notice", dueNotice);
  const letters = slim("letter", dueLetter);
  const result = computeDue({
    now: isoLocal(store.now(), store.tz),
    config: store.config,
    cal,
    people,
    notices,
    letters: letters.filter((l) => !l.cancelled), // a letter cancelled with its notice (D15) counts nowhere
    allLetters: letters, // D21: a repeat fault's current letter may be a cancelled one
    weeklies: weeklies ?? slim("weekly", dueWeekly),
    departmentWeeklies: store.list("department-weekly"),
    monthlies: store.list("monthly"),
    assessments: store.list("assessment"),
    incidents: store.list("incident"),
    customerComplaints: store.list("customer-complaint"),
    equipment: store.list("equipment"),
    rdOrders: store.list("rd"),
  });
  return { result, cal };
}

/** Print (or emit as JSON) what is due for `person`, or for the whole department. Also used by `svc start`. */
export async function showDue(ctx: Ctx, store: Store, person?: string): Promise<void> {
  const { dueFor } = await import("../domain/due.ts");
  const { isoLocal } = await import("../core/time.ts");
  // YYYY-MM-DD HH:mm in the department's zone (isoLocal's fast path, not a dayjs with Intl's zone data)
  const minutes = (at: string) => isoLocal(at, tz).slice(0, 16).replace("T", " ");
  const { namesOf } = await import("../domain/views.ts");
  const { table } = await import("../render/table.ts");
  const { dueText } = await import("./due-text.ts");
  const tz = store.tz;
  const { result: all, cal } = await departmentDue(store);
  const result = person ? dueFor(all, person) : all;
  const names = namesOf(store.people(), store.list("customer"));
  const overdue = result.items.filter((i) => i.overdue).length;
  // --json is the same in every language (issue 14): kinds and values; the words are made here.
  emit(ctx, { ...result, person: person ?? null, overdue }, () => {
    const lines: string[] = [];
    const whom = person ? names.person(person) : t("全部门", "the department");
    if (!result.items.length) lines.push(t(`${whom}：没有待办事项`, `${whom}: nothing due`));
    else {
      lines.push(
        t(
          `${whom}：${result.items.length} 项待办，其中 ${overdue} 项逾期（截至 ${minutes(result.now)}）`,
          `${whom}: ${result.items.length} due, ${overdue} overdue (as of ${minutes(result.now)})`,
        ),
      );
      lines.push(
        table(
          [
            t("状态", "state"),
            t("期限", "deadline"),
            t("负责人", "who"),
            t("记录", "record"),
            t("事项", "what"),
          ],
          result.items.map((i) => [
            i.overdue ? ctx.paint.red(t("逾期", "OVERDUE")) : t("待办", "due"),
            i.deadline ? minutes(i.deadline) + (i.uncertain ? "?" : "") : "",
            i.who.map((w) => names.person(w)).join(",") || t("（无人）", "(nobody)"),
            i.ref,
            dueText(i),
          ]),
        ),
      );
    }
    for (const w of cal.warnings(result.uncovered))
      lines.push(ctx.paint.yellow(`${t("注意", "warning")}: ${w}`));
    return lines.join("\n");
  });
}
