// Issue 14, item 2: machine output is the same in every language — the domain returns codes and
// values (svc due's items, the payroll's warnings), the command words them. `--json` byte-identical
// under LANG=zh_CN and LANG=en_US; the text in one language.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { freshRepo, GM, git, SUP, sampleRepo, svcIn } from "./helpers.ts";

const ZH = { LANG: "zh_CN.UTF-8" };
const EN = { LANG: "en_US.UTF-8" };
const NOW = { SVC_NOW: "2026-12-02T10:00:00+08:00" };
const DATES = {
  GIT_AUTHOR_DATE: "2026-12-02T10:00:00+08:00",
  GIT_COMMITTER_DATE: "2026-12-02T10:00:00+08:00",
};

function put(dir: string, rel: string, data: unknown): void {
  mkdirSync(join(dir, rel, ".."), { recursive: true });
  writeFileSync(join(dir, rel), stringify(data));
}

describe("issue 14: --json is the same in every LANG", () => {
  it("svc due --json: byte-identical in zh and en, items as kind + params", async () => {
    const dir = sampleRepo();
    const zh = await svcIn(dir, ["due", "--json"], SUP, { ...NOW, ...ZH });
    const en = await svcIn(dir, ["due", "--json"], SUP, { ...NOW, ...EN });
    expect(zh.code).toBe(0);
    expect(zh.stdout).toBe(en.stdout);
    const items = JSON.parse(zh.stdout).items;
    expect(items.length).toBeGreaterThan(3);
    expect(items[0]).toHaveProperty("params");
    expect(items[0]).not.toHaveProperty("what");
    // the text is the command's, in the user's language
    expect((await svcIn(dir, ["due"], SUP, { ...NOW, ...EN })).stdout).toContain("weekly report for");
    expect((await svcIn(dir, ["due"], SUP, { ...NOW, ...ZH })).stdout).toContain("的工作周报");
  });

  it("svc payroll --json: byte-identical in zh and en; warnings as codes, text in one language", async () => {
    const dir = freshRepo();
    put(dir, "letters/2026/L-20261102-aaaaa.yaml", {
      kind: "letter",
      id: "L-20261102-aaaaa",
      engineer: "zhangsan",
      status: "已确认",
      assigned: { by: "wangzhu", at: "2026-11-02T09:00:00+08:00" },
      preparation: { tools: ["U盘", "螺丝刀", "笔记本电脑"] },
      estimate: "2026-11-06T18:00:00+08:00",
      log: [],
      completion: {
        at: "2026-11-05T15:00:00+08:00",
        by: "zhangsan",
        ratings: { attitude: "优", skill: "良", result: "优" },
        signature: { signedBy: "刘工" },
        unsigned: false,
      },
    });
    git(dir, ["add", "-A"]);
    git(dir, ["commit", "-q", "-m", "records of November"]);
    expect((await svcIn(dir, ["assess", "--month", "2026-11"], SUP, NOW)).code).toBe(0);
    expect((await svcIn(dir, ["assess", "sign", "--month", "2026-11"], GM, NOW)).code).toBe(0);
    const base = git(dir, ["rev-parse", "HEAD"]).trim();
    const zh = await svcIn(dir, ["payroll", "--month", "2026-11", "--json"], SUP, {
      ...NOW,
      ...DATES,
      ...ZH,
    });
    expect(zh.stderr).toBe("");
    git(dir, ["reset", "-q", "--hard", base]);
    const en = await svcIn(dir, ["payroll", "--month", "2026-11", "--json", "--force"], SUP, {
      ...NOW,
      ...DATES,
      ...EN,
    });
    expect(en.stderr).toBe("");
    expect(JSON.parse(zh.stdout).commit).toBeTruthy();
    expect(zh.stdout).toBe(en.stdout);
    const warnings = JSON.parse(zh.stdout).warnings as { code: string }[];
    expect(warnings.map((w) => w.code)).toContain("tier-assumed");
    // the human text: English only in English, Chinese only in Chinese (issue 14 item 10)
    git(dir, ["reset", "-q", "--hard", base]);
    const text = await svcIn(dir, ["payroll", "--month", "2026-11", "--force"], SUP, { ...NOW, ...EN });
    const warning = text.stdout.split("\n").find((l) => l.startsWith("! ") && l.includes("salary tier"))!;
    expect(warning).toBeDefined();
    expect(warning).not.toMatch(/名单中没有/);
  });
});
