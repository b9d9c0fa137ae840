// The service workflow, written once as data (DOMAIN §2.1–2.2): which action is allowed from which
// state of a responsibility letter (项目责任书), which state it leads to, who may do it and what must
// already be on the letter. Every command of the workflow asks `letterRefusal()` before it changes a
// letter, and `svc check` can ask `stateProblems()` whether a letter's recorded status agrees with
// what the letter carries. Pure: no disk, no git, no clock.
import { t } from "../core/i18n.ts";
import { LETTER_STATES, type LetterState, type Role } from "../schemas/enums.ts";
import type { Letter, Notice, Person } from "../schemas/index.ts";

export { LETTER_STATES, type LetterState };

/** Who may act: a role of the roster, or "self" — the engineer the letter is assigned to. */
export type Who = Role | "self";

/** A fact a letter must carry before an action, with what to do to establish it. */
export interface Need {
  id: string;
  holds(l: Letter): boolean;
  /** What is needed, e.g. 现场情况确认. */
  what: [zh: string, en: string];
  /** How to get it: a command, with L standing for the letter id. */
  how?: string;
}

export interface Step {
  /** Verb phrase for messages: 批准出差计划 / approve the travel plan. */
  title: [zh: string, en: string];
  from: readonly LetterState[];
  /** The resulting state; absent: the status does not change. */
  to?: LetterState;
  who: readonly Who[];
  needs: readonly Need[];
  /** The regulation's wording, added to a refusal for a missing need. */
  rule?: [zh: string, en: string];
}

/** States in which work on site is still going on. */
export const OPEN_STATES: readonly LetterState[] = ["派工", "在建", "延期"];
/** States after completion. */
export const DONE_STATES: readonly LetterState[] = ["完工", "已确认", "回访", "结案"];

const hasTravel = (l: Letter) => Boolean(l.travel);

export const NEEDS = {
  site: {
    id: "site",
    holds: (l) => Boolean(l.site),
    what: ["现场情况确认", "the site confirmation"],
    how: "svc site L --matches",
  },
  solution: {
    id: "solution",
    holds: (l) => Boolean(l.preparation.solution),
    what: ["解决方案", "a solution"],
    how: 'svc solution L "…"',
  },
  travel: {
    id: "travel",
    holds: hasTravel,
    what: ["出差安排（目的地、天数）", "a travel plan (destination, days)"],
    how: "svc assign … --destination … --days N",
  },
  approvedOrUnplanned: {
    id: "approval",
    holds: (l) => Boolean(l.approval || l.unplanned),
    what: ["主管批准", "the supervisor's approval"],
    how: "svc approve L",
  },
  completion: {
    id: "completion",
    holds: (l) => Boolean(l.completion),
    what: ["完工记录（客户评价与签字）", "the completion (ratings and signature)"],
    how: "svc close L --rating 态度=优,水平=优,结果=优 --signed-by 姓名",
  },
  returned: {
    id: "return",
    holds: (l) => !l.travel || Boolean(l.return),
    what: ["返回确认（有出差的责任书）", "the return (a letter with travel)"],
    how: "svc return L",
  },
  countersigned: {
    id: "countersign",
    holds: (l) => !l.unplanned || Boolean(l.unplanned.countersign),
    what: ["主管补签（现场意外工作）", "the supervisor's countersignature (unplanned work)"],
    how: "svc letter countersign L",
  },
  unplanned: {
    id: "unplanned",
    holds: (l) => Boolean(l.unplanned),
    what: ["现场意外工作的责任书", "a letter for unplanned work"],
  },
  notCountersigned: {
    id: "not-countersigned",
    holds: (l) => !l.unplanned?.countersign,
    what: ["尚未补签", "not yet countersigned"],
  },
  pendingDelay: {
    id: "pending-delay",
    holds: (l) => (l.delays ?? []).some((d) => !d.approval),
    what: ["待批准的延期申请", "a pending extension request"],
    how: "svc delay L --reason B --until 时间",
  },
  pendingChange: {
    id: "pending-change",
    holds: (l) => (l.changes ?? []).some((c) => !c.gmApproval),
    what: ["待批准的客户更改要求", "a pending change request"],
    how: "svc change L --description …",
  },
} satisfies Record<string, Need>;

export type LetterAction =
  | "site"
  | "solution"
  | "approve"
  | "log"
  | "escalate"
  | "checkin"
  | "change"
  | "change-approve"
  | "delay"
  | "delay-approve"
  | "close"
  | "return"
  | "confirm"
  | "followup"
  | "archive"
  | "countersign"
  | "market";

