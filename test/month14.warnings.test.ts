// Issue 13, the smaller things a new department hits at once: `svc assign --estimate` in the past
// warns; December's payroll needs pay.bonus.pools, and `svc check` says so from two months ahead of each
// half-year bonus month (April for June, October for December).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setEnglish } from "../src/core/i18n.ts";
import { missingBonusPools } from "../src/domain/bonus-pools.ts";
import { applyDefaults } from "../src/schemas/defaults.ts";
import type { Person } from "../src/schemas/index.ts";
import { cleanup, freshRepo, GM, git, SUP, svcIn, tempDir } from "./helpers.ts";

beforeAll(() => setEnglish(false));

const eng = (id: string, region?: string, active = true): Person => ({
  kind: "person",
  id,
  name: id,
  roles: ["engineer"],
  email: `${id}@example.com`,
  ...(region ? { region } : {}),
  ...(active ? {} : { active: false }),
});

describe("issue 13: half-year bonus month needs pay.bonus.pools (pure)", () => {
  const people = [eng("a", "华东"), eng("b", "华南"), eng("c"), eng("gone", "西北", false)];
  const bare = applyDefaults({ department: "x" } as never);

  it("warns from April for June and from October for December, through the bonus month", () => {
    expect(missingBonusPools(bare, people, "2026-03")).toEqual([]);
    expect(missingBonusPools(bare, people, "2026-04")).toEqual([
      { month: "2026-06", regions: ["华南", "华东"].sort(), noRegion: ["c"] },
    ]);
    expect(missingBonusPools(bare, people, "2026-06").map((m) => m.month)).toEqual(["2026-06"]);
    expect(missingBonusPools(bare, people, "2026-07")).toEqual([]);
    expect(missingBonusPools(bare, people, "2026-09")).toEqual([]);
    expect(missingBonusPools(bare, people, "2026-10").map((m) => m.month)).toEqual(["2026-12"]);
    expect(missingBonusPools(bare, people, "2026-12").map((m) => m.month)).toEqual(["2026-12"]);
  });

  it("names only the regions without a pool, in the bonus month's settings (revisions count)", () => {
    const some = applyDefaults({ department: "x", pay: { bonus: { pools: { 华东: 6000 } } } } as never);
    expect(missingBonusPools(some, [eng("a", "华东"), eng("b", "华南")], "2026-11")).toEqual([
      { month: "2026-12", regions: ["华南"], noRegion: [] },
    ]);
    const later = applyDefaults({
      department: "x",
      revisions: [{ from: "2026-12", set: { pay: { bonus: { pools: { 华东: 1, 华南: 2 } } } } }],
    } as never);
    expect(missingBonusPools(later, [eng("a", "华东"), eng("b", "华南")], "2026-10")).toEqual([]);
    expect(missingBonusPools(bare, [], "2026-10")).toEqual([]); // nobody to pay yet
  });
});

describe("issue 13: svc init, svc check and svc assign say it", () => {
  it("svc init says the half-year bonus needs pay.bonus.pools", async () => {
    const d = tempDir();
    const r = await svcIn(d, ["init", ".", "--daily-rate", "80"], SUP);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      "半年奖金（6、12 月）按各区域的奖金基数发放：请在 svc.yaml 的 pay.bonus.pools 填写",
    );
    cleanup(d);
  });

  let dir: string;
  beforeAll(() => {
    dir = freshRepo();
    // freshRepo sets the pools; this test is about a department that has not yet.
    const cfg = join(dir, "svc.yaml");
    writeFileSync(cfg, readFileSync(cfg, "utf8").replace(/^( {4}pools:) \{[^}]*\}/m, "$1 {}"));
    git(dir, ["commit", "-q", "-am", "no pools yet"], SUP);
  });
  afterAll(() => cleanup(dir));

  const poolFindings = async (now: string) => {
    const r = await svcIn(dir, ["check", "--json"], SUP, { SVC_NOW: now });
    expect(r.code, r.stderr).toBe(0); // a warning, not an error
    return JSON.parse(r.stdout).findings.filter((f: { rule: string }) => f.rule === "config-bonus-pools");
  };

  it("svc check warns in October about December's pools, not in September; quiet once set", async () => {
    expect(await poolFindings("2026-09-30T12:00:00+08:00")).toEqual([]);
    const oct = await poolFindings("2026-10-01T09:00:00+08:00");
    expect(oct).toHaveLength(1);
    expect(oct[0]).toMatchObject({ file: "svc.yaml", severity: "warning" });
    expect(oct[0].message).toContain("半年奖金月 2026-12 需要 pay.bonus.pools 中这些区域的奖金基数：华东");
    const file = join(dir, "svc.yaml");
    const people = await svcIn(dir, ["people", "list", "--json"], SUP);
    const regions = [
      ...new Set(
        (JSON.parse(people.stdout) as { roles: string[]; region?: string }[])
          .filter((p) => p.roles.includes("engineer") && p.region)
          .map((p) => p.region),
      ),
    ];
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace(
        /pools: \{\}/,
        `pools: { ${regions.map((r) => `${r}: 5000`).join(", ")} }`,
      ),
    );
    git(dir, ["commit", "-q", "-am", "pools"], SUP);
    expect(await poolFindings("2026-10-01T09:00:00+08:00")).toEqual([]);
  });

  it("svc assign --estimate in the past: assigned, with a warning naming both times", async () => {
    const NOW = { SVC_NOW: "2026-12-01T10:00:00+08:00" };
    const opened = await svcIn(
      dir,
      [
        "open",
        "--customer",
        "某某电厂",
        "--contact",
        "刘工",
        "--phone",
        "13800000000",
        "--type",
        "维修",
      ].concat(["--priority", "紧急", "--content", "停机", "--region", "华东", "--json"]),
      SUP,
      NOW,
    );
    expect(opened.code, opened.stderr).toBe(0);
    const notice = JSON.parse(opened.stdout).id as string;
    expect((await svcIn(dir, ["sign", notice], GM, NOW)).code).toBe(0);
    const r = await svcIn(
      dir,
      ["assign", notice, "--to", "zhangsan", "--estimate", "2026-11-30 18:00", "--json"],
      SUP,
      NOW,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).warnings).toEqual(["estimate-past"]);
    expect(r.stderr).toMatch(/--estimate 2026-11-30 18:00 不晚于派工时间 2026-12-01 10:00/);
    const notice2 = JSON.parse(
      (
        await svcIn(
          dir,
          [
            "open",
            "--customer",
            "某某电厂",
            "--contact",
            "刘工",
            "--phone",
            "13800000000",
            "--type",
            "维修",
            "--priority",
            "一般",
            "--content",
            "巡检",
            "--region",
            "华东",
            "--json",
          ],
          SUP,
          NOW,
        )
      ).stdout,
    ).id;
    expect((await svcIn(dir, ["sign", notice2], GM, NOW)).code).toBe(0);
    const ok = await svcIn(
      dir,
      ["assign", notice2, "--to", "zhangsan", "--estimate", "2026-12-03 18:00"],
      SUP,
      NOW,
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).not.toContain("--estimate");
  });
});
