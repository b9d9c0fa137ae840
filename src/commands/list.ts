// svc list notices|letters|incidents — aligned tables (or --json) of the records, with derived status.
import type { Command } from "commander";
import { UsageError } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import { action, emit, withJson } from "./kit.ts";
import type { FilterOptions } from "./list-filter.ts";

interface ListOptions extends FilterOptions {
  status?: string;
  engineer?: string;
  mine?: boolean;
  sla?: string;
}

const WHAT = ["notices", "letters", "incidents"] as const;
type What = (typeof WHAT)[number];

const ALIASES: Record<string, What> = {
  notices: "notices",
  notice: "notices",
  通知单: "notices",
  letters: "letters",
  letter: "letters",
  责任书: "letters",
  incidents: "incidents",
  incident: "incidents",
  事故: "incidents",
};

function oneLine(s: string, n: number): string {
  const one = s.replace(/\s+/g, " ").trim();
  return one.length > n ? `${one.slice(0, n)}…` : one;
}

export default function register(program: Command): void {
  withJson(program.command("list"))
    .argument(
      "<what>",
      t("notices（通知单）、letters（责任书）或 incidents（事故）", "notices, letters or incidents"),
    )
    .description(
      t(
        "列出服务通知单（状态：待签字/已生效/已派工/已作废）、项目责任书或事故；按日期和编号排序",
        "list service notices (status 待签字 unsigned / 已生效 signed / 已派工 assigned / 已作废 cancelled), letters or incidents; by date, then id",
      ),
    )
    .option("--status <status>", t("只列出该状态", "only this status"))
    .option(
      "--engineer <person>",
      t(
        "只列出该服务人员的（责任书、事故；编号或姓名）",
        "only this engineer's (letters, incidents; id or name)",
      ),
    )
    .option(
      "--mine",
      t(
        "只列出与我有关的（我下达的通知单、我的责任书和事故）",
        "only mine (notices I issued, my letters and incidents)",
      ),
    )
    .option(
      "--customer <customer>",
      t("只列出该客户的（编号，或名称的一部分）", "only this customer's (id, or part of the name)"),
    )
    .option(
      "--month <YYYY-MM>",
      t("只列出该月的（下达、派工或事故日期）", "only this month's (issued, assigned or incident date)"),
    )
    .option(
      "--priority <priority>",
      t("只列出该紧急程度的（紧急/重要/一般）", "only this priority (紧急/重要/一般)"),
    )
    .option(
      "--overdue",
      t("只列出有逾期事项的（同 svc due）", "only those with something overdue (as svc due)"),
    )
    .option(
      "--grep <text>",
      t(
        "只列出含此文字的（记录全文与姓名，不分大小写）",
        "only those containing the text (the whole record and names, any case)",
      ),
    )
    .option("--limit <n>", t("只列出最新的 n 条", "only the newest n"))
    .option(
      "--sla <state>",
      t(
        "只列出服务时限 breached（已超时）或 at-risk（即将超时）的通知单/责任书（D17）",
        "only notices/letters whose response-time clock is breached or at-risk (D17)",
      ),
    )
    .action(
      action(async (ctx, whatArg: string, o: ListOptions) => {
        const filters = await import("./list-filter.ts");
        const { limit } = filters.checkFilters(o);
        const what = ALIASES[whatArg];
        if (!what)
          throw new UsageError(
            t(`不能列出 "${whatArg}"`, `cannot list "${whatArg}"`),
            t("可选：notices letters incidents", "one of: notices letters incidents"),
          );
        if (o.sla !== undefined && o.sla !== "breached" && o.sla !== "at-risk")
          throw new UsageError(
            t(`--sla 不能是 "${o.sla}"`, `--sla cannot be "${o.sla}"`),
            t("可选：breached at-risk", "one of: breached at-risk"),
          );
        if (o.sla && what === "incidents")
          throw new UsageError(t("--sla 只用于 notices 和 letters", "--sla goes with notices and letters"));
        const store = await ctx.store();
        // D17: the notices whose clocks are in the state asked for, and the clocks' summary per notice.
        let slaOf: Map<string, string> | undefined;
        if (o.sla) {
          const kit = await import("./sla-kit.ts");
          slaOf = new Map();
          for (const [id, x] of kit.allClocks(store)) {
            const hit = x.clocks.filter((c) => c.state === o.sla);
            if (!hit.length) continue;
            const text = hit.map((c) => `${kit.clockLabel(c)} ${t(...kit.STATE_TEXT[c.state])}`).join(", ");
            slaOf.set(id, text);
            if (x.letter) slaOf.set(x.letter.id, text);
          }
        }
        const me = o.mine ? (await ctx.actor()).id : undefined;
        // an id, a name or part of one
        if (o.engineer) o.engineer = filters.personNamed(store.people(), o.engineer).id;
        const customers = o.customer ? filters.customersNamed(store.list("customer"), o.customer) : undefined;
        const overdue = o.overdue ? await overdueRefs(store) : undefined;
        const only = { customers, overdue, limit };
        const views = await import("../domain/views.ts");
        const { table } = await import("../render/table.ts");
        const names = views.namesOf(store.people(), store.list("customer"));
        const tz = store.tz;
        const { dateLocal, local } = await import("../core/time.ts");
        const when = (iso?: string) => (iso ? local(iso, tz).format("YYYY-MM-DD HH:mm") : "");
        const checkStatus = (allowed: readonly string[]) => {
          // the names the state machine gives (svc sign --json says 已生效); the older short ones too
          if (o.status && views.NOTICE_STATUS_ALIASES[o.status] && allowed === views.NOTICE_STATUSES)
            o.status = views.NOTICE_STATUS_ALIASES[o.status];
          if (o.status && !allowed.includes(o.status))
            throw new UsageError(
              t(`未知状态 "${o.status}"`, `unknown status "${o.status}"`),
              `${t("可选", "one of")}: ${allowed.join(" ")}`,
            );
        };

        if (what === "notices") {
          checkStatus(views.NOTICE_STATUSES);
          const letters = store.projected("letter", "head", views.letterHead);
          const notices = store.list("notice");
          const byId = new Map(notices.map((n) => [n.id, n]));
          let rows = views.noticeRows(notices, letters, names);
          if (o.status) rows = rows.filter((r) => r.status === o.status);
          if (slaOf) rows = rows.filter((r) => slaOf.has(r.id)).map((r) => ({ ...r, sla: slaOf.get(r.id) }));
          if (o.engineer) {
            const mineIds = new Set(letters.filter((l) => l.engineer === o.engineer).map((l) => l.notice));
            rows = rows.filter((r) => mineIds.has(r.id));
          }
          if (me) {
            const mineIds = new Set(letters.filter((l) => l.engineer === me).map((l) => l.notice));
            rows = rows.filter((r) => r.requester === me || mineIds.has(r.id) || r.signedBy === me);
          }
          rows = filters.applyFilters(
            rows,
            (r) => ({
              id: r.id,
              customer: r.customer,
              day: dateLocal(r.issued, tz),
              priority: r.priority,
              text: o.grep
                ? `${JSON.stringify(byId.get(r.id))} ${r.customerName} ${names.person(r.requester)}`
                : "",
            }),
            o,
            only,
          );
          emit(ctx, rows, () =>
            rows.length
              ? table(
                  [
                    t("编号", "id"),
                    t("状态", "status"),
                    t("出单时间", "issued"),
                    t("服务单位", "customer"),
                    t("类型", "type"),
                    t("紧急程度", "priority"),
                    t("下达人", "requester"),
                    t("签字", "signed by"),
                    t("责任书", "letters"),
                    ...(slaOf ? [t("时限", "SLA")] : []),
                  ],
                  rows.map((r) => [
                    r.id,
                    r.status,
                    when(r.issued),
                    r.customerName,
                    r.type,
                    r.priority,
                    names.person(r.requester),
                    r.signedBy
                      ? names.person(r.signedBy) + (r.gmAbsent ? t("（代签）", " (GM absent)") : "")
                      : "",
                    r.letters.join(","),
                    ...(slaOf ? [slaOf.get(r.id) ?? ""] : []),
                  ]),
                )
              : t("没有服务通知单", "no service notices"),
          );
          return;
        }

        if (what === "letters") {
          const { LETTER_STATES } = await import("../schemas/enums.ts");
          checkStatus(LETTER_STATES);
          let rows = views.letterRows(
            store.projected("letter", "head", views.letterHead),
            store.projected("notice", "head", views.noticeHead),
            names,
          );
          if (o.status) rows = rows.filter((r) => r.status === o.status);
          if (slaOf) rows = rows.filter((r) => slaOf.has(r.id)).map((r) => ({ ...r, sla: slaOf.get(r.id) }));
          if (o.engineer) rows = rows.filter((r) => r.engineer === o.engineer);
          if (me) rows = rows.filter((r) => r.engineer === me);
          const full = o.grep ? new Map(store.list("letter").map((l) => [l.id, l])) : undefined;
          rows = filters.applyFilters(
            rows,
            (r) => ({
              id: r.id,
              customer: r.customer,
              day: dateLocal(r.assigned, tz),
              priority: r.priority,
              text: full ? `${JSON.stringify(full.get(r.id))} ${r.customerName} ${r.engineerName}` : "",
            }),
            o,
            only,
          );
          emit(ctx, rows, () =>
            rows.length
              ? table(
                  [
                    t("编号", "id"),
                    t("状态", "status"),
                    t("服务人员", "engineer"),
                    t("服务单位", "customer"),
                    t("类型", "type"),
                    t("派工", "assigned"),
                    t("预计完成", "estimate"),
                    t("完工", "completed"),
                    ...(slaOf ? [t("时限", "SLA")] : []),
                  ],
                  rows.map((r) => [
                    r.id,
                    r.status,
                    r.engineerName,
                    r.customerName,
                    r.type ?? (r.notice ? "" : t("意外", "unplanned")),
                    dateLocal(r.assigned, tz),
                    when(r.estimate),
                    r.completed ? when(r.completed) + (r.unsigned ? t("（无签字）", " (unsigned)") : "") : "",
                    ...(slaOf ? [slaOf.get(r.id) ?? ""] : []),
                  ]),
                )
              : t("没有项目责任书", "no responsibility letters"),
          );
          return;
        }

        const { INCIDENT_STATES, incidentNoticeLateness, incidentState } = await import(
          "../domain/incidents.ts"
        );
        const { makeCalendar } = await import("../domain/calendar.ts");
        const { isoLocal } = await import("../core/time.ts");
        checkStatus(INCIDENT_STATES);
        const cal = makeCalendar(store.config.calendar);
        const nowIso = isoLocal(store.now(), tz);
        const incidents = store.list("incident");
        const lateness = new Map(
          incidents.map((i) => [i.id, incidentNoticeLateness(i, cal, store.config, nowIso)]),
        );
        let rows = views.incidentRows(incidents, names, incidentState).map((r) => {
          const l = lateness.get(r.id);
          return l ? { ...r, noticeDeadline: l.deadline.at, noticeLate: l.late } : r;
        });
        if (o.status) rows = rows.filter((r) => r.status === o.status);
        if (o.engineer) rows = rows.filter((r) => r.engineer === o.engineer);
        if (me) rows = rows.filter((r) => r.engineer === me);
        const incidentById = new Map(incidents.map((i) => [i.id, i]));
        const letterCustomers = new Map(
          views
            .letterRows(
              store.projected("letter", "head", views.letterHead),
              store.projected("notice", "head", views.noticeHead),
              names,
            )
            .map((l) => [l.id, l.customer]),
        );
        const lateNotices = new Set(
          rows.filter((r) => "noticeLate" in r && r.noticeLate && !r.notified).map((r) => r.id),
        );
        rows = filters.applyFilters(
          rows,
          (r) => ({
            id: r.id,
            customer: r.letter ? letterCustomers.get(r.letter) : undefined,
            day: r.date,
            text: o.grep ? `${JSON.stringify(incidentById.get(r.id))} ${r.engineerName}` : "",
          }),
          o,
          { ...only, overdue: overdue && new Set([...overdue, ...lateNotices]) },
        );
        const noticeCell = (r: (typeof rows)[number]) => {
          if (!("noticeDeadline" in r) || !r.noticeDeadline) return "";
          const due = when(r.noticeDeadline);
          if (r.notified) return r.noticeLate ? t("迟交", "late") : t("按时", "on time");
          return r.noticeLate
            ? ctx.paint.red(t(`逾期（${due}）`, `overdue (${due})`))
            : t(`${due} 前`, `by ${due}`);
        };
        emit(ctx, rows, () =>
          rows.length
            ? table(
                [
                  t("编号", "id"),
                  t("类别", "class"),
                  t("状态", "status"),
                  t("日期", "date"),
                  t("服务人员", "engineer"),
                  t("原因", "cause"),
                  t("责任书", "letter"),
                  t("事故通报", "notice"),
                ],
                rows.map((r) => [
                  r.id,
                  `${r.class}${t("类", "")}`,
                  r.status,
                  r.date,
                  r.engineerName,
                  oneLine(r.cause, 24),
                  r.letter ?? "",
                  noticeCell(r),
                ]),
              )
            : t("没有事故", "no incidents"),
        );
      }),
    );
}

/** The records with something overdue now (svc due's overdue items name them). */
async function overdueRefs(store: import("../store/store.ts").Store): Promise<Set<string>> {
  const { departmentDue } = await import("./due.ts");
  const { result } = await departmentDue(store);
  return new Set(result.items.filter((i) => i.overdue).map((i) => i.ref));
}
