// Pass three of `svc check`: the history. Walks the commits of a range and checks every change to a
// record against the rules of HISTORY_RULES (rules/index.ts) — who signs, who approves, when ratings
// and the customer's signature may be set, what is immutable once signed, which state changes are
// legal, the times that decide fines (DOMAIN §1–§3, D4, D11, D15, D16). A snapshot cannot see any of
// this: a forged signature looks like a real one in the files; only the commit that wrote it shows
// who wrote it.
//
// Git is read in bulk through src/store/git.ts: one `git log --raw` for the commits and their changed
// blobs, one `git cat-file --batch` for the contents, one `--batch-check` for the roster tree at each
// parent. The context of every commit (the roster as it was before it, the signed months) is built in
// one place, `commitContexts` — where a check of commit signatures (issue 12, item 7) can hook in.
import { relative } from "node:path";
import { t } from "../../core/i18n.ts";
import { type Kind, kindOfPath } from "../../schemas/kinds.ts";
import {
  hasMerges,
  logCommitStream,
  mergeOwnChanges,
  type RawChange,
  type RawCommit,
  readBlobs,
  resolveHead,
  resolveObjects,
  rootCommits,
  stagedChanges,
} from "../../store/git.ts";
import type { Finding } from "../finding.ts";
import { FolderCache, parse } from "./read.ts";
import type { CommitContext, CommitInfo, HistoryRule, Person, Rec, RecordChange, Violation } from "./rule.ts";
import { guardedFile } from "./rules/commit.ts";
import { REGULAR } from "./rules/files.ts";
import { HISTORY_RULES } from "./rules/index.ts";

export { type ChangedSet, changedSet } from "./changed.ts";
export { HISTORY_RULES } from "./rules/index.ts";
export { LETTER_TRANSITIONS, legalTransition } from "./rules/state.ts";
export { treeFindings } from "./tree.ts";
export { guardedFile };

export interface HistoryOptions {
  gitTop: string;
  /** Where git keeps the repository (HEAD read as files; svc's caches there). */
  gitDir: string;
  root: string;
  range?: string;
  /** Check only the staged changes, no commits. */
  skipCommits?: boolean;
  tz: string;
  allowAs?: readonly string[];
  /** svc.yaml's weekly report deadlines (HEAD's): whether a report claims to be on time. */
  weeklyDeadlines?: CommitContext["weeklyDeadlines"];
  /** Also check the staged changes as a commit about to be made by this identity. */
  staged?: { email: string; name: string; date: string };
}

/** A commit as the rules see it: its record changes (records-relative paths) and other files. */
interface Walked {
  info: CommitInfo;
  files: (RawChange & { rel: string; kind: Kind })[];
  other: string[];
  /** svc.yaml's change, when the commit made one (history-settings reads both versions). */
  config?: RawChange;
}

function walked(c: RawCommit, prefix: string, staged = false): Walked {
  const w: Walked = {
    info: {
      sha: c.sha,
      parents: c.parents,
      email: c.email,
      name: c.name,
      date: c.date,
      ...(staged ? { staged } : {}),
    },
    files: [],
    other: [],
  };
  for (const f of c.changes) {
    const rel = prefix ? f.path.slice(prefix.length + 1) : f.path;
    const kind = kindOfPath(rel);
    // every entry at a record path counts, whatever its name or mode (a symlink, a gitlink)
    if (rel === "svc.yaml") w.config = f;
    if (!kind || (!rel.endsWith(".yaml") && (!f.newMode || REGULAR.has(f.newMode)))) w.other.push(rel);
    else w.files.push({ ...f, rel, kind });
  }
  return w;
}

/** Commits judged together (issue 18): their blobs read with one `git cat-file`, then let go. */
export const HISTORY_CHUNK = 1000;
/** Chunks read and prepared ahead of the one being judged. */
const AHEAD = 2;
/** Commits judged between two turns of the event loop (git's output is read meanwhile). */
const YIELD_EVERY = 64;
/** A full garbage collection after every this many chunks judged (see `judge`). */
const GC_EVERY = 16;
const breather = () => new Promise<void>((r) => setImmediate(r));

/** A chunk of commits with its git reads under way. */
interface Batch {
  commits: Walked[];
  blobs: Promise<Map<string, string>>;
  trees: Promise<Map<string, string>>;
}

/**
 * What one walk keeps from a chunk of commits to the next: the roster and assessments folders at
 * the trees the last chunk used, the records parsed from recent blobs (a version a commit wrote is
 * the `before` of the file's next change), the schemas for amendment paths. Bounded, whatever the
 * history's length.
 */
