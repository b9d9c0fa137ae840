// Issues 15/16 in the synthetic department (bench/generate.mjs): a small department has every kind of
// the new content — priorities with first contact and arrival, 回访 surveys by customer service (some
// unreachable, disagreeing, not signed personally), customer complaints of both grades (one an
// incident, linked both ways), two communication complaints of one engineer in one month, equipment
// for most customers named by notices, parts and software on letters, remote jobs, R&D orders with
// their reason-D delays — valid for svc check; and the bench's rows for them run (`only`).
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import jsyaml from "js-yaml";
import { afterAll, beforeAll, expect, test } from "vitest";
// @ts-expect-error — plain ESM JavaScript without types
import { generate } from "../bench/generate.mjs";
// @ts-expect-error — plain ESM JavaScript without types
import { runBench } from "../bench/run.mjs";
import { cleanup, svcIn, tempDir } from "./helpers.ts";

let dir: string;
let gen: { end: string; records: number };
beforeAll(async () => {
  dir = join(tempDir("svc-bench-quality-"), "repo");
  // 1,000 records (seed 3) hold every kind below with the same counts of the rarest as the 2,000
  // (seed 5) this once generated — one open R&D order, two complaints linked to incidents, two
  // communication complaints of one engineer in a month — at half the generation and check.
  gen = await generate(dir, { records: 1000, people: 14, months: 12, seed: 3, history: "actions" });
  writeFileSync(join(dir, ".git", "svc-bench.json"), JSON.stringify(gen)); // what bench/run.mjs reuses
});
afterAll(() => cleanup(dir));

type R = any;
function all(folder: string): R[] {
  let files: string[];
  try {
    files = readdirSync(join(dir, folder), { recursive: true }) as string[];
  } catch {
    return [];
  }
  return files
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => jsyaml.load(readFileSync(join(dir, folder, f), "utf8"), { schema: jsyaml.CORE_SCHEMA }));
}

test("issues 15/16 in the bench: the synthetic department has the service-quality and customer-file content, and svc check passes", async () => {
  expect(gen.records).toBe(1000);
  const letters = all("letters");
  const notices = all("notices");
  const people = all("people");
  expect(new Set(notices.map((n) => n.priority))).toEqual(new Set(["一般", "重要", "紧急"]));
  expect(letters.filter((l) => l.ack).length).toBeGreaterThan(letters.length / 4);
  expect(letters.filter((l) => l.arrival).length).toBeGreaterThan(letters.length / 2);
  // 回访 by customer service, never the letter's engineer
  const cs = new Set(people.filter((p) => p.roles.includes("customer-service")).map((p) => p.id));
  const surveyed = letters.filter((l) => l.survey);
  expect(surveyed.length).toBeGreaterThan(letters.filter((l) => l.confirmation).length * 0.9);
  expect(surveyed.every((l) => cs.has(l.survey.by) && l.survey.by !== l.engineer)).toBe(true);
  expect(surveyed.some((l) => !l.survey.reached && l.survey.attempts.length === 3)).toBe(true);
  expect(surveyed.some((l) => l.survey.signedPersonally === false && l.survey.decision)).toBe(true);
  expect(surveyed.some((l) => l.survey.ratings?.speed === "差" && l.survey.explained === false)).toBe(true);
  expect(letters.filter((l) => l.archive).every((l) => l.survey)).toBe(true);
  // customer complaints of both grades; one became an incident, linked both ways
  const complaints = all("customer-complaints");
  expect(new Set(complaints.map((k) => k.grade))).toEqual(new Set(["一般", "重大"]));
  const incidents = new Map(all("incidents").map((i) => [i.id, i]));
  const linked = complaints.filter((k) => k.incident);
  expect(linked.length).toBeGreaterThan(0);
  for (const k of linked) expect(incidents.get(k.incident)?.customerComplaint).toBe(k.id);
  // two communication complaints of one engineer in one month
  const perMonth = new Map<string, number>();
  for (const c of all("complaints")) {
    const key = `${c.person}|${c.date.slice(0, 7)}`;
    perMonth.set(key, (perMonth.get(key) ?? 0) + 1);
  }
  expect(Math.max(...perMonth.values())).toBeGreaterThanOrEqual(2);
  // equipment for most customers, named by notices; parts and software on letters; remote jobs
  const units = all("equipment");
  const customers = all("customers");
  expect(new Set(units.map((e) => e.customer)).size).toBeGreaterThan(customers.length / 2);
  expect(notices.filter((n) => n.equipmentId).length).toBeGreaterThan(notices.length / 3);
  const entries = letters.flatMap((l) => l.log);
  expect(entries.some((e) => e.software)).toBe(true);
  expect(entries.some((e) => e.parts?.length)).toBe(true);
  const remote = letters.filter((l) => l.remote);
  expect(remote.length).toBeGreaterThan(0);
  expect(remote.every((l) => !l.travel)).toBe(true);
  // R&D orders, each waited for by a reason-D delay naming it; open ones at "now"
  const orders = all("rd-orders");
  expect(orders.length).toBeGreaterThan(3);
  const byOrder = new Map<string, R>(
    letters.flatMap((l) => (l.delays ?? []).filter((d: R) => d.rd).map((d: R) => [d.rd, d])),
  );
  for (const o of orders) expect(byOrder.get(o.id)?.reason, o.id).toBe("D");
  // closed ones and open ones at "now" (at 50k: rejected ones too, and one 待受理, 已受理, 已修复 each)
  expect(orders.some((o) => !o.accepted && !o.rejected)).toBe(true);
  expect(orders.some((o) => o.confirmed)).toBe(true);
  // valid: 0 errors, 0 warnings
  const r = await svcIn(dir, ["check", "--json"], undefined, { SVC_NOW: gen.end });
  expect(JSON.parse(r.stdout).findings).toEqual([]);
  expect(r.code).toBe(0);
});

test("issues 15/16 in the bench: the rows for the unit and the customer's file run on it (--only)", async () => {
  const result = await runBench({
    dir,
    runs: 1,
    log: () => {},
    only: ["svc open --equipment", "svc show c0001", "svc show EQ-"],
  });
  const figures = result.rows.map((r: { figure: string }) => r.figure);
  expect(figures).toHaveLength(3);
  expect(figures.some((f: string) => /^svc open --equipment EQ-\d{8}-\w{5} /.test(f))).toBe(true);
  for (const r of result.rows as { figure: string; note?: string; svc?: number }[]) {
    expect(r.note, r.figure).toBeUndefined();
    expect(r.svc, r.figure).toBeGreaterThan(0);
  }
});
