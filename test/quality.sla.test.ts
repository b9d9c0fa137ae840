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

  it("D17 a pause of years (a delay approved until 2030) and a target of 800d still end: no throw (found by attack)", () => {
    const pause: [number, number] = [Date.parse(at("2026-11-05T12:00")), Date.parse(at("2030-06-30T18:00"))];
    expect(addWorking(at("2026-11-05T10:00"), 4 * H, S, cal, [pause])).toBe(at("2030-07-01T11:00"));
    // 800 working days (past the three years a clock used to be walked): they all count
    const end = plus("2026-11-02T09:00", "800d");
    expect(end > at("2029-11-01T00:00")).toBe(true);
    expect(workingBetween(at("2026-11-02T09:00"), end, S, cal)).toBe(800 * 9 * H);
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

import { slaFigures } from "../src/domain/sla.ts";
import type { Notice } from "../src/schemas/index.ts";

describe("D17 report figures: % met per clock per priority and engineer, median first response, first-time fix", () => {
  const n = (
    id: string,
    priority: Notice["priority"],
    issued: string,
    customer = "K1",
    equipment = "PLC-200",
  ): Notice =>
    ({
      kind: "notice",
      id,
      customer,
      contact: { name: "刘工", phone: "1" },
      type: "维修",
      priority,
      channel: "电话",
      content: "x",
      equipment,
      issued: { by: "sales", at: at(issued) },
    }) as Notice;
  const done = (
    id: string,
    notice: string,
    engineer: string,
    response: string,
    arrival: string,
    completed: string,
  ) => {
    const l = letter(id, engineer, at(completed), "优优优", { notice });
    l.ack = { by: engineer, at: at(response) };
    l.arrival = { by: engineer, at: at(arrival) };
    return l;
  };
  // issued Mon 2026-11-02 09:00 unless said otherwise
  const notices = [
    n("N1", "紧急", "2026-11-02T09:00"), // response 2h → 11:00, arrival 1d → 18:00, resolution 2d → 11-03 18:00
    n("N2", "紧急", "2026-11-02T09:00", "K2"),
    n("N3", "重要", "2026-11-02T09:00", "K3"), // 4h → 13:00; 2d → 11-03 18:00; 5d → 11-06 18:00
    n("N4", "一般", "2026-11-02T09:00", "K4"), // 1d → 18:00; 3d → 11-04 18:00; 10d → 11-13 18:00
    n("N5", "一般", "2026-11-20T09:00"), // K1 / PLC-200 again, 18 days after L1: L1 is a repeat
    n("N6", "一般", "2026-11-20T09:00", "K3", "other"), // K3 but other equipment: L3 fixed
  ];
  const letters = [
    // zhangsan: L1 all met (response 1h), L2 response late (3h), arrival and resolution met
    done("L1", "N1", "zhangsan", "2026-11-02T10:00", "2026-11-02T15:00", "2026-11-02T17:00"),
    done("L2", "N2", "zhangsan", "2026-11-02T12:00", "2026-11-02T16:00", "2026-11-03T10:00"),
    // lisi: L3 met (response 2h), L4 resolution late (11-16 10:00 after 11-13 18:00), response 30m
    done("L3", "N3", "lisi", "2026-11-02T11:00", "2026-11-03T09:00", "2026-11-05T12:00"),
    done("L4", "N4", "lisi", "2026-11-02T09:30", "2026-11-03T09:00", "2026-11-16T10:00"),
  ];
  const f = slaFigures(notices, letters, S, cal, "2026-11-01", "2026-11-30");

  it("D17 counts by hand", () => {
    expect(f.letters).toBe(4);
    expect(f.total.response).toEqual({ met: 3, breached: 1, rate: 0.75 });
    expect(f.total.arrival).toEqual({ met: 4, breached: 0, rate: 1 });
    expect(f.total.resolution).toEqual({ met: 3, breached: 1, rate: 0.75 });
    expect(f.byPriority.紧急.letters).toBe(2);
    expect(f.byPriority.紧急.response).toEqual({ met: 1, breached: 1, rate: 0.5 });
    expect(f.byPriority.一般.resolution).toEqual({ met: 0, breached: 1, rate: 0 });
    expect(f.byPriority.重要.response.rate).toBe(1);
    const z = f.perEngineer.find((e) => e.engineer === "zhangsan");
    expect([z?.letters, z?.response.rate, z?.medianResponseMs]).toEqual([2, 0.5, 2 * H]); // 1h and 3h
    // responses 1h, 3h, 2h, 0.5h → median (1 + 2) / 2 = 1.5h
    expect(f.medianResponseMs).toBe(1.5 * H);
    expect(f.breaches.map((b) => [b.letter, b.clock])).toEqual([
      ["L2", "response"],
      ["L4", "resolution"],
    ]);
  });

  it("D17 first-time fix: a new notice for the same customer and equipment within 30 days is a repeat", () => {
    expect(f.firstTimeFix).toEqual({
      letters: 4,
      fixed: 3,
      rate: 0.75,
      repeats: [{ letter: "L1", notice: "N5" }],
    });
    // a month later is not a repeat
    const later = notices.map((x) =>
      x.id === "N5" ? { ...x, issued: { by: "sales", at: at("2026-12-20T09:00") } } : x,
    );
    expect(slaFigures(later, letters, S, cal, "2026-11-01", "2026-11-30").firstTimeFix.fixed).toBe(4);
  });
});

import {
  assess,
  config as fixtureConfig,
  onTimeWeeklies,
  person,
  rules,
  sheetOf,
} from "./assessment.fixtures.ts";

describe("D17 sla.fine: an assessment line per breach, citing the letter", () => {
  const notice = {
    kind: "notice",
    id: "N-20261102-aaaaa",
    customer: "K1",
    contact: { name: "刘工", phone: "1" },
    type: "维修",
    priority: "紧急",
    channel: "电话",
    content: "x",
    issued: { by: "sales", at: at("2026-11-02T09:00") },
  } as Notice;
  // response 12:00 after the 11:00 deadline, arrival met, resolution 11-05 after 11-03 18:00
  const l = letter("L-F", "zhangsan", at("2026-11-05T10:00"), "优优优", { notice: notice.id });
  l.ack = { by: "zhangsan", at: at("2026-11-02T12:00") };
  l.arrival = { by: "zhangsan", at: at("2026-11-02T15:00") };
  const run = (fine: number) => {
    const c = fixtureConfig();
    c.sla.fine = fine;
    return assess("2026-11", {
      config: c,
      people: [person("zhangsan")],
      letters: [l],
      notices: [notice],
      weeklies: onTimeWeeklies("zhangsan", "2026-11"),
    });
  };

  it("D17 with the default sla.fine 0 a breach costs nothing", () => {
    expect(fixtureConfig().sla.fine).toBe(0);
    expect(rules(run(0), "zhangsan")).toEqual([]);
  });

  it("D17 with sla.fine 30: one line per breached clock (response, resolution), dated the completion", () => {
    const r = run(30);
    expect(rules(r, "zhangsan")).toEqual(["slaBreach -30", "slaBreach -30"]);
    const lines = sheetOf(r, "zhangsan").lines;
    expect(lines.map((x) => x.refs)).toEqual([
      ["L-F", notice.id],
      ["L-F", notice.id],
    ]);
    expect(lines[0].text).toContain("首次响应超时：时限 2h，期限 2026-11-02 11:00，实际 2026-11-02 12:00");
    expect(lines[1].text).toContain("解决超时");
    expect(lines[0].date).toBe("2026-11-05");
    expect(sheetOf(r, "zhangsan").total).toBe(-60);
  });
});
