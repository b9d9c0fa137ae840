// The hostile-input corpus (issue 11, "Done means"): every case of test/fixtures/hostile/corpus.yaml —
// files that are not what they seem, put over a record of a copy of the sample department, and argument
// lists — runs through `svc check`, `svc show` and a mutation of the built CLI. For every run: bounded
// (a hang is killed and fails the case), no stack trace, no internal error, an exit code of 0/1/2,
// bounded output, nothing written or read outside the repository (a canary folder beside it, whose
// bytes are compared and whose marker must never reach a commit), and the hostile file's bytes as they
// were (no command rewrites what it cannot read).
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  cpSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import type { Writable } from "node:stream";
import jsyaml from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env, git, type Identity, ROOT, sampleRepo, tempDir } from "./helpers.ts";

const CORPUS = join(ROOT, "test", "fixtures", "hostile");
const MANY = join(ROOT, "test", "fixtures", "many.mjs");
const LETTER = "L-20261116-0xsgp"; // 在建, huangyong's
const LETTER_FILE = `letters/2026/${LETTER}.yaml`;
const CANARY = "OUTSIDE-CANARY-7f3a";
const PEOPLE: Record<string, Identity> = {
  engineer: { name: "黄勇", email: "huangyong@dfzk.example.com" },
  supervisor: { name: "王志强", email: "wangzhiqiang@dfzk.example.com" },
  gm: { name: "刘建国", email: "liujianguo@dfzk.example.com" },
};
/** The bound of one run; a hang is killed and reported. */
const RUN_MS = 30_000;
const MAX_OUTPUT = 2 * 1024 * 1024;

interface FileCase {
  name: string;
  /** Repository path the hostile thing is put at (default: the 在建 letter). */
  to?: string;
  /** A file of the corpus folder copied there… */
  fixture?: string;
  /** …or text written there… */
  text?: string;
  /** …or one of the generated contents (see GENERATED)… */
  generate?: keyof typeof GENERATED;
  /** …or a symlink to this target (`OUTSIDE/…` is the canary folder beside the repository)… */
  symlink?: string;
  /** …or a named pipe. */
  fifo?: boolean;
  /** `svc check`'s exit code (default 1: the thing is reported). */
  check?: number;
  /** The mutation's exit code (default: not 0, since it is refused). */
  mutate?: number;
  why: string;
}

interface ArgCase {
  args: string[];
  as?: keyof typeof PEOPLE;
  /** Expected exit code (default: 1 or 2). */
  code?: number;
  why: string;
}

/** The letter as an object, changed by `edit`, written back as YAML. */
function edited(base: string, edit: (rec: Record<string, unknown>) => void): string {
  const rec = jsyaml.load(base, { schema: jsyaml.CORE_SCHEMA }) as Record<string, unknown>;
  edit(rec);
  return jsyaml.dump(rec, { schema: jsyaml.CORE_SCHEMA, lineWidth: -1 });
}

const GENERATED = {
  /** The letter with 9 levels of nested aliases ("billion laughs") appended. */
  billionLaughs(base: string): string {
    let text = `${base}a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n`;
    for (let i = 1; i <= 9; i++)
      text += `a${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(",")}]\n`;
    return text;
  },
  /** A schema-valid letter whose log is one entry and 60,000 aliases to it (~440 KB). */
  manyAliases(base: string): string {
    const head = edited(base, (r) => {
      delete r.log;
    });
    const entry = "  - &e { at: 2026-11-17T10:00:00+08:00, by: huangyong, type: 记录, text: 现场检查 }";
    return `${head}log:\n${entry}\n${"  - *e\n".repeat(60_000)}`;
  },
  /** A letter without its log. */
  noLog: (base: string) =>
    edited(base, (r) => {
      delete r.log;
    }),
  /** A letter whose log is a string. */
  logNotList: (base: string) =>
    edited(base, (r) => {
      r.log = "不是列表";
    }),
  /** XML-illegal characters and terminal escapes in a log entry's text. */
  controlChars: (base: string) =>
    edited(base, (r) => {
      (r.log as { text: string }[])[0].text = "\uFFFE\uFFFF\x1b]0;owned\x07\x1b[2J";
    }),
};

