// The times that decide fines (DOMAIN D4, D7, D16): when a report was submitted, when a reflection or
// an incident notice was written, when an assessment was drafted. Each is set by the command that
// records it — at the time of its commit — or transcribed from paper with `--at` (marked backdated)
// by an allowAs role who is not the person fined; a report's resubmission is never earlier than its
// first submission; any other change of such a time is a hand edit.
import { t } from "../../../core/i18n.ts";
import type { Kind } from "../../../schemas/kinds.ts";
import {
  type ChangeRule,
  type CommitContext,
  get,
  ms,
  type Rec,
  type RecordChange,
  type Violation,
} from "../rule.ts";

export interface FineTime {
  kind: Kind;
  /** Where the time is. */
  path: readonly string[];
  /** Where its `backdated` mark is (the record for a report, the step's object otherwise). */
  mark: readonly string[];
  /** Whose fine the time decides (the department's documents: the supervisors'). */
  fined(rec: Rec, cx: CommitContext): unknown[];
  /** A report may be submitted again (`--force`): later, never earlier. */
  resubmit: boolean;
  /** The weekly reports' own rule (D4): history-weekly-submitted. */
  d4?: boolean;
  what: [zh: string, en: string];
}

export const FINE_TIMES: readonly FineTime[] = [
  {
    kind: "weekly",
    path: ["submitted"],
    mark: [],
    fined: (r) => [r.engineer],
    resubmit: true,
    d4: true,
    what: ["周报的提交时间", "the weekly report's submission"],
  },
  {
    kind: "department-weekly",
    path: ["submitted"],
    mark: [],
    fined: (_r, cx) => supervisors(cx),
    resubmit: true,
    d4: true,
    what: ["技术服务周报的提交时间", "the department weekly report's submission"],
  },
  {
    kind: "monthly",
    path: ["submitted"],
    mark: [],
    fined: (_r, cx) => supervisors(cx),
    resubmit: true,
    what: ["月度报表的提交时间", "the monthly report's submission"],
  },
  {
    kind: "incident",
    path: ["reflection", "at"],
    mark: ["reflection"],
    // The reflection starts the supervisor's notice deadline (D7).
    fined: (r, cx) => [r.engineer, ...supervisors(cx)],
    resubmit: false,
    what: ["事故反思的提交时间", "the reflection's time"],
  },
  {
    kind: "incident",
    path: ["notification", "at"],
    mark: ["notification"],
    fined: (_r, cx) => supervisors(cx),
    resubmit: false,
    what: ["事故通报的时间", "the incident notice's time"],
  },
  // A letter's step times decide the engineer's figures: the completion D3's on-time (the estimate
  // against it), the site confirmation, first response and arrival D17's response clocks (found by
  // attack: an engineer moved his own completion a day earlier by hand, and the late job counted on time).
  ...(
    [
      ["completion", "完工时间", "the completion time"],
      ["site", "现场情况确认的时间", "the site confirmation's time"],
      ["ack", "首次响应的时间", "the first response's time"],
      ["arrival", "到场时间", "the arrival time"],
    ] as const
  ).map(
    ([step, zh, en]): FineTime => ({
      kind: "letter",
      path: [step, "at"],
      mark: [step],
      fined: (r) => [r.engineer, ...reassignedFrom(r)],
      resubmit: false,
      what: [zh, en],
    }),
  ),
  {
    kind: "assessment",
    path: ["drafted", "at"],
    mark: ["drafted"],
    fined: (_r, cx) => supervisors(cx),
    resubmit: true,
    what: ["考核表的编制时间", "the assessment's drafting time"],
  },
];

const KINDS = [...new Set(FINE_TIMES.map((f) => f.kind))];

/** The engineers who held a letter before a reassignment (D15: what they recorded stays theirs). */
const reassignedFrom = (r: Rec): unknown[] =>
  Array.isArray(r.reassignments) ? r.reassignments.map((x) => (x as Rec)?.from) : [];

/** The supervisors in the roster before the commit: whose fine the department's documents decide. */
function supervisors(cx: CommitContext): string[] {
  return cx.roster.filter((p) => p.roles.includes("supervisor")).map((p) => p.id);
}

/** A time recorded by its command is its commit's author time (it is written, then committed). */
const SLACK_BEFORE = 1000;
const SLACK_AFTER = 120_000;

interface Seen {
  ft: FineTime;
  before?: string;
  after: string;
  backdated: boolean;
}

function seen(ch: RecordChange): Seen[] {
  const out: Seen[] = [];
  for (const ft of FINE_TIMES) {
    if (ft.kind !== ch.kind || !ch.after) continue;
    const a = get(ch.after, ...ft.path);
    const b = get(ch.before, ...ft.path);
    if (typeof a !== "string" || a === b || ms(a) === ms(b)) continue; // the same instant, written otherwise
    out.push({
      ft,
      before: typeof b === "string" ? b : undefined,
      after: a,
      backdated: get(ch.after, ...ft.mark, "backdated") === true,
    });
  }
  return out;
}

const label = (s: Seen) => t(s.ft.what[0], s.ft.what[1]);

export const timeEarlier: ChangeRule = {
  id: "history-time-earlier",
  domain: "D4, D16",
  forbids: [
    "重新提交的报表（周报、技术服务周报、月度报表、考核表草稿）时间早于首次提交（补录 --at 也不行）",
    "a resubmitted report (weekly, department weekly, monthly, assessment draft) dated before its first submission (--at included)",
  ],
  kinds: KINDS,
  anyone: true,
  check(ch) {
    return seen(ch)
      .filter((s) => s.ft.resubmit && s.before && ms(s.after) < ms(s.before))
      .map((s) => ({
        path: [...s.ft.path],
        value: s.after,
        message: t(
          `${ch.id}：${label(s)}被改早：${s.before} → ${s.after}`,
          `${ch.id}: ${label(s)} was moved earlier, ${s.before} → ${s.after}`,
        ),
        hint: t("重新提交只能更晚，不能改早", "a resubmission can only be later, never earlier"),
      }));
  },
};

