// Issue 13, "out/ is svc's output": `svc start` after ordinary work (a report resubmitted, Sunday's
// work) exited 1 because a document in out/ differed. Now svc replaces what an earlier svc rendered
// (known from out/.svc-manifest.json: name → sha256 of the bytes it wrote) and keeps only what a person
// changed by hand, saying so; --force still replaces those. The manifest is not fooled by a symlink.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { takeNotes } from "../src/core/notes.ts";
import { MANIFEST, writeDocument } from "../src/render/output.ts";
import { cleanup, sampleRepo, svcIn, tempDir } from "./helpers.ts";

const HUANG = { name: "黄勇", email: "huangyong@dfzk.example.com" };
const SAT = { SVC_NOW: "2026-11-21T17:00:00+08:00" };
const SUN = { SVC_NOW: "2026-11-22T10:00:00+08:00" };
const MON = { SVC_NOW: "2026-11-23T10:00:00+08:00" };
const sha = (b: Uint8Array | string) => createHash("sha256").update(b).digest("hex");

describe("issue 13: out/ is svc's output", () => {
  const dir = sampleRepo();
  const dirs = [dir];
  afterAll(() => {
    for (const d of dirs) cleanup(d);
  });
  const doc = (name: string) => join(dir, "out", name);

  it("Sunday's work and a resubmitted report: svc start re-renders without --force, exit 0", async () => {
    expect((await svcIn(dir, ["start"], undefined, SAT)).code).toBe(0);
    const before = readFileSync(doc("黄勇周报11-21.docx"));
    const manifest = JSON.parse(readFileSync(join(dir, "out", MANIFEST), "utf8"));
    expect(manifest.files["黄勇周报11-21.docx"]).toBe(sha(before));

    // Sunday: 黄勇 logs work on his letter — the week's document now differs from the one in out/.
    const log = await svcIn(dir, ["log", "L-20261116-0xsgp", "周日现场调试，更换传感器"], HUANG, SUN);
    expect(log.code, log.stderr).toBe(0);
    const sunday = await svcIn(dir, ["start"], undefined, MON);
    expect(sunday.stderr).not.toContain("已保留");
    expect(sunday.code, sunday.stderr).toBe(0);
    const after = readFileSync(doc("黄勇周报11-21.docx"));
    expect(after.equals(before)).toBe(false);

    // A report resubmitted in another clone (its document written elsewhere): start replaces ours.
    const elsewhere = tempDir();
    dirs.push(elsewhere);
    const again = await svcIn(
      dir,
      ["weekly", "--week", "2026-11-21", "--summary", "补充：周日更换传感器", "--force", "--out", elsewhere],
      HUANG,
      MON,
    );
    expect(again.code, again.stderr).toBe(0);
    const resubmitted = await svcIn(dir, ["start"], undefined, MON);
    expect(resubmitted.code, resubmitted.stderr).toBe(0);
    expect(resubmitted.stderr).not.toContain("已保留");
    expect(
      readFileSync(doc("黄勇周报11-21.docx")).equals(readFileSync(join(elsewhere, "黄勇周报11-21.docx"))),
    ).toBe(true);
  }, 90_000); // three whole `svc start`s of the sample: 25 s with two suites side by side at load 15

  it("a document changed by hand is kept with a message; --force replaces it", async () => {
    writeFileSync(doc("陈杰周报11-21.docx"), "改过的周报");
    const kept = await svcIn(dir, ["start"], undefined, MON);
    expect(kept.code, kept.stderr).toBe(0);
    expect(kept.stderr).toMatch(/陈杰周报11-21\.docx 与 svc 上次生成的不同.*已保留.*--force/);
    expect(kept.stdout).toMatch(/陈杰周报11-21\.docx（有人改过，已保留）/);
    expect(readFileSync(doc("陈杰周报11-21.docx"), "utf8")).toBe("改过的周报");
    const forced = await svcIn(dir, ["start", "--force"], undefined, MON);
    expect(forced.code).toBe(0);
    expect(readFileSync(doc("陈杰周报11-21.docx"), "utf8")).not.toBe("改过的周报");
  });
});