interface Corpus {
  files: FileCase[];
  args: ArgCase[];
}

const corpus = jsyaml.load(readFileSync(join(CORPUS, "corpus.yaml"), "utf8")) as Corpus;

interface Ran {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

interface Run {
  cwd: string;
  args: string[];
  who: Identity;
}

/** The runner (test/fixtures/many.mjs --serve) the batches go to; a new one after one is killed or dies. */
interface Runner {
  child: ChildProcess;
  /** What the runner printed on stdout since its batch began (`ran N` lines, then `done`). */
  lines: string;
  stderr: string;
  /** Called on every chunk of stdout and when the runner ends. */
  wake: (ended?: { code: number | null; signal: string | null }) => void;
  ended?: { code: number | null; signal: string | null };
}
let runner: Runner | undefined;
let queue: Promise<unknown> = Promise.resolve();

function startRunner(): Runner {
  const child = spawn(process.execPath, [MANY, "--serve"], {
    env: env(),
    stdio: ["ignore", "pipe", "pipe", "pipe"],
  });
  const r: Runner = { child, lines: "", stderr: "", wake: () => {} };
  child.stdout?.on("data", (b: Buffer) => {
    r.lines += b.toString("utf8");
    r.wake();
  });
  child.stderr?.on("data", (b: Buffer) => {
    if (r.stderr.length < MAX_OUTPUT) r.stderr += b.toString("utf8");
  });
  child.on("close", (code, signal) => {
    r.ended = { code, signal };
    if (runner === r) runner = undefined;
    r.wake(r.ended);
  });
  return r;
}

afterAll(async () => {
  const r = runner;
  if (!r) return;
  const ended = new Promise((resolve) => r.child.once("close", resolve));
  (r.child.stdio[3] as Writable).end(); // the runner ends when its channel closes
  await ended;
});

/**
 * The built CLI's main() for each run, one after another in one Node process that serves every batch
 * of the file (test/fixtures/many.mjs --serve: the argv, env, cwd and exit code each would have as
 * its own process; no Node start-up and load of the CLI per batch), bounded in time and in what it may
 * print: the runner is killed when a run takes longer than RUN_MS (it reports each run done), and
 * stops a run whose output passes MAX_OUTPUT. A run the runner did not finish — a hang, the output
 * bound, the runner dying — comes back with a signal, and every run after it as not run; the next
 * batch gets a new runner.
 */
function runAll(runs: Run[]): Promise<Ran[]> {
  const next = queue.then(() => runBatch(runs));
  queue = next.catch(() => {});
  return next;
}

function runBatch(runs: Run[]): Promise<Ran[]> {
  const dir = tempDir("svc-corpus-run-");
  const input = join(dir, "cases.json");
  const output = join(dir, "results.json");
  const cases = runs.map((r) => ({
    cwd: r.cwd,
    args: r.args,
    env: env(r.who, { SVC_NOW: "2026-11-20T10:00:00+08:00", SVC_LOCK_TIMEOUT: "5" }),
    maxOutput: MAX_OUTPUT,
    bare: true,
  }));
  writeFileSync(input, JSON.stringify(cases));
  runner ??= startRunner();
  const r = runner;
  r.lines = "";
  return new Promise((resolve) => {
    let killed: string | null = null;
    let timer: NodeJS.Timeout;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        killed = "SIGKILL";
        r.child.kill("SIGKILL");
      }, RUN_MS);
    };
    const finish = (ended?: { code: number | null; signal: string | null }) => {
      clearTimeout(timer);
      r.wake = () => {};
      let done: { code: number | null; signal?: string; stdout: string; stderr: string }[] = [];
      try {
        done = JSON.parse(readFileSync(output, "utf8"));
      } catch {}
      rmSync(dir, { recursive: true, force: true });
      resolve(
        runs.map((_, i): Ran => {
          const x = done[i];
          if (x) return { code: x.code, signal: x.signal ?? null, stdout: x.stdout, stderr: x.stderr };
          const why =
            i > done.length ? "not run" : (killed ?? ended?.signal ?? `runner exit ${ended?.code ?? "?"}`);
          return { code: null, signal: why, stdout: "", stderr: r.stderr };
        }),
      );
    };
    r.wake = (ended) => {
      if (ended) finish(ended);
      else if (/^done$/m.test(r.lines)) finish();
      else arm(); // `ran N` after each run
    };
    arm();
    if (r.ended) finish(r.ended);
    else (r.child.stdio[3] as Writable).write(`${input}\t${output}\n`);
  });
}

