// The dashboard's cached walk of the history in two files (src/render/dashboard/history.ts): each
// record's commits' ids (dashboard-commits.json, read by every build: the pages' keys) and the walk
// itself (dashboard-commit-rows.json, read only when many pages are made — a few pages' commits are
// asked of git). Whatever of it is missing or damaged, a build's pages are a full build's without
// any cache, byte for byte.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { build, differences, warmSample } from "./dashboard.site-kit.ts";
import { git, sampleRepo, tempDir } from "./helpers.ts";

const LETTER = "letters/2026/L-20261117-rq48r.yaml";
const ID = "L-20261117-rq48r";
const OTHERS = ["letters/2026/L-20261008-av17s.yaml", "letters/2026/L-20261009-4qyg8.yaml"];
const cacheOf = (repo: string) => join(repo, ".git", "svc", "cache");

/** One commit by hand that changes the letter's free text. */
function commitLetter(repo: string, n: number): string {
  const file = join(repo, LETTER);
  writeFileSync(file, readFileSync(file, "utf8").replace(/^(\s*text: .*)$/m, `$1（补充 ${n}）`));
  git(repo, ["commit", "-qam", `letter by hand ${n}`]);
  return git(repo, ["rev-parse", "HEAD"]).trim();
}

describe("svc dashboard: the records' commits cached in two files (issue 17)", () => {
  it("issue 17: the index holds each record's commits' ids, newest first, as git's log of its file", async () => {
    const repo = await warmSample(); // the caches a build of its site left
    const index = JSON.parse(readFileSync(join(cacheOf(repo), "dashboard-commits.json"), "utf8")) as {
      head: string;
      of: Record<string, string>;
    };
    expect(index.head).toBe(git(repo, ["rev-parse", "HEAD"]).trim());
    expect(index.of[ID]).toBe(git(repo, ["log", "--format=%H", "--", LETTER]).trim().split("\n").join(" "));
    const rows = JSON.parse(readFileSync(join(cacheOf(repo), "dashboard-commit-rows.json"), "utf8")) as {
      head: string;
      commits: string[][];
    };
    expect(rows.head).toBe(index.head);
    expect(rows.commits.filter((r) => r.slice(5).includes(ID)).map((r) => r[0])).toEqual(
      index.of[ID]!.split(" "),
    );
  });

  it("issue 17: after a commit the page to make gets its commits from git, the walk's file neither read nor written", async () => {
    const repo = await warmSample();
    const site = join(tempDir(), "site");
    await build(repo, site);
    const rowsFile = join(cacheOf(repo), "dashboard-commit-rows.json");
    // the walk's file made unreadable as JSON: a build that read it would lose the older commits
    writeFileSync(rowsFile, "not the walk");
    const sha = commitLetter(repo, 1);
    await build(repo, site);
    const page = readFileSync(join(site, "letters", `${ID}.html`), "utf8");
    expect(page).toContain(sha.slice(0, 10));
    for (const old of git(repo, ["log", "--format=%H", "--", LETTER]).trim().split("\n"))
      expect(page).toContain(old.slice(0, 10));
    expect(readFileSync(rowsFile, "utf8")).toBe("not the walk"); // neither read (the page is whole) nor written
    expect(await differences(repo, site)).toEqual([]);
  });

  it("issue 17: a build making pages of more than 2,000 commits reads them from the walk's file", async () => {
    const repo = sampleRepo();
    // 700 commits each touching three letters (2,100 of the pages' commits), made at once (git
    // fast-import), the work tree checked out at the last
    const text = readFileSync(join(repo, LETTER), "utf8");
    const others = OTHERS.map((rel) => [rel, readFileSync(join(repo, rel), "utf8")] as const);
    let stream = "";
    const inline = (rel: string, body: string) =>
      `M 100644 inline ${rel}\ndata ${Buffer.byteLength(body)}\n${body}\n`;
    for (let n = 1; n <= 700; n++) {
      stream += `commit refs/heads/main\ncommitter 陈杰 <chenjie@dfzk.example.com> ${1764550800 + n} +0800\n`;
      stream += `data ${Buffer.byteLength(`log ${n}`)}\nlog ${n}\n${n === 1 ? "from HEAD\n" : ""}`;
      stream += inline(LETTER, text.replace(/^(\s*text: .*)$/m, `$1（补充 ${n}）`));
      for (const [rel, body] of others) stream += inline(rel, `${body}# ${n}\n`);
    }
    const branch = git(repo, ["branch", "--show-current"]).trim();
    execFileSync("git", ["fast-import", "--quiet"], {
      cwd: repo,
      input: stream.replaceAll("refs/heads/main", `refs/heads/${branch}`),
    });
    git(repo, ["reset", "-q", "--hard", branch]);
    await build(repo, join(tempDir(), "site"));
    // the walk's file with one subject changed: a page showing it got its commits from that file
    const rowsFile = join(cacheOf(repo), "dashboard-commit-rows.json");
    const rows = JSON.parse(readFileSync(rowsFile, "utf8")) as { commits: string[][] };
    const first = git(repo, ["rev-parse", `${branch}~699`]).trim();
    rows.commits.find((r) => r[0] === first)![4] = "written in the walk file";
    writeFileSync(rowsFile, JSON.stringify(rows));
    const fresh = join(tempDir(), "again"); // every page made again: the commits of all of them from the cache
    await build(repo, fresh);
    const page = readFileSync(join(fresh, "letters", `${ID}.html`), "utf8");
    expect(page).toContain(first.slice(0, 10));
    expect(page).toContain("written in the walk file");
    // every other page as a build without any cache makes it (the manifest holds those pages' hashes)
    const touched = [LETTER, ...OTHERS].map(
      (rel) => `letters/${rel.split("/").at(-1)!.replace(".yaml", ".html")}`,
    );
    expect(await differences(repo, fresh)).toEqual([".svc-dashboard.json", ...touched].sort());
  });

  it("issue 17: the walk's file gone, a build making every page still lists every commit", async () => {
    const repo = await warmSample();
    rmSync(join(cacheOf(repo), "dashboard-commit-rows.json"));
    const fresh = join(tempDir(), "again"); // a new folder: every page made
    await build(repo, fresh);
    expect(await differences(repo, fresh)).toEqual([]);
  });

  it("issue 17: an index naming a commit git does not know is walked whole and removed", async () => {
    const repo = await warmSample();
    const site = join(tempDir(), "site");
    await build(repo, site);
    const file = join(cacheOf(repo), "dashboard-commits.json");
    const index = JSON.parse(readFileSync(file, "utf8")) as { of: Record<string, string> };
    index.of[ID] = `${"0".repeat(40)} ${index.of[ID]}`;
    writeFileSync(file, JSON.stringify(index));
    await build(repo, site);
    expect(existsSync(file)).toBe(false);
    await build(repo, site); // walked whole again, the index written anew, the page's key with it
    expect(JSON.parse(readFileSync(file, "utf8")).of[ID]).not.toContain("0".repeat(40));
    expect(await differences(repo, site)).toEqual([]);
  });
});
