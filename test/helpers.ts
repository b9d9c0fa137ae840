// Test helpers: temporary records repositories and the built CLI, run as a subprocess (`svc`) or in
// this process (`svcIn`, no start-up per command).
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
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
 * freshRepo() built for `extra` (SVC_NOW …) with svc run in this process (svcIn): the same commands,
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
// The built CLI in this process: `await svcIn(...)` is `svc(...)` without a Node start-up per command.

/** Env keys whose effect cannot be had in-process (a kill, a process-wide cache): svcIn spawns then. */
const SPAWN_ONLY = ["SVC_CRASH_AT", "SVC_NO_PRECOMPILED", "SVC_CHART_FONT"];

type Cli = { main(argv: string[]): Promise<number> };
let cli: Promise<Cli> | undefined;
let queue: Promise<unknown> = Promise.resolve();
/** The exit handlers svc registered in this process (lock release, private indexes): run after each command. */
const exitHandlers = new Set<(code: number) => void>();

// dist/ is loaded by Node itself, as bin/svc.js loads it (vitest.config.ts: server.deps.external).
const nativeImport = (url: string): Promise<unknown> => import(/* @vite-ignore */ url);

/** dist/cli.js, imported once per test file; importing runs its own argv, made harmless here. */
function loadCli(): Promise<Cli> {
  cli ??= isolated(["--version"], env(), ROOT, async () => {
    const m = (await nativeImport(pathToFileURL(join(ROOT, "dist", "cli.js")).href)) as Cli & {
      ran: Promise<void>;
    };
    await m.ran;
    return m;
  }).then(([m]) => m);
  return cli;
}

/**
 * Runs `body` as one svc process would see the world: argv, env, cwd, no terminal, stdout and
 * stderr captured, a fresh exit code; everything put back afterwards. The process listeners svc
 * added are removed (its `unhandledRejection` handler exits the process); its exit handlers are run
 * first, as the process's exit would run them.
 */
async function isolated<T>(
  args: string[],
  runEnv: NodeJS.ProcessEnv,
  cwd: string,
  body: () => Promise<T>,
): Promise<[T, { stdout: string; stderr: string; exitCode: number | undefined }]> {
  const saved = {
    env: { ...process.env },
    argv: process.argv,
    cwd: process.cwd(),
    exitCode: process.exitCode,
    out: process.stdout.write,
    err: process.stderr.write,
    outTTY: Object.getOwnPropertyDescriptor(process.stdout, "isTTY"),
    inTTY: Object.getOwnPropertyDescriptor(process.stdin, "isTTY"),
  };
  // Every listener on the process before the run (svc's own are dropped after it: they would act on
  // the test process — exit it on an unhandled rejection, catch its signals).
  const listenersBefore = new Set(
    process.eventNames().flatMap((e) => process.rawListeners(e as NodeJS.Signals)),
  );
  const captured = { stdout: "", stderr: "" };
  const sink =
    (key: "stdout" | "stderr") =>
    (chunk: string | Uint8Array, enc?: unknown, cb?: unknown): boolean => {
      captured[key] += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
      const done = typeof enc === "function" ? enc : cb;
      if (typeof done === "function") done();
      return true;
    };
  const setEnv = (to: NodeJS.ProcessEnv) => {
    for (const k of Object.keys(process.env)) if (!(k in to)) delete process.env[k];
    for (const [k, v] of Object.entries(to)) if (v !== undefined) process.env[k] = v;
  };
  let value: T;
  let exitCode: number | undefined;
  try {
    setEnv(runEnv);
    process.argv = [process.execPath, BIN, ...args];
    process.chdir(cwd);
    process.exitCode = undefined;
    Object.defineProperty(process.stdout, "isTTY", { value: undefined, configurable: true, writable: true });
    Object.defineProperty(process.stdin, "isTTY", { value: undefined, configurable: true, writable: true });
    process.stdout.write = sink("stdout") as typeof process.stdout.write;
    process.stderr.write = sink("stderr") as typeof process.stderr.write;
    value = await body();
  } finally {
    exitCode = process.exitCode === undefined ? undefined : Number(process.exitCode);
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
    for (const [stream, d] of [
      [process.stdout, saved.outTTY],
      [process.stdin, saved.inTTY],
    ] as const) {
      if (d) Object.defineProperty(stream, "isTTY", d);
      else delete (stream as { isTTY?: boolean }).isTTY;
    }
    process.exitCode = saved.exitCode;
    process.chdir(saved.cwd);
    process.argv = saved.argv;
    for (const e of process.eventNames() as NodeJS.Signals[])
      for (const l of process.rawListeners(e)) {
        if (listenersBefore.has(l)) continue;
        process.removeListener(e, l as () => void);
        if (e === ("exit" as string))
          exitHandlers.add(((l as { listener?: unknown }).listener ?? l) as (code: number) => void);
      }
    for (const h of exitHandlers) h(exitCode ?? 0);
    setEnv(saved.env);
  }
  return [value, { ...captured, exitCode }];
}

/**
 * `svc(...)` run in this process: the built CLI's main() with the same argv, env (`env(who, extra)`),
 * cwd and exit code as the subprocess would have, stdout and stderr captured. Runs one at a time (the
 * process's env, cwd and streams are global); a test that needs two svc at once, a kill, or stdin
 * uses `svc`. Falls back to `svc` for what only a process has (SPAWN_ONLY, `input`).
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
    const { main } = await loadCli();
    const [code, io] = await isolated(args, env(who, extra), cwd, () => main(["node", "svc", ...args]));
    // As bin/svc.js's process ends: the code main() returned, else the exit code a command set.
    return { code: code !== 0 ? code : (io.exitCode ?? 0), stdout: io.stdout, stderr: io.stderr };
  });
  queue = run.catch(() => {});
  return run;
}

/**
 * svc run in-process at a given time in a test's repository (`dir()`, read at each call): `run`
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
