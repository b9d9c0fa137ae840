// The dashboard's assets: its stylesheet (with the print stylesheet), its icon and its script (the
// search: MiniSearch over the documents html.ts writes, with a Chinese-aware tokenizer), and
// MiniSearch's browser build, shipped into the site's folder.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { SEARCH_FIELDS, SEARCH_KIT_JS, SEARCH_STORED } from "./search-index.ts";

// The last lines came from looking at the site in Chromium (test/dashboard.browser*.test.ts): a chart's
// labels are laid out by vega's estimate of their width and drawn a little wider in a CJK font, so
// they may show past the SVG's box (into the figure's padding) instead of being cut; a record id
// never breaks inside; printed, a page has margins and a long table starts on the page it comes on
// (rows, not the whole table, kept together; its header repeated).
export const CSS = `:root{--fg:#1b1f24;--muted:#5b6470;--line:#d9dee4;--bg:#f6f7f9;--card:#fff;--ok:#2e7d32;--warn:#b26a00;--bad:#c62828;--link:#1554b0}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC","Noto Sans SC",sans-serif;color:var(--fg);background:var(--bg)}
a{color:var(--link);text-decoration:none}a:hover{text-decoration:underline}
header.top{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;padding:.6rem 1rem;background:#20324a;color:#fff;position:sticky;top:0;z-index:2}
header.top a{color:#fff}header.top .home{font-weight:600}header.top nav a{margin-right:.8rem}
.search{position:relative;flex:1 1 16rem;max-width:32rem}
.search input{width:100%;padding:.35rem .6rem;border-radius:4px;border:0;font:inherit}
#search-results{position:absolute;left:0;right:0;top:2.2rem;margin:0;padding:.3rem 0;list-style:none;background:#fff;color:var(--fg);border:1px solid var(--line);border-radius:4px;max-height:70vh;overflow:auto;box-shadow:0 4px 16px rgba(0,0,0,.15)}
#search-results li{padding:.25rem .8rem}#search-results li a{color:var(--link)}#search-results small{color:var(--muted);display:block}
main{max-width:1200px;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:.4rem 0}h1 small,h2 small{color:var(--muted);font-weight:normal;font-size:.8em}
h2{font-size:1.15rem;margin:1.4rem 0 .5rem;border-bottom:1px solid var(--line);padding-bottom:.2rem}
.asof,.small,.none{color:var(--muted)}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(15rem,1fr));gap:.8rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:.6rem .9rem}
.card h3{margin:0;font-size:.95rem;color:var(--muted);font-weight:500}.card .big{font-size:1.8rem;margin:.2rem 0}.card .small{margin:0;font-size:.85rem}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,34rem),1fr));gap:.8rem}
figure{margin:0}figure.chart{background:#fff;border:1px solid var(--line);border-radius:6px;padding:.5rem;overflow-x:auto}
figure.chart svg{max-width:100%;height:auto}figcaption{font-size:.85rem;color:var(--muted)}
.scroll{overflow-x:auto;background:var(--card);border:1px solid var(--line);border-radius:6px}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{text-align:left;padding:.35rem .6rem;border-bottom:1px solid var(--line);vertical-align:top}
th{background:#eef1f5;font-weight:600;white-space:nowrap}td.nw{white-space:nowrap}
dl.fields{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;background:var(--card);border:1px solid var(--line);border-radius:6px;padding:.6rem .9rem}
dl.fields dt{color:var(--muted)}dl.fields dd{margin:0;overflow-wrap:anywhere}
.twocol{display:grid;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr));gap:.8rem;margin-bottom:.8rem}
ul.people{display:flex;flex-wrap:wrap;gap:.4rem 1rem;list-style:none;padding:0}
ol.timeline{list-style:none;padding:0;border-left:3px solid var(--line);margin-left:.4rem}
ol.timeline li{position:relative;padding:.3rem 0 .3rem 1rem}
ol.timeline li::before{content:"";position:absolute;left:-.45rem;top:.75rem;width:.6rem;height:.6rem;border-radius:50%;background:#20324a}
ol.timeline time{color:var(--muted);font-variant-numeric:tabular-nums}
.what{font-weight:600}.commit{display:block;color:var(--muted);font-size:.85rem;overflow-wrap:anywhere}
.ok{color:var(--ok)}.warn{color:var(--warn)}.bad{color:var(--bad);font-weight:600}
ul.attachments{display:flex;flex-wrap:wrap;gap:1rem;list-style:none;padding:0}
ul.attachments img{max-width:16rem;max-height:12rem;border:1px solid var(--line)}
footer{max-width:1200px;margin:2rem auto;padding:0 1rem;color:var(--muted);font-size:.85rem}
@media (max-width:600px){main{padding:.6rem}dl.fields{grid-template-columns:1fr}dl.fields dt{font-weight:600}.card .big{font-size:1.5rem}header.top nav{order:3}
.cards{grid-template-columns:repeat(2,minmax(0,1fr));gap:.5rem}.card{padding:.5rem .6rem}
.scroll:not(.grid) table,.scroll:not(.grid) tbody,.scroll:not(.grid) tr,.scroll:not(.grid) td{display:block}.scroll:not(.grid) thead{display:none}
.scroll:not(.grid) tr{padding:.35rem 0;border-bottom:1px solid var(--line)}.scroll:not(.grid) td{border:0;padding:.05rem .6rem}
.scroll:not(.grid) td[data-label]::before{content:attr(data-label);color:var(--muted);display:inline-block;min-width:5.5em;margin-right:.5em}
.scroll.grid th,.scroll.grid td{padding:.3rem .45rem;white-space:nowrap}.scroll.grid th:first-child,.scroll.grid td:first-child{position:sticky;left:0;z-index:1}
.scroll.grid td:first-child{background:var(--card)}.scroll.grid th:first-child{background:#eef1f5}
.scroll:not(.grid) [data-testid$=due-table] tr{display:flex;flex-wrap:wrap;align-items:baseline;gap:0 .6em;padding:.35rem .6rem}
.scroll:not(.grid) [data-testid$=due-table] td{padding:0}.scroll:not(.grid) [data-testid$=due-table] td::before{display:none}.scroll:not(.grid) [data-testid$=due-table] td:last-child{flex-basis:100%}
figure.chart svg{max-width:none;display:block;margin-right:2.5rem}}
@media print{header.top,.search,#search-results{display:none}body{background:#fff;font-size:11pt}main{max-width:none;padding:0}
.card,.scroll,figure.chart,dl.fields{border:1px solid #999;break-inside:avoid}a{color:inherit}.scroll{overflow:visible}
section{break-inside:auto}h2{break-after:avoid}footer{margin:1rem 0}}
figure.chart svg{overflow:visible}
table[data-testid=due-table] td:nth-child(4),td a[href*="letters/"],td a[href*="notices/"],td a[href*="equipment/"]{white-space:nowrap}
@page{margin:12mm}
@media print{.scroll{break-inside:auto}tr{break-inside:avoid}thead{display:table-header-group}}
nav.months{margin:-.2rem 0 .6rem;color:var(--muted);font-size:.9rem}nav.months strong{color:var(--fg)}nav.months a,nav.months strong{white-space:nowrap}
code.cmd{font-size:.78em;color:var(--muted);background:#eef1f5;border-radius:3px;padding:0 .3em;white-space:nowrap}
`;

