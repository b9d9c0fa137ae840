// Pure helpers of the workflow commands: building a letter, parsing ratings, applying a step.
// No disk, no git, no clock: times and ids are parameters.
import { t } from "../core/i18n.ts";
import { GRADES, type Grade, MANDATORY_TOOLS } from "../schemas/enums.ts";
import type { Letter, Ratings, Stamp } from "../schemas/index.ts";
import { type LetterAction, nextState } from "./workflow.ts";

/** The tools of a letter: the three mandatory ones first, then the others, without repeats. */
export function withMandatoryTools(tools: readonly string[] = []): string[] {
  const out: string[] = [...MANDATORY_TOOLS];
  for (const raw of tools) {
    const tool = raw.trim();
    if (tool && !out.includes(tool)) out.push(tool);
  }
  return out;
}

export interface NewLetter {
  id: string;
  notice?: string;
  unplanned?: { customer: string; content: string };
  engineer: string;
  assigned: Stamp;
  estimate: string;
  appointment?: string;
  solution?: string;
  tools?: string[];
  parts?: string[];
  documents?: string[];
  travel?: { destination: string; days: number; region?: string };
}

/** A new letter: 派工 when assigned from a notice, 在建 when it is unplanned work written on site. */
export function newLetter(o: NewLetter): Letter {
  const letter: Letter = {
    kind: "letter",
    id: o.id,
    ...(o.notice ? { notice: o.notice } : {}),
    ...(o.unplanned ? { unplanned: { ...o.unplanned } } : {}),
    engineer: o.engineer,
    status: o.unplanned ? "在建" : "派工",
    assigned: o.assigned,
    preparation: {
      ...(o.solution ? { solution: o.solution } : {}),
      tools: withMandatoryTools(o.tools),
      ...(o.documents?.length ? { documents: [...o.documents] } : {}),
      ...(o.parts?.length ? { spareParts: [...o.parts] } : {}),
    },
    ...(o.appointment ? { appointment: o.appointment } : {}),
    estimate: o.estimate,
    ...(o.travel ? { travel: { ...o.travel } } : {}),
    log: [],
  };
  return letter;
}

/** The order of a letter's fields in its file: the order of the regulation's steps (schema order). */
export const LETTER_FIELDS = [
  "kind",
  "id",
  "notice",
  "unplanned",
  "engineer",
  "status",
  "assigned",
  "site",
  "ack",
  "arrival",
  "preparation",
  "appointment",
  "estimate",
  "travel",
  "approval",
  "remote",
  "log",
  "delays",
  "changes",
  "completion",
  "return",
  "market",
  "confirmation",
  "survey",
  "followup",
  "archive",
] as const;

/** The same letter with its fields in the schema's order (unknown fields kept at the end). */
export function ordered(letter: Letter): Letter {
  const src = letter as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of LETTER_FIELDS) if (src[k] !== undefined) out[k] = src[k];
  for (const k of Object.keys(src)) if (!(k in out) && src[k] !== undefined) out[k] = src[k];
  return out as unknown as Letter;
}

/** A copy of the letter with the step's resulting state. */
export function advance(letter: Letter, action: LetterAction): Letter {
  return { ...letter, status: nextState(action, letter) };
}

const KEYS: Record<string, keyof Ratings> = {
  态度: "attitude",
  attitude: "attitude",
  水平: "skill",
  skill: "skill",
  结果: "result",
  result: "result",
};

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * The customer's three ratings: "态度=优,水平=良,结果=中" (or attitude=…,skill=…,result=…), or three
 * grades in that order ("优良中", "优,良,中"). Each grade is one of 优 良 中 差.
 */
export function parseRatings(input: string): Parsed<Ratings> {
  const s = input.trim();
  const allowed = GRADES.join(" ");
  const bad = (v: string) =>
    ({
      ok: false,
      error: t(`评价 "${v}" 无效：只能是 ${allowed}`, `rating "${v}" is invalid: one of ${allowed}`),
    }) as const;
  const out: Partial<Ratings> = {};
  if (s.includes("=")) {
    for (const part of s.split(/[,，;；\s]+/).filter(Boolean)) {
      const [k, v = ""] = part.split("=").map((x) => x.trim());
      const key = KEYS[k];
      if (!key)
        return {
          ok: false,
          error: t(`未知评价项 "${k}"：应为 态度 水平 结果`, `unknown rating item "${k}": 态度 水平 结果`),
        };
      if (!GRADES.includes(v as Grade)) return bad(v);
      if (out[key])
        return {
          ok: false,
          error: t(
            `评价项 "${k}" 给了两次：每项只能评一次`,
            `rating item "${k}" is given twice: rate each once`,
          ),
        };
      out[key] = v as Grade;
    }
  } else {
    const grades = s.includes(",") || s.includes("，") ? s.split(/[,，]/).map((x) => x.trim()) : [...s];
    if (grades.length !== 3)
      return {
        ok: false,
        error: t(
          `需要三项评价（态度、水平、结果），如 态度=优,水平=良,结果=中`,
          "three ratings are needed (attitude, skill, result), e.g. 态度=优,水平=良,结果=中",
        ),
      };
    for (const g of grades) if (!GRADES.includes(g as Grade)) return bad(g);
    [out.attitude, out.skill, out.result] = grades as Grade[];
  }
  const missing = (["attitude", "skill", "result"] as const).filter((k) => !out[k]);
  if (missing.length) {
    const names = { attitude: "态度", skill: "水平", result: "结果" };
    return {
      ok: false,
      error: t(
        `缺少评价项：${missing.map((k) => names[k]).join("、")}`,
        `missing rating: ${missing.join(", ")}`,
      ),
    };
  }
  return { ok: true, value: out as Ratings };
}

