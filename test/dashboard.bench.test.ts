// Issue 17: the bench's rows for `svc dashboard` (bench/dashboard.mjs) cannot rot — run once, one run
// each, on a copy of the sample department: the full build and its peak memory, the incremental build
// after one commit, the department page's size, the browser's interactive time (when Chromium is
// there). No timing assertions (the figures are for `npm run bench`); the repository is left as it was.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error — plain ESM JavaScript without types
import { met, table } from "../bench/run.mjs";
import { CHROMIUM } from "./dashboard.browser-kit.ts";
import { cleanup, git, ROOT, sampleRepo, tempDir } from "./helpers.ts";

interface Row {
  figure: string;
  svc?: number;
  unit?: string;
  note?: string;
  target?: Record<string, number>;
}

describe("bench: svc dashboard rows (issue 17)", () => {
  const dir = sampleRepo();
  afterAll(() => cleanup(dir));

  it("issue 17: full build, its memory, incremental after one commit, page size, interactive in Chromium", async () => {
    const head = git(dir, ["rev-parse", "HEAD"]).trim();
    // As `npm run bench` runs them: bench/run.mjs as the main module (its top-level await importing
    // bench/dashboard.mjs, which imported run.mjs back — node exited 13 there, with no table).
    const gen = {
      supervisor: { name: "王志强", email: "wangzhiqiang@dfzk.example.com" },
      customer: "hz-xinghua",
      records: 0,
      commits: 1,
      history: "months",
    };
    writeFileSync(join(dir, ".git", "svc-bench.json"), JSON.stringify(gen));
    const json = join(tempDir(), "bench.json");
    const r = spawnSync(
      process.execPath,
      [join(ROOT, "bench", "run.mjs"), "--dir", dir, "--only", "svc dashboard", "--quick", "--json", json],
      { cwd: ROOT, encoding: "utf8" },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("svc dashboard (full build");
    const rows = (JSON.parse(readFileSync(json, "utf8")) as { rows: Row[] }).rows;
    const by = new Map(rows.map((r) => [r.figure.replace(/ \(.*$|: .*$/, ""), r]));
    const full = rows.find((r) => r.figure.startsWith("svc dashboard (full build,"));
    expect(full?.figure).toMatch(/full build, \d+ pages/);
    expect(full?.svc).toBeGreaterThan(0);
    expect(full?.target).toEqual({ abs: 20_000 });
    const mem = by.get("peak memory of svc dashboard");
    expect(mem?.svc).toBeGreaterThan(10);
    expect(mem?.target).toEqual({ absMB: 500 });
    const inc = rows.find((r) => r.figure.startsWith("svc dashboard (incremental"));
    expect(inc?.figure).toMatch(/写入 \d+ 页，未变 [\d,]+ 页/); // what it said it rewrote
    expect(inc?.svc).toBeGreaterThan(0);
    expect(inc?.target).toEqual({ abs: 2000 });
    const page = rows.find((r) => r.figure.startsWith("the department page (index.html)"));
    expect(page?.unit).toBe("KB");
    expect(page?.svc).toBeGreaterThan(1);
    expect(met(page)).toBe(true); // the sample's page is far below 300 KB
    const browser = rows.filter((r) => r.figure.startsWith("the department page: navigation"));
    if (CHROMIUM) {
      expect(browser).toHaveLength(2);
      for (const r of browser) {
        expect(r.note, r.figure).toBeUndefined();
        expect(r.svc, r.figure).toBeGreaterThan(0);
      }
    }
    for (const r of rows) if (!r.figure.includes("Chromium")) expect(r.note, r.figure).toBeUndefined();
    expect(table({ machine: { runs: 1 }, rows: rows.map((r) => ({ ...r, met: met(r) })) })).toContain(
      "≤ 300 KB",
    );
    // The repository as it was: the edit's commit reset, the site removed.
    expect(git(dir, ["rev-parse", "HEAD"]).trim()).toBe(head);
    expect(git(dir, ["status", "--porcelain"]).trim()).toBe("");
    expect(existsSync(join(dir, "out", "dashboard"))).toBe(false);
  });
});
