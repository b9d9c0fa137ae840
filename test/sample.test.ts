// The sample department in records/: it passes `svc check`, it covers what a new user should be able
// to explore (every state, every grade, incidents, exams, a late weekly report), and it is exactly what
// scripts/make-sample.ts generates (so figures computed on it stay stable).
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  type Exam,
  GRADES,
  type Incident,
  LETTER_STATES,
  type Letter,
  type Notice,
  type Person,
  type Weekly,
} from "../src/schemas/index.ts";
import { cleanup, ROOT, SAMPLE, sampleRepo, svcIn, tempDir } from "./helpers.ts";

function files(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const abs = join(d, e.name);
      if (e.isDirectory()) walk(abs);
      else out.push(relative(dir, abs).split("\\").join("/"));
    }
  };
  walk(dir);
  return out.sort();
}

function records<T>(folder: string): T[] {
  return files(join(SAMPLE, folder))
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => parse(readFileSync(join(SAMPLE, folder, f), "utf8")) as T);
}

const people = records<Person>("people");
const notices = records<Notice>("notices");
const letters = records<Letter>("letters");
const incidents = records<Incident>("incidents");
const exams = records<Exam>("exams");
const weekly = records<Weekly>("weekly");
const NOW = Date.parse("2026-11-23T09:00:00+08:00");

describe("records/ passes svc check", () => {
  let dir: string;
  beforeAll(() => {
    dir = sampleRepo();
  });
  afterAll(() => cleanup(dir));

  it("has no errors (exit 0)", async () => {
    const r = await svcIn(dir, ["check", "--json"]);
    const report = JSON.parse(r.stdout);
    expect(report.findings.filter((f: { severity: string }) => f.severity === "error")).toEqual([]);
    expect(report.errors).toBe(0);
    expect(report.files).toBeGreaterThan(150);
    expect(r.code).toBe(0);
    const human = await svcIn(dir, ["check"]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/0 个错误/);
  });
});

