// `svc check` with worker threads (performance, issue 7) reports exactly what the sequential check
// reports — the same findings, in the same order — including broken files in the workers' share.
import { appendFileSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
// @ts-expect-error — plain ESM JavaScript without types
import { generate } from "../bench/generate.mjs";
import { cleanup, svcIn, tempDir } from "./helpers.ts";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) cleanup(d);
});

// 400 records, and the workers started from 100 files (SVC_CHECK_WORKERS=100) instead of 3,000
// (src/check/snapshot.ts): the same path as at 3,600 records, at a ninth of the cost (issue 18: the
// 3,600 took 28–37 s of the 60 s with two suites side by side on a busy machine). SVC_DEBUG says that
// the workers ran, so the comparison is never of two sequential checks.
let dir: string;
let gen: { end: string };
beforeAll(async () => {
  dir = join(tempDir("svc-perf-check-"), "repo");
  dirs.push(dir);
  gen = await generate(dir, { records: 400, people: 12, months: 6, seed: 11 });
});

it("finds the same problems with and without worker threads", async () => {
  // Weekly reports sort last among the big kinds: they fall in the workers' share.
  const weeklyDir = join(dir, "weekly", "2026");
  const weekly = readdirSync(weeklyDir).sort();
  appendFileSync(join(weeklyDir, weekly[5]), "summary: twice\n"); // duplicate key
  writeFileSync(
    join(weeklyDir, weekly[9]),
    readFileSync(join(weeklyDir, weekly[9]), "utf8").replace(/^by: .*$/m, "by: 42"),
  );
  writeFileSync(join(weeklyDir, weekly[12]), "kind: notice\nid: x\n"); // wrong kind
  const letterDir = join(dir, "letters", "2026");
  const letter = readdirSync(letterDir).sort()[3];
  writeFileSync(join(weeklyDir, "W-20990101-dup.yaml"), readFileSync(join(weeklyDir, weekly[20]), "utf8")); // id ≠ path, duplicate id
  writeFileSync(
    join(letterDir, letter),
    readFileSync(join(letterDir, letter), "utf8").replace(/^status: .*$/m, "status: 完成"),
  );

  const env = { SVC_NOW: gen.end };
  const parallel = await svcIn(dir, ["check", "--json"], undefined, {
    ...env,
    SVC_CHECK_WORKERS: "100",
    SVC_DEBUG: "1",
  });
  expect(parallel.stderr).toMatch(/svc check: [1-9]\d* worker thread\(s\) for \d+ files/);
  const sequential = await svcIn(dir, ["check", "--json"], undefined, { ...env, SVC_CHECK_WORKERS: "0" });
  expect(parallel.code).toBe(1);
  expect(sequential.code).toBe(1);
  const p = JSON.parse(parallel.stdout);
  const s = JSON.parse(sequential.stdout);
  expect(p.findings.length).toBeGreaterThanOrEqual(5);
  expect(p).toEqual(s);
  const rules = new Set(p.findings.map((f: { rule: string }) => f.rule));
  for (const r of ["yaml-duplicate-key", "schema", "kind", "id-path", "id-unique"])
    expect(rules).toContain(r);
});
