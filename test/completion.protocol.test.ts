// Shell completion, in-process (test/completion.shells.test.ts asks the real shells): the scripts come
// from @bomb.sh/tab for four shells, and `svc complete -- WORDS…` (tab's protocol: `value\tdescription`
// lines, then `:directive`) completes each argument with the ids of its own kind, in the repository
// `-C` names, and commands and options alone outside a repository.
import { describe, expect, it } from "vitest";
import { SUP, sampleRepo, svcIn, tempDir } from "./helpers.ts";

const dir = sampleRepo();
const outside = tempDir("svc-nowhere-");

async function complete(cwd: string, ...words: string[]): Promise<string[]> {
  const r = await svcIn(cwd, ["complete", "--", ...words], SUP);
  expect(r.code).toBe(0);
  const lines = r.stdout.split("\n").filter(Boolean);
  expect(lines.at(-1)).toMatch(/^:\d+$/); // the directive tab's scripts read
  return lines.slice(0, -1).map((l) => l.split("\t")[0]);
}

describe("svc completion SHELL: tab's scripts", () => {
  it("bash, zsh, fish and powershell call `svc complete --`; another shell is a usage error (exit 2)", async () => {
    const shown = {
      bash: "complete -o default -F __svc_complete svc", // file names where svc allows them (a path)
      zsh: "compdef _svc svc",
      fish: "complete -c svc",
      powershell: "Register-ArgumentCompleter -CommandName 'svc'",
    };
    for (const [shell, registers] of Object.entries(shown)) {
      const r = await svcIn(dir, ["completion", shell]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(registers);
      expect(r.stdout).toMatch(/svc complete '?--'?/);
    }
    const bad = await svcIn(dir, ["completion", "tcsh"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("tcsh");
  });
});

describe("svc complete -- WORDS…", () => {
  it("<id> by its command: people edit → people, people add → nothing, equipment edit → EQ-…, show → any", async () => {
    const people = await complete(dir, "people", "edit", "");
    expect(people).toContain("zhangwei");
    expect(people.every((id) => /^[a-z0-9-]+$/.test(id) && !/^[A-Z]+-/.test(id))).toBe(true);
    expect(await complete(dir, "people", "add", "")).toEqual([]);
    const eq = await complete(dir, "equipment", "edit", "");
    expect(eq).toContain("EQ-20261008-qa1c8");
    expect(eq.every((id) => id.startsWith("EQ-"))).toBe(true);
    expect(await complete(dir, "complaint", "customer", "investigate", "")).toEqual([
      "K-20261109-z0z6b",
      "K-20261116-spph8",
    ]);
    expect(await complete(dir, "show", "K-20261116")).toEqual(["K-20261116-spph8"]);
  });

  it("the repository -C names, from anywhere; outside any repository commands and options only", async () => {
    expect(await complete(outside, "-C", dir, "close", "L-20261116-0")).toEqual(["L-20261116-0xsgp"]);
    expect(await complete(outside, "--repo", dir, "assign", "N-20261119-t")).toEqual(["N-20261119-tt9hm"]);
    expect(await complete(outside, "close", "L-")).toEqual([]);
    expect(await complete(outside, "ass")).toEqual(expect.arrayContaining(["assign", "assess"]));
    expect(await complete(outside, "close", "--rat")).toEqual(["--rating"]);
  });

  it("a path typed (-C DIR, --out DIR, --attach FILE, init [dir]): no candidates, directive 0 (the shell's file names)", async () => {
    for (const words of [
      ["-C", "no"],
      ["weekly", "--out", ""],
      ["log", "--attach", "x"],
      ["init", ""],
    ]) {
      const r = await svcIn(dir, ["complete", "--", ...words], SUP);
      expect(r.stdout, words.join(" ")).toBe(":0\n");
    }
    expect((await svcIn(dir, ["complete", "--", "close", "--rat"], SUP)).stdout).toMatch(/\n:4\n$/);
  });

  it("the shells for `svc completion`, the global options; the hidden `complete` is not offered", async () => {
    expect((await complete(dir, "completion", "")).sort()).toEqual(["bash", "fish", "powershell", "zsh"]);
    expect(await complete(dir, "--no")).toEqual(["--no-pager"]);
    expect(await complete(dir, "compl")).toEqual(["complaint", "completion"]);
  });
});
