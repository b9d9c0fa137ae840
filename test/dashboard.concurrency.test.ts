// Two `svc dashboard` runs into one site folder at the same moment (issue 17, "a second svc at the
// same moment"): the second waits for the first (a lock per site folder in .git/svc/, the store's
// O_EXCL lock with the owner's pid), so both succeed and the site's manifest lists every page —
// a third run finds nothing to write. A lock left by a killed run (a dead pid) is taken over.
import { spawn } from "node:child_process";
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { BIN, cleanup, env, type RunResult, SUP, sampleRepo } from "./helpers.ts";

const NOW = { SVC_NOW: "2026-11-30T18:00:00+08:00" };
let dir: string;
beforeAll(() => {
  dir = sampleRepo();
});
afterAll(() => cleanup(dir));

function dashboard(): Promise<RunResult> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, "dashboard", "--out", "out/site", "--json"], {
      cwd: dir,
      env: env(SUP, NOW),
    });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (b) => {
      stdout += b;
    });
    p.stderr.on("data", (b) => {
      stderr += b;
    });
    p.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

it("two builds at once both succeed, one after the other; the next writes nothing", async () => {
  const [a, b] = await Promise.all([dashboard(), dashboard()]);
  expect([a.code, b.code], a.stderr + b.stderr).toEqual([0, 0]);
  const [ja, jb] = [JSON.parse(a.stdout), JSON.parse(b.stdout)];
  // one wrote the site, the other (after it) found every page as written
  expect([ja.written, jb.written].sort((x, y) => x - y)[0]).toBe(0);
  const again = JSON.parse((await dashboard()).stdout);
  expect(again.written).toBe(0);
  expect(again.unchanged).toBe(again.pages);
}, 120_000);

it("a lock left by a killed build (its process gone) is taken over", async () => {
  const locks = join(dir, ".git", "svc");
  const lock = readdirSync(locks).filter((f) => f.startsWith("dashboard-") && f.endsWith(".lock"));
  expect(lock).toEqual([]); // released after each build
  // the lock of this site folder, as a build killed before releasing it leaves it
  const { createHash } = await import("node:crypto");
  const key = createHash("sha256")
    .update(join(dir, "out", "site"))
    .digest("hex")
    .slice(0, 16);
  writeFileSync(join(locks, `dashboard-${key}.lock`), "svc 999999\n");
  const r = await dashboard();
  expect(r.code, r.stderr).toBe(0);
  expect(readdirSync(locks).filter((f) => f.startsWith("dashboard-"))).toEqual([]);
}, 120_000);