/** What a run must never do, whatever its input. */
function expectSane(r: Ran, what: string): void {
  const shown = `${what}\n--- stdout\n${r.stdout.slice(0, 2000)}\n--- stderr\n${r.stderr.slice(0, 2000)}`;
  expect(r.signal, `${shown}\nkilled: a hang or unbounded output`).toBeNull();
  expect([0, 1, 2], shown).toContain(r.code);
  expect(r.stderr + r.stdout, `${shown}\na stack trace`).not.toMatch(/^\s+at .+[:(]\d+:\d+\)?$/m);
  expect(r.stderr + r.stdout, `${shown}\nan internal error`).not.toMatch(/内部错误|internal error/i);
}

/** Every file under a folder, without following links: path → bytes (or link target, or type). */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel))) {
      const child = rel ? `${rel}/${name}` : name;
      const st = lstatSync(join(dir, child));
      if (st.isSymbolicLink()) out.set(child, `link:${readlinkSync(join(dir, child))}`);
      else if (st.isDirectory()) walk(child);
      else if (st.isFile())
        out.set(
          child,
          createHash("sha256")
            .update(readFileSync(join(dir, child)))
            .digest("hex"),
        );
      else out.set(child, `special:${st.mode}`);
    }
  };
  walk("");
  return out;
}

/** The hostile thing at `abs` as it is: bytes, link target or type. */
function state(abs: string): string {
  const st = lstatSync(abs);
  if (st.isSymbolicLink()) return `link:${readlinkSync(abs)}`;
  if (st.isFile()) return createHash("sha256").update(readFileSync(abs)).digest("hex");
  return `special:${st.mode}`;
}

let base: string;
let work: string;

beforeAll(() => {
  base = sampleRepo();
  work = tempDir("svc-hostile-");
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  rmSync(base, { recursive: true, force: true });
});

/** A copy of the sample with a canary folder beside it: { repo, outside }. */
function copy(name: string): { repo: string; outside: string } {
  const dir = join(work, name.replace(/[^\w-]/g, "_"));
  const repo = join(dir, "repo");
  const outside = join(dir, "OUTSIDE");
  cpSync(base, repo, { recursive: true });
  mkdirSync(join(outside, "x"), { recursive: true });
  const letter = readFileSync(join(base, LETTER_FILE), "utf8");
  writeFileSync(join(outside, "x", "letter.yaml"), `${letter}# ${CANARY}\n`);
  writeFileSync(join(outside, "x", "letter"), `${letter}# ${CANARY}\n`);
  writeFileSync(join(outside, "secret.txt"), `${CANARY}\n`);
  return { repo, outside };
}