export class WalkState {
  readonly folders: FolderCache;
  private parsed = new Map<string, Rec | null>();
  schemas?: typeof import("../../schemas/index.ts").SCHEMAS;
  constructor(
    gitTop: string,
    gitDir: string,
    /** Parsed blobs kept at most (the least recently used are let go first). */
    private readonly keep = 4000,
  ) {
    this.folders = new FolderCache(gitTop, gitDir);
  }

  /** A record version by blob id (undefined: not a regular file, not a record), parsed once. */
  version(sha: string | undefined, mode: string | undefined, blobs: Map<string, string>): Rec | undefined {
    if (!sha || (mode && !REGULAR.has(mode))) return undefined;
    const hit = this.parsed.get(sha);
    if (hit !== undefined) {
      this.parsed.delete(sha);
      this.parsed.set(sha, hit);
      return hit ?? undefined;
    }
    const text = blobs.get(sha);
    if (text === undefined) return undefined;
    const rec = parse(text) ?? null;
    this.parsed.set(sha, rec);
    return rec ?? undefined;
  }

  /** Let go of the least recently used parses beyond `keep` (between chunks). */
  trim(): void {
    for (const sha of this.parsed.keys()) {
      if (this.parsed.size <= this.keep) break;
      this.parsed.delete(sha);
    }
  }
}

/**
 * The findings of a range's commits, walked in chunks of `chunk` commits (issue 18: the whole history
 * of a department — 164,000 commits — held at once took 3.7 GB). Each commit is judged by what git
 * holds for it and its parents (the roster and signed months of its first parent's tree), never by an
 * earlier chunk, so the findings are those of one walk over everything, in the same order.
 */
