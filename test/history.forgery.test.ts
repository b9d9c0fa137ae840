// Issue 12: forged histories built with plain git — an evil merge, an orphan graft, a symlinked record,
// moved times that decide fines, stamps and amendments by the wrong person — each found by the
// history checker (in-process, src/check/history/index.ts), with the commit named; the honest commits
// around them stay clean.
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import type { Finding } from "../src/check/finding.ts";
import { checkHistory, treeFindings } from "../src/check/history/index.ts";
import { Refused } from "../src/core/errors.ts";
import { applyAmendments } from "../src/domain/assessment.ts";
import type { Amendment, Assessment } from "../src/schemas/index.ts";
import { cleanup, ENG, env, GM, headOf, type Identity, SUP, sampleRepo, svcIn, tempDir } from "./helpers.ts";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) cleanup(d);
});

function run(dir: string, args: string[], who: Identity = SUP, date?: string, input?: string): string {
  const e = { ...env(who), ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}) };
  const r = spawnSync("git", args, { cwd: dir, env: e, encoding: "utf8", input });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  return r.stdout.trim();
}

function write(dir: string, files: Record<string, unknown | null>): string[] {
  for (const [rel, data] of Object.entries(files)) {
    const abs = join(dir, rel);
    if (data === null) rmSync(abs, { force: true });
    else {
      mkdirSync(dirname(abs), { recursive: true });
      writeFileSync(abs, typeof data === "string" ? data : stringify(data));
    }
  }
  return Object.keys(files);
}

/** Write the files and commit them as `who` (optionally at `date`); returns the commit. */
function commit(dir: string, who: Identity, files: Record<string, unknown | null>, date?: string): string {
  const paths = write(dir, files);
  run(dir, ["add", "-A", "--", ...(paths.length ? paths : ["."])], who);
  run(dir, ["commit", "-q", "--allow-empty", "-m", "change"], who, date);
  return headOf(dir);
}

const person = (id: string, name: string, roles: string[], email: string) => ({
  kind: "person",
  id,
  name,
  roles,
  email,
});
const ROSTER = {
  "people/wangzhu.yaml": person("wangzhu", SUP.name, ["supervisor"], SUP.email),
  "people/lizong.yaml": person("lizong", GM.name, ["gm"], GM.email),
  "people/zhangsan.yaml": {
    ...person("zhangsan", ENG.name, ["engineer"], ENG.email),
    region: "华东",
    hired: "2026-01-05",
  },
};

