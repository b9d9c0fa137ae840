// The commits that touched a record's file, for `svc show` (issue 18). `git log -- path` walks the
// whole history for every show (0.1 s of git CPU per 100,000 commits even with the commit-graph's
// changed-path filters); this remembers the answer in .git/svc/cache/path-log.json and afterwards walks
// only the commits made since.
//
// The file names the commit it is complete for (`tip`) and, per path shown, that path's commits at
// `tip`, newest first, exactly as `git log TIP -- PATH` gave them. When HEAD has moved, the commits of
// `tip..HEAD` are read once (`git log --name-only`, all paths); they are used only when they form one
// line of single-parent commits from HEAD down to `tip` — then `git log HEAD -- PATH` is those of them
// that changed PATH followed by the remembered list, which is what is added. Anything else (a merge, a
// rewritten or rebased history, `tip` gone, a range too long) drops the file and asks git afresh:
// never stale. Derived and disposable like every cache there; SVC_CACHE=0 turns it off.
import { join } from "node:path";
import { cacheDir, readCache, writeCache } from "./cache.ts";
import { type FileCommit, pathCommits, rangeCommits, resolveHead } from "./git.ts";

const VERSION = 1;
/** Past this many new commits, asking git about the one path is cheaper than reading them all. */
const MAX_RANGE = 5000;
/** Paths remembered at most (the oldest shown are forgotten first). */
const MAX_PATHS = 500;

interface PathLogFile {
  v: number;
  tip: string;
  paths: Record<string, FileCommit[]>;
}

function load(file: string | undefined): PathLogFile | undefined {
  const bytes = readCache(file);
  if (!bytes) return undefined;
  try {
    const got = JSON.parse(bytes.toString("utf8")) as PathLogFile;
    if (got?.v === VERSION && typeof got.tip === "string" && got.paths && typeof got.paths === "object")
      return got;
  } catch {
    // unreadable: start afresh
  }
  return undefined;
}

/**
 * The commits of HEAD's history that touched `path` (from the git top), newest first — what
 * `git log HEAD -- PATH` prints, remembered between runs. Empty before the first commit.
 */
export async function fileLog(
  gitTop: string,
  gitDir: string,
  path: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<FileCommit[]> {
  const head = await resolveHead(gitTop, gitDir, env);
  if (!head) return [];
  const dir = cacheDir(gitDir, env);
  const file = dir ? join(dir, "path-log.json") : undefined;
  let cache = load(file);
  let dirty = false;
  if (cache && cache.tip !== head) {
    cache = await advance(gitTop, cache, head);
    dirty = true;
  }
  if (!cache) {
    cache = { v: VERSION, tip: head, paths: {} };
    dirty = true;
  }
  let commits = Object.hasOwn(cache.paths, path) ? cache.paths[path] : undefined;
  if (!commits) {
    const asked = await pathCommits(gitTop, head, path);
    if (!asked) return [];
    commits = asked;
    const keys = Object.keys(cache.paths);
    for (const k of keys.slice(0, Math.max(0, keys.length - MAX_PATHS + 1))) delete cache.paths[k];
    cache.paths[path] = commits;
    dirty = true;
  }
  if (file && dirty) writeCache(file, JSON.stringify(cache));
  return commits;
}

/**
 * The remembered lists carried from `cache.tip` to `head`, or undefined when that cannot be done
 * exactly (then everything is asked afresh).
 */
async function advance(gitTop: string, cache: PathLogFile, head: string): Promise<PathLogFile | undefined> {
  const range = await rangeCommits(gitTop, cache.tip, head, MAX_RANGE);
  if (!range?.length) return undefined;
  // One line of single-parent commits from HEAD down to the old tip: nothing merged, nothing rewritten.
  for (let i = 0; i < range.length; i++) {
    const next = i + 1 < range.length ? range[i + 1].commit : cache.tip;
    if (range[i].parents.length !== 1 || range[i].parents[0] !== next) return undefined;
  }
  if (range[0].commit !== head) return undefined;
  const added = new Map<string, FileCommit[]>();
  for (const c of range) {
    const { names, parents: _, ...event } = c;
    for (const n of names) {
      if (!Object.hasOwn(cache.paths, n)) continue;
      const list = added.get(n) ?? [];
      added.set(n, list);
      if (list.at(-1)?.commit !== c.commit) list.push(event);
    }
  }
  const paths: Record<string, FileCommit[]> = {};
  for (const [p, old] of Object.entries(cache.paths)) paths[p] = [...(added.get(p) ?? []), ...old];
  return { v: VERSION, tip: head, paths };
}
