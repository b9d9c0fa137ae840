// svc incident open | reflect | notify — 事故 (DOMAIN §2.5, D7): the supervisor (or GM) records a class
// I/II incident, the engineer concerned writes the 事故反思, the supervisor sends the 事故通报, whose
// lateness against config.deadlines.incidentNoticeWorkdays working days is tracked.
import type { Command } from "commander";
import { Refused, UsageError } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import type { Incident } from "../schemas/index.ts";
import { action, emit, need, requireRole, withJson } from "./kit.ts";
import { acting, entryTime, onBehalf, stampOf, supervisors } from "./workflow-kit.ts";

interface OpenOptions {
  class?: string;
  engineer?: string;
  cause?: string;
  date?: string;
  letter?: string;
  amendReason?: string;
}

const CLASSES = ["I", "II"] as const;

function short(text: string, n = 30): string {
  const one = text.replace(/\s+/g, " ").trim();
  return one.length > n ? `${one.slice(0, n)}…` : one;
}

export default function register(program: Command): void {
  const incident = program
    .command("incident")
    .description(
      t(
        "事故：登记（I/II 类）、事故反思、事故通报",
        "incidents: record (class I/II), the engineer's reflection, the supervisor's notice",
      ),
    );

  withJson(incident.command("open"))
    .description(
      t(
        "登记事故（主管或总经理）。I类：被投诉到副总及以上，或操作不当/未按流程导致客户工作中断；II类：被投诉到销售经理或销售内勤，或现场问题未及时上报致公司另派人员",
        "record an incident (supervisor or GM). Class I: complaint to a VP or above, or improper operation interrupting the customer's work; class II: complaint to the sales manager/admin, or a site problem not reported in time",
      ),
    )
    .option("--class <class>", t("事故类别：I 或 II", "class: I or II"))
    .option("--engineer <id>", t("责任服务人员编号", "the engineer concerned (roster id)"))
    .option("--cause <text>", t("事故经过与原因", "what happened and why"))
    .option("--date <date>", t("事故日期 YYYY-MM-DD（默认今天）", "incident date YYYY-MM-DD (default today)"))
    .option("--letter <id>", t("相关项目责任书编号", "the responsibility letter concerned"))
    .option(
      "--amend-reason <text>",
      t(
        "事故所在月份的考核表已签字时必填：补登的原因（同时写入更正记录）",
        "required when the incident's month is closed (assessment signed): why it is recorded late (written as an amendment)",
      ),
    )
    .action(
      action(async (ctx, o: OpenOptions) => {
        const store = await ctx.store();
        const actor = await ctx.actor();
        requireRole(actor, t("登记事故", "record an incident"), "supervisor", "gm");
        const { dateLocal, parseDate } = await import("../core/time.ts");
        const cls = (
          await need(ctx, o.class, "--class", t("事故类别", "incident class"), CLASSES)
        ).toUpperCase();
        if (!CLASSES.includes(cls as (typeof CLASSES)[number]))
          throw new UsageError(
            t(`事故类别 "${o.class}" 无效`, `incident class "${o.class}" is invalid`),
            t("应为 I 或 II", "expected I or II"),
          );
        const engineerId = await need(ctx, o.engineer, "--engineer", t("责任服务人员编号", "engineer id"));
        const engineer = store.person(engineerId);
        if (!engineer)
          throw new Refused(
            t(`人员名单中没有 ${engineerId}`, `no person ${engineerId} in the roster`),
            t("用 svc people list 查看编号", "see the ids with svc people list"),
          );
        if (!engineer.roles.includes("engineer"))
          throw new Refused(
            t(
              `${engineer.name}（${engineerId}）不是服务人员，事故只针对服务人员登记`,
              `${engineer.name} (${engineerId}) is not an engineer; incidents are recorded against engineers`,
            ),
          );
        const cause = await need(ctx, o.cause, "--cause", t("事故经过与原因", "what happened and why"));
        const today = dateLocal(store.now(), store.tz);
        const date = o.date ? parseDate(o.date, "--date") : today;
        if (date > today)
          throw new UsageError(
            t(`事故日期 ${date} 在今天（${today}）之后`, `incident date ${date} is after today (${today})`),
          );
        if (o.letter) {
          const letter = store.require("letter", o.letter);
          if (letter.engineer !== engineerId)
            throw new Refused(
              t(
                `责任书 ${o.letter} 的服务人员是 ${letter.engineer}，不是 ${engineerId}`,
                `letter ${o.letter} is assigned to ${letter.engineer}, not ${engineerId}`,
              ),
            );
        }
        const { isoLocal } = await import("../core/time.ts");
        const id = store.newId("incident");
        const record: Incident = {
          kind: "incident",
          id,
          class: cls as Incident["class"],
          engineer: engineerId,
          date,
          cause,
          ...(o.letter ? { letter: o.letter } : {}),
          opened: { by: actor.id, at: isoLocal(store.now(), store.tz) },
        };
        const { newRecordPuts } = await import("./closed-month.ts");
        const { puts, amendment } = newRecordPuts(
          store,
          record,
          date,
          actor,
          record.opened.at,
          o.amendReason,
        );
        const { commit } = await store.commit({
          put: puts,
          message: `incident open ${id}: ${cls}类 ${engineer.name} ${short(cause)}${amendment ? ` (更正 ${amendment.id})` : ""}`,
          author: actor,
        });
        emit(ctx, { id, commit, incident: record, ...(amendment ? { amendment: amendment.id } : {}) }, () =>
          [
            t(
              `已登记 ${cls} 类事故 ${id}（${engineer.name}，${date}）`,
              `recorded class ${cls} incident ${id} (${engineer.name}, ${date})`,
            ),
            cls === "I"
              ? t(
                  "I类事故：主管须立即调动一切资源（包括研发）解决问题。",
                  "Class I: the supervisor must at once mobilise all resources (R&D included) to solve it.",
                )
              : "",
            t(
              `下一步：${engineer.name} 提交事故反思 svc incident reflect ${id} "…"`,
              `next: ${engineer.name} writes the reflection: svc incident reflect ${id} "…"`,
            ),
          ]
            .filter(Boolean)
            .join("\n"),
        );
      }),
    );

  onBehalf(withJson(incident.command("reflect")))
    .argument("<id>", t("事故编号", "incident id"))
    .argument("[text]", t("事故反思内容", "the reflection"))
    .description(
      t(
        "提交事故反思（责任服务人员本人；主管可用 --as 转录纸质反思）",
        "submit the reflection (the engineer concerned; the supervisor may transcribe paper with --as)",
      ),
    )
    .action(
      action(async (ctx, id: string, text: string | undefined, o: { as?: string; at?: string }) => {
        const store = await ctx.store();
        const inc = store.require("incident", id);
        const who = await acting(ctx, store, o.as, ["incident", "amendment"]);
        const actor = who.person;
        if (actor.id !== inc.engineer) {
          const who = store.person(inc.engineer)?.name ?? inc.engineer;
          throw new Refused(
            t(
              `${actor.name} 无权提交事故反思：只有责任服务人员 ${who}（${inc.engineer}）本人可以`,
              `${actor.name} may not submit the reflection: only the engineer concerned, ${who} (${inc.engineer}), may`,
            ),
          );
        }
        if (inc.reflection)
          throw new Refused(
            t(
              `事故 ${id} 的反思已于 ${inc.reflection.at} 提交`,
              `the reflection of incident ${id} was already submitted at ${inc.reflection.at}`,
            ),
          );
        const body = await need(ctx, text, "TEXT", t("事故反思", "reflection"));
        // D16: the reflection's time starts the supervisor's notice deadline: no supervisor back-dates it.
        const w = await entryTime(store, who.actor, {
          at: o.at,
          fined: [inc.engineer, ...supervisors(store)],
          what: ["事故反思", "the reflection"],
        });
        const record: Incident = {
          ...inc,
          reflection: { text: body, ...stampOf(who, w) },
        };
        const { closedMonthAmendment } = await import("./closed-month.ts");
        const amendment = closedMonthAmendment(
          store,
          record,
          record.date,
          "reflection",
          who.actor,
          record.reflection!.at,
          t(
            `${inc.date.slice(0, 7)} 考核表签字后提交的事故反思（不改变该月金额）`,
            `reflection submitted after ${inc.date.slice(0, 7)} was closed (the month's amounts do not change)`,
          ),
        );
        const { commit } = await store.commit({
          put: [{ record }, ...(amendment ? [{ record: amendment, create: true }] : [])],
          message: `incident reflect ${id}: ${actor.name} ${short(body)}`,
          author: who.actor,
        });
        const { makeCalendar } = await import("../domain/calendar.ts");
        const { incidentNoticeDeadline } = await import("../domain/incidents.ts");
        const cal = makeCalendar(store.config.calendar);
        const deadline = incidentNoticeDeadline(record, cal, store.config);
        emit(ctx, { id, commit, incident: record, noticeDeadline: deadline?.at }, () =>
          [
            t(`已提交事故反思 ${id}`, `reflection submitted for ${id}`),
            deadline
              ? t(
                  `主管须在 ${deadline.at} 前发出事故通报`,
                  `the supervisor's notice is due by ${deadline.at}`,
                )
              : "",
            ...cal.warnings(),
          ]
            .filter(Boolean)
            .join("\n"),
        );
      }),
    );

  withJson(incident.command("notify"))
    .option(
      "--at <time>",
      t(
        "补录：实际发出时间（allowAs 角色，主管本人不可）",
        "back-date: when it was sent (allowAs roles, not the supervisor himself)",
      ),
    )
    .argument("<id>", t("事故编号", "incident id"))
    .argument("[text]", t("事故通报内容", "the incident notice"))
    .description(
      t(
        "发出事故通报（主管；在事故反思提交后的规定工作日内，逾期计入主管考核）",
        "send the incident notice (supervisor; due a set number of working days after the reflection, lateness counts in the supervisor's assessment)",
      ),
    )
    .action(
      action(async (ctx, id: string, text: string | undefined, o: { at?: string }) => {
        const store = await ctx.store();
        const actor = await ctx.actor();
        // The GM may transcribe the supervisor's paper notice (--at, D16).
        requireRole(
          actor,
          t("发出事故通报", "send an incident notice"),
          "supervisor",
          ...(o.at ? (["gm"] as const) : []),
        );
        const inc = store.require("incident", id);
        if (!inc.reflection)
          throw new Refused(
            t(
              `事故 ${id} 尚无事故反思：须先由责任服务人员提交反思，评审后再发通报`,
              `incident ${id} has no reflection yet: the engineer concerned submits it first, the notice follows the review`,
            ),
            `svc incident reflect ${id} "…"`,
          );
        if (inc.notification)
          throw new Refused(
            t(
              `事故 ${id} 的通报已于 ${inc.notification.at} 发出`,
              `the notice of incident ${id} was already sent at ${inc.notification.at}`,
            ),
          );
        const body = await need(ctx, text, "TEXT", t("事故通报", "incident notice"));
        // D16: the notice's time decides the supervisors' fine; it never precedes the reflection.
        const w = await entryTime(store, actor, {
          at: o.at,
          fined: supervisors(store),
          what: ["事故通报", "the incident notice"],
        });
        if (new Date(w.at).getTime() < new Date(inc.reflection.at).getTime())
          throw new Refused(
            t(
              `未写入：事故通报时间 ${w.at} 早于事故反思时间 ${inc.reflection.at}`,
              `not written: the notice (${w.at}) would be before the reflection (${inc.reflection.at})`,
            ),
          );
        const record: Incident = {
          ...inc,
          notification: { text: body, ...stampOf({ actor, person: actor }, w) },
        };
        const { makeCalendar } = await import("../domain/calendar.ts");
        const { incidentNoticeLateness } = await import("../domain/incidents.ts");
        const cal = makeCalendar(store.config.calendar);
        const lateness = incidentNoticeLateness(record, cal, store.config, record.notification!.at);
        const { closedMonthAmendment } = await import("./closed-month.ts");
        const amendment = closedMonthAmendment(
          store,
          record,
          record.date,
          "notification",
          actor,
          record.notification!.at,
          t(
            `${inc.date.slice(0, 7)} 考核表签字后发出的事故通报（通报迟交计入截止日所在月份）`,
            `incident notice sent after ${inc.date.slice(0, 7)} was closed (a late notice counts in the month of its deadline)`,
          ),
        );
        const { commit } = await store.commit({
          put: [{ record }, ...(amendment ? [{ record: amendment, create: true }] : [])],
          message: `incident notify ${id}: ${short(body)}${lateness?.late ? " (逾期)" : ""}`,
          author: actor,
        });
        emit(
          ctx,
          { id, commit, incident: record, deadline: lateness?.deadline.at, late: lateness?.late ?? false },
          () =>
            [
              t(`已发出事故通报 ${id}`, `incident notice sent for ${id}`),
              lateness?.late
                ? t(
                    `逾期：期限为 ${lateness.deadline.at}（反思后 ${store.config.deadlines.incidentNoticeWorkdays} 个工作日），计入主管考核`,
                    `late: it was due by ${lateness.deadline.at} (${store.config.deadlines.incidentNoticeWorkdays} working days after the reflection); it counts in the supervisor's assessment`,
                  )
                : "",
              ...cal.warnings(),
            ]
              .filter(Boolean)
              .join("\n"),
        );
      }),
    );
}