function offCommit(s: Seen, cx: CommitContext): boolean {
  const d = ms(cx.commit.date) - ms(s.after);
  return !(d >= -SLACK_BEFORE && d <= (s.ft.d4 ? SLACK_BEFORE : SLACK_AFTER));
}

/** D4 for the weekly reports: `submitted` is the time of the commit that submitted it (±1 s). */
export const weeklySubmitted: ChangeRule = {
  id: "history-weekly-submitted",
  domain: "D4",
  forbids: [
    "周报或技术服务周报的提交时间不等于提交它的 git 提交时间（±1 秒；补录 --at 除外）",
    "a weekly or department weekly report whose `submitted` is not its commit's author time (±1 s; --at transcriptions aside)",
  ],
  kinds: ["weekly", "department-weekly"],
  check(ch, cx) {
    if (cx.commit.staged) return [];
    return seen(ch)
      .filter((s) => s.ft.d4 && !s.backdated && offCommit(s, cx))
      .map((s) => ({
        path: [...s.ft.path],
        value: s.after,
        message: t(
          `周报 ${ch.id} 的提交时间 ${s.after} 与提交它的 git 提交时间 ${cx.commit.date} 不符`,
          `weekly report ${ch.id} says submitted ${s.after} but its commit is dated ${cx.commit.date}`,
        ),
        hint: t(
          "周报的提交时间以提交记录为准，不能手填",
          "a weekly report's submission time is its commit's time",
        ),
      }));
  },
};

export const timeMoved: ChangeRule = {
  id: "history-time-moved",
  domain: "D3, D7, D16, D17",
  forbids: [
    "手改决定罚款的时间：事故反思或通报的时间、责任书的完工、现场确认、首次响应、到场时间录入后被改动，或不是录入它的提交的时间（补录 --at 除外）；月度报表的提交时间、考核表的编制时间不是其提交的时间",
    "a time that decides a fine edited by hand: a reflection's or incident notice's time, a letter's completion, site confirmation, first response or arrival time changed once set, or other than the time of the commit that recorded it (--at transcriptions aside); a monthly report's submission or an assessment's drafting time other than its commit's",
  ],
  kinds: KINDS,
  check(ch, cx) {
    const out: Violation[] = [];
    for (const s of seen(ch)) {
      if (s.ft.d4) continue;
      if (s.before && !s.ft.resubmit)
        out.push({
          path: [...s.ft.path],
          value: s.after,
          message: t(
            `${ch.id}：${label(s)}在录入后被改动：${s.before} → ${s.after}`,
            `${ch.id}: ${label(s)} was changed after it was recorded, ${s.before} → ${s.after}`,
          ),
          hint: t(
            "这个时间由记录它的命令写入，之后不得修改",
            "this time is written by the command that records it and never changed",
          ),
        });
      else if (
        !s.backdated &&
        !cx.commit.staged &&
        offCommit(s, cx) &&
        !(s.before && ms(s.after) < ms(s.before))
      )
        out.push({
          path: [...s.ft.path],
          value: s.after,
          message: t(
            `${ch.id}：${label(s)} ${s.after} 不是录入它的提交的时间（${cx.commit.date}）`,
            `${ch.id}: ${label(s)} ${s.after} is not the time of the commit that recorded it (${cx.commit.date})`,
          ),
          hint: t(
            "时间由命令在录入时写入；从纸质表格补录用 --at（allowAs 角色，且不是被罚款的人）",
            "the command writes the time as it records; transcribe paper with --at (an allowAs role who is not the person fined)",
          ),
        });
    }
    return out;
  },
};

export const backdate: ChangeRule = {
  id: "history-backdate",
  domain: "D16",
  forbids: [
    "补录（backdated / --at）决定罚款的时间的人不是 allowAs 角色，或正是被罚款的人",
    "a time that decides a fine back-dated (--at) by someone who is not an allowAs role, or who is the person fined",
  ],
  kinds: KINDS,
  check(ch, cx) {
    const actor = cx.actor;
    if (!actor || !ch.after) return [];
    return seen(ch)
      .filter((s) => s.backdated)
      .flatMap((s) => {
        const fined = s.ft.fined(ch.after as Rec, cx).includes(actor.id);
        const allowed = actor.roles.some((r) => cx.allowAs.includes(r));
        if (allowed && !fined) return [];
        return [
          {
            path: [...s.ft.path],
            value: s.after,
            message: fined
              ? t(
                  `${ch.id}：${actor.id} 补录了决定自己罚款的时间（${label(s)}）`,
                  `${ch.id}: ${actor.id} back-dated a time that decides his own fine (${label(s)})`,
                )
              : t(
                  `${ch.id}：${actor.id} 无权补录${label(s)}（svc.yaml allowAs：${cx.allowAs.join("/")}）`,
                  `${ch.id}: ${actor.id} may not back-date ${label(s)} (svc.yaml allowAs: ${cx.allowAs.join("/")})`,
                ),
            hint: t(
              "没有人能补录决定自己罚款的时间（D16）",
              "nobody back-dates what decides his own fine (D16)",
            ),
          },
        ];
      });
  },
};
