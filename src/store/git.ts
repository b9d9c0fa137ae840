// The one place that talks to git, directly through child_process (simple-git, a dependency that
// nothing imports any more, waits ~50 ms after every silent command).
import { execFile, spawn, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import {
  closeSync,
  createReadStream,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { devNull, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { inBackground } from "../core/background.ts";
import { UsageError } from "../core/errors.ts";
import { t } from "../core/i18n.ts";

export interface GitResult {
  stdout: string;
  stderr: string;
  code: number;
}

export interface GitOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  input?: string | Buffer;
  /** Resolve with the exit code instead of rejecting on failure. */
  allowFail?: boolean;
}

export class GitError extends Error {
  constructor(
    readonly args: string[],
    readonly result: GitResult,
  ) {
    super(`git ${args.join(" ")}: ${result.stderr.trim() || `exit ${result.code}`}`);
  }
}

/**
 * Every git svc starts sees the objects as they are, not as `git replace` (refs/replace/*) dresses them:
 * svc reads HEAD, refs and objects as files too (plainRepository), and its commit-keyed caches name a
 * commit by id — a replace ref put another tree under the same id, so the caches and git disagreed
 * about what HEAD holds, and the history's checks judged the stand-in (found by attack).
 */
const NO_REPLACE = {
  GIT_NO_REPLACE_OBJECTS: "1",
  // …nor as .git/info/grafts rewrites their parents (deprecated, still honoured by git 2.39; found
  // by attack: a graft cut a forged commit out of the history svc checked)
  GIT_GRAFT_FILE: devNull,
} as const;

/** Counted as running until git exits (src/core/background.ts: main() returns when none is). */
export function git(args: string[], opts: GitOptions): Promise<GitResult> {
  return inBackground(
    new Promise((resolve, reject) => {
      const child = execFile(
        "git",
        args,
        {
          cwd: opts.cwd,
          env: { ...process.env, ...opts.env, GIT_TERMINAL_PROMPT: "0", ...NO_REPLACE, LC_ALL: "C" },
          maxBuffer: 1024 * 1024 * 512,
          encoding: "utf8",
        },
        (err, stdout, stderr) => {
          if (err && (err as NodeJS.ErrnoException).code === "ENOENT") {
            reject(new UsageError(t("找不到 git 命令", "git is not installed or not on PATH")));
            return;
          }
          const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
          const result = { stdout, stderr, code };
          if (code !== 0 && !opts.allowFail) reject(new GitError(args, result));
          else resolve(result);
        },
      );
      if (opts.input !== undefined) child.stdin?.end(opts.input);
    }),
  );
}

export function gitSync(args: string[], cwd: string, env?: NodeJS.ProcessEnv): GitResult {
  const r = spawnSync("git", args, {
    cwd,
    env: { ...process.env, ...env, GIT_TERMINAL_PROMPT: "0", ...NO_REPLACE, LC_ALL: "C" },
    encoding: "utf8",
    maxBuffer: 1024 * 1024 * 512,
  });
  if (r.error) throw new UsageError(t("找不到 git 命令", "git is not installed or not on PATH"));
  return { stdout: r.stdout, stderr: r.stderr, code: r.status ?? 1 };
}

/**
 * A blob's exact bytes (`git cat-file blob SPEC`): stdout kept as a Buffer, never decoded, so an
 * attachment comes back byte for byte (issue 11). Throws GitError when git fails.
 */
export function gitBlobSync(cwd: string, spec: string): Buffer {
  const args = ["cat-file", "blob", spec];
  const r = spawnSync("git", args, {
    cwd,
    env: { ...process.env, GIT_TERMINAL_PROMPT: "0", ...NO_REPLACE, LC_ALL: "C" },
    maxBuffer: 1024 * 1024 * 1024,
  });
  if (r.error) throw new UsageError(t("找不到 git 命令", "git is not installed or not on PATH"));
  if (r.status !== 0)
    throw new GitError(args, { stdout: "", stderr: r.stderr.toString("utf8"), code: r.status ?? 1 });
  return r.stdout;
}

/**
 * The work tree's top and the .git directory, or undefined outside a git repository. A plain
 * repository (a `.git` folder above `cwd`) is found as git finds it, without a process (start-up,
 * issue 7); anything else — a `.git` file (worktree, submodule), GIT_DIR or GIT_WORK_TREE set (in a
 * hook) — is asked of git.
 */
export async function gitDirs(cwd: string): Promise<{ top: string; gitDir: string } | undefined> {
  const plain = plainGitDirs(cwd);
  if (plain) return plain;
  const r = await git(["rev-parse", "--show-toplevel", "--absolute-git-dir"], { cwd, allowFail: true });
  if (r.code !== 0) return undefined;
  const [top, gitDir] = r.stdout.trim().split("\n");
  return { top, gitDir };
}

/** `gitDirs` of a plain repository, found without a process; undefined for anything else. */
function plainGitDirs(cwd: string): { top: string; gitDir: string } | undefined {
  const env = process.env;
  if (env.GIT_DIR || env.GIT_WORK_TREE || env.GIT_CEILING_DIRECTORIES || env.GIT_DISCOVERY_ACROSS_FILESYSTEM)
    return undefined;
  for (let dir = resolve(cwd); ; ) {
    const dotGit = join(dir, ".git");
    const st = statSync(dotGit, { throwIfNoEntry: false });
    if (st) {
      if (st.isDirectory() && existsSync(join(dotGit, "HEAD")) && !existsSync(join(dotGit, "commondir"))) {
        const top = realpathSync.native(dir);
        return { top, gitDir: join(top, ".git") };
      }
      return undefined;
    }
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

export async function headCommit(cwd: string): Promise<string | undefined> {
  const r = await git(["rev-parse", "--verify", "-q", "HEAD"], { cwd, allowFail: true });
  return r.code === 0 ? r.stdout.trim() : undefined;
}

const OID = /^[0-9a-f]{40}$/;

/**
 * HEAD's commit read from the files of a plain SHA-1 repository, as git reads it: HEAD names a
 * branch (or holds a commit), whose loose ref or line in packed-refs holds the commit. `null` for a
 * branch with no commit yet; undefined when anything is unusual (another ref format, a symbolic ref
 * chain) — then ask git (`headCommit`). Saves a process on every commit (issue 7).
 */
export function headFromFiles(gitDir: string): string | null | undefined {
  try {
    const head = readFileSync(join(gitDir, "HEAD"), "utf8").trim();
    if (OID.test(head)) return head;
    const ref = /^ref: (refs\/heads\/\S+)$/.exec(head)?.[1];
    if (!ref || existsSync(join(gitDir, "reftable"))) return undefined;
    const loose = readFileSync(join(gitDir, ref), { encoding: "utf8", flag: "r" }).trim();
    return OID.test(loose) ? loose : undefined;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") return undefined;
  }
  // No loose ref: packed-refs, or no commit yet.
  try {
    const head = readFileSync(join(gitDir, "HEAD"), "utf8").trim();
    const ref = head.slice("ref: ".length);
    const packed = readFileSync(join(gitDir, "packed-refs"), "utf8");
    const line = packed.split("\n").find((l) => l.endsWith(` ${ref}`));
    if (line) return OID.test(line.slice(0, 40)) ? line.slice(0, 40) : undefined;
    return null;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ENOENT" ? null : undefined;
  }
}

/**
 * A plain SHA-1 repository whose HEAD, refs and objects svc may read and write as files (a process
 * saved on each, issue 7): not SHA-256, not reftable, not shared, and no GIT_DIR / object directory /
 * index file set by a hook. Anything else goes through git.
 */
export function plainRepository(gitDir: string, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.GIT_DIR || env.GIT_OBJECT_DIRECTORY || env.GIT_INDEX_FILE) return false;
  try {
    const config = readFileSync(join(gitDir, "config"), "utf8");
    return !/^\s*(objectformat|refstorage|sharedrepository)\s*=/im.test(config);
  } catch {
    return false;
  }
}

/** HEAD's commit (undefined before the first commit): read as files when plain, else asked of git. */
export async function resolveHead(
  gitTop: string,
  gitDir: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | undefined> {
  const fromFiles = plainRepository(gitDir, env) ? headFromFiles(gitDir) : undefined;
  return fromFiles === undefined ? headCommit(gitTop) : (fromFiles ?? undefined);
}

// ------------------------------------------------------------------ commit signatures (issue 12 item 7)
// What src/check/signatures.ts asks of git: the commits of a range with their dates, objects at many
// `<rev>:<path>` at once, and git's own verdict on each commit's signature against an allowed-signers
// file svc builds from the roster.

export interface CommitStamp {
  sha: string;
  parents: string[];
  email: string;
  name: string;
  /** Author and committer dates, strict ISO 8601. */
  authorDate: string;
  committerDate: string;
}

/**
 * The separators of git's formatted output where a commit's author is read: a control character and a
 * token drawn at random for this process, which no name or e-mail written before it can hold. git
 * keeps any byte but NUL and newline in a name: "陈杰\x01<sha>\x02<sha>\x02<the GM's e-mail>…" as an
 * author's name forged a second commit header in the history walk, the GM its author (found by
 * attack). A piece that still does not read as a commit is refused (`commitId`).
 */
const TOKEN = randomBytes(8).toString("hex");
const REC = `\x01${TOKEN}`;
const FLD = `\x02${TOKEN}`;
const F = `%x02${TOKEN}`;
const R = `%x01${TOKEN}`;
const STAMP_FORMAT = `${R}%H${F}%P${F}%ae${F}%an${F}%aI${F}%cI`;

/** `sha` as git prints a commit id (SHA-1 or SHA-256), else an error: git's output was not what was asked. */
function commitId(sha: string | undefined): string {
  if (sha && /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(sha)) return sha;
  throw new GitError(["log"], {
    stdout: "",
    stderr: `unexpected output: ${JSON.stringify(sha?.slice(0, 80))}`,
    code: 1,
  });
}

function stamps(stdout: string): CommitStamp[] {
  const out: CommitStamp[] = [];
  for (const piece of stdout.split(REC)) {
    if (!piece.trim()) continue;
    const [sha, parents, email, name, authorDate, committerDate] = piece.replace(/\n$/, "").split(FLD);
    commitId(sha);
    if (committerDate === undefined) continue;
    out.push({ sha, parents: parents ? parents.split(" ") : [], email, name, authorDate, committerDate });
  }
  return out;
}

/**
 * Every commit of `range` (default HEAD), merges and side branches included, no history
 * simplification; with `path`, only those touching it (a records folder below the git top) — oldest
 * first, as git writes them, one at a time (issue 18: the identity check of a long history in bounded
 * memory). Ends with a GitError when git does not know the range.
 */
export async function* commitStampStream(
  gitTop: string,
  range: string | undefined,
  path?: string,
): AsyncGenerator<CommitStamp> {
  const args = ["log", "--topo-order", "--reverse", `--format=${STAMP_FORMAT}`, range || "HEAD"];
  if (path) args.push("--full-history", "--", path);
  for await (const piece of gitRecords(gitTop, args, REC)) yield* stamps(piece);
}

/** The stamps of the commits named (parents outside a range), in one process. */
export async function stampsOf(gitTop: string, shas: string[]): Promise<CommitStamp[]> {
  if (!shas.length) return [];
  const r = await git(["log", "--no-walk=unsorted", "--stdin", `--format=${STAMP_FORMAT}`], {
    cwd: gitTop,
    input: `${shas.join("\n")}\n`,
    allowFail: true,
  });
  return stamps(r.stdout);
}

/** One `git cat-file` process over many names; its output, with the names deduplicated as asked. */
async function catFile(gitTop: string, mode: "--batch" | "--batch-check", names: string[]) {
  const unique = [...new Set(names)].filter((n) => n && !/[\n\r]/.test(n));
  if (!unique.length) return { unique, buf: Buffer.alloc(0) };
  const buf = await inBackground(
    new Promise<Buffer>((done, fail) => {
      const child = spawn("git", ["cat-file", mode], {
        cwd: gitTop,
        env: { ...process.env, ...NO_REPLACE, LC_ALL: "C" },
      });
      const parts: Buffer[] = [];
      child.stdout.on("data", (d: Buffer) => parts.push(d));
      child.on("error", fail);
      child.on("close", () => done(Buffer.concat(parts)));
      child.stdin.end(`${unique.join("\n")}\n`);
    }),
  );
  return { unique, buf };
}

/** `<rev>:<path>` (or any object name) → object id and type, for many at once; missing ones left out. */
export async function objectIds(
  gitTop: string,
  names: string[],
): Promise<Map<string, { oid: string; type: string }>> {
  const { unique, buf } = await catFile(gitTop, "--batch-check", names);
  const lines = buf.toString("utf8").split("\n");
  const out = new Map<string, { oid: string; type: string }>();
  unique.forEach((name, i) => {
    const [oid, type] = (lines[i] ?? "").split(" ");
    if (type && type !== "missing" && type !== "ambiguous") out.set(name, { oid, type });
  });
  return out;
}

/** The contents of many objects (blobs as bytes, trees raw), by the name asked; missing ones left out. */
export async function objectContents(gitTop: string, names: string[]): Promise<Map<string, Buffer>> {
  const { unique, buf } = await catFile(gitTop, "--batch", names);
  const out = new Map<string, Buffer>();
  let pos = 0;
  for (const name of unique) {
    const eol = buf.indexOf(10, pos);
    if (eol < 0) break;
    const header = buf.subarray(pos, eol).toString("utf8");
    pos = eol + 1;
    if (header.endsWith(" missing") || header.endsWith(" ambiguous")) continue;
    const size = Number(header.split(" ")[2]);
    out.set(name, buf.subarray(pos, pos + size));
    pos += size + 1;
  }
  return out;
}

/**
 * The regular files directly in a tree object (`git cat-file --batch` gives trees raw: mode, name,
 * NUL, the binary id of `oidBytes` — 20 for SHA-1, 32 for SHA-256): entry name → blob id.
 */
export function treeBlobs(body: Buffer, oidBytes = 20): Map<string, string> {
  const out = new Map<string, string>();
  for (let pos = 0; pos < body.length; ) {
    const space = body.indexOf(32, pos);
    const nul = body.indexOf(0, space);
    if (space < 0 || nul < 0) break;
    const mode = body.subarray(pos, space).toString("latin1");
    const name = body.subarray(space + 1, nul).toString("utf8");
    const oid = body.subarray(nul + 1, nul + 1 + oidBytes).toString("hex");
    if (mode === "100644" || mode === "100755") out.set(name, oid);
    pos = nul + 1 + oidBytes;
  }
  return out;
}

/** git's verdict on one commit's signature (`%G?`: G good, U good but not an allowed signer, N none, B bad, E cannot check, X/Y expired, R revoked). */
export interface SignatureVerdict {
  status: string;
  /** The signing key's fingerprint (`%GK`), the allowed-signers principal (`%GS`). */
  key: string;
  signer: string;
}

/**
 * git's own verification of `shas` (`git log --format=%G?…`) with SSH signatures checked against
 * `allowedSigners` (the text of a `gpg.ssh.allowedSignersFile`, written to a temporary file here),
 * and ssh-keygen as the program whatever the local configuration says. One git process (and git's
 * ssh-keygen per signed commit).
 */
export async function verifySignatures(
  gitTop: string,
  shas: string[],
  allowedSigners: string,
): Promise<Map<string, SignatureVerdict>> {
  const out = new Map<string, SignatureVerdict>();
  if (!shas.length) return out;
  const { mkdtempSync, rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const dir = mkdtempSync(join(tmpdir(), "svc-signers-"));
  const file = join(dir, "allowed_signers");
  try {
    writeFileSync(file, allowedSigners, { mode: 0o600 });
    const r = await git(
      [
        "-c",
        `gpg.ssh.allowedSignersFile=${file}`,
        "-c",
        "gpg.ssh.program=ssh-keygen",
        "log",
        "--no-walk=unsorted",
        "--stdin",
        "--format=%H%x02%G?%x02%GK%x02%GS",
      ],
      { cwd: gitTop, input: `${shas.join("\n")}\n` },
    );
    for (const line of r.stdout.split("\n")) {
      const [sha, status, key, signer] = line.split("\x02");
      if (sha && status !== undefined) out.set(sha, { status, key: key ?? "", signer: signer ?? "" });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

/**
 * Whether git signs commits here (`commit.gpgSign`), which `git commit` honours and `git
 * commit-tree` does not (git 2.39 reads only -S; builtin/commit-tree.c): svc's fast commit path
 * passes `-S` itself when this is true (issue 12 item 7).
 */
export async function signsCommits(cwd: string, env?: NodeJS.ProcessEnv): Promise<boolean> {
  const r = await git(["config", "--type=bool", "--get", "commit.gpgSign"], { cwd, env, allowFail: true });
  return r.code === 0 && r.stdout.trim() === "true";
}

/**
 * Write `content` as a loose blob into a plain SHA-1 repository the way git does (zlib-deflated
 * "blob <size>\0<content>" under objects/xx/, created through a temporary file and a hard link so a
 * reader never sees half an object) and return its id: `git hash-object -w` without a process.
 */
export async function writeBlob(gitDir: string, content: Buffer): Promise<string> {
  const header = Buffer.from(`blob ${content.length}\0`);
  const oid = createHash("sha1").update(header).update(content).digest("hex");
  const dir = join(gitDir, "objects", oid.slice(0, 2));
  const file = join(dir, oid.slice(2));
  if (existsSync(file)) return oid;
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `tmp_obj_svc_${process.pid}_${oid.slice(2, 10)}`);
  const { deflateSync } = await import("node:zlib"); // loaded by the commands that commit only
  writeFileSync(tmp, deflateSync(Buffer.concat([header, content]), { level: 1 }), { mode: 0o444 });
  try {
    linkSync(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  } finally {
    unlinkSync(tmp);
  }
  return oid;
}

type Ident = { name: string; email: string };

/** The author identity asked ahead for a work tree (`askAuthorAhead`), taken by the next authorIdent. */
let ahead: { top: string; ident: Promise<Ident | undefined> } | undefined;

/**
 * Ask git who is acting in the repository around `cwd` now, while the command's modules load
 * (cli.ts; start-up, issue 7); the next `authorIdent` of that work tree takes the answer. Each call
 * forgets the previous one, so a run never takes an answer asked for another (tests run many in one
 * process, each with its own identity).
 */
export function askAuthorAhead(cwd: string | undefined): void {
  const top = cwd === undefined ? undefined : plainGitDirs(cwd)?.top;
  ahead = top === undefined ? undefined : { top, ident: askAuthor(top) };
  ahead?.ident.catch(() => {}); // taken (with its error) by authorIdent, or never wanted
}

/** git's author identity (GIT_AUTHOR_EMAIL, user.email …): who is acting, in the work tree `top`. */
export function authorIdent(top: string): Promise<Ident | undefined> {
  const asked = ahead?.top === top ? ahead.ident : undefined;
  ahead = undefined;
  return asked ?? askAuthor(top);
}

/**
 * A name or email git takes from the environment as it is: no character git strips or drops (crud at
 * either end — spaces, `.,:;<>"\'` — or `<`, `>`, a newline inside), so git's answer is known.
 */
const AS_GIT_TAKES_IT = /^(?:[^\s.,:;<>"\\']|[^\s.,:;<>"\\'][^<>\n]*[^\s.,:;<>"\\'])$/;

async function askAuthor(cwd: string): Promise<Ident | undefined> {
  // GIT_AUTHOR_NAME and GIT_AUTHOR_EMAIL are git's first choice: when both are there as git would take
  // them, they are its answer — no git process (the tests set them for every command: ~1,000 a run).
  const { GIT_AUTHOR_NAME: name, GIT_AUTHOR_EMAIL: email } = process.env;
  if (name && email && AS_GIT_TAKES_IT.test(name) && AS_GIT_TAKES_IT.test(email)) return { name, email };
  const r = await git(["var", "GIT_AUTHOR_IDENT"], { cwd, allowFail: true });
  if (r.code !== 0) return undefined;
  const m = /^(.*?)\s*<([^>]*)>/.exec(r.stdout.trim());
  return m ? { name: m[1], email: m[2] } : undefined;
}

// ------------------------------------------------------------------ reading history (svc check --history)

/** A file a commit changed, as `git log --raw` / `git diff-index --raw` list it. */
export interface RawChange {
  /** Path from the top of the work tree. */
  path: string;
  /** Modes before and after (`100644` a file, `120000` a symlink, `160000` a gitlink); absent: no file. */
  oldMode?: string;
  newMode?: string;
  /** Blob ids before (the first parent's, for a merge) and after; absent: no file. */
  oldSha?: string;
  newSha?: string;
  /** For a merge: each parent's mode and blob id, in the order of the parents (absent: no file). */
  parents?: { mode?: string; sha?: string }[];
}

export interface RawCommit {
  sha: string;
  parents: string[];
  email: string;
  name: string;
  /** Author date, strict ISO 8601. */
  date: string;
  /** For a merge: only the files that differ from every parent (what neither side made). */
  changes: RawChange[];
}

const NONE = /^0+$/;
const some = (v: string | undefined) => (v === undefined || NONE.test(v) ? undefined : v);

/**
 * Reads the raw entries (`:old new oldsha newsha S\0path\0`, or for a merge of N parents
 * `::…` with N+1 modes and ids) of `git log -z --raw` / `git diff-index -z --raw` output. Entries are
 * found by their leading colon, not by position: git writes an empty field between a merge's header
 * and its entries.
 */
function rawEntries(tokens: string[]): RawChange[] {
  const out: RawChange[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const meta = tokens[i].replace(/^\n+/, "");
    if (!meta.startsWith(":") || i + 1 >= tokens.length) continue;
    const parents = /^:+/.exec(meta)?.[0].length ?? 1;
    const fields = meta.slice(parents).split(" ");
    const modes = fields.slice(0, parents + 1);
    const shas = fields.slice(parents + 1, 2 * parents + 2);
    const path = tokens[++i];
    out.push({
      path,
      oldMode: some(modes[0]),
      newMode: some(modes[modes.length - 1]),
      oldSha: some(shas[0]),
      newSha: some(shas[shas.length - 1]),
      ...(parents > 1
        ? { parents: shas.slice(0, parents).map((sha, k) => ({ mode: some(modes[k]), sha: some(sha) })) }
        : {}),
    });
  }
  return out;
}

/**
 * The commits of a range (default: all of HEAD), oldest first (topological), with the files each
 * changed under `pathspec`, read from one `git log` as it writes them (issue 18: a history of any
 * length in bounded memory — git holds only its list of commits for `--reverse`, svc one commit's text
 * at a time). A merge lists what it changed against every parent at once
 * (`--diff-merges=dense-combined`): a file taken as one side had it is left out, a file that differs
 * from every parent — an "evil merge" — is listed against the first parent.
 */
export async function* logCommitStream(
  gitTop: string,
  /** Undefined: every commit, no history simplification (2–3× less of git's time than `-- .`). */
  pathspec: string | undefined,
  range?: string,
): AsyncGenerator<RawCommit> {
  if (range !== undefined && (range.startsWith("-") || /[\0\n]/.test(range)))
    throw new UsageError(t(`无效的提交范围：${range}`, `invalid revision range: ${range}`));
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
    `--format=${R}%H${F}%P${F}%ae${F}%an${F}%aI`,
    // with a path, no history simplification: git would follow only the parent a merge is TREESAME to
    // and leave out the merge and the whole other side (found by attack: a merge with an old commit as
    // its second parent hid the commits before it and its own deletion)
    ...(pathspec === undefined ? [] : ["--full-history"]),
    range || "HEAD",
    "--",
    ...(pathspec === undefined ? [] : [pathspec]),
  ];
  try {
    for await (const chunk of gitRecords(gitTop, args, REC)) if (chunk) yield rawCommit(chunk);
  } catch (e) {
    if (!(e instanceof GitError)) throw e;
    throw new UsageError(
      t(`无效的提交范围：${range}`, `invalid revision range: ${range}`),
      e.result.stderr.trim().split("\n")[0],
    );
  }
}

/**
 * git's output as it is written, cut at `separator` (each piece without it; the first may be empty):
 * one piece at a time in memory, however long the output (issue 18). GitError when git fails.
 */
export async function* gitRecords(gitTop: string, args: string[], separator: string): AsyncGenerator<string> {
  const child = spawn("git", args, {
    cwd: gitTop,
    env: { ...process.env, GIT_TERMINAL_PROMPT: "0", ...NO_REPLACE, LC_ALL: "C" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (d: string) => {
    if (stderr.length < 65536) stderr += d;
  });
  const exited = new Promise<number>((done, fail) => {
    child.on("error", (e) =>
      (e as NodeJS.ErrnoException).code === "ENOENT"
        ? fail(new UsageError(t("找不到 git 命令", "git is not installed or not on PATH")))
        : fail(e),
    );
    child.on("close", (code) => done(code ?? 1));
  });
  inBackground(exited); // awaited below
  child.stdout.setEncoding("utf8"); // a character split between two reads is joined by the decoder
  let rest = "";
  let finished = false;
  try {
    for await (const piece of child.stdout as AsyncIterable<string>) {
      rest += piece;
      const last = rest.lastIndexOf(separator);
      if (last < 0) continue;
      const done = rest.slice(0, last);
      rest = rest.slice(last + separator.length);
      for (const record of done.split(separator)) yield record;
    }
    const code = await exited;
    if (code !== 0) throw new GitError(args, { stdout: "", stderr, code });
    if (rest) yield rest;
    finished = true;
  } finally {
    if (!finished && child.exitCode === null) child.kill(); // the reader stopped early (an error)
  }
}

function rawCommit(chunk: string): RawCommit {
  const nul = chunk.indexOf("\0");
  const header = nul < 0 ? chunk : chunk.slice(0, nul);
  const [sha, parents, email, name, date] = header.trim().split(FLD);
  return {
    sha: commitId(sha),
    parents: parents ? parents.split(" ") : [],
    email,
    name,
    date,
    changes: nul < 0 ? [] : rawEntries(chunk.slice(nul + 1).split("\0")),
  };
}

/** What is staged (the index against HEAD, or against the empty tree before the first commit). */
export async function stagedChanges(
  gitTop: string,
  head: string | undefined,
  pathspec: string,
): Promise<RawChange[] | undefined> {
  const base = head ?? "4b825dc642cb6eb9a060e54bf8d69288fbee4904"; // the empty tree
  const r = await git(["diff-index", "--cached", "--raw", "-z", "--no-renames", base, "--", pathspec], {
    cwd: gitTop,
    allowFail: true,
  });
  return r.code === 0 ? rawEntries(r.stdout.split("\0")) : undefined;
}

/** The contents of many objects (blob ids or `<rev>:<path>`) as text, with one `git cat-file --batch`. */
export async function readBlobs(gitTop: string, names: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const [name, body] of await objectContents(gitTop, names)) out.set(name, body.toString("utf8"));
  return out;
}

/** `<rev>:<path>` → object id, for many at once (one `git cat-file --batch-check`). */
export async function resolveObjects(gitTop: string, names: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const [name, { oid }] of await objectIds(gitTop, names)) out.set(name, oid);
  return out;
}

export interface TreeEntry {
  mode: string;
  type: string;
  sha: string;
  /** Path inside the tree listed. */
  path: string;
}

/** Every entry of a tree, recursively (`git ls-tree -r -z`); empty when it cannot be read. */
export async function treeEntries(
  gitTop: string,
  tree: string,
  pathspec?: string | readonly string[],
): Promise<TreeEntry[]> {
  const args = ["ls-tree", "-r", "-z", "--full-tree", tree];
  if (typeof pathspec === "string") args.push("--", pathspec);
  else if (pathspec) {
    if (!pathspec.length) return [];
    args.push("--", ...pathspec);
  }
  const r = await git(args, { cwd: gitTop, allowFail: true });
  if (r.code !== 0) return [];
  const out: TreeEntry[] = [];
  for (const entry of r.stdout.split("\0")) {
    const m = /^(\d+) (\w+) ([0-9a-f]+)\t(.*)$/s.exec(entry);
    if (m) out.push({ mode: m[1], type: m[2], sha: m[3], path: m[4] });
  }
  return out;
}

/** Whether a range (default HEAD) holds a merge commit (one `git rev-list`; undefined: git cannot say). */
export async function hasMerges(gitTop: string, range?: string): Promise<boolean | undefined> {
  const rev = range || "HEAD";
  if (rev.startsWith("-") || /[\0\n]/.test(rev)) return undefined;
  const r = await git(["rev-list", "--merges", "--max-count=1", rev, "--"], { cwd: gitTop, allowFail: true });
  return r.code === 0 ? r.stdout.trim() !== "" : undefined;
}

/**
 * The files under `spec` a two-parent merge commit holds otherwise than git's own merge of its parents
 * gives (`git merge-tree --write-tree`), leaving out the files git could not merge (their resolution
 * is the merger's to make): a change of the merger's own, which the merge's combined diff does not show
 * when the file equals one parent — a record put back to an older parent's version, a record deleted
 * (found by attack). Paths relative to the git top. Undefined when git cannot say (no merge-tree: git
 * before 2.38, or a merge of more than two parents).
 */
export async function mergeOwnChanges(
  gitTop: string,
  merge: { sha: string; parents: readonly string[] },
  spec: string,
): Promise<string[] | undefined> {
  if (merge.parents.length !== 2) return undefined;
  const [p1, p2] = merge.parents;
  const m = await git(["merge-tree", "--write-tree", "--name-only", "-z", "--no-messages", p1, p2], {
    cwd: gitTop,
    allowFail: true,
  });
  if (m.code !== 0 && m.code !== 1) return undefined;
  // -z: the tree's id, then (on conflicts) the conflicted files' names, each ended by NUL
  const [tree, ...conflicted] = m.stdout.split("\0");
  if (!/^[0-9a-f]{40,64}$/.test(tree ?? "")) return undefined;
  const d = await git(["diff-tree", "-r", "--name-only", "-z", "--no-renames", tree, merge.sha, "--", spec], {
    cwd: gitTop,
    allowFail: true,
  });
  if (d.code !== 0) return undefined;
  const skip = new Set(conflicted.filter(Boolean));
  return d.stdout.split("\0").filter((f) => f && !skip.has(f));
}

/**
 * The root commits (no parents) of a range (default HEAD), with their authors, and which of them the
 * first-parent line of the range's tip reaches (the repository's own first commit, when in range).
 */
export async function rootCommits(
  gitTop: string,
  range?: string,
): Promise<{ roots: Omit<RawCommit, "changes">[]; first: Set<string> }> {
  const rev = range || "HEAD";
  if (rev.startsWith("-") || /[\0\n]/.test(rev)) return { roots: [], first: new Set() };
  const [all, first] = await Promise.all([
    git(["rev-list", "--max-parents=0", `--format=${R}%H${F}%ae${F}%an${F}%aI`, rev, "--"], {
      cwd: gitTop,
      allowFail: true,
    }),
    git(["rev-list", "--max-parents=0", "--first-parent", rev, "--"], { cwd: gitTop, allowFail: true }),
  ]);
  const roots = all.stdout
    .split(REC)
    .slice(1)
    .map((chunk) => {
      const [sha, email, name, date] = chunk.trim().split(FLD);
      return { sha: commitId(sha), parents: [], email, name, date };
    });
  return { roots, first: new Set(first.stdout.split("\n").filter(Boolean)) };
}

// ------------------------------------------------------------------ a file's commits (svc show, issue 18)

/** A commit as `svc show` lists it. */
export interface FileCommit {
  commit: string;
  author: string;
  email: string;
  /** Author date, strict ISO 8601. */
  at: string;
  subject: string;
}

const EVENT_FORMAT = "%H%x1f%an%x1f%ae%x1f%aI%x1f%s";
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/;

function fileCommits(stdout: string): FileCommit[] {
  const out: FileCommit[] = [];
  for (const line of stdout.split("\n")) {
    if (!line.includes("\x1f")) continue;
    const [commit, author, email, at, ...subject] = line.split("\x1f");
    out.push({ commit, author, email, at, subject: subject.join("\x1f") });
  }
  return out;
}

// ------------------------------------------------------------------ the dashboard's one walk

/** A commit as `svc dashboard` lists it on a record's timeline (its author and subject). */
export interface SubjectCommit {
  sha: string;
  name: string;
  email: string;
  /** Author date, strict ISO 8601. */
  date: string;
  subject: string;
}

/**
 * One commit's piece of `git log -z --name-only --format=%x01…`: the header's fields (split at \x1f)
 * and the files the commit changed (after the header's NUL).
 */
function nameOnlyPiece(chunk: string): { fields: string[]; names: string[] } {
  const nul = chunk.indexOf("\0");
  const fields = (nul < 0 ? chunk : chunk.slice(0, nul)).split("\x1f");
  const names =
    nul < 0
      ? []
      : chunk
          .slice(nul + 1)
          .replace(/^\n/, "")
          .split("\0")
          .filter(Boolean);
  return { fields, names };
}

/** A commit with the files it changed, as the dashboard's timeline lists it. */
export interface TouchCommit extends SubjectCommit {
  /** Paths from the git top (both sides of a rename: no rename detection). */
  names: string[];
}

/**
 * Every commit of `range` (`HEAD`, or `A..B` for the commits since A), newest first, with the files it
 * changed (`git log --name-only`; a merge lists the files it changed against every parent, as
 * `--diff-merges=dense-combined` says). git starts at once and writes into a temporary file, not a
 * pipe, so that it runs while svc computes (a pipe stops git whenever svc's thread is busy): a diff
 * per commit costs git about 8 s of CPU per 100,000 commits. The commits are read back one at a time
 * (bounded memory) once git is done. Throws GitError when git fails.
 */
export function touchLog(gitTop: string, range = "HEAD"): AsyncGenerator<TouchCommit> {
  if (range.startsWith("-") || /[\0\n]/.test(range))
    throw new UsageError(t(`无效的提交范围：${range}`, `invalid revision range: ${range}`));
  const args = [
    "-c",
    "core.quotePath=false",
    "log",
    "-z",
    "--name-only",
    "--no-renames",
    "--diff-merges=dense-combined",
    "--no-show-signature",
    "--format=%x01%H%x1f%an%x1f%ae%x1f%aI%x1f%s",
    range,
    "--",
  ];
  const dir = mkdtempSync(join(tmpdir(), "svc-log-"));
  const file = join(dir, "log");
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  process.once("exit", removeDir); // should the commits never be read
  const fd = openSync(file, "w");
  let stderr = "";
  const exited = new Promise<number>((done, fail) => {
    const child = spawn("git", args, {
      cwd: gitTop,
      env: { ...process.env, GIT_TERMINAL_PROMPT: "0", ...NO_REPLACE, LC_ALL: "C" },
      stdio: ["ignore", fd, "pipe"],
    });
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (d: string) => {
      if (stderr.length < 65536) stderr += d;
    });
    child.on("error", (e) =>
      (e as NodeJS.ErrnoException).code === "ENOENT"
        ? fail(new UsageError(t("找不到 git 命令", "git is not installed or not on PATH")))
        : fail(e),
    );
    child.on("close", (c) => done(c ?? 1));
  }).finally(() => closeSync(fd));
  inBackground(exited); // awaited below
  // A commit begins with \x01 and its 40-hex id; a \x01 inside a subject is joined back.
  const commit = (chunk: string): TouchCommit | undefined => {
    const { fields: f, names } = nameOnlyPiece(chunk);
    if (f.length < 5 || !OID.test(f[0]) || !ISO_DATE.test(f[3])) return undefined;
    return { sha: f[0], name: f[1], email: f[2], date: f[3], subject: f.slice(4).join("\x1f"), names };
  };
  return (async function* () {
    try {
      const code = await exited;
      if (code !== 0) throw new GitError(args, { stdout: "", stderr, code });
      let pending: string | undefined;
      const push = (piece: string): TouchCommit | undefined => {
        if (pending !== undefined && !/^[0-9a-f]{40}\x1f/.test(piece)) {
          pending += `\x01${piece}`;
          return undefined;
        }
        const before = pending;
        pending = piece;
        return before === undefined ? undefined : commit(before);
      };
      let rest = "";
      for await (const piece of createReadStream(file, { encoding: "utf8" }) as AsyncIterable<string>) {
        const parts = (rest + piece).split("\x01");
        rest = parts.pop() ?? "";
        for (const p of parts) {
          const c = push(p);
          if (c) yield c;
        }
      }
      const c = push(rest);
      if (c) yield c;
      const last = pending === undefined ? undefined : commit(pending);
      if (last) yield last;
    } finally {
      removeDir();
      process.off("exit", removeDir);
    }
  })();
}

/**
 * The commits named, as the dashboard's timeline lists them (author, date, subject), in one git
 * process (`git log --no-walk --stdin`): the few a build's new pages need, not the whole history's.
 * Undefined when git cannot answer (an id it does not know fails the whole list).
 */
export async function subjectCommits(
  gitTop: string,
  shas: readonly string[],
): Promise<Map<string, SubjectCommit> | undefined> {
  const out = new Map<string, SubjectCommit>();
  const ids = [...new Set(shas)].filter((s) => OID.test(s));
  if (!ids.length) return out;
  const r = await git(
    [
      "log",
      "--no-walk=unsorted",
      "--stdin",
      "-z",
      "--no-show-signature",
      "--format=%H%x1f%an%x1f%ae%x1f%aI%x1f%s",
    ],
    { cwd: gitTop, input: `${ids.join("\n")}\n`, allowFail: true },
  );
  if (r.code !== 0) return undefined;
  for (const rec of r.stdout.split("\0")) {
    const f = rec.split("\x1f");
    if (f.length < 5 || !OID.test(f[0]!) || !ISO_DATE.test(f[3]!)) continue;
    out.set(f[0]!, { sha: f[0]!, name: f[1]!, email: f[2]!, date: f[3]!, subject: f.slice(4).join("\x1f") });
  }
  return out;
}

/**
 * Every commit of `rev`'s history that touched `path` (from the git top), newest first: plain
 * `git log REV -- PATH` (git's own history simplification; the commit-graph's changed-path filters
 * make the walk cheap, but it is still the whole history). Undefined when git cannot answer.
 */
export async function pathCommits(
  gitTop: string,
  rev: string,
  path: string,
): Promise<FileCommit[] | undefined> {
  const r = await git(["log", `--format=${EVENT_FORMAT}`, rev, "--", path], { cwd: gitTop, allowFail: true });
  return r.code === 0 ? fileCommits(r.stdout) : undefined;
}

/** A commit of a range with the files it changed (`git log --name-only`). */
export interface NamedCommit extends FileCommit {
  parents: string[];
  /** Paths from the git top; both sides of a rename (no rename detection). */
  names: string[];
}

/**
 * The commits of `from..to`, newest first, each with its parents and the files it changed, or
 * undefined when git cannot answer or the range holds more than `max` commits (one git process).
 */
export async function rangeCommits(
  gitTop: string,
  from: string,
  to: string,
  max: number,
): Promise<NamedCommit[] | undefined> {
  if (!OID.test(from) || !OID.test(to)) return undefined;
  const r = await git(
    [
      "log",
      "-z",
      "--name-only",
      "--no-renames",
      `--max-count=${max + 1}`,
      `--format=%x01%H%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%s`,
      `${from}..${to}`,
    ],
    { cwd: gitTop, allowFail: true },
  );
  if (r.code !== 0) return undefined;
  const out: NamedCommit[] = [];
  for (const chunk of r.stdout.split("\x01")) {
    if (!chunk) continue;
    const { fields: f, names } = nameOnlyPiece(chunk);
    // the subject is last and may hold \x1f; anything else out of place (a \x01 in a subject, a
    // name holding \x1f) is "cannot answer" rather than a guess
    if (f.length < 6 || !OID.test(f[0]) || !ISO_DATE.test(f[4])) return undefined;
    f[5] = f.slice(5).join("\x1f");
    out.push({
      commit: f[0],
      parents: f[1] ? f[1].split(" ") : [],
      author: f[2],
      email: f[3],
      at: f[4],
      subject: f[5],
      names,
    });
  }
  return out.length > max ? undefined : out;
}

/** HEAD's commit, asked synchronously (a process must start before svc's thread goes on computing). */
export function headCommitSync(cwd: string): string | undefined {
  const r = gitSync(["rev-parse", "--verify", "-q", "HEAD"], cwd);
  return r.code === 0 ? r.stdout.trim() : undefined;
}

/** isAncestor, asked synchronously. */
export function isAncestorSync(gitTop: string, a: string, b: string): boolean {
  if (!/^[0-9a-f]{40,64}$/.test(a) || !/^[0-9a-f]{40,64}$/.test(b)) return false;
  return gitSync(["merge-base", "--is-ancestor", a, b], gitTop).code === 0;
}

/** Whether commit `a` is an ancestor of (or equal to) `b`. */
export async function isAncestor(gitTop: string, a: string, b: string): Promise<boolean> {
  if (!/^[0-9a-f]{40,64}$/.test(a) || !/^[0-9a-f]{40,64}$/.test(b)) return false;
  const r = await git(["merge-base", "--is-ancestor", a, b], { cwd: gitTop, allowFail: true });
  return r.code === 0;
}

// ------------------------------------------------------------------ git's index as a cache key (issue 18)

/**
 * Settings that would make git's stat test blind to a hand edit, put back for the questions whose
 * answer lets svc skip reading a file (found by attack): with core.trustctime=false or
 * core.checkStat=minimal a same-size edit with its modification time put back (`touch -r`) looks
 * unmodified, and an fsmonitor hook (core.fsmonitor) answers for git's stat test entirely. git's own
 * commands still honour them; svc asks with the full test, which can only find more files modified.
 */
export const HONEST_STAT = [
  "-c",
  "core.trustctime=true",
  "-c",
  "core.checkStat=default",
  "-c",
  "core.fsmonitor=false",
] as const;

/**
 * Whether a checkout may write other bytes than the blob's (found by attack): a smudge filter, CRLF
 * line ends (core.autocrlf=true, core.eol=crlf, an `eol=crlf` attribute), `ident` or a
 * working-tree-encoding. Then "unmodified" in git's index does not mean the file holds the blob — a
 * file checked out again after such a setting came is still clean to git — so the index is not
 * taken as a cache key at all (every file judged by its stat). The attributes looked at: the
 * repository's info/attributes, core.attributesFile, and the .gitattributes of the top and of `cwd`.
 * Where info/attributes and the top are, git is asked only when the repository is not a plain one
 * (`plainGitDirs`: a .git folder, no GIT_DIR, GIT_COMMON_DIR or core.worktree — then they are
 * .git/info/attributes and the folder holding .git, as `git rev-parse --git-path info/attributes
 * --show-toplevel` says): one git process instead of two on every read that asks (issue 18).
 */
async function checkoutConverts(cwd: string): Promise<boolean> {
  const r = await git(
    [
      "config",
      "-z",
      "--get-regexp",
      "^(filter\\..*\\.(smudge|process)|core\\.(autocrlf|eol|attributesfile|worktree))$",
    ],
    { cwd, allowFail: true },
  );
  if (r.code !== 0 && r.code !== 1) return true;
  const files: string[] = [];
  let worktree = false;
  for (const item of r.stdout.split("\0")) {
    const nl = item.indexOf("\n");
    if (nl < 0) continue;
    const [key, value] = [
      item.slice(0, nl).toLowerCase(),
      item
        .slice(nl + 1)
        .trim()
        .toLowerCase(),
    ];
    if (key.startsWith("filter.")) return true;
    if (key === "core.autocrlf" && value !== "false" && value !== "input") return true;
    if (key === "core.eol" && value === "crlf") return true;
    if (key === "core.worktree") worktree = true;
    if (key === "core.attributesfile")
      files.push(
        item
          .slice(nl + 1)
          .trim()
          .replace(/^~(?=\/)/, process.env.HOME ?? "~"),
      );
  }
  const plain = worktree || process.env.GIT_COMMON_DIR ? undefined : plainGitDirs(cwd);
  let info: string;
  let top: string;
  if (plain) [info, top] = [join(plain.gitDir, "info", "attributes"), plain.top];
  else {
    const where = await git(["rev-parse", "--git-path", "info/attributes", "--show-toplevel"], {
      cwd,
      allowFail: true,
    });
    if (where.code !== 0) return true;
    const [i, t] = where.stdout.split("\n");
    [info, top] = [resolve(cwd, i!), t!];
  }
  files.push(info, join(top, ".gitattributes"), join(cwd, ".gitattributes"));
  for (const f of files) {
    let text: string;
    try {
      text = readFileSync(f, "utf8");
    } catch {
      continue;
    }
    if (/\beol=crlf\b|\bident\b|working-tree-encoding/i.test(text)) return true;
  }
  return false;
}

/**
 * What git's index says of the files under `paths` (relative to `cwd`, as are the paths returned):
 * each tracked regular file's blob id, and which of them git finds modified in the work tree (`git
 * ls-files -s -v -m`: git's own stat test against the index, the content compared where the stat
 * cannot be trusted — a racily clean entry, one svc wrote without file times — as `git status`
 * does). A file not in `blobs`, or in `modified`, must be looked at by other means. Undefined when
 * git cannot answer. ls-files never writes the index (no lock taken, no refresh).
 */
export async function indexBlobs(
  cwd: string,
  paths: readonly string[],
  env?: NodeJS.ProcessEnv,
): Promise<{ blobs: Map<string, string>; modified: Set<string> } | undefined> {
  let out: string;
  const converts = checkoutConverts(cwd).catch(() => true);
  try {
    // -v: a file marked assume-unchanged (whose changes git's stat test never sees) comes lowercase
    const r = await git([...HONEST_STAT, "ls-files", "-z", "-s", "-v", "-m", "--", ...paths], {
      cwd,
      env: { ...env, GIT_OPTIONAL_LOCKS: "0" },
    });
    out = r.stdout;
    if (await converts) return undefined;
  } catch {
    return undefined;
  }
  const blobs = new Map<string, string>();
  const modified = new Set<string>();
  // "<tag> <mode> <object> <stage>\t<path>\0": H cached, C modified (then the path comes twice).
  // Read by position, not split (50,000 lines: issue 18).
  let i = 0;
  const n = out.length;
  while (i < n) {
    let z = out.indexOf("\0", i);
    if (z < 0) z = n;
    const tab = out.indexOf("\t", i);
    if (tab > i && tab < z) {
      const path = out.slice(tab + 1, z);
      // "H 100644 " (or 100755), the object, " 0" (stage 0) before the tab
      const clean =
        out.charCodeAt(i) === 72 &&
        out.charCodeAt(i + 1) === 32 &&
        (out.startsWith("100644 ", i + 2) || out.startsWith("100755 ", i + 2)) &&
        out.charCodeAt(tab - 1) === 48 &&
        out.charCodeAt(tab - 2) === 32 &&
        tab - 2 > i + 9;
      // modified, unmerged, assume-unchanged (h), skip-worktree (S), a link, a submodule: looked at
      if (clean) blobs.set(path, out.slice(i + 9, tab - 2));
      else modified.add(path);
    }
    i = z + 1;
  }
  return { blobs, modified };
}

/** The id git gives `content` as a blob (SHA-1, or SHA-256 when `hexLength` is 64). */
export function blobId(content: Uint8Array, hexLength = 40): string {
  return createHash(hexLength === 64 ? "sha256" : "sha1")
    .update(`blob ${content.length}\0`)
    .update(content)
    .digest("hex");
}

// ------------------------------------------------------------------ the work tree against a commit
// What the commit-keyed mention index (src/check/mentions-head.ts) asks: which files of some folders
// are not the commit's blob in the work tree, and what changed between two commits. Paths from the top.

/**
 * The tracked paths under `paths` whose work tree (or index) is not `commit`'s blob — staged, modified,
 * deleted, or only stat-dirty (`git diff-index` without `--cached`: git's stat test with its
 * preloading threads, a superset of what differs); undefined when git cannot say.
 */
export async function pathsOffCommit(
  gitTop: string,
  commit: string,
  paths: readonly string[],
): Promise<string[] | undefined> {
  const converts = checkoutConverts(gitTop).catch(() => true);
  const r = await git(
    [...HONEST_STAT, "diff-index", "-z", "--name-only", "--no-renames", commit, "--", ...paths],
    {
      cwd: gitTop,
      allowFail: true,
    },
  );
  if (await converts) return undefined; // git's "unmodified" does not mean the blob's bytes
  return r.code === 0 ? r.stdout.split("\0").filter(Boolean) : undefined;
}

/**
 * What differs from HEAD under `paths`, in one git process (`git status`, issue 16): the files whose
 * index or work tree is not HEAD's (staged, modified, deleted, unmerged; a file only stat-dirty is
 * hashed by git and, equal, not listed) and the files git does not track and does not ignore.
 * Undefined when git cannot say. Never writes git's index (no lock taken: svc's own commit may be
 * updating it at the same moment).
 */
export async function statusOffHead(
  gitTop: string,
  paths: readonly string[],
): Promise<{ off: string[]; untracked: string[] } | undefined> {
  const converts = checkoutConverts(gitTop).catch(() => true);
  const r = await git(
    [
      ...HONEST_STAT,
      "status",
      "--porcelain=v2",
      "-z",
      "--untracked-files=all",
      "--no-renames",
      "--ignored=no",
      "--",
      ...paths,
    ],
    { cwd: gitTop, env: { GIT_OPTIONAL_LOCKS: "0" }, allowFail: true },
  );
  if (await converts) return undefined; // git's "unmodified" does not mean the blob's bytes
  if (r.code !== 0) return undefined;
  const off: string[] = [];
  const untracked: string[] = [];
  // "1 XY sub mH mI mW hH hI PATH", "2 … X<score> PATH\0ORIG", "u XY sub m1 m2 m3 mW h1 h2 h3 PATH",
  // "? PATH" — a path may hold spaces, so it is what follows the entry's fixed fields.
  const FIELDS: Record<string, number> = { "1": 8, "2": 9, u: 10 };
  const entries = r.stdout.split("\0");
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (!e) continue;
    if (e.startsWith("? ")) {
      untracked.push(e.slice(2));
      continue;
    }
    const n = FIELDS[e[0]];
    if (n === undefined) continue; // "# …" headers, "! …" (not asked for)
    let at = 0;
    for (let k = 0; k < n && at >= 0; k++) at = e.indexOf(" ", at + 1);
    if (at < 0) return undefined; // not the format this reads: git cannot say
    off.push(e.slice(at + 1));
    if (e[0] === "2") {
      const orig = entries[++i];
      if (orig) off.push(orig);
    }
  }
  return { off, untracked };
}

/** Files under `paths` git does not track and does not ignore. */
export async function untrackedFiles(gitTop: string, paths: readonly string[]): Promise<string[]> {
  const r = await git(["ls-files", "-z", "-o", "--exclude-standard", "--", ...paths], { cwd: gitTop });
  return r.stdout.split("\0").filter(Boolean);
}

/** What changed under `paths` from one commit's tree to another's; undefined when either is not there. */
export async function treeChanges(
  gitTop: string,
  from: string,
  to: string,
  paths: readonly string[],
): Promise<RawChange[] | undefined> {
  const r = await git(["diff-tree", "-r", "-z", "--raw", "--no-renames", from, to, "--", ...paths], {
    cwd: gitTop,
    allowFail: true,
  });
  return r.code === 0 ? rawEntries(r.stdout.split("\0")) : undefined;
}
