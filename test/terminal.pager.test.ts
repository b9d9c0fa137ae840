// Issue 14, item 9: long output goes through a pager on a terminal (less -FRX; PAGER / SVC_PAGER;
// --no-pager), never into a pipe; long work shows a progress line on stderr on a terminal only.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { page, pagerFor } from "../src/core/pager.ts";
import { progress } from "../src/core/progress.ts";
import { SUP, sampleRepo, svc } from "./helpers.ts";
import { svcTty } from "./tty.ts";

const MARK = { SVC_PAGER: "sed 's/^/PAGED: /'", LINES: "10" };

describe("issue 14: pager and progress", () => {
  const dir = sampleRepo();

  it("a listing longer than the terminal goes through the pager; --no-pager and a pipe do not", () => {
    const paged = svcTty(dir, ["list", "letters"], SUP, MARK);
    expect(paged.code).toBe(0);
    expect(paged.out).toMatch(/^PAGED: 编号/m);
    expect(svcTty(dir, ["--no-pager", "list", "letters"], SUP, MARK).out).not.toContain("PAGED:");
    expect(svcTty(dir, ["list", "letters", "--no-pager"], SUP, MARK).out).not.toContain("PAGED:");
    // short output is printed directly; a pipe never pages
    expect(svcTty(dir, ["people", "list"], SUP, { ...MARK, LINES: "60" }).out).not.toContain("PAGED:");
    expect(svc(dir, ["list", "letters"], SUP, MARK).stdout).not.toContain("PAGED:");
  });

  it("less is told the text is UTF-8 (LESSCHARSET, unless the user set one): Chinese is never shown as <E8>…", () => {
    // the pager reads what it is given (a command that does not may leave svc's write with EPIPE)
    const seen = (env: NodeJS.ProcessEnv) => {
      const file = join(mkdtempSync(join(tmpdir(), "svc-pager-")), "env");
      expect(page("张三\n", `cat >/dev/null; printf '%s|%s' "$LESSCHARSET" "$LESS" > '${file}'`, env)).toBe(
        true,
      );
      return readFileSync(file, "utf8");
    };
    expect(seen({ PATH: process.env.PATH, LANG: "C" })).toBe("utf-8|FRX");
    expect(seen({ PATH: process.env.PATH, LESSCHARSET: "latin1", LESS: "R" })).toBe("latin1|R");
    // a pager quit before it read everything (q in less) has paged: the text is not printed again
    expect(page("张三\n".repeat(100_000), "exit 0", {})).toBe(true);
    expect(page("x", "exit 127", {})).toBe(false);
  });

  it("the pager chosen: SVC_PAGER over PAGER over less -FRX; cat or empty is none", () => {
    const tty = { isTTY: true, rows: 10 };
    expect(pagerFor(50, {}, tty, false)).toBe("less -FRX");
    expect(pagerFor(50, { PAGER: "more" }, tty, false)).toBe("more");
    expect(pagerFor(50, { PAGER: "more", SVC_PAGER: "most" }, tty, false)).toBe("most");
    expect(pagerFor(50, { SVC_PAGER: "cat" }, tty, false)).toBeUndefined();
    expect(pagerFor(50, { SVC_PAGER: "" }, tty, false)).toBeUndefined();
    expect(pagerFor(5, {}, tty, false)).toBeUndefined();
    expect(pagerFor(50, {}, tty, true)).toBeUndefined();
    expect(pagerFor(50, {}, { isTTY: false }, false)).toBeUndefined();
  });

  it("svc check shows a progress line on a terminal, cleared at the end; nothing in a pipe", () => {
    const tty = svcTty(dir, ["check"], SUP);
    expect(tty.out).toContain("检查记录…");
    expect(tty.out).toContain("\r\x1b[2K");
    const piped = svc(dir, ["check"], SUP);
    expect(piped.stderr).not.toContain("检查记录…");
    const lines: string[] = [];
    const fake = { isTTY: false, write: (s: string) => lines.push(s) } as unknown as NodeJS.WriteStream;
    progress("x", { stream: fake, env: {} }).step("y");
    expect(lines).toEqual([]);
    const on = { isTTY: true, write: (s: string) => lines.push(s) } as unknown as NodeJS.WriteStream;
    const p = progress("x", { stream: on, env: {} });
    p.step("y");
    p.done();
    expect(lines.join("")).toBe("\r\x1b[2Kx…\r\x1b[2Kx y…\r\x1b[2K");
    expect(progress("x", { stream: on, env: { CI: "1" } })).toBeDefined();
    // nothing on a dumb terminal or with NO_COLOR (found by attack: the line's codes were written)
    lines.length = 0;
    for (const env of [{ TERM: "dumb" }, { NO_COLOR: "1" }]) {
      const q = progress("x", { stream: on, env });
      q.step("y");
      q.done();
    }
    expect(lines).toEqual([]);
  });

  it("a terminal of 0 rows (a bare pseudo-terminal) is taken as 24, not as one where every line pages (found by attack)", () => {
    expect(pagerFor(1, {}, { isTTY: true, rows: 0 }, false)).toBeUndefined();
    expect(pagerFor(30, {}, { isTTY: true, rows: 0 }, false)).toBe("less -FRX");
  });
});
