// Issue 16 (svc open --equipment at 50,000 records) and issue 18 (svc show N-…): the commit-keyed
// mention index (src/check/mentions-head.ts) carried forward from commit to commit. Whatever happened
// between two runs — svc's commit, plain git's, a hand edit (unstaged, staged), a new or deleted file, a
// reset, an amend, a damaged cache — every file whose work tree names an id is among the candidates,
// and every candidate that is not loose names it (the line is its blob's).
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { headMentions } from "../src/check/mentions-head.ts";
import { cleanup, git, sampleRepo } from "./helpers.ts";

const DIRS = ["letters", "notices", "rd-orders"];
const NAME = "letters+notices+rd-orders";
let dir: string;
beforeAll(() => {
  dir = sampleRepo();
});
afterAll(() => cleanup(dir));

const gitDir = () => join(dir, ".git");
const cacheFile = () => join(gitDir(), "svc", "cache", `mentions-head-${NAME}.txt`);

/** Every record file of the folders in the work tree, with its text. */
function workTree(): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string) => {
    for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const r = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(r);
      else if (e.isFile()) out.set(r, readFileSync(join(dir, r), "utf8"));
    }
  };
  for (const d of DIRS) walk(d);
  return out;
}

/** The dated ids the work tree's files name (a sample of them, and some no file names). */
function someIds(files: Map<string, string>): string[] {
  const ids = new Set<string>(["N-20990101-nobody", "L-20990101-nobody"]);
  for (const text of files.values())
    for (const m of text.matchAll(/\b(?:N|L|EQ|RD)-\d{8}-[a-z0-9]+\b/g)) ids.add(m[0]);
  return [...ids];
}

/** Runs the index as a command would (and saves it), then proves it against the work tree. */
async function proven(env: NodeJS.ProcessEnv = {}): Promise<void> {
  const index = await headMentions(dir, gitDir(), dir, env, NAME, DIRS);
  index.save();
  const files = workTree();
  const ids = someIds(files);
  for (const id of ids) {
    const got = index.candidates(new Set([id]));
    const naming = [...files].filter(([, text]) =>
      new RegExp(`(^|[^A-Za-z0-9-])${id}($|[^A-Za-z0-9-])`).test(text),
    );
    for (const [rel] of naming) expect(got, `${rel} names ${id}`).toContain(rel);
    for (const rel of got)
      if (!index.loose.has(rel))
        expect(files.get(rel) ?? "", `${rel} is a candidate for ${id}`).toContain(id);
  }
  // Many ids at once give the union of each one's candidates.
  const all = index.candidates(new Set(ids));
  const each = new Set(ids.flatMap((id) => [...index.candidates(new Set([id]))]));
  expect([...all].sort()).toEqual([...each].sort());
}

const firstNotice = () => readdirSync(join(dir, "notices", "2026")).sort()[0];
const firstLetter = () => readdirSync(join(dir, "letters", "2026")).sort()[0];
const commitAll = (msg: string) => {
  git(dir, ["add", "-A"]);
  git(dir, ["commit", "-q", "-m", msg]);
};

test("issue 16/18 mention index: first run, then a plain git commit naming an id anew, carried forward", async () => {
  await proven(); // no cache: the whole tree
  expect(readFileSync(cacheFile(), "utf8")).toMatch(/^svc-mentions-head 1 [0-9a-f]{40} \d+\n/);
  await proven(); // unchanged HEAD: the cache as it is
  const n = join(dir, "notices", "2026", firstNotice());
  writeFileSync(
    n,
    readFileSync(n, "utf8").replace(/^(customer: .*\n)/m, "$1equipmentId: EQ-20260101-handx\n"),
  );
  commitAll("notice: a unit named by plain git");
  await proven();
  expect(readFileSync(cacheFile(), "utf8")).toContain("EQ-20260101-handx");
});

test("issue 16/18 mention index: a hand edit unstaged, then staged, then reverted — never hidden behind the committed line", async () => {
  await proven();
  const l = join(dir, "letters", "2026", firstLetter());
  const before = readFileSync(l, "utf8");
  writeFileSync(l, `${before}# hand note N-20990101-nobody\n`);
  await proven(); // modified, not staged
  git(dir, ["add", "--", "letters"]);
  await proven(); // staged: the work tree is the index's, not HEAD's
  git(dir, ["reset", "-q", "--", "letters"]);
  writeFileSync(l, before);
  await proven(); // back to HEAD's blob (stat-dirty only): trusted again
  const index = await headMentions(dir, gitDir(), dir, {}, NAME, DIRS);
  expect(index.loose.has(`letters/2026/${firstLetter()}`)).toBe(false);
});

test("issue 16/18 mention index: new and deleted files, committed or not, a file made executable", async () => {
  const src = join(dir, "notices", "2026", firstNotice());
  mkdirSync(join(dir, "notices", "2027"), { recursive: true });
  const added = join(dir, "notices", "2027", "N-20270101-added.yaml");
  writeFileSync(
    added,
    readFileSync(src, "utf8").replace(/^id: .*$/m, "id: N-20270101-added\nnote: L-20990101-nobody"),
  );
  await proven(); // untracked
  commitAll("notice added");
  await proven();
  rmSync(added);
  await proven(); // deleted in the work tree only
  git(dir, ["checkout", "--", "notices"]);
  chmodSync(added, 0o755);
  commitAll("notice made executable");
  await proven();
  git(dir, ["rm", "-q", "--", "notices/2027/N-20270101-added.yaml"]);
  await proven(); // removed from the index, still in HEAD
  commitAll("notice removed");
  await proven();
});

test("issue 16/18 mention index: a reset, an amend, many files at once, a damaged or foreign cache, SVC_CACHE=0", async () => {
  const back = git(dir, ["rev-parse", "HEAD~2"]).trim();
  git(dir, ["reset", "-q", "--hard", back]);
  await proven(); // HEAD moved back: the tree diff goes backwards
  const n = join(dir, "notices", "2026", firstNotice());
  writeFileSync(n, `${readFileSync(n, "utf8")}# amended L-20990101-amend\n`);
  git(dir, ["add", "-A"]);
  git(dir, ["commit", "-q", "--amend", "-m", "amended"]);
  await proven();
  // Every letter and notice at once (past the few-lines path: the lines are parsed).
  for (const [rel, text] of workTree())
    if (rel.endsWith(".yaml")) writeFileSync(join(dir, rel), `${text}# N-20990101-bulk\n`);
  commitAll("every file");
  await proven();
  // The cache's commit is gone (an unknown id): the whole tree again.
  writeFileSync(cacheFile(), `svc-mentions-head 1 ${"1".repeat(40)}\n0000 notices/x.yaml N-1\n`);
  await proven();
  // Not ours at all / truncated.
  writeFileSync(cacheFile(), "garbage");
  await proven();
  writeFileSync(cacheFile(), readFileSync(cacheFile(), "utf8").slice(0, 100));
  await proven();
  // No cache kept: the same answers.
  await proven({ SVC_CACHE: "0" });
});
