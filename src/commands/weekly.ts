// svc weekly — the engineer's 服务人员工作周报 (张三周报11-28.docx) and, with --department, the
// supervisor's 技术服务周报 (技术服务周报11-28.docx). Submitting stores the report record (its
// `submitted` is the submitting commit's time, D4) and renders the document; --all renders the stored
// reports of a week without changing any record.
import type { Command } from "commander";
import { Refused, UsageError } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import { isoLocal } from "../core/time.ts";
import type { AnyRecord, Person } from "../schemas/index.ts";
import type { Store } from "../store/store.ts";
import { action, type Ctx, emit, hasRole, requireRole, withJson } from "./kit.ts";
import { entryTime, supervisors } from "./workflow-kit.ts";

interface WeeklyOptions {
  engineer?: string;
  week?: string;
  summary?: string;
  plan?: string;
  problems?: string;
  all?: boolean;
  department?: boolean;
  out?: string;
  force?: boolean;
  at?: string;
  amendReason?: string;
  json?: boolean;
}

export default function register(program: Command): void {
  withJson(
    program
      .command("weekly")
      .description(
        t(
          "周报：提交并生成 姓名周报MM-DD.docx（MM-DD 为该周周六，即本周结束日）；--department 为主管的技术服务周报",
          "weekly report: submit and render 姓名周报MM-DD.docx (MM-DD = the Saturday closing the week); --department for the supervisor's report",
        ),
      )
      .option(
        "--engineer <id>",
        t("服务人员（主管代交时使用）", "the engineer (when the supervisor submits for them)"),
      )
      .option(
        "--week <date>",
        t(
          "该周任一天 YYYY-MM-DD（默认本周）；周一至周日为一周",
          "any day of the week YYYY-MM-DD (default: this week); weeks run Monday–Sunday",
        ),
      )
      .option("--summary <text>", t("本周工作总结", "this week's summary"))
      .option("--plan <text>", t("下周工作计划", "next week's plan"))
      .option("--problems <text>", t("未解决问题（补充说明）", "open problems (your own notes)"))
      .option(
        "--all",
        t(
          "只生成该周所有已提交的周报文档，不新建记录",
          "only render every stored report of the week; creates no record",
        ),
      )
      .option(
        "--department",
        t(
          "技术服务周报（主管，周日 18:00 前报总经理）",
          "the department's weekly report (supervisor, due Sunday 18:00)",
        ),
      )
      .option(
        "--at <time>",
        t(
          "补录：纸质周报的实际提交时间（仅主管）",
          "transcribe: when the paper report was handed in (supervisor only)",
        ),
      )
      .option(
        "--amend-reason <text>",
        t(
          "该周所在月份已结账（考核表已签字）时补录（--at）或重新提交（--force）必填：原因（写入更正记录）",
          "required to transcribe (--at) or resubmit (--force) a report of a closed month (assessment signed): why (written as an amendment)",
        ),
      )
      .option(
        "--out <dir>",
        t("输出目录（默认 svc.yaml output，即 out/）", "output folder (default: svc.yaml output, out/)"),
      )
      .option(
        "--force",
        t(
          "替换已存在的周报记录；也替换有人手工改过的文档",
          "replace an existing report record; also replace a document changed by hand",
        ),
      )
      .addHelpText(
        "after",
        t(
          "\n文件名：姓名 + 周报 + MM-DD，MM-DD 是该周（周一至周日）的周六，例如 2026-11-23 至 11-29 这一周为 张三周报11-28.docx。\n截止：服务人员周六 18:00，技术服务周报周日 18:00（svc.yaml deadlines）；以提交记录的时间为准，迟交计入考核。",
          "\nFile name: name + 周报 + MM-DD, MM-DD being the Saturday of the week (Monday–Sunday), e.g. the week 2026-11-23 to 11-29 gives 张三周报11-28.docx.\nDue: engineers Saturday 18:00, the department report Sunday 18:00 (svc.yaml deadlines); the submitting commit's time counts, late reports are fined.",
        ),
      ),
  ).action(action((ctx, o: WeeklyOptions) => run(ctx, o)));
}

