// Issue 18: on a real history (a commit per action) CI checks what a push or a merge request brings —
// the push's before..after, the pull/merge request's base..head — and walks the whole history on a
// schedule (or when there is no usable range: a new branch, a force push whose old tip is gone). The
// templates' shell is run here as CI would run it, with a stand-in `svc` that records its arguments.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { cleanup, git, ROOT, tempDir } from "./helpers.ts";

const template = (name: string) =>
  readFileSync(join(ROOT, "templates", "ci", name), "utf8").replace(/\{\{root\}\}/g, "'.'");

let dir: string;
let bin: string;
let base: string;
let tip: string;
beforeAll(() => {
  dir = tempDir("svc-ci-range-");
  bin = join(dir, "bin");
  mkdirSync(bin);
  writeFileSync(join(bin, "svc"), '#!/bin/sh\nprintf "%s\\n" "$*" > "$SVC_ARGS"\n');
  chmodSync(join(bin, "svc"), 0o755);
  const repo = join(dir, "repo");
  mkdirSync(repo);
  git(repo, ["init", "-q", "-b", "main"]);
  for (const n of [1, 2, 3]) {
    writeFileSync(join(repo, "f.txt"), `${n}\n`);
    git(repo, ["add", "f.txt"]);
    git(repo, ["commit", "-q", "-m", `c${n}`]);
  }
  base = git(repo, ["rev-parse", "HEAD~2"]).trim();
  tip = git(repo, ["rev-parse", "HEAD"]).trim();
});
afterAll(() => cleanup(dir));

/** Run a script in the repository as CI does (sh -e), return what `svc` was called with. */
function run(script: string, env: Record<string, string>): string {
  const out = join(dir, "args");
  writeFileSync(out, "");
  const r = spawnSync("sh", ["-e", "-c", script], {
    cwd: join(dir, "repo"),
    env: { PATH: `${bin}:${process.env.PATH}`, HOME: process.env.HOME ?? dir, SVC_ARGS: out, ...env },
    encoding: "utf8",
  });
  expect(r.status, r.stderr).toBe(0);
  return readFileSync(out, "utf8").trim();
}

const ZERO = "0".repeat(40);
const GONE = "deadbeef".repeat(5);

describe("CI templates check the pushed range, the whole history on a schedule (issue 18)", () => {
  for (const name of ["github.yml", "gitea.yml"]) {
    it(`${name}: push before..after, pull request base..head, nightly and by hand the whole walk`, () => {
      const wf = parse(template(name));
      expect(Object.keys(wf.on)).toEqual(["push", "pull_request", "schedule", "workflow_dispatch"]);
      expect(wf.on.schedule[0].cron).toMatch(/^\d+ \d+ \* \* \*$/);
      const step = wf.jobs.check.steps.find((s: { name?: string }) => s.name === "svc check --history");
      // The forge fills these in; the pull request's shas win over the push's.
      const expr = (e: string) => `\${{ ${e} }}`;
      expect(step.env).toEqual({
        EVENT: expr("github.event_name"),
        BASE: expr("github.event.pull_request.base.sha || github.event.before"),
        TIP: expr("github.event.pull_request.head.sha || github.sha"),
      });
      const sh = step.run as string;
      const whole = "--repo . check --history";
      expect(run(sh, { EVENT: "push", BASE: base, TIP: tip })).toBe(`${whole} ${base}..${tip}`);
      expect(run(sh, { EVENT: "pull_request", BASE: base, TIP: tip })).toBe(`${whole} ${base}..${tip}`);
      expect(run(sh, { EVENT: "push", BASE: ZERO, TIP: tip })).toBe(whole); // a new branch
      expect(run(sh, { EVENT: "push", BASE: GONE, TIP: tip })).toBe(whole); // a force push: old tip gone
      expect(run(sh, { EVENT: "push", BASE: "", TIP: tip })).toBe(whole);
      expect(run(sh, { EVENT: "schedule", BASE: "", TIP: tip })).toBe(whole);
      expect(run(sh, { EVENT: "workflow_dispatch", BASE: base, TIP: tip })).toBe(whole);
    });
  }

  it("gitlab-ci.yml: push before..after, merge request base..head, a scheduled pipeline the whole walk", () => {
    const job = parse(template("gitlab-ci.yml"))["svc-check"];
    expect(job.rules).toContainEqual({ if: '$CI_PIPELINE_SOURCE == "schedule"' });
    expect(job.rules).toContainEqual({ if: '$CI_PIPELINE_SOURCE == "merge_request_event"' });
    const script = job.script as string[];
    const i = script.findIndex((l) => l.startsWith("BASE="));
    expect(i).toBeGreaterThan(0);
    const sh = script.slice(i).join("\n"); // GitLab runs the lines in one shell
    const whole = "--repo . check --history";
    const push = { CI_PIPELINE_SOURCE: "push", CI_COMMIT_SHA: tip };
    expect(run(sh, { ...push, CI_COMMIT_BEFORE_SHA: base })).toBe(`${whole} ${base}..${tip}`);
    expect(
      run(sh, {
        CI_PIPELINE_SOURCE: "merge_request_event",
        CI_COMMIT_SHA: tip,
        CI_COMMIT_BEFORE_SHA: ZERO,
        CI_MERGE_REQUEST_DIFF_BASE_SHA: base,
      }),
    ).toBe(`${whole} ${base}..${tip}`);
    expect(run(sh, { ...push, CI_COMMIT_BEFORE_SHA: ZERO })).toBe(whole);
    expect(run(sh, { ...push, CI_COMMIT_BEFORE_SHA: GONE })).toBe(whole);
    expect(run(sh, { CI_PIPELINE_SOURCE: "schedule", CI_COMMIT_SHA: tip, CI_COMMIT_BEFORE_SHA: base })).toBe(
      whole,
    );
  });
});
