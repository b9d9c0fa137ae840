// Aligned text tables for the terminal. Widths are display widths measured by string-width (issue 14):
// CJK and other wide characters take two columns, colour escapes none. A cell's control characters
// are escaped before it is measured (src/core/terminal.ts), so a record cannot break the columns.
import { terminalSafe } from "../core/terminal.ts";

/**
 * string-width, loaded at its first use: loading it builds an Intl.Segmenter (25–45 ms of ICU data) that
 * text of plain ASCII and CJK never needs (issue 16: `svc show N-…`). The build bundles it (a require of
 * a bundled module is evaluated when called, scripts/build.mjs); under the sources it is Node's require.
 */
let stringWidth: ((s: string) => number) | undefined;
function wideWidth(s: string): number {
  stringWidth ??= (require("string-width") as typeof import("string-width")).default;
  return stringWidth(s);
}

/**
 * Code points whose width is certain without segmenting the text: printable ASCII and a few narrow
 * signs (1), the common CJK ideographs and punctuation (2: East Asian Wide or Fullwidth); none of them
 * combines with what follows. Undefined when `s` holds anything else.
 */
function plainWidth(s: string): number | undefined {
  let w = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0x20 && c <= 0x7e) || c === 0xb7 || c === 0xd7 || c === 0x2014 || c === 0x2026 || c === 0x2192)
      w += 1; // and · × — … → (East Asian Ambiguous: narrow, as string-width counts them)
    else if (
      (c >= 0x4e00 && c <= 0x9fff) ||
      (c >= 0x3400 && c <= 0x4dbf) ||
      (c >= 0xff01 && c <= 0xff60) ||
      (c >= 0x3001 && c <= 0x3003) ||
      (c >= 0x3008 && c <= 0x3011)
    )
      w += 2;
    else return undefined;
  }
  return w;
}

/**
 * The columns `s` takes on a terminal (CJK = 2, svc's colour codes = 0). Text of plain ASCII and CJK
 * is counted directly (issue 18: string-width segments graphemes with Intl, ~25 ms of a `svc show`);
 * anything else — colour codes, emoji, combining marks, other scripts — goes to string-width.
 */
export function width(s: string): number {
  return plainWidth(s) ?? wideWidth(s);
}

export function pad(s: string, w: number): string {
  return s + " ".repeat(Math.max(0, w - width(s)));
}

export function table(head: string[], cells: string[][]): string {
  const heads = head.map((h) => terminalSafe(h, true));
  const rows = cells.map((r) => r.map((c) => terminalSafe(c ?? "", true)));
  const widths = heads.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ""))));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : pad(c ?? "", widths[i])))
      .join("  ")
      .trimEnd();
  return [line(heads), ...rows.map(line)].join("\n");
}
