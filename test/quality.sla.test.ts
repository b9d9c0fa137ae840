// Issue 15 / D17 — the response-time clocks (src/domain/sla.ts): working hours of working days, from
// the notice's issue time, paused while an approved reason-C delay runs. Every boundary by hand:
// 18:00, a weekend, a 调休 Saturday, a holiday, a pause that spans a night.
import { describe, expect, it } from "vitest";
import { makeCalendar } from "../src/domain/calendar.ts";
import {
  addWorking,
  clocksOf,
  durationMs,
  median,
  type SlaSettings,
  workingBetween,
} from "../src/domain/sla.ts";
import { DEFAULTS } from "../src/schemas/defaults.ts";
import type { Letter } from "../src/schemas/index.ts";
import { letter } from "./assessment.fixtures.ts";

const cal = makeCalendar({ holidays: [], workdays: [], years: [] });
const S: SlaSettings = { sla: DEFAULTS.sla, workingHours: DEFAULTS.workingHours, timezone: "Asia/Shanghai" };
const H = 3_600_000;
const at = (s: string) => `${s}:00+08:00`;
const plus = (start: string, d: string, l?: Letter) =>
  addWorking(at(start), durationMs(d, S.workingHours), S, cal, l ? pausesFor(l) : []);

import { pausesOf as pausesFor } from "../src/domain/sla.ts";

describe("D17 clocks on the working-day calendar", () => {
  it("D17 durations: 2h, 1d = one 09:00–18:00 day (9 working hours)", () => {
    expect(durationMs("2h", S.workingHours)).toBe(2 * H);
    expect(durationMs("1d", S.workingHours)).toBe(9 * H);
    expect(() => durationMs("2x", S.workingHours)).toThrow(RangeError);
  });

  it("D17 within a working day: issued Tue 10:00 + 2h → 12:00", () => {
    expect(plus("2026-11-03T10:00", "2h")).toBe(at("2026-11-03T12:00"));
  });

  it("D17 the 18:00 boundary: 16:00 + 2h ends at 18:00 that day; 16:30 + 2h at 09:30 the next", () => {
    expect(plus("2026-11-03T16:00", "2h")).toBe(at("2026-11-03T18:00"));
    expect(plus("2026-11-03T16:30", "2h")).toBe(at("2026-11-04T09:30"));
    // issued after hours: the clock starts at 09:00 the next working day
    expect(plus("2026-11-03T19:00", "2h")).toBe(at("2026-11-04T11:00"));
    expect(plus("2026-11-03T07:00", "1d")).toBe(at("2026-11-03T18:00"));
    expect(workingBetween(at("2026-11-03T17:00"), at("2026-11-04T10:00"), S, cal)).toBe(2 * H);
  });

  it("D17 a weekend: Fri 17:00 + 2h → Mon 10:00", () => {
    expect(plus("2026-11-06T17:00", "2h")).toBe(at("2026-11-09T10:00"));
    expect(plus("2026-11-07T10:00", "2h")).toBe(at("2026-11-09T11:00")); // issued on a Saturday
  });

  it("D17 a 调休 Saturday counts: Fri 2026-10-09 17:00 + 2h → Sat 10-10 10:00", () => {
    expect(plus("2026-10-09T17:00", "2h")).toBe(at("2026-10-10T10:00"));
  });

  it("D17 a holiday does not: Wed 2026-09-30 17:00 + 2h → Thu 10-08 10:00 (国庆 10-01…10-07)", () => {
    expect(plus("2026-09-30T17:00", "2h")).toBe(at("2026-10-08T10:00"));
    // and svc.yaml calendar.holidays adds one
    const extra = makeCalendar({ holidays: ["2026-11-04"], workdays: [], years: [] });
    expect(addWorking(at("2026-11-03T17:00"), 2 * H, S, extra)).toBe(at("2026-11-05T10:00"));
  });

  it("D17 a reason-C pause over a night: 1d from Mon 09:00, paused Mon 17:00–Tue 10:00 → Tue 11:00", () => {
    const l = withDelay("C", true, "2026-11-02T17:00", "2026-11-03T10:00");
    expect(plus("2026-11-02T09:00", "1d")).toBe(at("2026-11-02T18:00"));
    expect(plus("2026-11-02T09:00", "1d", l)).toBe(at("2026-11-03T11:00"));
    // not approved, or another reason: no pause
    expect(
      plus("2026-11-02T09:00", "1d", withDelay("C", false, "2026-11-02T17:00", "2026-11-03T10:00")),
    ).toBe(at("2026-11-02T18:00"));
    expect(plus("2026-11-02T09:00", "1d", withDelay("B", true, "2026-11-02T17:00", "2026-11-03T10:00"))).toBe(
      at("2026-11-02T18:00"),
    );
  });
});

