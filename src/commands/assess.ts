// svc assess — the monthly assessment (月度考核表) of every engineer and the supervisor (DOMAIN §3, D1–D7):
// computed from the records, written as the draft A-YYYYMM, rendered as .docx; signed by the GM
// (`svc assess sign`), after which it changes only by amendment records (`svc assess amend`, D11).
import type { Command } from "commander";
import { Refused, UsageError } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import { addMonths, parseMonth } from "../core/time.ts";
import type { Assessment, Person } from "../schemas/index.ts";
import { periodicId } from "../schemas/kinds.ts";
import { MONEY, rangeText } from "../schemas/limits.ts";
import { action, type Ctx, emit, hasRole, requireRole, withJson } from "./kit.ts";

interface AssessOptions {
  month?: string;
  person?: string;
  explain?: boolean;
  out?: string;
  force?: boolean;
  at?: string;
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

/** The options actually given (commander leaves unset ones as undefined keys). */
function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function sheetText(
  ctx: Ctx,
  a: Pick<Assessment, "month" | "people" | "signature">,
  people: Person[],
  explain: boolean,
  money: (n: number) => string,
  ruleTitle: (r: string) => string,
  running = false,
): string {
  const name = (id: string) => people.find((p) => p.id === id)?.name ?? id;
  const out: string[] = [];
  const state = a.signature
    ? t("已签字", "signed")
    : running
      ? t("草稿，本月尚未结束", "draft, the month is still running")
      : t("草稿", "draft");
  out.push(ctx.paint.bold(`${t("月度考核表", "Monthly assessment")} ${a.month}（${state}）`));
  for (const p of a.people) {
    const role = p.role === "supervisor" ? t("主管", "supervisor") : t("服务人员", "engineer");
    const total =
      p.total < 0 ? ctx.paint.red(money(p.total)) : p.total > 0 ? ctx.paint.green(money(p.total)) : "0";
    out.push(`${name(p.person)}（${p.person}，${role}）  ${t("合计", "total")} ${total} ${t("元", "yuan")}`);
    if (explain || p.lines.length <= 12) {
      for (const l of p.lines) {
        const amount = l.levels ? t(`降${l.levels}级`, `−${l.levels} tier`) : money(l.amount);
        out.push(`  ${l.date ?? "          "}  ${amount.padStart(5)}  ${ruleTitle(l.rule)}`);
        if (explain) {
          out.push(ctx.paint.dim(`      ${l.text}`));
          if (l.refs.length) out.push(ctx.paint.dim(`      ${t("依据", "records")}: ${l.refs.join(", ")}`));
        }
      }
    } else
      out.push(
        ctx.paint.dim(
          t(
            `  共 ${p.lines.length} 项（--explain 查看明细）`,
            `  ${p.lines.length} lines (--explain for details)`,
          ),
        ),
      );
    for (const f of p.flags)
      out.push(ctx.paint.yellow(`  ⚑ ${t("报总经理", "to the GM")}（${f.decision}）：${f.text}`));
  }
  return out.join("\n");
}

export default function register(program: Command): void {
  const assess = withJson(
    program
      .command("assess")
      .description(
        t(
          "月度考核：计算每位服务人员和主管的扣款、奖励与报总经理事项，写入考核表草稿并生成 .docx",
          "monthly assessment: fines, rewards and GM flags of every engineer and the supervisor; writes the draft and the .docx",
        ),
      )
      .option("--month <YYYY-MM>", t("考核月份（默认上月）", "month (default: last month)"))
      .option("--person <id>", t("只显示此人", "show only this person"))
      .option("--explain", t("逐项说明依据", "explain every line"))
      .option("--out <dir>", t("文档输出目录", "output folder for the documents"))
      .option(
        "--at <time>",
        t(
          "补录：纸质考核表的实际编制时间（allowAs 角色，主管本人不可，D16）",
          "back-date: when the paper sheet was drawn up (allowAs roles, not the supervisor himself, D16)",
        ),
      )
      .option(
        "--force",
        t(
          "也替换有人手工改过的考核表文档（svc 生成的总会更新）",
          "also replace a sheet changed by hand (svc's own is always updated)",
        ),
      ),
  ).action(
    action(async (ctx, o: AssessOptions) => {
      const store = await ctx.store();
      const kit = await import("./assess-kit.ts");
      const { money, renderAssessmentDocx, assessmentFileName } = await import(
        "../render/assessment-docx.ts"
      );
      const { RULE_TITLES, RULE_TITLES_EN } = await import("../domain/assessment.ts");
      const { dateLocal } = await import("../core/time.ts");
      const { lastDayOf } = await import("../domain/windows.ts");
      const month = o.month ? parseMonth(o.month) : kit.defaultMonth(store);
      const actor = await ctx.actor();
      const people = store.people();
      if (o.person && !store.person(o.person))
        throw new UsageError(t(`人员 ${o.person} 不存在`, `no person ${o.person}`));
      const writer = hasRole(actor, "supervisor", "gm");
      const id = periodicId.assessment(month);
      const existing = store.get("assessment", id);
      const ruleTitle = (r: string) => t(RULE_TITLES[r] ?? r, RULE_TITLES_EN[r] ?? r);
      const view = (a: Pick<Assessment, "month" | "people" | "signature">) =>
        o.person ? { ...a, people: a.people.filter((p) => p.person === o.person) } : a;

      if (!writer) {
        // Anyone may see how their own figures are computed; only the supervisor or GM writes the sheet.
        if (o.person && o.person !== actor.id)
          throw new Refused(
            t(`${actor.name} 只能查看自己的考核`, `${actor.name} may only see their own assessment`),
            t("主管或总经理可以查看所有人", "the supervisor or the GM may see everyone"),
          );
        const signed = existing?.signature ? kit.amendedAssessment(store, month) : undefined;
        const sheet = signed ?? kit.compute(store, month);
        const mine = { ...sheet, people: sheet.people.filter((p) => p.person === actor.id) };
        const isRunning = !signed && kit.running(store, month);
        emit(ctx, { id, month, signed: Boolean(signed), running: isRunning, people: mine.people }, () =>
          sheetText(ctx, mine, people, Boolean(o.explain), money, ruleTitle, isRunning),
        );
        return;
      }

      if (existing?.signature)
        throw new Refused(
          t(
            `${id} 已由总经理签字（${existing.signature.at}），不能再修改`,
            `${id} was signed by the GM (${existing.signature.at}) and cannot be changed`,
          ),
          t(
            `更正须记录原因：svc assess amend --month ${month} --person 人员 --reason 原因 --line 规则=金额`,
            `record a correction: svc assess amend --month ${month} --person X --reason WHY --line rule=amount`,
          ),
        );
      const sheet = kit.compute(store, month);
      // D16: the drafting time decides the supervisors' lateness fine: the GM transcribes a paper sheet.
      const { entryTime, supervisors } = await import("./workflow-kit.ts");
      const w = await entryTime(store, actor, {
        at: o.at,
        fined: supervisors(store),
        what: ["考核表的编制时间", "the assessment's drafting time"],
        // an issued sheet (drafted after the month) is never re-dated earlier
        notBefore:
          existing && dateLocal(existing.drafted.at, store.tz) > lastDayOf(month)
            ? existing.drafted.at
            : undefined,
      });
      const record: Assessment = {
        kind: "assessment",
        id,
        month,
        people: sheet.people,
        // Issued = the first draft made after the month ended; a draft made during the month itself is
        // not last month's sheet, so re-drafting replaces its time (the assessment-lateness rule).
        drafted:
          existing && dateLocal(existing.drafted.at, store.tz) > lastDayOf(month) && !o.at
            ? existing.drafted
            : { by: actor.id, at: w.at, ...(w.backdated ? { backdated: true, enteredAt: w.enteredAt } : {}) },
      };
      let commit: string | undefined;
      if (!existing || !kit.same(existing.people, record.people)) {
        const total = record.people.reduce((s, p) => s + p.total, 0);
        ({ commit } = await store.commit({
          put: [{ record }],
          message: `assess ${id}: ${existing ? "更新" : ""}考核草稿 ${record.people.length} 人，合计 ${money(total)} 元`,
          author: actor,
        }));
      }
      const isRunning = kit.running(store, month);
      const bytes = await renderAssessmentDocx(record, {
        department: store.config.department,
        company: store.config.company,
        tz: kit.settingsFor(store, month).timezone, // the month's zone (a revision may change it)
        names: kit.names(people),
        running: isRunning,
      });
      // A draft's document follows the draft: svc's earlier sheet is replaced, a hand-edited one kept
      // unless --force (render/output.ts, the manifest).
      const file = await kit.writeOut(
        store,
        ctx.cwd,
        { out: o.out, force: o.force },
        assessmentFileName(month),
        bytes,
      );
      const shown = view(record);
      emit(
        ctx,
        {
          id,
          commit,
          month,
          draft: true,
          running: isRunning,
          people: shown.people,
          warnings: sheet.warnings,
          files: [file.path],
        },
        () =>
          [
            sheetText(ctx, shown, people, Boolean(o.explain), money, ruleTitle, isRunning),
            ...sheet.warnings.map((w) => ctx.paint.yellow(`! ${w}`)),
            commit
              ? t(`已写入考核表草稿 ${id}`, `draft ${id} written`)
              : t(`考核表草稿 ${id} 无变化`, `draft ${id} unchanged`),
            `${t("文档", "document")}: ${file.path}`,
            t(
              `总经理签字：svc assess sign --month ${month}`,
              `GM signs with: svc assess sign --month ${month}`,
            ),
          ].join("\n"),
      );
    }),
  );

  withJson(
    assess
      .command("sign")
      .description(
        t("总经理签字：考核表定稿，此后只能以更正记录修改", "the GM signs: the assessment becomes final"),
      )
      .option("--month <YYYY-MM>", t("考核月份（默认上月）", "month (default: last month)"))
      .option("--out <dir>", t("文档输出目录", "output folder for the documents")),
  ).action(
    action(async (ctx, local: { month?: string; out?: string }) => {
      // The parent command shares --month/--out and commander gives them to it: merge both.
      const o = { ...(assess.opts() as AssessOptions), ...defined(local) };
      const store = await ctx.store();
      const kit = await import("./assess-kit.ts");
      const { renderAssessmentDocx, assessmentFileName } = await import("../render/assessment-docx.ts");
      const { isoLocal } = await import("../core/time.ts");
      const month = o.month ? parseMonth(o.month) : kit.defaultMonth(store);
      const actor = await ctx.actor();
      requireRole(actor, t("签署月度考核表", "sign the monthly assessment"), "gm");
      const id = periodicId.assessment(month);
      const draft = store.get("assessment", id);
      if (!draft)
        throw new Refused(
          t(`${month} 还没有考核表草稿`, `there is no draft assessment for ${month}`),
          t(
            `主管先运行 svc assess --month ${month}`,
            `the supervisor runs svc assess --month ${month} first`,
          ),
        );
      if (draft.signature)
        throw new Refused(
          t(`${id} 已于 ${draft.signature.at} 签字`, `${id} was already signed at ${draft.signature.at}`),
        );
      // D14: a month is signed only after it ended (department time).
      if (kit.running(store, month))
        throw new Refused(
          t(
            `${month} 尚未结束，考核表不能签字`,
            `${month} has not ended yet; its assessment cannot be signed`,
          ),
          t(
            `${month} 结束后（${addMonths(month, 1)}-01 起）再签字`,
            `sign it once the month is over (from ${addMonths(month, 1)}-01)`,
          ),
        );
      const fresh = kit.compute(store, month);
      if (!kit.same(fresh.people, draft.people))
        throw new Refused(
          t(
            `${id} 草稿已过期：记录在编制后有变化`,
            `${id} is out of date: the records changed after it was drafted`,
          ),
          t(
            `主管重新运行 svc assess --month ${month} 后再签字`,
            `have the supervisor run svc assess --month ${month} again, then sign`,
          ),
        );
      // D16: never a signature before the draft it signs (a clock behind the supervisor's; found by attack)
      if (store.now().getTime() < Date.parse(draft.drafted.at))
        throw new Refused(
          t(
            `未签字：现在（${isoLocal(store.now(), store.tz)}）早于考核表的编制时间 ${draft.drafted.at}——本机时钟是否有误？`,
            `not signed: now (${isoLocal(store.now(), store.tz)}) is before the draft was made (${draft.drafted.at}); is this machine's clock wrong?`,
          ),
        );
      const signed: Assessment = {
        ...draft,
        signature: { by: actor.id, at: isoLocal(store.now(), store.tz) },
      };
      const { commit } = await store.commit({
        put: [{ record: signed }],
        message: `assess sign ${id}: 总经理签字`,
        author: actor,
      });
      const bytes = await renderAssessmentDocx(signed, {
        department: store.config.department,
        company: store.config.company,
        tz: kit.settingsFor(store, month).timezone, // the month's zone (a revision may change it)
        names: kit.names(store.people()),
      });
      const file = await kit.writeOut(
        store,
        ctx.cwd,
        { out: o.out, force: o.force },
        assessmentFileName(month),
        bytes,
      );
      emit(ctx, { id, commit, month, signature: signed.signature, files: [file.path] }, () =>
        [t(`${id} 已签字定稿`, `${id} signed`), `${t("文档", "document")}: ${file.path}`].join("\n"),
      );
    }),
  );

  withJson(
    assess
      .command("amend")
      .description(
        t(
          "更正已签字的考核表：记录谁、何时、为何更正（不修改原记录）",
          "correct a signed assessment by an amendment record (who, when, why)",
        ),
      )
      .option("--month <YYYY-MM>", t("考核月份", "month"))
      .option("--person <id>", t("被更正的人员", "person whose sheet is corrected"))
      .requiredOption("--reason <text>", t("更正原因", "reason"))
      .option(
        "--line <rule=amount>",
        t("更正项，如 overdue=50（可重复）", "correction line, e.g. overdue=50 (repeatable)"),
        collect,
      )
      .option("--out <dir>", t("文档输出目录", "output folder for the documents")),
  ).action(
    action(
      async (
        ctx,
        local: { month?: string; person?: string; reason: string; line?: string[]; out?: string },
      ) => {
        const merged = { ...(assess.opts() as AssessOptions), ...defined(local) };
        const { month: m, person } = merged;
        if (!m || !person)
          throw new UsageError(t("需要 --month 和 --person", "--month and --person are required"));
        const o = { ...merged, month: m, person, reason: local.reason };
        const store = await ctx.store();
        const kit = await import("./assess-kit.ts");
        const { amendmentChanges, applyAmendments, RULES } = await import("../domain/assessment.ts");
        const { renderAssessmentDocx, assessmentFileName, money } = await import(
          "../render/assessment-docx.ts"
        );
        const { isoLocal, dateLocal } = await import("../core/time.ts");
        const month = parseMonth(o.month);
        const actor = await ctx.actor();
        const { AMENDING_ROLES } = await import("../domain/amendments.ts");
        // the same roles svc check --history allows (history-role)
        requireRole(actor, t("更正月度考核表", "amend the monthly assessment"), ...AMENDING_ROLES);
        if (o.person === actor.id && !actor.roles.includes("gm"))
          throw new Refused(
            t("不能更正本人的考核：由总经理更正", "you cannot amend your own assessment: the GM does"),
          );
        if (!o.line?.length) throw new UsageError(t("缺少 --line 规则=金额", "missing --line rule=amount"));
        const signed = kit.requireSigned(store, month);
        if (!signed.people.some((p) => p.person === o.person))
          throw new Refused(t(`${o.person} 不在 ${signed.id} 中`, `${o.person} is not in ${signed.id}`));
        const amId = store.newId("amendment");
        const now = store.now();
        let current = signed;
        const changes: ReturnType<typeof amendmentChanges> = [];
        for (const spec of o.line) {
          const m = /^([A-Za-z][\w-]*)=([+-]?\d+(?:\.\d+)?)$/.exec(spec.trim());
          if (!m)
            throw new UsageError(
              t(
                `--line ${spec}：应为 规则=金额，如 overdue=50`,
                `--line ${spec}: expected rule=amount, e.g. overdue=50`,
              ),
            );
          if (!(RULES as readonly string[]).includes(m[1]))
            throw new UsageError(
              t(`--line ${spec}：未知的考核项 ${m[1]}`, `--line ${spec}: unknown rule ${m[1]}`),
              t(`可用：${RULES.join(" ")}`, `one of: ${RULES.join(" ")}`),
            );
          const lineAmount = Number(m[2]);
          if (!(lineAmount >= MONEY.min && lineAmount <= MONEY.max))
            throw new UsageError(
              t(
                `--line ${spec}：金额应在 ${rangeText(MONEY)} 元之间`,
                `--line ${spec}: the amount must be ${rangeText(MONEY)} yuan`,
              ),
            );
          const line = {
            rule: m[1],
            text: `更正（${amId}）：${o.reason}`.slice(0, 300),
            amount: lineAmount,
            refs: [amId],
            date: dateLocal(now, store.tz),
          };
          const cs = amendmentChanges(current, o.person, line);
          changes.push(...cs);
          current = applyAmendments(current, [
            {
              kind: "amendment",
              id: amId,
              target: current.id,
              reason: o.reason,
              changes: cs,
              at: isoLocal(now, store.tz),
              by: actor.id,
            },
          ]);
        }
        const at = isoLocal(now, store.tz);
        const record = {
          kind: "amendment" as const,
          id: amId,
          target: signed.id,
          reason: o.reason,
          changes,
          at,
          by: actor.id,
          ...(hasRole(actor, "gm") ? { approval: { by: actor.id, at } } : {}),
        };
        const delta = changes
          .filter((c) => c.path.endsWith("/lines/-"))
          .reduce((s, c) => s + (c.after as { amount: number }).amount, 0);
        const { commit } = await store.commit({
          put: [{ record, create: true }],
          message: `amend ${amId}: ${signed.id} ${o.person} ${money(delta)}`,
          author: actor,
        });
        const bytes = await renderAssessmentDocx(current, {
          department: store.config.department,
          company: store.config.company,
          tz: kit.settingsFor(store, month).timezone,
          names: kit.names(store.people()),
        });
        const file = await kit.writeOut(
          store,
          ctx.cwd,
          { out: o.out, force: o.force },
          assessmentFileName(month),
          bytes,
        );
        const total = current.people.find((p) => p.person === o.person)?.total;
        emit(ctx, { id: amId, commit, target: signed.id, person: o.person, total, files: [file.path] }, () =>
          t(
            `已记录更正 ${amId}：${signed.id} ${o.person} ${money(delta)} 元，更正后合计 ${money(total ?? 0)} 元`,
            `amendment ${amId} recorded: ${signed.id} ${o.person} ${money(delta)}, total now ${money(total ?? 0)}`,
          ),
        );
      },
    ),
  );
}
