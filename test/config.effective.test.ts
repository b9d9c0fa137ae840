// Issue 12 case 4, "Settings after a signed month": money settings are effective-dated. svc.yaml's values
// are the base; `revisions: [{ from: YYYY-MM, set }]` change them from a month on; the assessment and the
// payroll of a month use that month's settings (configForMonth); the pure history rule
// settingsViolations flags a change that reaches a signed month and accepts one from a later month.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import jsyaml from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  settingsViolations,
  settingsViolationsOfTexts,
  signedMonthsOf,
} from "../src/check/settings-history.ts";
import { compute, settingsFor } from "../src/commands/assess-kit.ts";
import { computePayroll } from "../src/domain/pay.ts";
import { configForMonth, monthSettings } from "../src/domain/settings.ts";
import { applyDefaults } from "../src/schemas/defaults.ts";
import type { Assessment, Config } from "../src/schemas/index.ts";
import { checkConfigText } from "../src/store/repo.ts";
import { Store } from "../src/store/store.ts";
import { cleanup, git, type RunResult, SUP, sampleRepo, svcIn } from "./helpers.ts";

const base = (extra: object = {}): Config => applyDefaults({ department: "技术服务部", ...extra });

describe("issue 12 case 4 · configForMonth: the settings in force for a month", () => {
  const config = base({
    pay: { travel: { dailyRate: 80 } },
    revisions: [
      { from: "2027-01", set: { pay: { travel: { dailyRate: 100 } }, fines: { engineer: { overdue: 80 } } } },
      { from: "2027-07", set: { fines: { engineer: { overdue: 90 } }, timezone: "Asia/Urumqi" } },
    ],
  });

  it("is the base before the first revision, each revision from its month on, merged key by key", () => {
    expect(configForMonth(config, "2026-12").pay.travel.dailyRate).toBe(80);
    expect(configForMonth(config, "2026-12").fines.engineer.overdue).toBe(50);
    const jan = configForMonth(config, "2027-01");
    expect(jan.pay.travel).toEqual({ dailyRate: 100, specialRate: null, specialRegions: [] });
    expect(jan.fines.engineer).toEqual({ ...config.fines.engineer, overdue: 80 });
    const jul = configForMonth(config, "2028-02");
    expect([jul.pay.travel.dailyRate, jul.fines.engineer.overdue, jul.timezone]).toEqual([
      100,
      90,
      "Asia/Urumqi",
    ]);
    expect(config.pay.travel.dailyRate).toBe(80); // the base is never changed
    // An unchecked version listing them out of order (the history reads every version) means the same.
    const shuffled = { ...config, revisions: [...(config.revisions ?? [])].reverse() };
    expect(monthSettings(shuffled, "2027-08")).toEqual(monthSettings(config, "2027-08"));
    expect(Object.keys(monthSettings(config, "2027-01"))).toEqual([
      "timezone",
      "deadlines",
      "fines",
      "rewards",
      "thresholds",
      "pay",
      "complaints",
      // issue 15 (D17): the response-time targets decide sla.fine, so they are month settings too
      "sla",
      "workingHours",
    ]);
  });

  it("revisions are written as the rest of svc.yaml and validated so (a key outside the money settings is refused)", async () => {
    const ok = await checkConfigText(
      "department: x\nrevisions:\n  - from: 2027-01\n    set: { pay: { travel: { dailyRate: 100 } } }\n    note: 总经理决定\n",
    );
    expect(ok.findings).toEqual([]);
    expect(configForMonth(ok.config as Config, "2027-01").pay.travel.dailyRate).toBe(100);
    const bad = await checkConfigText(
      "department: x\nrevisions:\n  - from: 2027-01\n    set: { output: elsewhere, fines: { engineer: { overdue: -1 } } }\n",
    );
    expect(bad.findings.map((f) => `${f.line}:${f.col}`).sort()).toEqual(["4:12", "4:61"]);
  });
});

