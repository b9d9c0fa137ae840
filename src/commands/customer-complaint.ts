// svc complaint customer open|investigate|reply|callback|close|incident and svc complaint ledger
// (DOMAIN D19): the customer complaint (客户投诉) beside the internal communication complaint of
// `svc complaint add`. Registered by complaint.ts; domain code is imported inside the actions.
import type { Command } from "commander";
import { Refused, UsageError } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import type { CustomerComplaint, Incident, Stamp } from "../schemas/index.ts";
import type { Store } from "../store/store.ts";
import { action, type Ctx, emit, hasRole, need, requireRole, withJson } from "./kit.ts";
import { onBehalf } from "./workflow-kit.ts";

interface OpenOptions {
  customer?: string;
  channel?: string;
  to?: string;
  content?: string;
  about?: string;
  engineer?: string;
  letter?: string;
  grade?: string;
  owner?: string;
  received?: string;
}

const TO = ["vp", "sales-manager", "sales-admin", "other"];
const ABOUT = ["engineer", "product", "service", "other"];

function load(store: Store, id: string): CustomerComplaint {
  const c = store.get("customer-complaint", id);
  if (!c)
    throw new Refused(
      t(`找不到客户投诉 ${id}`, `no customer complaint ${id}`),
      t("用 svc complaint ledger 查看编号", "see the ids with svc complaint ledger"),
    );
  return c;
}

async function save(
  ctx: Ctx,
  store: Store,
  c: CustomerComplaint,
  message: string,
  human: string,
  extra: object = [],
) {
  const actor = await ctx.actor();
  const { commit } = await store.commit({ put: [{ record: c }], message, author: actor });
  emit(ctx, { id: c.id, commit, complaint: c, ...extra }, () => human);
}

/** The owner, the supervisor or the GM works a complaint. */
function mayWork(c: CustomerComplaint, p: { id: string; roles: readonly string[] }, what: string) {
  if (c.owner === p.id || hasRole(p as never, "supervisor", "gm")) return;
  throw new Refused(
    t(
      `只有负责人（${c.owner}）、主管或总经理可以${what}`,
      `only the owner (${c.owner}), the supervisor or the GM may ${what}`,
    ),
  );
}

/** --as and --at of a step (D16). */
type When = { as?: string; at?: string };

function notClosed(c: CustomerComplaint) {
  if (c.closed) throw new Refused(t(`客户投诉 ${c.id} 已结案`, `customer complaint ${c.id} is closed`));
}