async function run(ctx: Ctx, o: WeeklyOptions): Promise<void> {
  const store = await ctx.store();
  const { dateLocal, parseDate, saturdayOf } = await import("../core/time.ts");
  const day = o.week ? parseDate(o.week, "--week") : dateLocal(store.now(), store.tz);
  const saturday = saturdayOf(day);
  const out = { out: o.out, cwd: ctx.cwd, force: o.force };
  const reports = await import("../render/reports.ts");
  const { shownPath } = await import("../render/output.ts");

  if (o.all) {
    const data = reports.loadReportData(store);
    if (o.engineer) {
      // one engineer's stored report, rendered again (e.g. to print it)
      const p = store.person(o.engineer) ?? store.people().find((x) => x.name === o.engineer);
      if (!p || !data.weeklies.some((w) => w.engineer === p.id && w.week === saturday)) {
        throw new Refused(
          t(
            `${o.engineer} 没有 ${saturday} 所在周的周报记录`,
            `${o.engineer} has no stored report for the week of ${saturday}`,
          ),
        );
      }
      const one = await reports.writeEngineerWeekly(store, data, p.id, saturday, out);
      emit(ctx, { week: saturday, files: [one.written.path], figures: one.figures }, () =>
        shownPath(one.written.path, ctx.cwd),
      );
      return;
    }
    const { progress } = await import("../core/progress.ts");
    const line = progress(t(`生成 ${saturday} 所在周的周报`, `rendering the weekly reports of ${saturday}`), {
      json: ctx.json,
      env: ctx.env,
    });
    const all = await reports.writeAllWeekly(store, data, saturday, out).finally(() => line.done());
    const files = [...all.written];
    let department: unknown;
    if (o.department) {
      const dw = await reports.writeDepartmentWeekly(store, data, saturday, out);
      files.push(dw.written);
      department = dw.figures;
    }
    const { departmentWeek } = await import("../domain/figures.ts");
    const figures = department ?? departmentWeek(data, saturday);
    emit(
      ctx,
      {
        week: saturday,
        files: files.map((f) => f.path),
        missing: all.missing.map((p) => p.id),
        figures,
      },
      () =>
        [
          ...files.map(
            (f) =>
              `${shownPath(f.path, ctx.cwd)}${f.status === "unchanged" ? t("（未变）", " (unchanged)") : ""}`,
          ),
          ...all.missing.map((p) =>
            ctx.paint.yellow(
              t(
                `${p.name}（${p.id}）未提交 ${saturday} 所在周的周报`,
                `${p.name} (${p.id}) has no report for the week of ${saturday}`,
              ),
            ),
          ),
        ].join("\n"),
    );
    return;
  }

  const actor = await ctx.actor();
  if (o.department) return submitDepartment(ctx, store, actor, saturday, o);

  const engineerId = o.engineer ?? actor.id;
  const engineer = store.person(engineerId) ?? store.people().find((p) => p.name === engineerId);
  if (!engineer) {
    throw new Refused(
      t(`人员名单中没有 ${engineerId}`, `no ${engineerId} in the roster`),
      t("用 svc people list 查看编号", "see the ids with svc people list"),
    );
  }
  if (!engineer.roles.includes("engineer")) {
    throw new Refused(
      t(
        `${engineer.name} 不是服务人员，没有服务人员周报`,
        `${engineer.name} is not an engineer and writes no engineer's weekly report`,
      ),
      hasRole(actor, "supervisor")
        ? t("主管的周报用 svc weekly --department", "the supervisor's report is svc weekly --department")
        : undefined,
    );
  }
  if (engineer.id !== actor.id)
    requireRole(actor, t("代他人提交周报", "submit someone else's weekly report"), "supervisor");

  const { periodicId } = await import("../schemas/kinds.ts");
  const id = periodicId.weekly(saturday, engineer.id);
  const existing = store.get("weekly", id);
  if (existing && !o.force) {
    const { fmtTime } = await import("../render/format.ts");
    throw new Refused(
      t(
        `${engineer.name} ${saturday} 所在周的周报 ${id} 已于 ${fmtTime(existing.submitted, store.tz)} 提交`,
        `${engineer.name}'s report ${id} for the week of ${saturday} was already submitted at ${fmtTime(existing.submitted, store.tz)}`,
      ),
      t(
        "重新提交用 --force（提交时间改为现在，迟交按新时间计）；只生成文档用 --all",
        "resubmit with --force (the submission time becomes now and counts for lateness); only render with --all",
      ),
    );
  }

  await closedWeek(store, saturday, Boolean(existing), o);
  const summary = (await text(
    ctx,
    o.summary,
    "--summary",
    t("本周工作总结", "this week's summary"),
    true,
  )) as string;
  const plan = await text(ctx, o.plan, "--plan", t("下周工作计划", "next week's plan"), false);

  // D16: the engineer's report decides his own fine; a resubmission is never earlier.
  const w = await entryTime(store, actor, {
    at: o.at,
    fined: [engineer.id],
    what: [`${engineer.name}的周报`, `${engineer.name}'s weekly report`],
    notBefore: existing?.submitted,
  });
  const submitted = w.at;
  const { engineerWeek } = await import("../domain/figures.ts");
  const before = engineerWeek(reports.loadReportData(store), engineer.id, saturday);
  const record = {
    kind: "weekly" as const,
    id,
    engineer: engineer.id,
    week: saturday,
    summary,
    ...(plan ? { plan } : {}),
    ...(o.problems ? { problems: o.problems } : {}),
    ...(before.letters.length ? { letters: before.letters.map((l) => l.id) } : {}),
    submitted,
    by: actor.id,
    ...(o.at ? { backdated: true } : {}),
  };
  const amendment = await closedWeekAmendment(store, record, Boolean(existing), actor, o);
  const { mmdd } = await import("../render/format.ts");
  const { commit } = await store.commit({
    put: [{ record, create: !existing }, ...(amendment ? [{ record: amendment, create: true }] : [])],
    message: `weekly ${id}: ${engineer.name}周报${mmdd(saturday)}${existing ? " (resubmitted)" : ""}${amendment ? ` (更正 ${amendment.id})` : ""}`,
    author: actor,
  });
  const data = reports.loadReportData(store);
  const { figures, written } = await reports.writeEngineerWeekly(store, data, engineer.id, saturday, out);
  emit(
    ctx,
    {
      id,
      commit,
      ...(amendment ? { amendment: amendment.id } : {}),
      week: saturday,
      late: figures.late,
      deadline: figures.deadline,
      files: [written.path],
      figures,
    },
    () =>
      [
        t(`已提交 ${engineer.name} 的周报 ${id}`, `submitted ${engineer.name}'s weekly report ${id}`) +
          (figures.late ? ctx.paint.red(t("（迟交）", " (late)")) : ""),
        shownPath(written.path, ctx.cwd),
      ].join("\n"),
  );
}

