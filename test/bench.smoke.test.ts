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
import { cleanup, git, svcIn, tempDir } from "./helpers.ts";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) cleanup(d);
});

/** The quick bench's department (bench/run.mjs --quick: its size, its default seed). */
const OPTS = { records: 300, people: 12, months: 3, seed: 7 };
const once = <T>(make: () => Promise<T>): (() => Promise<T>) => {
  let p: Promise<T> | undefined;
  return () => {
    p ??= make();
    return p;
  };
};
/** OPTS committed month by month: read (never written) by the first two tests. */
const monthly = once(async () => {
  const dir = join(tempDir("svc-bench-a-"), "repo");
  dirs.push(dir);
  return { dir, gen: await generate(dir, OPTS) };
});
/**
 * The quick bench, run once for the file on the department it generates (one commit per action,
 * OPTS); the history test then reads that repository — as the bench left it, rolled back.
 */
const quickBench = once(async () => {
  const dir = join(tempDir("svc-bench-q-"), "repo");
  dirs.push(dir);
  // (the dashboard's rows have their own test, on the sample: test/dashboard.bench.test.ts)
  const result = await runBench({
    quick: true,
    dir,
    log: () => {},
    skip: ["monthly", "assess", "dashboard"],
  });
  return { dir, result };
});

describe("bench", () => {
  it("generates a seeded, valid department committed in git", async () => {
    const { dir: a, gen: ga } = await monthly();
    const b = join(tempDir("svc-bench-b-"), "repo");
    dirs.push(b);
    const gb = await generate(b, OPTS);
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
    const r = await svcIn(a, ["check", "--json"], undefined, { SVC_NOW: ga.end });
    const out = JSON.parse(r.stdout);
    expect(out.findings).toEqual([]);
    expect(r.code).toBe(0);
    expect(out.files).toBe(300);
  });

  it("runs every figure of the bench in quick mode and prints the table", async () => {
    const { dir, result } = await quickBench();
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
        "svc due",
        "svc check --history HEAD~100..HEAD",
        "svc check --changed --since HEAD~100 (a push of 100 commits)",
        "svc start (first run, nothing rendered yet)",
        "svc start (all documents up to date, second run)",
        "peak memory of svc start",
      ]),
    );
    // issue 18's rows: show of a letter and its notice, the whole history walk — on the realistic
    // history (one commit per action), which the quick department has too.
    expect(result.machine.history).toBe("actions");
    expect(figures.filter((f: string) => /^svc show [LN]-/.test(f))).toHaveLength(2);
    expect(figures.some((f: string) => f.startsWith("svc check --history (the whole walk,"))).toBe(true);
    // … and the whole walk's peak memory (issue 18: walked in bounded chunks)
    const walkMemory = result.rows.find((r: { figure: string }) =>
      r.figure.startsWith("peak memory of the whole walk"),
    );
    expect(walkMemory?.svc).toBeGreaterThan(0);
    for (const r of result.rows as { figure: string; note?: string }[])
      if (/^svc (due|show|start|check --history|check --changed --since)/.test(r.figure))
        expect(r.note, r.figure).toBeUndefined();
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
  }, 180_000); // the bench's every row as processes: 55 s with two suites side by side at load 15

  it("issue 18: --history actions writes one commit per action, by the person acting, and svc check --history is clean", async () => {
    // The quick bench generated OPTS action by action (and rolled back what it measured); the month-by-
    // month department of the first test is OPTS too.
    const { dir: a } = await quickBench();
    const ga = JSON.parse(readFileSync(join(a, ".git", "svc-bench.json"), "utf8"));
    const { dir: m, gen: gm } = await monthly();
    const a2 = join(tempDir("svc-bench-h2-"), "repo");
    dirs.push(a2);
    expect(ga.history).toBe("actions");
    expect(git(a, ["rev-parse", "HEAD"]).trim()).toBe(ga.head);
    // Seeded: the same commits (authors, times, contents) on every run.
    expect((await generate(a2, { ...OPTS, history: "actions" })).head).toBe(ga.head);
    // The same department (the same files at the end), written action by action.
    expect(git(a, ["rev-parse", "HEAD^{tree}"]).trim()).toBe(git(m, ["rev-parse", "HEAD^{tree}"]).trim());
    const count = Number(git(a, ["rev-list", "--count", "HEAD"]).trim());
    expect(count).toBe(ga.commits);
    expect(count).toBeGreaterThan(ga.records);
    // Authored by whoever acted: the engineer too, not only the supervisor.
    const authors = git(a, ["log", "--format=%ae"]).split("\n");
    expect(authors).toContain(ga.engineer.email);
    expect(authors).toContain(ga.gm.email);
    expect(authors).toContain(ga.requester.email);
    // Each step of a letter is its own commit: its file changes in several commits.
    const perFile = new Map<string, number>();
    for (const f of git(a, ["log", "--format=", "--name-only", "--", "letters"]).split("\n").filter(Boolean))
      perFile.set(f, (perFile.get(f) ?? 0) + 1);
    expect(Math.max(...perFile.values())).toBeGreaterThan(5);
    // Honest: the whole history passes, and so does the work tree.
    const h = await svcIn(a, ["check", "--history", "--json"], undefined, { SVC_NOW: ga.end });
    const out = JSON.parse(h.stdout);
    expect(out.findings).toEqual([]);
    expect(out.commits).toBe(count);
    expect(h.code).toBe(0);
    // The month-by-month history is not (it is all committed by the supervisor).
    const hm = await svcIn(m, ["check", "--history", "--json"], undefined, { SVC_NOW: gm.end });
    expect(JSON.parse(hm.stdout).findings.length).toBeGreaterThan(0);
  }, 180_000); // alone (-t), it runs the quick bench first
});
