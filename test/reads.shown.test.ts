// Issue 16 / 18 (branch wt/shown): what `svc show N-…` and `svc open --equipment` no longer pay for.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import stringWidth from "string-width";
import { afterAll, beforeAll, expect, test } from "vitest";
import { cleanup, ROOT, sampleRepo, svc, tempDir } from "./helpers.ts";

let dir: string;
let scratch: string;
beforeAll(() => {
  dir = sampleRepo();
  scratch = tempDir("svc-shown-");
});
afterAll(() => {
  cleanup(dir);
  cleanup(scratch);
});

/** Text whose width only string-width knows (emoji, a ZWJ sequence, combining marks, Hangul jamo). */
const WIDE = [
  "😀",
  "👩‍💻 ok",
  "e\u0301te\u0301",
  "\u1100\u1161\u11a8",
  "Ａｂ ｶﾞ",
  "中文😀\u200dabc",
  "\x1b[31m红\x1b[0m",
];

test("issue 16: svc show N-… builds no Intl.Segmenter (string-width is loaded at the first wide text)", () => {
  const notice = readdirSync(join(dir, "notices/2026"))[0]!.replace(/\.yaml$/, "");
  const count = join(scratch, "segmenters.txt");
  const preload = join(scratch, "count-segmenters.cjs");
  writeFileSync(
    preload,
    `let n = 0; const S = Intl.Segmenter;
     Intl.Segmenter = class extends S { constructor(...a) { super(...a); n++; } };
     process.on("exit", () => require("node:fs").writeFileSync(${JSON.stringify(count)}, String(n)));`,
  );
  const r = svc(dir, ["show", notice], undefined, { NODE_OPTIONS: `--require ${preload}` });
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  expect(r.stdout).toContain(notice);
  expect(readFileSync(count, "utf8")).toBe("0");
});

test("issue 16: the table measures wide text as string-width does, in the sources and in the build", async () => {
  const src = await import("../src/render/table.ts");
  const chunk = readdirSync(join(ROOT, "dist/chunks")).find((f) => /^table-.*\.js$/.test(f));
  const built = (await import(join(ROOT, "dist/chunks", chunk!))) as typeof src;
  for (const s of WIDE) {
    expect(src.width(s)).toBe(stringWidth(s));
    expect(built.width(s)).toBe(stringWidth(s));
  }
  expect(built.table(["a", "b"], [["😀", "x"]])).toBe(src.table(["a", "b"], [["😀", "x"]]));
});
