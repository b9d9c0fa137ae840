// The dashboard's search index, built by svc (not in the browser) and shipped in pieces so that the
// first search at 50,000 records loads only what it needs (issue 17: ≤ 1 s).
//
// MiniSearch (the maintained library the site uses) serialises an index as a plain object
// (`toJSON()`, its documented `AsPlainObject`: document ids, field lengths, stored fields … and
// `index`, the list of [term, postings]); `MiniSearch.loadJSON(json, options)` loads one. svc splits
// the documents into D shards (by a hash of the id), builds one MiniSearch index a shard, and splits
// each serialised index in two: its base (everything but `index`) and its terms in T pieces by the
// term's first character. The browser loads the bases and, for a query, the pieces of the characters
// its words begin with (a prefix search only finds terms that begin with the word's first character),
// joins them into a whole serialised index again and loadJSON's it. A term's postings are whole in
// its piece and the base has the shard's every document, so the answers are those of the shard's
// whole index; the shards' answers are merged by score.
//
// A shard is built again only when its documents changed (its key in the site's manifest): after one
// commit, one shard of ~2,600 documents instead of 20,000. The tokenizer is the same code in svc and
// in the browser (SEARCH_KIT_JS) and uses no dictionary (Chinese as character pairs), so the terms of
// the index svc built are those the browser makes of a query, whatever its ICU.
import { createHash } from "node:crypto";
import { runInThisContext } from "node:vm";

/** One search document: id, title, page (relative URL), text. */
export interface SearchDoc {
  id: string;
  t: string;
  u: string;
  x: string;
}

/** The fields the index is built over and those it keeps for showing a hit (app.js uses the same). */
export const SEARCH_FIELDS = ["id", "t", "x"];
export const SEARCH_STORED = ["t", "u"];

/**
 * The tokenizer and the term → piece function, as source (run by svc here, and by the browser in
 * app.js): words split at spaces, punctuation and symbols, lower case; a run of Chinese characters
 * as its pairs of characters (a lone character as itself), so any two neighbouring characters of a
 * name find it.
 */
export const SEARCH_KIT_JS = `(function () {
  var han = /\\p{Script=Han}/u;
  var runs = /\\p{Script=Han}+|[^\\p{Script=Han}]+/gu;
  function tokenize(text) {
    var words = String(text == null ? "" : text).toLowerCase().split(/[\\s\\p{P}\\p{S}]+/u), out = [];
    for (var i = 0; i < words.length; i++) {
      var rs = words[i].match(runs) || [];
      for (var k = 0; k < rs.length; k++) {
        var r = rs[k];
        if (!han.test(r)) { out.push(r); continue; }
        var cs = Array.from(r);
        if (cs.length === 1) out.push(r);
        else for (var j = 0; j + 1 < cs.length; j++) out.push(cs[j] + cs[j + 1]);
      }
    }
    return out;
  }
  function termPiece(term, n) { return (term.codePointAt(0) || 0) % n; }
  return { tokenize: tokenize, termPiece: termPiece };
})()`;

interface Kit {
  tokenize(text: string): string[];
  termPiece(term: string, n: number): number;
}
let kit: Kit | undefined;
/** The kit as svc runs it: the very source the browser runs. */
export function searchKit(): Kit {
  kit ??= runInThisContext(SEARCH_KIT_JS) as Kit;
  return kit;
}

/**
 * Documents per shard aimed at; shards are a power of two, at most 8 (a commit rebuilds one shard:
 * ~2,600 documents at 50,000 records). Pieces: eight a shard (one for a lone shard), at most 64 — a query of a long Chinese
 * name (11 distinct first characters) loads about a sixth of the terms, 88 files. (16 shards of
 * ~1,300 made the first search no faster in Chromium: twice the files to load for the same bytes.)
 */
const PER_SHARD = 3000;
const MAX_SHARDS = 8;
const MAX_PIECES = 64;

