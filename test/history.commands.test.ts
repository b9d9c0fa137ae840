// Issue 12 case 5 on the command side (D16): svc never writes a time that `svc check --history`
// rejects — `svc weekly --force --at <earlier>` cannot move a late report earlier, and the supervisor
// cannot back-date his own department weekly report. The honest flow stays clean in --history.
import { cpSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cleanup, ENG, freshRepo, git, SUP, sampleRepo, svcIn } from "./helpers.ts";

describe("D16 in svc weekly", () => {
  const repo = freshRepo();
  afterAll(() => cleanup(repo));

  it("a late report is not re-entered earlier; the department's report is not back-dated by its author", async () => {
    const late = await svcIn(
      repo,
      ["weekly", "--week", "2026-11-26", "--summary", "本周维修", "--json"],
      ENG,
      {
        SVC_NOW: "2026-11-29T10:00:00+08:00",
      },
    );
    expect(late.code, late.stderr).toBe(0);
    const earlier = await svcIn(
      repo,
      [
        "weekly",
        "--engineer",
        "zhangsan",
        "--week",
        "2026-11-26",
        "--summary",
        "x",
        "--force",
        "--at",
        "2026-11-28 17:00",
      ],
      SUP,
      { SVC_NOW: "2026-11-30T10:00:00+08:00" },
    );
    expect(earlier.code).toBe(1);
    expect(earlier.stderr).toContain("不能早于首次提交");
    const own = await svcIn(
      repo,
      ["weekly", "--department", "--week", "2026-11-26", "--summary", "部门", "--at", "2026-11-29 17:00"],
      SUP,
      { SVC_NOW: "2026-11-30T10:00:00+08:00" },
    );
    expect(own.code).toBe(1);
    expect(own.stderr).toContain("D16");
    const dept = await svcIn(
      repo,
      ["weekly", "--department", "--week", "2026-11-26", "--summary", "部门"],
      SUP,
      {
        SVC_NOW: "2026-11-29T17:00:00+08:00",
      },
    );
    expect(dept.code, dept.stderr).toBe(0);
    const check = await svcIn(repo, ["check", "--history", "--json"], SUP);
    // Commits dated back by SVC_NOW on top of the fresh repository's only warn (history-date-order).
    const findings = JSON.parse(check.stdout).findings.filter(
      (f: { commit?: string; rule: string }) => f.commit && f.rule !== "history-date-order",
    );
    expect(findings).toEqual([]);
  });
});

describe("issue 12 case 3: svc check of HEAD's tree", () => {
  const repo = sampleRepo();
  afterAll(() => cleanup(repo));

  it("a record committed as a symlink fails plain svc check (exit 1), naming the path", async () => {
    const letter = `letters/2026/${readdirSync(join(repo, "letters", "2026"))[0]}`;
    cpSync(join(repo, letter), join(repo, "forged.yaml"));
    rmSync(join(repo, letter));
    symlinkSync("../../forged.yaml", join(repo, letter));
    git(repo, ["add", "-A"]);
    git(repo, ["commit", "-q", "-m", "link"]);
    const r = await svcIn(repo, ["check", "--json"], SUP);
    expect(r.code).toBe(1);
    const f = JSON.parse(r.stdout).findings.filter((x: { rule: string }) => x.rule === "not-a-file");
    expect(f.map((x: { file: string }) => x.file)).toEqual([letter]);
  });
});