describe("issue 12 case 4 · settingsViolations (the pure history rule)", () => {
  const before = base({ pay: { travel: { dailyRate: 80 } } });
  const signed = ["2026-10", "2026-11"];

  it("flags a base edit reaching back into a signed month, naming the key and the month", () => {
    const after = base({ pay: { travel: { dailyRate: 120 } }, fines: { engineer: { overdue: 10 } } });
    const v = settingsViolations(before, after, signed);
    expect(
      v.map((x) => `${x.month} ${x.key} ${JSON.stringify(x.before)}→${JSON.stringify(x.after)}`),
    ).toEqual([
      "2026-10 fines.engineer.overdue 50→10",
      "2026-10 pay.travel.dailyRate 80→120",
      "2026-11 fines.engineer.overdue 50→10",
      "2026-11 pay.travel.dailyRate 80→120",
    ]);
    expect(v[0].rule).toBe("history-settings");
    expect(v.find((x) => x.key === "pay.travel.dailyRate")?.path).toEqual(["pay", "travel", "dailyRate"]);
    expect(v[0].message).toMatch(/2026-10/);
    expect(v[0].hint).toMatch(/from: 2026-12/);
    // The time zone is a money setting too.
    const tz = settingsViolations(
      before,
      base({ pay: { travel: { dailyRate: 80 } }, timezone: "Asia/Urumqi" }),
      ["2026-11"],
    );
    expect(tz.map((x) => x.key)).toEqual(["timezone"]);
  });

  it("accepts a revision from a month after the last signed one, and any change when nothing is signed", () => {
    const after = base({
      pay: { travel: { dailyRate: 80 } },
      revisions: [{ from: "2026-12", set: { pay: { travel: { dailyRate: 120 } }, timezone: "Asia/Urumqi" } }],
    });
    expect(settingsViolations(before, after, signed)).toEqual([]);
    expect(settingsViolations(before, base({ fines: { engineer: { overdue: 1 } } }), [])).toEqual([]);
    // Settings no money depends on (the output folder, the calendar supplement, allowAs) are free.
    expect(
      settingsViolations(before, { ...before, output: "docs", allowAs: ["supervisor", "gm"] }, signed),
    ).toEqual([]);
  });

  it("flags a revision that reaches back (from a signed month), pointing at the revision", () => {
    const after = base({
      pay: { travel: { dailyRate: 80 } },
      revisions: [{ from: "2026-11", set: { pay: { travel: { dailyRate: 120 } } } }],
    });
    const v = settingsViolations(before, after, signed);
    expect(v.map((x) => `${x.month} ${x.key}`)).toEqual(["2026-11 pay.travel.dailyRate"]);
    expect(v[0].path).toEqual(["revisions", 0, "set", "pay", "travel", "dailyRate"]);
    // …and moving an existing revision's month back, or deleting one in force for a signed month.
    const later = base({
      pay: { travel: { dailyRate: 80 } },
      revisions: [{ from: "2026-12", set: { pay: { travel: { dailyRate: 120 } } } }],
    });
    expect(settingsViolations(later, after, signed)).toHaveLength(1);
    expect(settingsViolations(after, before, signed).map((x) => x.month)).toEqual(["2026-11"]);
  });
});