async function submitDepartment(ctx: Ctx, store: Store, actor: Person, saturday: string, o: WeeklyOptions) {
  // The GM may transcribe the supervisor's paper report (--at, D16).
  requireRole(
    actor,
    t("提交技术服务周报", "submit the department's weekly report"),
    "supervisor",
    ...(o.at ? (["gm"] as const) : []),
  );
  const { periodicId } = await import("../schemas/kinds.ts");
  const id = periodicId.departmentWeekly(saturday);
  const existing = store.get("department-weekly", id);
  if (existing && !o.force) {
    throw new Refused(
      t(
        `${saturday} 所在周的技术服务周报 ${id} 已提交`,
        `the department's report ${id} for the week of ${saturday} was already submitted`,
      ),
      t(
        "重新提交用 --force；只生成文档用 --all --department",
        "resubmit with --force; only render with --all --department",
      ),
    );
  }
  await closedWeek(store, saturday, Boolean(existing), o);
  const summary = (await text(
    ctx,
    o.summary,
    "--summary",
    t("本周部门工作总结", "the department's week"),
    true,
  )) as string;
  const plan = await text(ctx, o.plan, "--plan", t("下周计划", "next week's plan"), false);
  // D16: the department's report decides the supervisors' fine: the GM transcribes a late paper.
  const w = await entryTime(store, actor, {
    at: o.at,
    fined: supervisors(store),
    what: ["技术服务周报", "the department's weekly report"],
    notBefore: existing?.submitted,
  });
  const submitted = w.at;
  const record = {
    kind: "department-weekly" as const,
    id,
    week: saturday,
    summary,
    ...(plan ? { plan } : {}),
    submitted,
    by: actor.id,
    ...(o.at ? { backdated: true } : {}),
  };
  const amendment = await closedWeekAmendment(store, record, Boolean(existing), actor, o);
  const { mmdd } = await import("../render/format.ts");
  const { commit } = await store.commit({
    put: [{ record, create: !existing }, ...(amendment ? [{ record: amendment, create: true }] : [])],
    message: `weekly ${id}: 技术服务周报${mmdd(saturday)}${existing ? " (resubmitted)" : ""}${amendment ? ` (更正 ${amendment.id})` : ""}`,
    author: actor,
  });
  const reports = await import("../render/reports.ts");
  const { shownPath } = await import("../render/output.ts");
  const data = reports.loadReportData(store);
  const { figures, written } = await reports.writeDepartmentWeekly(store, data, saturday, {
    out: o.out,
    cwd: ctx.cwd,
    force: o.force,
  });
  emit(
    ctx,
    {
      id,
      commit,
      ...(amendment ? { amendment: amendment.id } : {}),
      week: saturday,
      late: figures.late,
      deadline: figures.deadline,
      files: [written.path],
      figures,
    },
    () =>
      [
        t(`已提交技术服务周报 ${id}`, `submitted the department's weekly report ${id}`) +
          (figures.late ? ctx.paint.red(t("（迟交）", " (late)")) : ""),
        shownPath(written.path, ctx.cwd),
      ].join("\n"),
  );
}

