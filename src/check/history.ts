// Pass three of `svc check`: the history. Walks the commits of a range and checks that every change
// to a record is one its author may make (DOMAIN §1–§3, D11): who signs, who approves, when ratings
// and the customer's signature may be set, what is immutable once signed, which state changes are
// legal. A snapshot cannot see any of this: a forged signature looks like a real one in the files;
// only the commit that wrote it shows who wrote it.
//
// Git is read in bulk: one `git log --raw` for the commits and their changed blobs, one
// `git cat-file --batch` for the contents, one `--batch-check` for the roster tree at each parent.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import { deserialize, serialize } from "node:v8";
import { UsageError } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import { monthLocal } from "../core/time.ts";
import { LETTER_STEPS, stepTo } from "../domain/workflow.ts";
import { LETTER_STATES, type LetterState, type Role } from "../schemas/enums.ts";
import { isIdOf, type Kind, kindOfId, kindOfPath, pathOf } from "../schemas/kinds.ts";
import { cacheDir, readCache, writeCache } from "../store/cache.ts";
import { GitError, git, resolveHead } from "../store/git.ts";
import { parseRecordText } from "../store/yaml.ts";
import type { Finding } from "./finding.ts";

// ------------------------------------------------------------------ the letter state machine

/**
 * Legal letter state changes between two consecutive versions: the `from → to` pairs of the steps of
 * the workflow's state machine (src/domain/workflow.ts) — 派工 → 在建 (approved) → 延期 → 完工 (closed)
 * → 已确认 → (回访) → 结案.
 */
export const LETTER_TRANSITIONS: Record<LetterState, readonly LetterState[]> = (() => {
  const table = Object.fromEntries(LETTER_STATES.map((s) => [s, [] as LetterState[]])) as Record<
    LetterState,
    LetterState[]
  >;
  for (const step of Object.values(LETTER_STEPS))
    for (const from of step.from) {
      const to = stepTo(step, from);
      if (to && !table[from].includes(to)) table[from].push(to);
    }
  return table;
})();

/** States a letter may be created in: assigned; unplanned work may be written once done (§2.2). */
const START_STATES: readonly string[] = ["派工"];
const UNPLANNED_START_STATES: readonly string[] = ["派工", "在建"];
const DONE = new Set(["完工", "已确认", "回访", "结案"]);

export function legalTransition(from: string, to: string): boolean {
  if (from === to) return true;
  return (LETTER_TRANSITIONS[from as LetterState] ?? []).includes(to as LetterState);
}

// ------------------------------------------------------------------ reading git

export interface FileChange {
  /** Path relative to the records repository. */
  path: string;
  kind: Kind;
  oldSha?: string;
  newSha?: string;
}

export interface CommitInfo {
  sha: string;
  parents: string[];
  email: string;
  name: string;
  date: string;
  changes: FileChange[];
  /** The records-repository files the commit touched that are not records (svc.yaml …). */
  other: string[];
  /** The staged changes of a commit being made (pre-commit), not a commit yet. */
  staged?: boolean;
}

const ZERO = /^0+$/;

/**
 * Files that decide how the records are checked: the department's settings, the CI that runs
 * `svc check --history`, and the svc tarball that CI installs (`svc ci`). Whoever may change them may
 * switch the check off, so only the supervisor or the GM may (rule history-config). Paths relative to
 * the records folder (when that is a subfolder, the CI files at the git top are outside its history).
 */
export function guardedFile(rel: string): boolean {
  return (
    rel === "svc.yaml" ||
    rel === ".gitlab-ci.yml" ||
    rel.startsWith(".github/workflows/") ||
    rel.startsWith(".gitea/workflows/") ||
    rel.startsWith(".svc/")
  );
}

