// The index-keyed cache's delta (src/store/cache.ts IndexedCache): after one record changed, a
// command writes what changed beside the cache file instead of rewriting it whole (issue 17's
// incremental build after one commit, `svc due` after a commit); a delta of another base is ignored,
// a large one is folded into the file.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { IndexedCache } from "../src/store/cache.ts";
import { listRecordFiles } from "../src/store/read.ts";

const SALT = "test-salt";
const past = new Date(Date.now() - 3_600_000);

/** A kind's folder of `n` files (old enough to be cached by their stat) and a cache folder. */
function department(n: number) {
  const root = mkdtempSync(join(tmpdir(), "svc-delta-"));
  mkdirSync(join(root, "letters", "2026"), { recursive: true });
  for (let i = 0; i < n; i++) writeLetter(root, i, `text ${i}`);
  return { root, cache: join(root, ".git", "svc", "cache") };
}

const rel = (i: number) => `letters/2026/L-${String(i).padStart(4, "0")}.yaml`;
function writeLetter(root: string, i: number, text: string) {
  writeFileSync(join(root, rel(i)), text);
  utimesSync(join(root, rel(i)), past, past);
}

/** One command's read of every file through the cache: what it gave, and how many files it parsed. */
function read(root: string, cacheFolder: string) {
  const c = IndexedCache.open(cacheFolder, "letter").use(SALT);
  const { files } = c.listing(root, "letters", (folders) => listRecordFiles(root, "letters", folders));
  let parsed = 0;
  const got = files.map((f, i) =>
    c.get(root, f, i, undefined, (onBytes) => {
      parsed++;
      const b = readFileSync(join(root, f));
      onBytes(b);
      return { file: f, text: b.toString("utf8") };
    }),
  );
  c.save();
  return { got, parsed };
}

/** A department of `n` files read twice, file `changed` changed in between: the delta that made. */
function withDelta(n: number, changed: number) {
  const { root, cache } = department(n);
  read(root, cache);
  writeLetter(root, changed, "changed");
  read(root, cache);
  const deltaFile = join(cache, "ix-letter.delta.json");
  return { root, cache, deltaFile, delta: JSON.parse(readFileSync(deltaFile, "utf8")) };
}

describe("the index-keyed cache's delta", () => {
  it("issue 17: one changed file is written as a delta; the cache file stays; the next read uses both", () => {
    const { root, cache } = department(200);
    expect(read(root, cache).parsed).toBe(200);
    const file = join(cache, "ix-letter.json");
    const written = statSync(file).mtimeMs;
    writeLetter(root, 7, "changed");
    const second = read(root, cache);
    expect(second.parsed).toBe(1);
    expect(statSync(file).mtimeMs).toBe(written);
    const delta = JSON.parse(readFileSync(join(cache, "ix-letter.delta.json"), "utf8"));
    expect(delta.set).toHaveLength(3); // rel, key, data of the one changed file
    expect(delta.set[0]).toBe(rel(7));
    expect(delta.base).toBe(JSON.parse(readFileSync(file, "utf8")).id);
    const third = read(root, cache);
    expect(third.parsed).toBe(0);
    expect(third.got.find((g) => g?.file === rel(7))?.text).toBe("changed");
    expect(third.got.map((g) => g?.text)).toEqual(second.got.map((g) => g?.text));
  });

  it("issue 17: a delta made against another cache file is not used (the file was rewritten since)", () => {
    const { root, cache, deltaFile, delta } = withDelta(100, 3);
    // the delta says the file is as the cache had it before the change: believed only with its base
    delta.set[2] = { file: rel(3), text: "a stale projection" };
    writeFileSync(deltaFile, JSON.stringify({ ...delta, base: "another-file" }));
    const { got, parsed } = read(root, cache);
    expect(parsed).toBe(1); // the changed file parsed again, not taken from the foreign delta
    expect(got.find((g) => g?.file === rel(3))?.text).toBe("changed");
  });

  it("issue 17: a damaged delta is ignored, never a crash", () => {
    const { root, cache, deltaFile, delta } = withDelta(50, 1);
    for (const bad of [
      "{not json",
      JSON.stringify({ ...delta, set: [1, 2] }),
      JSON.stringify({ ...delta, rels: [1, 2, 3] }),
      JSON.stringify({ ...delta, listing: { folders: "x", files: 3 } }),
      JSON.stringify({ ...delta, rels: ["letters/2026/nowhere.yaml"] }),
    ]) {
      writeFileSync(deltaFile, bad);
      const { got } = read(root, cache);
      expect(got.find((g) => g?.file === rel(1))?.text).toBe("changed");
      expect(got).toHaveLength(50);
    }
  });

  it("issue 17: many changes are folded into the cache file, written whole, the delta removed", () => {
    const { root, cache } = department(100);
    read(root, cache);
    const file = join(cache, "ix-letter.json");
    const id = JSON.parse(readFileSync(file, "utf8")).id;
    for (let i = 0; i < 70; i++) writeLetter(root, i, `changed ${i}`); // more than the delta holds (64)
    expect(read(root, cache).parsed).toBe(70);
    expect(existsSync(join(cache, "ix-letter.delta.json"))).toBe(false);
    expect(JSON.parse(readFileSync(file, "utf8")).id).not.toBe(id);
    const after = read(root, cache);
    expect(after.parsed).toBe(0);
    expect(after.got[69]?.text).toBe("changed 69");
  });

  it("issue 17: a file added or removed since is in the delta's own order of files", () => {
    const { root, cache } = department(30);
    read(root, cache);
    writeLetter(root, 30, "new one");
    const second = read(root, cache);
    expect(second.parsed).toBe(1);
    const third = read(root, cache);
    expect(third.parsed).toBe(0);
    expect(third.got.map((g) => g?.file)).toEqual(second.got.map((g) => g?.file));
    expect(third.got).toHaveLength(31);
  });
});
