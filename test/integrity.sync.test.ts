// Many users (issue 5, test 1): clones of one bare remote run open / sign / assign / site / approve /
// close cycles concurrently, syncing as they go; every notice arrives once and `svc check --history`
// is clean (test/stress/sync.ts). Here a small size, every change of the stress still exercised
// (concurrent pushes, rebases, the last round); the 10 clones × 20 cycles is `npm run stress`
// (test/stress/sync.stress.ts). Plus: a conflict on the same record is reported with both versions
// and loses nothing.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cleanup, ENG, env, freshRepo, GM, openNotice, SALES, SUP, svcIn } from "./helpers.ts";
import { gitIn, setup, syncStress } from "./stress/sync.ts";

const SMOKE = { clones: 3, cycles: 2, every: 1 };

/**
 * Two clones that changed the same record: a's change (region 华北) is on the remote, b's (西南) is
 * committed locally, not yet synced.
 */
async function sameRecordChangedInTwoClones(cleanupLater: string[]): Promise<[string, string]> {
  const { base, clones, seed } = setup(2);
  cleanupLater.push(base, seed);
  const [a, b] = clones;
  expect((await svcIn(a, ["people", "edit", "zhangsan", "--region", "华北"], SUP)).code).toBe(0);
  expect((await svcIn(a, ["sync"], SUP)).code).toBe(0);
  expect((await svcIn(b, ["people", "edit", "zhangsan", "--region", "西南"], SUP)).code).toBe(0);
  return [a, b];
}

