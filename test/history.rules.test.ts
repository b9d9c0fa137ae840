// Issue 12, "the shape of the rules": the history rules are a table (HISTORY_RULES) of small named,
// pure rules — each with a unique id, its DOMAIN section and the kinds it looks at — and
// docs/integrity.md's table of rules is the one the code generates.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { applyRules, HISTORY_RULES } from "../src/check/history/index.ts";
import type { ChangeRule, CommitContext, Person, RecordChange } from "../src/check/history/rule.ts";
import { rulesTable } from "../src/check/history/rules/index.ts";
import { role } from "../src/check/history/rules/role.ts";
import { stamp } from "../src/check/history/rules/stamp.ts";
import { LETTER_STEPS } from "../src/domain/workflow.ts";
import { ROOT } from "./helpers.ts";

const DOC = join(ROOT, "docs", "integrity.md");
const START =
  "<!-- history-rules:start (generated from HISTORY_RULES: UPDATE_DOCS=1 npx vitest run test/history.rules.test.ts) -->";
const END = "<!-- history-rules:end -->";

const people: Person[] = [
  { id: "wangzhu", roles: ["supervisor"], email: "sup@example.com" },
  { id: "lizong", roles: ["gm"], email: "gm@example.com" },
  { id: "zhangsan", roles: ["engineer"], email: "zs@example.com" },
];
function context(actor: string, changes: RecordChange[]): CommitContext {
  const a = people.find((p) => p.id === actor);
  return {
    commit: {
      sha: "c0ffee",
      parents: ["p"],
      email: a?.email ?? "x@example.com",
      name: actor,
      date: "2026-10-04T11:00:00+08:00",
    },
    actor: a,
    roster: people,
    people: new Map(people.map((p) => [p.id, p])),
    signedMonths: new Set(),
    changes,
    other: [],
    tz: "Asia/Shanghai",
    allowAs: ["supervisor"],
  };
}

describe("HISTORY_RULES", () => {
  it("each rule has a unique id (the rule of its findings), a DOMAIN section, kinds and what it forbids", () => {
    const ids = HISTORY_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of HISTORY_RULES) {
      expect(r.id).toMatch(/^history-[a-z-]+$/);
      expect(r.domain).toMatch(/§|D\d/);
      expect(r.forbids[0].length && r.forbids[1].length).toBeTruthy();
      expect(r.kinds === "commit" || r.kinds === "*" || r.kinds.length > 0).toBe(true);
    }
  });

  it("docs/integrity.md holds the table generated from HISTORY_RULES", () => {
    const doc = readFileSync(DOC, "utf8");
    const from = doc.indexOf(START);
    const to = doc.indexOf(END);
    expect(from, `docs/integrity.md lacks the marker ${START}`).toBeGreaterThan(0);
    const table = `${START}\n${rulesTable()}\n${END}`;
    if (process.env.UPDATE_DOCS) writeFileSync(DOC, doc.slice(0, from) + table + doc.slice(to + END.length));
    else expect(doc.slice(from, to + END.length)).toBe(table);
  });

  it("who may approve an extension comes from LETTER_STEPS.who: the rule follows the table", () => {
    const before = {
      kind: "letter",
      id: "L-1",
      engineer: "zhangsan",
      status: "延期",
      log: [],
      delays: [{ reason: "B", by: "zhangsan", at: "2026-10-04T10:00:00+08:00" }],
    };
    const after = {
      ...before,
      delays: [{ ...before.delays[0], approval: { by: "zhangsan", at: "2026-10-04T11:00:00+08:00" } }],
    };
    const ch: RecordChange = { kind: "letter", file: "letters/2026/L-1.yaml", id: "L-1", before, after };
    // the engineer approving his own extension: refused because the table says supervisor
    expect(LETTER_STEPS["delay-approve"].who).toEqual(["supervisor"]);
    const v = role.check(ch, context("zhangsan", [ch]));
    expect(v.map((x) => x.path)).toEqual([["delays", 0, "approval", "by"]]);
    // … and the supervisor's stamp committed by the engineer: history-stamp, located at the stamp
    const forged = {
      ...after,
      delays: [{ ...before.delays[0], approval: { by: "wangzhu", at: "2026-10-04T11:00:00+08:00" } }],
    };
    const ch2 = { ...ch, after: forged };
    expect(role.check(ch2, context("zhangsan", [ch2]))).toEqual([]);
    expect(stamp.check(ch2, context("zhangsan", [ch2])).map((x) => x.path)).toEqual([
      ["delays", 0, "approval", "by"],
    ]);
    // the supervisor himself: clean
    expect(applyRules(HISTORY_RULES, context("wangzhu", [ch2]))).toEqual([]);
  });

  it("a newcomer's rule is one entry: applyRules runs any table, rule by rule", () => {
    const ch: RecordChange = {
      kind: "customer",
      file: "customers/acme.yaml",
      id: "acme",
      after: { kind: "customer", id: "acme" },
    };
    const extra: ChangeRule = {
      id: "history-example",
      domain: "§0",
      forbids: ["例子", "an example"],
      kinds: ["customer"],
      check: () => [{ message: "no", path: ["id"] }],
    };
    const v = applyRules([...HISTORY_RULES, extra], context("wangzhu", [ch]));
    expect(v.map((x) => x.rule)).toEqual(["history-example"]);
  });
});
