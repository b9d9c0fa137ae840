// Many users (issue 5, test 1): clones of one bare remote run open / sign / assign / site / approve /
// close cycles concurrently, syncing after each cycle. Afterwards the remote holds every notice, no id
// twice, and `svc check --history` is clean. Plus: a conflict on the same record is reported with both
// versions and loses nothing.
//
// Size: SVC_STRESS=full runs the 10 clones × 20 cycles (minutes on 2 cores: ~1,400 svc
// processes); the default is 3 clones × 2 cycles, which exercises the same races (concurrent pushes,
// rebase, retry) in CI time. SVC_STRESS_CLONES / SVC_STRESS_CYCLES override either.
import { spawn, spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  BIN,
  cleanup,
  ENG,
  ENG2,
  env,
  freshRepo,
  GM,
  type Identity,
  SALES,
  SUP,
  svc,
  tempDir,
} from "./helpers.ts";

const FULL = process.env.SVC_STRESS === "full";
const CLONES = Number(process.env.SVC_STRESS_CLONES ?? (FULL ? 10 : 3));
const CYCLES = Number(process.env.SVC_STRESS_CYCLES ?? (FULL ? 20 : 2));

function run(
  cwd: string,
  args: string[],
  who: Identity,
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: env(who) });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.stderr.on("data", (d) => {
      err += d;
    });
    child.on("close", (code) => resolve({ code, out, err }));
  });
}

async function must(cwd: string, args: string[], who: Identity): Promise<Record<string, unknown>> {
  const r = await run(cwd, [...args, "--json"], who);
  if (r.code !== 0) throw new Error(`svc ${args.join(" ")} (${r.code}): ${r.err}${r.out}`);
  return JSON.parse(r.out);
}

const gitIn = (cwd: string, args: string[], who: Identity = SUP) => {
  const r = spawnSync("git", args, { cwd, env: env(who), encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
};

function listIds(dir: string, folder: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name.endsWith(".yaml")) out.push(e.name.slice(0, -5));
    }
  };
  walk(join(dir, folder));
  return out;
}

/** A bare remote seeded with a fresh records repository (roster included), and `n` clones of it. */
function setup(n: number): { base: string; remote: string; clones: string[]; seed: string } {
  const base = tempDir("svc-sync-");
  const remote = join(base, "remote.git");
  gitIn(base, ["init", "-q", "--bare", "-b", "main", remote]);
  const seed = freshRepo();
  gitIn(seed, ["branch", "-M", "main"]);
  gitIn(seed, ["remote", "add", "origin", remote]);
  gitIn(seed, ["push", "-q", "-u", "origin", "main"]);
  const clones = Array.from({ length: n }, (_, i) => {
    const dir = join(base, `clone${i}`);
    gitIn(base, ["clone", "-q", remote, dir]);
    return dir;
  });
  return { base, remote, clones, seed };
}

