// Issue 17 (wave 4, t-dashpages item 2): the month the dashboard shows by default. On the 1st the
// running month has no working day behind it and every figure would be "—": the site shows the month
// just ended (the month `svc monthly` and `svc assess` default to), says which month it shows, and
// links the other months, each with a page of its figures.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeCalendar } from "../src/domain/calendar.ts";
import { defaultMonth, pageMonths } from "../src/render/dashboard/months.ts";
import { warmSample } from "./dashboard.site-kit.ts";
import { cleanup, SUP, svcIn, tempDir } from "./helpers.ts";

/** The figures a page shows, by their `svc monthly --json` names. */
function figures(html: string): Record<string, string> {
  return Object.fromEntries(
    [...html.matchAll(/<data data-figure="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]),
  );
}

describe("issue 17: the dashboard's default month", () => {
  const cal = makeCalendar(undefined);

  it("issue 17: on a month's first working day the default is the month just ended; the day after, the running month", () => {
    expect(defaultMonth("2026-12-01", cal)).toBe("2026-11"); // a Tuesday: its first working day
    expect(defaultMonth("2026-12-02", cal)).toBe("2026-12");
    expect(defaultMonth("2026-11-01", cal)).toBe("2026-10"); // a Sunday, before the first working day
    expect(defaultMonth("2026-11-02", cal)).toBe("2026-10"); // Monday, the first working day, not over
    expect(defaultMonth("2026-11-03", cal)).toBe("2026-11");
    // the National Day holiday opens October: September until its first working day is over
    const first = cal.nthWorkdayOfMonth("2026-10", 1);
    expect(first > "2026-10-07").toBe(true);
    expect(defaultMonth("2026-10-05", cal)).toBe("2026-09");
    expect(defaultMonth(first, cal)).toBe("2026-09");
    // no month before the records begin
    expect(defaultMonth("2026-10-01", cal, "2026-10-01")).toBe("2026-10");
  });

  it("issue 17: the months with a page: the trend's from the records' first month, and the running month", () => {
    expect(pageMonths("2026-11", "2026-12", "2026-10", 12)).toEqual(["2026-10", "2026-11", "2026-12"]);
    expect(pageMonths("2026-12", "2026-12", "2026-10", 12)).toEqual(["2026-10", "2026-11", "2026-12"]);
    expect(pageMonths("2026-03", "2026-03", "2025-01", 3)).toEqual(["2026-01", "2026-02", "2026-03"]);
    expect(pageMonths("2026-03", "2026-03", undefined, 3)).toEqual(["2026-03"]); // no records yet
    expect(pageMonths("2026-10", "2026-12", "2026-10", 12)).toEqual(["2026-10", "2026-11", "2026-12"]);
  });
});

describe("issue 17: the site on the 1st of December and on the 2nd", () => {
  let repo: string;
  beforeAll(async () => {
    repo = await warmSample();
  });
  afterAll(() => cleanup(repo));

  async function site(now: string, ...flags: string[]) {
    const out = join(tempDir(), "site");
    const r = await svcIn(repo, ["dashboard", "--out", out, ...flags], SUP, { SVC_NOW: now });
    expect(r.code, r.stderr).toBe(0);
    return out;
  }
  async function monthly(month: string) {
    const r = await svcIn(repo, ["monthly", "--month", month, "--json"], SUP, {
      SVC_NOW: "2026-12-01T09:00:00+08:00",
    });
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout).figures as Record<string, unknown>;
  }
  const at = (f: unknown, path: string) =>
    path.split(".").reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], f);

  it("issue 17: on 2026-12-01 the department page shows November (svc monthly's default), says so, and links October and December", async () => {
    const out = await site("2026-12-01T09:00:00+08:00");
    const index = readFileSync(join(out, "index.html"), "utf8");
    expect(index).toContain("<h2>2026-11 月度统计");
    expect(index).toMatch(/data-testid="month-state">上月，已结束</);
    // the figures are November's, as `svc monthly` (no --month: last month) gives them
    const nov = await monthly("2026-11");
    const shown = figures(index);
    expect(Number(shown["onTime.completed"])).toBe(at(nov, "onTime.completed"));
    expect(Number(shown["onTime.completed"])).toBeGreaterThan(0);
    expect(shown["documents.letters.rate"]).toBe(String(at(nov, "documents.letters.rate")));
    // the other months, linked: each a page of its own figures, linking back
    expect(index).toMatch(
      /<a href="months\/2026-10\.html" data-testid="month-link" data-month="2026-10">2026-10<\/a>/,
    );
    expect(index).toMatch(/<a href="months\/2026-12\.html"[^>]*>2026-12（本月）<\/a>/);
    expect(existsSync(join(out, "months", "2026-09.html"))).toBe(false); // before the records begin
    const octPage = readFileSync(join(out, "months", "2026-10.html"), "utf8");
    const oct = await monthly("2026-10");
    expect(Number(figures(octPage)["onTime.completed"])).toBe(at(oct, "onTime.completed"));
    expect(Number(figures(octPage)["onTime.completed"])).toBeGreaterThan(0);
    expect(octPage).toMatch(/data-testid="month-state">已结束</);
    expect(octPage).toMatch(
      /<a href="\.\.\/index\.html" data-testid="month-link" data-month="2026-11">2026-11<\/a>/,
    );
    const decPage = readFileSync(join(out, "months", "2026-12.html"), "utf8");
    expect(decPage).toMatch(/data-testid="month-state">本月，进行中（截至 2026-12-01 09:00）</);
  });

  it("issue 17: an ended month's page from the cached figures is the page computed afresh", async () => {
    const first = await site("2026-12-01T09:00:00+08:00");
    const cached = await site("2026-12-01T09:00:00+08:00"); // a new folder: the page made from the cache
    const out = join(tempDir(), "site");
    const fresh = await svcIn(repo, ["dashboard", "--out", out], SUP, {
      SVC_NOW: "2026-12-01T09:00:00+08:00",
      SVC_CACHE: "0",
    });
    expect(fresh.code, fresh.stderr).toBe(0);
    const page = (dir: string) => readFileSync(join(dir, "months", "2026-10.html"), "utf8");
    expect(page(cached)).toBe(page(first));
    expect(page(out)).toBe(page(first));
  });

  it("issue 17: on 2026-12-02 it shows December, the running month, and links November", async () => {
    const out = await site("2026-12-02T09:00:00+08:00");
    const index = readFileSync(join(out, "index.html"), "utf8");
    expect(index).toContain("<h2>2026-12 月度统计");
    expect(index).toMatch(/data-testid="month-state">本月，进行中（截至 2026-12-02 09:00）</);
    expect(index).toMatch(/<a href="months\/2026-11\.html"[^>]*>2026-11<\/a>/);
    expect(existsSync(join(out, "months", "2026-12.html"))).toBe(false); // it is the department page
  });

  it("issue 17: --month still chooses; in English the month says what it is", async () => {
    const out = await site("2026-12-01T09:00:00+08:00", "--month", "2026-10", "--lang", "en");
    const index = readFileSync(join(out, "index.html"), "utf8");
    expect(index).toContain("<h2>The month 2026-10");
    expect(index).toMatch(/data-testid="month-state">ended</);
    expect(index).toMatch(/<a href="months\/2026-12\.html"[^>]*>2026-12 \(this month\)<\/a>/);
  });
});
