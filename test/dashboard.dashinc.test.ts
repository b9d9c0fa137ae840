// svc dashboard's incremental build at 50k (issue 17, performance, wave 5): the kinds the site reads
// whole come through git's index (Store.useIndex → IndexedCache, as `svc due`'s), and the stat-keyed
// parse cache saves without a replacer. An incremental build must still equal a full build without
// any of svc's caches, byte for byte — after a hand edit that keeps the size and the modification
// time, and after two commits in a row.
import { existsSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { cacheDir, ParseCache } from "../src/store/cache.ts";
import { build, differences } from "./dashboard.site-kit.ts";
import { ageFiles, git, sampleRepo, tempDir } from "./helpers.ts";

const LETTER = "letters/2026/L-20261117-rq48r.yaml";
const SIGNED = "letters/2026/L-20261023-gfe5j.yaml"; // the customer's signature scan attached
const SCAN = "assets/files/52e8b2b912cecc831015dd3ef9f948b7ec62f22e976def87fa2bb1ba23c94a99.png";

/** Until the clock is in a later second than now (IndexedCache's margin of 100 ms too). */
async function nextSecond(): Promise<void> {
  const start = Math.floor(Date.now() / 1000);
  while (Math.floor((Date.now() - 100) / 1000) <= start) await new Promise((r) => setTimeout(r, 50));
}

/** Replace `from` by `to` (the same length) in the file, its modification time put back as it was. */
function sameSizeEdit(repo: string, rel: string, from: string, to: string): void {
  expect(Buffer.byteLength(to)).toBe(Buffer.byteLength(from));
  const file = join(repo, rel);
  const before = statSync(file);
  const text = readFileSync(file, "utf8");
  expect(text).toContain(from);
  writeFileSync(file, text.replace(from, to));
  utimesSync(file, before.atime, before.mtime);
  expect(statSync(file).size).toBe(before.size);
  expect(statSync(file).mtimeMs).toBe(before.mtimeMs);
}

/**
 * The sample, its letters aged, and the first build of its site: one for the two tests of what that
 * build keeps (each rebuilds, the second then edits a letter) — built by whichever runs first.
 */
let first: Promise<{ repo: string; site: string }> | undefined;
function firstBuild(): Promise<{ repo: string; site: string }> {
  first ??= (async () => {
    const repo = sampleRepo();
    ageFiles(repo, "letters", { folders: true });
    const site = join(tempDir(), "site");
    // an entry is made by blob id only of a file changed (its ctime: the copy's) in an earlier second
    // than the read, git comparing times to the second (IndexedCache.get): at most a second's wait
    await nextSecond();
    await build(repo, site);
    return { repo, site };
  })();
  return first;
}

describe("svc dashboard incremental build (issue 17 performance, wave 5)", () => {
  it("issue 17: reads the whole kinds through git's index (ix-<kind>.json), not rewritten when nothing changed", async () => {
    const { repo, site } = await firstBuild();
    const ix = join(repo, ".git", "svc", "cache", "ix-letter.json");
    const cached = JSON.parse(readFileSync(ix, "utf8")) as { entries: unknown[] };
    const letters = git(repo, ["ls-files", "letters/*.yaml"]).trim().split("\n").length;
    expect(cached.entries.length).toBe(2 * letters);
    const written = statSync(ix).mtimeMs;
    expect(await build(repo, site)).toBe("0");
    expect(statSync(ix).mtimeMs).toBe(written); // every file vouched for: nothing parsed, nothing saved
  });

  it("issue 17: keeps the records' digests by their blob ids (dashboard-digests.json), not rewritten when nothing changed", async () => {
    const { repo, site } = await firstBuild();
    const file = join(repo, ".git", "svc", "cache", "dashboard-digests.json");
    const kept = JSON.parse(readFileSync(file, "utf8")) as { salt: string; d: Record<string, string> };
    const blob = git(repo, ["hash-object", LETTER]).trim();
    expect(kept.d[`letter ${blob}`]).toMatch(/^[0-9a-f]{64}$/);
    const letters = git(repo, ["ls-files", "letters/*.yaml"]).trim().split("\n").length;
    expect(Object.keys(kept.d).filter((k) => k.startsWith("letter ")).length).toBe(letters);
    const written = statSync(file).mtimeMs;
    expect(await build(repo, site)).toBe("0");
    expect(statSync(file).mtimeMs).toBe(written);
    // an edited letter: a digest of its new blob, the old one dropped, the site as a full build's
    writeFileSync(
      join(repo, LETTER),
      readFileSync(join(repo, LETTER), "utf8").replace(/^(\s*text: .*)$/m, "$1（补充）"),
    );
    git(repo, ["commit", "-qam", "letter by hand"]);
    await nextSecond();
    expect(await build(repo, site)).not.toBe("0");
    expect(await differences(repo, site)).toEqual([]);
    const after = JSON.parse(readFileSync(file, "utf8")) as { d: Record<string, string> };
    expect(after.d[`letter ${blob}`]).toBeUndefined();
    expect(after.d[`letter ${git(repo, ["hash-object", LETTER]).trim()}`]).toMatch(/^[0-9a-f]{64}$/);
  });

  it("issue 17: the digests say which records carry an attachment (<sha256>+); a site built from them has every attachment", async () => {
    const { repo, site } = await firstBuild(); // its digests all made anew, each record walked
    const kept = JSON.parse(
      readFileSync(join(repo, ".git", "svc", "cache", "dashboard-digests.json"), "utf8"),
    ) as {
      d: Record<string, string>;
    };
    const of = (rel: string) => kept.d[`letter ${git(repo, ["hash-object", rel]).trim()}`];
    expect(of(SIGNED)).toMatch(/^[0-9a-f]{64}\+$/);
    expect(of(LETTER)).toMatch(/^[0-9a-f]{64}$/);
    // a new site from the kept digests: only the records they name walked for attachments
    const again = join(tempDir(), "again");
    await build(repo, again);
    expect(existsSync(join(again, SCAN))).toBe(true);
    const page = (dir: string) => readFileSync(join(dir, "letters", "L-20261023-gfe5j.html"));
    expect(page(again).equals(page(site))).toBe(true);
  });

  it("issue 17: a hand edit keeping the size and the modification time, then two commits in a row: equal to a full build", async () => {
    const repo = sampleRepo();
    ageFiles(repo, "letters", { folders: true });
    const site = join(tempDir(), "site");
    await build(repo, site);

    // a hand edit git's stat test alone would miss by size and time (its ctime and content differ)
    const text = readFileSync(join(repo, LETTER), "utf8");
    const line = /^\s*text: (.+)$/m.exec(text)?.[1];
    expect(line).toBeDefined();
    const ch = [...line!][0]!;
    const other = ch === "甲" ? "乙" : "甲"; // the same UTF-8 length as a CJK character
    const to = ch.length === 1 && Buffer.byteLength(ch) === 3 ? other : "x".repeat(Buffer.byteLength(ch));
    sameSizeEdit(repo, LETTER, ch, to);
    expect(await build(repo, site)).not.toBe("0");
    expect(await differences(repo, site)).toEqual([]);

    // two commits in a row, one build after each
    for (const n of [1, 2]) {
      const file = join(repo, LETTER);
      writeFileSync(file, readFileSync(file, "utf8").replace(/^(\s*text: .*)$/m, `$1（补充 ${n}）`));
      git(repo, ["commit", "-qam", `letter by hand ${n}`]);
      expect(await build(repo, site)).not.toBe("0");
      expect(await differences(repo, site)).toEqual([]);
    }
  });
});

describe("ParseCache.save (issue 17: the letter cache after one change)", () => {
  afterEach(() => vi.restoreAllMocks());

  it("issue 17: writes with a plain JSON.stringify (no replacer over every entry), still leaving out .inf", () => {
    const dir = tempDir();
    const old = (Date.now() - 60_000) / 1000;
    for (const name of ["a", "b"]) {
      writeFileSync(join(dir, `${name}.yaml`), name);
      utimesSync(join(dir, `${name}.yaml`), old, old);
    }
    const open = () => ParseCache.open(cacheDir(join(dir, ".git"), {}), "letter");
    const c = open();
    c.get("a.yaml", join(dir, "a.yaml"), () => ({ amount: 1 }));
    c.get("b.yaml", join(dir, "b.yaml"), () => ({ amount: Number.POSITIVE_INFINITY }));
    const stringify = vi.spyOn(JSON, "stringify");
    c.save();
    expect(stringify).toHaveBeenCalled();
    for (const call of stringify.mock.calls) expect(typeof call[1]).not.toBe("function");
    vi.restoreAllMocks();
    let parsed = 0;
    const again = open();
    expect(again.get("a.yaml", join(dir, "a.yaml"), () => ({ amount: ++parsed }))).toEqual({ amount: 1 });
    expect(parsed).toBe(0);
    expect(again.get("b.yaml", join(dir, "b.yaml"), () => ({ amount: -1 }))).toEqual({ amount: -1 }); // not kept
  });
});
