// Issue 18: `svc due` at department scale. The repeat-fault (D21) and R&D (D22) items are computed by
// computeDue in the domain (they were added by the command before); `svc due` reads the notices,
// letters and weekly reports through the store's cached projections of what computeDue reads. Its
// items must be exactly what whole records give — on the sample, and after a record is edited by hand.
import { existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { dateLocal, isoLocal } from "../src/core/time.ts";
import { makeCalendar } from "../src/domain/calendar.ts";
import { compareDue, computeDue, type DueInput, dueLetter, dueNotice, dueWeekly } from "../src/domain/due.ts";
import { repeatDueItems } from "../src/domain/equipment.ts";
import { rdDueItems } from "../src/domain/rd.ts";
import { Store } from "../src/store/store.ts";
import { cleanup, sampleRepo, svcIn } from "./helpers.ts";

const NOW = "2026-11-23T10:00:00+08:00";
const ENV = { SVC_NOW: NOW, SVC_CACHE: "0" };

/** computeDue's input from whole records, as `svc due` gave it before issue 18. */
async function wholeInput(dir: string): Promise<{ input: DueInput; store: Store }> {
  const store = await Store.open({ cwd: dir, env: ENV });
  const letters = store.list("letter");
  return {
    store,
    input: {
      now: isoLocal(store.now(), store.tz),
      config: store.config,
      cal: makeCalendar(store.config.calendar),
      people: store.people(),
      notices: store.list("notice"),
      letters: letters.filter((l) => !l.cancelled),
      weeklies: store.list("weekly"),
      departmentWeeklies: store.list("department-weekly"),
      monthlies: store.list("monthly"),
      assessments: store.list("assessment"),
      incidents: store.list("incident"),
      customerComplaints: store.list("customer-complaint"),
    },
  };
}

/** The old command layer: computeDue, then the repeat faults and the R&D orders — sorted in since issue 18 item 4. */
function oldDue(input: DueInput, store: Store) {
  const result = computeDue(input);
  const active = (role: string) =>
    store
      .people()
      .filter((p) => p.active !== false && p.roles.includes(role as never))
      .map((p) => p.id);
  result.items.push(
    ...repeatDueItems(
      store.list("notice"),
      store.list("letter"),
      store.list("equipment"),
      store.config.equipment.repeatFaultDays,
      active("supervisor"),
    ),
  );
  result.items.push(...rdDueItems(store.list("rd"), active("rd"), dateLocal(store.now(), store.tz)));
  result.items.sort(compareDue);
  return result;
}

describe("issue 18: svc due from the domain and from projections, the same items", () => {
  const dir = sampleRepo();
  afterAll(() => cleanup(dir));

  it("issue 18: computeDue gives the repeat-fault and R&D items the command used to append (sorted in, item 4)", async () => {
    const { input, store } = await wholeInput(dir);
    const moved = computeDue({
      ...input,
      allLetters: store.list("letter"),
      equipment: store.list("equipment"),
      rdOrders: store.list("rd"),
    });
    const before = oldDue(input, store);
    expect(moved).toEqual(before);
    expect(moved.items.some((i) => i.kind === "repeat-fault")).toBe(true);
    expect(moved.items.some((i) => i.kind === "rd-order")).toBe(true);
    // not given: none of them (a caller without an equipment register or R&D orders)
    expect(computeDue(input).items.some((i) => i.kind === "repeat-fault" || i.kind === "rd-order")).toBe(
      false,
    );
  });

  it("issue 18: the projections computeDue reads give the items whole records give", async () => {
    const { input, store } = await wholeInput(dir);
    const all = store.list("letter");
    const whole = computeDue({
      ...input,
      allLetters: all,
      equipment: store.list("equipment"),
      rdOrders: store.list("rd"),
    });
    const slim = computeDue({
      ...input,
      notices: store.list("notice").map(dueNotice),
      letters: all.map(dueLetter).filter((l) => !l.cancelled),
      allLetters: all.map(dueLetter),
      weeklies: store.list("weekly").map(dueWeekly),
      equipment: store.list("equipment"),
      rdOrders: store.list("rd"),
    });
    expect(slim).toEqual(whole);
    // a projection keeps no service log but the check-ins, and no free text
    const logged = all.find((l) => l.log.some((e) => e.type !== "汇报"));
    expect(logged && dueLetter(logged).log.every((e) => e.type === "汇报")).toBe(true);
  });

  it("issue 18: svc due --json is what whole records give, warm or cold, and sees a record edited by hand between two runs", async () => {
    const items = async (env: NodeJS.ProcessEnv) => {
      const r = await svcIn(dir, ["due", "--json"], undefined, env);
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout);
    };
    const reference = async () => {
      const { input, store } = await wholeInput(dir);
      return { ...oldDue(input, store), person: null };
    };
    const strip = (r: { overdue?: number }) => {
      const { overdue: _, ...rest } = r;
      return rest;
    };
    // Files an hour old, so the caches keep them (a file modified in the last 2 s is never cached).
    const hourAgo = new Date(Date.now() - 3600_000);
    const age = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true }))
        if (e.isDirectory() && e.name !== ".git") age(join(d, e.name));
        else if (e.isFile()) utimesSync(join(d, e.name), hourAgo, hourAgo);
    };
    age(dir);
    const warm = { SVC_NOW: NOW };
    await items(warm); // fills the caches
    expect(existsSync(join(dir, ".git", "svc", "cache", "ix-letter-due.json"))).toBe(true);
    expect(strip(await items(warm))).toEqual(await reference());
    // a notice's priority and a letter's step, edited by hand (not committed): seen at once
    const notice = join(dir, "notices", "2026", "N-20261121-weyf7.yaml");
    writeFileSync(notice, readFileSync(notice, "utf8").replace(/^priority: 紧急$/m, "priority: 一般"));
    // same size, and its time put back (touch -r): only the change time, which nobody sets, tells
    utimesSync(notice, hourAgo, hourAgo);
    expect(Math.round(statSync(notice).mtimeMs)).toBe(hourAgo.getTime());
    const weekly = join(dir, "weekly", "2026", "W-20261121-liuyang.yaml");
    writeFileSync(weekly, readFileSync(weekly, "utf8").replace(/^engineer: liuyang$/m, "engineer: linfeng"));
    const edited = await items(warm);
    expect(strip(edited)).toEqual(await reference());
    expect(edited).toEqual(await items(ENV));
    expect(JSON.stringify(edited)).toContain("W-20261121-liuyang");
  });
});