describe("records/ covers the department's life", () => {
  it("has the roster: GM, supervisor, sales, sales admin, engineers in three regions with expertise", () => {
    expect(people.length).toBeGreaterThanOrEqual(7);
    for (const role of ["gm", "supervisor", "requester", "sales-admin"] as const)
      expect(people.some((p) => p.roles.includes(role))).toBe(true);
    const engineers = people.filter((p) => p.roles.includes("engineer"));
    expect(engineers.length).toBeGreaterThanOrEqual(5);
    expect(new Set(engineers.map((e) => e.region))).toEqual(new Set(["华东", "华南", "华北"]));
    const products = new Set(records<{ id: string }>("products").map((p) => p.id));
    for (const e of engineers) {
      expect(e.hired).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(e.tier).toBeDefined();
      expect(e.experts?.length).toBeGreaterThan(0);
      for (const x of e.experts ?? []) expect(products.has(x)).toBe(true);
    }
  });

  it("has at least 40 notices over Oct–Nov 2026 in every state", () => {
    expect(notices.length).toBeGreaterThanOrEqual(40);
    for (const n of notices) expect(n.issued.at.slice(0, 7)).toMatch(/^2026-1[01]$/);
    const assigned = new Set(letters.map((l) => l.notice));
    expect(notices.some((n) => !n.signature && !n.cancelled)).toBe(true); // unsigned
    expect(notices.some((n) => n.signature && !assigned.has(n.id))).toBe(true); // signed, not assigned
    expect(notices.some((n) => n.cancelled)).toBe(true);
    expect(notices.some((n) => n.signature?.gmAbsent)).toBe(true);
  });

  it("has letters in every state, every grade, an all-中 letter and exactly one unsigned", () => {
    for (const state of LETTER_STATES) expect(letters.some((l) => l.status === state)).toBe(true);
    const ratings = letters.flatMap((l) =>
      l.completion?.ratings ? Object.values(l.completion.ratings) : [],
    );
    for (const g of GRADES) expect(ratings).toContain(g);
    expect(
      letters.some((l) => {
        const r = l.completion?.ratings;
        return r && r.attitude === "中" && r.skill === "中" && r.result === "中";
      }),
    ).toBe(true);
    expect(letters.filter((l) => l.completion?.unsigned)).toHaveLength(1);
    expect(letters.some((l) => l.unplanned)).toBe(true);
    expect(letters.some((l) => l.site && !l.site.matches)).toBe(true);
    expect(letters.some((l) => l.changes?.some((c) => c.gmApproval))).toBe(true);
    expect(new Set(letters.flatMap((l) => (l.delays ?? []).map((d) => d.reason)))).toEqual(
      new Set(["A", "B", "C", "D"]),
    );
    // Overdue: completed after the estimate.
    expect(letters.some((l) => l.completion && Date.parse(l.completion.at) > Date.parse(l.estimate))).toBe(
      true,
    );
  });

  it("has one class I and two class II incidents, one notice still missing", () => {
    expect(incidents.filter((i) => i.class === "I")).toHaveLength(1);
    expect(incidents.filter((i) => i.class === "II")).toHaveLength(2);
    for (const i of incidents) expect(i.reflection).toBeDefined();
    expect(incidents.filter((i) => !i.notification)).toHaveLength(1);
  });

  it("has two exams with exactly one failure", () => {
    expect(exams).toHaveLength(2);
    expect(exams.flatMap((e) => e.results).filter((r) => !r.passed)).toHaveLength(1);
  });

  it("has weekly reports, exactly one submitted after Saturday 18:00", () => {
    expect(weekly.length).toBeGreaterThanOrEqual(40);
    const late = weekly.filter((w) => Date.parse(w.submitted) > Date.parse(`${w.week}T18:00:00+08:00`));
    expect(late.map((w) => w.id)).toHaveLength(1);
  });

  it("holds nothing after 2026-11-23 09:00 except plans (estimate, appointment, extension)", () => {
    const planned = new Set(["estimate", "appointment", "until"]);
    const walk = (v: unknown, key: string, id: string) => {
      if (typeof v === "string" && /^\d{4}-\d{2}-\d{2}T/.test(v) && !planned.has(key))
        expect(Date.parse(v), `${id} ${key}`).toBeLessThanOrEqual(NOW);
      else if (v && typeof v === "object")
        for (const [k, x] of Object.entries(v)) walk(x, Array.isArray(v) ? key : k, id);
    };
    for (const r of [...notices, ...letters, ...incidents, ...exams, ...weekly]) walk(r, "", r.id);
    for (const t of JSON.stringify(records("")).match(/\d{4}-\d{2}-\d{2}T[^"]*/g) ?? [])
      expect(t).toMatch(/\+08:00$/);
  });

  it("keeps attachments whose sha256 matches the record", () => {
    const refs = JSON.stringify(letters).match(/"path":"attachments\/[^"]+","sha256":"[0-9a-f]{64}"/g) ?? [];
    expect(refs.length).toBeGreaterThan(5);
    for (const ref of refs) {
      const { path, sha256 } = JSON.parse(`{${ref}}`);
      expect(statSync(join(SAMPLE, path)).isFile()).toBe(true);
      expect(
        createHash("sha256")
          .update(readFileSync(join(SAMPLE, path)))
          .digest("hex"),
      ).toBe(sha256);
    }
  });
});

describe("scripts/make-sample.ts", () => {
  it("regenerates records/ byte for byte", async () => {
    const bundle = join(ROOT, "node_modules", ".cache", "svc", `make-sample-test-${process.pid}.mjs`);
    mkdirSync(join(ROOT, "node_modules", ".cache", "svc"), { recursive: true });
    const out = tempDir();
    try {
      await build({
        entryPoints: [join(ROOT, "scripts", "make-sample.ts")],
        outfile: bundle,
        bundle: true,
        platform: "node",
        format: "esm",
        packages: "external",
        logLevel: "error",
      });
      const r = spawnSync(process.execPath, [bundle, out], { cwd: ROOT, encoding: "utf8" });
      expect(r.status, r.stderr).toBe(0);
      // records/out/ is rendered output (npm start), ignored by git: not part of the sample.
      const want = files(SAMPLE).filter((f) => !f.startsWith("out/"));
      expect(files(out)).toEqual(want);
      for (const f of want)
        expect(readFileSync(join(out, f)).equals(readFileSync(join(SAMPLE, f))), f).toBe(true);
    } finally {
      cleanup(out);
      rmSync(bundle, { force: true });
    }
  }, 60_000);
});
