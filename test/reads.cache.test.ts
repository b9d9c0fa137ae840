// Issue 18 (the whole walk's peak memory): the first `svc check --history` of a copied repository held
// the old parse caches' 50,000 records — none usable, every file's stat having changed — beside the
// new ones (927 MB). A cache file of another folder (a copy, a backup restored) is now discarded
// without being parsed, and a stale entry is let go when its file is looked at.
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, expect, test, vi } from "vitest";
import { ParseCache } from "../src/store/cache.ts";
import { cleanup, tempDir } from "./helpers.ts";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) cleanup(d);
});

test("issue 18 parse cache: a copied repository's cache is discarded unread; the original's is used", () => {
  const a = tempDir();
  const b = `${a}-copy`;
  dirs.push(a, b);
  const cache = (root: string) => join(root, ".git", "svc", "cache");
  mkdirSync(cache(a), { recursive: true });
  writeFileSync(join(a, "r.yaml"), "id: x\n");
  const before = Date.now() - 10_000; // not racy: the entry is kept
  vi.setSystemTime(Date.now() + 10_000);
  try {
    const first = ParseCache.open(cache(a), "letter", "s");
    expect(first.get("r.yaml", join(a, "r.yaml"), () => ({ id: "x" }))).toEqual({ id: "x" });
    first.save();
  } finally {
    vi.useRealTimers();
  }
  expect(before).toBeLessThan(Date.now());
  // The original: used.
  const parse = vi.fn(() => ({ id: "parsed again" }));
  expect(ParseCache.open(cache(a), "letter", "s").get("r.yaml", join(a, "r.yaml"), parse)).toEqual({
    id: "x",
  });
  expect(parse).not.toHaveBeenCalled();
  // A copy (its cache folder is another folder): not even parsed, and every file read afresh.
  cpSync(a, b, { recursive: true, preserveTimestamps: true });
  const json = vi.spyOn(JSON, "parse");
  try {
    const copied = ParseCache.open(cache(b), "letter", "s");
    expect(json).not.toHaveBeenCalled();
    expect(copied.get("r.yaml", join(b, "r.yaml"), parse)).toEqual({ id: "parsed again" });
  } finally {
    json.mockRestore();
  }
  // Another salt (the schemas changed): discarded unread too.
  const other = vi.spyOn(JSON, "parse");
  try {
    ParseCache.open(cache(a), "letter", "t");
    expect(other).not.toHaveBeenCalled();
  } finally {
    other.mockRestore();
  }
});
