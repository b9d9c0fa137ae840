// Issue 14, item 7: reading — `svc show L` times as 11-05 18:00 (full ISO in --json), every step in the
// history (the solution too), delay reasons with their meaning, English labels in English; `svc people
// list` role names in the user's language; `svc show CUSTOMER` the customer's service history.
import { describe, expect, it } from "vitest";
import { englishLabel } from "../src/commands/show.ts";
import { shortTime } from "../src/render/format.ts";
import { SUP, sampleRepo, svcIn } from "./helpers.ts";

const NOW = { SVC_NOW: "2026-12-01T10:00:00+08:00" };
const EN = { ...NOW, LANG: "en_US.UTF-8" };

describe("issue 14: reading a record", () => {
  const dir = sampleRepo();

  it("svc show L: short times, the solution step, delay reason with its meaning; ISO in --json", async () => {
    const r = await svcIn(dir, ["show", "pj3rq"], SUP, NOW);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    expect(r.stdout).toMatch(/11-05 16:47\s+王志强\s+派工/);
    expect(r.stdout).toMatch(/王志强\s+解决方案/);
    expect(r.stdout).toContain("C（客户原因） → 11-29 18:00");
    const j = JSON.parse((await svcIn(dir, ["show", "pj3rq", "--json"], SUP, NOW)).stdout);
    expect(j.history.map((h: { at: string }) => h.at)).toContain("2026-11-05T16:47:00+08:00");
    expect(j.history.some((h: { what: string }) => h.what.startsWith("解决方案"))).toBe(true);
  });

  it("English mode: readable labels and values, no raw keys", async () => {
    const r = await svcIn(dir, ["show", "pj3rq"], SUP, EN);
    expect(r.stdout).not.toContain("site.matches");
    expect(r.stdout).toMatch(/site › matches\s+yes/);
    expect(r.stdout).toContain("C (the customer's reasons)");
    expect(englishLabel("preparation.tools[0]")).toBe("preparation › tools 1");
    expect(englishLabel("travel.departedAt")).toBe("travel › departed at");
  });

  it("times at a glance, with the year only when it is not this one", () => {
    const now = new Date("2026-12-01T02:00:00Z");
    expect(shortTime("2026-11-05T18:00:00+08:00", "Asia/Shanghai", now)).toBe("11-05 18:00");
    expect(shortTime("2025-11-05T18:00:00+08:00", "Asia/Shanghai", now)).toBe("2025-11-05 18:00");
  });

  it("svc people list: role names in the user's language", async () => {
    const zh = (await svcIn(dir, ["people", "list"], SUP, NOW)).stdout;
    expect(zh).toContain("服务人员");
    expect(zh).not.toMatch(/\bengineer\b|\bgm\b/);
    expect((await svcIn(dir, ["people", "list"], SUP, EN)).stdout).toMatch(/\bengineer\b/);
  });

  it("svc show CUSTOMER: every notice and letter of the customer, and the last service", async () => {
    const letter = JSON.parse((await svcIn(dir, ["show", "pj3rq", "--json"], SUP, NOW)).stdout);
    const notice = JSON.parse((await svcIn(dir, ["show", letter.record.notice, "--json"], SUP, NOW)).stdout);
    const customer = notice.record.customer as string;
    const r = JSON.parse((await svcIn(dir, ["show", customer, "--json"], SUP, NOW)).stdout);
    // The customer's file (issue 16, src/domain/equipment.ts customerFile) lists them.
    const services = r.file.services as { notice?: string; letter?: string }[];
    expect(services.map((l) => l.letter)).toContain(letter.id);
    expect(services.map((l) => l.notice)).toContain(notice.id);
    const text = (await svcIn(dir, ["show", customer], SUP, NOW)).stdout;
    expect(text).toContain("客户服务档案");
    expect(text).toContain(letter.id);
  });
});
