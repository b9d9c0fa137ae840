// Who may do what (DOMAIN §1–§3): the roles the workflow's step tables allow — `LETTER_STEPS.who` for
// every recorded step of a letter, `NOTICE_STEPS` for a notice — and the amendment rules; nothing is
// listed a second time here except what no table holds (opening a notice). Marking a forgery, a
// reassignment, a rescheduling and a cancellation are letter steps too (D15).
import { t } from "../../../core/i18n.ts";
import { AMENDING_ROLES, amendRefusal, mayAmend, SHEET_KINDS } from "../../../domain/amendments.ts";
import { rosterChangeProblems, selfEditProblems } from "../../../domain/roster.ts";
import { LETTER_STEPS, mayAct, NOTICE_STEPS, recordedSteps, whoName } from "../../../domain/workflow.ts";
import type { Letter, Person as RosterPerson } from "../../../schemas/index.ts";
import { kindOfId } from "../../../schemas/kinds.ts";
import {
  actsAs,
  type ChangeRule,
  type CommitContext,
  can,
  get,
  type Rec,
  same,
  type Violation,
} from "../rule.ts";
import { targetOf } from "./corrections.ts";

/** Opening a notice: the requester, the supervisor or the GM (DOMAIN §2.1). */
const NOTICE_OPENERS = ["requester", "supervisor", "gm"] as const;
/** Signing an assessment or payroll, GM decisions, approving an amendment (§3, §4). */
const GM = ["gm"] as const;
/** Recording an incident; sending its notice (svc incident, §2.5). */
const INCIDENT_RECORDERS = ["supervisor", "gm"] as const;
/** Who records a training exam and its results (svc exam: the supervisor; the GM may correct). */
const EXAM_RECORDERS = ["supervisor", "gm"] as const;
const INCIDENT_NOTIFIERS = ["supervisor"] as const;

/** The person a stamp names has one of the roles (in the roster before the commit). */
function personViolation(
  cx: CommitContext,
  id: string,
  by: unknown,
  roles: readonly string[],
  path: (string | number)[],
  what: string,
): Violation[] {
  const p = typeof by === "string" ? cx.people.get(by) : undefined;
  if (p?.roles.some((r) => roles.includes(r))) return [];
  return [
    {
      path,
      value: by,
      message: t(
        `${id}：${what}记为 ${String(by)}，只有 ${roles.join("/")} 可以`,
        `${id}: ${what} is recorded as by ${String(by)}; only a ${roles.join("/")} may`,
      ),
    },
  ];
}

function roleViolation(
  cx: CommitContext,
  id: string,
  what: string,
  roles: readonly string[],
  path?: (string | number)[],
): Violation[] {
  if (can(cx, ...roles)) return [];
  const who = cx.actor?.id ?? cx.commit.email;
  return [
    {
      path,
      message: t(
        `${who} 在 ${id} 上${what}，只有 ${roles.join("/")} 可以`,
        `${who} did ${what} on ${id}; only a ${roles.join("/")} may`,
      ),
      value: id,
    },
  ];
}

/** The recorded steps of a letter (src/domain/workflow.ts), also of one the schema check rejects. */
export function stepsOf(rec: Rec) {
  try {
    return recordedSteps({ ...rec, log: Array.isArray(rec.log) ? rec.log : [] } as unknown as Letter);
  } catch {
    return [];
  }
}

/** The recorded steps of a letter whose stamp this change added or altered. */
export function newSteps(before: Rec | undefined, after: Rec) {
  return stepsOf(after).filter((r) => {
    const at = r.by ? r.path.slice(0, -1) : r.path;
    return !same(get(before, ...at), get(after, ...at));
  });
}

