// Attacks on the caches that decide from git's index or a commit which files need not be read
// (src/store/cache.ts IndexedCache, src/check/mentions-head.ts, the dashboard's): each case is a
// careless or dishonest change to the work tree, the index, the history or the caches themselves,
// and each command's answer must be what it is with no cache at all (SVC_CACHE=0).
import { readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { ageFiles, cleanup, git, sampleRepo, svcIn } from "./helpers.ts";

const NOW = { SVC_NOW: "2026-11-23T10:00:00+08:00" };
let dir: string;
const hourAgo = new Date(Date.now() - 3600_000);

/** Files and folders an hour old: the caches keep them (nothing changed in the last 2 s is kept). */
const age = (d: string) => ageFiles(d, ".", { folders: true, when: hourAgo });

/** Everything aged and git's index refreshed to it, into the next second (a blob-keyed entry is made
 * only of a file last changed in an earlier second). */
async function settle(): Promise<void> {
  age(dir);
  git(dir, ["update-index", "--really-refresh", "-q"]); // the index's stat data: the aged files
  await new Promise((r) => setTimeout(r, 1100 - (Date.now() % 1000)));
}

beforeAll(async () => {
  dir = sampleRepo();
  await settle();
});
afterAll(() => cleanup(dir));

const run = (args: string[], env: NodeJS.ProcessEnv = {}) => svcIn(dir, args, undefined, { ...NOW, ...env });

/** `args` with the caches (twice: the run that fills them, the run that uses them) = without any. */
async function same(args: string[]): Promise<string> {
  const none = await run(args, { SVC_CACHE: "0" });
  for (let i = 0; i < 2; i++) {
    const r = await run(args);
    expect(r.code, r.stderr).toBe(none.code);
    expect(r.stdout).toBe(none.stdout);
    expect(r.stderr).toBe(none.stderr);
  }
  return none.stdout;
}

/** Rewrite `rel` in place (same inode), the same size, its times put back an hour. */
function editKeepingStat(rel: string, from: RegExp, to: string): void {
  const abs = join(dir, rel);
  const text = readFileSync(abs, "utf8");
  expect(text).toMatch(from);
  const next = text.replace(from, to);
  expect(Buffer.byteLength(next)).toBe(Buffer.byteLength(text));
  writeFileSync(abs, next);
  utimesSync(abs, hourAgo, hourAgo);
}

for (const [name, value] of [
  ["core.trustctime", "false"],
  ["core.checkStat", "minimal"],
]) {
  test(`attack: ${name}=${value} in the repository's config, a same-size hand edit with its time put back — svc due is the records' (found by attack)`, async () => {
    const rel = "letters/2026/L-20261009-4qyg8.yaml";
    await settle();
    const before = await same(["due", "--json"]);
    git(dir, ["config", name, value]);
    try {
      editKeepingStat(rel, /^ {2}at: 2026-10-12T11:20:00/m, "  at: 2026-10-14T11:20:00");
      const after = await same(["due", "--json"]);
      expect(after).not.toBe(before);
    } finally {
      git(dir, ["config", "--unset", name]);
      git(dir, ["checkout", "-q", "--", rel]);
    }
  });
}

test("attack: git replace of HEAD by a commit whose tree differs, checked out — svc show N (its commits), open --equipment are what SVC_CACHE=0 gives: the objects as they are (found by attack)", async () => {
  const rel = "letters/2026/L-20261110-pxppq.yaml";
  const show = ["show", "N-20261109-5h0kx"];
  await settle();
  const before = await same(show);
  expect(before).toContain("L-20261110-pxppq（完工）");
  await same(["open", "--equipment"]);
  // a commit like HEAD but with the letter reopened, put in HEAD's place by a replace ref
  const head = git(dir, ["rev-parse", "HEAD"]).trim();
  const text = readFileSync(join(dir, rel), "utf8");
  writeFileSync(join(dir, rel), text.replace(/^status: 完工$/m, "status: 在建"));
  git(dir, ["add", rel]);
  const tree = git(dir, ["write-tree"]).trim();
  const parents = git(dir, ["log", "-1", "--format=%P"]).trim().split(" ").filter(Boolean);
  const other = git(dir, ["commit-tree", tree, ...parents.flatMap((p) => ["-p", p]), "-m", "other"]).trim();
  git(dir, ["replace", head, other]);
  try {
    git(dir, ["reset", "-q", "--hard"]);
    expect(readFileSync(join(dir, rel), "utf8")).toMatch(/^status: 在建$/m);
    await settle();
    const after = await same(show);
    expect(after).toContain("L-20261110-pxppq（在建）");
    await same(["open", "--equipment"]);
  } finally {
    git(dir, ["replace", "-d", head]);
    git(dir, ["reset", "-q", "--hard"]);
  }
});

test("attack: a smudge filter (its clean filter undoing it) set after the caches were made, the files checked out again — svc due and svc show N are the files' (found by attack)", async () => {
  const due = "letters/2026/L-20261009-4qyg8.yaml";
  const letter = "letters/2026/L-20261110-pxppq.yaml";
  const show = ["show", "N-20261109-5h0kx"];
  await settle();
  const dueBefore = await same(["due", "--json"]);
  expect(await same(show)).toContain("L-20261110-pxppq（完工）");
  git(dir, [
    "config",
    "filter.evil.smudge",
    `sed -e 's/^  at: 2026-10-12T11:20:00/  at: 2026-10-14T11:20:00/' -e 's/^status: 完工$/status: 在建/'`,
  ]);
  git(dir, [
    "config",
    "filter.evil.clean",
    `sed -e 's/^  at: 2026-10-14T11:20:00/  at: 2026-10-12T11:20:00/' -e 's/^status: 在建$/status: 完工/'`,
  ]);
  const attributes = join(dir, ".git", "info", "attributes");
  writeFileSync(attributes, `${due} filter=evil\n${letter} filter=evil\n`);
  try {
    for (const rel of [due, letter]) {
      rmSync(join(dir, rel));
      git(dir, ["checkout", "-q", "--", rel]);
    }
    expect(readFileSync(join(dir, letter), "utf8")).toMatch(/^status: 在建$/m);
    await settle();
    expect(git(dir, ["status", "--porcelain"])).toBe(""); // clean to git
    expect(await same(["due", "--json"])).not.toBe(dueBefore);
    expect(await same(show)).toContain("L-20261110-pxppq（在建）");
  } finally {
    rmSync(attributes);
    git(dir, ["config", "--remove-section", "filter.evil"]);
    for (const rel of [due, letter]) {
      rmSync(join(dir, rel));
      git(dir, ["checkout", "-q", "--", rel]);
    }
  }
});

test("attack: an fsmonitor hook that says nothing ever changes — svc due sees a hand edit git status does not (found by attack)", async () => {
  const rel = "letters/2026/L-20261009-4qyg8.yaml";
  const hook = join(dir, ".git", "fsmonitor-liar.sh");
  writeFileSync(hook, '#!/bin/sh\nprintf "tok\\0"\n', { mode: 0o755 });
  await settle();
  git(dir, ["config", "core.fsmonitor", hook]);
  try {
    git(dir, ["update-index", "--fsmonitor"]);
    git(dir, ["status", "--porcelain"]); // the index's entries marked valid by the hook
    const before = await same(["due", "--json"]);
    const text = readFileSync(join(dir, rel), "utf8");
    writeFileSync(join(dir, rel), text.replace(/^ {2}at: 2026-10-12T11:20:00/m, "  at: 2026-10-14T11:20:00"));
    expect(git(dir, ["status", "--porcelain"])).toBe(""); // git believes the hook
    expect(await same(["due", "--json"])).not.toBe(before);
  } finally {
    git(dir, ["config", "--unset", "core.fsmonitor"]);
    git(dir, ["update-index", "--no-fsmonitor"]);
    git(dir, ["checkout", "-q", "--", rel]);
  }
});
