// The dashboard's one walk of the history: each letter's and notice's commits — the commits that
// touched the record's file, whatever their subject says (issue 17: a hand commit not naming the
// record is on its timeline, a subject naming a record the commit did not touch is not) — from one
// `git log --name-only` (src/store/git.ts touchLog), kept in svc's cache so that the next build
// reads only the commits since. The walk starts as soon as the command has its store (recordCommits
// is called once more by the build, which gets the same walk): git lists the history while svc
// computes the figures.
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

/** A commit and the letters and notices whose files it touched. */
type Touch = [commit: SubjectCommit, ids: string[]];

const walks = new WeakMap<Store, Promise<Map<string, SubjectCommit[]>>>();

/**
 * Each letter's and notice's commits, oldest first: the commits of HEAD's history that changed its
 * file (one walk per store, however often asked).
 */
export function recordCommits(store: Store): Promise<Map<string, SubjectCommit[]>> {
  let walk = walks.get(store);
  if (!walk) {
    walk = walkCommits(store);
    walk.catch(() => {}); // awaited by the build; a command that fails before it leaves it be
    walks.set(store, walk);
  }
  return walk;
}

/**
 * The walk: what the cache knows, and git for the commits since (started before this returns: the
 * decisions before it are synchronous, so git runs while the caller goes on).
 */
function walkCommits(store: Store): Promise<Map<string, SubjectCommit[]>> {
  const head = headCommitSync(store.gitTop);
  if (!head) return Promise.resolve(new Map());
  // The records' folder from the git top ("" when the records are the repository).
  const prefix = relative(store.gitTop, store.root).split("\\").join("/");
  const dir = cacheDir(store.gitDir, store.env);
  const file = dir ? join(dir, "dashboard-commits.json") : undefined;
  let old: Touch[] = [];
  let log: AsyncGenerator<TouchCommit> | undefined;
  const cached = readCache(file);
  let known: { version: number; head: string; prefix: string; commits: string[][] } | undefined;
  try {
    known = cached ? JSON.parse(cached.toString("utf8")) : undefined;
  } catch {
    known = undefined; // damaged: walked again
  }
  if (known?.version === CACHE_VERSION && known.prefix === prefix && Array.isArray(known.commits)) {
    if (known.head !== head && !isAncestorSync(store.gitTop, known.head, head)) known = undefined;
    else
      old = known.commits.map(
        ([sha, name, email, date, subject, ...ids]): Touch => [{ sha, name, email, date, subject }, ids],
      );
  } else known = undefined;
  if (!known) log = touchLog(store.gitTop, head);
  else if (known.head !== head) log = touchLog(store.gitTop, `${known.head}..${head}`);
  return (async () => {
    const list = log ? [...(await touches(log, prefix)), ...old] : old;
    // Written again when walked whole, or when it lags HEAD by many commits: a few commits since (the
    // build after one commit) are walked again next time rather than rewriting the whole walk (21 MB
    // at 181,327 commits) each time.
    if (file && log && (!known || list.length - old.length >= REWRITE_AFTER))
      writeCache(
        file,
        JSON.stringify({
          version: CACHE_VERSION,
          head,
          prefix,
          commits: list.map(([c, ids]) => [c.sha, c.name, c.email, c.date, c.subject, ...ids]),
        }),
      );
    const out = new Map<string, SubjectCommit[]>();
    for (let i = list.length - 1; i >= 0; i--) {
      const [c, ids] = list[i];
      for (const id of ids) {
        const mine = out.get(id);
        if (mine) mine.push(c);
        else out.set(id, [c]);
      }
    }
    return out;
  })();
}

/** The commits of a log (newest first) that touched a letter's or a notice's file, with their ids. */
async function touches(log: AsyncGenerator<TouchCommit>, prefix: string): Promise<Touch[]> {
  const out: Touch[] = [];
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
    if (ids.size) out.push([c, [...ids]]);
  }
  return out;
}
