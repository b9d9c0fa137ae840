// Issue 14, item 11: the README's "Everyday use" examples are run, each on a copy of the sample records,
// as the supervisor on 1 December 2026; each must succeed. And the README never shows
// `svc weekly --department` without the --summary it needs.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, sampleRepo, svcIn } from "./helpers.ts";

const README = readFileSync(join(ROOT, "README.md"), "utf8");
const WANG = { name: "王志强", email: "wangzhiqiang@dfzk.example.com" };
const NOW = { SVC_NOW: "2026-12-01T10:00:00+08:00" };

/** The svc lines of the sh block under "## Everyday use", as argv (quotes honoured, comments dropped). */
function examples(): string[][] {
  const section = README.slice(README.indexOf("## Everyday use"));
  const block = /```sh\n([\s\S]*?)```/.exec(section)![1];
  return block
    .split("\n")
    .map((l) => l.replace(/\s+#.*$/, "").trim())
    .filter((l) => l.startsWith("svc "))
    .map((l) => [...l.slice(4).matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]));
}

describe("issue 14: the README's examples run", () => {
  const dir = sampleRepo();

  it("every Everyday-use line exits 0", async () => {
    const lines = examples();
    expect(lines.length).toBeGreaterThan(5);
    for (const args of lines) {
      const r = await svcIn(dir, args, WANG, NOW);
      expect(r.code, `svc ${args.join(" ")}\n${r.stderr}`).toBe(0);
      expect(r.stdout.length, `svc ${args.join(" ")}`).toBeGreaterThan(0);
    }
  });

  it("svc weekly --department is always shown with --summary", () => {
    for (const m of README.matchAll(/svc weekly --department[^`\n]*/g)) expect(m[0]).toContain("--summary");
  });
});
