// Issue 18: `svc check --changed` after one commit reads HEAD's tree only at the paths it reports on
// (git ls-tree of 50,000 entries was a third of its time). A record path committed as a symlink in
// the last commit is still found — as the full check finds it.
import { execFileSync } from "node:child_process";
import { rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cleanup, SUP, sampleRepo, svcIn } from "./helpers.ts";

const git = (dir: string, args: string[]) =>
  execFileSync("git", args, {
    cwd: dir,
    encoding: "utf8",
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: SUP.name,
      GIT_AUTHOR_EMAIL: SUP.email,
      GIT_COMMITTER_NAME: SUP.name,
      GIT_COMMITTER_EMAIL: SUP.email,
    },
  });

describe("issue 18: svc check --changed reads HEAD's tree at the reported paths only", () => {
  const dir = sampleRepo();
  afterAll(() => cleanup(dir));

  it("issue 18: a record committed as a symlink in the last commit is found by --changed as by the full check", async () => {
    const rel = "notices/2026/N-20261121-weyf7.yaml";
    rmSync(join(dir, rel));
    symlinkSync("../../svc.yaml", join(dir, rel));
    git(dir, ["add", "-A"]);
    git(dir, ["commit", "-q", "-m", "a record replaced by a link"]);
    const notAFile = (stdout: string) =>
      JSON.parse(stdout).findings.filter((f: { rule: string }) => f.rule === "not-a-file");
    const changed = await svcIn(dir, ["check", "--changed", "--json"]);
    const full = await svcIn(dir, ["check", "--json"]);
    expect(changed.code).toBe(1);
    expect(notAFile(changed.stdout)).toEqual(notAFile(full.stdout));
    expect(notAFile(changed.stdout).map((f: { file: string }) => f.file)).toEqual([rel]);
    // a commit later, that path is no longer among the changes: --changed leaves it to the full check
    git(dir, ["commit", "-q", "--allow-empty", "-m", "nothing"]);
    expect(notAFile((await svcIn(dir, ["check", "--changed", "--json"])).stdout)).toEqual([]);
    expect(notAFile((await svcIn(dir, ["check", "--json"])).stdout).length).toBe(1);
  });
});