/** The commits of a range, oldest first, with the record files each changed. */
export async function readCommits(
  gitTop: string,
  gitDir: string,
  root: string,
  range?: string,
): Promise<CommitInfo[]> {
  const prefix = relative(gitTop, root).split("\\").join("/");
  if (range !== undefined && (range.startsWith("-") || /[\0\n]/.test(range))) {
    throw new UsageError(t(`无效的提交范围：${range}`, `invalid revision range: ${range}`));
  }
  if (!range && !(await resolveHead(gitTop, gitDir))) return [];
  const args = [
    "-c",
    "core.quotePath=false",
    "log",
    "--reverse",
    "--topo-order",
    "--root",
    "--raw",
    "--no-abbrev",
    "-z",
    "--no-renames",
    "--diff-merges=dense-combined",
    "--format=%x01%H%x02%P%x02%ae%x02%an%x02%aI",
    range || "HEAD",
    "--",
    prefix || ".",
  ];
  const r = await git(args, { cwd: gitTop, allowFail: true });
  if (r.code !== 0) {
    throw new UsageError(
      t(`无效的提交范围：${range}`, `invalid revision range: ${range}`),
      r.stderr.trim().split("\n")[0],
    );
  }
  const commits: CommitInfo[] = [];
  for (const chunk of r.stdout.split("\x01")) {
    if (!chunk) continue;
    const nul = chunk.indexOf("\0");
    const header = nul < 0 ? chunk : chunk.slice(0, nul);
    const [sha, parents, email, name, date] = header.trim().split("\x02");
    const c: CommitInfo = {
      sha,
      parents: parents ? parents.split(" ") : [],
      email,
      name,
      date,
      changes: [],
      other: [],
    };
    const tokens = nul < 0 ? [] : chunk.slice(nul + 1).split("\0");
    for (let i = 0; i + 1 < tokens.length; i += 2) {
      const meta = tokens[i].replace(/^\n+/, "");
      const path = tokens[i + 1];
      if (!meta.startsWith(":")) continue;
      // ":old new oldsha newsha S" or, for a merge, "::m1 m2 mr sha1 sha2 shar SS".
      const colons = /^:+/.exec(meta)?.[0].length ?? 1;
      const fields = meta.slice(colons).split(" ");
      const shas = fields.slice(colons + 1, colons + 1 + colons + 1);
      const oldSha = shas[0];
      const newSha = shas[shas.length - 1];
      const rel = prefix ? path.slice(prefix.length + 1) : path;
      const kind = kindOfPath(rel);
      if (!kind || !rel.endsWith(".yaml")) {
        c.other.push(rel);
        continue;
      }
      c.changes.push({
        path: rel,
        kind,
        oldSha: ZERO.test(oldSha) ? undefined : oldSha,
        newSha: ZERO.test(newSha) ? undefined : newSha,
      });
    }
    commits.push(c);
  }
  return commits;
}

/** Reads many objects with one `git cat-file --batch`. */
export async function readBlobs(gitTop: string, names: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const unique = [...new Set(names)].filter(Boolean);
  if (!unique.length) return out;
  const buf = await new Promise<Buffer>((resolve, reject) => {
    const child = spawn("git", ["cat-file", "--batch"], {
      cwd: gitTop,
      env: { ...process.env, LC_ALL: "C" },
    });
    const parts: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => parts.push(d));
    child.on("error", reject);
    child.on("close", () => resolve(Buffer.concat(parts)));
    child.stdin.end(`${unique.join("\n")}\n`);
  });
  let pos = 0;
  for (const name of unique) {
    const eol = buf.indexOf(10, pos);
    if (eol < 0) break;
    const line = buf.subarray(pos, eol).toString("utf8");
    pos = eol + 1;
    if (line.endsWith(" missing") || line.endsWith(" ambiguous")) continue;
    const size = Number(line.split(" ")[2]);
    out.set(name, buf.subarray(pos, pos + size).toString("utf8"));
    pos += size + 1;
  }
  return out;
}

/** `<rev>:<path>` → object id, for many at once (one `git cat-file --batch-check`). */
async function resolveMany(gitTop: string, names: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const unique = [...new Set(names)];
  if (!unique.length) return out;
  const text = await new Promise<string>((resolve, reject) => {
    const child = spawn("git", ["cat-file", "--batch-check=%(objectname) %(objecttype)"], {
      cwd: gitTop,
      env: { ...process.env, LC_ALL: "C" },
    });
    let s = "";
    child.stdout.on("data", (d: Buffer) => {
      s += d.toString("utf8");
    });
    child.on("error", reject);
    child.on("close", () => resolve(s));
    child.stdin.end(`${unique.join("\n")}\n`);
  });
  const lines = text.split("\n");
  unique.forEach((name, i) => {
    const line = lines[i] ?? "";
    if (!line.endsWith(" missing") && !line.endsWith(" ambiguous")) out.set(name, line.split(" ")[0]);
  });
  return out;
}

