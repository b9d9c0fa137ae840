// Issue 14, item 10: one language per message, and one finding per fault — `people add --hired
// 2026/01/01` is a usage error (2) naming the expected format; a bad enum in a notice is reported at the
// notice only, not also at its letter as "引用的记录不存在".
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { freshRepo, git, SUP, sampleRepo, svcIn } from "./helpers.ts";

describe("issue 14: mixed languages and doubled findings", () => {
  it("people add --hired 2026/01/01: exit 2 with the expected format, in the user's language", async () => {
    const dir = freshRepo();
    const args = [
      "people",
      "add",
      "wangwu",
      "--name",
      "王五",
      "--role",
      "engineer",
      "--email",
      "ww@example.com",
    ];
    const zh = await svcIn(dir, [...args, "--hired", "2026/01/01"], SUP);
    expect(zh.code).toBe(2);
    expect(zh.stderr).toContain("YYYY-MM-DD");
    expect(zh.stderr).toContain("不是日期");
    const en = await svcIn(dir, [...args, "--hired", "2026/01/01"], SUP, { LANG: "en_US.UTF-8" });
    expect(en.code).toBe(2);
    expect(en.stderr).toContain("is not a date (expected YYYY-MM-DD)");
    expect(en.stderr).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it("a bad enum in a notice: one finding, the notice's; its letter is not reported as dangling", async () => {
    const dir = sampleRepo();
    const file = join(dir, "notices/2026/N-20261104-fj108.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace(/^priority: 紧急$/m, "priority: 特急"));
    git(dir, ["commit", "-qam", "bad enum"]);
    const r = await svcIn(dir, ["check", "--json"], SUP);
    expect(r.code).toBe(1);
    const findings = JSON.parse(r.stdout).findings as { file: string; message: string }[];
    expect(findings.map((f) => f.file)).toContain("notices/2026/N-20261104-fj108.yaml");
    expect(
      findings.some(
        (f) => f.file.startsWith("letters/") && /引用的记录不存在|does not resolve/.test(f.message),
      ),
    ).toBe(false);
  });
});
