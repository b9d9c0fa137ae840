// The CJK font cut down to the characters a report's charts draw, for resvg to rasterise them with.
// resvg-js 2.6 keeps a font as its file's path and reads the whole file again for every text run it
// shapes: with the 8 MB Noto Sans SC, a monthly report of the sample department read it ~330 times
// (2.7 GB from the page cache, ~0.4 s of system time a report; ~1,500 reads in the 50k report). The
// subset (harfbuzz's hb-subset, by subset-font) holds the glyphs of those characters with their
// outlines, metrics and layout tables unchanged — the same PNG bytes as from the whole font
// (test/reports.figures.test.ts) — and is ~50 KB. Written to a private temporary folder (mode 0700, a
// name of its own) for the one report and removed when its charts are drawn.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";

export interface FontSubset {
  /** The subset font's file, to hand to resvg. */
  file: string;
  /** Removes the file and its folder. */
  remove(): void;
}

/** Single-face font files hb-subset reads; a collection (.ttc) is drawn from as it is. */
const SUBSETTABLE = new Set([".otf", ".ttf"]);

const fontBytes = new Map<string, Buffer>();

/**
 * `fontFile` cut down to the characters of `text` (every character of it: a superset of what the
 * charts draw is still correct), or null when it cannot be — a collection, an unreadable file, a
 * font harfbuzz refuses — and the caller draws with the whole file as before. Never throws. The
 * folder is made in `env`'s TMPDIR (the command's environment), else the system's.
 */
export async function subsetFontFile(
  fontFile: string,
  text: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<FontSubset | null> {
  if (!SUBSETTABLE.has(extname(fontFile).toLowerCase())) return null;
  let dir: string | undefined;
  try {
    const { default: subsetFont } = await import("subset-font");
    let bytes = fontBytes.get(fontFile);
    if (!bytes) {
      bytes = readFileSync(fontFile);
      fontBytes.clear(); // one font a process: the chart font
      fontBytes.set(fontFile, bytes);
    }
    const chars = [...new Set(text)].join("");
    const subset = await subsetFont(bytes, chars, { targetFormat: "sfnt" });
    dir = mkdtempSync(join(env.TMPDIR || tmpdir(), "svc-chart-font-"));
    const file = join(dir, `subset${extname(fontFile).toLowerCase()}`);
    writeFileSync(file, subset, { mode: 0o600, flag: "wx" });
    const made = dir;
    return { file, remove: () => rmSync(made, { recursive: true, force: true }) };
  } catch {
    if (dir) rmSync(dir, { recursive: true, force: true });
    return null;
  }
}
