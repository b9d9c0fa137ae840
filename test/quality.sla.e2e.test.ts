// Issue 15 / D17 through the CLI: svc ack and svc arrive (with --at/--as), the clocks in svc due,
// svc show and svc list --sla, on one urgent notice issued Monday 2026-11-23 10:00.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanup, ENG, ENG2, freshRepo, GM, git, openNotice, SALES, SUP, svcAt } from "./helpers.ts";

let dir: string;
beforeAll(() => {
  dir = freshRepo();
});
afterAll(() => cleanup(dir));

const at = (s: string) => `${s}:00+08:00`;
const { json, ok, run } = svcAt(() => dir, at);

describe("D17 svc ack / svc arrive and the clocks in due, show and list", () => {
  it("D17 an urgent notice: response at risk then met by svc ack, arrival breached, shown everywhere", async () => {
    const N = (
      await json(
        SALES,
        "2026-11-23T10:00",
        ...openNotice({ priority: "紧急", content: "PLC 控制柜无法启动", region: "华东" }),
      )
    ).id as string;
    await ok(GM, "2026-11-23T10:10", "sign", N);
    const L = (
      await json(SUP, "2026-11-23T10:20", "assign", N, "--to", "zhangsan", "--estimate", "2026-11-30 18:00")
    ).id as string;

    // 11:30: the 2h response clock (→ 12:00) has 30 minutes left: at risk, on the engineer's svc due
    const due = await json(ENG, "2026-11-23T11:30", "due", "--mine");
    const sla = due.items.filter((i: { kind: string }) => i.kind === "sla");
    expect(
      sla.map((i: { ref: string; deadline: string; overdue: boolean }) => [i.ref, i.deadline, i.overdue]),
    ).toEqual([[L, at("2026-11-23T12:00"), false]]);
    // --json carries the values (the words are the command's, issue 14): 30 minutes left, at risk.
    expect(sla[0].params).toMatchObject({ clock: "response", state: "at-risk", leftMs: 30 * 60_000 });

    // the first contact by phone; only the letter's engineer, once
    expect((await run(ENG2, "2026-11-23T11:40", "ack", L)).code).toBe(1);
    await ok(ENG, "2026-11-23T11:45", "ack", L, "电话联系刘工，约定明早到场");
    expect((await run(ENG, "2026-11-23T11:46", "ack", L)).code).toBe(1);

    // next morning 09:30: the 1d arrival clock (→ 11-24 10:00) is at risk; svc list --sla finds it
    const risk = await json(SUP, "2026-11-24T09:30", "list", "letters", "--sla", "at-risk");
    expect(risk.map((r: { id: string }) => r.id)).toEqual([L]);
    expect(await json(SUP, "2026-11-24T09:30", "list", "letters", "--sla", "breached")).toEqual([]);

    // the arrival typed in later by the supervisor from the engineer's call (--as, --at): 10:30, late
    const before = git(dir, ["rev-parse", "HEAD"]);
    await ok(SUP, "2026-11-24T11:00", "arrive", L, "--as", "zhangsan", "--at", "2026-11-24 10:30");
    expect(git(dir, ["rev-parse", "HEAD"])).not.toBe(before);

    const shown = await json(SUP, "2026-11-24T11:00", "show", L);
    expect(shown.sla.priority).toBe("紧急");
    expect(
      shown.sla.clocks.map((c: { clock: string; state: string; at?: string }) => [c.clock, c.state, c.at]),
    ).toEqual([
      ["response", "met", at("2026-11-23T11:45")],
      ["arrival", "breached", at("2026-11-24T10:30")],
      ["resolution", "running", undefined],
    ]);
    expect(shown.record.arrival).toMatchObject({ by: "zhangsan", as: "wangzhu", backdated: true });
    const text = (await ok(SUP, "2026-11-24T11:00", "show", L)).stdout;
    expect(text).toContain("首次响应（2h）：期限 2026-11-23 12:00，2026-11-23 11:45 达标");
    expect(text).toContain("到场/开始远程处理（1d）：期限 2026-11-24 10:00，2026-11-24 10:30 超时");
    const breached = await json(SUP, "2026-11-24T11:00", "list", "notices", "--sla", "breached");
    expect(breached.map((r: { id: string; sla: string }) => [r.id, r.sla])).toEqual([
      [N, "到场/开始远程处理 超时"],
    ]);
    expect((await run(SUP, "2026-11-24T11:00", "list", "letters", "--sla", "late")).code).toBe(2);

    // what svc wrote passes svc check
    const check = await run(SUP, "2026-11-24T11:00", "check");
    expect(check.code, check.stdout + check.stderr).toBe(0);
  });
});
