// Issue 15 / D19 — customer complaints through the CLI: open (reply deadline on the calendar), the
// proposed incident (class II to the sales admin) opened by the supervisor and linked both ways,
// investigate → reply → callback → close, svc due, the ledger (table, --json, .xlsx), svc check.
import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanup, ENG, freshRepo, GM, openNotice, SALES, SUP, svcAt } from "./helpers.ts";

let dir: string;
beforeAll(() => {
  dir = freshRepo();
});
afterAll(() => cleanup(dir));
const at = (s: string) => `${s}:00+08:00`;
const { json, ok, run } = svcAt(() => dir, at);

describe("D19 svc complaint customer", () => {
  it("D19 a 重大 complaint about an engineer to the sales admin: class II incident, replied on time, closed; the ledger", async () => {
    // a customer record comes with a notice
    const N = await json(SALES, "2026-11-20T09:00", ...openNotice({ content: "x", region: "华东" }));
    const customer = (await json(SUP, "2026-11-20T09:05", "show", N.id)).record.customer;
    // Friday 17:00, 重大: reply by the end of the next working day, Monday 11-23
    const opened = await json(
      SALES,
      "2026-11-20T17:00",
      "complaint",
      "customer",
      "open",
      "--customer",
      customer,
      "--channel",
      "电话",
      "--to",
      "sales-admin",
      "--about",
      "engineer",
      "--engineer",
      "zhangsan",
      "--grade",
      "重大",
      "--owner",
      "wangzhu",
      "--content",
      "工程师未按约定时间到场，态度生硬",
    );
    expect(opened.complaint.replyBy).toBe("2026-11-23T23:59:59+08:00");
    expect(opened.proposedIncident).toBe("II");
    const K = opened.id as string;
    expect(K).toMatch(/^K-20261120-[0-9a-z]{5}$/);
    // the owner's svc due
    const due = (await json(SUP, "2026-11-23T09:00", "due", "--mine")).items.filter(
      (i: { kind: string }) => i.kind === "complaint-reply",
    );
    expect(due.map((i: { ref: string; deadline: string }) => [i.ref, i.deadline])).toEqual([
      [K, "2026-11-23T23:59:59+08:00"],
    ]);
    // the engineer may not open the incident; the supervisor does, linked both ways
    expect((await run(ENG, "2026-11-23T09:00", "complaint", "customer", "incident", K)).code).toBe(1);
    const inc = await json(SUP, "2026-11-23T09:10", "complaint", "customer", "incident", K);
    expect(inc.class).toBe("II");
    expect((await json(SUP, "2026-11-23T09:11", "show", inc.incident)).record).toMatchObject({
      class: "II",
      engineer: "zhangsan",
      customerComplaint: K,
    });
    expect((await run(SUP, "2026-11-23T09:12", "complaint", "customer", "incident", K)).code).toBe(1);
    // reply needs the investigation first; then on time
    expect(
      (await run(SUP, "2026-11-23T09:20", "complaint", "customer", "reply", K, "--result", "r", "--how", "h"))
        .code,
    ).toBe(1);
    await ok(
      SUP,
      "2026-11-23T10:00",
      "complaint",
      "customer",
      "investigate",
      K,
      "核实：张三因前一单超时迟到 2 小时，未提前告知客户",
    );
    expect(
      (
        await json(
          SUP,
          "2026-11-23T15:00",
          "complaint",
          "customer",
          "reply",
          K,
          "--result",
          "向客户致歉，张三书面检讨",
          "--how",
          "电话告知刘工",
        )
      ).late,
    ).toBe(false);
    expect((await run(SUP, "2026-11-23T15:10", "complaint", "customer", "close", K)).code).toBe(1); // no callback yet
    await ok(SUP, "2026-11-24T10:00", "complaint", "customer", "callback", K, "--satisfied", "yes");
    await ok(SUP, "2026-11-24T10:05", "complaint", "customer", "close", K);
    // the ledger of the month
    const ledger = await json(SUP, "2026-11-24T10:10", "complaint", "ledger", "--month", "2026-11");
    expect(
      ledger.rows.map(
        (r: {
          id: string;
          grade: string;
          onTime: boolean;
          satisfied: boolean;
          state: string;
          incident: string;
        }) => [r.id, r.grade, r.onTime, r.satisfied, r.state, r.incident],
      ),
    ).toEqual([[K, "重大", true, true, "已结案", inc.incident]]);
    expect(existsSync(ledger.files[0])).toBe(true);
    expect(ledger.files[0]).toMatch(/客户投诉台账-2026-11\.xlsx$/);
    // the monthly report's complaint figures
    const m = (await json(SUP, "2026-12-01T10:00", "monthly", "--month", "2026-11")).figures.complaints;
    expect(m).toMatchObject({
      count: 1,
      byGrade: { 一般: 0, 重大: 1 },
      replied: 1,
      repliedOnTime: 1,
      onTimeRate: 1,
      incidents: 1,
    });
    const check = await run(SUP, "2026-11-24T10:20", "check");
    expect(check.code, check.stdout + check.stderr).toBe(0);
    // a 一般 complaint to "other" about the product proposes no incident, and only listed roles open one
    expect(
      (
        await run(
          ENG,
          "2026-11-24T11:00",
          "complaint",
          "customer",
          "open",
          "--customer",
          customer,
          "--channel",
          "邮件",
          "--to",
          "other",
          "--about",
          "product",
          "--grade",
          "一般",
          "--content",
          "x",
        )
      ).code,
    ).toBe(1);
    const k2 = await json(
      GM,
      "2026-11-24T11:00",
      "complaint",
      "customer",
      "open",
      "--customer",
      customer,
      "--channel",
      "邮件",
      "--to",
      "other",
      "--about",
      "product",
      "--grade",
      "一般",
      "--content",
      "产品说明书不清楚",
    );
    expect([k2.proposedIncident, k2.complaint.replyBy]).toEqual([null, "2026-11-27T23:59:59+08:00"]);
  });
});
