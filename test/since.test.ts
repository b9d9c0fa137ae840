// D13 — records begin (issue 13): svc.yaml `since`. A department that starts using svc on some day is
// not fined for weeks and months before it; a month with `since` inside it is partial and says so.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { counts, laterOf, partialMonth, streakOrigin } from "../src/domain/since.ts";
import { cleanup, freshRepo, git, read, SUP, svcIn, tempDir } from "./helpers.ts";

const DEC2 = { SVC_NOW: "2026-12-02T10:00:00+08:00" };

function docxText(path: string): string {
  return strFromU8(unzipSync(new Uint8Array(readFileSync(path)))["word/document.xml"]).replace(
    /<[^>]+>/g,
    "",
  );
}

function setSince(dir: string, since: string | undefined): void {
  const file = join(dir, "svc.yaml");
  const text = readFileSync(file, "utf8").replace(/^since: .*\n/m, "");
  const withSince = since ? text.replace(/^(output: .*\n)/m, `$1since: ${since}\n`) : text;
  writeFileSync(file, withSince);
  git(dir, ["commit", "-q", "--allow-empty", "-am", `since ${since ?? "none"}`], SUP);
}

async function lines(
  dir: string,
  month: string,
  now: NodeJS.ProcessEnv = DEC2,
): Promise<{ person: string; rule: string; date?: string }[]> {
  const r = await svcIn(dir, ["assess", "--month", month, "--json"], SUP, now);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout).people.flatMap(
    (p: { person: string; lines: { rule: string; date?: string }[] }) =>
      p.lines.map((l) => ({ person: p.person, rule: l.rule, date: l.date })),
  );
}

describe("D13: since", () => {
  it("the pure rules at their boundaries", () => {
    expect(counts("2026-11-30", "2026-12-01")).toBe(false);
    expect(counts("2026-12-01", "2026-12-01")).toBe(true);
    expect(counts("2026-12-01T08:00:00+08:00", "2026-12-01")).toBe(true);
    expect(counts("2026-11-30", undefined)).toBe(true);
    expect(streakOrigin("2026-12-01")).toBe("2026-12");
    expect(streakOrigin("2026-11-18")).toBe("2026-12");
    expect(partialMonth("2026-11", "2026-11-18")).toBe(true);
    expect(partialMonth("2026-12", "2026-12-01")).toBe(false);
    expect(partialMonth("2026-12", "2026-11-18")).toBe(false);
    expect(laterOf("2026-01-05", "2026-11-18")).toBe("2026-11-18");
    expect(laterOf(undefined, "2026-11-18")).toBe("2026-11-18");
  });

  it("svc init writes since: the day it ran (department time), or --since", async () => {
    const dir = tempDir();
    const r = await svcIn(dir, ["init", ".", "--daily-rate", "80"], SUP, { SVC_NOW: "2026-11-30T17:00:00Z" });
    expect(r.code, r.stderr).toBe(0);
    expect(read(dir, "svc.yaml")).toMatch(/^since: 2026-12-01 /m); // 01:00 on 12-01 in Shanghai
    const older = tempDir();
    expect((await svcIn(older, ["init", ".", "--since", "2026-10-01"], SUP)).code).toBe(0);
    expect(read(older, "svc.yaml")).toMatch(/^since: 2026-10-01 /m);
    expect((await svcIn(older, ["init", "sub", "--since", "2026-13-01"], SUP)).code).toBe(2);
    cleanup(dir);
    cleanup(older);
  });

  describe("a department that begins on 12-01", () => {
    let dir: string;
    beforeAll(() => {
      dir = freshRepo();
      setSince(dir, "2026-12-01");
    });
    afterAll(() => cleanup(dir));

    it("owes no November weekly report, department report, monthly report or assessment", async () => {
      const nov = await lines(dir, "2026-11");
      expect(nov.filter((l) => /weeklyLate|deptWeeklyLate/.test(l.rule))).toEqual([]);
      const dec = await lines(dir, "2026-12"); // nothing of last month's documents in December
      expect(dec.filter((l) => /monthlyLate|assessmentLate/.test(l.rule))).toEqual([]);
      const due = await svcIn(dir, ["due", "--json"], SUP, DEC2);
      expect(due.code, due.stderr).toBe(0);
      const items = JSON.parse(due.stdout).items as { kind: string; ref?: string }[];
      expect(items.filter((i) => /^W-202611|^DW-202611|A-202611|M-202611/.test(i.ref ?? ""))).toEqual([]);
      const monthly = await svcIn(dir, ["monthly", "--month", "2026-11", "--json"], SUP, DEC2);
      expect(monthly.code, monthly.stderr).toBe(0);
      const f = JSON.parse(monthly.stdout).figures;
      expect(JSON.stringify(f)).not.toMatch(/"missing":true/);
    });

    it("without since (a repository from before D13) the same month fines the missing weeks", async () => {
      const old = freshRepo();
      setSince(old, undefined);
      const nov = await lines(old, "2026-11");
      expect(nov.filter((l) => l.rule === "weeklyLate").length).toBeGreaterThan(0);
      cleanup(old);
    });
  });

  describe("a department that begins on Wednesday 11-18", () => {
    let dir: string;
    beforeAll(() => {
      dir = freshRepo();
      setSince(dir, "2026-11-18");
    });
    afterAll(() => cleanup(dir));

    it("November is partial: only the weeks of 11-21 and 11-28 are owed, and the forms say so", async () => {
      const weeks = (await lines(dir, "2026-11"))
        .filter((l) => l.rule === "weeklyLate" && l.person === "zhangsan")
        .map((l) => l.date);
      expect(weeks).toEqual(["2026-11-21", "2026-11-28"]);
      const monthly = await svcIn(dir, ["monthly", "--month", "2026-11", "--json"], SUP, DEC2);
      expect(JSON.parse(monthly.stdout).figures.recordsBegin).toBe("2026-11-18");
      const text = docxText(join(dir, "out", "技术服务月度报表2026-11.docx"));
      expect(text).toContain("部分月份：记录自 2026-11-18 起");
      // November's documents are owed all the same (a partial month is a month of the records): on
      // 12-10, past the 3rd working day, December fines the supervisor for the monthly report never
      // issued (the assessment was drafted on 12-02, in time).
      const december = await lines(dir, "2026-12", { SVC_NOW: "2026-12-10T10:00:00+08:00" });
      const sup = december.filter((l) => l.person === "wangzhu").map((l) => l.rule);
      expect(sup).toContain("monthlyLate");
      expect(sup).not.toContain("assessmentLate");
    });
  });
});
