// What a letter keeps once written (history-letter-edited, history-time-moved for a letter's step
// times, history-role for the advance): a letter taken through its steps by the real commands, then
// changed by hand with plain git under the engineer's (or the supervisor's) name, the way a careless or
// dishonest user would — each change found at its commit and its place; the commands' own history clean.
// Found by attack: an engineer's estimate moved, a colleague's log entry rewritten, an approved trip
// lengthened, a completion dated earlier, an advance written by himself — all passed before.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import type { Finding } from "../src/check/finding.ts";
import {
  approvedLetter,
  cleanup,
  ENG,
  env,
  freshRepo,
  git,
  headOf,
  type Identity,
  read,
  SUP,
  svcAt,
} from "./helpers.ts";

let dir: string;
let L = "";
let honest = "";
const { ok, run } = svcAt(() => dir);
const file = () => `letters/${L.slice(2, 6)}/${L}.yaml`;

const D1 = "2026-11-23T09:00:00+08:00";
const D2 = "2026-11-24T09:30:00+08:00";
const D3 = "2026-11-25T16:00:00+08:00";
const D4 = "2026-11-26T17:00:00+08:00";
const D5 = "2026-11-27T10:00:00+08:00";
const D6 = "2026-11-30T10:00:00+08:00";
const KF: Identity = { name: "钱客服", email: "cs@example.com" };

beforeAll(async () => {
  dir = freshRepo();
  ({ letter: L } = await approvedLetter(dir, {
    at: { open: D1, site: D2 },
    estimate: "2026-11-26 18:00",
    assign: ["--destination", "苏州", "--days", "3"],
    approve: ["--advance", "800"],
  }));
  await ok(ENG, D3, "checkin", L, "已出发", "--departed", "2026-11-25");
  await ok(SUP, D3, "log", L, "已与客户确认备件型号");
  await ok(ENG, D3, "delay", L, "--reason", "B", "--until", "2026-11-28 18:00", "--note", "模块缺货");
  await ok(SUP, D3, "delay", "approve", L);
  await ok(ENG, D4, "close", L, "--rating", "态度=优,水平=良,结果=优", "--signed-by", "刘工");
  await ok(ENG, D5, "return", L, "--plan", "乘高铁返回");
  await ok(SUP, D5, "confirm", L);
  await ok(
    SUP,
    D5,
    ...["people", "add", "qiankf", "--name", "钱客服", "--role", "customer-service"],
    ...["--email", KF.email],
  );
  await ok(KF, D6, "survey", L, "--reached", "no");
  await ok(
    KF,
    D6,
    ...["survey", L, "--reached", "yes", "--signed-personally", "yes", "--explained", "yes"],
    ...["--rating", "态度=差,质量=良,速度=优"],
  );
  honest = headOf(dir);
});
afterAll(() => cleanup(dir));

async function history(): Promise<Finding[]> {
  const r = await run(SUP, D6, "check", "--history", "--json");
  // history-date-order is about commit dates (SVC_NOW here is before the template repository's commits)
  return (JSON.parse(r.stdout).findings as Finding[]).filter(
    (f) => f.commit && f.rule !== "history-date-order",
  );
}

/**
 * Back to the honest history, then the letter edited by hand (`edit` on its parsed YAML document, so
 * the rest of the file stays as svc wrote it) and committed by `who` with plain git, at `date`.
 */
