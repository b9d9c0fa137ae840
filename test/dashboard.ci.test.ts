// Issue 17: `svc ci --pages` adds the opt-in job that builds the dashboard on every push to the main
// branch and publishes it as the forge's Pages (GitHub: upload-pages-artifact + deploy-pages; GitLab:
// the `pages` job's public/; Gitea: an artifact upload, since it has no Pages); kept when `svc ci`
// runs again, removed by `svc ci --no-pages`. The templates' text, parsed as YAML.
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { cleanup, freshRepo, read, SUP, svcIn, tempDir } from "./helpers.ts";

const GH = ".github/workflows/svc.yml";
const GL = ".gitlab-ci.yml";
const GT = ".gitea/workflows/svc.yml";
const PKG = "git+https://git.example.com/it/svc.git";

type Y = any;
const stepUses = (job: Y) => (job.steps as Y[]).map((s) => s.uses ?? s.run);

describe("svc ci --pages (issue 17): the dashboard published by CI", () => {
  let dir: string;
  beforeAll(() => {
    dir = freshRepo();
  }, 60_000);
  afterAll(() => cleanup(dir));

  it("issue 17: without --pages (svc init, svc ci) no file has the Pages job", async () => {
    for (const f of [GH, GL, GT]) expect(read(dir, f)).not.toContain("dashboard");
    expect((await svcIn(dir, ["ci", "--package", PKG, "--no-commit"], SUP)).code).toBe(0);
    for (const f of [GH, GL, GT])
      expect(parse(read(dir, f)).pages ?? parse(read(dir, f)).jobs?.pages).toBeUndefined();
  });

  it("issue 17: GitHub — on a push to the default branch, after the check: build, upload-pages-artifact, deploy-pages", async () => {
    const r = await svcIn(dir, ["ci", "--package", PKG, "--pages", "--json"], SUP);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.pages).toEqual([GH, GL, GT]);
    expect(out.commit).toMatch(/^[0-9a-f]{40}$/);
    const text = read(dir, GH);
    const wf = parse(text);
    expect(Object.keys(wf.jobs)).toEqual(["check", "pages"]); // the check job is unchanged, pages appended
    const job = wf.jobs.pages;
    expect(job.if).toBe(
      "github.event_name == 'push' && github.ref_name == github.event.repository.default_branch",
    );
    expect(job.needs).toBe("check");
    expect(job.permissions).toEqual({ contents: "read", pages: "write", "id-token": "write" });
    expect(job.environment.name).toBe("github-pages");
    expect(job.steps[0].with["fetch-depth"]).toBe(0);
    const steps = stepUses(job);
    expect(steps).toContain(`npm install -g --no-audit --no-fund ${PKG}`);
    expect(steps).toContain('svc --repo . dashboard --out "$RUNNER_TEMP/svc-dashboard"');
    const upload = steps.indexOf("actions/upload-pages-artifact@v3");
    expect(upload).toBeGreaterThan(
      steps.indexOf('svc --repo . dashboard --out "$RUNNER_TEMP/svc-dashboard"'),
    );
    expect(steps.indexOf("actions/deploy-pages@v4")).toBeGreaterThan(upload);
    // svc's caches of the last run restored before the build (a site from them, not from nothing)
    const cache = steps.indexOf("actions/cache@v4");
    expect(cache).toBeGreaterThan(0);
    expect(cache).toBeLessThan(steps.indexOf('svc --repo . dashboard --out "$RUNNER_TEMP/svc-dashboard"'));
    expect(job.steps[cache].with).toEqual({
      path: ".git/svc/cache",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: GitHub's expression, as the workflow holds it
      key: "svc-cache-${{ github.sha }}",
      "restore-keys": "svc-cache-",
    });
    expect(job.steps[upload].with.path).toMatch(/^\$\{\{ runner\.temp \}\}\/svc-dashboard$/);
    // Honest about access: the forge decides, and a Pages site on GitHub Free/Pro/Team is public.
    expect(text).toMatch(/PUBLIC, even from a private repository/);
    // Personal data never published by CI.
    expect(text).not.toMatch(/^\s*run:.*--include-(pay|contacts)/m);
  });

  it("issue 17: GitLab — a `pages` job in stage deploy on pushes to the default branch, publishing public/", () => {
    const ci = parse(read(dir, GL));
    expect(Object.keys(ci)).toEqual(["svc-check", "pages"]);
    const job = ci.pages;
    expect(job.stage).toBe("deploy"); // after svc-check (stage test) has passed
    expect(job.rules).toEqual([
      { if: '$CI_PIPELINE_SOURCE == "push" && $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH' },
    ]);
    expect(job.variables.GIT_DEPTH).toBe("0");
    expect(job.script).toEqual([
      `npm install -g --no-audit --no-fund ${PKG}`,
      'svc --repo . dashboard --out "$CI_PROJECT_DIR/public"',
    ]);
    expect(job.artifacts.paths).toEqual(["public"]);
    expect(job.cache).toEqual({ key: "svc-cache", paths: [".git/svc/cache"] });
    expect(read(dir, GL)).toContain("Only project members");
  });

  it("issue 17: Gitea — no Pages there: the site is this run's artifact (upload-artifact@v3), said so", () => {
    const text = read(dir, GT);
    const job = parse(text).jobs.pages;
    expect(job.needs).toBe("check");
    const steps = stepUses(job);
    expect(steps).toContain("actions/upload-artifact@v3");
    expect(steps).not.toContain("actions/deploy-pages@v4");
    expect(steps.indexOf("actions/cache@v4")).toBeLessThan(
      steps.findIndex((x: string) => / dashboard /.test(x)),
    );
    expect(steps.indexOf("actions/cache@v4")).toBeGreaterThan(0);
    expect(text).toContain("Gitea and Forgejo have no Pages of their own");
  });

  it("issue 17: the jobs' commands build the site as CI runs them — no git identity; GitLab's public/ in the checkout, GitHub's in the runner's temp", async () => {
    const argsOf = (line: string | undefined, vars: Record<string, string>) =>
      Object.entries(vars)
        .reduce((l, [k, v]) => l.replace(`$${k}`, v), line ?? "")
        .replaceAll('"', "")
        .split(" ")
        .slice(1); // svc …
    const runnerTemp = tempDir("svc-ci-runner-");
    try {
      const gitlab = (parse(read(dir, GL)).pages.script as string[]).find((l) => l.includes(" dashboard "));
      const github = (parse(read(dir, GH)).jobs.pages.steps as { run?: string }[]).find((s) =>
        s.run?.includes(" dashboard "),
      )?.run;
      for (const [args, index] of [
        [argsOf(gitlab, { CI_PROJECT_DIR: dir }), join(dir, "public", "index.html")],
        [argsOf(github, { RUNNER_TEMP: runnerTemp }), join(runnerTemp, "svc-dashboard", "index.html")],
      ] as const) {
        expect(args.slice(0, 4)).toEqual(["--repo", ".", "dashboard", "--out"]);
        const r = await svcIn(dir, [...args], undefined, { GIT_CONFIG_GLOBAL: "/dev/null" });
        expect(r.code, r.stderr).toBe(0);
        expect(existsSync(index), index).toBe(true);
      }
    } finally {
      cleanup(runnerTemp);
      rmSync(join(dir, "public"), { recursive: true, force: true });
    }
  });

  it("issue 17: svc ci keeps the job when run again; --no-pages removes it", async () => {
    const r = await svcIn(dir, ["ci", "--package", PKG, "--json"], SUP);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ pages: [GH, GL, GT] });
    expect(JSON.parse(r.stdout).commit).toBeUndefined(); // nothing changed
    const off = await svcIn(dir, ["ci", "--package", PKG, "--no-pages", "--json"], SUP);
    expect(off.code, off.stderr).toBe(0);
    expect(JSON.parse(off.stdout).pages).toEqual([]);
    for (const f of [GH, GL, GT]) expect(read(dir, f)).not.toContain("svc ci --pages");
    expect(parse(read(dir, GH)).jobs.pages).toBeUndefined();
  });

  it("issue 17: svc ci --help names --pages and --no-pages", async () => {
    const r = await svcIn(dir, ["ci", "--help"], SUP);
    expect(r.stdout).toContain("--pages");
    expect(r.stdout).toContain("--no-pages");
  });
});