/** The site's icon (asked for by every browser; here, so nothing is fetched from outside the folder). */
export const ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#20324a"/><path d="M4 11V7h2v4zm3 0V4h2v7zm3 0V6h2v5z" fill="#fff"/></svg>
`;

/**
 * The site's script: the search. svc built its index (search-index.ts): `assets/search/index.js`
 * names D shards and T pieces; a shard's base is `assets/search/<d>.js`, its terms beginning with
 * the characters of piece p `assets/search/<d>-<p>.js`. On first use the page loads MiniSearch and the
 * bases; for a query, the pieces its words need (the same tokenizer as svc's), and loads each shard's
 * index (MiniSearch.loadJSON) from its base and the pieces it has; the shards' hits merged by score.
 */
export const APP_JS = `(function (w) {
  "use strict";
  var SVC = (w.SVC = w.SVC || {});
  var kit = ${SEARCH_KIT_JS};
  SVC.tokenize = kit.tokenize;
  SVC.termPiece = kit.termPiece;
  SVC.options = function () {
    return { idField: "id", fields: ${JSON.stringify(SEARCH_FIELDS)}, storeFields: ${JSON.stringify(SEARCH_STORED)}, tokenize: SVC.tokenize,
      searchOptions: { prefix: true, boost: { id: 3, t: 2 }, combineWith: "AND",
        // a person's, customer's or unit's own page before the records that name them
        boostDocument: function (id, term, stored) { return stored && /^(customers|engineers|equipment)\\//.test(stored.u) ? 3 : 1; } } };
  };
  var parts = (SVC.parts = SVC.parts || { shards: 0, pieces: 0, base: {}, piece: {} });
  SVC.searchShards = function (d, p) { parts.shards = d; parts.pieces = p; };
  SVC.searchBase = function (d, json) { parts.base[d] = json; };
  SVC.searchPiece = function (d, p, json) { parts.piece[d + "-" + p] = json; };
  // The pieces a query needs: those of the first characters of its words.
  SVC.piecesOf = function (q) {
    var words = SVC.tokenize(q), out = [];
    for (var i = 0; i < words.length; i++) { var p = SVC.termPiece(words[i], parts.pieces); if (out.indexOf(p) < 0) out.push(p); }
    return out.sort(function (a, b) { return a - b; });
  };
  // Shard d's index from its base and the pieces loaded (of those in have).
  SVC.shardIndex = function (d, have) {
    var base = parts.base[d], ps = [];
    for (var i = 0; i < have.length; i++) { var x = parts.piece[d + "-" + have[i]]; if (x) ps.push(x); }
    return w.MiniSearch.loadJSON(base.slice(0, -2) + ps.join(",") + "]}", SVC.options());
  };
  // Every shard's hits, best first (ties by id).
  SVC.searchAll = function (indexes, q) {
    var hits = [];
    for (var i = 0; i < indexes.length; i++) hits = hits.concat(indexes[i].search(q));
    return hits.sort(function (a, b) { return b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0); });
  };
  var d = w.document;
  var input = d && d.getElementById("search");
  var list = d && d.getElementById("search-results");
  if (!input || !list) return;
  var root = d.body.getAttribute("data-root") || "";
  var loaded = {}, have = [], indexes = null, bases = null;
  function load(src) {
    if (!loaded[src]) loaded[src] = new Promise(function (ok, fail) {
      var el = d.createElement("script"); el.src = root + src; el.onload = ok; el.onerror = fail; d.head.appendChild(el);
    });
    return loaded[src];
  }
  function start() {
    if (!bases) bases = Promise.all([load("assets/minisearch.js"), load("assets/search/index.js")]).then(function () {
      var all = [];
      for (var s = 0; s < parts.shards; s++) all.push(load("assets/search/" + s + ".js"));
      return Promise.all(all);
    });
    return bases;
  }
  function ready(q) {
    return start().then(function () {
      var need = SVC.piecesOf(q), all = [];
      for (var s = 0; s < parts.shards; s++) for (var i = 0; i < need.length; i++) all.push(load("assets/search/" + s + "-" + need[i] + ".js"));
      return Promise.all(all).then(function () {
        var more = false;
        for (var i = 0; i < need.length; i++) if (have.indexOf(need[i]) < 0) { have.push(need[i]); more = true; }
        if (more || !indexes) {
          have.sort(function (a, b) { return a - b; });
          indexes = [];
          for (var s = 0; s < parts.shards; s++) indexes.push(SVC.shardIndex(s, have));
        }
        return indexes;
      });
    });
  }
  function show(q) {
    ready(q).then(function (ix) {
      if (input.value !== q) return;
      var hits = q.trim() ? SVC.searchAll(ix, q).slice(0, 30) : [];
      list.textContent = "";
      for (var i = 0; i < hits.length; i++) {
        var li = d.createElement("li"), a = d.createElement("a"), small = d.createElement("small");
        a.href = root + hits[i].u; a.textContent = hits[i].id; a.setAttribute("data-testid", "search-hit");
        small.textContent = hits[i].t; li.appendChild(a); li.appendChild(small); list.appendChild(li);
      }
      list.hidden = hits.length === 0;
    });
  }
  input.addEventListener("focus", function () { start(); });
  input.addEventListener("input", function () { show(input.value); });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter") { var a = list.querySelector("a"); if (a) location.href = a.href; }
    if (e.key === "Escape") { list.hidden = true; }
  });
})(typeof window !== "undefined" ? window : globalThis);
`;

let minisearch: string | undefined;
/** MiniSearch's browser build (UMD, global `MiniSearch`), shipped into the site's assets. */
export function minisearchSource(): string {
  if (minisearch === undefined) {
    const cjs = createRequire(import.meta.url).resolve("minisearch");
    const text = readFileSync(join(dirname(cjs), "..", "umd", "index.js"), "utf8");
    minisearch = `${text.replace(/\n\/\/# sourceMappingURL=.*\s*$/, "\n")}`;
  }
  return minisearch;
}
