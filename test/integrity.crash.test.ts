// Crash safety (issue 5, test 2): a mutating svc killed with SIGKILL leaves the repository valid,
// with no partial or stray file, and the action either wholly there or wholly absent. Here a few
// random kills (the 50 are `npm run stress`, test/stress/crash.stress.ts) and a kill at each
// step of a commit.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, cleanup, env, freshRepo, SUP } from "./helpers.ts";
import { gitOut, killTrials, run } from "./stress/crash.ts";

const SMOKE = { trials: 6, seed: 20261201 };

describe("SIGKILL at random points", () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) cleanup(d);
  });

  it(`smoke of the kill trials: ${SMOKE.trials} trials, valid repository, no partial file, all or nothing`, () =>
    killTrials(SMOKE, dirs));
});

describe("SIGKILL at each step of a commit (fault injection)", () => {
  let dir: string;
  let undone: string | undefined;
  afterAll(() => {
    cleanup(dir);
    if (undone) cleanup(undone);
  });

  it("killed after the journal: absent; after the ref moved, the files were written or while svc held git's index lock: wholly there", async () => {
    dir = freshRepo();
    const cases: [string, boolean][] = [
      ["journal", false],
      ["ref", true],
      ["files", true],
      ["index", true],
    ];
    for (const [point, present] of cases) {
      const id = `crash-${point}`;
      const r = await new Promise<string | null>((resolve) => {
        const child = spawn(
          process.execPath,
          [BIN, "people", "add", id, "--name", "崩溃", "--role", "engineer", "--email", `${id}@example.com`],
          { cwd: dir, env: env(SUP, { SVC_CRASH_AT: point }), stdio: "ignore" },
        );
        child.on("exit", (_code, signal) => resolve(signal));
      });
      expect(r, point).toBe("SIGKILL");
      // Before recovery the journal is there; the next svc run finishes or drops the action.
      expect(existsSync(join(dir, ".git", "svc-pending.json")), point).toBe(true);
      if (point === "index")
        expect(readFileSync(join(dir, ".git", "index.lock"), "utf8")).toMatch(/^svc \d+\n$/);
      const check = await run(dir, ["check"]);
      expect(check.code, `${point}: ${check.out}`).toBe(0);
      expect(existsSync(join(dir, ".git", "svc-pending.json"))).toBe(false);
      expect(existsSync(join(dir, ".git", "index.lock")), point).toBe(false);
      const inHead = gitOut(dir, ["cat-file", "-e", `HEAD:people/${id}.yaml`]).status === 0;
      expect(inHead, point).toBe(present);
      expect(existsSync(join(dir, `people/${id}.yaml`)), point).toBe(present);
      expect(gitOut(dir, ["status", "--porcelain", "--untracked-files=all"]).stdout, point).toBe("");
    }
    expect(gitOut(dir, ["fsck", "--no-progress"]).status).toBe(0);
  });

  it("killed after the ref moved, then a plain git commit before the next svc: that commit undoes svc's change, and the next svc says so (found by attack: the journal was dropped silently)", async () => {
    const dir = freshRepo();
    undone = dir;
    const id = "crash-undone";
    const signal = await new Promise<string | null>((resolve) => {
      const child = spawn(
        process.execPath,
        [BIN, "people", "add", id, "--name", "崩溃", "--role", "engineer", "--email", `${id}@example.com`],
        { cwd: dir, env: env(SUP, { SVC_CRASH_AT: "ref" }), stdio: "ignore" },
      );
      child.on("exit", (_code, s) => resolve(s));
    });
    expect(signal).toBe("SIGKILL");
    const svcCommit = gitOut(dir, ["rev-parse", "HEAD"]).stdout.trim();
    // the person commits something of his own: git's index still lacks svc's new file
    const commit = gitOut(dir, ["commit", "-q", "--allow-empty", "-m", "my own change"]);
    expect(commit.status, commit.stderr).toBe(0);
    expect(gitOut(dir, ["cat-file", "-e", `HEAD:people/${id}.yaml`]).status).not.toBe(0);
    const check = await run(dir, ["check"]);
    expect(check.code, check.out).toBe(0);
    expect(check.out).toContain(`svc 的提交 ${svcCommit.slice(0, 10)} 被中断`);
    expect(check.out).toContain(`git checkout ${svcCommit.slice(0, 10)} -- people/${id}.yaml`);
    expect(existsSync(join(dir, ".git", "svc-pending.json"))).toBe(false);
    // told once: the journal is gone, the next run is quiet
    expect((await run(dir, ["check"])).out).not.toContain("被中断");
  });
});
