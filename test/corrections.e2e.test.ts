// Issue 13, "Corrections (D15)": svc reassign, svc appointment, svc forged — each one command, one
// commit, legal for `svc check --history`; the same change made by hand is rejected by it.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import jsyaml from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Letter } from "../src/schemas/index.ts";
import {
  cleanup,
  ENG,
  ENG2,
  freshRepo,
  git,
  type Identity,
  openNotice,
  read,
  SALES,
  SUP,
  svcAt,
  svcIn,
} from "./helpers.ts";

let dir: string;
const T0 = "2026-11-23T09:00:00+08:00";
const T1 = "2026-11-23T11:00:00+08:00";
const T2 = "2026-11-24T09:30:00+08:00";
const T3 = "2026-11-25T10:00:00+08:00";
const T4 = "2026-11-27T10:00:00+08:00";
const T5 = "2026-11-28T10:00:00+08:00";

const { ok, run } = svcAt(() => dir);
async function refused(code: 1 | 2, who: Identity, now: string, args: string[], ...messages: string[]) {
  const head = git(dir, ["rev-parse", "HEAD"]);
  const r = await run(who, now, ...args);
  expect(r.code, `${args.join(" ")}: ${r.stderr}`).toBe(code);
  for (const m of messages) expect(r.stderr).toContain(m);
  expect(git(dir, ["rev-parse", "HEAD"]), "a refused correction commits nothing").toBe(head);
}
const letterFile = (id: string) => `letters/${id.slice(2, 6)}/${id}.yaml`;
const letter = (id: string) =>
  jsyaml.load(read(dir, letterFile(id)), { schema: jsyaml.CORE_SCHEMA }) as Letter;

/** A signed notice assigned to zhangsan; returns the letter id. */
async function assigned(estimate = "2026-11-26 18:00"): Promise<string> {
  const n = JSON.parse(
    (await ok(SALES, T0, ...openNotice({ customer: "苏州精工", content: "控制柜维修" }, "--json"))).stdout,
  ).id;
  await ok(SUP, T0, "sign", n, "--gm-absent");
  const l = JSON.parse(
    (
      await ok(
        SUP,
        T1,
        "assign",
        n,
        "--to",
        "zhangsan",
        "--estimate",
        estimate,
        "--appointment",
        "2026-11-24 14:00",
        "--json",
      )
    ).stdout,
  ).id;
  return l;
}

async function history() {
  const r = await svcIn(dir, ["check", "--history", "--json"], SUP);
  return JSON.parse(r.stdout || "{}") as { findings?: { rule: string; message: string }[] };
}
// history-date-order is about commit dates (SVC_NOW here is before the template repository's commits)
const rules = async () =>
  ((await history()).findings ?? []).map((f) => f.rule).filter((r) => r !== "history-date-order");

beforeAll(() => {
  dir = freshRepo();
});
afterAll(() => cleanup(dir));

describe("D15 reassign (改派)", () => {
  let L: string;
  it("before a delay: the supervisor hands the letter over with a new estimate, recorded as an approved delay B; the first engineer's entries stay his", async () => {
    L = await assigned();
    await ok(ENG, T2, "site", L, "--matches");
    await ok(ENG, T2, "log", L, "已联系客户，备件缺货");
    await refused(
      1,
      ENG,
      T3,
      ["reassign", L, "--to", "lisi", "--reason", "生病"],
      "无权改派",
      "技术服务部主管",
    );
    // without --to (no terminal): the ranking of svc assign, the current holder left out
    await refused(2, SUP, T3, ["reassign", L, "--reason", "生病"], "--to", "推荐", "lisi");
    // D16: not before the assignment, not in the future
    await refused(
      1,
      SUP,
      T3,
      ["reassign", L, "--to", "lisi", "--reason", "生病", "--at", "2026-11-23 10:00"],
      "早于派工时间",
    );
    await refused(
      2,
      SUP,
      T3,
      ["reassign", L, "--to", "lisi", "--reason", "生病", "--at", "2026-12-30 10:00"],
      "在将来",
    );
    await refused(
      2,
      SUP,
      T3,
      ["reassign", L, "--to", "lisi", "--reason", "生病", "--estimate", "2026-11-25 18:00"],
      "不晚于当前预计完成时间",
    );
    const r = JSON.parse(
      (
        await ok(
          SUP,
          T3,
          "reassign",
          L,
          "--to",
          "lisi",
          "--reason",
          "张三生病",
          "--estimate",
          "2026-11-30 18:00",
          "--json",
        )
      ).stdout,
    );
    expect(r).toMatchObject({ id: L, from: "zhangsan", to: "lisi", status: "派工" });
    const l = letter(L);
    expect(l.engineer).toBe("lisi");
    expect(l.reassignments).toEqual([
      { from: "zhangsan", to: "lisi", reason: "张三生病", by: "wangzhu", at: T3 },
    ]);
    expect(l.delays?.[0]).toMatchObject({
      reason: "B",
      until: "2026-11-30T18:00:00+08:00",
      approval: { by: "wangzhu" },
    });
    expect(l.log[0].by).toBe("zhangsan");
    // the new holder works it; the first may no longer
    await refused(1, ENG, T4, ["log", L, "还在吗"], "无权");
    await ok(ENG2, T4, "solution", L, "更换电源模块");
    await ok(SUP, T4, "approve", L);
    await ok(ENG2, T5, "close", L, "--rating", "优优优", "--signed-by", "刘工");
    // svc check: zhangsan's log entry and site confirmation are judged as his, at the time he held it
    const check = await svcIn(dir, ["check", "--json"], SUP);
    expect(check.code, check.stdout).toBe(0);
    expect(await rules()).toEqual([]);
  });

  it("after a delay: the new estimate must pass the extension already approved", async () => {
    const L2 = await assigned();
    await ok(ENG, T2, "delay", L2, "--reason", "C", "--until", "2026-11-29 18:00");
    await ok(SUP, T2, "delay", "approve", L2);
    await refused(
      2,
      SUP,
      T3,
      ["reassign", L2, "--to", "lisi", "--reason", "x", "--estimate", "2026-11-28 18:00"],
      "2026-11-29T18:00:00+08:00",
    );
    await refused(
      2,
      SUP,
      T3,
      [
        "reassign",
        L2,
        "--to",
        "lisi",
        "--reason",
        "x",
        "--estimate",
        "2026-12-01 18:00",
        "--delay-reason",
        "A",
      ],
      "B 或 D",
    );
    await ok(
      SUP,
      T3,
      "reassign",
      L2,
      "--to",
      "lisi",
      "--reason",
      "区域调整",
      "--estimate",
      "2026-12-01 18:00",
      "--delay-reason",
      "D",
    );
    expect(letter(L2).delays?.map((d) => d.reason)).toEqual(["C", "D"]);
    await refused(1, SUP, T3, ["reassign", L2, "--to", "lisi", "--reason", "x"], "已由 李四 负责");
  });

  it("steps the first engineer recorded in the very second the letter is reassigned stay his: svc check passes what svc wrote (found by attack)", async () => {
    const L3 = await assigned();
    const at = "2026-11-24T10:00:00+08:00";
    await ok(ENG, at, "ack", L3, "已电话联系客户");
    await ok(ENG, at, "appointment", L3, "--at", "2026-11-25 09:00", "--reason", "客户改时间");
    await ok(SUP, at, "reassign", L3, "--to", "lisi", "--reason", "工作量");
    const c = await svcIn(dir, ["check", "--json"], SUP, { SVC_NOW: at });
    expect(JSON.parse(c.stdout).findings).toEqual([]);
    expect(c.code).toBe(0);
    // and the new engineer may act in that second too; the first may not after it
    await ok(ENG2, at, "log", L3, "接手，已联系客户");
    await refused(1, ENG, "2026-11-24T10:00:01+08:00", ["log", L3, "还在跟进"]);
    expect(JSON.parse((await svcIn(dir, ["check", "--json"], SUP, { SVC_NOW: at })).stdout).findings).toEqual(
      [],
    );
  });

  it("a completed letter cannot be reassigned", async () => {
    await refused(1, SUP, T5, ["reassign", L, "--to", "zhangsan", "--reason", "x"], "完工");
  });
});