const WORKING: readonly LetterState[] = ["派工", "在建", "延期"];
const ON_SITE: readonly LetterState[] = ["在建", "延期"];

/** The letter state machine. Letters are created in 派工 by `svc assign` (in 在建 when unplanned). */
export const LETTER_STEPS: Record<LetterAction, Step> = {
  site: {
    title: ["确认现场情况", "confirm the site situation"],
    from: ["派工"],
    who: ["self"],
    needs: [],
  },
  solution: {
    title: ["准备解决方案", "prepare the solution"],
    from: ["派工"],
    who: ["self", "supervisor"],
    needs: [],
  },
  approve: {
    title: ["批准出差计划", "approve the travel plan"],
    from: ["派工"],
    to: "在建",
    who: ["supervisor"],
    needs: [NEEDS.site, NEEDS.solution],
    rule: [
      "没有确认现场情况和解决方案，不得出差",
      "no travel without a confirmed site situation and a solution",
    ],
  },
  log: {
    title: ["填写服务记录", "log the service"],
    from: WORKING,
    who: ["self", "supervisor"],
    needs: [],
  },
  escalate: {
    title: ["书面上报疑难问题", "report a difficult problem in writing"],
    from: WORKING,
    who: ["self", "supervisor"],
    needs: [],
  },
  checkin: {
    title: ["出差状态汇报", "report the status while travelling"],
    from: ON_SITE,
    who: ["self"],
    needs: [NEEDS.travel],
  },
  change: {
    title: ["记录客户更改要求", "record a customer change request"],
    from: WORKING,
    who: ["self", "supervisor"],
    needs: [],
  },
  "change-approve": {
    title: ["批准客户更改要求", "approve a customer change request"],
    from: WORKING,
    who: ["gm"],
    needs: [NEEDS.pendingChange],
  },
  delay: {
    title: ["申请延期", "record a delay"],
    from: ON_SITE,
    to: "延期",
    who: ["self", "supervisor"],
    needs: [],
  },
  "delay-approve": {
    title: ["批准延期", "approve an extension"],
    from: ["延期"],
    who: ["supervisor"],
    needs: [NEEDS.pendingDelay],
  },
  close: {
    title: ["完工（客户评价与签字）", "close (ratings and signature)"],
    from: ON_SITE,
    to: "完工",
    who: ["self"],
    needs: [NEEDS.approvedOrUnplanned],
  },
  return: {
    title: ["确认返回", "confirm the return"],
    from: ["完工"],
    who: ["self", "supervisor"],
    needs: [],
  },
  confirm: {
    title: ["确认责任书", "confirm the letter"],
    from: ["完工"],
    to: "已确认",
    who: ["supervisor"],
    needs: [NEEDS.completion, NEEDS.returned, NEEDS.countersigned],
  },
  followup: {
    title: ["回访", "record the follow-up visit"],
    from: ["已确认"],
    to: "回访",
    who: ["supervisor", "sales-admin", "gm", "self"],
    needs: [],
  },
  archive: {
    title: ["结案", "archive (hand to finance)"],
    from: ["已确认", "回访"],
    to: "结案",
    who: ["supervisor", "sales-admin"],
    needs: [NEEDS.completion],
  },
  market: {
    title: ["记录客户信息/市场信息", "record customer / market information"],
    from: ["派工", "在建", "延期", "完工"],
    who: ["self", "supervisor"],
    needs: [],
  },
  countersign: {
    title: ["补签现场意外工作", "countersign unplanned work"],
    from: ["完工"],
    who: ["supervisor"],
    needs: [NEEDS.unplanned, NEEDS.notCountersigned],
  },
};

export interface Refusal {
  kind: "state" | "role" | "need";
  message: string;
  hint?: string;
}

const zh = (p: [string, string]) => t(p[0], p[1]);

export function whoName(who: Who, letter?: Letter, people?: ReadonlyMap<string, Person>): string {
  if (who === "self") {
    const name = letter ? (people?.get(letter.engineer)?.name ?? letter.engineer) : "";
    return t(
      `该责任书的服务人员${name ? `（${name}）` : ""}`,
      `the letter's engineer${name ? ` (${name})` : ""}`,
    );
  }
  const titles: Record<Role, [string, string]> = {
    engineer: ["服务人员", "engineer"],
    supervisor: ["技术服务部主管", "supervisor"],
    gm: ["总经理", "general manager"],
    requester: ["任务下达人", "requester"],
    "sales-admin": ["销售内勤", "sales admin"],
    finance: ["财务", "finance"],
  };
  return t(titles[who][0], `the ${titles[who][1]}`);
}

