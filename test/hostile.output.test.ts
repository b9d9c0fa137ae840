// Issue 11 "Output that cannot be turned against the reader": XML-illegal characters (U+FFFE, U+FFFF,
// C0 controls, lone surrogates) in a record never reach a .docx or .xlsx (Word and Excel refuse the
// whole file), and control characters from the records are shown escaped in every line svc prints,
// so a record cannot retitle the terminal, clear it, overwrite a line or reorder text.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { SaxesParser } from "saxes";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasControls, terminalSafe } from "../src/core/terminal.ts";
import { table, width } from "../src/render/table.ts";
import { xmlSafe } from "../src/render/xml-safe.ts";
import { cleanup, env, type Identity, ROOT, sampleRepo, tempDir } from "./helpers.ts";

const SUP: Identity = { name: "王志强", email: "wangzhiqiang@dfzk.example.com" };
const NOW = { SVC_NOW: "2026-11-25T10:00:00+08:00" };
const STACK = /\n\s+at .+[:(]\d+:\d+|THREW|内部错误|internal error/;
/** A title change, a screen clear, a carriage return, a CSI in C1 and a right-to-left override. */
const NASTY = "\x1b]0;pwned\x07\x1b[2J\r\u009b31m\u202eabc";

interface Result {
  args: string[];
  code: number;
  stdout: string;
  stderr: string;
}

function runMany(cases: { cwd: string; args: string[] }[]): Result[] {
  const dir = tempDir("svc-many-");
  const input = join(dir, "cases.json");
  const output = join(dir, "results.json");
  writeFileSync(input, JSON.stringify(cases.map((c) => ({ cwd: c.cwd, args: c.args, env: env(SUP, NOW) }))));
  const r = spawnSync(process.execPath, [join(ROOT, "test/fixtures/many.mjs"), input, output], {
    env: env(SUP),
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  if (r.status !== 0) throw new Error(`runner failed (${r.status}): ${r.stderr}`);
  const results = JSON.parse(readFileSync(output, "utf8")) as Result[];
  cleanup(dir);
  return results;
}

/** Code points XML 1.0 does not allow. */
const ILLEGAL = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** Every XML part of an Office file parsed by a strict XML parser; returns the text of the parts. */
function strictXml(file: string): string {
  const parts = unzipSync(new Uint8Array(readFileSync(file)));
  let text = "";
  for (const [name, bytes] of Object.entries(parts)) {
    if (!/\.(xml|rels)$/.test(name)) continue;
    const xml = strFromU8(bytes);
    expect(ILLEGAL.exec(xml)?.[0], `${file} ${name}`).toBeUndefined();
    const parser = new SaxesParser({ xmlns: true });
    parser.on("error", (e) => {
      throw new Error(`${file} ${name}: ${e.message}`);
    });
    parser.on("text", (s) => {
      text += s;
    });
    parser.write(xml).close();
  }
  return text;
}

describe("issue 11 output: terminal escapes", () => {
  it("control characters are shown escaped; newline, tab and Chinese stay as they are", () => {
    const shown = terminalSafe(`标题${NASTY}\n第二行\t完`);
    expect(hasControls(shown)).toBe(false);
    expect(shown).toBe("标题\\x1b]0;pwned\\x07\\x1b[2J\\x0d\\u009b31m\\u202eabc\n第二行\t完");
    expect(terminalSafe("lone \ud800 surrogate")).toBe("lone \\ud800 surrogate");
    expect(terminalSafe("😀 fine")).toBe("😀 fine");
  });

  it("svc's own colour codes survive only when colour is on; a record's title or clear codes never", () => {
    const red = "\x1b[31m逾期\x1b[39m";
    expect(terminalSafe(red, true)).toBe(red);
    expect(terminalSafe(red)).toBe("\\x1b[31m逾期\\x1b[39m");
    expect(terminalSafe("\x1b]0;x\x07\x1b[2J", true)).toBe("\\x1b]0;x\\x07\\x1b[2J");
  });

  it("JSON text passed through stays the same JSON (DEL, C1 and bidi get JSON's own escapes)", () => {
    const value = { title: `a${NASTY}\u007f\ud800z` };
    const text = terminalSafe(JSON.stringify(value));
    expect(hasControls(text)).toBe(false);
    expect(JSON.parse(text)).toEqual(value);
  });

  it("table cells are escaped before they are measured, so the columns stay aligned", () => {
    const out = table(
      ["a", "b"],
      [
        ["x\x1b[2Jy", "1"],
        ["短", "2"],
      ],
    ).split("\n");
    expect(out[1]).toBe("x\\x1b[2Jy  1");
    expect(width(out[2].slice(0, -1))).toBe(width(out[1].slice(0, -1)));
  });
});

describe("issue 11 output: XML-illegal characters", () => {
  it("xmlSafe drops U+FFFE, U+FFFF, C0 controls and lone surrogates and keeps the rest", () => {
    expect(xmlSafe("A\uFFFEB\uFFFFC\u0001D\u000bE\u001bF\ud800G\tH\nI😀")).toBe("ABCDEFG\tH\nI😀");
  });

  it("…and the controls a document must not carry, as svc check's warning says: DEL, C1, bidi (found by attack)", () => {
    expect(xmlSafe("苏州\u202e精华\u2066电子\u2069\u200f\u061c\x7f\x85\x9b科技")).toBe("苏州精华电子科技");
    expect(xmlSafe("© ½ é 中文 ～")).toBe("© ½ é 中文 ～");
  });
});

describe("issue 11 output: the payroll workbook", () => {
  it("a name or department holding U+FFFF, C0 controls or a lone surrogate gives a well-formed .xlsx", async () => {
    const { renderPayrollXlsx } = await import("../src/render/payroll-xlsx.ts");
    const payroll = {
      kind: "payroll" as const,
      id: "P-202611",
      month: "2026-11",
      assessment: "A-202611",
      rows: [
        {
          person: "zhangsan",
          tier: "三等" as const,
          base: 3000,
          assessment: -50,
          travelDays: 2,
          travel: 200,
          phone: 100,
          bonus: 0,
          total: 3250,
        },
      ],
      created: { by: "wangzhu", at: "2026-12-03T10:00:00+08:00" },
    };
    const bytes = await renderPayrollXlsx(payroll, {
      department: "技术\uFFFE服务部",
      names: new Map([["zhangsan", "张三\uFFFF\x01\x1b[2J\ud800"]]),
      regions: new Map([["zhangsan", "华东\x0b"]]),
    });
    const dir = tempDir("svc-xlsx-");
    try {
      writeFileSync(join(dir, "p.xlsx"), bytes);
      const text = strictXml(join(dir, "p.xlsx"));
      expect(text).toContain("张三[2J");
      expect(text).toContain("技术服务部");
      expect(text).toContain("华东");
    } finally {
      cleanup(dir);
    }
  }, 60_000);
});

describe("issue 11 output: through the CLI on records holding them", () => {
  let dir: string;
  let results: Result[];
  const out = "printed";
  beforeAll(() => {
    dir = sampleRepo();
    const weekly = join(dir, "weekly/2026/W-20261121-maxin.yaml");
    writeFileSync(
      weekly,
      readFileSync(weekly, "utf8").replace(
        /^summary: \|-\n(?: {2}.*\n)+/m,
        'summary: "本周\\uFFFE总结\\uFFFF完成\\x01\\x0b\\e]0;pwned\\a\\uD800结束"\n',
      ),
    );
    const customer = join(dir, "customers/sjz-huabei.yaml");
    writeFileSync(
      customer,
      readFileSync(customer, "utf8").replace(/^name: (.*)$/m, 'name: "$1\\uFFFF\\e[2J\\u202e"'),
    );
    // U+FFFF is no terminal control, but XML refuses it: the charts' labels too.
    const person = join(dir, "people/huangyong.yaml");
    writeFileSync(person, readFileSync(person, "utf8").replace(/^name: (.*)$/m, 'name: "$1\\uFFFF"'));
    results = runMany([
      { cwd: dir, args: ["weekly", "--all", "--week", "2026-11-21", "--out", out, "--force"] },
      { cwd: dir, args: ["render", "N-20261119-tt9hm", "--out", out, "--force"] },
      { cwd: dir, args: ["list", "notices"] },
      { cwd: dir, args: ["show", "N-20261119-tt9hm"] },
      { cwd: dir, args: ["show", "sjz-huabei", "--json"] },
      { cwd: dir, args: ["check", "--json"] },
      { cwd: dir, args: ["show", "N-\x1b]0;pwned\x07"] },
      { cwd: dir, args: ["list", "notices", "--\x1b[2J"] },
      { cwd: dir, args: ["monthly", "--month", "2026-10", "--out", out, "--force"] },
    ]);
  }, 120_000);
  afterAll(() => cleanup(dir));

  it("the weekly report and the notice form are well-formed XML and read back without the illegal characters", () => {
    const [weekly, form] = results;
    expect(weekly.stderr).not.toMatch(STACK);
    expect(weekly.code, weekly.stderr).toBe(0);
    expect(form.code, form.stderr).toBe(0);
    const files = readdirSync(join(dir, out));
    const report = files.find((f) => f.startsWith("马鑫周报"));
    expect(report, files.join(" ")).toBeDefined();
    const text = strictXml(join(dir, out, report!));
    expect(text).toContain("本周总结完成]0;pwned"); // the lone surrogate is U+FFFD once encoded
    expect(text).toContain("结束");
    const notice = files.find((f) => f.includes("N-20261119-tt9hm") || f.includes("通知单"));
    expect(notice, files.join(" ")).toBeDefined();
    expect(strictXml(join(dir, out, notice!))).toMatch(/石家庄.*\[2J/);
    expect(strictXml(join(dir, out, notice!))).not.toContain("\u202e"); // the override dropped
  });

  it("svc list and svc show print the customer name with its escapes shown, never raw", () => {
    const [, , list, show, json] = results;
    for (const r of [list, show]) {
      expect(r.code, r.stderr).toBe(0);
      expect(hasControls(r.stdout)).toBe(false);
      expect(r.stdout).not.toContain("\x1b");
    }
    expect(list.stdout).toContain("\\x1b[2J\\u202e");
    expect(show.stdout).toContain("\\x1b[2J\\u202e");
    expect(hasControls(json.stdout)).toBe(false);
    // --json keeps the record's text exactly, in JSON's escapes
    expect(json.stdout).toContain("\\u001b[2J\\u202e");
    expect(JSON.parse(json.stdout).record.name).toMatch(/\uFFFF\x1b\[2J\u202e$/);
  });

  it("svc check warns about the control characters, naming the field", () => {
    const check = results[5];
    const findings = JSON.parse(check.stdout).findings as { file: string; rule: string; message: string }[];
    const warned = findings.filter((f) => f.rule === "control-characters");
    expect(warned.map((f) => f.file).sort()).toEqual([
      "customers/sjz-huabei.yaml",
      "people/huangyong.yaml",
      "weekly/2026/W-20261121-maxin.yaml",
    ]);
    expect(warned.find((f) => f.file.startsWith("people"))?.message).toContain("U+FFFF");
    expect(warned.find((f) => f.file.startsWith("weekly"))?.message).toContain("summary");
  });

  it("refusals and usage errors quoting an argument show its control characters escaped", () => {
    const [show, flag] = results.slice(6);
    expect(show.code).toBe(2); // not an id of a notice: a usage error (the id's form is checked first)
    // Escaped either way (the id's refusal quotes it as JSON), never raw.
    expect(show.stderr).toMatch(/N-\\(x1b|u001b)\]0;pwned\\(x07|u0007)/);
    expect(show.stderr).not.toContain("\x1b");
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("--\\x1b[2J");
    for (const r of [show, flag]) expect(hasControls(r.stderr)).toBe(false);
  });

  it("the monthly report's charts are drawn though an engineer's name holds U+FFFF", () => {
    const monthly = results[8];
    expect(monthly.code, monthly.stderr).toBe(0);
    expect(monthly.stderr).not.toMatch(/未能生成|chart failed/);
    const file = readdirSync(join(dir, out)).find((f) => f.startsWith("技术服务月度报表2026-10"));
    const parts = unzipSync(new Uint8Array(readFileSync(join(dir, out, file!))));
    expect(Object.keys(parts).filter((p) => p.startsWith("word/media/")).length).toBeGreaterThan(0);
    expect(strictXml(join(dir, out, file!))).toContain("黄勇");
  });
});
