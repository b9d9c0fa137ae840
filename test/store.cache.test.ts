// The parsed-record cache (src/store/cache.ts): derived, disposable, used only while a file's stat is
// the one it was parsed from.
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { letterHead } from "../src/domain/views.ts";
import { weekliesAround } from "../src/render/reports.ts";
import { cacheDir, ParseCache } from "../src/store/cache.ts";
import { Store } from "../src/store/store.ts";
import { ageFiles, cleanup, freshRepo, SUP, sampleRepo, svcIn, tempDir } from "./helpers.ts";

describe("ParseCache", () => {
  it("lives in .git/svc/cache, unless SVC_CACHE=0", () => {
    expect(cacheDir("/r/.git", {})).toBe(join("/r/.git", "svc", "cache"));
    expect(cacheDir("/r/.git", { SVC_CACHE: "0" })).toBeUndefined();
    expect(cacheDir(undefined, {})).toBeUndefined();
  });

  const dir = tempDir();
  afterAll(() => cleanup(dir));
  const gitDir = join(dir, ".git");
  mkdirSync(gitDir);
  const file = join(dir, "a.yaml");
  const old = (Date.now() - 60_000) / 1000;
  const write = (text: string) => {
    writeFileSync(file, text);
    utimesSync(file, old, old); // not racy: modified a minute ago
  };
  let parses = 0;
  const parse = () => {
    parses++;
    const text = readFileSync(file, "utf8");
    return text.startsWith("bad") ? undefined : { text };
  };
  const read = () => {
    const c = ParseCache.open(cacheDir(gitDir, {}), "notice");
    const got = c.get("a.yaml", file, parse);
    c.save();
    return got;
  };

  it("parses once, then answers from the cache while the file is unchanged", () => {
    write("one");
    expect(read()).toEqual({ text: "one" });
    expect(read()).toEqual({ text: "one" });
    expect(parses).toBe(1);
  });

  it("parses again when the file changed (same size too)", () => {
    write("two");
    expect(read()).toEqual({ text: "two" });
    expect(parses).toBe(2);
    expect(read()).toEqual({ text: "two" });
    expect(parses).toBe(2);
  });

  it("never caches a file modified just now (racy), nor a broken one", () => {
    writeFileSync(file, "new!");
    expect(read()).toEqual({ text: "new!" });
    expect(read()).toEqual({ text: "new!" });
    expect(parses).toBe(4);
    write("bad");
    expect(read()).toBeUndefined();
    expect(read()).toBeUndefined();
    expect(parses).toBe(6);
  });

  it("leaves out what JSON cannot hold (YAML .inf), and the earlier V8 file", () => {
    const legacy = join(gitDir, "svc", "cache", "notice.v8");
    writeFileSync(legacy, "old");
    write("inf");
    const inf = () => ({ amount: Number.POSITIVE_INFINITY });
    let calls = 0;
    const once = () => {
      const c = ParseCache.open(cacheDir(gitDir, {}), "notice");
      const got = c.get("a.yaml", file, () => {
        calls++;
        return inf();
      });
      c.save();
      return got;
    };
    expect(once()).toEqual(inf());
    expect(once()).toEqual(inf()); // not from the cache (it would have read back null)
    expect(calls).toBe(2);
    expect(existsSync(legacy)).toBe(false);
  });

  it("ignores an unreadable cache file, and keeps nothing without a git dir", () => {
    write("three");
    writeFileSync(join(gitDir, "svc", "cache", "notice.json"), "garbage");
    expect(read()).toEqual({ text: "three" });
    expect(parses).toBe(7);
    const none = ParseCache.open(undefined, "notice");
    expect(none.get("a.yaml", file, parse)).toEqual({ text: "three" });
    none.save();
    expect(parses).toBe(8);
  });
});

describe("Store.projected", () => {
  const dir = sampleRepo();
  afterAll(() => cleanup(dir));

  it("gives what projecting the whole records gives, from the cache too", async () => {
    ageFiles(dir, "letters");
    const open = () => Store.open({ cwd: dir, env: {} });
    const whole = (await open()).list("letter").map(letterHead);
    expect(whole.length).toBeGreaterThan(40);
    expect((await open()).projected("letter", "head", letterHead)).toEqual(whole);
    expect(existsSync(join(dir, ".git", "svc", "cache", "letter-head.json"))).toBe(true);
    expect((await open()).projected("letter", "head", letterHead)).toEqual(whole);
    // A letter edited by hand is projected afresh.
    const rel = join("letters", "2026", readdirSync(join(dir, "letters", "2026")).sort()[0]);
    const text = readFileSync(join(dir, rel), "utf8");
    writeFileSync(join(dir, rel), text.replace(/^engineer: .*$/m, "engineer: someone-else"));
    const again = (await open()).projected("letter", "head", letterHead);
    expect(again.filter((l) => l.engineer === "someone-else")).toHaveLength(1);
  });
});

describe("svc.yaml, remembered once valid (built CLI)", () => {
  const dir = freshRepo();
  afterAll(() => cleanup(dir));

  it("is validated again as soon as it changes: a broken edit is reported with its place", async () => {
    ageFiles(dir, "."); // not racy
    expect((await svcIn(dir, ["due", "--json"], SUP)).code).toBe(0);
    const cached = join(dir, ".git", "svc", "cache", "config.json");
    expect(existsSync(cached)).toBe(true);
    expect((await svcIn(dir, ["due", "--json"], SUP)).code).toBe(0); // from the cache
    const file = join(dir, "svc.yaml");
    const text = readFileSync(file, "utf8");
    writeFileSync(file, text.replace(/^timezone: .*$/m, "timezone: 42"));
    const broken = await svcIn(dir, ["due", "--json"], SUP);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/svc\.yaml:\d+:\d+: /);
  });
});

describe("Store.listWhere and the month's weekly reports", () => {
  const dir = sampleRepo();
  afterAll(() => cleanup(dir));

  it("reads only the weekly reports of the weeks around a month, the same records as a full read", async () => {
    const keep = weekliesAround("2026-11");
    expect(keep("W-20261031-zhangwei")).toBe(true); // a week's margin
    expect(keep("W-20261205-zhangwei")).toBe(true);
    expect(keep("W-20261024-zhangwei")).toBe(false);
    expect(keep("W-20261212-zhangwei")).toBe(false);
    const some = (await Store.open({ cwd: dir, env: {} })).listWhere("weekly", keep);
    const all = (await Store.open({ cwd: dir, env: {} })).list("weekly").filter((w) => keep(w.id));
    expect(some.length).toBeGreaterThan(0);
    expect(some.length).toBeLessThan((await Store.open({ cwd: dir, env: {} })).list("weekly").length);
    expect(some.map((w) => w.id).sort()).toEqual(all.map((w) => w.id).sort());
  });
});