export async function checkHistory(
  opts: HistoryOptions & {
    /** Commits per chunk (HISTORY_CHUNK); parsed blobs kept between chunks (tests make both small). */
    chunk?: number;
    keep?: number;
    /** Always ask git for the path-limited log (`-- .`), never the cheaper unlimited one. */
    pathLimited?: boolean;
  },
): Promise<{ findings: Finding[]; commits: number }> {
  const { gitTop, root } = opts;
  const prefix = relative(gitTop, root).split("\\").join("/");
  const spec = prefix || ".";
  const none = opts.skipCommits || (!opts.range && !(await resolveHead(gitTop, opts.gitDir)));
  // Roots: only the repository's first commit — where the first-parent line of the range's tip ends
  // — may start a history; any other parentless commit in the range is a grafted one. Asked of git
  // apart from the log, which leaves out commits that change no record (an empty orphan root).
  const roots = none ? undefined : rootCommits(gitTop, opts.range);
  roots?.catch(() => {}); // awaited below
  // Records at the top of a history without merges: the log of every commit is the log limited to
  // "." less its commits that change nothing (git's simplification only differs at merges), for a
  // third of git's time (issue 18).
  const merges = none || prefix || opts.pathLimited ? undefined : hasMerges(gitTop, opts.range);
  merges?.catch(() => {}); // awaited below
  const size = Math.max(1, opts.chunk ?? HISTORY_CHUNK);
  const state = new WalkState(gitTop, opts.gitDir, opts.keep);
  const findings: Finding[] = [];
  let count = 0;
  // A chunk's git reads start as soon as it is complete, while the chunk before is judged: git (the
  // log's diffs, the blobs, the folders' trees) works on one core while svc judges on the other.
  const prepare = (commits: Walked[]): Batch => {
    const blobs = readBlobs(
      gitTop,
      commits.flatMap((c) =>
        c.files
          .flatMap((f) => [
            f.oldSha ?? "",
            f.newMode && REGULAR.has(f.newMode) ? (f.newSha ?? "") : "",
            ...(f.parents ?? []).map((p) => p.sha ?? ""),
          ])
          .concat(c.config ? [c.config.oldSha ?? "", c.config.newSha ?? ""] : []),
      ),
    );
    const trees = parentTrees(opts, commits);
    blobs.catch(() => {}); // awaited by judge
    trees.catch(() => {});
    return { commits, blobs, trees };
  };
  let judged = 0;
  const judge = async (batch: Batch): Promise<Finding[]> => {
    const out: Finding[] = [];
    if (!batch.commits.length) return out;
    const blobs = await batch.blobs;
    const contexts = await commitContexts(opts, batch.commits, blobs, state, await batch.trees);
    for (let i = 0; i < contexts.length; i++) {
      const cx = contexts[i];
      if (cx.commit.parents.length > 1 && !cx.commit.staged) {
        const own = await mergeOwnChanges(gitTop, cx.commit, spec);
        if (own?.length)
          cx.mergeOwn = own
            .map((f) => (prefix ? f.slice(prefix.length + 1) : f))
            .filter((rel) => rel === "svc.yaml" || kindOfPath(rel));
      }
      const violations = cx.commit.parents.length > 1 ? mergeViolations(cx) : applyRules(HISTORY_RULES, cx);
      for (const v of violations) out.push(await located(v, cx, blobs));
      if (i % YIELD_EVERY === YIELD_EVERY - 1) await breather();
    }
    state.trim();
    // What a chunk read (its blobs, their parses) outlives it in V8's old space until a full collection,
    // which V8 puts off while the heap may still grow: every GC_EVERY chunks it is collected, so the
    // walk's peak stays that of a few chunks (issue 18: ≤ 400 MB at 181,000 commits).
    if (++judged % GC_EVERY === 0) (await import("../../core/memory.ts")).collectGarbage();
    return out;
  };
  let rootOf: Map<string, "first" | "other"> | undefined;
  const listed = new Set<string>();
  // The reader keeps at most AHEAD chunks read and prepared beyond the one being judged.
  const queue: Batch[] = [];
  let readerDone = false;
  /** The judging failed: the reader stops (its git killed), so nothing is left waiting for room. */
  let stopped = false;
  let wake: (() => void) | undefined;
  let room: (() => void) | undefined;
  const reader = (async () => {
    try {
      let chunk: Walked[] = [];
      if (!none) {
        const unlimited = merges !== undefined && (await merges) === false;
        for await (const c of logCommitStream(gitTop, unlimited ? undefined : spec, opts.range)) {
          if (unlimited && !c.changes.length) continue; // what `-- .` leaves out: a commit changing nothing
          if (!rootOf) {
            const r = await (roots as NonNullable<typeof roots>);
            rootOf = new Map(r.roots.map((x) => [x.sha, r.first.has(x.sha) ? "first" : "other"]));
          }
          const w = walked(c, prefix);
          const root = rootOf.get(c.sha);
          if (root) {
            w.info.root = root;
            listed.add(c.sha);
          }
          chunk.push(w);
          count++;
          if (chunk.length >= size) {
            queue.push(prepare(chunk));
            chunk = [];
            wake?.();
            while (queue.length >= AHEAD && !stopped)
              await new Promise<void>((r) => {
                room = r;
              });
            if (stopped) return; // leaving the loop ends the log's git (gitRecords)
          }
        }
      }
      if (opts.staged) {
        const head = await resolveHead(gitTop, opts.gitDir);
        const changes = await stagedChanges(gitTop, head, spec);
        if (changes?.length)
          chunk.push(
            walked(
              { sha: t("（暂存区）", "(staged)"), parents: head ? [head] : [], ...opts.staged, changes },
              prefix,
              true,
            ),
          );
      }
      if (chunk.length) queue.push(prepare(chunk));
    } finally {
      readerDone = true;
      wake?.();
    }
  })();
  reader.catch(() => {}); // awaited below
  try {
    for (;;) {
      const batch = queue.shift();
      if (!batch) {
        if (readerDone) break;
        await new Promise<void>((r) => {
          wake = r;
        });
        continue;
      }
      room?.();
      findings.push(...(await judge(batch)));
    }
  } catch (e) {
    // A rule that throws (a record version no rule foresaw): without this the reader would wait for
    // room forever and its `git log`, its output unread, would never end — nor the command, which
    // waits for what it started (core/background.ts).
    stopped = true;
    room?.();
    await reader.catch(() => {});
    throw e;
  }
  await reader; // its error (an unknown range), if any
  // Roots the log left out (no record changed: an empty orphan root) are reported first, as when
  // they were put before the listed commits.
  if (roots) {
    const r = await roots;
    const unlisted: Walked[] = [];
    for (const x of r.roots)
      if (!r.first.has(x.sha) && !listed.has(x.sha))
        unlisted.unshift({ ...walked({ ...x, changes: [] }, prefix), info: { ...x, root: "other" } });
    if (unlisted.length) findings.unshift(...(await judge(prepare(unlisted))));
    count += unlisted.length;
  }
  state.folders.parses.save();
  return { findings, commits: count };
}

/** A record version's text, as the rules saw it (for locating a finding). */
const textOf = (sha: string | undefined, mode: string | undefined, blobs: Map<string, string>) =>
  sha && (!mode || REGULAR.has(mode)) ? blobs.get(sha) : undefined;

/**
 * The context of every commit, built in one place: the roster and the signed months as of the
 * commit's first parent (a commit cannot authorise itself), the author found in that roster.
 */