type Rec = Record<string, unknown> & { id?: string; kind?: string };

function parse(text: string | undefined): Rec | undefined {
  if (text === undefined) return undefined;
  const r = parseRecordText(text);
  if (!r.ok || !r.data || typeof r.data !== "object" || Array.isArray(r.data)) return undefined;
  return r.data as Rec;
}

/**
 * Parsed records by git blob id, kept between runs in .git/svc/cache/history-blobs.v8 (issue 7: the
 * roster at each parent is read on every `svc check --changed`). Content-addressed: never stale.
 */
class BlobParses {
  private known = new Map<string, Rec | null>();
  private used = new Map<string, Rec | null>();
  private file?: string;

  constructor(gitDir: string | undefined) {
    const dir = cacheDir(gitDir);
    if (!dir) return;
    this.file = join(dir, "history-blobs.v8");
    const bytes = readCache(this.file);
    if (!bytes) return;
    try {
      const got = deserialize(bytes);
      if (got instanceof Map) this.known = got as Map<string, Rec | null>;
    } catch {
      // unreadable: start empty
    }
  }

  has(blob: string): boolean {
    return this.known.has(blob);
  }

  get(blob: string, text: () => string | undefined): Rec | undefined {
    let rec = this.known.get(blob);
    if (rec === undefined) rec = parse(text()) ?? null;
    this.used.set(blob, rec);
    return rec ?? undefined;
  }

  save(): void {
    if (!this.file || this.used.size === 0) return;
    if (this.used.size === this.known.size && [...this.used.keys()].every((b) => this.known.has(b))) return;
    writeCache(this.file, serialize(this.used));
  }
}

/** The records of one folder at many trees: folder tree id → records (one ls-tree per distinct tree). */
class FolderCache {
  private byTree = new Map<string, Rec[]>();
  readonly parses: BlobParses;
  constructor(
    private gitTop: string,
    gitDir: string | undefined,
  ) {
    this.parses = new BlobParses(gitDir);
  }

  async load(trees: Iterable<string>): Promise<void> {
    const missing = [...new Set(trees)].filter((tr) => !this.byTree.has(tr));
    const listing = new Map<string, string[]>();
    for (const tree of missing) {
      const r = await git(["ls-tree", "-r", "-z", tree], { cwd: this.gitTop, allowFail: true });
      const blobs: string[] = [];
      for (const entry of r.stdout.split("\0")) {
        const m = /^\d+ blob ([0-9a-f]+)\t(.*)$/s.exec(entry);
        if (m?.[2].endsWith(".yaml")) blobs.push(m[1]);
      }
      listing.set(tree, blobs);
    }
    const unknown = [...listing.values()].flat().filter((b) => !this.parses.has(b));
    const contents = await readBlobs(this.gitTop, unknown);
    for (const [tree, blobs] of listing) {
      this.byTree.set(
        tree,
        blobs.map((b) => this.parses.get(b, () => contents.get(b))).filter((x): x is Rec => Boolean(x)),
      );
    }
  }

  get(tree: string | undefined): Rec[] {
    return tree ? (this.byTree.get(tree) ?? []) : [];
  }
}

// ------------------------------------------------------------------ the rules

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
  /** Also check the staged changes as a commit about to be made by this identity. */
  staged?: { email: string; name: string; date: string };
}

interface Person {
  id: string;
  name?: string;
  roles: string[];
  email: string;
  active?: boolean;
}

type Stamp = { by?: string; as?: string; at?: string; backdated?: boolean } | undefined;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function get(rec: Rec | undefined, ...path: string[]): unknown {
  let v: unknown = rec;
  for (const p of path) v = v && typeof v === "object" ? (v as Record<string, unknown>)[p] : undefined;
  return v;
}

/** The month (department time) whose money a record counts in (D11), or undefined. */
export function moneyMonth(kind: Kind, rec: Rec | undefined, tz: string): string | undefined {
  if (!rec) return undefined;
  const str = (v: unknown) => (typeof v === "string" && v ? v : undefined);
  try {
    switch (kind) {
      case "letter": {
        const at = str(get(rec, "completion", "at"));
        return at ? monthLocal(at, tz) : undefined;
      }
      case "weekly":
      case "department-weekly":
        return str(rec.week)?.slice(0, 7);
      case "incident":
      case "exam":
      case "complaint":
        return str(rec.date)?.slice(0, 7);
      case "monthly":
      case "assessment":
      case "payroll":
        return str(rec.month);
      default:
        return undefined;
    }
  } catch {
    return undefined;
  }
}