function plant(c: FileCase, repo: string, outside: string): string {
  const abs = join(repo, c.to ?? LETTER_FILE);
  const original = readFileSync(join(base, LETTER_FILE), "utf8");
  // A path through the letter (a folder where its file should be) replaces the file.
  if ((c.to ?? "").startsWith(`${LETTER_FILE}/`)) rmSync(join(repo, LETTER_FILE), { force: true });
  mkdirSync(dirname(abs), { recursive: true });
  rmSync(abs, { force: true, recursive: true });
  if (c.fixture) cpSync(join(CORPUS, c.fixture), abs);
  else if (c.text !== undefined) writeFileSync(abs, c.text);
  else if (c.generate) writeFileSync(abs, GENERATED[c.generate](original));
  else if (c.symlink) symlinkSync(c.symlink.replace(/^OUTSIDE\//, `${outside}/`), abs);
  else if (c.fifo) {
    if (spawnSync("mkfifo", [abs]).status !== 0) throw new Error("mkfifo failed");
  } else throw new Error(`case ${c.name}: nothing to plant`);
  return abs;
}

describe("the hostile corpus: files (issue 11)", () => {
  // One after another through the file's one runner (a run is ~0.3 s of CPU; 2 cores are shared by
  // two test files already).
  it.each(corpus.files.map((c) => [c.name, c] as const))(
    "%s: check, show and a mutation stay bounded, located, inside the repository",
    async (_name, c) => {
      const { repo, outside } = copy(c.name);
      const abs = plant(c, repo, outside);
      const before = { outside: snapshot(outside), file: state(abs), head: git(repo, ["rev-parse", "HEAD"]) };

      const [check, show, mutate] = await runAll([
        { cwd: repo, args: ["check"], who: PEOPLE.supervisor },
        { cwd: repo, args: ["show", LETTER], who: PEOPLE.engineer },
        { cwd: repo, args: ["log", LETTER, "现场检查"], who: PEOPLE.engineer },
      ]);
      expectSane(check, `${c.name}: svc check (${c.why})`);
      expect(
        check.code,
        `${c.name}: svc check must report it (${c.why})\n${check.stdout}${check.stderr}`,
      ).toBe(c.check ?? 1);
      expectSane(show, `${c.name}: svc show`);
      expectSane(mutate, `${c.name}: svc log`);
      if (c.mutate === undefined) expect(mutate.code, `${c.name}: svc log must refuse`).not.toBe(0);
      else expect(mutate.code).toBe(c.mutate);

      // Nothing outside written; the hostile thing not rewritten; no outside bytes committed.
      expect(snapshot(outside)).toEqual(before.outside);
      if (mutate.code !== 0 || (c.to ?? LETTER_FILE) !== LETTER_FILE)
        expect(state(abs), `${c.name}: the hostile file was rewritten`).toBe(before.file);
      if (mutate.code !== 0) expect(git(repo, ["rev-parse", "HEAD"])).toBe(before.head);
      expect(git(repo, ["log", "-p", "--all", "-n", "5"])).not.toContain(CANARY);
    },
  );
});

describe("the hostile corpus: argument lists (issue 11)", () => {
  // Each case on its own copy; all of them through one runner (each run bounded, see runAll).
  const ran = new Map<
    ArgCase,
    { repo: string; outside: string; args: string[]; head: string; before: Map<string, string>; r: Ran }
  >();
  beforeAll(async () => {
    const prepared = corpus.args.map((c) => {
      const { repo, outside } = copy(`args-${c.args.join("-")}`.slice(0, 80));
      const before = snapshot(outside);
      const head = git(repo, ["rev-parse", "HEAD"]);
      const args = c.args.map((a) => a.replace("$OUTSIDE", outside));
      return { c, repo, outside, args, head, before };
    });
    const results = await runAll(
      prepared.map((p) => ({ cwd: p.repo, args: p.args, who: PEOPLE[p.c.as ?? "supervisor"] })),
    );
    prepared.forEach((p, i) => {
      ran.set(p.c, { ...p, r: results[i] });
    });
  });

  it.each(corpus.args.map((c) => [c.args.join(" "), c] as const))(
    "svc %s is refused, bounded, and writes nothing",
    (_name, c) => {
      const { repo, outside, args, head, before, r } = ran.get(c)!;
      expectSane(r, `svc ${args.join(" ")} (${c.why})`);
      if (c.code === undefined) expect([1, 2], `${c.why}\n${r.stderr}`).toContain(r.code);
      else expect(r.code, `${c.why}\n${r.stderr}`).toBe(c.code);
      expect(snapshot(outside)).toEqual(before);
      expect(git(repo, ["rev-parse", "HEAD"])).toBe(head);
      expect(git(repo, ["status", "--porcelain", "--", ":!out"])).toBe("");
      expect(r.stdout + r.stderr).not.toContain(CANARY);
    },
  );
});