export function registerCustomerComplaints(complaint: Command): void {
  const customer = complaint
    .command("customer")
    .description(
      t(
        "客户投诉（D19）：登记、调查、答复、回访、结案、转为事故",
        "customer complaints (D19): open, investigate, reply, call back, close, turn into an incident",
      ),
    );

  withJson(customer.command("open"))
    .description(
      t(
        "登记客户投诉（销售内勤、客服、下达人、主管或总经理）；承诺答复期限：重大 1 个工作日，一般 3 个工作日",
        "record a customer complaint (sales admin, customer service, requester, supervisor, GM); reply promised within 1 working day (重大) or 3 (一般)",
      ),
    )
    .option("--customer <id>", t("客户编号", "customer id"))
    .option("--channel <channel>", t("渠道：电话 邮件 在线 现场", "channel: 电话 邮件 在线 现场"))
    .option(
      "--to <whom>",
      t("投诉对象：vp sales-manager sales-admin other", "made to: vp sales-manager sales-admin other"),
    )
    .option("--content <text>", t("投诉内容", "what the customer said"))
    .option(
      "--about <what>",
      t("涉及：engineer product service other", "about: engineer product service other"),
    )
    .option("--engineer <id>", t("被投诉的服务人员", "the engineer complained about"))
    .option("--letter <id>", t("相关责任书", "the letter concerned"))
    .option("--grade <grade>", t("等级：一般 或 重大", "grade: 一般 or 重大"))
    .option("--owner <id>", t("负责人（默认登记人）", "owner (default: who records it)"))
    .option("--received <time>", t("接到投诉时间（默认现在）", "when it was received (default now)"))
    .action(
      action(async (ctx, o: OpenOptions) => {
        const store = await ctx.store();
        const actor = await ctx.actor();
        requireRole(
          actor,
          t("登记客户投诉", "record a customer complaint"),
          "sales-admin",
          "customer-service",
          "requester",
          "supervisor",
          "gm",
        );
        const customerId = await need(ctx, o.customer, "--customer", t("客户编号", "customer id"));
        store.require("customer", customerId);
        const channel = await need(ctx, o.channel, "--channel", t("渠道", "channel"), [
          "电话",
          "邮件",
          "在线",
          "现场",
        ]);
        if (!["电话", "邮件", "在线", "现场"].includes(channel))
          throw new UsageError(t(`未知渠道 ${channel}`, `unknown channel ${channel}`), "电话 邮件 在线 现场");
        const to = await need(ctx, o.to, "--to", t("投诉对象", "made to"), TO);
        if (!TO.includes(to))
          throw new UsageError(t(`--to 不能是 ${to}`, `--to cannot be ${to}`), TO.join(" "));
        const about = await need(ctx, o.about, "--about", t("涉及", "about"), ABOUT);
        if (!ABOUT.includes(about))
          throw new UsageError(t(`--about 不能是 ${about}`, `--about cannot be ${about}`), ABOUT.join(" "));
        if (about === "engineer" && !o.engineer)
          throw new UsageError(
            t("投诉服务人员时需要 --engineer", "a complaint about an engineer needs --engineer"),
          );
        if (o.engineer && !store.person(o.engineer))
          throw new Refused(t(`人员名单中没有 ${o.engineer}`, `no person ${o.engineer} in the roster`));
        if (o.letter) store.require("letter", o.letter);
        const grade = await need(ctx, o.grade, "--grade", t("等级", "grade"), ["一般", "重大"]);
        if (grade !== "一般" && grade !== "重大")
          throw new UsageError(t(`等级不能是 ${grade}`, `grade cannot be ${grade}`), "一般 重大");
        const owner = o.owner ?? actor.id;
        if (!store.person(owner))
          throw new Refused(t(`人员名单中没有 ${owner}`, `no person ${owner} in the roster`));
        const content = (await need(ctx, o.content, "--content", t("投诉内容", "content"))).trim();
        const { isoLocal, parseTime } = await import("../core/time.ts");
        const now = isoLocal(store.now(), store.tz);
        const receivedAt = o.received ? parseTime(o.received, store.tz, "--received") : now;
        if (new Date(receivedAt) > store.now())
          throw new UsageError(t("--received 不能晚于现在", "--received cannot be in the future"));
        const { makeCalendar } = await import("../domain/calendar.ts");
        const { replyDeadline, proposedClass } = await import("../domain/customer-complaints.ts");
        const cal = makeCalendar(store.config.calendar);
        const due = replyDeadline(grade, receivedAt, cal, store.tz);
        const id = store.newId("customer-complaint");
        const record: CustomerComplaint = {
          kind: "customer-complaint",
          id,
          customer: customerId,
          received: {
            at: receivedAt,
            channel: channel as CustomerComplaint["received"]["channel"],
            by: actor.id,
            to: to as CustomerComplaint["received"]["to"],
          },
          content,
          about: about as CustomerComplaint["about"],
          ...(o.engineer ? { engineer: o.engineer } : {}),
          ...(o.letter ? { letter: o.letter } : {}),
          grade,
          owner,
          replyBy: due.at,
          opened: { by: actor.id, at: now },
        };
        const { commit } = await store.commit({
          put: [{ record, create: true }],
          message: `complaint customer open ${id}: ${grade}`,
          author: actor,
        });
        const cls = proposedClass(record);
        emit(ctx, { id, commit, complaint: record, proposedIncident: cls ?? null }, () =>
          [
            t(
              `已登记客户投诉 ${id}（${grade}），承诺 ${due.at} 前答复`,
              `recorded customer complaint ${id} (${grade}); reply promised by ${due.at}`,
            ),
            ...(cls
              ? [
                  t(
                    `投诉服务人员至${to === "vp" ? "副总及以上" : "销售经理/销售内勤"}：建议登记 ${cls} 类事故（主管：svc complaint customer incident ${id}）`,
                    `a complaint about an engineer made to ${to}: a class ${cls} incident is proposed (supervisor: svc complaint customer incident ${id})`,
                  ),
                ]
              : []),
            ...cal.warnings().map((w) => `${t("注意", "warning")}: ${w}`),
          ].join("\n"),
        );
      }),
    );

  /**
   * Who records a step and when (D16): the acting person, or with --as the person entered for (an
   * allowAs role transcribing); now, or --at — never before the step it follows.
   */
  const step = async (
    ctx: Ctx,
    store: Store,
    c: CustomerComplaint,
    o: { as?: string; at?: string },
    what: string,
    after: string,
  ): Promise<Stamp> => {
    const { acting, when, stampOf } = await import("./workflow-kit.ts");
    const who = await acting(ctx, store, o.as, ["customer-complaint"]);
    mayWork(c, who.person, what);
    const s = stampOf(who, await when(store, who, o.at));
    if (new Date(s.at) < new Date(after))
      throw new Refused(
        t(
          `未写入：${what}的时间 ${s.at} 早于上一步 ${after}`,
          `not written: ${what} at ${s.at} would be before the step it follows, at ${after}`,
        ),
      );
    return s;
  };

  onBehalf(withJson(customer.command("investigate").argument("<id>").argument("<text>")))
    .description(
      t("记录调查经过（负责人、主管或总经理）", "record the investigation (owner, supervisor, GM)"),
    )
    .action(
      action(async (ctx, id: string, text: string, o: When) => {
        const store = await ctx.store();
        const c = load(store, id);
        notClosed(c);
        if (!text.trim()) throw new UsageError(t("调查经过不能为空", "the text is empty"));
        const s = await step(ctx, store, c, o, t("记录调查", "record the investigation"), c.received.at);
        await save(
          ctx,
          store,
          { ...c, investigation: { text: text.trim(), ...s } },
          `complaint customer investigate ${id}`,
          t(`客户投诉 ${id}：已记录调查`, `customer complaint ${id}: investigation recorded`),
        );
      }),
    );

  onBehalf(withJson(customer.command("reply").argument("<id>")))
    .description(
      t(
        "答复客户：处理结果与告知方式（负责人、主管或总经理）",
        "the reply: result and how the customer was told",
      ),
    )
    .option("--result <text>", t("处理结果", "the result"))
    .option("--how <text>", t("告知客户的方式，如 电话告知刘工", "how the customer was told"))
    .action(
      action(async (ctx, id: string, o: When & { result?: string; how?: string }) => {
        const store = await ctx.store();
        const c = load(store, id);
        notClosed(c);
        if (!c.investigation)
          throw new Refused(
            t(`客户投诉 ${id} 还没有调查记录`, `customer complaint ${id} has no investigation yet`),
            `svc complaint customer investigate ${id} "…"`,
          );
        if (c.reply)
          throw new Refused(t(`客户投诉 ${id} 已答复`, `customer complaint ${id} was already answered`));
        const result = (await need(ctx, o.result, "--result", t("处理结果", "result"))).trim();
        const how = (await need(ctx, o.how, "--how", t("告知方式", "how told"))).trim();
        const s = await step(ctx, store, c, o, t("答复客户", "reply"), c.investigation.at);
        const late = new Date(s.at) > new Date(c.replyBy);
        await save(
          ctx,
          store,
          { ...c, reply: { result, how, ...s } },
          `complaint customer reply ${id}`,
          t(
            `客户投诉 ${id}：已答复${late ? `（超过承诺期限 ${c.replyBy}）` : "（按时）"}`,
            `customer complaint ${id}: answered${late ? ` (after the promised ${c.replyBy})` : " (on time)"}`,
          ),
          { late },
        );
      }),
    );

  onBehalf(withJson(customer.command("callback").argument("<id>")))
    .description(t("回访客户是否满意", "call back: is the customer satisfied"))
    .option("--satisfied <yes|no>", t("客户是否满意", "satisfied"))
    .option("--note <text>", t("回访记录", "note"))
    .action(
      action(async (ctx, id: string, o: When & { satisfied?: string; note?: string }) => {
        const store = await ctx.store();
        const c = load(store, id);
        notClosed(c);
        if (!c.reply)
          throw new Refused(t(`客户投诉 ${id} 还没有答复`, `customer complaint ${id} has no reply yet`));
        const v = (
          await need(ctx, o.satisfied, "--satisfied", t("是否满意", "satisfied"), ["yes", "no"])
        ).toLowerCase();
        if (!["yes", "no", "是", "否"].includes(v))
          throw new UsageError(t("--satisfied 应为 yes 或 no", "--satisfied must be yes or no"));
        const satisfied = v === "yes" || v === "是";
        const s = await step(ctx, store, c, o, t("回访", "call back"), c.reply.at);
        await save(
          ctx,
          store,
          { ...c, callback: { satisfied, ...(o.note?.trim() ? { note: o.note.trim() } : {}), ...s } },
          `complaint customer callback ${id}`,
          t(
            `客户投诉 ${id}：回访客户${satisfied ? "满意" : "不满意"}`,
            `customer complaint ${id}: the customer is ${satisfied ? "" : "not "}satisfied`,
          ),
        );
      }),
    );

  onBehalf(withJson(customer.command("close").argument("<id>")))
    .description(
      t("结案（负责人、主管或总经理；须已回访）", "close (owner, supervisor, GM; after the callback)"),
    )
    .action(
      action(async (ctx, id: string, o: When) => {
        const store = await ctx.store();
        const c = load(store, id);
        notClosed(c);
        if (!c.callback)
          throw new Refused(
            t(`客户投诉 ${id} 还没有回访`, `customer complaint ${id} has no callback yet`),
            `svc complaint customer callback ${id} --satisfied yes|no`,
          );
        await save(
          ctx,
          store,
          { ...c, closed: await step(ctx, store, c, o, t("结案", "close"), c.callback.at) },
          `complaint customer close ${id}`,
          t(`客户投诉 ${id} 已结案`, `customer complaint ${id} closed`),
        );
      }),
    );

  withJson(customer.command("incident").argument("<id>"))
    .description(
      t(
        "把投诉服务人员的客户投诉登记为事故（主管）：投诉至副总及以上为 I 类，至销售经理/销售内勤为 II 类；双向关联",
        "open the incident a complaint about an engineer proposes (supervisor): to a VP or above class I, to the sales manager/admin class II; linked both ways",
      ),
    )
    .action(
      action(async (ctx, id: string) => {
        const store = await ctx.store();
        const actor = await ctx.actor();
        requireRole(actor, t("登记事故", "open an incident"), "supervisor");
        const c = load(store, id);
        if (c.incident)
          throw new Refused(
            t(
              `客户投诉 ${id} 已转为事故 ${c.incident}`,
              `customer complaint ${id} is already incident ${c.incident}`,
            ),
          );
        const { proposedClass } = await import("../domain/customer-complaints.ts");
        const cls = proposedClass(c);
        if (!cls || !c.engineer)
          throw new Refused(
            t(
              "只有投诉服务人员、且投诉至副总及以上或销售经理/销售内勤的客户投诉构成事故",
              "only a complaint about an engineer made to a VP or above, or to the sales manager / admin, is an incident",
            ),
          );
        const { isoLocal, dateLocal } = await import("../core/time.ts");
        const now = isoLocal(store.now(), store.tz);
        const date = dateLocal(c.received.at, store.tz);
        const incidentId = store.newId("incident");
        const incident: Incident = {
          kind: "incident",
          id: incidentId,
          class: cls,
          engineer: c.engineer,
          date,
          cause:
            `客户投诉 ${c.id}（${c.received.to === "vp" ? "投诉至副总及以上" : "投诉至销售经理/销售内勤"}）：${c.content}`.slice(
              0,
              2000,
            ),
          ...(c.letter ? { letter: c.letter } : {}),
          customerComplaint: c.id,
          opened: { by: actor.id, at: now },
        };
        const { newRecordPuts } = await import("./closed-month.ts");
        const { puts } = newRecordPuts(store, incident, date, actor, now, undefined);
        const { commit } = await store.commit({
          put: [...puts, { record: { ...c, incident: incidentId } }],
          message: `complaint customer incident ${id}: ${cls}类事故 ${incidentId}`,
          author: actor,
        });
        emit(ctx, { id, incident: incidentId, class: cls, commit }, () =>
          t(
            `客户投诉 ${id} 已登记为 ${cls} 类事故 ${incidentId}`,
            `customer complaint ${id} is now class ${cls} incident ${incidentId}`,
          ),
        );
      }),
    );

  withJson(complaint.command("ledger"))
    .description(
      t(
        "客户投诉台账（按月）：表格、--json 和 .xlsx",
        "the customer complaint ledger (台账) of a month: table, --json and .xlsx",
      ),
    )
    .option("--month <YYYY-MM>", t("月份（默认本月）", "month (default this month)"))
    .option("--out <dir>", t("文档输出目录", "output folder"))
    .option("--force", t("覆盖内容不同的已有文档", "replace an existing document with different content"))
    .action(
      action(async (ctx, o: { month?: string; out?: string; force?: boolean }) => {
        const store = await ctx.store();
        const { monthLocal, parseMonth, local } = await import("../core/time.ts");
        const month = o.month ? parseMonth(o.month) : monthLocal(store.now(), store.tz);
        const { ledger } = await import("../domain/customer-complaints.ts");
        const rows = ledger(store.list("customer-complaint"), month, store.tz);
        const { renderComplaintLedgerXlsx } = await import("../render/complaint-xlsx.ts");
        const { writeOut } = await import("./assess-kit.ts");
        const names = new Map(store.people().map((p) => [p.id, p.name]));
        const customers = new Map(store.list("customer").map((c) => [c.id, c.name]));
        const file = await writeOut(
          store,
          ctx.cwd,
          o,
          `客户投诉台账-${month}.xlsx`,
          await renderComplaintLedgerXlsx(month, rows, names, customers, store.tz),
        );
        const { table } = await import("../render/table.ts");
        const when = (iso: string | null) => (iso ? local(iso, store.tz).format("YYYY-MM-DD HH:mm") : "");
        emit(ctx, { month, rows, files: [file.path] }, () =>
          [
            rows.length
              ? table(
                  [
                    t("编号", "id"),
                    t("接到", "received"),
                    t("客户", "customer"),
                    t("等级", "grade"),
                    t("涉及", "about"),
                    t("负责人", "owner"),
                    t("承诺答复", "reply by"),
                    t("答复", "replied"),
                    t("状态", "state"),
                    t("事故", "incident"),
                  ],
                  rows.map((r) => [
                    r.id,
                    when(r.received),
                    customers.get(r.customer) ?? r.customer,
                    r.grade,
                    r.engineer ? `${r.about}（${names.get(r.engineer) ?? r.engineer}）` : r.about,
                    names.get(r.owner) ?? r.owner,
                    when(r.replyBy),
                    r.replied ? `${when(r.replied)}${r.onTime ? "" : t("（迟）", " (late)")}` : "",
                    r.state,
                    r.incident ?? "",
                  ]),
                )
              : t(`${month} 没有客户投诉`, `no customer complaints in ${month}`),
            `${t("文档", "document")}: ${file.path}`,
          ].join("\n"),
        );
      }),
    );
}
