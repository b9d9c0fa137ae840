// What the dashboard's incremental-build tests share (issue 17): a site's files, a build of the
// sample's November site, and where a site differs from a full build without any of svc's caches.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { expect } from "vitest";
import { SUP, svcIn, tempDir } from "./helpers.ts";

export const NOW = { SVC_NOW: "2026-12-01T09:00:00+08:00" };

/** Every file under `dir`, by its path from `dir`, as base64 (compared byte for byte). */
export function siteFiles(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p).toString("base64"));
    }
  };
  walk(dir);
  return out;
}

/** `svc dashboard --month 2026-11 --out OUT` on `repo`; the number of pages it says it wrote. */
export async function build(repo: string, out: string, env: NodeJS.ProcessEnv = {}) {
  const r = await svcIn(repo, ["dashboard", "--month", "2026-11", "--out", out], SUP, { ...NOW, ...env });
  expect(r.code, r.stderr).toBe(0);
  return /写入 (\d+) 页/.exec(r.stdout)?.[1];
}

/**
 * The files where `site` differs from a full build of the same records into a new folder without any
 * of svc's caches (SVC_CACHE=0: the parsed records, the trend, the charts, the walk of the commits).
 */
export async function differences(repo: string, site: string): Promise<string[]> {
  const fresh = join(tempDir(), "full");
  await build(repo, fresh, { SVC_CACHE: "0" });
  const [a, b] = [siteFiles(site), siteFiles(fresh)];
  const names = new Set([...a.keys(), ...b.keys()]);
  return [...names].filter((n) => a.get(n) !== b.get(n)).sort();
}