function letterRoles(id: string, before: Rec | undefined, after: Rec, cx: CommitContext): Violation[] {
  const out: Violation[] = [];
  if (!before && after.notice)
    out.push(...roleViolation(cx, id, t("派工", "assigning a letter"), NOTICE_STEPS.assign.who, ["notice"]));
  // Every step the change records, by someone the step table allows (the engineer's own steps: `self`).
  for (const r of newSteps(before, after)) {
    // A step without a stamp of its own (the travel advance) is the committer's (found by attack: an
    // engineer wrote himself an advance by hand, and no rule asked who granted it).
    const by = r.by ?? cx.actor?.id;
    if (!by) continue;
    const step = LETTER_STEPS[r.action];
    const person = cx.people.get(by);
    if (person && mayAct(step, after as unknown as Letter, person as unknown as RosterPerson, r.at)) continue;
    const who = step.who.map((w) => whoName(w, after as unknown as Letter)).join(t("或", " or "));
    out.push({
      path: r.path,
      value: by,
      message: person
        ? t(
            `${id}：${by} 无权${step.title[0]}（记录于 ${r.path.join(".")}），只有${who}可以`,
            `${id}: ${by} may not ${step.title[1]} (recorded at ${r.path.join(".")}); only ${who} may`,
          )
        : t(
            `${id}：${r.path.join(".")} 记为 ${by} 所做，当时的名单中没有此人`,
            `${id}: ${r.path.join(".")} is recorded as done by ${by}, who was not in the roster`,
          ),
    });
  }
  return out;
}

