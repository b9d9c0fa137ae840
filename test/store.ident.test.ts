// Who is acting (src/store/git.ts authorIdent): GIT_AUTHOR_NAME and GIT_AUTHOR_EMAIL, when git would
// take them as they are, are git's answer without asking git (`git var GIT_AUTHOR_IDENT`, a process per
// command); any other value is asked of git. Either way the answer is git's own.
import { spawnSync } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { authorIdent } from "../src/store/git.ts";
import { freshRepo } from "./helpers.ts";

const saved = { name: process.env.GIT_AUTHOR_NAME, email: process.env.GIT_AUTHOR_EMAIL };
afterEach(() => {
  for (const [k, v] of [
    ["GIT_AUTHOR_NAME", saved.name],
    ["GIT_AUTHOR_EMAIL", saved.email],
  ] as const)
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
});

/** What git itself says of these values (name, email), parsed as authorIdent parses it. */
function gitSays(dir: string, name: string, email: string) {
  const r = spawnSync("git", ["var", "GIT_AUTHOR_IDENT"], {
    cwd: dir,
    env: { ...process.env, GIT_AUTHOR_NAME: name, GIT_AUTHOR_EMAIL: email },
    encoding: "utf8",
  });
  if (r.status !== 0) return undefined;
  const m = /^(.*?)\s*<([^>]*)>/.exec(r.stdout.trim());
  return m ? { name: m[1], email: m[2] } : undefined;
}

describe("authorIdent: git's author identity (issue 18: no git process when the environment says it)", () => {
  it("issue 18: the environment's name and email are git's answer, as git var gives it — also where git would strip them", async () => {
    const dir = freshRepo();
    const cases: [string, string][] = [
      ["张三", "zhangsan@example.com"],
      ["Zhang San", "zhang.san@dfzk.example.com"],
      ["O'Brien Jr", "o'brien@example.com"],
      ["a", "b"],
      [" 李四 ", " lisi@example.com "], // spaces at the ends: git strips them
      ["Dr. Who.", "who@example.com."], // a dot at the end
      ["<王五>", "<wangwu@example.com>"],
      ["Tab\tInside", "x@example.com"],
      ["赵六;", "zhaoliu@example.com,"],
    ];
    for (const [name, email] of cases) {
      process.env.GIT_AUTHOR_NAME = name;
      process.env.GIT_AUTHOR_EMAIL = email;
      expect(await authorIdent(dir), `${name} <${email}>`).toEqual(gitSays(dir, name, email));
    }
  });
});
