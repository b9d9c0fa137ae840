// Issue 14, item 6: "did you mean" for commands and options in the user's language, `svc help CMD`, a bad
// flag's hint naming the command's own help, and shell completion from commander's command table with
// ids and people from the repository.

import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, env, SUP, sampleRepo, svc, tempDir } from "./helpers.ts";

describe("issue 14: help and suggestions", () => {
  const dir = sampleRepo();

  it("svc lsit suggests list, in Chinese and in English (exit 2)", () => {
    const zh = svc(dir, ["lsit"], SUP);
    expect(zh.code).toBe(2);
    expect(zh.stderr).toContain("你是不是想输入 list？");
    const en = svc(dir, ["lsit"], SUP, { LANG: "en_US.UTF-8" });
    expect(en.stderr).toContain("did you mean list?");
  });

  it("a bad flag: the option suggested, the hint names svc CMD --help", () => {
    const r = svc(dir, ["close", "L-20261116-0xsgp", "--ratng", "x"], SUP);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--rating");
    expect(r.stderr).toContain("svc close --help");
    const sub = svc(dir, ["incident", "reflect", "--bogus"], SUP, { LANG: "en_US.UTF-8" });
    expect(sub.stderr).toContain("see svc incident reflect --help");
  });

  it("svc help CMD is svc CMD --help", () => {
    const r = svc(dir, ["help", "close"], SUP);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(svc(dir, ["close", "--help"], SUP).stdout);
    expect(svc(dir, ["help", "incident", "reflect"], SUP).stdout).toContain("svc incident reflect");
    expect(svc(dir, ["help"], SUP).stdout).toContain("Usage: svc");
  });
});

describe("issue 14: shell completion", () => {
  const dir = sampleRepo();
  // `svc` on the PATH, as installed
  const bin = tempDir("svc-bin-");
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, "svc"), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(join(bin, "svc"), 0o755);
  const path = `${bin}:${process.env.PATH}`;

  function bash(words: string[]): string[] {
    const script = svc(dir, ["completion", "bash"]).stdout;
    const cmd = `${script}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}; _svc_complete; printf '%s\\n' "\${COMPREPLY[@]}"`;
    const r = spawnSync("bash", ["-c", cmd], { cwd: dir, env: env(SUP, { PATH: path }), encoding: "utf8" });
    return r.stdout.split("\n").filter(Boolean);
  }

  it("bash: commands, subcommands, options, ids and people from the repository", () => {
    expect(bash(["svc", "li"])).toEqual(["list"]);
    expect(bash(["svc", "incident", "re"])).toEqual(["reflect"]);
    expect(bash(["svc", "close", "--rat"])).toEqual(["--rating"]);
    const letters = bash(["svc", "close", "L-202611"]);
    expect(letters).toContain("L-20261116-0xsgp");
    expect(letters.every((id) => id.startsWith("L-202611"))).toBe(true);
    expect(bash(["svc", "assign", "N-20261119-tt9hm", "--to", "zhang"])).toContain("zhangwei");
    expect(bash(["svc", "show", "N-20261119-t"])).toEqual(["N-20261119-tt9hm"]);
  });

  it("zsh and fish scripts ask the same svc __complete; an unknown shell is a usage error", () => {
    for (const shell of ["zsh", "fish"]) {
      const r = svc(dir, ["completion", shell]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("svc __complete --");
    }
    expect(svc(dir, ["completion", "tcsh"]).code).toBe(2);
  });
});
