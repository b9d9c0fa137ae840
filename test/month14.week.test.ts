// Issue 13, "the week": `svc due` said a report covers "11-23 至 11-28" while the document said another
// range. One definition of an engineer's week (weekRange in src/core/time.ts: Monday–Sunday, named by
// its Saturday), used by `svc due` and by the document; both are tested here for the same week.

import { strFromU8, unzipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { dueText } from "../src/commands/due-text.ts";
import { setEnglish } from "../src/core/i18n.ts";
import { saturdayOf, weekRange } from "../src/core/time.ts";
import { makeCalendar } from "../src/domain/calendar.ts";
import { computeDue } from "../src/domain/due.ts";
import { engineerWeek, type ReportData } from "../src/domain/figures.ts";
import { packDeterministic } from "../src/render/docx/kit.ts";
import { engineerWeeklyDoc } from "../src/render/weekly-docx.ts";
import { applyDefaults } from "../src/schemas/defaults.ts";
import type { Person } from "../src/schemas/index.ts";

beforeAll(() => setEnglish(false));

const config = applyDefaults({ department: "技术服务部", since: "2026-11-01" } as never);
const person = (id: string, name: string, roles: Person["roles"]): Person => ({
  kind: "person",
  id,
  name,
  roles,
  email: `${id}@example.com`,
});
const people = [person("wangzhu", "王主管", ["supervisor"]), person("zhangsan", "张三", ["engineer"])];

function dueWeekText(now: string): Map<string, string> {
  const r = computeDue({
    now,
    config,
    cal: makeCalendar({ holidays: [], workdays: [], years: [] }),
    people,
    notices: [],
    letters: [],
    weeklies: [],
    departmentWeeklies: [],
    monthlies: [],
    assessments: [],
    incidents: [],
  });
  return new Map(
    r.items
      .filter((i) => i.kind === "weekly" || i.kind === "department-weekly")
      .map((i) => [i.ref, /(\d{4}-\d\d-\d\d 至 \d{4}-\d\d-\d\d)/.exec(dueText(i))?.[1] ?? dueText(i)]),
  );
}

async function documentWeekText(saturday: string): Promise<string> {
  const data: ReportData = {
    config,
    people,
    letters: [],
    notices: [],
    customers: [],
    weeklies: [],
    departmentWeeklies: [],
    incidents: [],
  };
  const doc = engineerWeeklyDoc(engineerWeek(data, "zhangsan", saturday), {
    department: "技术服务部",
    tz: config.timezone,
  });
  const xml = strFromU8(unzipSync(await packDeterministic(doc))["word/document.xml"]).replace(/<[^>]+>/g, "");
  return /(\d{4}-\d\d-\d\d 至 \d{4}-\d\d-\d\d)/.exec(xml)?.[1] ?? "";
}

describe("issue 13, the week: svc due and the weekly document name the same week", () => {
  it("weekRange: Monday–Sunday named by its Saturday; a Sunday belongs to the week before it", () => {
    expect(weekRange("2026-11-28")).toEqual({ saturday: "2026-11-28", from: "2026-11-23", to: "2026-11-29" });
    expect(saturdayOf("2026-11-23")).toBe("2026-11-28"); // Monday
    expect(saturdayOf("2026-11-29")).toBe("2026-11-28"); // Sunday: still the week of 11-23
    expect(saturdayOf("2026-11-30")).toBe("2026-12-05");
  });

  it("on Saturday 11-28 after the deadline: due's range for W-20261128 is the document's", async () => {
    const due = dueWeekText("2026-11-28T19:00:00+08:00");
    expect(due.get("W-20261128-zhangsan")).toBe("2026-11-23 至 2026-11-29");
    expect(due.get("DW-20261128")).toBe("2026-11-23 至 2026-11-29");
    expect(await documentWeekText("2026-11-28")).toBe(due.get("W-20261128-zhangsan"));
  });

  it("on Sunday 11-22 (Sunday's work is the week's): due names 11-16 至 11-22, as the document does", async () => {
    const due = dueWeekText("2026-11-22T10:00:00+08:00");
    expect(due.get("W-20261121-zhangsan")).toBe("2026-11-16 至 2026-11-22");
    expect(await documentWeekText(saturdayOf("2026-11-22"))).toBe("2026-11-16 至 2026-11-22");
    // last week's missing report, overdue: its own range, not this week's
    expect(due.get("W-20261114-zhangsan")).toBe("2026-11-09 至 2026-11-15");
  });
});