export async function commitContexts(
  opts: HistoryOptions,
  commits: Walked[],
  blobs: Map<string, string>,
  state = new WalkState(opts.gitTop, opts.gitDir),
  resolved?: Map<string, string>,
): Promise<(CommitContext & { walked: Walked })[]> {
  const prefix = relative(opts.gitTop, opts.root).split("\\").join("/");
  const sub = (dir: string) => (prefix ? `${prefix}/${dir}` : dir);
  const trees = resolved ?? (await parentTrees(opts, commits));
  const folders = state.folders;
  await folders.load(trees.values(), true);
  const needSchemas = commits.some((c) => c.files.some((f) => f.kind === "amendment" && f.newSha));
  if (needSchemas && !state.schemas) state.schemas = (await import("../../schemas/index.ts")).SCHEMAS;
  const schemas = needSchemas ? state.schemas : undefined;

  const out: (CommitContext & { walked: Walked })[] = [];
  let judged = 0;
  for (const w of commits) {
    if (++judged % YIELD_EVERY === 0) await breather(); // let git's output be read meanwhile
    const c = w.info;
    const guarded = w.other.filter(guardedFile);
    // (a merge is judged even when its combined diff is empty: what it holds otherwise than git's own
    // merge of its parents is not in that diff — history-merge-own-change)
    if (!w.files.length && !guarded.length && c.root !== "other" && c.parents.length < 2) continue;
    const p = c.parents[0];
    const roster = folders
      .get(p ? trees.get(`${p}:${sub("people")}`) : undefined)
      .filter((r) => typeof r.id === "string" && typeof r.email === "string" && Array.isArray(r.roles))
      .map((r) => r as unknown as Person);
    const assessments = folders.get(p ? trees.get(`${p}:${sub("assessments")}`) : undefined);
    const signed = assessments.filter((a) => a.signature && typeof a.month === "string");
    const sheets = new Map<string, Rec>();
    for (const r of [...assessments, ...folders.get(p ? trees.get(`${p}:${sub("payroll")}`) : undefined)])
      if (typeof r.id === "string") sheets.set(r.id, r);
    const signedMonths = new Set(signed.map((a) => a.month as string));
    const signedAt = new Map<string, string>();
    for (const a of signed) {
      const at = (a.signature as { at?: unknown }).at;
      if (typeof at === "string") signedAt.set(a.month as string, at);
    }
    const email = (c.email ?? "").toLowerCase();
    const actor = roster.find((x) => typeof x.email === "string" && x.email.toLowerCase() === email);
    const changes: RecordChange[] = [];
    for (const f of w.files) {
      const before = state.version(f.oldSha, f.oldMode, blobs);
      const after = state.version(f.newSha, f.newMode, blobs);
      const nonFile = f.newMode !== undefined && !REGULAR.has(f.newMode);
      if (!before && !after && !nonFile) continue;
      changes.push({
        kind: f.kind,
        file: f.rel,
        id: String(after?.id ?? before?.id ?? f.rel),
        before,
        after,
        oldMode: f.oldMode,
        newMode: f.newMode,
        ...(f.parents ? { parents: f.parents.map((p) => state.version(p.sha, p.mode, blobs)) } : {}),
      });
    }
    out.push({
      walked: w,
      commit: c,
      actor,
      roster,
      people: new Map(roster.map((x) => [x.id, x])),
      signedMonths,
      signedAt,
      sheets,
      changes,
      other: w.other,
      ...(w.config
        ? {
            settings: {
              before: textOf(w.config.oldSha, w.config.oldMode, blobs),
              after: textOf(w.config.newSha, w.config.newMode, blobs),
            },
          }
        : {}),
      tz: opts.tz,
      allowAs: opts.allowAs ?? ["supervisor"],
      weeklyDeadlines: opts.weeklyDeadlines,
      schemas,
    });
  }
  return out;
}

/** The people, assessments and payroll folders' trees at each commit's first parent (`<parent>:<folder>` → tree). */
function parentTrees(opts: HistoryOptions, commits: Walked[]): Promise<Map<string, string>> {
  const prefix = relative(opts.gitTop, opts.root).split("\\").join("/");
  const sub = (dir: string) => (prefix ? `${prefix}/${dir}` : dir);
  const names: string[] = [];
  for (const c of commits) {
    const p = c.info.parents[0];
    if (p) names.push(`${p}:${sub("people")}`, `${p}:${sub("assessments")}`, `${p}:${sub("payroll")}`);
  }
  return resolveObjects(opts.gitTop, names);
}