function handEdit(
  who: Identity,
  edit: (doc: ReturnType<typeof parseDocument>) => void,
  date = D6,
  extra: Record<string, string> = {},
): string {
  git(dir, ["reset", "-q", "--hard", honest]);
  const doc = parseDocument(read(dir, file()));
  edit(doc);
  writeFileSync(join(dir, file()), doc.toString());
  for (const [path, text] of Object.entries(extra)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const e = { ...env(who), GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
  for (const args of [
    ["add", "-A"],
    ["commit", "-q", "-m", "tidy"],
  ]) {
    const r = spawnSync("git", args, { cwd: dir, env: e, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  }
  return headOf(dir);
}

/** The findings of one commit: rule and the line the finding points at. */
async function foundAt(commit: string): Promise<{ rule: string; text: string; message: string }[]> {
  const lines = read(dir, file()).split("\n");
  return (await history())
    .filter((f) => f.commit === commit)
    .map((f) => ({ rule: f.rule, text: (lines[(f.line ?? 1) - 1] ?? "").trim(), message: f.message }));
}

describe("a letter's terms and recorded steps are kept (history-letter-edited)", () => {
  it("the commands' own history of a letter through every step is clean", async () => {
    git(dir, ["reset", "-q", "--hard", honest]);
    expect(await history()).toEqual([]);
  });

  it("the engineer moving his own estimate a week later is refused at the estimate (D3)", async () => {
    const c = handEdit(ENG, (d) => d.set("estimate", "2026-12-03T18:00:00+08:00"));
    const found = await foundAt(c);
    expect(found.map((f) => f.rule)).toEqual(["history-letter-edited"]);
    expect(found[0].text).toBe("estimate: 2026-12-03T18:00:00+08:00");
    expect(found[0].message).toContain("预计完成时间");
  });

  it("an amendment the engineer wrote himself authorizes nothing: his estimate moved with one is refused at both; the supervisor's same amendment is the correction (D15; found by attack)", async () => {
    const amendment = (by: string) => ({
      [`amendments/2026/X-20261130-${by.slice(0, 5)}.yaml`]: [
        "kind: amendment",
        `id: X-20261130-${by.slice(0, 5)}`,
        `target: ${L}`,
        "reason: 预计时间录错",
        "changes:",
        "  - path: /estimate",
        "    before: 2026-11-28T18:00:00+08:00",
        "    after: 2026-12-03T18:00:00+08:00",
        `at: ${D6}`,
        `by: ${by}`,
        "",
      ].join("\n"),
    });
    const moved = (d: ReturnType<typeof parseDocument>) => d.set("estimate", "2026-12-03T18:00:00+08:00");
    const c = handEdit(ENG, moved, D6, amendment("zhangsan"));
    const found = (await history()).filter((f) => f.commit === c);
    expect(found.map((f) => [f.rule, f.file.split("/")[0]])).toEqual([
      ["history-role", "amendments"],
      ["history-letter-edited", "letters"],
    ]);
    expect(found[0].message).toContain(`zhangsan 不能写 ${L} 的更正记录`);
    expect(await foundAt(handEdit(SUP, moved, D6, amendment("wangzhu")))).toEqual([]);
  });

  it("rewriting the supervisor's log entry, or deleting it, is refused at that entry", async () => {
    const log = (parseDocument(read(dir, file())).toJS().log ?? []) as { by?: string }[];
    const i = log.findIndex((e) => e.by === "wangzhu"); // the supervisor's entry
    expect(i).toBeGreaterThanOrEqual(0);
    const rewritten = handEdit(ENG, (d) => d.setIn(["log", i, "text"], "客户同意不更换模块"));
    expect((await foundAt(rewritten)).map((f) => f.rule)).toEqual(["history-letter-edited"]);
    const removed = handEdit(ENG, (d) => d.deleteIn(["log", i]));
    const found = await foundAt(removed);
    expect(found.map((f) => f.rule)).toEqual(["history-letter-edited"]);
    expect(found[0].message).toMatch(/服务记录第 \d+ 条被删除/);
  });

  it("an approved delay's reason changed afterwards (B → C: the customer's fault, no fine) is refused", async () => {
    const c = handEdit(ENG, (d) => d.setIn(["delays", 0, "reason"], "C"));
    const found = await foundAt(c);
    expect(found.map((f) => f.rule)).toEqual(["history-letter-edited"]);
    expect(found[0].message).toContain("延期记录第 1 条在录入后被改动");
  });

  it("the approved trip lengthened, or its return date moved, by hand is refused (the allowance counts the days)", async () => {
    const days = handEdit(ENG, (d) => d.setIn(["travel", "days"], 6));
    expect((await foundAt(days)).map((f) => [f.rule, f.text])).toEqual([
      ["history-letter-edited", "days: 6"],
    ]);
    const returned = handEdit(ENG, (d) => d.setIn(["travel", "returned"], "2026-11-30"));
    expect((await foundAt(returned)).map((f) => [f.rule, f.text])).toEqual([
      ["history-letter-edited", "returned: 2026-11-30"],
    ]);
  });

  it("an advance the engineer wrote himself is refused as his role's (only the supervisor grants one)", async () => {
    const c = handEdit(ENG, (d) => d.setIn(["travel", "advance"], 3000));
    const found = await foundAt(c);
    expect(found.map((f) => f.rule)).toEqual(["history-role"]);
    expect(found[0].text).toBe("advance: 3000");
    // the supervisor raising it is the advance step (svc approve --advance), and clean
    const bySupervisor = handEdit(SUP, (d) => d.setIn(["travel", "advance"], 1200));
    expect(await foundAt(bySupervisor)).toEqual([]);
  });

  it("the completion dated a day earlier afterwards, or the arrival time added as an earlier hour, is a moved time", async () => {
    const moved = handEdit(ENG, (d) => d.setIn(["completion", "at"], "2026-11-25T17:00:00+08:00"));
    const found = await foundAt(moved);
    expect(found.map((f) => f.rule)).toEqual(["history-time-moved"]);
    expect(found[0].message).toContain("完工时间");
    // a step's time that is not the time of the commit recording it (not a --at transcription)
    const arrival = handEdit(ENG, (d) =>
      d.set("arrival", { by: "zhangsan", at: "2026-11-25T08:00:00+08:00" }),
    );
    expect((await foundAt(arrival)).map((f) => f.rule)).toContain("history-time-moved");
  });

  it("the survey's 差 turned into 优 afterwards, or its first try removed, is refused — by the engineer or by the caller (D18)", async () => {
    const graded = handEdit(ENG, (d) => d.setIn(["survey", "ratings", "attitude"], "优"));
    const found = await foundAt(graded);
    expect(found.map((f) => [f.rule, f.text])).toEqual([["history-letter-edited", "attitude: 优"]]);
    expect(found[0].message).toContain("回访结果在录入后被改动");
    const byCaller = handEdit(KF, (d) => d.setIn(["survey", "ratings", "attitude"], "良"));
    expect((await foundAt(byCaller)).map((f) => f.rule)).toEqual(["history-letter-edited"]);
    const tries = handEdit(KF, (d) => d.deleteIn(["survey", "attempts", 0]));
    expect((await foundAt(tries)).map((f) => f.rule)).toContain("history-letter-edited");
  });

  it("the solution rewritten after the supervisor approved it is refused at the solution (§2.2)", async () => {
    const c = handEdit(ENG, (d) => d.setIn(["preparation", "solution"], "客户自行更换"));
    const found = await foundAt(c);
    expect(found.map((f) => [f.rule, f.text])).toEqual([["history-letter-edited", "solution: 客户自行更换"]]);
    expect(found[0].message).toContain("解决方案准备");
  });

  it("the notice a letter serves, or its assignment, changed by the supervisor is refused too", async () => {
    const c = handEdit(SUP, (d) => d.setIn(["assigned", "at"], "2026-11-22T09:00:00+08:00"));
    expect((await foundAt(c)).map((f) => f.rule)).toContain("history-letter-edited");
  });
});
