// Issue 18: `svc start` reads the records once (the check's snapshot serves the due list and the
// reports) and renders a document only when its inputs changed. What it prints and writes must be what
// the commands print and render each alone, from no cache at all — also after a record is changed by
// hand between two runs, and when a document in out/ is deleted or edited by hand.
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ageFiles, cleanup, sampleRepo, svcIn } from "./helpers.ts";

const NOW = { SVC_NOW: "2026-11-23T10:00:00+08:00" };
/** The old way: every record read and parsed from its file, nothing remembered. */
const NO_CACHE = { ...NOW, SVC_CACHE: "0" };

const docs = (dir: string) =>
  Object.fromEntries(
    readdirSync(dir)
      .filter((f) => f.endsWith(".docx"))
      .sort()
      .map((f) => [f, readFileSync(join(dir, f)).toString("base64")]),
  );

/** svc start's stdout is the check's, a blank line, the due list's, a blank line, the documents. */
async function alone(dir: string) {
  const check = await svcIn(dir, ["check"], undefined, NO_CACHE);
  const due = await svcIn(dir, ["due"], undefined, NO_CACHE);
  return `${check.stdout}\n${due.stdout}\n`;
}

describe("issue 18: svc start at department scale gives what each part gives alone", () => {
  const dir = sampleRepo();
  ageFiles(dir); // every file an hour old, so the caches keep them (a file modified in the last 2 s is never cached)
  afterAll(() => cleanup(dir));
  const out = join(dir, "out");

  it("issue 18: the first and second run print the check and the due list as svc check and svc due do, and write what a fresh rendering writes — packed in worker threads, byte for byte what the main thread packs", async () => {
    // packed in worker threads however few the documents (SVC_RENDER_WORKERS=1)
    const first = await svcIn(dir, ["start"], undefined, { ...NOW, SVC_RENDER_WORKERS: "1" });
    expect(first.code).toBe(0);
    const parts = await alone(dir);
    expect(first.stdout.startsWith(parts)).toBe(true);
    // from no cache, in the main thread only
    const fresh = await svcIn(dir, ["start", "--out", "fresh"], undefined, {
      ...NO_CACHE,
      SVC_RENDER_WORKERS: "0",
    });
    expect(fresh.code).toBe(0);
    expect(Object.keys(docs(out)).length).toBeGreaterThan(5);
    expect(docs(out)).toEqual(docs(join(dir, "fresh")));
    // the second run: every document up to date — nothing rendered, the same report
    const times = Object.fromEntries(readdirSync(out).map((f) => [f, statSync(join(out, f)).mtimeMs]));
    const second = await svcIn(dir, ["start"], undefined, NOW);
    expect(second.stdout).toBe(first.stdout);
    expect(second.stderr).toBe(first.stderr);
    for (const f of readdirSync(out)) expect(statSync(join(out, f)).mtimeMs).toBe(times[f]);
    const manifest = JSON.parse(readFileSync(join(out, ".svc-manifest.json"), "utf8"));
    expect(Object.keys(manifest.inputs).sort()).toEqual(Object.keys(docs(out)));
  });

  it("issue 18: a record changed by hand between two runs is seen — in the check, the due list and the documents (no stale cache trusted)", async () => {
    // a weekly report's summary (its engineer's document and the department's change) and a notice's
    // priority (the due list's clocks change), edited by hand, not committed
    const weekly = join(dir, "weekly", "2026", "W-20261121-liuyang.yaml");
    writeFileSync(
      weekly,
      readFileSync(weekly, "utf8").replace(/^summary: .*$/m, "summary: 手工改过的本周总结"),
    );
    const notice = join(dir, "notices", "2026", "N-20261121-weyf7.yaml");
    writeFileSync(notice, readFileSync(notice, "utf8").replace(/^priority: 紧急$/m, "priority: 一般"));
    const before = docs(out);
    const r = await svcIn(dir, ["start"], undefined, NOW);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith(await alone(dir))).toBe(true);
    rmSync(join(dir, "fresh"), { recursive: true, force: true });
    expect((await svcIn(dir, ["start", "--out", "fresh"], undefined, NO_CACHE)).code).toBe(0);
    const after = docs(out);
    expect(after).toEqual(docs(join(dir, "fresh")));
    expect(after["刘洋周报11-21.docx"]).not.toBe(before["刘洋周报11-21.docx"]);
    expect(after["技术服务周报11-21.docx"]).not.toBe(before["技术服务周报11-21.docx"]);
    expect(after["陈杰周报11-21.docx"]).toBe(before["陈杰周报11-21.docx"]);
  });

  it("issue 18: a document deleted from out/ is rendered again; one edited by hand is kept with the warning, as before", async () => {
    const month = "技术服务月度报表2026-10.docx";
    const week = "陈杰周报11-21.docx";
    const expected = docs(out);
    rmSync(join(out, month));
    writeFileSync(join(out, week), "edited by hand");
    const r = await svcIn(dir, ["start"], undefined, NOW);
    expect(r.code).toBe(0);
    expect(readFileSync(join(out, month)).toString("base64")).toBe(expected[month]);
    expect(readFileSync(join(out, week), "utf8")).toBe("edited by hand");
    expect(r.stdout).toContain(`out/${week}（有人改过，已保留）`);
    expect(r.stderr).toContain("--force");
    // and with --force, replaced by what the records give
    expect((await svcIn(dir, ["start", "--force"], undefined, NOW)).code).toBe(0);
    expect(docs(out)).toEqual(expected);
  });

  it("issue 18: an invalid record is refused by the due list as before (its kind is not taken from the check)", async () => {
    const weekly = join(dir, "weekly", "2026", "W-20261121-maxin.yaml");
    writeFileSync(weekly, readFileSync(weekly, "utf8").replace(/^week: .*$/m, "week: not-a-date"));
    const r = await svcIn(dir, ["start"], undefined, NOW);
    const due = await svcIn(dir, ["due"], undefined, NO_CACHE);
    expect(r.code).toBe(1);
    expect(due.code).toBe(1);
    expect(r.stdout).toMatch(/检查了 \d+ 个记录文件：[1-9]\d* 个错误/);
    expect(r.stderr).toContain(due.stderr.trim().split("\n")[0]);
  });
});
