// Issue 14, item 5: finding — `svc list` filters (--customer, --engineer name part, --month, --priority,
// --overdue, --grep, --limit), a stable sort, and state names the same in every output, filter and JSON.
import { describe, expect, it } from "vitest";
import { applyFilters, checkFilters, customersNamed, personNamed } from "../src/commands/list-filter.ts";
import { SUP, sampleRepo, svcIn } from "./helpers.ts";

const NOW = { SVC_NOW: "2026-12-01T10:00:00+08:00" };
const ids = (stdout: string) => (JSON.parse(stdout) as { id: string }[]).map((r) => r.id);

describe("issue 14: svc list filters", () => {
  const dir = sampleRepo();
  const list = (...args: string[]) => svcIn(dir, ["list", ...args, "--json"], SUP, NOW);

  it("--status takes the state machine's names (svc sign --json says 已生效), the short ones too", async () => {
    const signed = await list("notices", "--status", "已生效");
    expect(signed.code).toBe(0);
    const rows = JSON.parse(signed.stdout) as { status: string }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.status === "已生效")).toBe(true);
    expect((await list("notices", "--status", "已签")).stdout).toBe(signed.stdout);
    const all = JSON.parse((await list("notices")).stdout) as { status: string }[];
    expect(new Set(all.map((r) => r.status))).not.toContain("待签");
    expect((await svcIn(dir, ["list", "notices", "--status", "签了"], SUP, NOW)).code).toBe(2);
  });

  it("--customer (part of the name), --engineer (part of a name), --month, --priority, --grep, --limit", async () => {
    const all = JSON.parse((await list("letters")).stdout) as {
      id: string;
      customerName: string;
      engineerName: string;
      assigned: string;
      priority?: string;
    }[];
    const su = JSON.parse((await list("letters", "--customer", "苏州")).stdout) as typeof all;
    expect(su.length).toBeGreaterThan(0);
    expect(su).toEqual(all.filter((r) => r.customerName.includes("苏州")));
    const huang = JSON.parse((await list("letters", "--engineer", "黄")).stdout) as typeof all;
    expect(huang.length).toBeGreaterThan(0);
    expect(huang.every((r) => r.engineerName === "黄勇")).toBe(true);
    const oct = ids((await list("letters", "--month", "2026-10")).stdout);
    expect(oct.length).toBeGreaterThan(0);
    expect(oct.every((id) => id.startsWith("L-202610"))).toBe(true);
    const urgent = JSON.parse((await list("letters", "--priority", "紧急")).stdout) as typeof all;
    expect(urgent.length).toBeGreaterThan(0);
    expect(urgent.every((r) => r.priority === "紧急")).toBe(true);
    // stable: date, then id; --limit keeps the newest, in that order
    expect(ids((await list("letters", "--limit", "3")).stdout)).toEqual(all.slice(-3).map((r) => r.id));
    const sorted = [...all].sort((a, b) => a.assigned.localeCompare(b.assigned) || a.id.localeCompare(b.id));
    expect(all.map((r) => r.id)).toEqual(sorted.map((r) => r.id));
    const grep = ids((await list("notices", "--grep", "PLC")).stdout);
    expect(grep.length).toBeGreaterThan(0);
    expect(ids((await list("notices", "--grep", "plc")).stdout)).toEqual(grep);
    expect((await svcIn(dir, ["list", "letters", "--month", "2026-13"], SUP, NOW)).code).toBe(2);
    expect((await svcIn(dir, ["list", "letters", "--limit", "0"], SUP, NOW)).code).toBe(2);
  });

  it("--overdue lists the records svc due calls overdue", async () => {
    const due = JSON.parse((await svcIn(dir, ["due", "--json"], SUP, NOW)).stdout) as {
      items: { ref: string; overdue: boolean }[];
    };
    const late = new Set(due.items.filter((i) => i.overdue).map((i) => i.ref));
    const letters = ids((await list("letters", "--overdue")).stdout);
    expect(letters.length).toBeGreaterThan(0);
    expect(letters.every((id) => late.has(id))).toBe(true);
    expect(letters).toEqual([...late].filter((r) => r.startsWith("L-")).sort());
  });

  it("the filters as functions: checked before reading, names matched in part", () => {
    expect(() => checkFilters({ month: "11/2026" })).toThrow(/YYYY-MM/);
    expect(() => checkFilters({ priority: "urgent" })).toThrow(/紧急|priority/);
    const people = [
      { id: "zhangsan", name: "张三" },
      { id: "zhangwei", name: "张伟" },
    ] as never[];
    expect(personNamed(people, "伟")).toMatchObject({ id: "zhangwei" });
    expect(() => personNamed(people, "张")).toThrow(/张三.*张伟/);
    const customers = [
      { id: "c1", name: "苏州精工机械" },
      { id: "c2", name: "无锡精工" },
    ] as never[];
    expect([...customersNamed(customers, "精工")]).toEqual(["c1", "c2"]);
    const rows = [1, 2, 3, 4].map((n) => ({ id: `r${n}`, text: n % 2 ? "odd" : "even" }));
    expect(applyFilters(rows, (r) => r, { grep: "ODD" }, { limit: 1 }).map((r) => r.id)).toEqual(["r3"]);
  });
});
