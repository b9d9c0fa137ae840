// The dashboard's one walk of the history: each letter's and notice's commits — the commits that
// touched the record's file, whatever their subject says (issue 17: a hand commit not naming the
// record is on its timeline, a subject naming a record the commit did not touch is not) — from one
// `git log --name-only` (src/store/git.ts touchLog), kept in svc's cache so that the next build
// reads only the commits since. The command starts git as soon as it has its store
// (startRecordCommits) and the build reads the commits when it comes to the timelines (recordCommits):
// git lists the history while svc computes the figures, and the commits are not held in memory
// while the figures are computed. What every build reads of the cache is each record's commits'
// ids (its pages' keys: 6.5 MB at 181,327 commits); the commits themselves (the walk's 24 MB) only
// when many pages are made — the few pages a commit changes get theirs from git (issue 17: the
// incremental build after one commit ≤ 2 s).
import { closeSync, openSync, readSync, rmSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { isIdOf, pathOf } from "../../schemas/kinds.ts";
import { cacheDir, readCache, writeCache } from "../../store/cache.ts";
import {
  headCommitSync,
  isAncestorSync,
  type SubjectCommit,
  subjectCommits,
  type TouchCommit,
  touchLog,
} from "../../store/git.ts";
import type { Store } from "../../store/store.ts";

const CACHE_VERSION = 4;
/** New commits since the cached walk from which the cache is written again. */
const REWRITE_AFTER = 1000;
/** Pages being made whose commits number more than this read the cached walk whole, not git. */
const ASK_GIT_UP_TO = 2000;
const RECORD_NAME = /(?:^|\/)(letters|notices)\/\d{4}\/([LN]-\d{8}-[0-9a-z]{5})\.yaml$/;

/** A commit and the letters and notices whose files it touched: [sha, name, email, date, subject, ...ids], as cached. */
type Row = string[];

/**
 * The cache, two files in .git/svc/cache/ written together (the walk first): `dashboard-commits.json`,
 * each record's commits' ids (what its page's key holds: read by every build), and
 * `dashboard-commit-rows.json`, the walk itself (the commits' authors, dates and subjects: read only
 * when many pages are made; a few pages' commits are asked of git).
 */
interface IndexFile {
  version: number;
  head: string;
  prefix: string;
  /** Record id → its commits' ids, newest first, space-separated. */
  of: Record<string, string>;
}
interface RowsFile {
  version: number;
  head: string;
  prefix: string;
  commits: Row[];
}

/** A walk started: HEAD, where the cache stops (`base`), and git listing the commits since. */
interface Walk {
  gitTop: string;
  head?: string;
  prefix: string;
  file?: string;
  base?: string;
  log?: AsyncGenerator<TouchCommit>;
}

/** Each letter's and notice's commits: their ids (for the pages' keys), and the commits themselves. */
export interface RecordCommits {
  /** The record's commits' ids, newest first, space-separated ("" when none): its timeline's identity. */
  shas(id: string): string;
  /** Make ready the commits of these records (their pages are being made): at once, for commitsOf. */
  load(ids: readonly string[]): Promise<void>;
  /** The record's commits, oldest first, of those `load` made ready. */
  commitsOf(id: string): SubjectCommit[];
}

const started = new WeakMap<Store, Walk>();
const walks = new WeakMap<Store, Promise<RecordCommits>>();

/**
 * Starts git on the commits the cache does not know yet, and returns: the decisions before it are
 * synchronous (HEAD, the cache's head), so git runs while the caller goes on. Only the cache's head
 * is read now — the cached commits are read when asked for (recordCommits), not held meanwhile.
 */
export function startRecordCommits(store: Store): void {
  if (started.has(store)) return;
  const head = headCommitSync(store.gitTop);
  // The records' folder from the git top ("" when the records are the repository).
  const prefix = relative(store.gitTop, store.root).split("\\").join("/");
  const dir = cacheDir(store.gitDir, store.env);
  const walk: Walk = {
    gitTop: store.gitTop,
    head,
    prefix,
    file: dir ? join(dir, "dashboard-commits.json") : undefined,
  };
  started.set(store, walk);
  if (!head) return;
  // {"version":4,"head":"…","prefix":"…",…: JSON.stringify writes the keys in this order
  const start = head4k(walk.file);
  const m = start && /^\{"version":(\d+),"head":"([0-9a-f]{40,64})","prefix":("(?:[^"\\]|\\.)*")/.exec(start);
  let base: string | undefined;
  try {
    if (m && Number(m[1]) === CACHE_VERSION && JSON.parse(m[3]) === prefix) base = m[2];
  } catch {
    base = undefined;
  }
  if (base && base !== head && !isAncestorSync(store.gitTop, base, head)) base = undefined;
  walk.base = base;
  if (base !== head) walk.log = touchLog(store.gitTop, base ? `${base}..${head}` : head);
}

/**
 * Each letter's and notice's commits: the commits of HEAD's history that changed its file (one walk
 * per store, however often asked).
 */
export function recordCommits(store: Store): Promise<RecordCommits> {
  let walk = walks.get(store);
  if (!walk) {
    startRecordCommits(store);
    walk = finish(started.get(store) as Walk);
    walks.set(store, walk);
  }
  return walk;
}

const rowsFile = (file: string) => join(dirname(file), "dashboard-commit-rows.json");

function readJson<T>(file: string | undefined): T | undefined {
  try {
    return JSON.parse(readCache(file)?.toString("utf8") ?? "null") ?? undefined;
  } catch {
    return undefined;
  }
}

/** The walk finished: the cached ids and git's commits since, the cache written again when they grew. */
async function finish(w: Walk): Promise<RecordCommits> {
  if (!w.head) return { shas: () => "", load: async () => {}, commitsOf: () => [] };
  let known: IndexFile | undefined;
  if (w.base) {
    const got = readJson<IndexFile>(w.file);
    if (
      got?.version === CACHE_VERSION &&
      got.head === w.base &&
      got.prefix === w.prefix &&
      got.of !== null &&
      typeof got.of === "object"
    )
      known = got;
    else {
      // the cache changed or broke since the walk started (another build): the whole history
      await w.log?.return(undefined);
      w.log = touchLog(w.gitTop, w.head);
    }
  }
  const fresh = w.log ? await touches(w.log, w.prefix) : [];
  // the commits since the cache (all of them when walked whole), by id of the records they touched
  const info = new Map<string, SubjectCommit>();
  const since = new Map<string, string[]>();
  for (const r of fresh) {
    info.set(r[0]!, rowCommit(r));
    for (let k = 5; k < r.length; k++) {
      const mine = since.get(r[k]!);
      if (mine) mine.push(r[0]!);
      else since.set(r[k]!, [r[0]!]);
    }
  }
  const old = known?.of ?? {};
  const shas = (id: string): string => {
    const before = Object.hasOwn(old, id) && typeof old[id] === "string" ? old[id] : "";
    const mine = since.get(id);
    return mine ? (before ? `${mine.join(" ")} ${before}` : mine.join(" ")) : before;
  };
  // The cached walk, read at most once, and only when it is the index's (written with it).
  let rows: Row[] | undefined | null = known ? undefined : [];
  const cachedRows = (): Row[] | null => {
    if (rows === undefined) {
      const got = w.file ? readJson<RowsFile>(rowsFile(w.file)) : undefined;
      rows =
        got?.version === CACHE_VERSION &&
        got.head === known?.head &&
        got.prefix === w.prefix &&
        Array.isArray(got.commits)
          ? got.commits
          : null;
    }
    return rows;
  };
  // Written again when walked whole, or when it lags HEAD by many commits: a few commits since (the
  // build after one commit) are walked again next time rather than rewriting the whole walk (21 MB
  // at 181,327 commits) each time.
  if (w.file && w.log && (!known || fresh.length >= REWRITE_AFTER)) {
    const all = known ? cachedRows() : [];
    if (all) {
      const commits = [...fresh, ...all];
      const of: Record<string, string> = {};
      for (const r of commits)
        for (let k = 5; k < r.length; k++) of[r[k]!] = of[r[k]!] ? `${of[r[k]!]} ${r[0]}` : r[0]!;
      const at = { version: CACHE_VERSION, head: w.head, prefix: w.prefix };
      writeCache(rowsFile(w.file), JSON.stringify({ ...at, commits } satisfies RowsFile));
      writeCache(w.file, JSON.stringify({ ...at, of } satisfies IndexFile));
    }
  }
  const ask = async (list: string[]) => {
    for (const [sha, c] of (list.length ? await subjectCommits(w.gitTop, list) : undefined) ?? [])
      info.set(sha, c);
  };
  const load = async (ids: readonly string[]): Promise<void> => {
    // Many read from the cached walk (every page of a full build: its whole file); a few asked of git;
    // what neither gives (the walk's file gone or not the index's) asked of git after all, and at
    // worst found in a walk of the whole history.
    let count = 0;
    for (const id of ids) count += Math.ceil(shas(id).length / 41); // 40 hex digits and a space each
    if (count > ASK_GIT_UP_TO && known) {
      for (const r of cachedRows() ?? []) if (!info.has(r[0]!)) info.set(r[0]!, rowCommit(r));
      rows = undefined; // not held while the pages are made (read again if asked again)
    }
    const missing = new Set<string>();
    for (const id of ids) for (const sha of shas(id).split(" ")) if (sha && !info.has(sha)) missing.add(sha);
    const unknown = () => [...missing].filter((sha) => !info.has(sha));
    if (missing.size) await ask([...missing]);
    if (unknown().length) {
      // the index names commits git does not know (a damaged cache): walked whole now, and next time
      const rest = new Set(unknown());
      for await (const c of touchLog(w.gitTop, w.head!)) if (rest.has(c.sha)) info.set(c.sha, subjectOf(c));
      if (w.file) rmSync(w.file, { force: true });
    }
  };
  const commitsOf = (id: string): SubjectCommit[] => {
    const list = shas(id).split(" ");
    const cs: SubjectCommit[] = [];
    for (let i = list.length - 1; i >= 0; i--) {
      const c = list[i] ? info.get(list[i]!) : undefined;
      if (c) cs.push(c);
    }
    return cs;
  };
  return { shas, load, commitsOf };
}

const rowCommit = (r: Row): SubjectCommit => ({
  sha: r[0]!,
  name: r[1]!,
  email: r[2]!,
  date: r[3]!,
  subject: r[4]!,
});
const subjectOf = ({ sha, name, email, date, subject }: TouchCommit): SubjectCommit => ({
  sha,
  name,
  email,
  date,
  subject,
});

/** The first 4 KB of the cache file (its version, head and prefix), not the whole file. */
function head4k(file: string | undefined): string | undefined {
  if (!file) return undefined;
  try {
    const fd = openSync(file, "r");
    try {
      const buf = Buffer.alloc(4096);
      return buf.subarray(0, readSync(fd, buf, 0, buf.length, 0)).toString("utf8");
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

/** The commits of a log (newest first) that touched a letter's or a notice's file, with their ids. */
async function touches(log: AsyncGenerator<TouchCommit>, prefix: string): Promise<Row[]> {
  const out: Row[] = [];
  const at = prefix ? `${prefix}/` : "";
  for await (const { names, ...c } of log) {
    const ids = new Set<string>();
    for (const n of names) {
      const m = RECORD_NAME.exec(n);
      if (!m) continue;
      const kind = m[1] === "letters" ? "letter" : "notice";
      // exactly the record's file: <records>/<folder>/<YYYY>/<id>.yaml
      if (isIdOf(kind, m[2]) && n === `${at}${pathOf(kind, m[2])}`) ids.add(m[2]);
    }
    if (ids.size) out.push([c.sha, c.name, c.email, c.date, c.subject, ...ids]);
  }
  return out;
}