export const role: ChangeRule = {
  id: "history-role",
  domain: "§1–§3, §2.1 (NOTICE_STEPS), §2.2 (LETTER_STEPS.who), D11, D15",
  forbids: [
    "做了自己的角色不允许的事：开单（下达人/主管/总经理）、签署通知单（总经理，或注明总经理不在的主管）、派工、责任书的每一步（按 LETTER_STEPS.who）、认定签字伪造（主管）、签署考核表或工资表与总经理决定（总经理）、更正考核表或工资表（主管/总经理，本人的一栏：总经理；批准更正：总经理）、写其他更正记录（主管/总经理；服务人员只为自己的周报、事故反思）、登记事故（主管/总经理）、事故反思（责任服务人员本人）与通报（主管）、修改名单（主管/总经理；授予总经理或主管角色、修改总经理的条目、修改已有人员的工资档次、删除人员：总经理）、提交他人的周报（主管）",
    "a step the author's roles do not allow: opening a notice (requester/supervisor/GM), signing one (GM, or the supervisor with gmAbsent), assigning, every recorded step of a letter (LETTER_STEPS.who), marking a signature forged (supervisor), signing an assessment or payroll and GM decisions (GM), amending an assessment or payroll (supervisor/GM, one's own entry: GM; approving an amendment: GM), writing any other amendment (supervisor/GM; an engineer only for his own weekly report or incident reflection), an incident recorded (supervisor/GM), its reflection (the engineer concerned) and notice (supervisor), roster changes (supervisor/GM; granting the GM or supervisor role, changing a GM's entry, changing the tier of someone on the roster, any removal: GM), deleting or changing what an incident or an exam records (supervisor/GM), submitting someone else's weekly report (supervisor)",
  ],
  kinds: [
    "notice",
    "letter",
    "person",
    "assessment",
    "payroll",
    "decision",
    "amendment",
    "incident",
    "exam",
    "weekly",
    "department-weekly",
  ],
  check(ch, cx) {
    const { kind, id, before, after } = ch;
    // A person taken off the roster is a roster change too (found by attack: an engineer emptied the
    // roster, and an empty roster may be started again by anyone — as he liked).
    // Only the GM takes someone off it at all: a GM removed and re-added, a person removed and re-added
    // with another tier, passed before (found by attack); people leave with --inactive.
    if (!after && kind === "person" && before && cx.roster.length && !can(cx, "gm"))
      return roleViolation(cx, id, t("从人员名单中删除", "a removal from the roster"), ["gm"]).map((v) => ({
        ...v,
        side: "before" as const,
      }));
    // An incident or an exam is the recorder's: deleting it, or changing what it records (the class,
    // the engineer, a score), is theirs too (found by attack: an engineer deleted his own incident,
    // raised his own exam score, and the fines went)
    const owners = kind === "incident" ? INCIDENT_RECORDERS : kind === "exam" ? EXAM_RECORDERS : undefined;
    if (owners && before && !after)
      return roleViolation(cx, id, t("删除", "a deletion"), owners).map((v) => ({
        ...v,
        side: "before" as const,
      }));
    if (owners && before && after) {
      const kept = kind === "incident" ? ["reflection", "notification"] : [];
      const facts = (r: Rec) => Object.fromEntries(Object.entries(r).filter(([k]) => !kept.includes(k)));
      if (!same(facts(before), facts(after)))
        return roleViolation(cx, id, t("修改记录内容", "a change of what it records"), owners);
    }
    if (!after) return [];
    switch (kind) {
      case "notice": {
        if (!before) return roleViolation(cx, id, t("填写服务通知单", "opening a notice"), NOTICE_OPENERS);
        const sa = after.signature as { gmAbsent?: boolean; by?: string; as?: string } | undefined;
        if (before.signature || !sa) return [];
        // A paper signature typed in (--as, D16): the signer recorded is judged (history-stamp judges
        // who entered it for him).
        if (sa.as && sa.as === cx.actor?.id && actsAs(cx, sa))
          return sa.gmAbsent
            ? personViolation(
                cx,
                id,
                sa.by,
                NOTICE_STEPS.sign.who,
                ["signature", "by"],
                t("代总经理签字", "signing for the absent GM"),
              )
            : personViolation(
                cx,
                id,
                sa.by,
                GM,
                ["signature", "by"],
                t("签字生效（总经理）", "signing as GM"),
              );
        return sa.gmAbsent
          ? roleViolation(cx, id, t("代总经理签字", "signing for the absent GM"), NOTICE_STEPS.sign.who, [
              "signature",
            ])
          : roleViolation(cx, id, t("签字生效（总经理）", "signing as GM"), GM, ["signature"]);
      }
      case "letter":
        return letterRoles(id, before, after, cx);
      case "person": {
        if (!cx.roster.length) return [];
        if (!can(cx, "supervisor", "gm"))
          return roleViolation(cx, id, t("修改人员名单", "a roster change"), ["supervisor", "gm"], ["roles"]);
        const gmExists = cx.roster.some((p) => p.roles.includes("gm"));
        return rosterChangeProblems(before, after, cx.actor?.roles ?? [], gmExists)
          .filter((p) => !(p.startsWith("grant-") && id === cx.actor?.id)) // raising one's own roles: history-self-grant
          .flatMap((p) =>
            roleViolation(
              cx,
              id,
              p === "grant-gm"
                ? t("授予总经理角色", "granting the GM role")
                : p === "grant-supervisor"
                  ? t("授予主管角色", "granting the supervisor role")
                  : p === "gm-entry"
                    ? t("修改总经理的名单条目", "changing the GM's roster entry")
                    : t(
                        "修改工资档次（升降档须总经理决定：svc tier set）",
                        "changing a salary tier (the GM decides: svc tier set)",
                      ),
              GM,
              [p === "tier" ? "tier" : "roles"],
            ),
          );
      }
      case "assessment":
      case "payroll":
        return after.signature && !before?.signature
          ? roleViolation(cx, id, t("签署", "signing"), GM, ["signature"])
          : [];
      case "decision":
        return before ? [] : roleViolation(cx, id, t("总经理决定", "a GM decision"), GM);
      case "amendment": {
        if (before) return [];
        const out: Violation[] = [];
        const target = typeof after.target === "string" ? kindOfId(after.target) : undefined;
        if (target && (SHEET_KINDS as readonly string[]).includes(target)) {
          out.push(
            ...roleViolation(
              cx,
              id,
              t(`更正 ${String(after.target)}`, `amending ${String(after.target)}`),
              AMENDING_ROLES,
              ["target"],
            ),
          );
          const sheet = cx.sheets?.get(String(after.target));
          if (
            cx.actor &&
            can(cx, ...AMENDING_ROLES) &&
            !mayAmend(cx.actor, target, [...targetOf(cx, after.target), sheet], after.changes)
          )
            out.push({
              path: ["changes"],
              value: after.target,
              message: amendRefusal(cx.actor.id, after.target, true),
            });
        } else if (cx.actor && !mayAmend(cx.actor, target, targetOf(cx, after.target), after.changes))
          out.push({
            path: ["target"],
            value: after.target,
            message: amendRefusal(cx.actor.id, after.target, false),
            hint: t(
              "请主管用对应的命令更正（svc notice correct、svc ratings correct、--amend-reason 等）",
              "ask the supervisor to correct it with the command for it (svc notice correct, svc ratings correct, --amend-reason …)",
            ),
          });
        const approver = get(after, "approval", "by");
        if (approver !== undefined)
          out.push(
            ...personViolation(
              cx,
              id,
              approver,
              GM,
              ["approval", "by"],
              t("批准更正", "approving the amendment"),
            ),
          );
        return out;
      }
      case "incident": {
        // who records an incident, writes the reflection, sends the notice (svc incident, §2.5)
        const out: Violation[] = [];
        for (const [field, roles, what] of [
          ["opened", INCIDENT_RECORDERS, t("登记事故", "recording the incident")],
          ["reflection", "engineer", t("事故反思", "the reflection")],
          ["notification", INCIDENT_NOTIFIERS, t("事故通报", "the incident notice")],
        ] as const) {
          const a = get(after, field, "by");
          if (a === undefined || same(get(before, field), get(after, field))) continue;
          if (roles === "engineer") {
            if (a !== after.engineer)
              out.push({
                path: [field, "by"],
                value: a,
                message: t(
                  `${id}：${what}只能由责任服务人员 ${String(after.engineer)} 本人提交，记为 ${String(a)}`,
                  `${id}: ${what} is the engineer concerned's (${String(after.engineer)}), recorded as ${String(a)}`,
                ),
              });
          } else {
            // The GM transcribes the supervisor's paper notice (--at, D16).
            const who =
              field === "notification" && get(after, field, "backdated") === true
                ? ["supervisor", "gm"]
                : roles;
            out.push(...personViolation(cx, id, a, who, [field, "by"], what));
          }
        }
        return out;
      }
      case "weekly":
        if (typeof after.submitted !== "string" || before?.submitted === after.submitted) return [];
        if (after.engineer === cx.actor?.id) return [];
        return roleViolation(
          cx,
          id,
          t("提交他人的周报", "submitting someone else's weekly report"),
          ["supervisor"],
          ["engineer"],
        );
      case "department-weekly":
        if (typeof after.submitted !== "string" || before?.submitted === after.submitted) return [];
        // The GM transcribes the supervisor's paper report (--at, D16).
        return roleViolation(
          cx,
          id,
          t("提交技术服务周报", "submitting the department's weekly report"),
          after.backdated === true ? ["supervisor", "gm"] : ["supervisor"],
        );
      default:
        return [];
    }
  },
};