/** A text from its flag, else from $EDITOR or a prompt on a terminal; required ones refuse otherwise. */
async function text(ctx: Ctx, value: string | undefined, flag: string, question: string, required: boolean) {
  if (value !== undefined && value.trim() !== "") return value.trim();
  if (!ctx.interactive) {
    if (!required) return undefined;
    throw new UsageError(t(`缺少 ${flag}`, `missing ${flag}`), t(`例如 ${flag} "…"`, `e.g. ${flag} "…"`));
  }
  const prompts = await import("@inquirer/prompts");
  const answer =
    ctx.env.VISUAL || ctx.env.EDITOR
      ? await prompts.editor({ message: question, validate: (s) => !required || s.trim() !== "" })
      : await prompts.input({ message: question, required });
  const s = answer.trim();
  return s === "" ? undefined : s;
}

/**
 * D11: a report counts in the month of its week's Saturday. Once that month is signed, a report
 * transcribed with its paper time (--at) or resubmitted (--force) changes what the month's fines were
 * computed from: refused without --amend-reason, before anything is asked or written (svc wrote it,
 * and `svc check --history` rejected it). A new report handed in late, at the time it is entered,
 * stays late and needs none.
 */
async function closedWeek(
  store: Store,
  saturday: string,
  existing: boolean,
  o: WeeklyOptions,
): Promise<void> {
  const month = saturday.slice(0, 7);
  const { monthClosed, monthSignedAt, requireAmendReason } = await import("./closed-month.ts");
  if (!existing && !o.at) {
    // handed in now, after the month was signed: late — unless this machine's clock says it is before
    // the signature, which would write an on-time report the history shows was not there (found by attack)
    const signed = monthSignedAt(store, month);
    if (signed && store.now().getTime() < Date.parse(signed))
      throw new Refused(
        t(
          `未写入：现在（${isoLocal(store.now(), store.tz)}）早于 ${month} 考核表的签字时间 ${signed}——本机时钟是否有误？`,
          `not written: now (${isoLocal(store.now(), store.tz)}) is before ${month} was signed (${signed}); is this machine's clock wrong?`,
        ),
      );
    return;
  }
  if (monthClosed(store, month)) requireAmendReason(month, o.amendReason);
}

/** The amendment closedWeek asked for, written in the report's commit (the whole report, "/"). */
async function closedWeekAmendment(
  store: Store,
  record: AnyRecord & { week: string },
  existing: boolean,
  actor: Person,
  o: WeeklyOptions,
) {
  if (!existing && !o.at) return undefined;
  const { closedMonthAmendment } = await import("./closed-month.ts");
  const now = isoLocal(store.now(), store.tz);
  return closedMonthAmendment(store, record, record.week, "", actor, now, o.amendReason ?? "");
}
