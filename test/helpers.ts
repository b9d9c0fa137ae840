// Test helpers: temporary records repositories and the built CLI run as a subprocess.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const BIN = join(ROOT, "bin", "svc.js");
export const SAMPLE = join(ROOT, "records");

export interface Identity {
  name: string;
  email: string;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A clean environment: Chinese messages, no colour, a fixed identity unless given. */
export function env(who?: Identity, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LANG: "zh_CN.UTF-8",
    NO_COLOR: "1",
    GIT_CONFIG_NOSYSTEM: "1",
    TZ: "UTC",
  };
  if (who) {
    base.GIT_AUTHOR_NAME = who.name;
    base.GIT_AUTHOR_EMAIL = who.email;
    base.GIT_COMMITTER_NAME = who.name;
    base.GIT_COMMITTER_EMAIL = who.email;
  }
  return { ...base, ...extra };
}

/** Run the built svc in `cwd` as `who`. */
export function svc(
  cwd: string,
  args: string[],
  who?: Identity,
  extra: NodeJS.ProcessEnv = {},
  input?: string,
): RunResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    env: env(who, extra),
    encoding: "utf8",
    input,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function git(cwd: string, args: string[], who?: Identity): string {
  const r = spawnSync("git", args, {
    cwd,
    env: env(who ?? { name: "Test", email: "test@example.com" }),
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

export function tempDir(prefix = "svc-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A copy of the sample records/ in a fresh git repository (tests never touch records/ itself). */
export function sampleRepo(): string {
  const dir = tempDir();
  // Rendered output (records/out/, ignored by git, left by `npm start`) is not part of the sample.
  cpSync(SAMPLE, dir, { recursive: true, filter: (src) => src !== join(SAMPLE, "out") });
  git(dir, ["init", "-q", "-b", "main"]);
  git(dir, ["add", "-A"]);
  git(dir, ["commit", "-q", "-m", "sample"]);
  return dir;
}

export const SUP: Identity = { name: "王主管", email: "sup@example.com" };
export const GM: Identity = { name: "李总", email: "gm@example.com" };
export const ENG: Identity = { name: "张三", email: "zs@example.com" };
export const ENG2: Identity = { name: "李四", email: "ls@example.com" };
export const SALES: Identity = { name: "赵销售", email: "sales@example.com" };

let template: string | undefined;

/**
 * `svc init` in a temp dir plus a small roster: supervisor, GM, sales, two engineers. Built once per
 * test file through the CLI, then copied for each test (fast).
 */
export function freshRepo(extra: NodeJS.ProcessEnv = {}): string {
  if (!template || Object.keys(extra).length) {
    const built = buildFreshRepo(extra);
    if (Object.keys(extra).length) return built;
    template = built;
  }
  const dir = tempDir();
  cpSync(template, dir, { recursive: true });
  return dir;
}

function buildFreshRepo(extra: NodeJS.ProcessEnv): string {
  const dir = tempDir();
  const must = (r: RunResult) => {
    if (r.code !== 0) throw new Error(`svc failed (${r.code}): ${r.stderr}${r.stdout}`);
  };
  must(svc(dir, ["init", ".", "--daily-rate", "100", "--special-rate", "150", "--phone", "50"], SUP, extra));
  // Without `since` (D13), as a repository written before it: the records begin with the first record,
  // whatever day the suite runs (test/since.test.ts sets it where it is the point).
  const config = join(dir, "svc.yaml");
  writeFileSync(config, readFileSync(config, "utf8").replace(/^since: .*\n/m, ""));
  git(dir, ["commit", "-q", "--amend", "--no-edit", "-a"], SUP);
  must(
    svc(
      dir,
      [
        "people",
        "add",
        "wangzhu",
        "--name",
        "王主管",
        "--role",
        "supervisor",
        "--email",
        SUP.email,
        "--region",
        "华东",
      ],
      SUP,
      extra,
    ),
  );
  must(
    svc(dir, ["people", "add", "lizong", "--name", "李总", "--role", "gm", "--email", GM.email], SUP, extra),
  );
  must(
    svc(
      dir,
      [
        "people",
        "add",
        "zhaoxs",
        "--name",
        "赵销售",
        "--role",
        "requester",
        "--email",
        SALES.email,
        "--region",
        "华东",
      ],
      SUP,
      extra,
    ),
  );
  must(
    svc(
      dir,
      [
        "people",
        "add",
        "zhangsan",
        "--name",
        "张三",
        "--role",
        "engineer",
        "--email",
        ENG.email,
        "--region",
        "华东",
        "--hired",
        "2026-01-05",
        "--expert",
        "PLC-200",
      ],
      SUP,
      extra,
    ),
  );
  must(
    svc(
      dir,
      [
        "people",
        "add",
        "lisi",
        "--name",
        "李四",
        "--role",
        "engineer",
        "--email",
        ENG2.email,
        "--region",
        "华南",
        "--hired",
        "2025-06-01",
      ],
      SUP,
      extra,
    ),
  );
  return dir;
}

export function read(dir: string, rel: string): string {
  return readFileSync(join(dir, rel), "utf8");
}

/**
 * Back-date every file under `rel` by a minute, as files checked out earlier are: the caches keyed by
 * file stat never keep a file modified in the last seconds (src/store/cache.ts).
 */
export function ageFiles(dir: string, rel: string): void {
  const old = (Date.now() - 60_000) / 1000;
  for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
    const p = join(rel, e.name);
    if (e.isDirectory()) ageFiles(dir, p);
    else utimesSync(join(dir, p), old, old);
  }
}

export function cleanup(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Last commit: author name, email, subject. */
export function lastCommit(dir: string): { author: string; email: string; subject: string } {
  const [author, email, subject] = git(dir, ["log", "-1", "--format=%an%n%ae%n%s"]).trim().split("\n");
  return { author, email, subject };
}
