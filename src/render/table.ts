// Aligned text tables for the terminal; CJK characters take two columns. A cell's control characters
// are escaped before it is measured (src/core/terminal.ts), so a record cannot break the columns.
import { terminalSafe } from "../core/terminal.ts";

export function width(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    w +=
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6)
        ? 2
        : 1;
  }
  return w;
}

export function pad(s: string, w: number): string {
  return s + " ".repeat(Math.max(0, w - width(s)));
}

export function table(head: string[], cells: string[][]): string {
  const rows = cells.map((r) => r.map((c) => terminalSafe(c ?? "", true)));
  const widths = head.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ""))));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : pad(c ?? "", widths[i])))
      .join("  ")
      .trimEnd();
  return [line(head), ...rows.map(line)].join("\n");
}
