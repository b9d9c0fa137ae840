// Issue 14, item 6: "did you mean" for commands and options in the user's language, `svc help CMD`, a bad
// flag's hint naming the command's own help. (Shell completion: test/completion.shells.test.ts in the
// real shells, test/completion.protocol.test.ts in-process.)

import { describe, expect, it } from "vitest";
import { SUP, sampleRepo, svc } from "./helpers.ts";

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
