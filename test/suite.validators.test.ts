// Issue 18 (the suite): src/store/validate.ts finds the validators its build precompiled
// (dist/validators/<kind>.cjs) by the marker the build writes beside them — the build's schema hash —
// not by a folder named `dist/` in its own path. A build copied to a folder of another name (the
// hostile corpus's runner once used such a copy) took the slow path silently: ajv loaded and every
// schema compiled on each run. Only a process shows which files a copied build loads, so these spawn it.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { cleanup, env, ROOT, sampleRepo, tempDir } from "./helpers.ts";

let top: string;
let repo: string;

/**
 * A copy of dist/ at `<top>/<name>-modules/<name>/`, beside a `node_modules/` of the real packages
 * less `without` (Node finds packages in a node_modules of a folder above the module).
 */
function copyBuild(name: string, without: string[] = []): string {
  const modules = join(top, `${name}-modules`, "node_modules");
  mkdirSync(modules, { recursive: true });
  for (const m of readdirSync(join(ROOT, "node_modules")))
    if (!without.includes(m)) symlinkSync(join(ROOT, "node_modules", m), join(modules, m));
  const build = join(top, `${name}-modules`, name);
  cpSync(join(ROOT, "dist"), build, { recursive: true });
  return build;
}

function check(build: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(build, "cli.js"), "check", "--json"], {
    cwd: repo,
    env: env(),
    encoding: "utf8",
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  top = tempDir("svc-validators-");
  repo = sampleRepo();
});
afterAll(() => {
  cleanup(top);
  cleanup(repo);
});

it("issue 18: the build writes the marker its validators are found by — its schema hash", () => {
  const marker = JSON.parse(readFileSync(join(ROOT, "dist", "validators", "svc-validators.json"), "utf8"));
  expect(marker.schemaHash).toMatch(/^\d+\.\d+\.\d+-[0-9a-f]{16}$/);
  // the same hash the build compiled in (the check cache's key, src/store/store.ts)
  const compiledIn = readdirSync(join(ROOT, "dist"), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(".js"))
    .some((f) => readFileSync(join(ROOT, "dist", f), "utf8").includes(`"${marker.schemaHash}"`));
  expect(compiledIn).toBe(true);
});

it("issue 18: a build copied to a folder not named dist/ still uses its precompiled validators (ajv not even installed)", () => {
  // Without ajv, the run-time compiler cannot load: the check passes only on the precompiled validators.
  const build = copyBuild("build-copy", ["ajv", "ajv-formats"]);
  const r = check(build);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout).findings).toEqual([]);
});

it("issue 18: validators whose marker names other schemas are not used (each kind is compiled instead)", () => {
  const build = copyBuild("stale-copy");
  const validators = join(build, "validators");
  writeFileSync(
    join(validators, "svc-validators.json"),
    JSON.stringify({ schemaHash: "0.0.0-0000000000000000" }),
  );
  // A stale letter validator that rejects everything: used, the check would report every letter.
  writeFileSync(
    join(validators, "letter.cjs"),
    'exports.v = Object.assign(() => false, { errors: [{ instancePath: "", keyword: "stale", params: {}, message: "stale validator" }] });\n',
  );
  const r = check(build);
  expect(r.stderr).toBe("");
  expect(JSON.parse(r.stdout).findings).toEqual([]);
  expect(r.code).toBe(0);
});
