// Issue 18 (wave 5): whether a checkout may write other bytes than the blob's (src/store/git.ts
// checkoutConverts, asked by indexBlobs, pathsOffCommit and statusOffHead on every read that takes
// git's index as a cache key) reads where info/attributes and the top are from the files of a plain
// repository instead of asking `git rev-parse` — one git process instead of two beside the read's own.
// What it finds must be what it found: eol=crlf, ident or working-tree-encoding in info/attributes,
// the top's .gitattributes or core.attributesFile; git asked where the repository is not plain
// (core.worktree: the top is elsewhere).
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { indexBlobs } from "../src/store/git.ts";
import { cleanup, git, tempDir } from "./helpers.ts";

let dir: string;
let shim: string;
const log = () => join(shim, "calls.log");

beforeAll(() => {
  dir = tempDir("svc-attr-");
  git(dir, ["init", "-q", "-b", "main"]);
  writeFileSync(join(dir, "a.yaml"), "kind: x\n");
  git(dir, ["add", "-A"]);
  git(dir, ["commit", "-q", "-m", "a"]);
  // a `git` on the PATH that writes its first argument to a log, then runs git
  shim = tempDir("svc-attr-shim-");
  const real = spawnSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).stdout.trim();
  writeFileSync(join(shim, "git"), `#!/bin/sh\necho "$1" >> "${log()}"\nexec "${real}" "$@"\n`);
  chmodSync(join(shim, "git"), 0o755);
});
afterAll(() => {
  cleanup(dir);
  cleanup(shim);
});

/** indexBlobs at `cwd` with the shim on the PATH: its answer and the git subcommands it ran. */
async function counted(cwd: string): Promise<{ answer: unknown; calls: string[] }> {
  const path = process.env.PATH;
  rmSync(log(), { force: true });
  process.env.PATH = `${shim}:${path}`;
  try {
    const answer = await indexBlobs(cwd, ["."]);
    return { answer, calls: readFileSync(log(), "utf8").trim().split("\n").sort() };
  } finally {
    process.env.PATH = path;
  }
}

describe("issue 18: checkoutConverts reads a plain repository's attribute files without git rev-parse", () => {
  it("issue 18: two git processes (config, ls-files), not three, in a plain repository — the blobs as before", async () => {
    const { answer, calls } = await counted(dir);
    expect(calls).toEqual(["-c", "config"]); // ls-files runs as `git -c core.trustctime=true … ls-files`
    expect((answer as { blobs: Map<string, string> }).blobs.has("a.yaml")).toBe(true);
  });

  it("issue 18: eol=crlf in .git/info/attributes, ident in the top's .gitattributes, working-tree-encoding in core.attributesFile: no index answer, also from a subfolder", async () => {
    const sub = join(dir, "sub");
    mkdirSync(sub, { recursive: true });
    const info = join(dir, ".git", "info");
    mkdirSync(info, { recursive: true });
    const cases: [string, string][] = [
      [join(info, "attributes"), "*.yaml eol=crlf\n"],
      [join(dir, ".gitattributes"), "*.yaml ident\n"],
      [join(shim, "attributes"), "*.yaml working-tree-encoding=UTF-16\n"],
    ];
    git(dir, ["config", "core.attributesFile", join(shim, "attributes")]);
    try {
      for (const [file, text] of cases) {
        writeFileSync(file, text);
        try {
          for (const cwd of [dir, sub])
            expect(await indexBlobs(cwd, ["."]), `${file} from ${cwd}`).toBeUndefined();
        } finally {
          rmSync(file);
        }
      }
      expect(await indexBlobs(dir, ["."])).toBeDefined();
    } finally {
      git(dir, ["config", "--unset", "core.attributesFile"]);
    }
  });

  it("issue 18: with core.worktree the top is git's (asked): ident in that work tree's .gitattributes is found", async () => {
    const repo = tempDir("svc-attr-wt-");
    const tree = tempDir("svc-attr-tree-");
    try {
      git(repo, ["init", "-q", "-b", "main"]);
      git(repo, ["config", "core.worktree", tree]);
      writeFileSync(join(tree, "a.yaml"), "kind: x\n");
      git(repo, ["add", "-A"]);
      git(repo, ["commit", "-q", "-m", "a"]);
      expect((await counted(repo)).calls).toEqual(["-c", "config", "rev-parse"]);
      writeFileSync(join(tree, ".gitattributes"), "*.yaml ident\n");
      expect(await indexBlobs(repo, ["."])).toBeUndefined();
    } finally {
      cleanup(repo);
      cleanup(tree);
    }
  });
});
