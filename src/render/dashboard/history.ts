// The dashboard's one walk of the history: each letter's and notice's commits from one `git log` of
// the commits' subjects (src/store/git.ts subjectLog), kept in svc's cache so that the next build
// reads only the commits since.
import { join } from "node:path";
import { cacheDir, readCache, writeCache } from "../../store/cache.ts";
import { headCommit, isAncestor, type SubjectCommit, subjectLog } from "../../store/git.ts";
import type { Store } from "../../store/store.ts";

const ID_IN_SUBJECT = /\b[LN]-\d{8}-[0-9a-z]{5}\b/g;
const NAMES_RECORD = /\b[LN]-\d{8}-[0-9a-z]{5}\b/;
const CACHE_VERSION = 2;
/** New commits since the cached walk from which the cache is written again. */
const REWRITE_AFTER = 1000;

/**
 * Each letter's and notice's commits, oldest first, from one `git log` of subjects (svc names the record
 * in every commit's subject). The walk is kept in svc's cache (.git/svc/cache/dashboard-commits.json):
 * the next build reads only the commits since.
 */
export async function recordCommits(store: Store): Promise<Map<string, SubjectCommit[]>> {
  const head = await headCommit(store.gitTop);
  const out = new Map<string, SubjectCommit[]>();
  if (!head) return out;
  const dir = cacheDir(store.gitDir, store.env);
  const file = dir ? join(dir, "dashboard-commits.json") : undefined;
  let list: SubjectCommit[] | undefined;
  let cachedHead: string | undefined;
  let cachedLength: number | undefined;
  const cached = readCache(file);
  if (cached) {
    try {
      const c = JSON.parse(cached.toString("utf8")) as { version: number; head: string; commits: string[][] };
      if (c.version === CACHE_VERSION) {
        const old = c.commits.map(([sha, name, email, date, subject]) => ({
          sha,
          name,
          email,
          date,
          subject,
        }));
        cachedHead = c.head;
        cachedLength = old.length;
        if (c.head === head) list = old;
        else if (await isAncestor(store.gitTop, c.head, head))
          list = [...(await subjectLog(store.gitTop, `${c.head}..${head}`)), ...old];
      }
    } catch {
      list = undefined; // damaged: walked again
    }
  }
  // The cache is written again when it was walked whole, or when it lags HEAD by many commits: a
  // few commits since (the build after one commit) are walked again next time rather than rewriting
  // the whole walk (21 MB at 181,327 commits) each time.
  const walked = list ? list.length - (cachedLength ?? 0) : Number.POSITIVE_INFINITY;
  if (!list) list = await subjectLog(store.gitTop, head);
  // Only the commits that name a letter or a notice are kept (and cached).
  list = list.filter((c) => NAMES_RECORD.test(c.subject));
  if (file && cachedHead !== head && walked >= REWRITE_AFTER)
    writeCache(
      file,
      JSON.stringify({
        version: CACHE_VERSION,
        head,
        commits: list.map((c) => [c.sha, c.name, c.email, c.date, c.subject]),
      }),
    );
  for (let i = list.length - 1; i >= 0; i--) {
    const c = list[i];
    const ids = new Set(c.subject.match(ID_IN_SUBJECT) ?? []);
    for (const id of ids) {
      const mine = out.get(id);
      if (mine) mine.push(c);
      else out.set(id, [c]);
    }
  }
  return out;
}
