// The dashboard's one walk of the history: each letter's and notice's commits — the commits that
// touched the record's file, whatever their subject says (issue 17: a hand commit not naming the
// record is on its timeline, a subject naming a record the commit did not touch is not) — from one
// `git log --name-only` (src/store/git.ts touchLog), kept in svc's cache so that the next build
// reads only the commits since. The command starts git as soon as it has its store
// (startRecordCommits) and the build reads the commits when it comes to the timelines (recordCommits):
// git lists the history while svc computes the figures, and the commits are not held in memory
// while the figures are computed.
import { closeSync, openSync, readSync } from "node:fs";
import { join, relative } from "node:path";
import { isIdOf, pathOf } from "../../schemas/kinds.ts";
import { cacheDir, readCache, writeCache } from "../../store/cache.ts";
import {
  headCommitSync,
  isAncestorSync,
  type SubjectCommit,
  type TouchCommit,
  touchLog,
} from "../../store/git.ts";
import type { Store } from "../../store/store.ts";

const CACHE_VERSION = 3;
/** New commits since the cached walk from which the cache is written again. */
const REWRITE_AFTER = 1000;
const RECORD_NAME = /(?:^|\/)(letters|notices)\/\d{4}\/([LN]-\d{8}-[0-9a-z]{5})\.yaml$/;

/** A commit and the letters and notices whose files it touched: [sha, name, email, date, subject, ...ids], as cached. */
type Row = string[];

/** A walk started: HEAD, where the cache stops (`base`), and git listing the commits since. */
interface Walk {
  gitTop: string;
  head?: string;
  prefix: string;
  file?: string;
  base?: string;
  log?: AsyncGenerator<TouchCommit>;
}

const started = new WeakMap<Store, Walk>();
const walks = new WeakMap<Store, Promise<Map<string, SubjectCommit[]>>>();

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
  // {"version":3,"head":"…","prefix":"…",…: JSON.stringify writes the keys in this order
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
 * Each letter's and notice's commits, oldest first: the commits of HEAD's history that changed its
 * file (one walk per store, however often asked).
 */
export function recordCommits(store: Store): Promise<Map<string, SubjectCommit[]>> {
  let walk = walks.get(store);
  if (!walk) {
    startRecordCommits(store);
    walk = finish(started.get(store) as Walk);
    walks.set(store, walk);
  }
  return walk;
}

/** The walk finished: the cached commits and git's since, the cache written again when they grew. */
async function finish(w: Walk): Promise<Map<string, SubjectCommit[]>> {
  const out = new Map<string, SubjectCommit[]>();
  if (!w.head) return out;
  let old: Row[] = [];
  let cached = false;
  if (w.base) {
    let known: { version: number; head: string; prefix: string; commits: Row[] } | undefined;
    try {
      known = JSON.parse(readCache(w.file)?.toString("utf8") ?? "null");
    } catch {
      known = undefined;
    }
    if (
      known?.version === CACHE_VERSION &&
      known.head === w.base &&
      known.prefix === w.prefix &&
      Array.isArray(known.commits)
    ) {
      old = known.commits;
      cached = true;
    } else {
      // the cache changed or broke since the walk started (another build): the whole history
      await w.log?.return(undefined);
      w.log = touchLog(w.gitTop, w.head);
    }
  }
  const rows = w.log ? [...(await touches(w.log, w.prefix)), ...old] : old;
  // Written again when walked whole, or when it lags HEAD by many commits: a few commits since (the
  // build after one commit) are walked again next time rather than rewriting the whole walk (21 MB
  // at 181,327 commits) each time.
  if (w.file && w.log && (!cached || rows.length - old.length >= REWRITE_AFTER))
    writeCache(
      w.file,
      JSON.stringify({ version: CACHE_VERSION, head: w.head, prefix: w.prefix, commits: rows }),
    );
  for (let i = rows.length - 1; i >= 0; i--) {
    const r = rows[i];
    const c: SubjectCommit = { sha: r[0], name: r[1], email: r[2], date: r[3], subject: r[4] };
    for (let k = 5; k < r.length; k++) {
      const mine = out.get(r[k]);
      if (mine) mine.push(c);
      else out.set(r[k], [c]);
    }
  }
  return out;
}

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
