// `npm start` = `svc --repo records start`: the main job on the sample department. It checks the
// records, lists the department's due and overdue work and renders the latest week's reports and the
// latest monthly report into out/ — without changing a record (run here on a copy of records/).
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cleanup, ROOT, sampleRepo, svcIn } from "./helpers.ts";

const NOW = { SVC_NOW: "2026-11-23T10:00:00+08:00" };

describe("svc start on the sample department", () => {
  const dir = sampleRepo();
  afterAll(() => cleanup(dir));
  /** The monthly report's bytes after the first run. */
  let bytes: Buffer;
  const head = () => execFileSync("git", ["rev-parse", "HEAD"], { cwd: dir, encoding: "utf8" }).trim();

  it("checks, lists the due work, renders the reports into out/ and changes no record", async () => {
    const before = head();
    const r = await svcIn(dir, ["start"], undefined, NOW);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/检查了 \d+ 个记录文件：0 个错误/);
    expect(r.stdout).toMatch(/全部门：\d+ 项待办，其中 \d+ 项逾期/);
    expect(r.stdout).toContain("svc weekly --department");
    const out = readdirSync(join(dir, "out"))
      .filter((f) => f !== ".svc-manifest.json") // what svc wrote there (issue 13)
      .sort();
    expect(out).toContain("技术服务周报11-21.docx");
    expect(out).toContain("技术服务月度报表2026-10.docx");
    expect(out.filter((f) => /^.+周报11-21\.docx$/.test(f) && !f.startsWith("技术服务")).length).toBe(6);
    for (const f of out) expect(r.stdout).toContain(`out/${f}`);
    expect(head()).toBe(before);
    expect(execFileSync("git", ["status", "--porcelain"], { cwd: dir, encoding: "utf8" })).toBe("");
    bytes = readFileSync(join(dir, "out", "技术服务月度报表2026-10.docx"));
  });

  // (One scenario in three tests, each a run or two of svc start: each stays far inside its timeout.)
  it("a second run leaves the documents byte-identical; --json is one object: the check's, the due list's and the documents (found by attack: no --json)", async () => {
    const r = await svcIn(dir, ["start", "--json"], undefined, NOW);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(dir, "out", "技术服务月度报表2026-10.docx")).equals(bytes)).toBe(true);
    const j = JSON.parse(r.stdout);
    expect(j.check).toMatchObject({ ok: true, errors: 0 });
    expect(j.due.items.length).toBeGreaterThan(0);
    expect(j.due.items[0]).toHaveProperty("kind");
    expect(j).toMatchObject({ week: "2026-11-21", month: "2026-10" });
    expect(j.documents).toContainEqual(expect.objectContaining({ path: "out/技术服务月度报表2026-10.docx" }));
  });

  it("a document changed by hand is kept, saying so, unless --force (issue 13); npm start needs no --force", async () => {
    writeFileSync(join(dir, "out", "技术服务月度报表2026-10.docx"), "older");
    const kept = await svcIn(dir, ["start"], undefined, NOW);
    expect(kept.code).toBe(0);
    expect(kept.stderr).toContain("--force");
    expect(kept.stdout).toContain("（有人改过，已保留）");
    expect(readFileSync(join(dir, "out", "技术服务月度报表2026-10.docx"), "utf8")).toBe("older");
    expect((await svcIn(dir, ["start", "--force"], undefined, NOW)).code).toBe(0);
    expect(readFileSync(join(dir, "out", "技术服务月度报表2026-10.docx")).equals(bytes)).toBe(true);
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    // npm start: svc start, then the dashboard (issue 17) — never with --force
    expect(pkg.scripts.start).toMatch(
      /^node bin\/svc\.js --repo records start && node bin\/svc\.js --repo records dashboard /,
    );
    expect(pkg.scripts.start).not.toContain("--force");
  });
});
