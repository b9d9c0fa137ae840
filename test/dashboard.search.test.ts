// The dashboard's search (issue 17): the shipped MiniSearch, the documents and the site's tokenizer,
// run as the browser runs them (one global scope), over the sample's site (the November site of
// 2026-12-01, built once per worker: dashboard.site-kit.ts).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createContext, runInContext } from "node:vm";
import { beforeAll, describe, expect, it } from "vitest";
import { sampleSite } from "./dashboard.site-kit.ts";

type Hit = { id: string; u: string; t: string };
let search: (q: string) => Hit[];
let tokenize: (s: string) => string[];
let out: string;

beforeAll(async () => {
  out = await sampleSite();
  const ctx = createContext({ Intl });
  ctx.window = ctx;
  // the scripts the page loads: MiniSearch, the site's script, the index's files (built by svc)
  const scripts = [
    "minisearch.js",
    "app.js",
    ...readdirSync(join(out, "assets", "search"))
      .sort()
      .map((f) => `search/${f}`),
  ];
  for (const f of scripts) runInContext(readFileSync(join(out, "assets", f), "utf8"), ctx, { filename: f });
  const SVC = ctx.SVC;
  search = (q) => {
    const pieces = SVC.piecesOf(q);
    const indexes = Array.from({ length: SVC.parts.shards }, (_, d) => SVC.shardIndex(d, pieces));
    return SVC.searchAll(indexes, q);
  };
  tokenize = SVC.tokenize;
});

describe("dashboard search (issue 17)", () => {
  it("finds a customer by a part of its Chinese name", () => {
    const hits = search("精华");
    expect(hits[0]?.u).toBe("customers/sz-jinghua.html");
    expect(search("苏州精华电子").some((h) => h.u === "customers/sz-jinghua.html")).toBe(true);
  });

  it("finds a letter by its id or by the random part of it, an engineer by name", () => {
    expect(search("L-20261008-av17s")[0]?.u).toBe("letters/L-20261008-av17s.html");
    expect(search("av17s")[0]?.u).toBe("letters/L-20261008-av17s.html");
    expect(search("陈杰").some((h) => h.u === "engineers/chenjie.html")).toBe(true);
  });

  it("finds a notice by its contents", () => {
    const hits = search("预防性维护");
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => /^(notices|letters)\//.test(h.u))).toBe(true);
  });

  it("splits Chinese into character pairs (no dictionary: the same terms in svc and every browser), latin into words", () => {
    const words = tokenize("苏州精华电子科技 PLC-200");
    expect(words).toContain("plc");
    expect(words).toContain("200");
    expect(words).toContain("精华");
    expect(tokenize("精华")).toEqual(["精华"]);
    expect(tokenize("陈")).toEqual(["陈"]);
  });

  it("the index holds no phone number", () => {
    // (a number after a point is a field's average length, not a phone number)
    for (const f of readdirSync(join(out, "assets", "search")))
      expect(readFileSync(join(out, "assets", "search", f), "utf8"), f).not.toMatch(/(?<![\d.])1[3-9]\d{9}/);
  });
});
