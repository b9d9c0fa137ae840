// Issue 14, item 1: every table measures display width (CJK = 2, colour escapes = 0) with string-width,
// and `svc due` on a terminal (colour on) keeps its columns aligned.
import stringWidth from "string-width";
import { describe, expect, it } from "vitest";
import { table, width } from "../src/render/table.ts";
import { sampleRepo } from "./helpers.ts";
import { plainText, svcTty } from "./tty.ts";

describe("issue 14: table widths", () => {
  it("CJK takes two columns, colour escapes none", () => {
    expect(width("中文ab")).toBe(6);
    expect(width("\x1b[31m逾期\x1b[39m")).toBe(4);
    const t = table(
      ["状态", "记录"],
      [
        ["\x1b[31m逾期\x1b[39m", "N-1"],
        ["待办", "N-2"],
      ],
    ).split("\n");
    const col = (l: string) => stringWidth(plainText(l).slice(0, plainText(l).indexOf("N-")));
    expect(col(t[1])).toBe(col(t[2]));
  });

  it("svc due on a terminal: header and 逾期 rows aligned (issue 14 item 1)", () => {
    const dir = sampleRepo();
    for (const LANG of ["zh_CN.UTF-8", "en_US.UTF-8"]) {
      const r = svcTty(dir, ["due"], undefined, { LANG });
      expect(r.code).toBe(0);
      expect(r.out).toContain("\x1b[31m"); // colour is on
      const lines = plainText(r.out).split("\n");
      const rows = lines.filter((l) => /\b[A-Z]{1,2}-\d{6,8}(-\w+)?\b/.test(l) && /\d\d:\d\d/.test(l));
      expect(rows.length).toBeGreaterThan(3);
      const head = lines.find((l) => /^(状态|state)\s/.test(l))!;
      const idCol = (l: string) => stringWidth(l.slice(0, l.search(/\b[A-Z]{1,2}-\d{6,8}/)));
      const recordHead = stringWidth(head.slice(0, head.search(/记录|record/)));
      for (const row of rows) expect(idCol(row), row).toBe(recordHead);
    }
  });
});