describe("svc sync between clones", () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) cleanup(d);
  });

  it(
    `smoke of the sync stress: ${SMOKE.clones} clones × ${SMOKE.cycles} cycles concurrently, syncing every ${SMOKE.every}: every notice arrives once, history clean`,
    () => syncStress(SMOKE, dirs),
    150_000,
  ); // processes racing by design (not svcIn): 44–46 s with two suites side by side at load 15

  it("the same record changed in two clones: a conflict report with both versions, nothing lost", async () => {
    const [a, b] = await sameRecordChangedInTwoClones(dirs);
    // A different record in the same sync goes through untouched by the conflict.
    const before = gitIn(b, ["rev-parse", "HEAD"]).trim();
    const r = await svcIn(b, ["sync"], SUP);
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
    expect((await svcIn(b, ["check"], SUP)).code).toBe(0);
    expect((await svcIn(a, ["people", "edit", "lisi", "--region", "华中"], SUP)).code).toBe(0);
    const ok = await svcIn(a, ["sync", "--json"], SUP);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).outgoing).toHaveLength(1);
  });

  it("a sync killed mid-rebase is undone by the next one; someone's own rebase is left to them", async () => {
    const [, b] = await sameRecordChangedInTwoClones(dirs);
    const mine = gitIn(b, ["rev-parse", "HEAD"]).trim();
    gitIn(b, ["fetch", "-q", "origin"]);
    // A rebase stopped half-way (what a SIGKILL during svc sync's rebase leaves): HEAD detached.
    const rb = spawnSync("git", ["rebase", "origin/main"], { cwd: b, env: env(SUP), encoding: "utf8" });
    expect(rb.status).not.toBe(0);
    const own = await svcIn(b, ["sync"], SUP);
    expect(own.code).toBe(1);
    expect(own.stderr).toMatch(/rebase/);
    // The same state, marked as svc's own: the next sync undoes it and reports the conflict.
    writeFileSync(join(b, ".git", "svc-sync-rebase"), "refs/remotes/origin/main\n");
    const r = await svcIn(b, ["sync"], SUP);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("people/zhangsan.yaml");
    expect(gitIn(b, ["rev-parse", "HEAD"]).trim()).toBe(mine);
    expect(gitIn(b, ["symbolic-ref", "--short", "HEAD"]).trim()).toBe("main");
    expect(gitIn(b, ["status", "--porcelain"])).toBe("");
  });

  it("different records changed in two clones never conflict", async () => {
    const { base, clones, seed } = setup(2);
    dirs.push(base, seed);
    const [a, b] = clones;
    expect((await svcIn(a, ["people", "edit", "zhangsan", "--region", "华北"], SUP)).code).toBe(0);
    expect((await svcIn(b, ["people", "edit", "lisi", "--region", "西南"], SUP)).code).toBe(0);
    expect((await svcIn(a, ["sync"], SUP)).code).toBe(0);
    const r = await svcIn(b, ["sync"], SUP);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("people edit zhangsan");
    expect((await svcIn(a, ["sync"], SUP)).code).toBe(0);
    expect(gitIn(a, ["rev-parse", "HEAD"])).toBe(gitIn(b, ["rev-parse", "HEAD"]));
    expect(gitIn(a, ["show", "HEAD:people/lisi.yaml"])).toContain("西南");
  });

  it("two clones assigning one notice: the second sync is refused, naming what would be wrong; nothing pushed, nothing lost (found by attack)", async () => {
    const { base, clones, seed } = setup(2);
    dirs.push(base, seed);
    const [a, b] = clones;
    const T0 = { SVC_NOW: "2026-11-23T09:00:00+08:00" };
    const T1 = { SVC_NOW: "2026-11-23T10:00:00+08:00" };
    const opened = await svcIn(a, [...openNotice({}, "--json")], SALES, T0);
    expect(opened.code, opened.stderr).toBe(0);
    const n = JSON.parse(opened.stdout).id as string;
    expect((await svcIn(a, ["sign", n, "--gm-absent"], SUP, T0)).code).toBe(0);
    expect((await svcIn(a, ["sync"], SUP, T0)).code).toBe(0);
    expect((await svcIn(b, ["sync"], SUP, T0)).code).toBe(0);
    const assign = (dir: string, to: string) =>
      svcIn(dir, ["assign", n, "--to", to, "--estimate", "2026-11-26 18:00"], SUP, T1);
    expect((await assign(a, "zhangsan")).code).toBe(0);
    expect((await assign(b, "lisi")).code).toBe(0);
    expect((await svcIn(a, ["sync"], SUP, T1)).code).toBe(0);
    const mine = gitIn(b, ["rev-parse", "HEAD"]);
    const r = await svcIn(b, ["sync"], SUP, T1);
    expect(r.code, r.stdout).toBe(1);
    expect(r.stderr).toContain(n);
    expect(r.stderr).toMatch(/未推送|nothing pushed/);
    expect(gitIn(b, ["rev-parse", "HEAD"])).toBe(mine); // b's assignment as it was
    expect(gitIn(b, ["status", "--porcelain"])).toBe("");
    expect(gitIn(a, ["ls-remote", "origin", "main"]).split("\t")[0].trim()).toBe(
      gitIn(a, ["rev-parse", "HEAD"]).trim(),
    );
  });

  it("a letter closed offline on 10-30, synced after the GM signed October: refused, nothing pushed, nothing lost (found by attack: it landed in the closed month and --history failed for good)", async () => {
    const { base, clones, seed } = setup(2);
    dirs.push(base, seed);
    const [a, b] = clones;
    const at = (day: string) => ({ SVC_NOW: `2026-${day}T10:00:00+08:00` });
    const ok = async (dir: string, who: typeof SUP, day: string, ...args: string[]) => {
      const r = await svcIn(dir, args, who, at(day));
      expect(r.code, `svc ${args.join(" ")}: ${r.stderr}`).toBe(0);
      return r;
    };
    const n = JSON.parse((await ok(a, SALES, "10-20", ...openNotice({}, "--json"))).stdout).id as string;
    await ok(a, GM, "10-20", "sign", n);
    const l = JSON.parse(
      (await ok(a, SUP, "10-20", "assign", n, "--to", "zhangsan", "--estimate", "2026-10-31 18:00", "--json"))
        .stdout,
    ).id as string;
    await ok(a, ENG, "10-21", "site", l, "--matches");
    await ok(a, ENG, "10-21", "solution", l, "更换电源模块");
    await ok(a, SUP, "10-21", "approve", l);
    await ok(a, SUP, "10-21", "sync");
    await ok(b, ENG, "10-22", "sync");
    // the engineer closes it offline; meanwhile the month is assessed and signed, and pushed
    await ok(b, ENG, "10-30", "close", l, "--rating", "态度=优,水平=优,结果=优", "--signed-by", "刘工");
    await ok(a, SUP, "11-03", "assess", "--month", "2026-10");
    await ok(a, GM, "11-03", "assess", "sign", "--month", "2026-10");
    await ok(a, SUP, "11-03", "sync");
    const mine = gitIn(b, ["rev-parse", "HEAD"]);
    const r = await svcIn(b, ["sync"], ENG, at("11-04"));
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stderr).toMatch(/提交历史不成立/);
    expect(r.stderr).toContain(l);
    expect(r.stderr).toContain("2026-10");
    expect(gitIn(b, ["rev-parse", "HEAD"])).toBe(mine); // the close as it was
    expect(gitIn(b, ["status", "--porcelain"])).toBe("");
    // nothing of b's on the remote: the remote's history stays clean
    expect(gitIn(b, ["ls-remote", "origin", "main"]).split("\t")[0].trim()).toBe(
      gitIn(a, ["rev-parse", "HEAD"]).trim(),
    );
  });

  it("no remote: exit 2 with a message", async () => {
    const dir = freshRepo();
    dirs.push(dir);
    const r = await svcIn(dir, ["sync"], SUP);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/远程|remote/);
  });
});
