// Crash safety (issue 5, test 2): a mutating svc killed with SIGKILL at a random point leaves the
// repository valid (`svc check`, `git fsck`), with no partial or stray file, and the action either
// wholly there or wholly absent. Recovery is whatever the next svc run does (here: `svc check`).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, cleanup, env, freshRepo, SUP } from "./helpers.ts";

// At least the 50 trials; SVC_CRASH_TRIALS may only raise it.
const TRIALS = Math.max(50, Number(process.env.SVC_CRASH_TRIALS ?? 50));

/** svc without blocking the event loop (the other lane's kill timers must keep firing). */
function run(cwd: string, args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: env(SUP) });
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.stderr.on("data", (d) => {
      out += d;
    });
    child.on("close", (code) => resolve({ code, out }));
  });
}

/** Starts svc and kills it with SIGKILL after `delay` ms (if still running). */
function killAfter(
  cwd: string,
  args: string[],
  delay: number,
): Promise<{ killed: boolean; code: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: env(SUP), stdio: "ignore" });
    const timer = setTimeout(() => child.kill("SIGKILL"), delay);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ killed: signal === "SIGKILL", code });
    });
  });
}

const gitOut = (cwd: string, args: string[]) =>
  spawnSync("git", args, { cwd, env: env(SUP), encoding: "utf8" });

describe("SIGKILL at random points", () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) cleanup(d);
  });

  it(`${TRIALS} trials: valid repository, no partial file, all or nothing`, async () => {
    // Two repositories side by side use both cores; each runs its trials one after another.
    const lanes = 2;
    const perLane = Math.ceil(TRIALS / lanes);
    const outcomes = { present: 0, absent: 0 };
    const lane = async (laneNo: number) => {
      const dir = freshRepo();
      dirs.push(dir);
      // How long a mutating command takes here: kills are spread over that window (at least 0–150 ms),
      // so that they land before, inside and after the commit.
      const t0 = Date.now();
      expect(
        (
          await run(dir, [
            "people",
            "add",
            `warm${laneNo}`,
            "--name",
            "预热",
            "--role",
            "engineer",
            "--email",
            `warm${laneNo}@example.com`,
          ])
        ).code,
      ).toBe(0);
      const window = Math.max(150, (Date.now() - t0) * 1.2);
      for (let i = 0; i < perLane; i++) {
        const id = `p${laneNo}x${i}`;
        // Every other trial aims at the second half of the run, where the commit happens.
        const delay = Math.floor(i % 2 ? Math.random() * window : window * (0.5 + Math.random() * 0.6));
        const r = await killAfter(
          dir,
          ["people", "add", id, "--name", `人员${i}`, "--role", "engineer", "--email", `${id}@example.com`],
          delay,
        );
        // Recovery: the next svc run finishes (or drops) the interrupted action; then the repository is valid.
        const check = await run(dir, ["check"]);
        expect(check.code, `trial ${id} (delay ${delay} ms): ${check.out}`).toBe(0);
        const status = gitOut(dir, ["status", "--porcelain", "--untracked-files=all"]).stdout;
        expect(status, `trial ${id}: stray or uncommitted files`).toBe("");
        const file = `people/${id}.yaml`;
        const inHead = gitOut(dir, ["cat-file", "-e", `HEAD:${file}`]).status === 0;
        const onDisk = existsSync(join(dir, file));
        expect(onDisk, `trial ${id}: work tree and HEAD disagree`).toBe(inHead);
        if (!r.killed) expect(inHead).toBe(r.code === 0);
        if (inHead) {
          expect(gitOut(dir, ["log", "-1", "--format=%ae%n%s", "--", file]).stdout).toBe(
            `${SUP.email}\npeople add ${id}: 人员${i}\n`,
          );
          outcomes.present++;
        } else outcomes.absent++;
        expect(existsSync(join(dir, ".git", "svc-pending.json"))).toBe(false);
        expect(existsSync(join(dir, ".git", "index.lock"))).toBe(false);
        // …and git's own store is whole after every kill, not only at the end.
        const fsck = gitOut(dir, ["fsck", "--no-progress", "--no-dangling"]);
        expect(fsck.status, `trial ${id}: ${fsck.stderr}`).toBe(0);
      }
      const fsck = gitOut(dir, ["fsck", "--no-progress"]);
      expect(fsck.status, fsck.stderr).toBe(0);
      expect((await run(dir, ["check"])).code).toBe(0);
    };
    await Promise.all(Array.from({ length: lanes }, (_, i) => lane(i)));
    expect(outcomes.present + outcomes.absent).toBe(lanes * perLane);
    console.log(`crash trials: ${outcomes.present} committed, ${outcomes.absent} absent`);
  }, 180_000);
});

describe("SIGKILL at each step of a commit (fault injection)", () => {
  let dir: string;
  afterAll(() => cleanup(dir));

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
  }, 60_000);
});
