// `svc check --changed`: what changed since a revision, and what to report on with it (issue 7).
import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import { UsageError } from "../../core/errors.ts";
import { t } from "../../core/i18n.ts";
import { isIdOf, kindOfId, kindOfPath, pathOf } from "../../schemas/kinds.ts";
import { GitError, git } from "../../store/git.ts";

export interface ChangedSet {
  /** The revision compared against (undefined: no commits yet). */
  since?: string;
  /** Record files changed since `since`, committed or not. */
  changed: Set<string>;
  /** Files to report on: the changed ones, what they refer to, and what refers to those. */
  report: Set<string>;
}

/** What changed since a revision (default HEAD~1, else the root): committed, staged, unstaged, untracked. */
export async function changedSet(
  gitTop: string,
  root: string,
  since: string | undefined,
  records: {
    /** Every record file (only asked for when there is no history yet). */
    all(): string[];
    /** The dated ids a record file mentions, as it is in the work tree. */
    mentions(file: string): readonly string[];
    /** The tracked record files mentioning any of these ids (src/check/mentions.ts). */
    referrers(ids: ReadonlySet<string>): Promise<Set<string>>;
  },
): Promise<ChangedSet> {
  const prefix = relative(gitTop, root).split("\\").join("/");
  if (since !== undefined && (since.startsWith("-") || /[\0\n]/.test(since)))
    throw new UsageError(t(`无效的修订：${since}`, `invalid revision: ${since}`));
  // Untracked files are listed while the revisions are compared (issue 7).
  const untracked = git(["ls-files", "--others", "--exclude-standard", "-z", "--", prefix || "."], {
    cwd: gitTop,
  });
  untracked.catch(() => {}); // awaited below
  const changed = new Set<string>();
  const add = (out: string) => {
    for (const p of out.split("\0")) {
      if (!p) continue;
      const rel = prefix ? (p.startsWith(`${prefix}/`) ? p.slice(prefix.length + 1) : undefined) : p;
      if (rel && kindOfPath(rel) && rel.endsWith(".yaml")) changed.add(rel);
    }
  };
  const diff = (rev: string) =>
    git(["diff", "--name-only", "-z", "--no-renames", rev, "--", prefix || "."], {
      cwd: gitTop,
      allowFail: true,
    });
  let base = since;
  if (base === undefined) {
    // The last commit and everything since. Without a HEAD~1 (one commit, or none) the diff fails:
    // then every record is new (asked straight away: one git process fewer, issue 7).
    const d = await diff("HEAD~1");
    if (d.code === 0) {
      base = "HEAD~1";
      add(d.stdout);
    } else for (const f of records.all()) changed.add(f);
  } else {
    const verify = await git(["rev-parse", "--verify", "-q", `${base}^{commit}`], {
      cwd: gitTop,
      allowFail: true,
    });
    if (verify.code !== 0)
      throw new UsageError(
        t(`找不到修订 ${base}`, `unknown revision ${base}`),
        t("例如 --since HEAD~3 或 --since origin/main", "e.g. --since HEAD~3 or --since origin/main"),
      );
    const d = await diff(base);
    if (d.code !== 0) throw new GitError(["diff", base], d);
    add(d.stdout);
  }
  add((await untracked).stdout);

  const idOf = (f: string) => f.slice(f.lastIndexOf("/") + 1, -".yaml".length);
  const changedIds = new Set([...changed].map(idOf));
  const mentioned = new Set<string>();
  for (const f of changed)
    if (existsSync(join(root, f)))
      for (const m of records.mentions(f)) if (!changedIds.has(m)) mentioned.add(m);
  // Report on: the changed files, the records they name (N-…, L-… ids), and every file naming either
  // (a letter that now shares its notice with another one is found on whichever side the rule flags).
  const report = new Set<string>(changed);
  for (const id of mentioned) {
    const kind = kindOfId(id);
    if (kind && isIdOf(kind, id) && existsSync(join(root, pathOf(kind, id)))) report.add(pathOf(kind, id));
  }
  const ids = new Set([...changedIds, ...mentioned]);
  if (ids.size)
    for (const f of await records.referrers(ids))
      if (!changed.has(f) && existsSync(join(root, f))) report.add(f);
  return { since: base, changed, report };
}