describe("svc sync between clones", () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) cleanup(d);
  });

  it(`${CLONES} clones × ${CYCLES} cycles concurrently: every notice arrives once, history clean`, async () => {
    const { base, clones, seed } = setup(CLONES);
    dirs.push(base, seed);
    const opened: string[] = [];
    const cycle = async (dir: string, k: number, i: number) => {
      const n = await must(
        dir,
        [
          "open",
          "--customer",
          `客户${k}`,
          "--contact",
          "刘工",
          "--phone",
          "13800000000",
          "--type",
          "维修",
          "--priority",
          "一般",
          "--content",
          `第 ${k}-${i} 单`,
        ],
        SALES,
      );
      const notice = String(n.id);
      opened.push(notice);
      await must(dir, ["sign", notice], GM);
      const a = await must(
        dir,
        [
          "assign",
          notice,
          "--to",
          k % 2 ? "lisi" : "zhangsan",
          "--solution",
          "更换模块",
          "--estimate",
          "2030-01-01 18:00",
        ],
        SUP,
      );
      const letter = String(a.id);
      const eng = k % 2 ? ENG2 : ENG;
      await must(dir, ["site", letter, "--matches"], eng);
      await must(dir, ["approve", letter], SUP);
      await must(dir, ["close", letter, "--rating", "态度=优,水平=良,结果=良", "--signed-by", "刘工"], eng);
      await must(dir, ["sync", "--retries", "60"], SUP);
    };
    await Promise.all(
      clones.map(async (dir, k) => {
        for (let i = 0; i < CYCLES; i++) await cycle(dir, k, i);
      }),
    );
    // A last round so every clone has everything, then look at the remote through a fresh clone.
    for (const dir of clones) await must(dir, ["sync", "--retries", "60"], SUP);
    const check = join(base, "final");
    gitIn(base, ["clone", "-q", join(base, "remote.git"), check]);
    const notices = listIds(check, "notices");
    expect(notices.length).toBe(CLONES * CYCLES);
    expect(new Set(notices).size).toBe(notices.length);
    expect(new Set(notices)).toEqual(new Set(opened));
    const letters = listIds(check, "letters");
    expect(new Set(letters).size).toBe(CLONES * CYCLES);
    const r = svc(check, ["check", "--history", "--json"], SUP);
    const report = JSON.parse(r.stdout);
    expect(report.errors, JSON.stringify(report.findings, null, 1)).toBe(0);
    expect(r.code).toBe(0);
    // Linear history: rebased, never merged.
    expect(gitIn(check, ["rev-list", "--merges", "--count", "HEAD"]).trim()).toBe("0");
    // Every clone ends up identical to the remote.
    const head = gitIn(check, ["rev-parse", "HEAD"]).trim();
    for (const dir of clones) expect(gitIn(dir, ["rev-parse", "HEAD"]).trim()).toBe(head);
  }, 600_000);

  it("the same record changed in two clones: a conflict report with both versions, nothing lost", () => {
    const { base, clones, seed } = setup(2);
    dirs.push(base, seed);
    const [a, b] = clones;
    expect(svc(a, ["people", "edit", "zhangsan", "--region", "华北"], SUP).code).toBe(0);
    expect(svc(a, ["sync"], SUP).code).toBe(0);
    expect(svc(b, ["people", "edit", "zhangsan", "--region", "西南"], SUP).code).toBe(0);
    // A different record in the same sync goes through untouched by the conflict.
    const before = gitIn(b, ["rev-parse", "HEAD"]).trim();
    const r = svc(b, ["sync"], SUP);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("people/zhangsan.yaml");
    expect(r.stdout).toContain("region: 华北");
    expect(r.stdout).toContain("region: 西南");
    expect(r.stderr).not.toMatch(/\n\s+at /);
    // Nothing lost, nothing half-done: the local commit is still HEAD, the tree is clean, no rebase.
    expect(gitIn(b, ["rev-parse", "HEAD"]).trim()).toBe(before);
    expect(gitIn(b, ["status", "--porcelain"])).toBe("");
    expect(gitIn(b, ["show", "HEAD:people/zhangsan.yaml"])).toContain("西南");
    // The repository stays usable: svc works, and the other clone's different record syncs fine.
    expect(svc(b, ["check"], SUP).code).toBe(0);
    expect(svc(a, ["people", "edit", "lisi", "--region", "华中"], SUP).code).toBe(0);
    const ok = svc(a, ["sync", "--json"], SUP);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).outgoing).toHaveLength(1);
  }, 120_000);

  it("different records changed in two clones never conflict", () => {
    const { base, clones, seed } = setup(2);
    dirs.push(base, seed);
    const [a, b] = clones;
    expect(svc(a, ["people", "edit", "zhangsan", "--region", "华北"], SUP).code).toBe(0);
    expect(svc(b, ["people", "edit", "lisi", "--region", "西南"], SUP).code).toBe(0);
    expect(svc(a, ["sync"], SUP).code).toBe(0);
    const r = svc(b, ["sync"], SUP);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("people edit zhangsan");
    expect(svc(a, ["sync"], SUP).code).toBe(0);
    expect(gitIn(a, ["rev-parse", "HEAD"])).toBe(gitIn(b, ["rev-parse", "HEAD"]));
    expect(gitIn(a, ["show", "HEAD:people/lisi.yaml"])).toContain("西南");
  }, 120_000);

  it("no remote: exit 2 with a message", () => {
    const dir = freshRepo();
    dirs.push(dir);
    const r = svc(dir, ["sync"], SUP);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/远程|remote/);
  });
});