export const selfGrant: ChangeRule = {
  id: "history-self-grant",
  domain: "§1, D9",
  forbids: [
    "给自己增加角色；总经理以外的人修改自己的入职日期",
    "adding roles to oneself; changing one's own hire date (but the GM)",
  ],
  kinds: ["person"],
  check({ id, before, after }, cx) {
    if (!cx.roster.length || !before || !after || id !== cx.actor?.id || !can(cx, "supervisor", "gm"))
      return [];
    return selfEditProblems(before, after, cx.actor.roles).map((p) =>
      p.field === "roles"
        ? {
            path: ["roles"],
            message: t(
              `${id} 给自己增加了角色 ${p.added?.join("/")}`,
              `${id} gave themselves the role ${p.added?.join("/")}`,
            ),
            hint: t("角色由他人（主管或总经理）授予", "roles are granted by someone else (supervisor or GM)"),
            value: p.added,
          }
        : {
            path: ["hired"],
            message: t(
              `${id} 修改了自己的入职日期（${String(before.hired ?? "—")} → ${String(after.hired ?? "—")}）：它决定本人哪些月份进考核表`,
              `${id} changed their own hire date (${String(before.hired ?? "—")} → ${String(after.hired ?? "—")}): it decides the months they are assessed in`,
            ),
            hint: t("由总经理修改", "the GM changes it"),
            value: after.hired,
          },
    );
  },
};
