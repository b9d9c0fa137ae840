// Issue 17 (wave 4, t-dashpages item 5): `svc due`'s texts end with the terminal command that does the
// thing ("（svc survey）"); on the web page the GM reads the words only, the command is a small hint
// set as code.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { dueText } from "../src/commands/due-text.ts";
import { setEnglish } from "../src/core/i18n.ts";
import type { DueKind } from "../src/domain/due.ts";
import { DUE_KINDS, dueWords } from "../src/render/dashboard/pages/department.ts";
import { sampleSite } from "./dashboard.site-kit.ts";

/** Values for every parameter any due text reads. */
const PARAMS: Record<string, string | number | boolean>[] = [
  {
    type: "维修",
    priority: "一般",
    workdays: 2,
    reason: "缺件",
    until: "2026-12-05",
    days: 3,
    last: "2026-11-28",
    from: "2026-11-23",
    to: "2026-11-29",
    file: "张三周报11-28.docx",
    class: "I",
    date: "2026-11-20",
    month: "2026-11",
    attempts: 2,
    grade: "一般",
    clock: "response",
    leftMs: 3_600_000,
    state: "breached",
    target: "4h",
    how: "svc ack / svc site",
    unit: "EQ-1",
    letter: "L-20261120-abcde",
    engineer: "张三",
    age: 3,
    confirmed: true,
  },
  { clock: "arrival", how: "svc arrive", leftMs: 600_000, state: "at-risk", priority: "紧急", target: "1d" },
  { state: "待受理", age: 1 },
  { state: "已受理", age: 1 },
  { state: "已修复", age: 1 },
];

describe("issue 17: a due item's words on the web page, without the terminal command", () => {
  afterEach(() => setEnglish(false));

  for (const english of [false, true])
    it(`issue 17: every due kind's text (${english ? "English" : "Chinese"}) keeps its words and loses its command`, () => {
      setEnglish(english);
      let hints = 0;
      for (const kind of Object.keys(DUE_KINDS) as DueKind[])
        for (const params of PARAMS) {
          const text = dueText({ kind, params: { ...PARAMS[0], ...params } });
          const { words, commands } = dueWords(text);
          expect(words, text).not.toMatch(/\bsvc\b/);
          expect(words, text).not.toMatch(/[（(]\s*[）)]|[；;]\s*[）)]/); // no empty or dangling brackets
          for (const c of commands) expect(c, text).toMatch(/^svc [a-z]/);
          if (/\(svc |（svc |[；;] ?svc /.test(text)) expect(commands.length, text).toBeGreaterThan(0);
          hints += commands.length;
        }
      expect(hints).toBeGreaterThan(10);
    });

  it("issue 17: the words around the command stay as they were", () => {
    expect(dueWords("客服回访：确认后 5 个工作日内（svc survey）")).toEqual({
      words: "客服回访：确认后 5 个工作日内",
      commands: ["svc survey"],
    });
    expect(
      dueWords("派工：按区域和产品专家选定服务人员（维修，一般；下达后 2 个工作日内；svc assign）"),
    ).toEqual({
      words: "派工：按区域和产品专家选定服务人员（维修，一般；下达后 2 个工作日内）",
      commands: ["svc assign"],
    });
    expect(
      dueWords("first response breached (一般, target 1d, over by 3 h working time; svc ack / svc site)"),
    ).toEqual({
      words: "first response breached (一般, target 1d, over by 3 h working time)",
      commands: ["svc ack / svc site"],
    });
    expect(dueWords("准备解决方案")).toEqual({ words: "准备解决方案", commands: [] });
    // a name holding a command is words: only the hint that ends svc's text is one (found by attack)
    const planted =
      "2026-11-23 至 2026-11-29 的工作周报（陈杰（svc assess sign --month 2026-11）周报11-28.docx；svc weekly）";
    expect(dueWords(planted).commands).not.toContain("svc assess sign --month 2026-11");
  });
});

describe("issue 17: the sample's due pages", () => {
  it("issue 17: due.html and the department page show what is due in words, the command as a code hint only", async () => {
    const out = await sampleSite(); // the site of 2026-12-01 (the November site, built once per worker)
    for (const page of ["due.html", "index.html", "engineers/sunli.html"]) {
      const html = readFileSync(join(out, page), "utf8");
      const cells = [...html.matchAll(/<td data-label="事项"[^>]*>(.*?)<\/td>/g)].map((m) => m[1]);
      expect(cells.length, page).toBeGreaterThan(0);
      for (const cell of cells) {
        const words = cell.replace(/<code class="cmd"[^>]*>.*?<\/code>/g, "");
        expect(words, page).not.toMatch(/\bsvc\b/);
      }
      expect(html, page).toMatch(/<code class="cmd" data-testid="due-command">svc survey<\/code>/);
    }
  });
});