describe("D15 appointment (改约) and forged", () => {
  let L: string;
  beforeAll(async () => {
    L = await assigned();
  });

  it("the letter's engineer records every appointment; others are refused", async () => {
    await refused(1, SUP, T2, ["appointment", L, "--at", "2026-11-25 10:00", "--reason", "客户出差"], "无权");
    await ok(ENG, T2, "appointment", L, "--at", "2026-11-25 10:00", "--reason", "客户出差");
    await ok(ENG, T3, "appointment", L, "--at", "2026-11-26 09:00", "--reason", "客户设备未到");
    const l = letter(L);
    expect(l.appointment).toBe("2026-11-26T09:00:00+08:00");
    expect(l.appointments?.map((a) => [a.from, a.to, a.reason])).toEqual([
      ["2026-11-24T14:00:00+08:00", "2026-11-25T10:00:00+08:00", "客户出差"],
      ["2026-11-25T10:00:00+08:00", "2026-11-26T09:00:00+08:00", "客户设备未到"],
    ]);
  });

  it("forged: only the supervisor, only on a closed letter that was signed, once", async () => {
    await ok(ENG, T2, "site", L, "--matches");
    await ok(ENG, T2, "solution", L, "更换");
    await ok(SUP, T2, "approve", L);
    await refused(1, SUP, T3, ["forged", L, "--reason", "x"], "状态");
    await ok(ENG, T3, "close", L, "--rating", "优优优", "--signed-by", "刘工");
    await ok(SUP, T3, "confirm", L);
    await refused(1, ENG, T4, ["forged", L, "--reason", "回访时客户否认签字"], "无权");
    await refused(1, SUP, T4, ["forged", L, "--reason", "x", "--at", "2026-11-25 09:00"], "早于完工时间");
    await ok(SUP, T4, "forged", L, "--reason", "回访时客户否认签字");
    expect(letter(L).completion?.forged).toMatchObject({
      by: "wangzhu",
      at: T4,
      reason: "回访时客户否认签字",
    });
    await refused(1, SUP, T5, ["forged", L, "--reason", "again"], "已于");
    expect(await rules()).toEqual([]);
  });
});

describe("D15: the same change by hand is rejected by check --history", () => {
  it("the engineer, the appointment, a forgery mark removed — each without its step", async () => {
    const L = await assigned();
    const file = join(dir, letterFile(L));
    const edit = (f: (l: Letter) => void, msg: string) => {
      const l = letter(L);
      f(l);
      writeFileSync(file, jsyaml.dump(l));
      git(dir, ["commit", "-qam", msg], SUP);
    };
    edit((l) => {
      l.engineer = "lisi";
    }, "hand: engineer");
    expect(
      (await history()).findings
        ?.filter((f) => f.rule === "history-correction")
        .map((f) => f.message)
        .join("\n"),
    ).toContain("没有改派记录");
    git(dir, ["reset", "-q", "--hard", "HEAD~1"]);
    edit((l) => {
      l.appointment = "2026-11-30T10:00:00+08:00";
    }, "hand: appointment");
    expect((await history()).findings?.map((f) => f.message).join("\n")).toContain("没有改约记录");
    git(dir, ["reset", "-q", "--hard", "HEAD~1"]);
    expect(await rules()).toEqual([]);
  });
});