export function shardCount(docs: number, perShard = PER_SHARD): number {
  let n = 1;
  while (n < MAX_SHARDS && n * perShard < docs) n *= 2;
  return n;
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * A group of the search's files made together: `assets/search/index.js` (the numbers of shards and
 * pieces), or one shard's base and its pieces. `key` is what they are made from (the manifest keeps
 * it: same key, same files); `make` gives their contents in the order of `rels`.
 */
export interface SearchFiles {
  rels: string[];
  key: string;
  make: () => string[];
  /** A shard's group (its `make` builds the shard's MiniSearch index). */
  shard?: true;
}

/** One shard's index to build: its documents and the number of pieces. */
export interface ShardJob {
  docs: readonly SearchDoc[];
  pieces: number;
}

/** One shard's serialised index: its base and its pieces' texts. */
export interface BuiltShard {
  base: string;
  pieces: string[];
}

/** A script that hands `value` (a string) to `SVC.<fn>(…args, value)`: `<` escaped, as in every script of the site. */
const call = (fn: string, args: number[], value: string) =>
  `SVC.${fn}(${[...args, JSON.stringify(value).replace(/</g, "\\u003c")].join(",")});\n`;

/**
 * The search's files for `docs` (sorted by id), in groups: each shard's base and pieces come from one
 * build of its MiniSearch index, made (by `make`) only for a group the caller does not keep.
 * `loadMiniSearch` gives the library's class (the caller loads it only when a shard is made);
 * `perShard`, the documents a shard is aimed at (a test's smaller department in as many shards).
 */
export function searchFiles(
  docs: readonly SearchDoc[],
  code: string,
  loadMiniSearch: () => MiniSearchClass,
  perShard = PER_SHARD,
): SearchFiles[] {
  const D = shardCount(docs.length, perShard);
  const T = D === 1 ? 1 : Math.min(MAX_PIECES, D * 8); // one shard (a small site): one piece
  const shards: SearchDoc[][] = Array.from({ length: D }, () => []);
  for (const d of docs) shards[fnv1a(d.id) % D].push(d);
  const groups: SearchFiles[] = [
    {
      rels: ["assets/search/index.js"],
      key: createHash("sha256").update(code).update(`${D}/${T}`).digest("hex"),
      make: () => [`SVC.searchShards(${D},${T});\n`],
    },
  ];
  shards.forEach((shard, d) => {
    const files = ({ base, pieces }: BuiltShard) => [
      call("searchBase", [d], base),
      ...pieces.map((x, p) => call("searchPiece", [d, p], x)),
    ];
    groups.push({
      rels: [`assets/search/${d}.js`, ...Array.from({ length: T }, (_, p) => `assets/search/${d}-${p}.js`)],
      key: createHash("sha256")
        .update(code)
        .update(`${D}/${T}/${d}\n`)
        .update(JSON.stringify(shard))
        .digest("hex"),
      make: () => files(buildShard({ docs: shard, pieces: T }, loadMiniSearch())),
      shard: true,
    });
  });
  return groups;
}

export interface MiniSearchClass {
  new (options: {
    idField: string;
    fields: string[];
    storeFields: string[];
    tokenize: (s: string) => string[];
  }): { addAll(docs: readonly object[]): void; toJSON(): { index: [string, unknown][] } & object };
}

/**
 * One shard's serialised index: its base (`index` emptied, last) and its terms' entries in T pieces
 * (the same function in svc and in the tests).
 */
export function buildShard({ docs, pieces: T }: ShardJob, MiniSearch: MiniSearchClass): BuiltShard {
  const { tokenize, termPiece } = searchKit();
  const ms = new MiniSearch({ idField: "id", fields: SEARCH_FIELDS, storeFields: SEARCH_STORED, tokenize });
  ms.addAll(docs);
  const { index, ...rest } = ms.toJSON();
  // the base ends with `"index":[]}`: the browser puts the pieces it has between the brackets
  const base = JSON.stringify({ ...rest, index: [] });
  const parts: string[][] = Array.from({ length: T }, () => []);
  for (const entry of index) parts[termPiece(entry[0], T)].push(JSON.stringify(entry));
  return { base, pieces: parts.map((p) => p.join(",")) };
}
