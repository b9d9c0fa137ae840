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
  /**
   * Said instead of "still needs …" when the fact can no longer be established by acting: the step
   * was done already, or there is nothing pending to decide.
   */
  refusal?: (l: Letter) => [zh: string, en: string];
  /**
   * A reason to act now rather than a premise the letter keeps afterwards (a pending request, a step
   * not yet done): `svc check` does not look for it on a letter whose step is recorded.
   */
  transient?: true;
}

export interface Step {
  /** Verb phrase for messages: 批准出差计划 / approve the travel plan. */
  title: [zh: string, en: string];
  from: readonly LetterState[];
  /** The resulting state; absent: the status does not change. */
  to?: LetterState;
  /** States the step leaves as they are (it records, but does not move the letter from them). */
  stays?: readonly LetterState[];
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
/** D22: worked remotely — no travel, no advance — until the supervisor sends the engineer on site. */
export const isRemote = (l: Letter) => Boolean(l.remote && !l.remote.onSite);

/** D18: the survey is done — the customer was reached, or could not be after 3 tries. */
export function surveyDone(l: Letter): boolean {
  return Boolean(l.survey && (l.survey.reached || l.survey.attempts.length >= 3));
}

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
  siteNotYet: {
    id: "site-once",
    holds: (l) => !l.site,
    what: ["尚未确认现场情况", "no site confirmation yet"],
    how: 'svc log L "现场情况补充：…"',
    refusal: (l) => [
      `现场情况已于 ${l.site?.at ?? ""} 确认（${l.site?.matches ? "一致" : `不一致：${l.site?.difference ?? ""}`}），不能重复确认；补充情况请写入服务记录`,
      `the site was confirmed at ${l.site?.at ?? ""} (${l.site?.matches ? "matches" : `differs: ${l.site?.difference ?? ""}`}); it is recorded once — add to it in the service log`,
    ],
    transient: true,
  },
  approved: {
    id: "approved",
    holds: (l) => Boolean(l.approval),
    what: ["主管批准", "the supervisor's approval"],
    how: "svc approve L",
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
  signedNotForged: {
    id: "signed-not-forged",
    holds: (l) => Boolean(l.completion && !l.completion.unsigned && !l.completion.forged),
    what: ["客户签字（未认定伪造）", "a customer signature not yet marked forged"],
    refusal: (l) =>
      l.completion?.forged
        ? [
            `签字已于 ${l.completion.forged.at} 认定为伪造`,
            `the signature was marked forged already at ${l.completion.forged.at}`,
          ]
        : [
            "完工时即无客户签字，无可认定伪造的签字",
            "closed without a signature: there is none to mark forged",
          ],
    transient: true,
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
    refusal: () => [
      "不是现场意外工作的责任书，无须补签",
      "not a letter for unplanned work: nothing to countersign",
    ],
  },
  notCountersigned: {
    id: "not-countersigned",
    holds: (l) => !l.unplanned?.countersign,
    what: ["尚未补签", "not yet countersigned"],
    refusal: (l) => [
      `已于 ${l.unplanned?.countersign?.at ?? ""} 补签`,
      `countersigned already at ${l.unplanned?.countersign?.at ?? ""}`,
    ],
    transient: true,
  },
  surveyed: {
    id: "surveyed",
    holds: (l) => surveyDone(l),
    what: ["客服回访（或 3 次联系不到客户）", "the 回访 survey (or 3 failed tries)"],
    how: "svc survey L --reached yes --signed-personally yes --explained yes --rating 态度=优,质量=优,速度=优",
    transient: true,
  },
  surveyOpen: {
    id: "survey-open",
    holds: (l) => !surveyDone(l),
    what: ["尚未完成回访", "no finished survey yet"],
    refusal: () => ["已完成回访", "the survey is already recorded"],
    transient: true,
  },
  notSignedPersonally: {
    id: "not-signed-personally",
    holds: (l) => l.survey?.signedPersonally === false,
    what: ["回访中客户表示未本人签字", "a survey where the customer did not sign personally"],
    refusal: () => [
      "回访中客户未表示非本人签字，无须认定",
      "the survey does not say the customer did not sign: nothing to decide",
    ],
  },
  undecided: {
    id: "undecided",
    holds: (l) => !l.survey?.decision,
    what: ["尚未认定", "not decided yet"],
    refusal: (l) => [
      `已于 ${l.survey?.decision?.at ?? ""} 认定`,
      `decided at ${l.survey?.decision?.at ?? ""}`,
    ],
    transient: true,
  },
  notAcked: {
    id: "not-acked",
    holds: (l) => !l.ack,
    what: ["尚未记录首次响应", "no first response recorded yet"],
    refusal: (l) => [
      `已于 ${l.ack?.at ?? ""} 记录首次响应`,
      `the first response was recorded at ${l.ack?.at ?? ""}`,
    ],
    transient: true,
  },
  notArrived: {
    id: "not-arrived",
    holds: (l) => !l.arrival,
    what: ["尚未记录到场", "no arrival recorded yet"],
    refusal: (l) => [
      `已于 ${l.arrival?.at ?? ""} 记录到场`,
      `the arrival was recorded at ${l.arrival?.at ?? ""}`,
    ],
    transient: true,
  },
  notRemote: {
    id: "not-remote",
    holds: (l) => !isRemote(l),
    what: ["现场服务（远程处理的责任书没有出差）", "on-site work (a remote letter has no travel)"],
    how: "svc remote L --on-site --destination … --days N",
  },
  remoteNotYet: {
    id: "remote-once",
    holds: (l) => !l.remote,
    what: ["尚未改为远程处理", "not yet worked remotely"],
    refusal: (l) => [
      `已于 ${l.remote?.at ?? ""} 改为远程处理${l.remote?.onSite ? `，并于 ${l.remote.onSite.at} 转为现场服务` : ""}`,
      `worked remotely since ${l.remote?.at ?? ""}${l.remote?.onSite ? `, on site since ${l.remote.onSite.at}` : ""}`,
    ],
    transient: true,
  },
  remoteActive: {
    id: "remote-active",
    holds: isRemote,
    what: ["远程处理中的责任书", "a letter worked remotely"],
    refusal: (l) =>
      l.remote
        ? [
            `已于 ${l.remote.onSite?.at ?? ""} 转为现场服务`,
            `sent on site already at ${l.remote.onSite?.at ?? ""}`,
          ]
        : ["不是远程处理的责任书", "not a letter worked remotely"],
    transient: true,
  },
  pendingDelay: {
    id: "pending-delay",
    holds: (l) => (l.delays ?? []).some((d) => !d.approval),
    what: ["待批准的延期申请", "a pending extension request"],
    how: "svc delay L --reason B --until 时间",
    refusal: () => [
      "没有待批准的延期申请（已全部批准）",
      "there is no pending extension request (all are approved)",
    ],
    transient: true,
  },
  pendingChange: {
    id: "pending-change",
    holds: (l) => (l.changes ?? []).some((c) => !c.gmApproval),
    what: ["待批准的客户更改要求", "a pending change request"],
    how: "svc change L --description …",
    refusal: () => [
      "没有待批准的客户更改要求（已全部批准）",
      "there is no pending change request (all are approved)",
    ],
    transient: true,
  },
} satisfies Record<string, Need>;

export type LetterAction =
  | "site"
  | "ack"
  | "arrive"
  | "solution"
  | "approve"
  | "advance"
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
  | "survey"
  | "survey-decide"
  | "countersign"
  | "market"
  | "reassign"
  | "appointment"
  | "forged"
  | "cancel"
  | "remote"
  | "on-site";

const WORKING: readonly LetterState[] = ["派工", "在建", "延期"];
const ON_SITE: readonly LetterState[] = ["在建", "延期"];

/** The letter state machine. Letters are created in 派工 by `svc assign` (in 在建 when unplanned). */
export const LETTER_STEPS: Record<LetterAction, Step> = {
  site: {
    title: ["确认现场情况", "confirm the site situation"],
    from: ["派工"],
    who: ["self"],
    needs: [NEEDS.siteNotYet],
  },
  // D17: the response clock stops at the first contact (the site confirmation or `svc ack`), the
  // arrival clock when the engineer is on site or starts remote work (`svc arrive`, 000 §三.8).
  ack: {
    title: ["记录首次响应（与客户取得联系）", "record the first response (reached the customer)"],
    from: WORKING,
    who: ["self"],
    needs: [NEEDS.notAcked],
  },
  arrive: {
    title: ["记录到场或开始远程处理", "record the arrival on site or the start of remote work"],
    from: WORKING,
    who: ["self"],
    needs: [NEEDS.notArrived],
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
  advance: {
    title: ["批准预支出差款", "grant a travel advance"],
    from: ON_SITE,
    who: ["supervisor"],
    needs: [NEEDS.approved, NEEDS.travel, NEEDS.notRemote],
    rule: ["只有经批准的责任书才能预支出差款", "only an approved letter allows a travel advance"],
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
  // A job not yet started can be delayed too — reason A is "took the job but did not serve", C the
  // customer not ready (DOMAIN §2.2, [003]); the letter stays 派工 with the delay recorded, since
  // [001]'s 任务状态 puts 延期 after 在建.
  delay: {
    title: ["申请延期", "record a delay"],
    from: WORKING,
    to: "延期",
    stays: ["派工"],
    who: ["self", "supervisor"],
    needs: [],
  },
  "delay-approve": {
    title: ["批准延期", "approve an extension"],
    from: ["派工", "延期"],
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
    needs: [NEEDS.completion, NEEDS.surveyed],
    rule: [
      "结案前须完成客服回访（或 3 次联系不到客户）",
      "the 回访 survey (or 3 failed tries) comes before the archive",
    ],
  },
  // D18: the 回访 survey by the sales admin or customer service (never the letter's engineer: the
  // command refuses him); each unreachable try is one attempt, the third ends it.
  survey: {
    title: ["客服回访", "record the 回访 survey"],
    from: ["已确认", "回访"],
    who: ["sales-admin", "customer-service"],
    needs: [NEEDS.surveyOpen],
  },
  "survey-decide": {
    title: ["认定回访中非本人签字的责任书是否伪造", "decide the forged mark after the survey"],
    from: ["已确认", "回访", "结案"],
    who: ["supervisor"],
    needs: [NEEDS.notSignedPersonally, NEEDS.undecided],
  },
  market: {
    title: ["记录客户信息/市场信息", "record customer / market information"],
    from: ["派工", "在建", "延期", "完工"],
    who: ["self", "supervisor"],
    needs: [],
  },
  // D22: the supervisor decides to solve it remotely before anyone travels (no travel, no advance;
  // `svc approve` then approves the plan) — and, when that fails, sends the engineer on site, which
  // approves the trip.
  remote: {
    title: ["改为远程处理", "work the letter remotely"],
    from: ["派工"],
    who: ["supervisor"],
    needs: [NEEDS.remoteNotYet],
  },
  "on-site": {
    title: ["转为现场服务（批准出差）", "send the engineer on site (approves the trip)"],
    from: WORKING,
    who: ["supervisor"],
    needs: [NEEDS.remoteActive],
  },
  countersign: {
    title: ["补签现场意外工作", "countersign unplanned work"],
    from: ["完工"],
    who: ["supervisor"],
    needs: [NEEDS.unplanned, NEEDS.notCountersigned],
  },
  // Corrections (D15). Reassigning (改派): the supervisor, while the work is open; what the first
  // engineer recorded stays his (steps are judged by who held the letter then: `holderAt`).
  reassign: {
    title: ["改派", "reassign the letter"],
    from: WORKING,
    who: ["supervisor"],
    needs: [],
  },
  // Rescheduling (改约, 000 技术部服务流程 §四.2): the letter's engineer; every appointment is kept.
  appointment: {
    title: ["改约（记录新的预约时间）", "reschedule the appointment"],
    from: WORKING,
    who: ["self"],
    needs: [],
  },
  // A forged signature (D2, D15): the supervisor marks it, once, on a closed letter that was signed.
  forged: {
    title: ["认定客户签字伪造", "mark the customer's signature forged"],
    from: DONE_STATES,
    who: ["supervisor"],
    needs: [NEEDS.signedNotForged],
  },
  // Cancelling (作废, D15): only with its notice, while the letter is still 派工 (`svc notice cancel`).
  cancel: {
    title: ["随通知单作废", "cancel with its notice"],
    from: ["派工"],
    who: ["gm", "supervisor"],
    needs: [],
  },
};

/**
 * The engineer holding the letter at `at` (D15): the first engineer until the first reassignment, then
 * each reassignment's `to` from its time on. Without `at`, the engineer holding it now.
 */
export function holderAt(letter: Pick<Letter, "engineer" | "reassignments">, at?: string): string {
  const rs = letter.reassignments ?? [];
  if (!at || !rs.length) return letter.engineer;
  const t0 = new Date(at).getTime();
  let holder = rs[0].from;
  for (const r of rs) if (new Date(r.at).getTime() <= t0) holder = r.to;
  return holder;
}

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
    "customer-service": ["客服", "customer service"],
    rd: ["研发负责人", "R&D lead"],
  };
  return t(titles[who][0], `the ${titles[who][1]}`);
}

/**
 * Who held the letter at the instant `at`: holderAt's engineer, and at the very instant of a
 * reassignment its `from` too — times are to the second, and a step the first engineer recorded in
 * the second the supervisor reassigned the letter is still his (found by attack: svc wrote such a
 * step and then svc check refused it).
 */
function holdersAt(letter: Pick<Letter, "engineer" | "reassignments">, at?: string): string[] {
  const now = holderAt(letter, at);
  if (!at) return [now];
  const t0 = new Date(at).getTime();
  return [
    now,
    ...(letter.reassignments ?? []).filter((r) => new Date(r.at).getTime() === t0).map((r) => r.from),
  ];
}

/** May this person act in this role on the letter (at `at`: "self" is whoever held it then)? */
export function mayAct(step: Step, letter: Letter, person: Person, at?: string): boolean {
  return step.who.some((w) =>
    w === "self" ? holdersAt(letter, at).includes(person.id) : person.roles.includes(w),
  );
}

/**
 * The shortest sequence of state-changing steps from `state` to one of `targets` (for hints): from
 * 派工 to 完工 it is approve, close. Steps that only go sideways (delay) are never shorter.
 */
export function pathInto(state: LetterState, targets: readonly LetterState[]): LetterAction[] | undefined {
  const seen = new Set<LetterState>([state]);
  let frontier: { state: LetterState; path: LetterAction[] }[] = [{ state, path: [] }];
  while (frontier.length) {
    const next: typeof frontier = [];
    for (const f of frontier) {
      if (targets.includes(f.state)) return f.path;
      for (const [a, s] of Object.entries(LETTER_STEPS) as [LetterAction, Step][]) {
        const to = s.from.includes(f.state) ? stepTo(s, f.state) : undefined;
        if (!to || seen.has(to)) continue;
        seen.add(to);
        next.push({ state: to, path: [...f.path, a] });
      }
    }
    frontier = next;
  }
  return undefined;
}

function fill(how: string | undefined, id: string): string | undefined {
  return how?.replace(/\bL\b/, id);
}

/** The command of an action on a letter: `svc change approve L`, `svc approve L`. */
function commandOf(action: LetterAction, id: string): string {
  const [verb, sub] = action.split("-");
  if (action === "countersign") return `svc letter countersign ${id}`;
  if (action === "on-site") return `svc remote ${id} --on-site`;
  return sub ? `svc ${verb} ${sub} ${id}` : `svc ${verb} ${id}`;
}

/**
 * Why `person` may not do `action` on `letter` now — or undefined when allowed. Checks, in order:
 * who may do it, the state it must be in, and the facts it needs. The message names the letter's
 * current state and what is needed; the hint names the commands that lead there, in order.
 */
export function letterRefusal(
  action: LetterAction,
  letter: Letter,
  person: Person,
  people?: ReadonlyMap<string, Person>,
): Refusal | undefined {
  const step = LETTER_STEPS[action];
  const what = zh(step.title);
  if (letter.cancelled)
    return {
      kind: "state",
      message: t(
        `责任书 ${letter.id} 已于 ${letter.cancelled.at} 随通知单 ${letter.cancelled.notice} 作废（${letter.cancelled.reason}），不能${what}`,
        `letter ${letter.id} was cancelled with notice ${letter.cancelled.notice} at ${letter.cancelled.at} (${letter.cancelled.reason}); cannot ${what}`,
      ),
    };
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
  const status = letter.status as LetterState;
  if (!step.from.includes(status)) {
    const from = step.from.join("/");
    const order = (s: string) => LETTER_STATES.indexOf(s as LetterState);
    const earlier = order(status) < order(step.from[0]);
    const path = earlier ? pathInto(status, step.from) : undefined;
    return {
      kind: "state",
      message: t(
        `责任书 ${letter.id} 当前状态为「${status}」，不能${what}：须处于 ${from}`,
        `letter ${letter.id} is ${status}; cannot ${what}: it must be ${from}`,
      ),
      hint: path?.length ? hintFor(path, letter) : undefined,
    };
  }
  const missing = step.needs.filter((n) => !n.holds(letter));
  const blocked = missing.find((n) => n.refusal);
  if (blocked?.refusal) {
    const [zhText, enText] = blocked.refusal(letter);
    return {
      kind: "need",
      message: t(
        `责任书 ${letter.id}（状态：${status}）不能${what}：${zhText}`,
        `letter ${letter.id} (${status}) cannot ${what}: ${enText}`,
      ),
      hint: fill(blocked.how, letter.id),
    };
  }
  if (missing.length) {
    const list = missing.map((n) => zh(n.what)).join(t("、", ", "));
    const rule = step.rule ? t(`（${step.rule[0]}）`, ` (${step.rule[1]})`) : "";
    const hows = missing.map((n) => fill(n.how, letter.id)).filter((h): h is string => Boolean(h));
    return {
      kind: "need",
      message: t(
        `责任书 ${letter.id}（状态：${status}）不能${what}：还需要${list}${rule}`,
        `letter ${letter.id} (${status}) cannot ${what}: needs ${list}${rule}`,
      ),
      hint: hows.length ? hows.join(t("；", "; ")) : undefined,
    };
  }
  return undefined;
}

/** "first: svc site L --matches; svc solution L "…"; then svc approve L → svc close L". */
function hintFor(path: LetterAction[], letter: Letter): string {
  const before = LETTER_STEPS[path[0]].needs
    .filter((n) => !n.holds(letter) && !n.refusal)
    .map((n) => fill(n.how, letter.id))
    .filter((h): h is string => Boolean(h));
  const steps = path.map((a) => commandOf(a, letter.id)).join(" → ");
  return before.length
    ? t(`先：${before.join("；")}，然后 ${steps}`, `first: ${before.join("; ")}, then ${steps}`)
    : t(`先：${steps}`, `first: ${steps}`);
}

/** Where a step leads from `from`: its `to`, unless it has none or leaves `from` as it is. */
export function stepTo(step: Step, from: LetterState): LetterState | undefined {
  return step.stays?.includes(from) ? undefined : step.to;
}

/** The state after the action (unchanged when the step leads nowhere from the letter's state). */
export function nextState(action: LetterAction, letter: Letter): LetterState {
  return stepTo(LETTER_STEPS[action], letter.status as LetterState) ?? (letter.status as LetterState);
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

/** The stamp the step into a state leaves: the state's action names what is missing. */
const STAMP_OF: Partial<Record<LetterState, [keyof Letter, LetterAction]>> = {
  已确认: ["confirmation", "confirm"],
  回访: ["followup", "followup"],
  结案: ["archive", "archive"],
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
  if (stamp && !letter[stamp[0]]) {
    const title = LETTER_STEPS[stamp[1]].title;
    out.push({
      path: ["status"],
      message: t(
        `状态为${status}，但没有「${title[0]}」的记录（${String(stamp[0])}）`,
        `status ${status} but no record of "${title[1]}" (${String(stamp[0])})`,
      ),
    });
  }
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

/**
 * For `svc check` (D15): the corrections a letter records agree with it — the last reassignment hands
 * it to the engineer it names, each hands it on from the one before, and the last rescheduling is the
 * appointment in force.
 */
export function correctionProblems(letter: Letter): { path: (string | number)[]; message: string }[] {
  const out: { path: (string | number)[]; message: string }[] = [];
  const rs = letter.reassignments ?? [];
  rs.forEach((r, i) => {
    if (i > 0 && r.from !== rs[i - 1].to)
      out.push({
        path: ["reassignments", i, "from"],
        message: t(
          `第 ${i + 1} 次改派自 ${r.from}，但上一次改派给了 ${rs[i - 1].to}`,
          `reassignment #${i + 1} is from ${r.from}, but the one before went to ${rs[i - 1].to}`,
        ),
      });
  });
  const last = rs.at(-1);
  if (last && last.to !== letter.engineer)
    out.push({
      path: ["engineer"],
      message: t(
        `服务人员为 ${letter.engineer}，但最后一次改派给了 ${last.to}`,
        `the engineer is ${letter.engineer}, but the last reassignment went to ${last.to}`,
      ),
    });
  const moved = (letter.appointments ?? []).at(-1);
  if (moved && moved.to !== letter.appointment)
    out.push({
      path: ["appointment"],
      message: t(
        `预约时间为 ${letter.appointment ?? "（无）"}，但最后一次改约为 ${moved.to}`,
        `the appointment is ${letter.appointment ?? "(none)"}, but the last rescheduling set ${moved.to}`,
      ),
    });
  return out;
}

/** Where each recorded step of the workflow leaves its stamp on a letter (for `svc check`). */
export interface RecordedStep {
  action: LetterAction;
  /** The field of the stamp's `by` (or of the value the step set). */
  path: (string | number)[];
  /** Who did it; absent for a step that leaves a value but no stamp (the travel advance). */
  by?: string;
  /** When (for "self": the engineer holding the letter then, D15). */
  at?: string;
}

export function recordedSteps(letter: Letter): RecordedStep[] {
  const out: RecordedStep[] = [];
  const add = (action: LetterAction, path: (string | number)[], by: string | undefined, at?: string) => {
    if (by) out.push({ action, path, by, ...(at ? { at } : {}) });
  };
  if (letter.travel?.advance) out.push({ action: "advance", path: ["travel", "advance"] });
  const logAction = { 记录: "log", 上报: "escalate", 汇报: "checkin" } as const;
  add("site", ["site", "by"], letter.site?.by, letter.site?.at);
  add("ack", ["ack", "by"], letter.ack?.by, letter.ack?.at);
  add("arrive", ["arrival", "by"], letter.arrival?.by, letter.arrival?.at);
  add("approve", ["approval", "by"], letter.approval?.by);
  for (const [i, e] of letter.log.entries()) add(logAction[e.type], ["log", i, "by"], e.by, e.at);
  for (const [i, r] of (letter.reassignments ?? []).entries())
    add("reassign", ["reassignments", i, "by"], r.by, r.at);
  for (const [i, a] of (letter.appointments ?? []).entries())
    add("appointment", ["appointments", i, "by"], a.by, a.at);
  for (const [i, d] of (letter.delays ?? []).entries()) {
    add("delay", ["delays", i, "by"], d.by, d.at);
    add("delay-approve", ["delays", i, "approval", "by"], d.approval?.by);
  }
  for (const [i, c] of (letter.changes ?? []).entries()) {
    add("change", ["changes", i, "by"], c.by, c.at);
    add("change-approve", ["changes", i, "gmApproval", "by"], c.gmApproval?.by);
  }
  add("close", ["completion", "by"], letter.completion?.by, letter.completion?.at);
  add("forged", ["completion", "forged", "by"], letter.completion?.forged?.by);
  add("return", ["return", "by"], letter.return?.by, letter.return?.at);
  add("cancel", ["cancelled", "by"], letter.cancelled?.by);
  add("confirm", ["confirmation", "by"], letter.confirmation?.by);
  add("followup", ["followup", "by"], letter.followup?.by);
  add("archive", ["archive", "by"], letter.archive?.by);
  add("survey", ["survey", "by"], letter.survey?.by);
  add("survey-decide", ["survey", "decision", "by"], letter.survey?.decision?.by);
  add("countersign", ["unplanned", "countersign", "by"], letter.unplanned?.countersign?.by);
  add("remote", ["remote", "by"], letter.remote?.by);
  add("on-site", ["remote", "onSite", "by"], letter.remote?.onSite?.by);
  return out;
}

export interface LetterProblem {
  path: (string | number)[];
  /** "state": the status disagrees with the record; "role": a step by someone the step does not allow; "premise": a step recorded without what it needs. */
  rule: "state" | "role" | "premise";
  message: string;
  value?: unknown;
}

/**
 * For `svc check`, from the same table the commands obey: the status problems (stateProblems), every
 * recorded step done by someone its `who` does not allow, and every recorded step whose lasting
 * premises (its non-transient needs, e.g. site and solution for an approval) the letter lacks.
 * An unknown person is left to the reference check.
 */
export function letterProblems(letter: Letter, people: ReadonlyMap<string, Person>): LetterProblem[] {
  const out: LetterProblem[] = [...stateProblems(letter), ...correctionProblems(letter)].map((p) => ({
    ...p,
    rule: "state" as const,
  }));
  const status = letter.status as LetterState;
  const stateNeeds = new Set((STATE_NEEDS[status] ?? []).map((n) => n.id));
  const reported = new Set<string>();
  for (const r of recordedSteps(letter)) {
    const step = LETTER_STEPS[r.action];
    const person = r.by ? people.get(r.by) : undefined;
    if (person && !mayAct(step, letter, person, r.at)) {
      const who = step.who.map((w) => whoName(w, letter, people)).join(t("或", " or "));
      out.push({
        path: r.path,
        rule: "role",
        value: r.by,
        message: t(
          `${person.name}（${r.by}）无权${zh(step.title)}：只有${who}可以`,
          `${person.name} (${r.by}) may not ${step.title[1]}: only ${who} may`,
        ),
      });
    }
    if (reported.has(r.action)) continue;
    const missing = step.needs.filter((n) => !n.transient && !stateNeeds.has(n.id) && !n.holds(letter));
    if (!missing.length) continue;
    reported.add(r.action);
    const list = missing.map((n) => zh(n.what)).join(t("、", ", "));
    const rule = step.rule ? t(`（${step.rule[0]}）`, ` (${step.rule[1]})`) : "";
    out.push({
      path: r.by ? r.path.slice(0, -1) : r.path,
      rule: "premise",
      message: t(
        `已记录「${zh(step.title)}」，但缺少${list}${rule}`,
        `recorded "${step.title[1]}" without ${list}${rule}`,
      ),
    });
  }
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
