// `svc check`: structure (pass one), then the business rules one snapshot can show (pass two).

import { existsSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import type { CheckOptions } from "../commands/check.ts";
import type { Ctx } from "../commands/kit.ts";
import { inBackground } from "../core/background.ts";
import { UsageError } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import type { Config, Kind } from "../schemas/index.ts";
import { readCache } from "../store/cache.ts";
import { findRoot, readConfigChecked, readConfigText } from "../store/repo.ts";
import { type Finding, formatFinding } from "./finding.ts";
import { checkRules } from "./rules.ts";
import { loadSnapshot, type Snapshot } from "./snapshot.ts";

/**
 * With --changed, every kind whose records have dated ids (N-…, L-…, W-…, A-…) is read only as far as
 * the change names it; people, customers and products — named by plain ids everywhere — are read whole.
 */
const WHOLE_KINDS: readonly Kind[] = ["person", "customer", "product"];

export async function runCheck(
  ctx: Ctx,
  opts: CheckOptions & {
    paths?: string[];
    /** The snapshot the check read (svc start hands its valid records to the store: issue 18). */
    snapshot?: (snap: Snapshot) => void;
  },
): Promise<number> {
  const root = findRoot(ctx.cwd, ctx.repo, ctx.env);
  const findings: Finding[] = [];
  await finishInterrupted(ctx, root);
  // --changed / --history (src/check/history/): what changed and who changed it — git's work,
  // started first so that it runs while svc.yaml is read and validated (issue 7).
  const plan = opts.history !== undefined || opts.changed ? historyPlan(ctx, root, opts) : undefined;
  if (plan) inBackground(plan); // awaited below
  // HEAD's tree: a record path committed as a symlink or gitlink (issue 12, case 3), read meanwhile —
  // with --changed, once the plan names the paths reported on: only those (issue 18: the whole tree
  // is 50,000 entries).
  let tree = opts.changed ? undefined : headTreeFindings(root);
  if (tree) inBackground(tree); // awaited below

  // svc.yaml first: a broken one is a finding like any other, not a crash.
  // (Not a regular file, not UTF-8, YAML, schema, the settings' own rules; the defaults applied.)
  const settings = await readConfigChecked(root);
  findings.push(...settings.findings);
  const config: Config | undefined = settings.config;

  let only: ((file: string) => boolean) | undefined;
  if (opts.paths?.length) {
    const wanted = opts.paths.map((p) => {
      const abs = resolve(ctx.cwd, p);
      if (!existsSync(abs))
        throw new UsageError(t(`没有这个文件或目录：${p}`, `no such file or folder: ${p}`));
      const rel = relative(root, abs).split("\\").join("/");
      if (rel.startsWith(".."))
        throw new UsageError(t(`${p} 不在记录库中`, `${p} is outside the records repository`));
      return { rel, dir: statSync(abs).isDirectory() };
    });
    only = (file) =>
      wanted.some((w) => w.rel === "" || file === w.rel || (w.dir && file.startsWith(`${w.rel}/`)));
  }

  const hist = await plan;
  let reportOnly = only;
  if (hist?.changed) {
    const set = hist.changed;
    only = (file) => set.report.has(file);
    reportOnly = only;
    tree = headTreeFindings(root, set.report.size <= 1000 ? [...set.report] : undefined);
    inBackground(tree); // awaited below
  }
  tree ??= headTreeFindings(root);

  // The history is walked (mostly git's work) while the records are checked (issue 7) — but the whole
  // history after them, once the records are let go (issue 18: the walk's memory and the snapshot's
  // never both at their peak; the check is seconds of a walk of minutes).
  const walk = () => {
    if (!hist) return {};
    const history = import("./history/index.ts").then(({ checkHistory }) =>
      checkHistory({
        gitTop: hist.gitTop,
        gitDir: hist.gitDir,
        root,
        range: hist.range,
        skipCommits: hist.skipCommits,
        ...historySettings(config),
        staged: hist.staged,
      }),
    );
    inBackground(history); // awaited below
    // Identity (issue 12 item 7, src/check/signatures.ts): signed commits where svc.yaml requires them.
    const signatures = hist.skipCommits
      ? undefined
      : import("./signatures.ts").then(({ checkSignatures }) =>
          checkSignatures({ gitTop: hist.gitTop, root, range: hist.range, configText: configTextOf(root) }),
        );
    if (signatures) inBackground(signatures); // awaited below
    return { history, signatures };
  };
  const whole = hist !== undefined && hist.range === undefined && !hist.skipCommits && !hist.changed;
  let walking = whole ? {} : walk();
  // The whole repository is loaded (references need it) — with --changed, only what the changed
  // records touch; findings are reported for the paths asked.
  let snap: Awaited<ReturnType<typeof loadSnapshot>> | undefined = await loadSnapshot(root, hist?.given);
  opts.snapshot?.(snap);
  findings.push(...snap.findings.filter((f) => !only || only(f.file)));
  if (config) {
    const { monthLocal } = await import("../core/time.ts");
    const { now } = await import("../core/clock.ts");
    findings.push(...(await checkRules(snap, config, reportOnly, monthLocal(now(ctx.env), config.timezone))));
  }
  findings.push(...(await tree).filter((f) => !only || only(f.file)));
  const { checkAttachments } = await import("./attachments.ts");
  findings.push(...(await checkAttachments(snap, reportOnly)));
  const files = snap.files.length;
  const checked = only ? snap.files.filter((f) => only(f.file)).length : files;
  snap = undefined;
  if (whole) {
    // The check's garbage (every record read, parsed, cached: 200–400 MB at 50,000 records) is
    // collected before the walk starts, not whenever V8 next gets to it (issue 18: a cold check's
    // leftovers stood through the walk's first minute, 788 MB at its peak).
    (await import("../core/memory.ts")).collectGarbage();
    walking = walk();
  }
  const { history, signatures } = walking;
  let commits: number | undefined;
  if (history) {
    const r = await history;
    findings.push(...r.findings);
    commits = r.commits;
    // A shallow clone holds the history only up to its cut: said, not passed over (found by attack:
    // `git clone --depth 1` checked "the history of 1 commit" as if it were the whole)
    const dirs = plan && (await plan);
    const shallow = dirs ? (readCache(join(dirs.gitDir, "shallow"))?.toString("utf8").trim() ?? "") : "";
    if (shallow)
      findings.push({
        file: ".git/shallow",
        line: 1,
        col: 1,
        rule: "history-shallow",
        severity: "warning",
        message: t(
          `浅克隆：历史在 ${shallow.split("\n").length} 个提交处截断，更早的提交没有检查`,
          `a shallow clone: the history is cut at ${shallow.split("\n").length} commit(s); what came before is not checked`,
        ),
        hint: t(
          "git fetch --unshallow 后再检查（CI 用 fetch-depth: 0）",
          "git fetch --unshallow, then check again (CI: fetch-depth: 0)",
        ),
      });
  }
  if (signatures) findings.push(...(await signatures));

  const errors = findings.filter((f) => f.severity === "error").length;
  const warnings = findings.length - errors;
  if (ctx.json) {
    ctx.out(JSON.stringify({ ok: errors === 0, files, commits, errors, warnings, findings }, null, 2));
  } else {
    for (const g of findings) {
      // A history finding names the commit, its author, the record (file) and the rule broken.
      const f = g.commit ? { ...g, author: `${g.author ?? "?"} · ${t("规则", "rule")} ${g.rule}` } : g;
      ctx.out(f.severity === "error" ? formatFinding(f) : ctx.paint.yellow(formatFinding(f)));
    }
    const summary = t(
      `检查了 ${checked} 个记录文件：${errors} 个错误，${warnings} 个警告`,
      `checked ${checked} record files: ${errors} errors, ${warnings} warnings`,
    );
    const walked =
      commits === undefined ? "" : t(`，${commits} 个提交的历史`, ` and the history of ${commits} commits`);
    ctx.out(errors ? ctx.paint.red(summary + walked) : ctx.paint.green(summary + walked));
  }
  return errors ? 1 : 0;
}

/** A svc killed mid-commit leaves a journal; opening the store finishes (or drops) that action first. */
async function finishInterrupted(ctx: Ctx, root: string): Promise<void> {
  const { gitDirs } = await import("../store/git.ts");
  const dirs = await gitDirs(root);
  if (!dirs || !existsSync(join(dirs.gitDir, "svc-pending.json"))) return;
  try {
    await ctx.store();
  } catch {
    // a broken svc.yaml is reported below as a finding
  }
}

/** Record paths of HEAD's tree that are not regular files (src/check/history/index.ts treeFindings). */
async function headTreeFindings(root: string, paths?: readonly string[]): Promise<Finding[]> {
  const { gitDirs, resolveHead } = await import("../store/git.ts");
  const dirs = await gitDirs(root);
  if (!dirs || !(await resolveHead(dirs.top, dirs.gitDir))) return [];
  const { treeFindings } = await import("./history/tree.ts");
  return treeFindings(dirs.top, root, paths);
}

async function historyPlan(ctx: Ctx, root: string, opts: CheckOptions) {
  const { gitDirs, authorIdent } = await import("../store/git.ts");
  const dirs = await gitDirs(root);
  if (!dirs)
    throw new UsageError(
      t("--history 与 --changed 需要 git 仓库", "--history and --changed need a git repository"),
    );
  if (!opts.changed) {
    return {
      gitTop: dirs.top,
      gitDir: dirs.gitDir,
      range: typeof opts.history === "string" ? opts.history : undefined,
      skipCommits: false,
    };
  }
  // Who is acting, for the staged changes as the commit about to be made: asked while git diffs.
  const ident = authorIdent(root);
  inBackground(ident); // awaited below
  const { changedSet } = await import("./history/index.ts");
  const { mentionIndex, mentionsIn } = await import("./mentions.ts");
  const { KIND_NAMES, KINDS, isIdOf, kindOfId, pathOf } = await import("../schemas/kinds.ts");
  const { listYaml } = await import("../store/store.ts");
  // Built while git works out what changed (issue 7).
  const index = mentionIndex(dirs.top, dirs.gitDir, root, ctx.env);
  inBackground(index); // awaited below
  const { readRecordText } = await import("../store/read.ts");
  const mentions = (file: string) => {
    // Read as the store reads (no symlink, no FIFO, UTF-8); what cannot be read names nothing — the
    // snapshot reports why (or it was deleted).
    const read = readRecordText(root, file);
    return read.ok ? mentionsIn(read.text) : [];
  };
  const changed = await changedSet(dirs.top, root, opts.since, {
    all: () => KIND_NAMES.flatMap((kind) => listYaml(root, KINDS[kind].dir)),
    mentions,
    referrers: async (ids) => (await index).referrers(ids),
  });
  (await index).save();
  // What the rules must see besides the files reported on: the records those files name (so a
  // reference is not taken for a dangling one) and all people, customers and products; the records
  // with dated ids are read only as far as named — the fast path for a pre-commit hook (issue 7).
  const load = new Set(changed.report);
  for (const f of changed.report) {
    for (const id of mentions(f)) {
      const kind = kindOfId(id);
      if (kind && isIdOf(kind, id) && existsSync(join(root, pathOf(kind, id)))) load.add(pathOf(kind, id));
    }
  }
  const given = { kinds: new Set<Kind>(KIND_NAMES.filter((k) => !WHOLE_KINDS.includes(k))), files: load };
  const who = await ident;
  return {
    gitTop: dirs.top,
    gitDir: dirs.gitDir,
    changed,
    given,
    range:
      typeof opts.history === "string" ? opts.history : changed.since ? `${changed.since}..HEAD` : undefined,
    // no base revision and no --history: only the staged changes (a repository's first commit)
    skipCommits: opts.history === undefined && !changed.since,
    staged: who ? { ...who, date: ctx.env.SVC_NOW ?? new Date().toISOString() } : undefined,
  };
}

/** svc.yaml's text, where it can be read (the signatures' findings point into it). */
function configTextOf(root: string): string | undefined {
  const read = readConfigText(root);
  return "text" in read ? read.text : undefined;
}

/**
 * The records' errors in the work tree of `root`, one line each without its line number (`file rule
 * message`, comparable between two states of the records): what `svc check` would refuse, the
 * history aside. `svc sync` asks it after a rebase.
 */
export async function recordErrors(root: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  const settings = await readConfigChecked(root);
  const out = settings.findings.filter((f) => f.severity === "error");
  const snap = await loadSnapshot(root);
  out.push(...snap.findings.filter((f) => f.severity === "error"));
  if (settings.config) {
    const { monthLocal } = await import("../core/time.ts");
    const { now } = await import("../core/clock.ts");
    const month = monthLocal(now(env), settings.config.timezone);
    out.push(
      ...(await checkRules(snap, settings.config, undefined, month)).filter((f) => f.severity === "error"),
    );
  }
  return out.map((f) => `${f.file} ${f.rule ?? ""} ${f.message}`);
}

/** What of svc.yaml (HEAD's) the history's rules read: the zone, `allowAs`, the weekly deadlines. */
function historySettings(config: Config | undefined) {
  return {
    tz: config?.timezone ?? "Asia/Shanghai",
    allowAs: config?.allowAs,
    weeklyDeadlines: config && {
      weekly: config.deadlines.engineerWeekly,
      "department-weekly": config.deadlines.departmentWeekly,
    },
  };
}

/**
 * The errors `svc check --history RANGE` finds, one line each — file, rule and message, not the commit
 * (a rebase changes its id): for `svc sync`, to compare our commits before and after the rebase.
 */
export async function historyErrors(root: string, range: string): Promise<string[]> {
  const settings = await readConfigChecked(root);
  const { gitDirs } = await import("../store/git.ts");
  const dirs = await gitDirs(root);
  if (!dirs) return [];
  const { checkHistory } = await import("./history/index.ts");
  const { findings } = await checkHistory({
    gitTop: dirs.top,
    gitDir: dirs.gitDir,
    root,
    range,
    ...historySettings(settings.config),
  });
  return findings.filter((f) => f.severity === "error").map((f) => `${f.file} ${f.rule} ${f.message}`);
}