/** May this person act in this role on the letter? */
export function mayAct(step: Step, letter: Letter, person: Person): boolean {
  return step.who.some((w) => (w === "self" ? person.id === letter.engineer : person.roles.includes(w)));
}

/** The states from which `to` can be reached in one step (for hints). */
function stepsInto(state: LetterState): string[] {
  return (Object.entries(LETTER_STEPS) as [LetterAction, Step][])
    .filter(([, s]) => s.to === state)
    .map(([a]) => `svc ${a.replace("-", " ")}`);
}

function fill(how: string | undefined, id: string): string | undefined {
  return how?.replace(/\bL\b/, id);
}

/**
 * Why `person` may not do `action` on `letter` now — or undefined when allowed. Checks, in order:
 * who may do it, the state it must be in, and the facts it needs. The message names the letter's
 * current state and what is needed.
 */
export function letterRefusal(
  action: LetterAction,
  letter: Letter,
  person: Person,
  people?: ReadonlyMap<string, Person>,
): Refusal | undefined {
  const step = LETTER_STEPS[action];
  const what = zh(step.title);
  if (!mayAct(step, letter, person)) {
    const who = step.who.map((w) => whoName(w, letter, people)).join(t("或", " or "));
    return {
      kind: "role",
      message: t(
        `${person.name} 无权${what}：只有${who}可以`,
        `${person.name} may not ${what}: only ${who} may`,
      ),
    };
  }
  if (!step.from.includes(letter.status as LetterState)) {
    const from = step.from.join("/");
    const order = (s: string) => LETTER_STATES.indexOf(s as LetterState);
    const earlier = order(letter.status) < order(step.from[0]);
    const into = earlier ? stepsInto(step.from[0]) : [];
    return {
      kind: "state",
      message: t(
        `责任书 ${letter.id} 当前状态为「${letter.status}」，不能${what}：须处于 ${from}`,
        `letter ${letter.id} is ${letter.status}; cannot ${what}: it must be ${from}`,
      ),
      hint: hintFor(into.map((c) => `${c} ${letter.id}`)),
    };
  }
  const missing = step.needs.filter((n) => !n.holds(letter));
  if (missing.length) {
    const list = missing.map((n) => zh(n.what)).join(t("、", ", "));
    const rule = step.rule ? t(`（${step.rule[0]}）`, ` (${step.rule[1]})`) : "";
    const hows = missing.map((n) => fill(n.how, letter.id)).filter((h): h is string => Boolean(h));
    return {
      kind: "need",
      message: t(
        `责任书 ${letter.id}（状态：${letter.status}）不能${what}：还需要${list}${rule}`,
        `letter ${letter.id} (${letter.status}) cannot ${what}: needs ${list}${rule}`,
      ),
      hint: hows.length ? hows.join(t("；", "; ")) : undefined,
    };
  }
  return undefined;
}

function hintFor(into: string[]): string | undefined {
  return into.length ? t(`先：${into.join(" 或 ")}`, `first: ${into.join(" or ")}`) : undefined;
}

/** The state after the action (unchanged when the step has no `to`). */
export function nextState(action: LetterAction, letter: Letter): LetterState {
  return LETTER_STEPS[action].to ?? (letter.status as LetterState);
}

/** What a letter in a state must carry (derived from the steps that lead there). */
export const STATE_NEEDS: Record<LetterState, readonly Need[]> = {
  派工: [],
  在建: [NEEDS.approvedOrUnplanned],
  延期: [NEEDS.approvedOrUnplanned],
  完工: [NEEDS.approvedOrUnplanned, NEEDS.completion],
  已确认: [NEEDS.approvedOrUnplanned, NEEDS.completion, NEEDS.returned, NEEDS.countersigned],
  回访: [NEEDS.approvedOrUnplanned, NEEDS.completion, NEEDS.returned, NEEDS.countersigned],
  结案: [NEEDS.approvedOrUnplanned, NEEDS.completion, NEEDS.returned, NEEDS.countersigned],
};

const STAMP_OF: Partial<Record<LetterState, keyof Letter>> = {
  已确认: "confirmation",
  回访: "followup",
  结案: "archive",
};

/**
 * For `svc check`: what is wrong with a letter's status given what it carries — a status the
 * recorded steps could not have reached. Each problem names the field path to point at.
 */