/** The part of a record the month's assessment and pay are computed from (D11). */
export function moneyView(kind: Kind, rec: Rec | undefined): unknown {
  if (!rec) return undefined;
  const pick = (...keys: string[]) => Object.fromEntries(keys.map((k) => [k, rec[k]]));
  switch (kind) {
    case "letter":
      return pick(
        "engineer",
        "notice",
        "unplanned",
        "estimate",
        "delays",
        "completion",
        "travel",
        "assigned",
      );
    case "incident":
      return pick("class", "engineer", "date", "letter");
    case "complaint":
      return pick("person", "date", "letter");
    default:
      return rec;
  }
}

function signedRecord(kind: Kind, rec: Rec | undefined): boolean {
  if (!rec) return false;
  switch (kind) {
    case "notice":
    case "assessment":
    case "payroll":
      return Boolean(rec.signature);
    case "letter":
      return Boolean(get(rec, "completion", "signature") || rec.confirmation || rec.archive);
    case "amendment":
    case "decision":
      return true;
    default:
      return false;
  }
}

export async function checkHistory(opts: HistoryOptions): Promise<{ findings: Finding[]; commits: number }> {
  const { gitTop, root } = opts;
  const commits = opts.skipCommits ? [] : await readCommits(gitTop, opts.gitDir, root, opts.range);
  if (opts.staged) {
    const staged = await stagedCommit(gitTop, opts.gitDir, root, opts.staged);
    if (staged) commits.push(staged);
  }
  const prefix = relative(gitTop, root).split("\\").join("/");
  const sub = (dir: string) => (prefix ? `${prefix}/${dir}` : dir);

  // Contents of every changed blob, and the roster / assessments trees at every parent.
  const blobs = await readBlobs(
    gitTop,
    commits.flatMap((c) => c.changes.flatMap((f) => [f.oldSha ?? "", f.newSha ?? ""])),
  );
  const parentOf = (c: CommitInfo) => c.parents[0];
  const treeNames: string[] = [];
  for (const c of commits) {
    const p = parentOf(c);
    if (p) treeNames.push(`${p}:${sub("people")}`, `${p}:${sub("assessments")}`);
  }
  const trees = await resolveMany(gitTop, treeNames);
  const folders = new FolderCache(gitTop, opts.gitDir);
  await folders.load(trees.values());
  folders.parses.save();

  const findings: Finding[] = [];
  for (const c of commits) {
    const p = parentOf(c);
    const roster = folders
      .get(p ? trees.get(`${p}:${sub("people")}`) : undefined)
      .filter((r) => typeof r.id === "string" && typeof r.email === "string" && Array.isArray(r.roles))
      .map((r) => r as unknown as Person);
    const signedMonths = new Set(
      folders
        .get(p ? trees.get(`${p}:${sub("assessments")}`) : undefined)
        .filter((a) => a.signature && typeof a.month === "string")
        .map((a) => a.month as string),
    );
    checkCommit(c, roster, signedMonths, blobs, opts, findings);
  }
  return { findings, commits: commits.length };
}

/** The staged changes (index vs HEAD) as the commit about to be made. */
async function stagedCommit(
  gitTop: string,
  gitDir: string,
  root: string,
  who: { email: string; name: string; date: string },
): Promise<CommitInfo | undefined> {
  const prefix = relative(gitTop, root).split("\\").join("/");
  const head = await resolveHead(gitTop, gitDir);
  const base = head ?? "4b825dc642cb6eb9a060e54bf8d69288fbee4904"; // the empty tree
  const r = await git(["diff-index", "--cached", "--raw", "-z", "--no-renames", base, "--", prefix || "."], {
    cwd: gitTop,
    allowFail: true,
  });
  if (r.code !== 0) return undefined;
  const c: CommitInfo = {
    sha: t("（暂存区）", "(staged)"),
    parents: head ? [base] : [],
    ...who,
    changes: [],
    other: [],
    staged: true,
  };
  const tokens = r.stdout.split("\0");
  for (let i = 0; i + 1 < tokens.length; i += 2) {
    const fields = tokens[i].slice(1).split(" ");
    const rel = prefix ? tokens[i + 1].slice(prefix.length + 1) : tokens[i + 1];
    const kind = kindOfPath(rel);
    if (!kind || !rel.endsWith(".yaml")) {
      c.other.push(rel);
      continue;
    }
    c.changes.push({
      path: rel,
      kind,
      oldSha: ZERO.test(fields[2]) ? undefined : fields[2],
      newSha: ZERO.test(fields[3]) ? undefined : fields[3],
    });
  }
  return c.changes.length || c.other.length ? c : undefined;
}

