// git.ts's process-free paths (issue 7) agree with git: HEAD read from the files, blobs written as
// loose objects, the repository found by walking up, and who is acting asked ahead for one run only
// or taken from GIT_AUTHOR_NAME/EMAIL where git would take them as they are.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { askAuthorAhead, authorIdent, gitDirs, headFromFiles, writeBlob } from "../src/store/git.ts";
import { cleanup, git, tempDir } from "./helpers.ts";

const dir = tempDir();
afterAll(() => cleanup(dir));
git(dir, ["init", "-q", "-b", "main"]);
const gitDir = join(dir, ".git");

// The tests of who is acting set git's author variables in this process: put back after each.
const saved = { name: process.env.GIT_AUTHOR_NAME, email: process.env.GIT_AUTHOR_EMAIL };
afterEach(() => {
  for (const [k, v] of [
    ["GIT_AUTHOR_NAME", saved.name],
    ["GIT_AUTHOR_EMAIL", saved.email],
  ] as const)
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
});

/** What git itself says of these author values (name, email), parsed as authorIdent parses it. */
function gitSays(name: string, email: string) {
  const r = spawnSync("git", ["var", "GIT_AUTHOR_IDENT"], {
    cwd: dir,
    env: { ...process.env, GIT_AUTHOR_NAME: name, GIT_AUTHOR_EMAIL: email },
    encoding: "utf8",
  });
  if (r.status !== 0) return undefined;
  const m = /^(.*?)\s*<([^>]*)>/.exec(r.stdout.trim());
  return m ? { name: m[1], email: m[2] } : undefined;
}

describe("git without a process", () => {
  it("finds the work tree from a sub-folder, as git rev-parse does", async () => {
    mkdirSync(join(dir, "a", "b"), { recursive: true });
    const found = await gitDirs(join(dir, "a", "b"));
    expect(found?.top).toBe(git(dir, ["rev-parse", "--show-toplevel"]).trim());
    expect(found?.gitDir).toBe(git(dir, ["rev-parse", "--absolute-git-dir"]).trim());
  });

  it("reads HEAD as git does: no commit yet, a loose ref, packed refs, a detached HEAD", () => {
    expect(headFromFiles(gitDir)).toBeNull();
    writeFileSync(join(dir, "f.txt"), "one\n");
    git(dir, ["add", "f.txt"]);
    git(dir, ["commit", "-q", "-m", "one"]);
    const one = git(dir, ["rev-parse", "HEAD"]).trim();
    expect(headFromFiles(gitDir)).toBe(one);
    git(dir, ["pack-refs", "--all"]);
    expect(headFromFiles(gitDir)).toBe(one);
    git(dir, ["checkout", "-q", "--detach"]);
    expect(headFromFiles(gitDir)).toBe(one);
    git(dir, ["checkout", "-q", "main"]);
  });

  it("writes a blob git reads back, under the id git gives it", async () => {
    const content = Buffer.from("kind: product\nid: p1\nname: 控制器\n");
    writeFileSync(join(dir, "blob.yaml"), content);
    const id = await writeBlob(gitDir, content);
    expect(id).toBe(git(dir, ["hash-object", "blob.yaml"]).trim());
    expect(git(dir, ["cat-file", "-t", id]).trim()).toBe("blob");
    expect(git(dir, ["cat-file", "-p", id])).toBe(content.toString());
    expect(await writeBlob(gitDir, content)).toBe(id); // already there: left as it is
  });

  it("asks who is acting ahead for one run only: the next run's identity is its own", async () => {
    const top = (await gitDirs(dir))!.top;
    process.env.GIT_AUTHOR_NAME = "甲";
    process.env.GIT_AUTHOR_EMAIL = "a@example.com";
    askAuthorAhead(dir);
    process.env.GIT_AUTHOR_NAME = "乙";
    process.env.GIT_AUTHOR_EMAIL = "b@example.com";
    expect(await authorIdent(top)).toEqual({ name: "甲", email: "a@example.com" }); // asked ahead
    expect(await authorIdent(top)).toEqual({ name: "乙", email: "b@example.com" }); // taken once
    askAuthorAhead(dir);
    askAuthorAhead(undefined); // the next run asks nothing ahead: the earlier answer is forgotten
    process.env.GIT_AUTHOR_EMAIL = "c@example.com";
    expect((await authorIdent(top))?.email).toBe("c@example.com");
  });

  it("issue 18: the environment's author name and email are git's answer without git, as git var gives them — also where git would strip them", async () => {
    askAuthorAhead(undefined);
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
      expect(await authorIdent(dir), `${name} <${email}>`).toEqual(gitSays(name, email));
    }
  });
});