export function stateProblems(letter: Letter): { path: string[]; message: string }[] {
  const out: { path: string[]; message: string }[] = [];
  const status = letter.status as LetterState;
  if (!LETTER_STATES.includes(status)) return out; // the schema reports unknown states
  for (const n of STATE_NEEDS[status]) {
    if (!n.holds(letter))
      out.push({
        path: ["status"],
        message: t(`状态为${status}，但缺少${n.what[0]}`, `status ${status} but ${n.what[1]} is missing`),
      });
  }
  const stamp = STAMP_OF[status];
  if (stamp && !letter[stamp])
    out.push({
      path: ["status"],
      message: t(
        `状态为${status}，但没有相应记录（${String(stamp)}）`,
        `status ${status} but ${String(stamp)} is missing`,
      ),
    });
  if (status === "延期" && !(letter.delays ?? []).length)
    out.push({
      path: ["status"],
      message: t("状态为延期，但没有延期记录", "status 延期 but no delay recorded"),
    });
  if (OPEN_STATES.includes(status) && letter.completion)
    out.push({
      path: ["status"],
      message: t(`已有完工记录，状态却是${status}`, `has a completion but status is ${status}`),
    });
  return out;
}

// ---------------------------------------------------------------- notices

/** A notice's state follows from what it carries and whether a letter was made from it. */
export type NoticeState = "待签字" | "已生效" | "已派工" | "已作废";

export function noticeState(notice: Notice, letters: readonly Letter[]): NoticeState {
  if (notice.cancelled) return "已作废";
  if (letters.some((l) => l.notice === notice.id)) return "已派工";
  return notice.signature ? "已生效" : "待签字";
}

export type NoticeAction = "sign" | "assign";

export const NOTICE_STEPS: Record<
  NoticeAction,
  { title: [string, string]; from: readonly NoticeState[]; to: NoticeState; who: readonly Role[] }
> = {
  sign: { title: ["签字生效", "sign the notice"], from: ["待签字"], to: "已生效", who: ["gm", "supervisor"] },
  assign: { title: ["派工", "assign the notice"], from: ["已生效"], to: "已派工", who: ["supervisor"] },
};

/**
 * Why `person` may not sign/assign the notice now. A supervisor signs only recorded as "GM absent"
 * (DOMAIN §2.1); an unsigned notice cannot be assigned.
 */
export function noticeRefusal(
  action: NoticeAction,
  notice: Notice,
  letters: readonly Letter[],
  person: Person,
  opts: { gmAbsent?: boolean } = {},
): Refusal | undefined {
  const step = NOTICE_STEPS[action];
  const what = zh(step.title);
  const isGm = person.roles.includes("gm");
  const isSup = person.roles.includes("supervisor");
  if (action === "sign") {
    if (!isGm && !isSup)
      return {
        kind: "role",
        message: t(
          `${person.name} 无权签署通知单：只有总经理可以（总经理不在时由主管代签）`,
          `${person.name} may not sign a notice: only the general manager may (the supervisor when the GM is away)`,
        ),
      };
    if (!isGm && !opts.gmAbsent)
      return {
        kind: "role",
        message: t(
          `主管只能在总经理不在时代签通知单`,
          "the supervisor may sign a notice only when the GM is away",
        ),
        hint: t("加 --gm-absent 记录为总经理不在、由主管代签", "add --gm-absent to record the GM's absence"),
      };
  } else if (!step.who.some((r) => person.roles.includes(r))) {
    return {
      kind: "role",
      message: t(
        `${person.name} 无权派工：只有技术服务部主管可以`,
        `${person.name} may not assign a notice: only the supervisor may`,
      ),
    };
  }
  const state = noticeState(notice, letters);
  if (!step.from.includes(state)) {
    const hints: Record<NoticeState, string | undefined> = {
      待签字: t(
        `通知单须经总经理签字生效（总经理不在时主管代签）：svc sign ${notice.id}`,
        `the GM must sign it first (the supervisor when the GM is away): svc sign ${notice.id}`,
      ),
      已生效: undefined,
      已派工: t(
        `已有责任书：${letters.find((l) => l.notice === notice.id)?.id ?? ""}`,
        `letter: ${letters.find((l) => l.notice === notice.id)?.id ?? ""}`,
      ),
      已作废: undefined,
    };
    const need = step.from.join("/");
    return {
      kind: "state",
      message: t(
        `通知单 ${notice.id} 当前状态为「${state}」，不能${what}：须处于 ${need}`,
        `notice ${notice.id} is ${state}; cannot ${what}: it must be ${need}`,
      ),
      hint: hints[state],
    };
  }
  return undefined;
}