/** The violations of a commit, rule by rule; without a known author only the rules for anyone. */
export function applyRules(
  rules: readonly HistoryRule[],
  cx: CommitContext,
): (Violation & { rule: string; change?: RecordChange })[] {
  const out: (Violation & { rule: string; change?: RecordChange })[] = [];
  for (const rule of rules) {
    if (!cx.actor && !rule.anyone) continue;
    if (rule.kinds === "commit") {
      for (const v of rule.check(cx)) out.push({ ...v, rule: rule.id });
      continue;
    }
    for (const ch of cx.changes) {
      if (rule.kinds !== "*" && !rule.kinds.includes(ch.kind)) continue;
      for (const v of rule.check(ch, cx)) out.push({ ...v, rule: rule.id, change: ch });
    }
  }
  return out;
}

/**
 * A merge, checked as what it changes against each parent: the rules run once per parent (that
 * parent's version as `before`). A violation is the merger's own — a change neither side made (an
 * evil merge, or a conflict resolved by hand) — when it is one against every parent, or when the value
 * it points at differs from every parent's; what one side made was checked in that side's commits.
 * Commit rules run once.
 */
function mergeViolations(cx: CommitContext): ReturnType<typeof applyRules> {
  const n = cx.commit.parents.length;
  type V = ReturnType<typeof applyRules>[number];
  const key = (v: V) => `${v.rule}\0${v.file ?? v.change?.file}\0${JSON.stringify(v.path ?? [])}`;
  const perParent: V[][] = [];
  for (let i = 0; i < n; i++) {
    const changes = cx.changes.map((ch) => (ch.parents ? { ...ch, before: ch.parents[i] } : ch));
    const rules = i === 0 ? HISTORY_RULES : HISTORY_RULES.filter((r) => r.kinds !== "commit");
    perParent.push(applyRules(rules, { ...cx, changes }));
  }
  const keys = perParent.map((vs) => new Set(vs.map(key)));
  const neitherSide = (v: V) => {
    const ch = v.change;
    if (!ch?.parents) return true; // a commit rule, or a file only one version of which is in a parent
    if (keys.every((k) => k.has(key(v)))) return true;
    if (!ch.after || !v.path?.length || (v.side ?? "after") !== "after") return false;
    const value = JSON.stringify(pathValue(ch.after, v.path));
    return ch.parents.every((p) => JSON.stringify(pathValue(p, v.path ?? [])) !== value);
  };
  const out: V[] = [];
  const seen = new Set<string>();
  for (const v of perParent.flat()) {
    if (seen.has(key(v)) || !neitherSide(v)) continue;
    seen.add(key(v));
    const ch = v.change;
    out.push(ch ? { ...v, change: cx.changes.find((c) => c.file === ch.file) ?? ch } : v);
  }
  return out;
}

/** The value a violation points at (its path may end in a stamp's `by`: the stamp as a whole counts). */
function pathValue(rec: Rec | undefined, path: (string | number)[]): unknown {
  let v: unknown = rec;
  for (const p of path.at(-1) === "by" ? path.slice(0, -1) : path)
    v = v && typeof v === "object" ? (v as Record<string, unknown>)[p] : undefined;
  return v;
}

async function located(
  v: Violation & { rule: string; change?: RecordChange },
  cx: CommitContext & { walked: Walked },
  blobs: Map<string, string>,
): Promise<Finding> {
  const ch = v.change;
  const file = v.file ?? ch?.file ?? cx.changes[0]?.file ?? "svc.yaml";
  let line = 1;
  let col = 1;
  const settingsText = file === "svc.yaml" && !ch ? (cx.settings?.after ?? cx.settings?.before) : undefined;
  if (settingsText !== undefined && v.path?.length) {
    const { locate } = await import("../../store/yaml.ts");
    ({ line, col } = await locate(settingsText, v.path));
  } else if (ch && v.path?.length) {
    const f = cx.walked.files.find((x) => x.rel === ch.file);
    const side = v.side ?? (ch.after ? "after" : "before");
    const text =
      side === "after" ? textOf(f?.newSha, f?.newMode, blobs) : textOf(f?.oldSha, f?.oldMode, blobs);
    if (text !== undefined) {
      const { locate } = await import("../../store/yaml.ts");
      ({ line, col } = await locate(text, v.path));
    }
  }
  return {
    file,
    line,
    col,
    rule: v.rule,
    severity: "error",
    message: v.message,
    hint: v.hint,
    value: v.value,
    commit: cx.commit.sha,
    author: `${cx.commit.name} <${cx.commit.email}>`,
  };
}

export type { Rec };
