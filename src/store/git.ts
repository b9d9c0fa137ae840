// The one place that talks to git. Hot paths use git directly through child_process (simple-git
// waits ~50 ms after every silent command); `svc sync` uses simple-git for fetch/rebase/push.
import { execFile, spawnSync } from "node:child_process";
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

/** The work tree's top and the .git directory, or undefined outside a git repository. */
export async function gitDirs(cwd: string): Promise<{ top: string; gitDir: string } | undefined> {
  const r = await git(["rev-parse", "--show-toplevel", "--absolute-git-dir"], { cwd, allowFail: true });
  if (r.code !== 0) return undefined;
  const [top, gitDir] = r.stdout.trim().split("\n");
  return { top, gitDir };
}

export async function headCommit(cwd: string): Promise<string | undefined> {
  const r = await git(["rev-parse", "--verify", "-q", "HEAD"], { cwd, allowFail: true });
  return r.code === 0 ? r.stdout.trim() : undefined;
}

/** git's author identity (GIT_AUTHOR_EMAIL, user.email …): who is acting. */
export async function authorIdent(cwd: string): Promise<{ name: string; email: string } | undefined> {
  const r = await git(["var", "GIT_AUTHOR_IDENT"], { cwd, allowFail: true });
  if (r.code !== 0) return undefined;
  const m = /^(.*?)\s*<([^>]*)>/.exec(r.stdout.trim());
  return m ? { name: m[1], email: m[2] } : undefined;
}
