// Forged histories built with plain git (issue 5, test 3): each dishonest or careless commit is found by
// `svc check --history`, which names the commit, its author, the record and the rule.
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import type { Finding } from "../src/check/finding.ts";
import {
  cleanup,
  ENG,
  ENG2,
  env,
  freshRepo,
  GM,
  git,
  headOf,
  type Identity,
  SALES,
  SUP,
  svcIn,
} from "./helpers.ts";

function commit(
  dir: string,
  who: Identity,
  msg: string,
  files: Record<string, unknown | null>,
  date?: string,
) {
  const paths: string[] = [];
  for (const [rel, data] of Object.entries(files)) {
    const abs = join(dir, rel);
    if (data === null) rmSync(abs, { force: true });
    else {
      mkdirSync(dirname(abs), { recursive: true });
      writeFileSync(abs, typeof data === "string" ? data : stringify(data));
    }
    paths.push(rel);
  }
  if (!paths.length) paths.push(".");
  const e = { ...env(who), ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}) };
  const run = (args: string[]) => {
    const r = spawnSync("git", args, { cwd: dir, env: e, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
    return r.stdout.trim();
  };
  run(["add", "-A", "--", ...paths]);
  run(["commit", "-q", "-m", msg]);
  return headOf(dir);
}

const TOOLS = ["U盘", "螺丝刀", "笔记本电脑"];
const notice = (id: string, extra: Record<string, unknown> = {}) => ({
  kind: "notice",
  id,
  customer: "acme",
  contact: { name: "刘工", phone: "13800000000" },
  type: "维修",
  priority: "一般",
  channel: "电话",
  content: "PLC 故障",
  issued: { by: "zhaoxs", at: "2026-10-02T09:00:00+08:00" },
  ...extra,
});
const letter = (id: string, n: string, extra: Record<string, unknown> = {}) => ({
  kind: "letter",
  id,
  notice: n,
  engineer: "zhangsan",
  status: "派工",
  assigned: { by: "wangzhu", at: "2026-10-02T11:00:00+08:00" },
  preparation: { tools: TOOLS, solution: "更换模块" },
  estimate: "2026-10-05T18:00:00+08:00",
  log: [],
  ...extra,
});
const site = { matches: true, by: "zhangsan", at: "2026-10-02T12:00:00+08:00" };
const completion = (ratings: Record<string, string>) => ({
  at: "2026-10-04T16:00:00+08:00",
  by: "zhangsan",
  ratings,
  signature: { signedBy: "刘工" },
  unsigned: false,
});
const assessment = (extra: Record<string, unknown> = {}) => ({
  kind: "assessment",
  id: "A-202610",
  month: "2026-10",
  people: [{ person: "zhangsan", role: "engineer", lines: [], total: 0, flags: [] }],
  drafted: { by: "wangzhu", at: "2026-11-02T10:00:00+08:00" },
  ...extra,
});

const N1 = "notices/2026/N-20261002-aaaaa.yaml";
const N2 = "notices/2026/N-20261002-bbbbb.yaml";
const N3 = "notices/2026/N-20261002-ggggg.yaml";
const N4 = "notices/2026/N-20261002-hhhhh.yaml";
const L1 = "letters/2026/L-20261002-ccccc.yaml";
const L2 = "letters/2026/L-20261002-ddddd.yaml";
const A = "assessments/2026/A-202610.yaml";

describe("svc check --history on forged histories", () => {
  let dir: string;
  const forged: Record<string, string> = {};
  let cleanFindings: Finding[] = [];
  let cleanCode = -1;
  let cleanOut = "";
  let findings: Finding[] = [];
  let code = -1;
  let humanOut = "";

  beforeAll(async () => {
    dir = freshRepo();
    commit(dir, SUP, "customer", {
      "customers/acme.yaml": { kind: "customer", id: "acme", name: "某某公司" },
    });
    // An honest history: issued, signed by the GM, assigned, approved, closed, confirmed; a month signed.
    commit(dir, SALES, "open", {
      [N1]: notice("N-20261002-aaaaa"),
      [N2]: notice("N-20261002-bbbbb"),
      [N3]: notice("N-20261002-ggggg"),
      [N4]: notice("N-20261002-hhhhh"),
    });
    commit(dir, GM, "sign", {
      [N1]: notice("N-20261002-aaaaa", {
        signature: { by: "lizong", at: "2026-10-02T10:00:00+08:00", gmAbsent: false },
      }),
      [N4]: notice("N-20261002-hhhhh", {
        signature: { by: "lizong", at: "2026-10-02T10:00:00+08:00", gmAbsent: false },
      }),
    });
    commit(dir, SUP, "assign", { [L1]: letter("L-20261002-ccccc", "N-20261002-aaaaa") });
    // D3, D17: a step's time is the time of the commit that records it.
    commit(dir, ENG, "site", { [L1]: letter("L-20261002-ccccc", "N-20261002-aaaaa", { site }) }, site.at);
    commit(dir, SUP, "approve", {
      [L1]: letter("L-20261002-ccccc", "N-20261002-aaaaa", {
        site,
        status: "在建",
        approval: { by: "wangzhu", at: "2026-10-02T13:00:00+08:00" },
      }),
    });
    const closed = {
      site,
      status: "完工",
      approval: { by: "wangzhu", at: "2026-10-02T13:00:00+08:00" },
      completion: completion({ attitude: "良", skill: "良", result: "良" }),
    };
    commit(
      dir,
      ENG,
      "close",
      { [L1]: letter("L-20261002-ccccc", "N-20261002-aaaaa", closed) },
      closed.completion.at,
    );
    commit(dir, SUP, "assign", { [L2]: letter("L-20261002-ddddd", "N-20261002-hhhhh") });
    // D16: the drafting time is the time of the commit that drafts (a hand-written one is a moved time).
    commit(dir, SUP, "draft", { [A]: assessment() }, "2026-11-02T10:00:00+08:00");
    const r0 = await svcIn(dir, ["check", "--history", "--json"], SUP);
    cleanCode = r0.code;
    cleanOut = r0.stdout;
    // The drafting commit is dated by hand (2026-11-02) after commits made now: git's date order only
    // warns of that (history-date-order, issue 12); every other finding counts.
    cleanFindings = (JSON.parse(r0.stdout).findings as Finding[]).filter(
      (f) => f.commit && f.rule !== "history-date-order",
    );

    // F1: an engineer signs a notice as the GM.
    forged.signAsGm = commit(dir, ENG, "sign", {
      [N2]: notice("N-20261002-bbbbb", {
        signature: { by: "lizong", at: "2026-10-03T10:00:00+08:00", gmAbsent: false },
      }),
    });
    // F2: a rating edited after close.
    forged.rating = commit(dir, ENG, "fix typo", {
      [L1]: letter("L-20261002-ccccc", "N-20261002-aaaaa", {
        ...closed,
        completion: completion({ attitude: "优", skill: "优", result: "优" }),
      }),
    });
    // F3: the customer's signature removed.
    forged.signatureRemoved = commit(dir, SUP, "tidy", {
      [L1]: letter("L-20261002-ccccc", "N-20261002-aaaaa", {
        ...closed,
        completion: { ...completion({ attitude: "优", skill: "优", result: "优" }), signature: undefined },
      }),
    });
    // F4: an impossible state jump 派工 → 结案.
    forged.jump = commit(dir, ENG, "done", {
      [L2]: letter("L-20261002-ddddd", "N-20261002-hhhhh", { status: "结案" }),
    });
    // The GM signs the assessment: honest. Then F5 edits it, F6 deletes it.
    commit(dir, GM, "sign assessment", {
      [A]: assessment({ signature: { by: "lizong", at: "2026-11-03T10:00:00+08:00" } }),
    });
    forged.assessmentEdited = commit(dir, SUP, "adjust", {
      [A]: assessment({
        signature: { by: "lizong", at: "2026-11-03T10:00:00+08:00" },
        people: [{ person: "zhangsan", role: "engineer", lines: [], total: 100, flags: [] }],
      }),
    });
    forged.assessmentDeleted = commit(dir, SUP, "remove", { [A]: null });
    // F7: a supervisor signs a notice for the GM without saying the GM is absent.
    forged.supervisorSigns = commit(dir, SUP, "sign", {
      [N3]: notice("N-20261002-ggggg", {
        signature: { by: "lizong", at: "2026-10-03T10:00:00+08:00", gmAbsent: false },
      }),
    });
    // F9: the content of a signed notice changed after the GM signed it.
    forged.signedNoticeEdited = commit(dir, SALES, "edit", {
      [N1]: notice("N-20261002-aaaaa", {
        signature: { by: "lizong", at: "2026-10-02T10:00:00+08:00", gmAbsent: false },
        content: "另一件事",
      }),
    });
    // F8: a weekly report whose `submitted` is not its commit's time (back-dated to look on time).
    forged.weekly = commit(
      dir,
      ENG,
      "weekly",
      {
        "weekly/2026/W-20261107-zhangsan.yaml": {
          kind: "weekly",
          id: "W-20261107-zhangsan",
          engineer: "zhangsan",
          week: "2026-11-07",
          summary: "本周维修两次",
          submitted: "2026-11-07T17:00:00+08:00",
          by: "zhangsan",
        },
      },
      "2026-11-09T09:00:00+08:00",
    );
    // F10: an engineer makes himself GM; F11: the supervisor raises his own roles.
    const person = (id: string, name: string, roles: string[], email: string) => ({
      kind: "person",
      id,
      name,
      roles,
      email,
    });
    forged.engineerPromotes = commit(dir, ENG, "roles", {
      "people/zhangsan.yaml": {
        ...person("zhangsan", "张三", ["engineer", "gm"], ENG.email),
        region: "华东",
        hired: "2026-01-05",
        tier: "三等",
        experts: ["PLC-200"],
      },
    });
    forged.selfGrant = commit(dir, SUP, "roles", {
      "people/wangzhu.yaml": {
        ...person("wangzhu", "王主管", ["supervisor", "gm"], SUP.email),
        region: "华东",
      },
    });

    // Hostile edits a dishonest user would try by hand (issue 5, "as a careless or dishonest user would").
    // F12: an engineer edits the ratings of a letter the supervisor has confirmed, and commits it with
    // the supervisor's name as the author (git lets anyone claim any author): the edit itself is refused.
    const L3 = "letters/2026/L-20261002-eeeee.yaml";
    const l3 = (extra: Record<string, unknown>) => letter("L-20261002-eeeee", "N-20261002-aaaaa", extra);
    const l3closed = {
      site,
      status: "完工",
      approval: { by: "wangzhu", at: "2026-10-02T13:00:00+08:00" },
      completion: completion({ attitude: "良", skill: "中", result: "差" }),
      confirmation: { by: "wangzhu", at: "2026-10-05T09:00:00+08:00" },
    };
    commit(dir, SUP, "assign", { [L3]: l3({}) });
    commit(dir, ENG, "site", { [L3]: l3({ site }) });
    commit(dir, SUP, "approve", {
      [L3]: l3({ site, status: "在建", approval: l3closed.approval }),
    });
    commit(dir, ENG, "close", { [L3]: l3({ ...l3closed, confirmation: undefined }) });
    commit(dir, SUP, "confirm", { [L3]: l3(l3closed) });
    forged.confirmedRatingAsSupervisor = commit(dir, { name: SUP.name, email: SUP.email }, "fix", {
      [L3]: l3({ ...l3closed, completion: completion({ attitude: "优", skill: "优", result: "优" }) }),
    });
    // F13: a signed payroll deleted.
    const P = "payroll/2026/P-202610.yaml";
    const payroll = (extra: Record<string, unknown> = {}) => ({
      kind: "payroll",
      id: "P-202610",
      month: "2026-10",
      assessment: "A-202610",
      rows: [],
      created: { by: "wangzhu", at: "2026-11-03T09:00:00+08:00" },
      ...extra,
    });
    commit(dir, SUP, "payroll", { [P]: payroll() });
    commit(dir, GM, "sign payroll", {
      [P]: payroll({ signature: { by: "lizong", at: "2026-11-03T11:00:00+08:00" } }),
    });
    forged.payrollDeleted = commit(dir, SUP, "remove", { [P]: null });
    // F14: a submitted weekly report's time rewritten earlier, the commit back-dated to match.
    const W2 = "weekly/2026/W-20261114-lisi.yaml";
    const weekly2 = (submitted: string) => ({
      kind: "weekly",
      id: "W-20261114-lisi",
      engineer: "lisi",
      week: "2026-11-14",
      summary: "本周培训",
      submitted,
      by: "lisi",
    });
    commit(dir, ENG2, "weekly", { [W2]: weekly2("2026-11-15T10:00:00+08:00") }, "2026-11-15T10:00:00+08:00");
    forged.weeklyEarlier = commit(
      dir,
      ENG2,
      "weekly",
      { [W2]: weekly2("2026-11-14T17:00:00+08:00") },
      "2026-11-14T17:00:00+08:00",
    );
    // F15: an engineer makes himself GM and signs a notice in the same commit (the roster before the
    // commit decides who he is).
    const N5 = "notices/2026/N-20261002-kkkkk.yaml";
    commit(dir, SALES, "open", { [N5]: notice("N-20261002-kkkkk") });
    forged.promoteAndSign = commit(dir, ENG2, "sign", {
      "people/lisi.yaml": {
        ...person("lisi", "李四", ["engineer", "gm"], ENG2.email),
        region: "华南",
        hired: "2025-06-01",
        tier: "三等",
      },
      [N5]: notice("N-20261002-kkkkk", {
        signature: { by: "lisi", at: "2026-10-03T10:00:00+08:00", gmAbsent: false },
      }),
    });
    // F16 (by the requester: both engineers made themselves GM above): the CI's history check switched
    // off, and the svc tarball CI installs swapped.
    const gh = readFileSync(join(dir, ".github/workflows/svc.yml"), "utf8").replace(" --history", "");
    const tgz = readdirSync(join(dir, ".svc")).find((f) => f.endsWith(".tgz")) ?? "svc.tgz";
    forged.ciNeutered = commit(dir, SALES, "ci", { ".github/workflows/svc.yml": gh });
    writeFileSync(join(dir, ".svc", tgz), "not svc");
    forged.tarballSwapped = commit(dir, SALES, "ci", {});

    const r = await svcIn(dir, ["check", "--history", "--json"], SUP);
    code = r.code;
    findings = (JSON.parse(r.stdout).findings as Finding[]).filter((f) => f.commit);
    humanOut = (await svcIn(dir, ["check", "--history"], SUP)).stdout;
  }, 60_000);

  afterAll(() => cleanup(dir));

  const at = (sha: string) => findings.filter((f) => f.commit === sha);

  it("accepts an honest history", () => {
    expect(cleanFindings).toEqual([]);
    expect(cleanCode, cleanOut).toBe(0);
  });

  it("fails and names each forged commit", () => {
    expect(code).toBe(1);
    for (const sha of Object.values(forged)) expect(at(sha).length).toBeGreaterThan(0);
  });

  it("an engineer signing a notice as GM", () => {
    const f = at(forged.signAsGm);
    expect(f.map((x) => x.rule)).toContain("history-role");
    expect(f[0].file).toBe(N2);
    expect(f[0].author).toContain(ENG.email);
  });

  it("a rating edited after close", () => {
    expect(at(forged.rating).map((x) => x.rule)).toContain("history-rating-edited");
  });

  it("a customer signature removed", () => {
    expect(at(forged.signatureRemoved).map((x) => x.rule)).toContain("history-signature-removed");
  });

  it("an impossible state jump", () => {
    const f = at(forged.jump).find((x) => x.rule === "history-state");
    expect(f?.file).toBe(L2);
    expect(f?.message).toMatch(/派工.*结案/);
  });

  it("a signed assessment edited or deleted", () => {
    expect(at(forged.assessmentEdited).map((x) => x.rule)).toContain("history-immutable");
    expect(at(forged.assessmentDeleted).map((x) => x.rule)).toContain("history-delete-signed");
  });

  it("a supervisor signing as GM without gmAbsent", () => {
    expect(at(forged.supervisorSigns).map((x) => x.rule)).toContain("history-role");
  });

  it("a signed notice's content edited", () => {
    expect(at(forged.signedNoticeEdited).map((x) => x.rule)).toContain("history-immutable");
  });

  it("a weekly report whose submission time is not its commit's", () => {
    expect(at(forged.weekly).map((x) => x.rule)).toContain("history-weekly-submitted");
  });

  it("roster forgeries: an engineer making himself GM, a supervisor raising his own roles", () => {
    expect(at(forged.engineerPromotes).map((x) => x.rule)).toContain("history-role");
    expect(at(forged.selfGrant).map((x) => x.rule)).toContain("history-self-grant");
  });

  it("hostile hand edits: confirmed ratings under a borrowed name, a signed payroll deleted, a weekly moved earlier", () => {
    const f12 = at(forged.confirmedRatingAsSupervisor);
    expect(f12.map((x) => x.rule)).toContain("history-rating-edited");
    expect(f12[0].file).toBe("letters/2026/L-20261002-eeeee.yaml");
    expect(at(forged.payrollDeleted).map((x) => x.rule)).toEqual(["history-delete-signed"]);
    expect(at(forged.payrollDeleted)[0].file).toBe("payroll/2026/P-202610.yaml");
    // issue 12: "never earlier" is its own rule now, apart from D4's commit-time rule
    expect(at(forged.weeklyEarlier).map((x) => x.rule)).toContain("history-time-earlier");
  });

  it("promoting oneself to GM and signing in the same commit: both refused", () => {
    const f = at(forged.promoteAndSign);
    expect(
      f
        .filter((x) => x.rule === "history-role")
        .map((x) => x.file)
        .sort(),
    ).toEqual(["notices/2026/N-20261002-kkkkk.yaml", "people/lisi.yaml"]);
    expect(f[0].author).toContain(ENG2.email);
  });

  it("a requester switching CI's history check off, or swapping the svc CI installs", () => {
    expect(at(forged.ciNeutered).map((x) => [x.rule, x.file])).toEqual([
      ["history-config", ".github/workflows/svc.yml"],
    ]);
    expect(at(forged.tarballSwapped).map((x) => x.rule)).toEqual(["history-config"]);
    expect(at(forged.tarballSwapped)[0].file).toMatch(/^\.svc\/svc-.*\.tgz$/);
  });

  it("prints the commit and its author in the text output", () => {
    expect(humanOut).toContain(forged.signAsGm.slice(0, 10));
    expect(humanOut).toContain(ENG.email);
    expect(humanOut).toContain("history-role");
  });

  it("checks a range", async () => {
    const r = await svcIn(dir, ["check", "--history", `${forged.jump}~1..${forged.jump}`, "--json"], SUP);
    const f = (JSON.parse(r.stdout).findings as Finding[]).filter((x) => x.commit);
    expect(new Set(f.map((x) => x.commit))).toEqual(new Set([forged.jump]));
    expect(r.code).toBe(1);
  });

  it("rejects a bad range with exit 2 and a message", async () => {
    const r = await svcIn(dir, ["check", "--history", "no-such-rev..HEAD"], SUP);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("svc:");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("D11: a signed month is closed", () => {
  let dir: string;
  afterAll(() => cleanup(dir));

  it("an edit of a closed month's incident is found; one with an amendment, or ordinary work, is not", async () => {
    dir = freshRepo();
    const inc = (cls: string, cause = "客户投诉到副总") => ({
      kind: "incident",
      id: "I-20261010-eeeee",
      class: cls,
      engineer: "zhangsan",
      date: "2026-10-10",
      cause,
      opened: { by: "wangzhu", at: "2026-10-10T10:00:00+08:00" },
    });
    const I = "incidents/2026/I-20261010-eeeee.yaml";
    commit(dir, SUP, "incident", { [I]: inc("I") });
    commit(dir, GM, "assessment", {
      [A]: assessment({ signature: { by: "lizong", at: "2026-11-03T10:00:00+08:00" } }),
    });
    // Softening a class I incident to class II after the month's money was signed.
    const bad = commit(dir, SUP, "soften", { [I]: inc("II") });
    // Writing the reflection after the close is ordinary work, not a change of the month's money.
    // (committed at the time it records: the reflection's time decides the notice's deadline, D7/D16)
    const reflection = commit(
      dir,
      ENG,
      "reflect",
      {
        [I]: { ...inc("II"), reflection: { text: "反思", by: "zhangsan", at: "2026-11-04T10:00:00+08:00" } },
      },
      "2026-11-04T10:00:00+08:00",
    );
    const ok = commit(dir, SUP, "amend", {
      [I]: {
        ...inc("I", "调查后确认"),
        reflection: { text: "反思", by: "zhangsan", at: "2026-11-04T10:00:00+08:00" },
      },
      "amendments/2026/X-20261105-fffff.yaml": {
        kind: "amendment",
        id: "X-20261105-fffff",
        target: "I-20261010-eeeee",
        reason: "调查后确认为误会",
        changes: [{ path: "/class", before: "II", after: "I" }],
        at: "2026-11-05T10:00:00+08:00",
        by: "wangzhu",
      },
    });
    // An amendment says the class went back to II; the same commit also moves the incident onto
    // another engineer, which no amendment names (found by attack: the amendment exempted the whole
    // record). The class alone, as the amendment says, is clean.
    const amendBack = (id: string) => ({
      [`amendments/2026/${id}.yaml`]: {
        kind: "amendment",
        id,
        target: "I-20261010-eeeee",
        reason: "复核后仍为二类",
        changes: [{ path: "/class", before: "I", after: "II" }],
        at: "2026-11-06T10:00:00+08:00",
        by: "wangzhu",
      },
    });
    const reflected = { reflection: { text: "反思", by: "zhangsan", at: "2026-11-04T10:00:00+08:00" } };
    const sneaked = commit(dir, SUP, "amend", {
      [I]: { ...inc("II", "调查后确认"), ...reflected, engineer: "lisi" },
      ...amendBack("X-20261106-ggggg"),
    });
    git(dir, ["reset", "-q", "--hard", "HEAD~1"]);
    const exact = commit(dir, SUP, "amend", {
      [I]: { ...inc("II", "调查后确认"), ...reflected },
      ...amendBack("X-20261106-hhhhh"),
    });
    const found = async (range: string) =>
      (
        JSON.parse((await svcIn(dir, ["check", "--history", range, "--json"], SUP)).stdout)
          .findings as Finding[]
      )
        .filter((x) => x.commit && x.rule !== "history-date-order")
        .map((x) => x.rule);
    expect(await found(`${exact}~1..${sneaked}`)).toEqual(["history-closed-month"]);
    expect(await found(`${exact}~1..${exact}`)).toEqual([]);
    const r = await svcIn(dir, ["check", "--history", "--json"], SUP);
    const f = (JSON.parse(r.stdout).findings as Finding[]).filter(
      (x) => x.commit && x.rule !== "history-date-order", // hand-dated commits (see above)
    );
    expect(f.filter((x) => x.commit === bad).map((x) => x.rule)).toEqual(["history-closed-month"]);
    expect(f.filter((x) => x.commit === ok)).toEqual([]);
    expect(f.filter((x) => x.commit === reflection)).toEqual([]);
  });
});
