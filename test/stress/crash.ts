// The random-kill trials (issue 5, test 2): a mutating svc killed with SIGKILL at a random point
// leaves the repository valid (`svc check`, `git status`, `git fsck` after every kill), with no
// partial or stray file, and the action either wholly there or wholly absent. Recovery is whatever
// the next svc run does (here: `svc check`). `npm test` runs a few trials
// (test/integrity.crash.test.ts), `npm run stress` the 50 (test/stress/crash.stress.ts).
// The kill delays come from a seeded generator: a failure names its seed and delay.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { BIN, env, freshRepo, SUP } from "../helpers.ts";

/** mulberry32: the same delays for the same seed. */
export function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** svc without blocking the event loop (the other lane's kill timers must keep firing). */
export function run(cwd: string, args: string[]): Promise<{ code: number | null; out: string }> {
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
export function killAfter(
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

export const gitOut = (cwd: string, args: string[]) =>
  spawnSync("git", args, { cwd, env: env(SUP), encoding: "utf8" });

/**
 * `trials` kills spread over two repositories side by side (one lane each); the repositories made
 * are pushed onto `dirs` (the caller removes them).
 */
export async function killTrials(
  { trials, seed }: { trials: number; seed: number },
  dirs: string[],
): Promise<void> {
  // Two repositories side by side use both cores; each runs its trials one after another.
  const lanes = 2;
  const perLane = Math.ceil(trials / lanes);
  const outcomes = { present: 0, absent: 0 };
  const lane = async (laneNo: number) => {
    const random = rng(seed + laneNo); // each lane its own sequence: the same delays whatever the timing
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
      const delay = Math.floor(i % 2 ? random() * window : window * (0.5 + random() * 0.6));
      const r = await killAfter(
        dir,
        ["people", "add", id, "--name", `人员${i}`, "--role", "engineer", "--email", `${id}@example.com`],
        delay,
      );
      // Recovery: the next svc run finishes (or drops) the interrupted action; then the repository is valid.
      const check = await run(dir, ["check"]);
      expect(check.code, `trial ${id} (seed ${seed} lane ${laneNo}, delay ${delay} ms): ${check.out}`).toBe(
        0,
      );
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
}
