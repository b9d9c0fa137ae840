// Issue 18: the whole `svc check --history` walk in bounded chunks (src/check/history/index.ts
// checkHistory, HISTORY_CHUNK). Each commit is judged by its first parent's tree, never by what an
// earlier chunk held, so a chunked walk finds exactly what one walk over everything finds — here with
// violations that span chunk boundaries: a roster change in one chunk judged in the next, a signed
// record parsed in one chunk edited or deleted in a later one (its old text read again to locate the
// finding), an evil merge, a grafted root that changes no record.
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import type { Finding } from "../src/check/finding.ts";
import { checkHistory } from "../src/check/history/index.ts";
import { checkSignatures } from "../src/check/signatures.ts";
import { cleanup, ENG, env, GM, headOf, type Identity, SUP, tempDir } from "./helpers.ts";

const merged = tempDir("svc-chunks-");
const linear = tempDir("svc-chunks-linear-");
afterAll(() => {
  cleanup(merged);
  cleanup(linear);
});
let dir = linear;

function run(args: string[], who: Identity = SUP): string {
  const r = spawnSync("git", args, { cwd: dir, env: env(who), encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  return r.stdout.trim();
}
function commit(who: Identity, files: Record<string, unknown | null>, message = "change"): string {
  for (const [rel, data] of Object.entries(files)) {
    const abs = join(dir, rel);
    if (data === null) rmSync(abs, { force: true });
    else {
      mkdirSync(dirname(abs), { recursive: true });
      writeFileSync(abs, stringify(data));
    }
  }
  run(["add", "-A"], who);
  run(["commit", "-q", "--allow-empty", "-m", message], who);
  return headOf(dir);
}

const person = (id: string, name: string, roles: string[], email: string, extra = {}) => ({
  kind: "person",
  id,
  name,
  roles,
  email,
  ...extra,
});
const zhangsan = (extra = {}) =>
  person("zhangsan", ENG.name, ["engineer"], ENG.email, { region: "华东", hired: "2026-01-05", ...extra });
const A = "assessments/2026/A-202610.yaml";
const P = "payroll/2026/P-202610.yaml";
const signature = { by: "lizong", at: "2026-11-03T10:00:00+08:00" };
const sheet = (total: number, extra: Record<string, unknown> = {}) => ({
  kind: "assessment",
  id: "A-202610",
  month: "2026-10",
  people: [{ person: "zhangsan", role: "engineer", lines: [], total, flags: [] }],
  drafted: { by: "wangzhu", at: "2026-11-02T10:00:00+08:00" },
  ...extra,
});
const payroll = (extra: Record<string, unknown> = {}) => ({
  kind: "payroll",
  id: "P-202610",
  month: "2026-10",
  assessment: "A-202610",
  rows: [],
  created: { by: "wangzhu", at: "2026-11-03T09:00:00+08:00" },
  ...extra,
});
const customer = (id: string, name: string) => ({ kind: "customer", id, name });

// A linear history with commits that change nothing (the log walked without a pathspec, issue 18).
run(["init", "-q", "-b", "main"]);
commit(SUP, {
  "people/wangzhu.yaml": person("wangzhu", SUP.name, ["supervisor"], SUP.email),
  "people/lizong.yaml": person("lizong", GM.name, ["gm"], GM.email),
  "people/zhangsan.yaml": zhangsan(),
});
commit(SUP, {}, "nothing");
commit(SUP, { "people/zhangsan.yaml": zhangsan({ active: false }) }, "zhangsan leaves");
commit(SUP, {}, "nothing again");
const linearLeft = commit(ENG, { "customers/beta.yaml": customer("beta", "另一公司") }, "by one who left");
commit(SUP, { "people/zhangsan.yaml": zhangsan() }, "zhangsan back");
commit(SUP, { [A]: sheet(-150) });
commit(GM, { [A]: sheet(-150, { signature }) });
commit(ENG, {}, "nothing by the engineer");
const linearZeroed = commit(ENG, { [A]: sheet(0, { signature }) }, "fine zeroed");
run(["commit", "-q", "--allow-empty", "-m", "README only"], SUP);
// a commit dated before its parent (the identity check's date order), its parent in another slice
{
  const r = spawnSync("git", ["commit", "-q", "--allow-empty", "-m", "back-dated"], {
    cwd: dir,
    env: { ...env(SUP), GIT_COMMITTER_DATE: "2001-01-01T00:00:00Z" },
  });
  if (r.status !== 0) throw new Error(String(r.stderr));
}
commit(SUP, { "customers/late.yaml": customer("late", "晚到") }, "after the back-dated one");

dir = merged;
run(["init", "-q", "-b", "main"]);
commit(SUP, {
  "people/wangzhu.yaml": person("wangzhu", SUP.name, ["supervisor"], SUP.email),
  "people/lizong.yaml": person("lizong", GM.name, ["gm"], GM.email),
  "people/zhangsan.yaml": zhangsan(),
});
commit(SUP, { "customers/acme.yaml": customer("acme", "某某公司") });
const leaves = commit(SUP, { "people/zhangsan.yaml": zhangsan({ active: false }) }, "zhangsan leaves");
const afterLeaving = commit(ENG, { "customers/beta.yaml": customer("beta", "另一公司") }, "by one who left");
commit(SUP, { "people/zhangsan.yaml": zhangsan() }, "zhangsan back");
commit(SUP, { [A]: sheet(-150) });
commit(GM, { [A]: sheet(-150, { signature }) });
commit(SUP, { [P]: payroll() });
commit(GM, { [P]: payroll({ signature }) });
for (let i = 0; i < 4; i++) commit(SUP, { [`customers/c${i}.yaml`]: customer(`c${i}`, `客户${i}`) });
const zeroed = commit(ENG, { [A]: sheet(0, { signature }) }, "fine zeroed");
const deleted = commit(SUP, { [P]: null }, "signed payroll deleted");
// back to the signed version by hand: its blob was parsed chunks ago, its text read again for the line
const restored = commit(ENG, { [A]: sheet(-150, { signature }) }, "fine restored by hand");
// an evil merge: the engineer's side changes a customer, the merge itself zeroes the fine again
run(["checkout", "-q", "-b", "side"]);
commit(ENG, { "customers/acme.yaml": customer("acme", "某某公司（改）") });
run(["checkout", "-q", "main"]);
commit(SUP, { "customers/c9.yaml": customer("c9", "客户9") });
run(["merge", "-q", "--no-ff", "--no-commit", "side"], ENG);
commit(ENG, { [A]: sheet(0, { signature, note: 1 }) }, "merge side");
const merge = run(["rev-parse", "HEAD"]);
// a grafted root that changes no record, merged in
run(["checkout", "-q", "--orphan", "graft"]);
run(["rm", "-rq", "--cached", "."]);
run(["commit", "-q", "--allow-empty", "-m", "graft"], ENG);
const graft = run(["rev-parse", "HEAD"]);
run(["clean", "-fdq"]);
run(["checkout", "-q", "-f", "main"]);
run(["merge", "-q", "--allow-unrelated-histories", "-s", "ours", "-m", "graft in", "graft"], ENG);

const walk = async (
  extra: { chunk?: number; keep?: number; range?: string; pathLimited?: boolean } = {},
  at = merged,
) => checkHistory({ gitTop: at, gitDir: join(at, ".git"), root: at, tz: "Asia/Shanghai", ...extra });

describe("issue 18: a chunked history walk finds what the whole walk finds", () => {
  it("the violations span chunks, in the same order, located the same, for every chunk size", async () => {
    const whole = await walk({ chunk: 1_000_000 });
    const at = (f: Finding[], sha: string) => f.filter((x) => x.commit === sha).map((x) => x.rule);
    // what the history holds (so that the comparison below compares something)
    expect(at(whole.findings, afterLeaving)).toEqual(["history-author"]);
    expect(at(whole.findings, zeroed)).toContain("history-immutable");
    expect(at(whole.findings, deleted)).toContain("history-delete-signed");
    expect(at(whole.findings, merge)).toContain("history-immutable");
    expect(at(whole.findings, graft)).toContain("history-root");
    expect(whole.findings[0].commit).toBe(graft); // an unlisted root first, as before
    const back = whole.findings.find((x) => x.commit === restored && x.rule === "history-immutable");
    expect(back?.file).toBe(A);
    expect(back?.line).toBeGreaterThan(1); // located at the value, in a version read in an earlier chunk
    expect(whole.findings.some((x) => x.commit === leaves)).toBe(false);

    for (const chunk of [1, 2, 3, 5, 8]) {
      for (const keep of [0, 1, 8000]) {
        const got = await walk({ chunk, keep });
        expect(got.commits, `chunk ${chunk} keep ${keep}`).toBe(whole.commits);
        expect(got.findings, `chunk ${chunk} keep ${keep}`).toEqual(whole.findings);
      }
    }
    // the default size, and a range that starts after the roster change (judged by its parent's roster)
    expect((await walk()).findings).toEqual(whole.findings);
    const range = `${leaves}..HEAD`;
    const ranged = await walk({ range, chunk: 1_000_000 });
    expect(at(ranged.findings, afterLeaving)).toEqual(["history-author"]);
    expect((await walk({ range, chunk: 1 })).findings).toEqual(ranged.findings);
  });
});

describe("issue 18: a history without merges is read without a pathspec, with the same findings", () => {
  it("commits that change nothing are left out as `-- .` leaves them out; the count and findings agree", async () => {
    const limited = await walk({ pathLimited: true }, linear);
    const at = (f: Finding[], sha: string) => f.filter((x) => x.commit === sha).map((x) => x.rule);
    expect(at(limited.findings, linearLeft)).toEqual(["history-author"]);
    expect(at(limited.findings, linearZeroed)).toContain("history-immutable");
    expect(limited.commits).toBe(8); // the five commits changing nothing are not counted
    for (const chunk of [undefined, 1, 3]) expect(await walk({ chunk }, linear)).toEqual(limited);
    const range = "HEAD~6..HEAD";
    expect(await walk({ range }, linear)).toEqual(await walk({ range, pathLimited: true }, linear));
  });
});

describe("issue 18: the identity check (commit dates, signatures) in slices", () => {
  it("finds the same in slices of any size as in one", async () => {
    const sig = (slice?: number) => checkSignatures({ gitTop: linear, root: linear, slice });
    const whole = await sig(1_000_000);
    expect(whole.map((f) => f.rule)).toEqual(["history-date-order"]);
    for (const slice of [undefined, 1, 2, 3]) expect(await sig(slice)).toEqual(whole);
  });
});