function withDelay(reason: "B" | "C", approved: boolean, from: string, until: string): Letter {
  const l = letter("L-P", "zhangsan", at("2026-11-30T10:00"), null);
  l.completion = undefined;
  l.delays = [
    {
      reason,
      until: at(until),
      by: "zhangsan",
      at: at(from),
      ...(approved ? { approval: { by: "wangzhu", at: at(from) } } : {}),
    },
  ];
  return l;
}

describe("D17 the three clocks of a notice: met, breached, at risk", () => {
  const notice = (priority: "紧急" | "重要" | "一般", issued: string) => ({
    priority,
    issued: { by: "sales", at: at(issued) },
  });

  it("D17 an urgent notice: response met by the site confirmation, arrival breached, resolution met", () => {
    const l = letter("L-U", "zhangsan", at("2026-11-04T15:00"), "优优优");
    l.site = { matches: true, by: "zhangsan", at: at("2026-11-03T11:30") };
    l.arrival = { by: "zhangsan", at: at("2026-11-04T10:00") };
    const c = clocksOf(notice("紧急", "2026-11-03T10:00"), l, S, cal, at("2026-11-10T09:00"));
    expect(c.map((x) => [x.clock, x.deadline, x.state])).toEqual([
      ["response", at("2026-11-03T12:00"), "met"],
      ["arrival", at("2026-11-04T10:00"), "met"], // exactly at the deadline: met
      ["resolution", at("2026-11-05T10:00"), "met"],
    ]);
    expect(c[0].elapsedMs).toBe(1.5 * H);
    l.arrival = { by: "zhangsan", at: at("2026-11-04T10:01") };
    expect(clocksOf(notice("紧急", "2026-11-03T10:00"), l, S, cal, at("2026-11-10T09:00"))[1].state).toBe(
      "breached",
    );
  });

  it("D17 svc ack stops the response clock when earlier than the site confirmation; no event → running, at risk, breached", () => {
    const l = letter("L-N", "zhangsan", at("2026-11-30T10:00"), null);
    l.completion = undefined;
    l.ack = { by: "zhangsan", at: at("2026-11-03T13:30") };
    const n = notice("重要", "2026-11-03T10:00"); // response 4h → 14:00
    let c = clocksOf(n, l, S, cal, at("2026-11-03T15:00"));
    expect([c[0].state, c[0].at]).toEqual(["met", at("2026-11-03T13:30")]);
    // arrival 2d → 2026-11-05 10:00: at 09:00 on the 5th one working hour left → at risk (atRisk 2h)
    expect(c[1].deadline).toBe(at("2026-11-05T10:00"));
    expect(c[1].state).toBe("running");
    c = clocksOf(n, l, S, cal, at("2026-11-05T09:00"));
    expect([c[1].state, c[1].leftMs]).toEqual(["at-risk", H]);
    c = clocksOf(n, l, S, cal, at("2026-11-05T10:30"));
    expect(c[1].state).toBe("breached");
    // a notice not yet assigned: every clock runs from the issue
    c = clocksOf(n, undefined, S, cal, at("2026-11-03T15:00"));
    expect(c[0].state).toBe("breached");
  });

  it("D17 a completed letter without svc arrive: the completion stops the arrival and response clocks", () => {
    const l = letter("L-C", "zhangsan", at("2026-11-03T16:00"), "优优优");
    const c = clocksOf(notice("一般", "2026-11-03T10:00"), l, S, cal, at("2026-11-20T09:00"));
    expect(c.map((x) => [x.at, x.state])).toEqual([
      [at("2026-11-03T16:00"), "met"],
      [at("2026-11-03T16:00"), "met"],
      [at("2026-11-03T16:00"), "met"],
    ]);
  });

  it("D17 median", () => {
    expect(median([])).toBeUndefined();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });
});
