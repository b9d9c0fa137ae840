// The one place that talks to git. Hot paths use git directly through child_process (simple-git
// waits ~50 ms after every silent command); `svc sync` uses simple-git for fetch/rebase/push.
import { execFile, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, resolve } from "node:path";
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

export function git(args: string[], opts: GitOptions): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      "git",
      args,
      {
        cwd: opts.cwd,
        env: { ...process.env, ...opts.env, GIT_TERMINAL_PROMPT: "0", LC_ALL: "C" },
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
  });
}

export function gitSync(args: string[], cwd: string, env?: NodeJS.ProcessEnv): GitResult {
  const r = spawnSync("git", args, {
    cwd,
    env: { ...process.env, ...env, GIT_TERMINAL_PROMPT: "0", LC_ALL: "C" },
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
    env: { ...process.env, GIT_TERMINAL_PROMPT: "0", LC_ALL: "C" },
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

async function askAuthor(cwd: string): Promise<Ident | undefined> {
  const r = await git(["var", "GIT_AUTHOR_IDENT"], { cwd, allowFail: true });
  if (r.code !== 0) return undefined;
  const m = /^(.*?)\s*<([^>]*)>/.exec(r.stdout.trim());
  return m ? { name: m[1], email: m[2] } : undefined;
}