describe("issue 13: the assessment sheet too keeps a hand edit unless --force", () => {
  const dir = sampleRepo();
  afterAll(() => cleanup(dir));
  const SUPV = { name: "王志强", email: "wangzhiqiang@dfzk.example.com" };
  const DEC = { SVC_NOW: "2026-12-02T10:00:00+08:00" };

  it("svc assess re-renders its own draft, keeps an edited one, --force replaces it", async () => {
    const first = await svcIn(dir, ["assess", "--month", "2026-11"], SUPV, DEC);
    expect(first.code, first.stderr).toBe(0);
    const sheet = join(dir, "out", "月度考核表-2026-11.docx");
    const bytes = readFileSync(sheet);
    writeFileSync(sheet, "主管手工改过");
    const kept = await svcIn(dir, ["assess", "--month", "2026-11"], SUPV, DEC);
    expect(kept.code, kept.stderr).toBe(0);
    expect(kept.stderr).toContain("已保留");
    expect(readFileSync(sheet, "utf8")).toBe("主管手工改过");
    const forced = await svcIn(dir, ["assess", "--month", "2026-11", "--force"], SUPV, DEC);
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(sheet).equals(bytes)).toBe(true);
  });
});

describe("issue 13: the manifest is not fooled by a symlink", () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) cleanup(d);
  });
  const fresh = () => {
    const d = tempDir();
    dirs.push(d);
    return d;
  };

  it("a manifest that is a symlink is neither trusted nor written through: hand edits are kept", async () => {
    const out = fresh();
    const outside = fresh();
    expect((await writeDocument(out, "张三周报11-28.docx", Buffer.from("svc v1"))).status).toBe("written");
    writeFileSync(join(out, "张三周报11-28.docx"), "hand edit");
    // a planted manifest claiming the hand edit is svc's own
    const forged = join(outside, "m.json");
    const claim = `${JSON.stringify({ version: 1, files: { "张三周报11-28.docx": sha("hand edit") } })}\n`;
    writeFileSync(forged, claim);
    rmSync(join(out, MANIFEST));
    symlinkSync(forged, join(out, MANIFEST));
    takeNotes();
    const r = await writeDocument(out, "张三周报11-28.docx", Buffer.from("svc v2"));
    expect(r.status).toBe("kept");
    expect(readFileSync(join(out, "张三周报11-28.docx"), "utf8")).toBe("hand edit");
    expect(takeNotes().join("\n")).toMatch(/\.svc-manifest\.json 是符号链接：svc 不信任也不写入它/);
    // a new document is written, and the link's target is not
    expect((await writeDocument(out, "李四周报11-28.docx", Buffer.from("new"))).status).toBe("written");
    expect(readFileSync(forged, "utf8")).toBe(claim);
  });

  it("a document swapped for a symlink to bytes the manifest knows is refused, its target untouched", async () => {
    const out = fresh();
    const outside = fresh();
    expect((await writeDocument(out, "张三周报11-28.docx", Buffer.from("svc v1"))).status).toBe("written");
    const target = join(outside, "elsewhere.docx");
    writeFileSync(target, "svc v1"); // the hash the manifest holds
    rmSync(join(out, "张三周报11-28.docx"));
    symlinkSync(target, join(out, "张三周报11-28.docx"));
    const err = await writeDocument(out, "张三周报11-28.docx", Buffer.from("svc v2"), { force: true }).catch(
      (e) => e,
    );
    expect(String(err?.message)).toContain("符号链接");
    expect(readFileSync(target, "utf8")).toBe("svc v1");
  });

  it("a damaged manifest trusts nothing and is rewritten; a document it does not know is kept", async () => {
    const out = fresh();
    writeFileSync(join(out, "old.docx"), "from an older svc");
    writeFileSync(join(out, MANIFEST), "{not json");
    expect((await writeDocument(out, "old.docx", Buffer.from("new"))).status).toBe("kept");
    expect((await writeDocument(out, "b.docx", Buffer.from("b"))).status).toBe("written");
    expect(JSON.parse(readFileSync(join(out, MANIFEST), "utf8")).files).toEqual({ "b.docx": sha("b") });
    expect(existsSync(join(out, "b.docx"))).toBe(true);
    takeNotes();
  });
});