export function ratingsText(r: Ratings): string {
  return `态度=${r.attitude},水平=${r.skill},结果=${r.result}`;
}

/** Index (0-based) of the delay or change a 1-based number names, or of the last pending one. */
export function pickPending<T>(items: readonly T[], pending: (x: T) => boolean, n?: number): number {
  if (n !== undefined) return n >= 1 && n <= items.length ? n - 1 : -1;
  for (let i = items.length - 1; i >= 0; i--) if (pending(items[i])) return i;
  return -1;
}

/** A short ascii slug for a customer created on the fly: cust-xxxxx. */
export function customerSlug(bytes: Uint8Array): string {
  const alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
  let s = "";
  for (let i = 0; i < 5; i++) s += alphabet[bytes[i] % 32];
  return `cust-${s}`;
}

/** Where an attachment with this digest lives: attachments/<sha[0:2]>/<sha><ext>. */
export function attachmentPath(sha256: string, fileName: string): string {
  const m = /\.[A-Za-z0-9]{1,8}$/.exec(fileName);
  const ext = m ? m[0].toLowerCase() : "";
  return `attachments/${sha256.slice(0, 2)}/${sha256}${ext}`;
}

/**
 * The order of a letter's recorded steps in time (D16): each step's time is not before the time of
 * the step it follows. One table for `svc check` (rule `order`) and for every step a command records,
 * so a step typed with `--at`, or stamped by a machine whose clock is behind, is refused before it is
 * written rather than rejected by the check afterwards.
 */
export const STEP_ORDER: readonly {
  step:
    | "site"
    | "ack"
    | "arrival"
    | "approval"
    | "completion"
    | "return"
    | "confirmation"
    | "followup"
    | "survey"
    | "archive";
  follows: "assigned" | "approval" | "completion" | "confirmation";
  zh: [step: string, follows: string];
  en: [step: string, follows: string];
}[] = [
  {
    step: "site",
    follows: "assigned",
    zh: ["现场确认", "派工"],
    en: ["the site confirmation", "the assignment"],
  },
  {
    step: "ack",
    follows: "assigned",
    zh: ["首次响应", "派工"],
    en: ["the first response", "the assignment"],
  },
  { step: "arrival", follows: "assigned", zh: ["到场", "派工"], en: ["the arrival", "the assignment"] },
  { step: "approval", follows: "assigned", zh: ["批准", "派工"], en: ["the approval", "the assignment"] },
  { step: "completion", follows: "assigned", zh: ["完工", "派工"], en: ["the completion", "the assignment"] },
  { step: "completion", follows: "approval", zh: ["完工", "批准"], en: ["the completion", "the approval"] },
  { step: "return", follows: "completion", zh: ["返回", "完工"], en: ["the return", "the completion"] },
  {
    step: "confirmation",
    follows: "completion",
    zh: ["确认", "完工"],
    en: ["the confirmation", "the completion"],
  },
  {
    step: "followup",
    follows: "confirmation",
    zh: ["回访", "确认"],
    en: ["the follow-up", "the confirmation"],
  },
  { step: "survey", follows: "confirmation", zh: ["回访", "确认"], en: ["the survey", "the confirmation"] },
  { step: "archive", follows: "confirmation", zh: ["结案", "确认"], en: ["the archive", "the confirmation"] },
];

export interface OrderProblem {
  path: string[];
  at: string;
  followsAt: string;
  message: string;
}

/** The lists of a letter whose entries are recorded after its assignment: log, delays, changes. */
const AFTER_ASSIGNMENT = [
  { list: "log", zh: "服务记录", en: "a log entry" },
  { list: "delays", zh: "延期申请", en: "a delay" },
  { list: "changes", zh: "客户更改要求", en: "a change request" },
  { list: "appointments", zh: "改约", en: "a rescheduling" },
  { list: "reassignments", zh: "改派", en: "a reassignment" },
] as const;

/** The steps of a letter recorded before the step they follow (see STEP_ORDER). */
export function stepOrderProblems(letter: Letter): OrderProblem[] {
  const rec = letter as unknown as Record<string, { at?: string } | undefined>;
  const out: OrderProblem[] = [];
  const assigned = letter.assigned?.at;
  for (const l of AFTER_ASSIGNMENT) {
    const list = (letter as unknown as Record<string, { at?: string }[] | undefined>)[l.list];
    if (!assigned || !Array.isArray(list)) continue;
    list.forEach((e, i) => {
      if (!e?.at || new Date(e.at).getTime() >= new Date(assigned).getTime()) return;
      out.push({
        path: [l.list, String(i), "at"],
        at: e.at,
        followsAt: assigned,
        message: t(
          `${l.zh}时间 ${e.at} 早于派工时间 ${assigned}`,
          `${l.en} (${e.at}) is before the assignment (${assigned})`,
        ),
      });
    });
  }
  for (const o of STEP_ORDER) {
    const at = rec[o.step]?.at;
    const followsAt = rec[o.follows]?.at;
    if (!at || !followsAt || new Date(at).getTime() >= new Date(followsAt).getTime()) continue;
    out.push({
      path: [o.step, "at"],
      at,
      followsAt,
      message: t(
        `${o.zh[0]}时间 ${at} 早于${o.zh[1]}时间 ${followsAt}`,
        `${o.en[0]} (${at}) is before ${o.en[1]} (${followsAt})`,
      ),
    });
  }
  return out;
}
