// Issue 17: `npm start` also writes the sample department's dashboard into records/out/dashboard/ and
// prints the path of its index page. The package.json script is run as npm runs it (sh -c), in a
// folder laid out like the project — bin/ (the built svc) and records/ (a copy of the sample) — so
// the real records/ are never touched.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, renameSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cleanup, env, git, ROOT, sampleRepo } from "./helpers.ts";

describe("npm start (issue 17)", () => {
  const top = mkdtempSync(join(tmpdir(), "svc-npm-start-"));
  afterAll(() => cleanup(top));

  it("issue 17: npm start runs svc start, then writes records/out/dashboard/ and prints its index page", () => {
    const script = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).scripts.start as string;
    expect(script).toMatch(/ start && .* dashboard --out records\/out\/dashboard$/);
    renameSync(sampleRepo(), join(top, "records"));
    symlinkSync(join(ROOT, "bin"), join(top, "bin"));
    const r = spawnSync("sh", ["-c", script], {
      cwd: top,
      env: env(undefined, { SVC_NOW: "2026-11-30T18:00:00+08:00" }),
      encoding: "utf8",
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/检查了 \d+ 个记录文件：0 个错误/); // svc start ran first
    const index = join(top, "records", "out", "dashboard", "index.html");
    expect(existsSync(index)).toBe(true);
    expect(r.stdout.split("\n")).toContain("records/out/dashboard/index.html");
    expect(readFileSync(index, "utf8")).toContain('data-figure="onTime.rate"');
    // records/out/ stays ignored by git: the dashboard is output, never a record.
    expect(git(join(top, "records"), ["status", "--porcelain"])).toBe("");
  });
});
