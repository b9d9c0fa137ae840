// The benchmark cannot rot: a small department is generated (valid against the schemas and the
// rules: `svc check` passes) and the whole bench code path runs once in quick mode. No timing
// assertions — the figures themselves are for `npm run bench` on a quiet machine.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error — plain ESM JavaScript without types
import { generate } from "../bench/generate.mjs";
// @ts-expect-error — plain ESM JavaScript without types
import { runBench, table } from "../bench/run.mjs";
import { cleanup, git, svc, tempDir } from "./helpers.ts";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) cleanup(d);
});

describe("bench", () => {
  it("generates a seeded, valid department committed in git", async () => {
    const a = join(tempDir("svc-bench-a-"), "repo");
    const b = join(tempDir("svc-bench-b-"), "repo");
    dirs.push(a, b);
    const opts = { records: 300, people: 12, months: 3, seed: 3 };
    const ga = await generate(a, opts);
    const gb = await generate(b, opts);
    expect(ga.records).toBe(300);
    // Seeded: the same records, the same commits.
    expect(gb.head).toBe(ga.head);
    // Month-by-month commits on top of the init commit, work tree checked out and clean.
    expect(Number(git(a, ["rev-list", "--count", "HEAD"]).trim())).toBeGreaterThan(2);
    expect(git(a, ["status", "--porcelain"]).trim()).toBe("");
    expect(git(a, ["config", "feature.manyFiles"]).trim()).toBe("true");
    for (const kind of ["people", "notices", "letters", "weekly", "exams", "incidents", "assessments"])
      expect(existsSync(join(a, kind)), kind).toBe(true);
    const letterDir = join(a, "letters", "2026");
    const letter = readFileSync(join(letterDir, readdirSync(letterDir)[0]), "utf8");
    expect(letter).toMatch(/^kind: letter$/m);
    expect(letter).toContain("U盘");
    // Every record is valid: schemas, ids ↔ paths, references and business rules.
    const r = svc(a, ["check", "--json"], undefined, { SVC_NOW: ga.end });
    const out = JSON.parse(r.stdout);
    expect(out.findings).toEqual([]);
    expect(r.code).toBe(0);
    expect(out.files).toBe(300);
  });

  it("runs every figure of the bench in quick mode and prints the table", async () => {
    const dir = join(tempDir("svc-bench-q-"), "repo");
    dirs.push(dir);
    const result = await runBench({ quick: true, dir, log: () => {}, skip: ["monthly", "assess"] });
    const figures = result.rows.map((r: { figure: string }) => r.figure);
    expect(figures).toEqual(
      expect.arrayContaining([
        "svc --version",
        "svc --help",
        "svc open (one notice, one commit)",
        "svc check (all records)",
        "svc check --changed (after one commit)",
        "peak memory of the full check",
        "svc list letters --status 在建",
      ]),
    );
    const byFigure = new Map(result.rows.map((r: { figure: string }) => [r.figure, r]));
    // Commands that exist are measured against a floor; the floors are always measured.
    for (const f of ["svc --version", "svc --help", "svc check (all records)"]) {
      const r = byFigure.get(f) as { svc?: number; floor?: number; note?: string };
      expect(r.svc, f).toBeGreaterThan(0);
      expect(r.floor, f).toBeGreaterThan(0);
      expect(r.note, f).toBeUndefined();
    }
    const mem = byFigure.get("peak memory of the full check") as { svc?: number };
    expect(mem.svc).toBeGreaterThan(10);
    const text = table(result);
    expect(text).toContain("| figure | svc | floor |");
    expect(text).toContain(`${result.machine.cores} cores`);
    // The bench leaves the repository as it found it (mutating figures are rolled back).
    expect(git(dir, ["status", "--porcelain"]).trim()).toBe("");
  });
});