function checkCommit(
  c: CommitInfo,
  roster: Person[],
  signedMonths: Set<string>,
  blobs: Map<string, string>,
  opts: HistoryOptions,
  out: Finding[],
): void {
  const guarded = c.other.filter(guardedFile);
  if (!c.changes.length && !guarded.length) return;
  const email = (c.email ?? "").toLowerCase();
  const actor = roster.find((p) => typeof p.email === "string" && p.email.toLowerCase() === email);
  const author = `${c.name} <${c.email}>`;
  const can = (...roles: Role[]) => Boolean(actor?.roles?.some((r) => roles.includes(r as Role)));
  const push = (file: string, rule: string, message: string, hint?: string, value?: unknown) =>
    out.push({
      file,
      line: 1,
      col: 1,
      rule,
      severity: "error",
      message,
      hint,
      value,
      commit: c.sha,
      author,
    });

  // Amendments this commit adds, by target: the sanctioned way to change a closed month (D11).
  const amended = new Set<string>();
  for (const f of c.changes) {
    if (f.kind === "amendment" && f.newSha && !f.oldSha) {
      const a = parse(blobs.get(f.newSha));
      if (typeof a?.target === "string") amended.add(a.target);
    }
  }

  // Who is this? The roster before the commit decides; an empty roster may be started by anyone.
  if (!actor) {
    const bootstrap = roster.length === 0 && c.changes.every((f) => f.kind === "person");
    if (!bootstrap) {
      push(
        c.changes[0]?.path ?? "svc.yaml",
        "history-author",
        t(
          `提交作者 ${c.email} 不在当时的人员名单中，无权修改记录`,
          `the commit's author ${c.email} was not in the roster at the time and may not change records`,
        ),
        t(
          "每个提交须由名单中的人员（按 git 邮箱识别）完成",
          "every commit must be made by a roster member (by git email)",
        ),
      );
    }
    return;
  }
  if (actor.active === false && c.changes.length) {
    push(
      c.changes[0].path,
      "history-author",
      t(
        `${actor.id} 已离职，仍提交了记录修改`,
        `${actor.id} is no longer active but committed record changes`,
      ),
    );
  }
  if (!can("supervisor", "gm"))
    for (const file of guarded)
      push(
        file,
        "history-config",
        file === "svc.yaml"
          ? t(
              `${actor.id} 无权修改部门设置 svc.yaml（主管或总经理）`,
              `${actor.id} may not change svc.yaml (supervisor or GM)`,
            )
          : t(
              `${actor.id} 无权修改 CI 或 CI 安装的 svc：${file}（主管或总经理，用 svc ci）`,
              `${actor.id} may not change the CI or the svc it installs: ${file} (supervisor or GM, with svc ci)`,
            ),
      );

  const actsAs = (stamp: Stamp): boolean => {
    if (!stamp) return true;
    if (stamp.by === actor.id) return true;
    if (stamp.as === actor.id && actor.roles.some((r) => (opts.allowAs ?? ["supervisor"]).includes(r)))
      return true;
    return false;
  };
  const stampRule = (file: string, id: string, what: string, stamp: Stamp) => {
    if (!actsAs(stamp))
      push(
        file,
        "history-stamp",
        t(
          `${what}记为 ${stamp?.by} 所做，提交者却是 ${actor.id}`,
          `${what} is recorded as done by ${stamp?.by} but was committed by ${actor.id}`,
        ),
        t(
          "谁做的事，由谁提交（或按 allowAs 用 --as 代录）",
          "the person who acts commits (or enters it with --as per allowAs)",
        ),
        id,
      );
  };
  const roleRule = (file: string, id: string, what: string, ...roles: Role[]) => {
    if (!can(...roles))
      push(
        file,
        "history-role",
        t(
          `${actor.id} 在 ${id} 上${what}，只有 ${roles.join("/")} 可以`,
          `${actor.id} did ${what} on ${id}; only a ${roles.join("/")} may`,
        ),
        undefined,
        id,
      );
  };

  for (const f of c.changes) {
    const before = parse(f.oldSha ? blobs.get(f.oldSha) : undefined);
    const after = parse(f.newSha ? blobs.get(f.newSha) : undefined);
    if (!before && !after) continue;
    const id = String(after?.id ?? before?.id ?? f.path);
    const file = f.path;

    // Deleting a signed record loses evidence (DOMAIN, D11).
    if (before && !f.newSha && signedRecord(f.kind, before)) {
      push(
        file,
        "history-delete-signed",
        t(`已签字/确认的记录 ${id} 被删除`, `signed record ${id} was deleted`),
        t(
          "已签字的记录只能用更正记录（amendment）更正，不能删除",
          "a signed record is corrected by an amendment, never deleted",
        ),
      );
      continue;
    }

    // D11: a month whose assessment the GM has signed is closed.
    // Only what the month's money was computed from counts: confirming, following up or archiving a
    // letter, or writing an incident's reflection and notice, after the close is ordinary work.
    const moneyChanged =
      !same(moneyView(f.kind, before), moneyView(f.kind, after)) &&
      !(f.kind === "weekly" && !before && after && !after.backdated); // a late report stays late
    if (
      moneyChanged &&
      f.kind !== "assessment" &&
      f.kind !== "payroll" &&
      f.kind !== "amendment" &&
      f.kind !== "decision"
    ) {
      const months = new Set([moneyMonth(f.kind, before, opts.tz), moneyMonth(f.kind, after, opts.tz)]);
      for (const m of months) {
        if (m && signedMonths.has(m) && !amended.has(id)) {
          push(
            file,
            "history-closed-month",
            t(
              `${m} 的考核表已签字，该月的记录 ${id} 只能通过更正记录修改`,
              `${m} is closed (its assessment is signed); ${id} may change only through an amendment`,
            ),
            t("用 svc amend 写更正记录（谁、何时、为何）", "write an amendment (who, when, why)"),
            m,
          );
          break;
        }
      }
    }

    // Roster changes: supervisor or GM (an engineer must not make himself GM).
    if (f.kind === "person") {
      if (roster.length && !can("supervisor", "gm"))
        roleRule(file, id, t("修改人员名单", "a roster change"), "supervisor", "gm");
      else if (roster.length && before && after) {
        // Nobody raises their own roles; only a GM makes an existing person a GM.
        const had = new Set(Array.isArray(before.roles) ? before.roles : []);
        const added = (Array.isArray(after.roles) ? after.roles : []).filter((r) => !had.has(r));
        if (added.length && id === actor.id)
          push(
            file,
            "history-self-grant",
            t(
              `${actor.id} 给自己增加了角色 ${added.join("/")}`,
              `${actor.id} gave themselves the role ${added.join("/")}`,
            ),
            t("角色由他人（主管或总经理）授予", "roles are granted by someone else (supervisor or GM)"),
            added,
          );
        else if (added.includes("gm")) roleRule(file, id, t("授予总经理角色", "granting the GM role"), "gm");
      }
      continue;
    }

    switch (f.kind) {
      case "notice":
        notice(file, id, before, after);
        break;
      case "letter":
        letter(file, id, before, after);
        break;
      case "assessment":
      case "payroll":
        signedSheet(file, id, before, after);
        break;
      case "weekly":
        weekly(file, id, before, after);
        break;
      case "amendment":
      case "decision":
        if (before && after && !same(before, after))
          push(
            file,
            "history-immutable",
            t(`${id} 写成后不得修改`, `${id} may not be edited once written`),
            t("再写一条更正记录", "write another amendment"),
          );
        if (!before && after) {
          stampRule(
            file,
            id,
            t("更正/决定", "the amendment/decision"),
            (after.decided as Stamp) ?? (after as Stamp),
          );
          if (f.kind === "decision") roleRule(file, id, t("总经理决定", "a GM decision"), "gm");
        }
        break;
      default:
        break;
    }
  }

  function notice(file: string, id: string, before: Rec | undefined, after: Rec | undefined) {
    if (!before && after)
      roleRule(file, id, t("填写服务通知单", "opening a notice"), "requester", "supervisor", "gm");
    const sb = before?.signature as Stamp & { gmAbsent?: boolean };
    const sa = after?.signature as (Stamp & { gmAbsent?: boolean }) | undefined;
    if (sb && !same(sb, sa)) {
      push(
        file,
        sa ? "history-signature-changed" : "history-signature-removed",
        sa
          ? t(`通知单 ${id} 的签字在签署后被改动`, `the signature of notice ${id} was changed after signing`)
          : t(`通知单 ${id} 的签字被删除`, `the signature of notice ${id} was removed`),
        t("签字生效后不得改动；作废用 cancelled", "a signature is final; cancel the notice instead"),
      );
      return;
    }
    if (sb && before && after) {
      const { cancelled: _b, ...restBefore } = before;
      const { cancelled: _a, ...restAfter } = after;
      if (!same(restBefore, restAfter))
        push(
          file,
          "history-immutable",
          t(`通知单 ${id} 签字生效后内容被修改`, `notice ${id} was edited after it was signed`),
          t(
            "签字后的通知单不得修改；作废后重新开单",
            "a signed notice is final; cancel it and open a new one",
          ),
        );
    }
    if (!sb && sa) {
      if (sa.gmAbsent) roleRule(file, id, t("代总经理签字", "signing for the absent GM"), "supervisor", "gm");
      else roleRule(file, id, t("签字生效（总经理）", "signing as GM"), "gm");
      stampRule(file, id, t("通知单签字", "the notice signature"), sa);
    }
  }

  function letter(file: string, id: string, before: Rec | undefined, after: Rec | undefined) {
    if (!after) return;
    const from = before?.status as string | undefined;
    const to = after.status as string;
    if (!before) {
      const starts = after.unplanned ? UNPLANNED_START_STATES : START_STATES;
      if (!starts.includes(to))
        push(
          file,
          "history-state",
          t(`责任书 ${id} 以状态 ${to} 创建`, `letter ${id} was created in state ${to}`),
          t(`新责任书应为 ${starts.join("/")}`, `a new letter starts as ${starts.join("/")}`),
          to,
        );
      if (after.notice) roleRule(file, id, t("派工", "assigning a letter"), "supervisor");
    } else if (from && to && !legalTransition(from, to)) {
      push(
        file,
        "history-state",
        t(
          `责任书 ${id} 的状态从 ${from} 直接变为 ${to}，不合流程`,
          `letter ${id} jumped from ${from} to ${to}, an illegal state change`,
        ),
        t(
          `${from} 之后只能是 ${(LETTER_TRANSITIONS[from as LetterState] ?? []).join("/") || t("（终态）", "(final)")}`,
          `after ${from} only ${(LETTER_TRANSITIONS[from as LetterState] ?? []).join("/") || "(final state)"}`,
        ),
        `${from} → ${to}`,
      );
    }

    for (const [field, what] of [
      ["approval", t("批准出差计划", "approving the travel plan")],
      ["confirmation", t("确认责任书", "confirming the letter")],
    ] as const) {
      const b = before?.[field] as Stamp;
      const a = after[field] as Stamp;
      if (a && !same(a, b)) {
        roleRule(file, id, what, "supervisor");
        stampRule(file, id, what, a);
      }
      if (b && !a)
        push(
          file,
          "history-signature-removed",
          t(`责任书 ${id} 的${what}被删除`, `${what} of letter ${id} was removed`),
        );
    }

    // Ratings and the customer's signature: set in the close step (→ 完工), never changed after.
    const cb = before?.completion as Rec | undefined;
    const ca = after.completion as Rec | undefined;
    const pick = (c: Rec | undefined) => ({
      ratings: c?.ratings,
      signature: c?.signature,
      unsigned: c?.unsigned,
    });
    if (cb) {
      if (!ca || !same(pick(cb), pick(ca))) {
        const what =
          !ca || (cb.signature && !ca.signature)
            ? "history-signature-removed"
            : same(cb.ratings, ca.ratings)
              ? "history-signature-changed"
              : "history-rating-edited";
        push(
          file,
          what,
          what === "history-rating-edited"
            ? t(
                `责任书 ${id} 的客户评价在完工后被修改`,
                `the customer's ratings of letter ${id} were edited after closing`,
              )
            : what === "history-signature-removed"
              ? t(`责任书 ${id} 的客户签字被删除`, `the customer's signature on letter ${id} was removed`)
              : t(
                  `责任书 ${id} 的客户签字在完工后被改动`,
                  `the customer's signature on letter ${id} was changed after closing`,
                ),
          t(
            "客户评价与签字只在完工时录入，之后不得修改",
            "ratings and signature are entered when closing and never changed",
          ),
          { before: pick(cb), after: pick(ca) },
        );
      }
      if (ca?.forged && !same(ca.forged, cb.forged)) {
        roleRule(file, id, t("认定签字伪造", "marking a signature forged"), "supervisor", "gm");
        stampRule(file, id, t("认定签字伪造", "marking a signature forged"), ca.forged as Stamp);
      }
    } else if (ca) {
      const closing = DONE.has(to) && !(from && DONE.has(from));
      if (!closing)
        push(
          file,
          "history-rating-outside-close",
          t(
            `责任书 ${id} 的客户评价/签字不是在完工时录入的`,
            `ratings/signature of letter ${id} were not entered in the close step`,
          ),
          undefined,
          to,
        );
      const engineer = after.engineer;
      if (actor && actor.id !== engineer && !(ca.as === actor.id && can("supervisor")))
        roleRule(
          file,
          id,
          t("完工录入（本人或主管代录）", "closing (the engineer, or the supervisor with --as)"),
          "supervisor",
        );
      stampRule(file, id, t("完工录入", "the completion"), ca as Stamp);
    }
  }

  function signedSheet(file: string, id: string, before: Rec | undefined, after: Rec | undefined) {
    if (before?.signature && after && !same(before, after)) {
      push(
        file,
        "history-immutable",
        t(`已签字的${id} 被修改`, `signed ${id} was edited`),
        t(
          "已签字的考核表与工资表只能用更正记录（amendment）更正",
          "a signed assessment or payroll is corrected only by an amendment",
        ),
      );
      return;
    }
    if (after?.signature && !before?.signature) {
      roleRule(file, id, t("签署", "signing"), "gm");
      stampRule(file, id, t("总经理签字", "the GM signature"), after.signature as Stamp);
    }
  }

  function weekly(file: string, id: string, before: Rec | undefined, after: Rec | undefined) {
    if (!after || typeof after.submitted !== "string") return;
    if (before && before.submitted === after.submitted) return;
    if (after.backdated) {
      roleRule(file, id, t("补录周报", "transcribing a weekly report"), "supervisor");
      return;
    }
    // A report once submitted is never submitted earlier than it was: only a later resubmission.
    if (
      typeof before?.submitted === "string" &&
      new Date(after.submitted).getTime() < new Date(before.submitted).getTime()
    )
      push(
        file,
        "history-weekly-submitted",
        t(
          `周报 ${id} 的提交时间被改早：${before.submitted} → ${after.submitted}`,
          `weekly report ${id}: its submission time was moved earlier, ${before.submitted} → ${after.submitted}`,
        ),
        t("重新提交只能更晚，不能改早", "a resubmission can only be later, never earlier"),
        after.submitted,
      );
    // D4: the time a weekly report was received is the time of the commit that submitted it.
    if (c.staged) return;
    const diff = Math.abs(new Date(after.submitted).getTime() - new Date(c.date).getTime());
    if (!(diff <= 1000))
      push(
        file,
        "history-weekly-submitted",
        t(
          `周报 ${id} 的提交时间 ${after.submitted} 与提交它的 git 提交时间 ${c.date} 不符`,
          `weekly report ${id} says submitted ${after.submitted} but its commit is dated ${c.date}`,
        ),
        t("周报的提交时间以提交记录为准，不能手填", "a weekly report's submission time is its commit's time"),
        after.submitted,
      );
    if (after.engineer !== actor?.id && !can("supervisor"))
      roleRule(file, id, t("提交他人的周报", "submitting someone else's weekly report"), "supervisor");
  }
}

// ------------------------------------------------------------------ svc check --changed

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
