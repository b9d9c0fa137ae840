// svc check's cache of vouched records (src/check/snapshot.ts, src/store/cache.ts): a warm check
// reads only what changed, and no change can hide behind the cache — not even one that keeps the
// file's size and modification time.
import { existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ageFiles, cleanup, sampleRepo, svcIn } from "./helpers.ts";

describe("svc check with its cache", () => {
  const dir = sampleRepo();
  afterAll(() => cleanup(dir));

  it("fills the cache, then still finds a change that keeps size and mtime", async () => {
    ageFiles(dir, "notices");
    const first = await svcIn(dir, ["check"]);
    expect(first.code).toBe(0);
    expect(existsSync(join(dir, ".git", "svc", "cache", "check-notice.json"))).toBe(true);

    const rel = join("notices", "2026", readdirSync(join(dir, "notices", "2026")).sort()[0]);
    const abs = join(dir, rel);
    const text = readFileSync(abs, "utf8");
    const mtime = statSync(abs).mtime;
    const bad = text.replace(/priority: (紧急|重要|一般)/, "priority: 特急");
    expect(Buffer.byteLength(bad)).toBe(Buffer.byteLength(text));
    writeFileSync(abs, bad);
    utimesSync(abs, mtime, mtime);

    const second = await svcIn(dir, ["check"]);
    expect(second.code).toBe(1);
    expect(second.stdout).toContain(rel.split("\\").join("/"));
    expect(second.stdout).toContain("特急");

    const off = await svcIn(dir, ["check"], undefined, { SVC_CACHE: "0" });
    expect(off.code).toBe(1);
    expect(off.stdout).toBe(second.stdout);
  });
});