describe("issue 12 case 4 · a signed month recomputed after a later revision gives the same money", () => {
  let repo: string;
  const env = { TZ: "UTC", LANG: "zh_CN.UTF-8", SVC_NOW: "2026-12-01T09:00:00+08:00", SVC_CACHE: "0" };
  beforeAll(() => {
    repo = sampleRepo();
  });
  afterAll(() => cleanup(repo));

  async function money(month: string) {
    const store = await Store.open({ cwd: repo, env });
    const sheet = compute(store, month);
    const assessment: Assessment = {
      kind: "assessment",
      id: `A-${month.replace("-", "")}`,
      month,
      people: sheet.people,
      drafted: { by: "wangzhu", at: "2026-12-01T09:00:00+08:00" },
      signature: { by: "liuzong", at: "2026-12-01T10:00:00+08:00" },
    };
    const pay = computePayroll({
      month,
      config: settingsFor(store, month),
      people: store.people(),
      decisions: store.list("decision"),
      letters: store.list("letter"),
      assessment,
      history: new Map(),
    });
    return { sheet: sheet.people, rows: pay.rows };
  }

  it("the assessment and the payroll of 2026-10 are unchanged by a revision from 2026-12, changed by one from 2026-10", async () => {
    const file = join(repo, "svc.yaml");
    const original = readFileSync(file, "utf8");
    const signed = await money("2026-10");
    expect(JSON.stringify(signed)).toMatch(/"amount":-\d+/);
    const revision = (from: string) =>
      `${original}\nrevisions:\n  - from: ${from}\n    set:\n      timezone: Asia/Urumqi\n      fines: { engineer: { overdue: 500, poorRating: 300, weeklyLate: 200 } }\n      pay: { tiers: { 一等: 9000, 二等: 8000, 三等: 7000 }, travel: { dailyRate: 999 }, phone: 1 }\n`;
    writeFileSync(file, revision("2026-12"));
    expect(await money("2026-10")).toEqual(signed);
    writeFileSync(file, revision("2026-10"));
    const changed = await money("2026-10");
    expect(changed.rows).not.toEqual(signed.rows);
    expect(changed.sheet).not.toEqual(signed.sheet);
    writeFileSync(file, original);
  });

  it("end to end: svc payroll of a GM-signed month after a later revision in svc.yaml gives the same 工资表", async () => {
    const sup = { name: "王主管", email: "wangzhiqiang@dfzk.example.com" };
    const gm = { name: "刘总", email: "liujianguo@dfzk.example.com" };
    const at = { SVC_NOW: "2026-11-03T09:00:00+08:00" };
    const must = (r: RunResult) => {
      expect(r.code, r.stderr + r.stdout).toBe(0);
      return r;
    };
    must(await svcIn(repo, ["assess", "--month", "2026-10"], sup, at));
    must(await svcIn(repo, ["assess", "sign", "--month", "2026-10"], gm, at));
    const first = JSON.parse(
      must(await svcIn(repo, ["payroll", "--month", "2026-10", "--json"], sup, at)).stdout,
    );
    const file = join(repo, "svc.yaml");
    writeFileSync(
      file,
      `${readFileSync(file, "utf8")}\nrevisions:\n  - from: 2026-12\n    set: { pay: { travel: { dailyRate: 999 }, phone: 1 }, fines: { engineer: { overdue: 500 } } }\n`,
    );
    git(repo, ["commit", "-qam", "svc.yaml: 2026-12 起出差补助 999"], SUP);
    const again = JSON.parse(
      must(await svcIn(repo, ["payroll", "--month", "2026-10", "--json"], sup, at)).stdout,
    );
    expect(again.rows).toEqual(first.rows);
    expect(again.amendment).toBeUndefined();
  });

  it("forged by plain git: the supervisor edits the base dailyRate after 2026-10 was signed — flagged; the later revision was not", () => {
    const file = join(repo, "svc.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace(/dailyRate: 80 /, "dailyRate: 120"));
    git(repo, ["commit", "-qam", "svc.yaml: 出差补助 120"], SUP);
    const show = (rev: string) => git(repo, ["show", `${rev}:svc.yaml`]);
    const signedAt = (rev: string) =>
      signedMonthsOf(
        git(repo, ["ls-tree", "-r", "--name-only", rev, "--", "assessments"])
          .split("\n")
          .filter((f) => f.endsWith(".yaml"))
          .map(
            (f) =>
              jsyaml.load(git(repo, ["show", `${rev}:${f}`])) as {
                month: string;
                signature?: unknown;
              },
          ),
      );
    expect(signedAt("HEAD~1")).toEqual(["2026-10"]);
    const v = settingsViolationsOfTexts(show("HEAD~1"), show("HEAD"), signedAt("HEAD~1"));
    expect(v.map((x) => `${x.month} ${x.key} ${x.before}→${x.after}`)).toEqual([
      "2026-10 pay.travel.dailyRate 80→120",
    ]);
    // The commit before it added a revision from 2026-12: nothing signed changed.
    expect(settingsViolationsOfTexts(show("HEAD~2"), show("HEAD~1"), signedAt("HEAD~2"))).toEqual([]);
    // Deleting svc.yaml (or breaking it) and writing it back later is judged too, never skipped.
    expect(settingsViolationsOfTexts(show("HEAD~1"), undefined, ["2026-10"]).map((x) => x.key)).toContain(
      "pay.travel.dailyRate",
    );
    expect(settingsViolationsOfTexts("revisions: 5\n: [", show("HEAD"), ["2026-10"]).length).toBeGreaterThan(
      0,
    );
  });

  it("svc check --history names the forging commit, at svc.yaml's dailyRate line (history-settings)", async () => {
    // HEAD is the base-dailyRate edit of the test above; HEAD~1 added a revision from 2026-12.
    const r = await svcIn(repo, ["check", "--history", "--json"], SUP);
    const found = (
      JSON.parse(r.stdout).findings as { rule: string; commit?: string; file: string; line: number }[]
    ).filter((f) => f.rule === "history-settings");
    const head = git(repo, ["rev-parse", "HEAD"]).trim();
    expect(found.map((f) => f.commit)).toEqual([head]);
    expect(found[0].file).toBe("svc.yaml");
    const line =
      readFileSync(join(repo, "svc.yaml"), "utf8")
        .split("\n")
        .findIndex((l) => /dailyRate: 120/.test(l)) + 1;
    expect(found[0].line).toBe(line);
    expect(r.code).toBe(1);
  });
});
