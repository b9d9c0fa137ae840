// Test helpers: temporary records repositories and the built CLI, run as a subprocess (`svc`) or in
// the worker's runner process (`svcIn`, no start-up per command: test/fixtures/svc-runner.mjs).
import { type ChildProcess, fork, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { inject } from "vitest";
import { headFromFiles } from "../src/store/git.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** freshRepo()'s template, built once per test run by test/global-setup.ts. */
    svcFreshTemplate?: string;
    /** sampleRepo()'s repository, built once per test run by test/global-setup.ts. */
    svcSampleTemplate?: string;
  }
}

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

/**
 * A clean environment: Chinese messages, no colour, a fixed identity unless given. No automatic
 * maintenance: git would start `git maintenance run --auto` after each `git commit`, `merge` or
 * `pull` of a test (~330 processes a run, none of them what a test looks at).
 */
export function env(who?: Identity, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LANG: "zh_CN.UTF-8",
    NO_COLOR: "1",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_COUNT: "1",
    GIT_CONFIG_KEY_0: "maintenance.auto",
    GIT_CONFIG_VALUE_0: "false",
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

let sampleTemplate: string | undefined;

/**
 * A copy of the sample records/ in a fresh git repository of one commit, "sample" (tests never touch
 * records/ itself). The repository is built once per test run (test/global-setup.ts; else once per
 * test file) and copied for each call: no git process per call, and its objects packed, so a copy
 * is the records and a few files of .git, not one file per object.
 */
export function sampleRepo(): string {
  sampleTemplate ??= providedSample() ?? buildSampleRepo();
  const dir = tempDir();
  cpSync(sampleTemplate, dir, { recursive: true });
  return dir;
}

/** What sampleRepo() copies: records/ (without the rendered out/) committed in a new repository. */
export function buildSampleRepo(): string {
  const dir = tempDir();
  // Rendered output (records/out/, ignored by git, left by `npm start`) is not part of the sample.
  cpSync(SAMPLE, dir, { recursive: true, filter: (src) => src !== join(SAMPLE, "out") });
  git(dir, ["init", "-q", "-b", "main"]);
  git(dir, ["add", "-A"]);
  git(dir, ["commit", "-q", "-m", "sample"]);
  git(dir, ["repack", "-a", "-d", "-q"]); // one pack instead of ~300 loose objects (-d prunes them)
  return dir;
}

export const SUP: Identity = { name: "王主管", email: "sup@example.com" };
export const GM: Identity = { name: "李总", email: "gm@example.com" };
export const ENG: Identity = { name: "张三", email: "zs@example.com" };
export const ENG2: Identity = { name: "李四", email: "ls@example.com" };
export const SALES: Identity = { name: "赵销售", email: "sales@example.com" };

let template: string | undefined;

/** The template test/global-setup.ts built for the whole run, if it did. */
function providedTemplate(): string | undefined {
  try {
    return inject("svcFreshTemplate");
  } catch {
    return undefined; // not inside a vitest worker
  }
}

/** sampleRepo()'s repository as test/global-setup.ts built it for the whole run, if it did. */
function providedSample(): string | undefined {
  try {
    return inject("svcSampleTemplate");
  } catch {
    return undefined;
  }
}

/**
 * `svc init` in a temp dir plus a small roster: supervisor, GM, sales, two engineers. Built once per
 * test run through the CLI (test/global-setup.ts; else once per test file), then copied for each
 * test (fast). With `extra` env, built for that call.
 */
export function freshRepo(extra: NodeJS.ProcessEnv = {}): string {
  if (!template && !Object.keys(extra).length) template = providedTemplate();
  if (!template || Object.keys(extra).length) {
    const built = buildFreshRepo(extra);
    if (Object.keys(extra).length) return built;
    template = built;
  }
  const dir = tempDir();
  cpSync(template, dir, { recursive: true });
  return dir;
}

/** The roster freshRepo() adds after `svc init`: supervisor, GM, sales, two engineers (`svc people add`). */
const ROSTER: string[][] = [
  ["wangzhu", "--name", "王主管", "--role", "supervisor", "--email", SUP.email, "--region", "华东"],
  ["lizong", "--name", "李总", "--role", "gm", "--email", GM.email],
  ["zhaoxs", "--name", "赵销售", "--role", "requester", "--email", SALES.email, "--region", "华东"],
  [
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
  [
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
];
const INIT = ["init", ".", "--daily-rate", "100", "--special-rate", "150", "--phone", "50"];

function mustRun(r: RunResult): void {
  if (r.code !== 0) throw new Error(`svc failed (${r.code}): ${r.stderr}${r.stdout}`);
}

/**
 * After `svc init`: svc.yaml without `since` (D13), as a repository written before it — the records
 * begin with the first record, whatever day the suite runs (test/since.test.ts sets it where it is the
 * point) — and the half-year bonus pools of its two regions set, so no check warns of them in any
 * month; amended into the init commit.
 */
function trimConfig(dir: string): void {
  const config = join(dir, "svc.yaml");
  writeFileSync(
    config,
    readFileSync(config, "utf8")
      .replace(/^since: .*\n/m, "")
      .replace(/^( {4}pools:) \{\}/m, "$1 { 华东: 5000, 华南: 5000 }"),
  );
  git(dir, ["commit", "-q", "--amend", "--no-edit", "-a"], SUP);
}

/** What freshRepo() copies: `svc init` and the roster, through the CLI, in a new temp dir. */
export function buildFreshRepo(extra: NodeJS.ProcessEnv = {}): string {
  const dir = tempDir();
  mustRun(svc(dir, INIT, SUP, extra));
  trimConfig(dir);
  for (const r of svcMany(
    dir,
    ROSTER.map((person) => ["people", "add", ...person]),
    SUP,
    extra,
  ))
    mustRun(r);
  return dir;
}

/**
 * `svc(...)` of several argument lists, one after another, in one Node process (test/fixtures/many.mjs:
 * each run's argv, env, cwd and exit code as its own process would have them): one start-up and one
 * load of the CLI for them all.
 */
export function svcMany(
  cwd: string,
  runs: string[][],
  who?: Identity,
  extra: NodeJS.ProcessEnv = {},
): RunResult[] {
  const work = tempDir("svc-many-");
  try {
    const cases = join(work, "cases.json");
    const results = join(work, "results.json");
    writeFileSync(
      cases,
      JSON.stringify(runs.map((args) => ({ cwd, args, env: env(who, extra), bare: true }))),
    );
    const r = spawnSync(process.execPath, [join(ROOT, "test", "fixtures", "many.mjs"), cases, results], {
      cwd,
      env: env(who, extra),
      encoding: "utf8",
    });
    if (r.status !== 0) throw new Error(`many.mjs failed (${r.status}): ${r.stderr}`);
    const done = JSON.parse(readFileSync(results, "utf8")) as RunResult[];
    return runs.map((_, i) => done[i] ?? { code: -1, stdout: "", stderr: "not run" });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * freshRepo() built for `extra` (SVC_NOW …) with svc run by svcIn: the same commands,
 * in the same order, without a Node start-up per command (six of them) — for a test file whose
 * repository must be made at its own time.
 */
export async function freshRepoIn(extra: NodeJS.ProcessEnv): Promise<string> {
  const dir = tempDir();
  mustRun(await svcIn(dir, INIT, SUP, extra));
  trimConfig(dir);
  for (const person of ROSTER) mustRun(await svcIn(dir, ["people", "add", ...person], SUP, extra));
  return dir;
}

/** What a plain service notice says (`openNotice`); each value can be given instead. */
export interface NoticeFields {
  customer?: string;
  contact?: string;
  phone?: string;
  type?: string;
  priority?: string;
  content?: string;
  /** `--region`, left out when not given. */
  region?: string;
}

/**
 * `svc open`'s argument list for a plain notice — customer, contact, phone, type, priority and
 * content — with `extra` flags after it (`--json`, `--equipment EQ`, …), for `svc()` or `svcIn()`.
 */
export function openNotice(fields: NoticeFields = {}, ...extra: string[]): string[] {
  const f = {
    customer: "苏州精工机械有限公司",
    contact: "刘工",
    phone: "13800001111",
    type: "维修",
    priority: "一般",
    content: "维修",
    ...fields,
  };
  return [
    "open",
    "--customer",
    f.customer,
    "--contact",
    f.contact,
    "--phone",
    f.phone,
    "--type",
    f.type,
    "--priority",
    f.priority,
    "--content",
    f.content,
    ...(f.region === undefined ? [] : ["--region", f.region]),
    ...extra,
  ];
}

/** The steps approvedLetter() takes, in order; each one's time defaults to the one before. */
export type LetterSetupStep = "open" | "sign" | "assign" | "site" | "solution" | "approve";

/**
 * A letter ready for its work — the steps so many tests start from, through svcIn: the notice opened
 * by SALES (openNotice with `notice`), signed by the GM (or by the supervisor with `--gm-absent`),
 * assigned by SUP to zhangsan (`to`) with the estimate and `assign`'s extra flags (`--destination`,
 * `--remote` …), its site confirmed and its solution prepared by ENG, approved by SUP (`approve`'s
 * extra flags: `--advance`). `at`: one time for every step, or one per step (a step left out takes the
 * time of the one before). A step that fails fails the test with svc's output.
 */
export async function approvedLetter(
  dir: string,
  o: {
    at: string | ({ open: string } & Partial<Record<LetterSetupStep, string>>);
    estimate: string;
    to?: string;
    notice?: NoticeFields;
    gmAbsent?: boolean;
    assign?: string[];
    solution?: string;
    approve?: string[];
  },
): Promise<{ notice: string; letter: string }> {
  const times = typeof o.at === "string" ? { open: o.at } : o.at;
  const steps: LetterSetupStep[] = ["open", "sign", "assign", "site", "solution", "approve"];
  const when: Partial<Record<LetterSetupStep, string>> = {};
  steps.forEach((s, i) => {
    when[s] = times[s] ?? when[steps[i - 1]];
  });
  const step = async (who: Identity, s: LetterSetupStep, ...args: string[]) => {
    const r = await svcIn(dir, args, who, { SVC_NOW: when[s] });
    if (r.code !== 0) throw new Error(`svc ${args.join(" ")} → ${r.code}\n${r.stderr}${r.stdout}`);
    return r.stdout;
  };
  const notice = JSON.parse(await step(SALES, "open", ...openNotice(o.notice, "--json"))).id as string;
  if (o.gmAbsent) await step(SUP, "sign", "sign", notice, "--gm-absent");
  else await step(GM, "sign", "sign", notice);
  const assignArgs = ["assign", notice, "--to", o.to ?? "zhangsan", "--estimate", o.estimate];
  const letter = JSON.parse(await step(SUP, "assign", ...assignArgs, ...(o.assign ?? []), "--json"))
    .id as string;
  const engineer = ({ zhangsan: ENG, lisi: ENG2 } as Record<string, Identity>)[o.to ?? "zhangsan"];
  if (!engineer) throw new Error(`approvedLetter: no identity for ${o.to}`);
  await step(engineer, "site", "site", letter, "--matches");
  await step(engineer, "solution", "solution", letter, o.solution ?? "更换电源模块");
  await step(SUP, "approve", "approve", letter, ...(o.approve ?? []));
  return { notice, letter };
}

export function read(dir: string, rel: string): string {
  return readFileSync(join(dir, rel), "utf8");
}

/**
 * Back-date every file under `rel` (not .git) — and with `folders`, the folders too — to `when`, an
 * hour ago by default, as files checked out earlier are: the caches keyed by file stat never keep a
 * file modified in the last seconds (src/store/cache.ts), and a folder's listing is kept only while
 * the folder has not changed.
 */
export function ageFiles(dir: string, rel = ".", o: { folders?: boolean; when?: Date } = {}): void {
  const when = o.when ?? new Date(Date.now() - 3600_000);
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }))
      if (e.isDirectory()) {
        if (e.name !== ".git") walk(join(d, e.name));
      } else if (e.isFile()) utimesSync(join(d, e.name), when, when);
    if (o.folders) utimesSync(d, when, when);
  };
  walk(join(dir, rel));
}

export function cleanup(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * HEAD's commit id, read from .git as svc itself reads it (src/store/git.ts headFromFiles: a loose
 * or packed ref, or the id): no `git rev-parse HEAD` process after each commit a test makes; what
 * the files cannot tell (a worktree's .git file, reftable) is asked of git.
 */
export function headOf(dir: string): string {
  return headFromFiles(join(dir, ".git")) ?? git(dir, ["rev-parse", "HEAD"]).trim();
}

/** Last commit: author name, email, subject. */
export function lastCommit(dir: string): { author: string; email: string; subject: string } {
  const [author, email, subject] = git(dir, ["log", "-1", "--format=%an%n%ae%n%s"]).trim().split("\n");
  return { author, email, subject };
}

// ---------------------------------------------------------------------------------------------------
// The built CLI in a runner process: `await svcIn(...)` is `svc(...)` without a Node start-up per command.

/** Env keys whose effect cannot be had in a shared process (a kill, a process-wide cache): svcIn spawns then. */
const SPAWN_ONLY = ["SVC_CRASH_AT", "SVC_NO_PRECOMPILED", "SVC_CHART_FONT"];

type Answer = {
  code: number;
  stdout: string;
  stderr: string;
  error?: string;
  cpu: number;
  rss: number;
};
/** `owed`: the answer the one run asked of it waits for (svcIn asks one at a time). */
type Runner = { child: ChildProcess; owed?: (a: Answer | Error) => void; cpu: number };
let runner: Runner | undefined;
let queue: Promise<unknown> = Promise.resolve();
/** The runners' CPU (seconds, with the processes they waited for): test/cpu-setup.ts adds it to its file's. */
const runnersCpu = globalThis as { svcRunnerCpu?: number };
/**
 * A runner past this much memory is replaced (each git it starts costs more the larger it is: ~1 ms of
 * fork per 100 MB). Not sooner: a new runner loads and warms up the CLI again, ~1 s of CPU before its
 * commands run as fast as a warm runner's (seventh session: at 160 MB, which every monthly report's
 * charts passed, 41 runners in a run, at 400 MB 9; the suite's CPU 257 → 247 s, three runs each).
 */
const RUNNER_RSS_MAX = 400 * 2 ** 20;

/**
 * test/fixtures/svc-runner.mjs, started on the first svcIn of this worker: a small process with the
 * built CLI loaded, where every svcIn of the worker runs, one after another. It ends with the worker
 * (its channel closes), or is replaced when it grew past RUNNER_RSS_MAX.
 */
function startRunner(): Runner {
  const child = fork(join(ROOT, "test", "fixtures", "svc-runner.mjs"), [], {
    cwd: ROOT,
    // One malloc arena and one thread in libuv's pool: resvg rasterises the charts on the pool's
    // threads, glibc's arena per thread kept what it freed and each thread its stack: after one
    // monthly report a runner held 210 MB with one arena and four threads, 170 with one thread (svc
    // works on the main thread; the pool serves only resvg and a few file streams).
    env: { ...env(), MALLOC_ARENA_MAX: "1", UV_THREADPOOL_SIZE: "1" },
    execArgv: [],
    stdio: ["ignore", "ignore", "inherit", "ipc"],
    serialization: "advanced",
  });
  const r: Runner = { child, cpu: 0 };
  child.on("message", (m: Answer | { ready: true; cpu: number }) => {
    if ("cpu" in m) {
      runnersCpu.svcRunnerCpu = (runnersCpu.svcRunnerCpu ?? 0) + m.cpu - r.cpu;
      r.cpu = m.cpu;
    }
    if ("ready" in m) return;
    const done = r.owed;
    r.owed = undefined;
    child.channel?.unref();
    done?.(m);
  });
  child.on("exit", (code, signal) => {
    if (runner === r) runner = undefined;
    // reaped: from now on its CPU is in this process's children's (/proc/self/stat), not to be added
    runnersCpu.svcRunnerCpu = (runnersCpu.svcRunnerCpu ?? 0) - r.cpu;
    const done = r.owed;
    r.owed = undefined;
    done?.(new Error(`svc runner ended (${signal ?? code})`));
  });
  child.unref();
  child.channel?.unref();
  return r;
}

/** The process id of this worker's runner, if one is running (test/helpers.svcin.test.ts). */
export function runnerPid(): number | undefined {
  return runner?.child.pid;
}

function inRunner(cwd: string, args: string[], runEnv: NodeJS.ProcessEnv): Promise<Answer> {
  runner ??= startRunner();
  const r = runner;
  return new Promise((resolve, reject) => {
    r.owed = (a) => {
      if (a instanceof Error) reject(a);
      else if (a.error !== undefined) reject(new Error(a.error));
      else {
        if (a.rss > RUNNER_RSS_MAX && runner === r) {
          runner = undefined;
          r.child.disconnect();
        }
        resolve(a);
      }
    };
    r.child.channel?.ref();
    r.child.send({ cwd, args, env: runEnv });
  });
}

/**
 * `svc(...)` run in the worker's runner process (test/fixtures/svc-runner.mjs): the built CLI's main()
 * with the same argv, env (`env(who, extra)`), cwd and exit code as the subprocess would have, stdout
 * and stderr captured, without a Node start-up per command. Runs one at a time; a test that needs two
 * svc at once, a kill, or stdin uses `svc`. Falls back to `svc` for what only a process of its own has
 * (SPAWN_ONLY, `input`).
 */
export function svcIn(
  cwd: string,
  args: string[],
  who?: Identity,
  extra: NodeJS.ProcessEnv = {},
  input?: string,
): Promise<RunResult> {
  if (input !== undefined || SPAWN_ONLY.some((k) => k in extra))
    return Promise.resolve(svc(cwd, args, who, extra, input));
  const run = queue.then(async () => {
    const a = await inRunner(cwd, args, env(who, extra));
    return { code: a.code, stdout: a.stdout, stderr: a.stderr };
  });
  queue = run.catch(() => {});
  return run;
}

/**
 * svc run by svcIn at a given time in a test's repository (`dir()`, read at each call): `run`
 * (any exit), `ok` (the test fails on a non-zero exit, with svc's output), `json` (`ok` with --json,
 * parsed). `when` turns the test's shorthand into SVC_NOW (default: as given).
 */
export function svcAt(dir: () => string, when: (now: string) => string = (now) => now) {
  const run = (who: Identity | undefined, now: string, ...args: string[]) =>
    svcIn(dir(), args, who, { SVC_NOW: when(now) });
  const ok = async (who: Identity | undefined, now: string, ...args: string[]) => {
    const r = await run(who, now, ...args);
    if (r.code !== 0) throw new Error(`svc ${args.join(" ")} → ${r.code}\n${r.stderr}${r.stdout}`);
    return r;
  };
  const json = async (who: Identity | undefined, now: string, ...args: string[]): Promise<any> =>
    JSON.parse((await ok(who, now, ...args, "--json")).stdout);
  return { run, ok, json };
}
