// Issue 17 (wave 4, t-dashpages item 3): a letter's or notice's timeline lists the commits that touched
// the record's file — found by path, not by the id in the commit's subject: a hand commit that does
// not name the record is there, a commit whose subject names a record it did not touch is not. Built
// once with the cache (the commits since are walked), once without (the whole history).
import { appendFileSync, cpSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { warmSample } from "./dashboard.site-kit.ts";
import { cleanup, git, SUP, svcIn, tempDir } from "./helpers.ts";

const NOW = { SVC_NOW: "2026-12-01T09:00:00+08:00" };
const LETTER = "L-20261009-4qyg8";
const OTHER = "L-20261016-27eqn";
const NOTICE = "N-20261008-qsfvz";
const HAND = { name: "王志强", email: "wangzhiqiang@dfzk.example.com" };

/** The commits (short ids) on a record page's timeline. */
function timelineCommits(site: string, page: string): string[] {
  const text = readFileSync(join(site, page), "utf8");
  return [...text.matchAll(/data-testid="commit"[^>]*><code>([0-9a-f]{10})<\/code>/g)].map((m) => m[1]);
}

describe("issue 17: a record's timeline is the commits that touched its file", () => {
  let repo: string;
  let site: string;
  let hand: string;
  let liar: string;
  let both: string;

  beforeAll(async () => {
    repo = await warmSample(); // the caches of a build of the sample's site
    site = join(repo, "out", "dashboard");
    // a first build: the walk is remembered in .git/svc/cache
    const first = await svcIn(repo, ["dashboard", "--month", "2026-11"], SUP, NOW);
    expect(first.code, first.stderr).toBe(0);
    // a hand commit editing the letter's file, its subject naming nothing
    appendFileSync(join(repo, "letters", "2026", `${LETTER}.yaml`), "# 手工补注：客户电话已更正\n");
    git(repo, ["add", "-A"], HAND);
    git(repo, ["commit", "-q", "-m", "fix a typo"], HAND);
    hand = git(repo, ["rev-parse", "HEAD"]).trim();
    // a commit whose subject names a letter it does not touch
    appendFileSync(join(repo, "README.md"), "\n");
    git(repo, ["add", "-A"], HAND);
    git(repo, ["commit", "-q", "-m", `close ${OTHER}: 完工`], HAND);
    liar = git(repo, ["rev-parse", "HEAD"]).trim();
    // one commit touching a letter and a notice, naming neither
    appendFileSync(join(repo, "letters", "2026", `${OTHER}.yaml`), "# 补注\n");
    appendFileSync(join(repo, "notices", "2026", `${NOTICE}.yaml`), "# 补注\n");
    git(repo, ["add", "-A"], HAND);
    git(repo, ["commit", "-q", "-m", "notes"], HAND);
    both = git(repo, ["rev-parse", "HEAD"]).trim();
    const again = await svcIn(repo, ["dashboard", "--month", "2026-11"], SUP, NOW);
    expect(again.code, again.stderr).toBe(0);
  }, 120_000);

  afterAll(() => cleanup(repo));

  it("issue 17: a hand commit touching the letter's file shows on its timeline, its subject naming nothing", () => {
    const shown = timelineCommits(site, `letters/${LETTER}.html`);
    expect(shown).toContain(hand.slice(0, 10));
    const page = readFileSync(join(site, `letters/${LETTER}.html`), "utf8");
    expect(page).toContain("fix a typo");
    // not on a record it did not touch
    expect(timelineCommits(site, `letters/${OTHER}.html`)).not.toContain(hand.slice(0, 10));
  });

  it("issue 17: a commit whose subject names a letter it did not touch is not on that letter's timeline", () => {
    expect(timelineCommits(site, `letters/${OTHER}.html`)).not.toContain(liar.slice(0, 10));
    for (const id of [LETTER, OTHER])
      expect(readFileSync(join(site, `letters/${id}.html`), "utf8")).not.toContain(`close ${OTHER}: 完工`);
  });

  it("issue 17: one commit touching a letter and a notice is on both timelines", () => {
    expect(timelineCommits(site, `letters/${OTHER}.html`)).toContain(both.slice(0, 10));
    expect(timelineCommits(site, `notices/${NOTICE}.html`)).toContain(both.slice(0, 10));
    expect(timelineCommits(site, `letters/${LETTER}.html`)).not.toContain(both.slice(0, 10));
  });

  it("issue 17: a rewritten history (the cached head no longer an ancestor) is walked again", async () => {
    git(repo, ["commit", "-q", "--amend", "-m", "notes, reworded"], HAND);
    const amended = git(repo, ["rev-parse", "HEAD"]).trim();
    const r = await svcIn(repo, ["dashboard", "--month", "2026-11"], SUP, NOW);
    expect(r.code, r.stderr).toBe(0);
    const shown = timelineCommits(site, `notices/${NOTICE}.html`);
    expect(shown).toContain(amended.slice(0, 10));
    expect(shown).not.toContain(both.slice(0, 10));
    expect(timelineCommits(site, `letters/${LETTER}.html`)).toContain(hand.slice(0, 10));
  });

  it("issue 17: the same timelines from the whole history, without the cache, and with the records in a subfolder", async () => {
    const top = tempDir();
    const sub = join(top, "records");
    mkdirSync(sub);
    cpSync(repo, sub, {
      recursive: true,
      filter: (p) => p !== join(repo, ".git") && p !== join(repo, "out"),
    });
    git(top, ["init", "-q", "-b", "main"]);
    git(top, ["add", "-A"], HAND);
    git(top, ["commit", "-q", "-m", "import the records"], HAND);
    appendFileSync(join(sub, "letters", "2026", `${LETTER}.yaml`), "# 再补注\n");
    appendFileSync(join(top, "notes.txt"), `${OTHER}\n`);
    git(top, ["add", "-A"], HAND);
    git(top, ["commit", "-q", "-m", `hand edit, see ${OTHER}`], HAND);
    const edit = git(top, ["rev-parse", "HEAD"]).trim();
    const out = join(tempDir(), "site");
    const r = await svcIn(sub, ["dashboard", "--month", "2026-11", "--out", out], SUP, {
      ...NOW,
      SVC_CACHE: "0",
    });
    expect(r.code, r.stderr).toBe(0);
    expect(timelineCommits(out, `letters/${LETTER}.html`)).toContain(edit.slice(0, 10));
    expect(timelineCommits(out, `letters/${OTHER}.html`)).not.toContain(edit.slice(0, 10));
    cleanup(top);
  });
});
