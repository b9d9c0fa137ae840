// The dashboard's search index built by svc in shards and pieces (issue 17 performance: the first
// search at 50,000 records ≤ 1 s). What the browser answers from the pieces a query needs must be
// what one whole MiniSearch index of the same documents answers; a changed document rebuilds only
// its shard.
import { createContext, runInContext } from "node:vm";
import MiniSearch from "minisearch";
import { beforeAll, describe, expect, it } from "vitest";
import { APP_JS, minisearchSource } from "../src/render/dashboard/assets.ts";
import {
  type MiniSearchClass,
  type SearchDoc,
  searchFiles,
  shardCount,
} from "../src/render/dashboard/search-index.ts";

/** Documents like the site's: ids of records, Chinese names and contents, a few latin words. */
function documents(n: number): SearchDoc[] {
  let seed = 17;
  const rand = (k: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % k;
  };
  const hanzi = "上海杭州化工明桂制造有限公司精华电子科技苏州伺服驱动器风扇更换运行正常维护预防性陈杰王李张";
  const word = (len: number) => Array.from({ length: len }, () => hanzi[rand(hanzi.length)]).join("");
  const docs: SearchDoc[] = [];
  for (let i = 0; i < n; i++) {
    const id = `L-2026${String(1 + (i % 12)).padStart(2, "0")}${String(1 + (i % 28)).padStart(2, "0")}-${i.toString(36).padStart(5, "0")}`;
    docs.push({
      id,
      t: `${word(6)}有限公司 · ${word(2)} · 在建`,
      u: `letters/${id}.html`,
      x: `${word(3 + rand(20))} PLC-${rand(400)} ${word(rand(30))}`,
    });
  }
  return docs.sort((a, b) => (a.id < b.id ? -1 : 1));
}

type Hit = { id: string; score: number; u: string };
interface Svc {
  parts: { shards: number; pieces: number };
  options(): object;
  piecesOf(q: string): number[];
  shardIndex(d: number, pieces: number[]): { search(q: string): Hit[] };
  searchAll(ix: { search(q: string): Hit[] }[], q: string): Hit[];
}

// 2,000 documents at 600 a shard: four shards of 32 pieces, as 10,000 at the site's 3,000 a shard
const PER_SHARD = 600;
const docs = documents(2_000);
let svc: Svc;

beforeAll(() => {
  const ctx = createContext({});
  ctx.window = ctx;
  runInContext(minisearchSource(), ctx);
  runInContext(APP_JS, ctx);
  for (const group of searchFiles(docs, "code", () => MiniSearch as unknown as MiniSearchClass, PER_SHARD))
    for (const text of group.make()) runInContext(text, ctx);
  svc = ctx.SVC as Svc;
});

describe("the dashboard's search index in shards (issue 17 performance)", () => {
  it("shards by the number of documents (a power of two, at most 8)", () => {
    expect(shardCount(100)).toBe(1);
    expect(shardCount(5000)).toBe(2);
    expect(shardCount(20_845)).toBe(8);
    expect(shardCount(1_000_000)).toBe(8);
    expect(shardCount(2_000, PER_SHARD)).toBe(4);
    expect(svc.parts.shards).toBe(4);
    expect(svc.parts.pieces).toBe(32);
  });

  it("answers from the pieces a query needs what one whole index of the documents answers", () => {
    const whole = new MiniSearch(svc.options() as ConstructorParameters<typeof MiniSearch>[0]);
    whole.addAll(docs);
    const all = Array.from({ length: svc.parts.pieces }, (_, p) => p);
    const every = Array.from({ length: svc.parts.shards }, (_, d) => svc.shardIndex(d, all));
    let found = 0;
    for (const q of [
      "杭州",
      "明桂制造有限公司",
      "伺服 风扇",
      "plc",
      "陈",
      "L-20260101",
      "00abc",
      "上海精华",
    ]) {
      const pieces = svc.piecesOf(q);
      expect(pieces.length, q).toBeLessThan(svc.parts.pieces);
      const some = Array.from({ length: svc.parts.shards }, (_, d) => svc.shardIndex(d, pieces));
      const hits = svc.searchAll(some, q);
      found += hits.length;
      // the same documents as the whole index (AND of prefixes: a document matches or not)
      expect(hits.map((h) => h.id).sort(), q).toEqual(
        whole
          .search(q)
          .map((h) => h.id)
          .sort(),
      );
      // and, shard by shard, the same scores as the shard's every piece gives
      expect(hits, q).toEqual(svc.searchAll(every, q));
    }
    expect(found).toBeGreaterThan(200); // a tenth of the documents, as before (1,000 of 10,000)
  });

  it("a changed document changes the key of its shard only", () => {
    const load = () => MiniSearch as unknown as MiniSearchClass;
    const before = searchFiles(docs, "code", load, PER_SHARD).map((g) => g.key);
    const changed = docs.map((d, i) => (i === 1234 ? { ...d, x: `${d.x} 补充` } : d));
    const after = searchFiles(changed, "code", load, PER_SHARD).map((g) => g.key);
    expect(after.filter((k, i) => k !== before[i]).length).toBe(1);
    expect(searchFiles(docs, "other code", load, PER_SHARD).every((g, i) => g.key !== before[i])).toBe(true);
  });
});
