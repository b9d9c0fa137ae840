// Issue 18 item 4: the repeat-fault (D21) and R&D (D22) items are sorted in with the others (the
// overdue first, then by deadline, then by record), not appended after the sorted items in the order
// their records were read.
import { afterAll, expect, test } from "vitest";
import { isoLocal } from "../src/core/time.ts";
import { makeCalendar } from "../src/domain/calendar.ts";
import { compareDue, computeDue, type DueInput, type DueItem } from "../src/domain/due.ts";
import { Store } from "../src/store/store.ts";
import { cleanup, sampleRepo } from "./helpers.ts";

const dir = sampleRepo();
afterAll(() => cleanup(dir));

async function input(): Promise<DueInput> {
  const store = await Store.open({ cwd: dir, env: { SVC_NOW: "2026-11-23T10:00:00+08:00", SVC_CACHE: "0" } });
  const letters = store.list("letter");
  return {
    now: isoLocal(store.now(), store.tz),
    config: store.config,
    cal: makeCalendar(store.config.calendar),
    people: store.people(),
    notices: store.list("notice"),
    letters: letters.filter((l) => !l.cancelled),
    allLetters: letters,
    weeklies: store.list("weekly"),
    departmentWeeklies: store.list("department-weekly"),
    monthlies: store.list("monthly"),
    assessments: store.list("assessment"),
    incidents: store.list("incident"),
    customerComplaints: store.list("customer-complaint"),
    equipment: store.list("equipment"),
    rdOrders: store.list("rd"),
  };
}

const sorted = (items: DueItem[]) => items.every((it, i) => i === 0 || compareDue(items[i - 1]!, it) <= 0);

test("issue 18 item 4: repeat-fault and R&D items are sorted with the others, whatever order their records come in", async () => {
  const given = await input();
  const result = computeDue(given);
  const kinds = new Set(result.items.map((i) => i.kind));
  expect(kinds.has("repeat-fault") && kinds.has("rd-order")).toBe(true);
  expect(sorted(result.items)).toBe(true);
  // the same records read in another order (another file system, records added out of date order):
  // before, the D21/D22 items followed in the order read
  const reversed = computeDue({
    ...given,
    notices: [...given.notices].reverse(),
    equipment: [...(given.equipment ?? [])].reverse(),
    rdOrders: [...(given.rdOrders ?? [])].reverse(),
  });
  expect(sorted(reversed.items)).toBe(true);
  expect(reversed.items).toEqual(result.items);
});

test("issue 18 item 4: an overdue or dated item never follows a repeat-fault or R&D item", () => {
  const at = "2026-11-23T18:00:00+08:00";
  const items: DueItem[] = [
    { kind: "rd-order", ref: "RD-20261101-aaaaa", who: [], params: {}, overdue: false },
    { kind: "confirm", ref: "L-20261101-bbbbb", who: [], params: {}, overdue: false },
    { kind: "weekly", ref: "W-20261128-x", who: [], params: {}, overdue: false, deadline: at },
    { kind: "repeat-fault", ref: "N-20261101-ccccc", who: [], params: {}, overdue: false },
    { kind: "overdue-service", ref: "L-20261102-ddddd", who: [], params: {}, overdue: true, deadline: at },
  ];
  expect(items.sort(compareDue).map((i) => i.kind)).toEqual([
    "overdue-service",
    "weekly",
    "confirm",
    "repeat-fault",
    "rd-order",
  ]);
});
