// Aligned text tables for the terminal. Widths are display widths measured by string-width (issue 14):
// CJK and other wide characters take two columns, colour escapes none. A cell's control characters
// are escaped before it is measured (src/core/terminal.ts), so a record cannot break the columns.
import stringWidth from "string-width";
import { terminalSafe } from "../core/terminal.ts";

/** The columns `s` takes on a terminal (CJK = 2, svc's colour codes = 0). */
export function width(s: string): number {
  return stringWidth(s);
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