const A = "assessments/2026/A-202610.yaml";
const P = "payroll/2026/P-202610.yaml";
const signature = { by: "lizong", at: "2026-11-03T10:00:00+08:00" };
const sheet = (total: number, extra: Record<string, unknown> = {}) => ({
  kind: "assessment",
  id: "A-202610",
  month: "2026-10",
  people: [
    {
      person: "zhangsan",
      role: "engineer",
      lines: total ? [{ rule: "unsigned", text: "未签字", amount: total, refs: [], date: "2026-10-20" }] : [],
      total,
      flags: [],
    },
  ],
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

/** An incident recorded by the supervisor (class II, against zhangsan), as svc incident writes one. */
const incidentRecord = (id: string, date: string, extra: Record<string, unknown> = {}) => ({
  kind: "incident",
  id,
  class: "II",
  engineer: "zhangsan",
  date,
  cause: "客户投诉",
  opened: { by: "wangzhu", at: `${date}T10:00:00+08:00` },
  ...extra,
});

/** A department with a roster and a GM-signed October (assessment and payroll), all honest. */
function department(): string {
  const dir = tempDir("svc-forge-");
  dirs.push(dir);
  run(dir, ["init", "-q", "-b", "main"]);
  commit(dir, SUP, ROSTER);
  commit(dir, SUP, { [A]: sheet(-150) }, "2026-11-02T10:00:00+08:00");
  commit(dir, GM, { [A]: sheet(-150, { signature }) });
  commit(dir, SUP, { [P]: payroll() });
  commit(dir, GM, { [P]: payroll({ signature }) });
  return dir;
}

async function history(dir: string, range?: string): Promise<Finding[]> {
  return (
    await checkHistory({ gitTop: dir, gitDir: join(dir, ".git"), root: dir, range, tz: "Asia/Shanghai" })
  ).findings;
}
const rulesAt = (f: Finding[], sha: string) => f.filter((x) => x.commit === sha).map((x) => x.rule);

describe("issue 12 case 1: merge commits", () => {
  it("an honest department and a clean merge have no findings", async () => {
    const dir = department();
    run(dir, ["checkout", "-q", "-b", "side"]);
    commit(dir, SUP, { "customers/acme.yaml": { kind: "customer", id: "acme", name: "某某公司" } });
    run(dir, ["checkout", "-q", "main"]);
    commit(dir, SUP, { "customers/beta.yaml": { kind: "customer", id: "beta", name: "另一公司" } });
    run(dir, ["merge", "-q", "--no-ff", "-m", "merge", "side"]);
    expect(await history(dir)).toEqual([]);
  });

  it("an evil merge zeroing a fine in a GM-signed assessment, or deleting a signed payroll, is the merger's own commit", async () => {
    const dir = department();
    run(dir, ["checkout", "-q", "-b", "side"]);
    commit(dir, ENG, { "customers/acme.yaml": { kind: "customer", id: "acme", name: "某某公司" } });
    run(dir, ["checkout", "-q", "main"]);
    commit(dir, SUP, { "customers/beta.yaml": { kind: "customer", id: "beta", name: "另一公司" } });
    run(dir, ["merge", "-q", "--no-ff", "--no-commit", "side"], ENG);
    write(dir, { [A]: sheet(0, { signature }), [P]: null });
    run(dir, ["add", "-A"], ENG);
    run(dir, ["commit", "-q", "-m", "merge side"], ENG);
    const merge = run(dir, ["rev-parse", "HEAD"]);
    const f = await history(dir);
    expect(new Set(f.map((x) => x.commit))).toEqual(new Set([merge]));
    expect(rulesAt(f, merge)).toContain("history-immutable");
    expect(rulesAt(f, merge)).toContain("history-delete-signed");
    const edited = f.find((x) => x.rule === "history-immutable");
    expect(edited?.file).toBe(A);
    expect(edited?.line).toBeGreaterThan(1); // located at the changed value, not line 1
  });
});

describe("issue 12 case 1: a merge judged against each parent", () => {
  const L = "letters/2026/L-20261002-mmmmm.yaml";
  const letter = (extra: Record<string, unknown> = {}) => ({
    kind: "letter",
    id: "L-20261002-mmmmm",
    engineer: "zhangsan",
    status: "派工",
    unplanned: { reason: "现场发现" },
    assigned: { by: "wangzhu", at: "2026-10-02T11:00:00+08:00" },
    preparation: { tools: ["U盘", "螺丝刀", "笔记本电脑"], solution: "更换模块" },
    estimate: "2026-10-05T18:00:00+08:00",
    log: [] as unknown[],
    ...extra,
  });
  const site = { matches: true, by: "zhangsan", at: "2026-10-02T12:00:00+08:00" };

  it("both sides changed one letter (the supervisor's step on one, the engineer's on the other): the merge of both is no one's forgery", async () => {
    const dir = department();
    const delay = {
      reason: "B",
      until: "2026-10-09T18:00:00+08:00",
      by: "zhangsan",
      at: "2026-10-02T11:30:00+08:00",
    };
    const approval = { by: "wangzhu", at: "2026-10-02T12:30:00+08:00" };
    commit(dir, SUP, { [L]: letter() });
    commit(dir, ENG, { [L]: letter({ delays: [delay] }) });
    run(dir, ["checkout", "-q", "-b", "side"]);
    commit(dir, SUP, { [L]: letter({ delays: [{ ...delay, approval }] }) });
    run(dir, ["checkout", "-q", "main"]);
    commit(dir, ENG, { [L]: letter({ site, delays: [delay] }) }, site.at); // D17: at its commit's time
    run(dir, ["merge", "-q", "--no-commit", "-s", "ours", "side"], ENG);
    // the engineer merges: his site confirmation and the supervisor's approval, both kept
    const merge = commit(dir, ENG, { [L]: letter({ site, delays: [{ ...delay, approval }] }) });
    expect(await history(dir)).toEqual([]);
    // … while an approval neither side made is his own
    run(dir, ["checkout", "-q", "-b", "side2", `${merge}~1`]);
    commit(dir, SUP, { "customers/acme.yaml": { kind: "customer", id: "acme", name: "某某公司" } });
    run(dir, ["checkout", "-q", "main"]);
    run(dir, ["merge", "-q", "--no-commit", "-s", "ours", "side2"], ENG);
    const evil = commit(dir, ENG, {
      [L]: letter({
        site,
        delays: [{ ...delay, approval: { ...approval, at: "2026-10-03T09:00:00+08:00" } }],
      }),
    });
    // (and, since the merge holds what git's merge of its parents would not — the approval moved, and
    // `-s ours` dropped side2's customer — each file is the merger's own change too; an approved
    // delay changed afterwards is a recorded step edited)
    const found = (await history(dir)).filter((x) => x.commit === evil);
    expect(found.map((x) => x.rule).sort()).toEqual(
      [
        "history-letter-edited",
        "history-merge-own-change",
        "history-merge-own-change",
        "history-stamp",
      ].sort(),
    );
    expect(
      found
        .filter((x) => x.rule === "history-merge-own-change")
        .map((x) => x.file)
        .sort(),
    ).toEqual(["customers/acme.yaml", L].sort());
  });

  it("a side signs the assessment, the merge keeps the other side's draft with the fine zeroed", async () => {
    const dir = tempDir("svc-forge-");
    dirs.push(dir);
    run(dir, ["init", "-q", "-b", "main"]);
    commit(dir, SUP, ROSTER);
    commit(dir, SUP, { [A]: sheet(-150) }, "2026-11-02T10:00:00+08:00");
    run(dir, ["checkout", "-q", "-b", "side"]);
    commit(dir, GM, { [A]: sheet(-150, { signature }) });
    run(dir, ["checkout", "-q", "main"]);
    commit(dir, SUP, { "customers/acme.yaml": { kind: "customer", id: "acme", name: "某某公司" } });
    run(dir, ["merge", "-q", "--no-commit", "-s", "ours", "side"], SUP);
    const merge = commit(dir, SUP, { [A]: sheet(0) });
    const f = await history(dir);
    expect(new Set(f.map((x) => x.commit))).toEqual(new Set([merge]));
    expect(rulesAt(f, merge)).toContain("history-immutable");
  });
});

describe("issue 12 case 2: grafted histories", () => {
  it("an orphan root bootstrapping a roster with the engineer as GM, merged with --allow-unrelated-histories", async () => {
    const dir = department();
    run(dir, ["checkout", "-q", "--orphan", "graft"]);
    run(dir, ["rm", "-rfq", "."]);
    const root = commit(dir, ENG, {
      "people/zhangsan.yaml": {
        ...person("zhangsan", ENG.name, ["engineer", "gm"], ENG.email),
        region: "华东",
      },
    });
    const zeroed = commit(
      dir,
      ENG,
      {
        "assessments/2026/A-202609.yaml": {
          ...sheet(0),
          id: "A-202609",
          month: "2026-09",
          drafted: { by: "zhangsan", at: "2026-10-02T10:00:00+08:00" },
          signature: { by: "zhangsan", at: "2026-10-03T10:00:00+08:00" },
        },
      },
      "2026-10-02T10:00:00+08:00",
    );
    run(dir, ["checkout", "-q", "main"]);
    // the merge keeps main's roster and takes the graft's assessment
    run(dir, ["merge", "-q", "--no-commit", "--allow-unrelated-histories", "-X", "ours", "graft"]);
    run(dir, ["commit", "-q", "-m", "merge"]);
    const f = await history(dir);
    expect(rulesAt(f, root)).toEqual(["history-root"]);
    expect(f.find((x) => x.rule === "history-root")?.message).toContain(root);
    expect(rulesAt(f, zeroed)).toEqual([]); // judged by the graft's roster: only its root betrays it
    // the repository's own first commit is no graft
    const first = run(dir, ["rev-list", "--max-parents=0", "--first-parent", "HEAD"]);
    expect(rulesAt(f, first)).toEqual([]);
  });
});

describe("issue 12 case 2: a graft whose root changes no record", () => {
  it("an empty orphan root, then a roster with the engineer as GM: the root is named", async () => {
    const dir = department();
    run(dir, ["checkout", "-q", "--orphan", "graft"]);
    run(dir, ["rm", "-rfq", "."]);
    const root = commit(dir, ENG, {});
    commit(dir, ENG, {
      "people/zhangsan.yaml": {
        ...person("zhangsan", ENG.name, ["engineer", "gm"], ENG.email),
        region: "华东",
      },
    });
    run(dir, ["checkout", "-q", "main"]);
    run(dir, ["merge", "-q", "--no-commit", "--allow-unrelated-histories", "-s", "ours", "graft"]);
    run(dir, ["commit", "-q", "-m", "merge"]);
    const f = await history(dir);
    expect(f.map((x) => [x.commit, x.rule])).toEqual([[root, "history-root"]]);
    // a range that does not reach the first commit: its roots are all grafts
    const tip = run(dir, ["rev-parse", "HEAD"]);
    expect(rulesAt(await history(dir, `${tip}~1..${tip}`), root)).toEqual(["history-root"]);
  });
});

describe("issue 12 case 3: symlinked records", () => {
  it("a symlink replacing a GM-signed payroll, and a gitlink at a record path", async () => {
    const dir = department();
    write(dir, {
      "notes/p.yaml": stringify(payroll({ signature, rows: [{ person: "zhangsan", total: 99999 }] })),
    });
    rmSync(join(dir, P));
    symlinkSync("../../notes/p.yaml", join(dir, P));
    run(dir, ["add", "-A"], SUP);
    run(dir, ["commit", "-q", "-m", "link"], SUP);
    const link = run(dir, ["rev-parse", "HEAD"]);
    const blob = run(dir, ["hash-object", "-w", "--stdin"], SUP, undefined, "x");
    run(dir, ["update-index", "--add", "--cacheinfo", `160000,${link},payroll/2026/P-202611.yaml`], SUP);
    run(dir, ["commit", "-q", "-m", "gitlink"], SUP);
    const gitlink = run(dir, ["rev-parse", "HEAD"]);
    expect(blob).toMatch(/^[0-9a-f]{40}$/);
    const f = await history(dir);
    expect(rulesAt(f, link).sort()).toEqual(["history-delete-signed", "history-not-a-file"]);
    expect(rulesAt(f, gitlink)).toEqual(["history-not-a-file"]);
    // `svc check` of HEAD's tree flags both paths too
    const tree = await treeFindings(dir, dir);
    expect(tree.map((x) => [x.rule, x.file]).sort()).toEqual([
      ["not-a-file", P],
      ["not-a-file", "payroll/2026/P-202611.yaml"],
    ]);
  });
});

describe("issue 12 case 5: times that decide fines, moved by hand (D16)", () => {
  const W = "weekly/2026/W-20261107-zhangsan.yaml";
  const weekly = (submitted: string, extra: Record<string, unknown> = {}) => ({
    kind: "weekly",
    id: "W-20261107-zhangsan",
    engineer: "zhangsan",
    week: "2026-11-07",
    summary: "本周维修两次",
    submitted,
    by: "zhangsan",
    ...extra,
  });
  const DW = "department-weekly/2026/DW-20261107.yaml";
  const dweekly = (submitted: string, extra: Record<string, unknown> = {}) => ({
    kind: "department-weekly",
    id: "DW-20261107",
    week: "2026-11-07",
    summary: "部门本周",
    submitted,
    by: "wangzhu",
    ...extra,
  });
  const I = "incidents/2026/I-20261010-eeeee.yaml";
  const incident = (extra: Record<string, unknown> = {}) =>
    incidentRecord("I-20261010-eeeee", "2026-11-10", extra);
  const reflection = { text: "反思", by: "zhangsan", at: "2026-11-11T10:00:00+08:00" };
  const notification = { text: "通报", by: "wangzhu", at: "2026-11-16T10:00:00+08:00" };
  const M = "monthly/2026/M-202611.yaml";

  it("each moved time is found at its commit; the honest ones are not", async () => {
    const dir = department();
    const forged: Record<string, string> = {};
    // a late weekly report (Sunday), honestly submitted; then "svc weekly --force --at <earlier>"
    commit(dir, ENG, { [W]: weekly("2026-11-08T10:00:00+08:00") }, "2026-11-08T10:00:00+08:00");
    forged.weeklyForceAt = commit(dir, SUP, {
      [W]: weekly("2026-11-07T17:00:00+08:00", { backdated: true }),
    });
    // the supervisor's own department weekly: late, then moved earlier with a matching commit date
    commit(dir, SUP, { [DW]: dweekly("2026-11-09T10:00:00+08:00") }, "2026-11-09T10:00:00+08:00");
    forged.deptEarlier = commit(
      dir,
      SUP,
      { [DW]: dweekly("2026-11-08T17:00:00+08:00") },
      "2026-11-08T17:00:00+08:00",
    );
    // … and back-dating it himself, the report that decides his own fine
    forged.deptBackdated = commit(dir, SUP, {
      [DW]: dweekly("2026-11-10T09:00:00+08:00", { backdated: true }),
    });
    // the incident: recorded, reflected, notified — honestly, at their commits' times
    commit(dir, SUP, { [I]: incident() }, "2026-11-10T10:00:00+08:00");
    commit(dir, ENG, { [I]: incident({ reflection }) }, reflection.at);
    commit(dir, SUP, { [I]: incident({ reflection, notification }) }, notification.at);
    // then the reflection moved later by hand (the notice no longer late), and the notice moved earlier
    forged.reflectionMoved = commit(dir, SUP, {
      [I]: incident({ reflection: { ...reflection, at: "2026-11-13T10:00:00+08:00" }, notification }),
    });
    forged.notificationMoved = commit(dir, SUP, {
      [I]: incident({
        reflection: { ...reflection, at: "2026-11-13T10:00:00+08:00" },
        notification: { ...notification, at: "2026-11-14T10:00:00+08:00" },
      }),
    });
    // a monthly report whose submission time is written by hand (not its commit's)
    forged.monthlyByHand = commit(dir, SUP, {
      [M]: {
        kind: "monthly",
        id: "M-202611",
        month: "2026-11",
        submitted: "2026-12-01T09:00:00+08:00",
        by: "wangzhu",
      },
    });
    // an assessment's drafting time edited by hand
    const A11 = "assessments/2026/A-202611.yaml";
    const draft = (at: string) => ({
      ...sheet(0),
      id: "A-202611",
      month: "2026-11",
      drafted: { by: "wangzhu", at },
    });
    commit(dir, SUP, { [A11]: draft("2026-12-02T10:00:00+08:00") }, "2026-12-02T10:00:00+08:00");
    forged.draftedMoved = commit(dir, SUP, { [A11]: draft("2026-12-01T10:00:00+08:00") });

    const f = await history(dir);
    expect(rulesAt(f, forged.weeklyForceAt)).toContain("history-time-earlier");
    expect(rulesAt(f, forged.deptEarlier)).toEqual(["history-time-earlier"]);
    expect(rulesAt(f, forged.deptBackdated)).toEqual(["history-backdate"]);
    // (the supervisor also re-stamped the engineer's reflection: history-stamp)
    expect(rulesAt(f, forged.reflectionMoved)).toContain("history-time-moved");
    expect(rulesAt(f, forged.notificationMoved)).toEqual(["history-time-moved"]);
    expect(rulesAt(f, forged.monthlyByHand)).toEqual(["history-time-moved"]);
    expect(rulesAt(f, forged.draftedMoved)).toContain("history-time-earlier");
    expect(new Set(f.map((x) => x.commit))).toEqual(new Set(Object.values(forged)));
    const moved = f.find((x) => x.commit === forged.reflectionMoved);
    expect(moved?.file).toBe(I);
    expect(moved?.line).toBeGreaterThan(1);
  });
});

describe("issue 12 case 6: stamps and amendments by the wrong person", () => {
  const L = "letters/2026/L-20261002-ccccc.yaml";
  const letter = (extra: Record<string, unknown> = {}) => ({
    kind: "letter",
    id: "L-20261002-ccccc",
    engineer: "zhangsan",
    status: "派工",
    unplanned: { reason: "现场发现" },
    assigned: { by: "wangzhu", at: "2026-10-02T11:00:00+08:00" },
    preparation: { tools: ["U盘", "螺丝刀", "笔记本电脑"], solution: "更换模块" },
    estimate: "2026-10-05T18:00:00+08:00",
    log: [],
    ...extra,
  });
  const delay = {
    reason: "B",
    until: "2026-10-09T18:00:00+08:00",
    by: "zhangsan",
    at: "2026-10-04T10:00:00+08:00",
  };

  it("an engineer's hand-committed delay approval, his own approval, and his +5000 amendment", async () => {
    const dir = department();
    commit(dir, SUP, { [L]: letter() });
    commit(dir, ENG, { [L]: letter({ status: "延期", delays: [delay] }) });
    const approvedAsSupervisor = commit(dir, ENG, {
      [L]: letter({
        status: "延期",
        delays: [{ ...delay, approval: { by: "wangzhu", at: "2026-10-04T11:00:00+08:00" } }],
      }),
    });
    const approvedHimself = commit(dir, ENG, {
      [L]: letter({
        status: "延期",
        delays: [
          { ...delay, approval: { by: "wangzhu", at: "2026-10-04T11:00:00+08:00" } },
          { ...delay, approval: { by: "zhangsan", at: "2026-10-04T12:00:00+08:00" } },
        ],
      }),
    });
    const amendment = (id: string, path: string, after: unknown, by = "zhangsan") => ({
      kind: "amendment",
      id,
      target: "A-202610",
      reason: "更正",
      changes: [{ path, after }],
      at: "2026-11-05T10:00:00+08:00",
      by,
    });
    const plus5000 = commit(dir, ENG, {
      "amendments/2026/X-20261105-aaaaa.yaml": amendment("X-20261105-aaaaa", "/people/0/total", 5000),
    });
    const proto = commit(dir, SUP, {
      "amendments/2026/X-20261105-bbbbb.yaml": amendment(
        "X-20261105-bbbbb",
        "/__proto__/polluted",
        true,
        "wangzhu",
      ),
    });
    const noSuchField = commit(dir, SUP, {
      "amendments/2026/X-20261105-ccccc.yaml": amendment("X-20261105-ccccc", "/people/0/bonus", 1, "wangzhu"),
    });
    const honest = commit(dir, SUP, {
      "amendments/2026/X-20261105-ddddd.yaml": amendment(
        "X-20261105-ddddd",
        "/people/0/total",
        -100,
        "wangzhu",
      ),
    });
    // an amendment "approved by the GM" in the supervisor's own hand, and a reflection the supervisor
    // writes as his own (the engineer concerned writes it)
    const approvedBySup = commit(dir, SUP, {
      "amendments/2026/X-20261105-eeeee.yaml": {
        ...amendment("X-20261105-eeeee", "/people/0/total", -120, "wangzhu"),
        approval: { by: "wangzhu", at: "2026-11-05T10:00:00+08:00" },
      },
    });
    const I = "incidents/2026/I-20261110-fffff.yaml";
    const inc = incidentRecord("I-20261110-fffff", "2026-11-10");
    commit(dir, SUP, { [I]: inc }, "2026-11-10T10:00:00+08:00");
    const supReflects = commit(
      dir,
      SUP,
      { [I]: { ...inc, reflection: { text: "反思", by: "wangzhu", at: "2026-11-11T10:00:00+08:00" } } },
      "2026-11-11T10:00:00+08:00",
    );
    const f = await history(dir);
    expect(rulesAt(f, approvedBySup)).toEqual(["history-role"]);
    expect(rulesAt(f, supReflects)).toEqual(["history-role"]);
    expect(rulesAt(f, approvedAsSupervisor)).toEqual(["history-stamp"]);
    expect(f.find((x) => x.commit === approvedAsSupervisor)?.message).toContain("delays.0.approval");
    expect(rulesAt(f, approvedHimself)).toContain("history-role");
    expect(rulesAt(f, plus5000)).toEqual(["history-role"]);
    expect(rulesAt(f, proto)).toEqual(["history-amendment-path"]);
    expect(rulesAt(f, noSuchField)).toEqual(["history-amendment-path"]);
    expect(rulesAt(f, honest)).toEqual([]);
  });

  it("the apply side: a /__proto__ path is refused, never applied (svc payroll no longer crashes)", () => {
    const a = sheet(-150, { signature }) as unknown as Assessment;
    const am = {
      kind: "amendment",
      id: "X-20261105-bbbbb",
      target: "A-202610",
      reason: "x",
      changes: [{ path: "/__proto__/polluted", after: true }],
      at: "2026-11-05T10:00:00+08:00",
      by: "wangzhu",
    } as Amendment;
    expect(() => applyAmendments(a, [am])).toThrow(Refused);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const ok = { ...am, changes: [{ path: "/people/0/total", after: -50 }] } as Amendment;
    expect(applyAmendments(a, [ok]).people[0].total).toBe(-150); // totals recomputed from the lines
  });
});

describe("honest histories stay clean", () => {
  it("the sample department (its first commit is where the history starts), then an honest weekly report", async () => {
    const dir = sampleRepo();
    dirs.push(dir);
    expect(await history(dir)).toEqual([]);
    const who = { name: "张伟", email: "zhangwei@dfzk.example.com" };
    const r = await svcIn(dir, ["weekly", "--week", "2026-11-28", "--summary", "本周维修"], who, {
      SVC_NOW: "2026-11-28T17:00:00+08:00",
    });
    expect(r.code, r.stderr).toBe(0);
    expect(await history(dir)).toEqual([]);
  });
});

describe("found by attack: what an author's name and a record's history could hide", () => {
  it("a name holding git log's separators (\\x01 <sha> \\x02 … the GM's e-mail) forges no commit header: the engineer's change is his", async () => {
    const dir = department();
    const parent = headOf(dir);
    const forged = `${ENG.name}\x01${parent}\x02${parent}\x02${GM.email}\x02${GM.name}`;
    write(dir, { [P]: payroll({ signature, rows: [], note: undefined }) });
    write(dir, { [A]: sheet(0, { signature }) }); // the fine zeroed in the GM-signed sheet
    run(dir, ["add", "-A"], ENG);
    const e = { ...env(ENG), GIT_AUTHOR_NAME: forged };
    const r = spawnSync("git", ["commit", "-q", "-m", "zero"], { cwd: dir, env: e, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const sha = headOf(dir);
    const f = await history(dir);
    expect(f.filter((x) => x.commit === sha).length).toBeGreaterThan(0);
    expect(f.every((x) => x.commit === sha)).toBe(true);
    expect(f.some((x) => x.commit === parent)).toBe(false);
  });

  it("a signed record made unreadable in one commit and deleted in the next: the first is a deletion of a signed record", async () => {
    const dir = department();
    const broken = commit(dir, ENG, { [A]: "x: [\n" });
    const gone = commit(dir, ENG, { [A]: null });
    const f = await history(dir);
    expect(rulesAt(f, broken)).toContain("history-delete-signed");
    expect(f.find((x) => x.commit === broken && x.rule === "history-delete-signed")?.message).toMatch(
      /无法读取|unreadable/,
    );
    expect(rulesAt(f, gone)).not.toContain("history-delete-signed"); // what it deleted was no record
  });

  it("an engineer who empties the roster (to start it again as he likes) is found at the commit that emptied it; only the GM takes a person off", async () => {
    const dir = department();
    const emptied = commit(dir, ENG, Object.fromEntries(Object.keys(ROSTER).map((f) => [f, null])));
    const f = await history(dir);
    expect(rulesAt(f, emptied)).toContain("history-role");
    expect(
      f
        .filter((x) => x.commit === emptied && x.rule === "history-role")
        .map((x) => x.file)
        .sort(),
    ).toEqual(Object.keys(ROSTER).sort());
    // only the GM takes a person off — the supervisor removing and re-adding someone changed his tier,
    // or replaced the GM (found by attack); people leave with --inactive
    const dir2 = department();
    const bySupervisor = commit(dir2, SUP, { "people/zhangsan.yaml": null });
    expect(rulesAt(await history(dir2), bySupervisor)).toContain("history-role");
    const dir3 = department();
    const byGm = commit(dir3, GM, { "people/zhangsan.yaml": null });
    expect(rulesAt(await history(dir3), byGm)).not.toContain("history-role");
  });

  it("a merge whose second parent is an old commit, taking back a GM's signature and deleting a record: the merger's own change", async () => {
    const dir = department();
    const before = headOf(dir);
    const incident = "incidents/2026/I-20261110-aaaaa.yaml";
    commit(dir, SUP, { [incident]: incidentRecord("I-20261110-aaaaa", "2026-11-10", { class: "I" }) });
    // 张三 deletes it in a "merge" with the old commit as second parent (the combined diff shows nothing)
    run(dir, ["rm", "-q", incident], ENG);
    const tree = run(dir, ["write-tree"], ENG);
    const merge = run(
      dir,
      ["commit-tree", tree, "-p", "HEAD", "-p", before, "-m", "Merge branch 'sync'"],
      ENG,
    );
    run(dir, ["reset", "-q", "--hard", merge], ENG);
    const f = await history(dir);
    expect(rulesAt(f, merge)).toContain("history-merge-own-change");
    expect(f.find((x) => x.commit === merge && x.rule === "history-merge-own-change")?.file).toBe(incident);
    // (an honest merge stays clean: "an honest department and a clean merge have no findings" above)
  });

  it("a graft (.git/info/grafts) cutting a forged commit out of the history: the walk sees the commits as they are", async () => {
    const dir = department();
    const forged = commit(dir, ENG, { [A]: sheet(0, { signature }) });
    const later = commit(dir, SUP, {
      "customers/acme.yaml": { kind: "customer", id: "acme", name: "某某公司" },
    });
    writeFileSync(join(dir, ".git", "info", "grafts"), `${later}\n`); // "later has no parent"
    expect(rulesAt(await history(dir), forged).length).toBeGreaterThan(0);
  });

  it("a supervisor no longer active who changes svc.yaml (its `since` waives fines) is found", async () => {
    const dir = department();
    const gone = { ...ROSTER["people/wangzhu.yaml"], active: false };
    commit(dir, GM, { "people/wangzhu.yaml": gone });
    const changed = commit(dir, SUP, { "svc.yaml": "department: 技术服务部\nsince: 2026-11-01\n" });
    expect(rulesAt(await history(dir), changed)).toContain("history-author");
  });

  it("an engineer deleting his own incident, or changing its class, and raising his own exam score: each a role violation", async () => {
    const dir = department();
    const I = "incidents/2026/I-20261020-bbbbb.yaml";
    const E = "exams/2026/E-20261022-ccccc.yaml";
    const incident = incidentRecord("I-20261020-bbbbb", "2026-10-20", { class: "I" });
    const exam = (score: number) => ({
      kind: "exam",
      id: "E-20261022-ccccc",
      date: "2026-10-22",
      title: "PLC 培训",
      results: [{ person: "zhangsan", score, passed: score >= 60 }],
      recorded: { by: "wangzhu", at: "2026-10-22T17:00:00+08:00" },
    });
    commit(dir, SUP, { [I]: incident, [E]: exam(52) });
    // his own reflection is his to write
    const reflected = commit(dir, ENG, {
      [I]: {
        ...incident,
        reflection: { by: "zhangsan", at: "2026-10-21T10:00:00+08:00", text: "以后注意沟通" },
      },
    });
    const classII = commit(dir, ENG, {
      [I]: {
        ...incident,
        class: "II",
        reflection: { by: "zhangsan", at: "2026-10-21T10:00:00+08:00", text: "以后注意沟通" },
      },
    });
    const raised = commit(dir, ENG, { [E]: exam(99) });
    const deleted = commit(dir, ENG, { [I]: null });
    const f = await history(dir);
    expect(rulesAt(f, reflected)).not.toContain("history-role");
    for (const sha of [classII, raised, deleted]) expect(rulesAt(f, sha), sha).toContain("history-role");
  });
});
