// The shape of a history rule (`svc check --history`): a small named check of one record change (or
// of one commit) in the context of that commit — who made it, the roster as it was before it, the
// months already signed. Rules are pure: they read the change and the context and return violations;
// src/check/history/index.ts reads git, builds the context once per commit and turns violations into
// located findings (file:line:col of the changed value). Collected in HISTORY_RULES (rules/index.ts);
// docs/integrity.md's table of rules is checked against it (test/history.rules.test.ts).
import type { WeeklyDeadlineConfig } from "../../domain/calendar.ts";
import type { Kind } from "../../schemas/kinds.ts";

export type Rec = Record<string, unknown> & { id?: string; kind?: string };

export interface Person {
  id: string;
  name?: string;
  roles: string[];
  email: string;
  active?: boolean;
}

/** Who did a step and when (src/schemas/common.ts Stamp), as read from any record. */
export type Stamp = { by?: string; as?: string; at?: string; backdated?: boolean } | undefined;

/** One record file a commit changed: its versions before (first parent) and after. */
export interface RecordChange {
  kind: Kind;
  /** Path relative to the records repository. */
  file: string;
  id: string;
  before?: Rec;
  after?: Rec;
  /** Git modes before/after (`100644` a regular file; `120000` a symlink; `160000` a gitlink). */
  oldMode?: string;
  newMode?: string;
  /** For a merge: the record in each parent (`before` is the first's). */
  parents?: (Rec | undefined)[];
}

export interface CommitInfo {
  sha: string;
  parents: string[];
  email: string;
  name: string;
  /** Author date (ISO 8601). */
  date: string;
  /** The staged changes of a commit being made (pre-commit), not a commit yet. */
  staged?: boolean;
  /**
   * A commit without parents: "first" for the repository's own root (the first-parent line of the
   * checked tip leads to it), "other" for any other root in the range (a grafted history).
   */
  root?: "first" | "other";
}

export interface CommitContext {
  commit: CommitInfo;
  /** The roster entry whose email is the commit's author email, in the roster before the commit. */
  actor?: Person;
  /** The roster as of the commit's (first) parent: a commit cannot authorise itself. */
  roster: readonly Person[];
  people: ReadonlyMap<string, Person>;
  /** Months whose assessment the GM had signed before the commit (D11). */
  signedMonths: ReadonlySet<string>;
  /** When each of those was signed (its signature's `at`), where the signature says. */
  signedAt?: ReadonlyMap<string, string>;
  /** The assessments and payrolls before the commit, by id (whose entry a sheet's amendment changes). */
  sheets?: ReadonlyMap<string, Rec>;
  /** svc.yaml's weekly report deadlines, by kind (when known). */
  weeklyDeadlines?: Readonly<Record<"weekly" | "department-weekly", WeeklyDeadlineConfig>>;
  /** Every record change of the commit (for rules that look across files). */
  changes: readonly RecordChange[];
  /** Files of the records repository the commit touched that are not records (svc.yaml, CI …). */
  other: readonly string[];
  /** svc.yaml's text before and after, when the commit changed it (a missing side: undefined). */
  settings?: { before?: string; after?: string };
  tz: string;
  /** svc.yaml `allowAs`: roles that may enter a step for someone else (`--as`) or back-date it (`--at`). */
  allowAs: readonly string[];
  /** The record schemas (JSON Schema) by kind, when the commit adds an amendment (its paths are checked). */
  schemas?: Partial<Record<Kind, unknown>>;
  /** A merge's files (relative to the records folder) that git's own merge of its parents would not hold so. */
  mergeOwn?: readonly string[];
}

/** Something a change (or commit) does that a rule forbids; `path` locates it in the record. */
export interface Violation {
  message: string;
  hint?: string;
  value?: unknown;
  /** YAML path of the offending value (in the after version, or the before version of a deletion). */
  path?: (string | number)[];
  /** Which version `path` points into (default: after when there is one). */
  side?: "before" | "after";
  /** For commit rules: the file to report on (default: the first changed record, else svc.yaml). */
  file?: string;
}

interface RuleInfo {
  /** The `rule` of its findings. */
  id: `history-${string}`;
  /** The DOMAIN section (or decision) it enforces. */
  domain: string;
  /** What it forbids, for docs/integrity.md's table. */
  forbids: [zh: string, en: string];
  /** Also checked when the author is not in the roster (the change is wrong whoever made it). */
  anyone?: boolean;
}

export interface ChangeRule extends RuleInfo {
  /** The record kinds it looks at. */
  kinds: readonly Kind[] | "*";
  check(ch: RecordChange, cx: CommitContext): Violation[];
}

export interface CommitRule extends RuleInfo {
  kinds: "commit";
  check(cx: CommitContext): Violation[];
}

export type HistoryRule = ChangeRule | CommitRule;

// ------------------------------------------------------------------ helpers rules share

export const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** A list field's entries as records ([] when it is not a list). */
export const arr = (v: unknown): Rec[] => (Array.isArray(v) ? (v as Rec[]) : []);

export function get(rec: unknown, ...path: (string | number)[]): unknown {
  let v: unknown = rec;
  for (const p of path) v = v && typeof v === "object" ? (v as Record<string, unknown>)[p] : undefined;
  return v;
}

/** Has the actor one of these roles? */
export function can(cx: CommitContext, ...roles: readonly string[]): boolean {
  return Boolean(cx.actor?.roles?.some((r) => roles.includes(r)));
}

/** Did the committer make this stamp: it is his (`by`), or he entered it for someone (`as`, allowAs)? */
export function actsAs(cx: CommitContext, stamp: Stamp): boolean {
  const actor = cx.actor;
  if (!stamp || !actor) return true;
  if (stamp.by === actor.id) return true;
  return stamp.as === actor.id && actor.roles.some((r) => cx.allowAs.includes(r));
}

/** Milliseconds of an ISO time, NaN when unreadable. */
export const ms = (v: unknown) => (typeof v === "string" ? new Date(v).getTime() : Number.NaN);
