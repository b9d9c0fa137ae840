// svcIn (test/helpers.ts) is svc without a process of its own — run in the worker's runner
// (test/fixtures/svc-runner.mjs): for the same argv, identity and env it gives what the subprocess
// gives — exit code, stdout, stderr, the commit written — one run after another in the same runner,
// each put back as it found it (env, cwd, argv, exit code, streams, exit and rejection handlers);
// and it leaves the test's process as it was.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cleanup, ENG, freshRepo, GM, git, runnerPid, SALES, SUP, svc, svcIn } from "./helpers.ts";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) cleanup(d);
});

const OPEN = [
  "open",
  "--customer",
  "acme",
  "--contact",
  "刘工",
  "--phone",
  "13800000000",
  "--type",
  "维修",
  "--priority",
  "一般",
  "--content",
  "PLC 故障",
];
const NOW = { SVC_NOW: "2026-11-23T09:00:00+08:00" };

describe("svcIn", () => {
  it("gives the subprocess's exit code, stdout and stderr: ok, refused, usage error, English, --json", async () => {
    const a = freshRepo();
    const b = freshRepo();
    dirs.push(a, b);
    const cases: [typeof SUP, string[], Record<string, string>][] = [
      [SUP, ["people", "list"], {}],
      [SUP, ["check"], {}],
      [SUP, ["check"], { LANG: "en_US.UTF-8" }],
      [ENG, ["people", "add", "x1", "--name", "某", "--role", "engineer", "--email", "x1@example.com"], {}],
      [SUP, ["frobnicate"], {}],
      [SUP, ["sign"], { LANG: "en_US.UTF-8" }],
      [GM, ["sign", "N-20261103-aaaaa"], {}],
      [SUP, ["people", "edit", "lisi", "--region", "华北", "--json"], NOW],
    ];
    for (const [who, args, extra] of cases) {
      const sub = svc(a, args, who, extra);
      const inp = await svcIn(b, args, who, extra);
      const same = (s: string) => s.replaceAll(a, "<dir>").replace(/"commit": "[0-9a-f]{40}"/, '"commit"');
      expect(
        { ...inp, stdout: same(inp.stdout.replaceAll(b, a)), stderr: same(inp.stderr.replaceAll(b, a)) },
        args.join(" "),
      ).toEqual({
        ...sub,
        stdout: same(sub.stdout),
        stderr: same(sub.stderr),
      });
    }
    expect(git(b, ["log", "-1", "--format=%ae %s"])).toBe(git(a, ["log", "-1", "--format=%ae %s"]));
  });

  it("commits as the identity given, one run after another, and leaves this process as it was", async () => {
    const dir = freshRepo();
    dirs.push(dir);
    const env = { ...process.env };
    const cwd = process.cwd();
    const argv = [...process.argv];
    const exitCode = process.exitCode;
    const listeners = () =>
      Object.fromEntries(process.eventNames().map((e) => [String(e), process.listenerCount(e)]));
    const before = listeners();
    const write = process.stdout.write;
    const opened = await svcIn(dir, [...OPEN, "--json"], SALES, NOW);
    expect(opened.code, opened.stderr).toBe(0);
    const id = JSON.parse(opened.stdout).id as string;
    expect((await svcIn(dir, ["sign", id], GM, NOW)).code).toBe(0);
    expect(git(dir, ["log", "-2", "--format=%ae %s"]).split("\n").slice(0, 2)).toEqual([
      `${GM.email} sign ${id}: 李总`,
      expect.stringMatching(new RegExp(`^${SALES.email} open ${id}: `)),
    ]);
    // A command that sets the exit code itself (check: 1 on a broken record), then one that succeeds.
    expect((await svcIn(dir, ["check", "no/such/file.yaml"], SUP)).code).not.toBe(0);
    expect((await svcIn(dir, ["check"], SUP)).code).toBe(0);
    expect(git(dir, ["status", "--porcelain"])).toBe("");
    expect(process.env).toEqual(env);
    expect(process.cwd()).toBe(cwd);
    expect(process.argv).toEqual(argv);
    expect(process.exitCode).toBe(exitCode);
    expect(listeners()).toEqual(before);
    expect(process.stdout.write).toBe(write);
  });

  it("answers once the command's work in the background has finished: a mutation refused right after it began preparing its commit leaves no git running and nothing in .git (issue 18)", async () => {
    const dir = freshRepo();
    dirs.push(dir);
    const children = (pid: number) =>
      readdirSync(`/proc/${pid}/task`).flatMap((task) =>
        readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").split(" ").filter(Boolean),
      );
    const before = readdirSync(join(dir, ".git")).sort();
    // `svc open` starts its commit's preparation (the committer asked of git, the private index
    // seeded) and, for a unit, the mentions index (saved when idle) before it knows whether `--as` is
    // allowed; the refusal comes while that is still under way.
    for (let i = 0; i < 5; i++) {
      const r = await svcIn(dir, [...OPEN, "--serial", "SN-1", "--as", "zhangsan"], SALES, NOW);
      expect(r.code, r.stderr).toBe(1);
      expect(children(runnerPid() as number)).toEqual([]);
      expect(readdirSync(join(dir, ".git")).sort()).toEqual(before);
    }
  });

  it("a runner that ended (killed) is replaced: the next run starts a new one", async () => {
    const dir = freshRepo();
    dirs.push(dir);
    expect((await svcIn(dir, ["people", "list"], SUP)).code).toBe(0);
    const first = runnerPid();
    expect(first).toBeGreaterThan(0);
    process.kill(first as number, "SIGKILL");
    await new Promise((r) => setTimeout(r, 200)); // its exit seen
    const again = await svcIn(dir, ["people", "list"], SUP);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("张三");
    expect(runnerPid()).not.toBe(first);
  });
});
