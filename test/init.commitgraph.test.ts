// Issue 18: `svc show` runs `git log -- path` over the whole history; on a realistic history (a commit
// per action: 69,404 commits at 20,000 records) that walk was most of its 0.9–2.5 s. A repository
// `svc init` creates gets a commit-graph with changed-path (Bloom) filters, which git keeps and
// extends after every fetch (fetch.writeCommitGraph) — git then reads a filter per commit, not a tree.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cleanup, git, SUP, svcIn, tempDir } from "./helpers.ts";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) cleanup(d);
});

/** The commit-graph files of a repository, and whether they carry changed-path filters (BIDX). */
function graphs(dir: string): { files: string[]; bloom: boolean } {
  const info = join(dir, ".git", "objects", "info");
  const files = [
    ...(existsSync(join(info, "commit-graph")) ? [join(info, "commit-graph")] : []),
    ...(existsSync(join(info, "commit-graphs"))
      ? readdirSync(join(info, "commit-graphs"))
          .filter((f) => f.endsWith(".graph"))
          .map((f) => join(info, "commit-graphs", f))
      : []),
  ];
  return { files, bloom: files.some((f) => readFileSync(f).includes("BIDX")) };
}

describe("svc init keeps git's commit-graph with changed-path filters (issue 18)", () => {
  it("issue 18: a new repository gets fetch.writeCommitGraph and a first commit-graph with changed-path filters, which a fetch keeps", async () => {
    const origin = join(tempDir("svc-cg-"), "origin");
    dirs.push(origin);
    mkdirSync(origin);
    const r = await svcIn(origin, ["init", "."], SUP);
    expect(r.code, r.stderr).toBe(0);
    expect(git(origin, ["config", "fetch.writeCommitGraph"]).trim()).toBe("true");
    const first = graphs(origin);
    expect(first.files.length).toBeGreaterThan(0);
    expect(first.bloom).toBe(true);
    expect(git(origin, ["commit-graph", "verify"]).trim()).toBe("");
    // git's own writes after a fetch keep the filters (changed paths persist once present).
    writeFileSync(join(origin, "note.txt"), "x\n");
    git(origin, ["add", "note.txt"], SUP);
    git(origin, ["commit", "-q", "-m", "note"], SUP);
    const clone = join(tempDir("svc-cg-"), "clone");
    dirs.push(clone);
    git(origin, ["clone", "-q", origin, clone]);
    git(clone, ["config", "fetch.writeCommitGraph", "true"]);
    git(clone, ["commit-graph", "write", "--reachable", "--changed-paths"]);
    writeFileSync(join(origin, "note.txt"), "y\n");
    git(origin, ["commit", "-q", "-am", "note 2"], SUP);
    git(clone, ["fetch", "-q"]);
    expect(graphs(clone).bloom).toBe(true);
  });

  it("issue 18: an existing repository keeps its owner's settings (no commit-graph setting added)", async () => {
    const dir = join(tempDir("svc-cg-"), "own");
    dirs.push(dir);
    git(tempDir(), ["init", "-q", dir]);
    const r = await svcIn(dir, ["init", "."], SUP);
    expect(r.code, r.stderr).toBe(0);
    expect(git(dir, ["config", "--default", "none", "--get", "fetch.writeCommitGraph"]).trim()).toBe("none");
  });
});
