// What the dashboard's tests share (issue 17): a site's files, a build of the sample's November
// site, where a site differs from a full build without any of svc's caches, and the sample with that
// site built once per worker — read as it is, or copied with the caches its build left.
import { cpSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { expect } from "vitest";
import { SUP, sampleRepo, svcIn, tempDir } from "./helpers.ts";

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

/**
 * The sample with its November site built (`build()`: `svc dashboard --month 2026-11` at NOW, into
 * out/dashboard) and the caches that build left in .git/svc/cache — made once per worker process (a
 * global, not this module: the "svc-shared" workers run several of these files one after another).
 * Never written to: `sampleSite()` reads its site, `warmSample()` copies it.
 */
function builtSample(): Promise<string> {
  const g = globalThis as { svcBuiltSample?: Promise<string> };
  g.svcBuiltSample ??= (async () => {
    const repo = sampleRepo();
    await build(repo, join(repo, "out", "dashboard"));
    return repo;
  })();
  return g.svcBuiltSample;
}

/** The sample's November site as `build()` writes it at NOW — shared: read it, never write into it. */
export async function sampleSite(): Promise<string> {
  return join(await builtSample(), "out", "dashboard");
}

/**
 * A copy of the sample (sampleRepo()'s records and history) with the caches a build of its site left
 * (the parsed records, the walk of the commits, the trend, the charts): a first build there costs a
 * third of a cold one (~0.12 against ~0.35 s CPU). The site itself (out/) is not copied. For the
 * tests whose first build is not what they assert; the cold first build stays tested where it is
 * (dashboard.dashinc, the browser tests, the bench's, `npm start`'s and the two builds at once).
 */
export async function warmSample(): Promise<string> {
  const from = await builtSample();
  const dir = tempDir();
  cpSync(from, dir, { recursive: true, filter: (p) => p !== join(from, "out") });
  return dir;
}
