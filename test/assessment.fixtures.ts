// Plain-object records for the assessment and pay unit tests (no git, no disk but the template).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { type AssessInput, assessMonth } from "../src/domain/assessment.ts";
import { makeCalendar } from "../src/domain/calendar.ts";
import type {
  Assessment,
  Config,
  DepartmentWeekly,
  Exam,
  Grade,
  Incident,
  Letter,
  Monthly,
  Person,
  Weekly,
} from "../src/schemas/index.ts";
import { ROOT } from "./helpers.ts";

export function config(): Config {
  const c = parse(readFileSync(join(ROOT, "templates", "svc.yaml"), "utf8")) as Config;
  c.pay.travel = { dailyRate: 100, specialRate: 150, specialRegions: ["西藏"] };
  c.pay.phone = 50;
  c.pay.bonus.pools = { 华东: 3000, 华南: 2000 };
  return c;
}

export const stamp = (by: string, at: string) => ({ by, at });

export function person(id: string, o: Partial<Person> = {}): Person {
  return {
    kind: "person",
    id,
    name: id,
    roles: ["engineer"],
    email: `${id}@example.com`,
    region: "华东",
    hired: "2025-01-01",
    tier: "三等",
    ...o,
  };
}

/** A completed letter: completion at `at` (ISO +08:00), ratings as "优良中" style string of three. */
export function letter(
  id: string,
  engineer: string,
  at: string,
  ratings: string | null = "优优优",
  o: Partial<Letter> & { unsigned?: boolean; forged?: boolean } = {},
): Letter {
  const { unsigned = false, forged = false, ...rest } = o;
  const g = ratings ? ([...ratings] as Grade[]) : null;
  return {
    kind: "letter",
    id,
    engineer,
    status: "完工",
    assigned: stamp("wangzhu", "2026-09-01T09:00:00+08:00"),
    preparation: { tools: ["U盘", "螺丝刀", "笔记本电脑"] },
    estimate: "2099-01-01T18:00:00+08:00",
    log: [],
    completion: {
      at,
      by: engineer,
      ...(g ? { ratings: { attitude: g[0], skill: g[1], result: g[2] } } : {}),
      ...(unsigned ? {} : { signature: { signedBy: "刘工" } }),
      unsigned,
      ...(forged ? { forged: stamp("wangzhu", at) } : {}),
    },
    ...rest,
  } as Letter;
}

export function weekly(engineer: string, saturday: string, submitted: string): Weekly {
  return {
    kind: "weekly",
    id: `W-${saturday.replaceAll("-", "")}-${engineer}`,
    engineer,
    week: saturday,
    summary: "本周工作",
    submitted,
    by: engineer,
  };
}

/** Weekly reports submitted on Friday 17:00 for every Saturday of the given months. */
export function onTimeWeeklies(engineer: string, ...months: string[]): Weekly[] {
  const out: Weekly[] = [];
  for (const m of months) {
    for (
      let d = new Date(`${m}-01T00:00:00Z`);
      d.toISOString().startsWith(m);
      d.setUTCDate(d.getUTCDate() + 1)
    ) {
      if (d.getUTCDay() !== 6) continue;
      const sat = d.toISOString().slice(0, 10);
      const fri = new Date(d.getTime() - 86400000).toISOString().slice(0, 10);
      out.push(weekly(engineer, sat, `${fri}T17:00:00+08:00`));
    }
  }
  return out;
}

export function deptWeekly(saturday: string, submitted: string): DepartmentWeekly {
  return {
    kind: "department-weekly",
    id: `DW-${saturday.replaceAll("-", "")}`,
    week: saturday,
    summary: "部门周报",
    submitted,
    by: "wangzhu",
  };
}

export function incident(
  id: string,
  engineer: string,
  cls: "I" | "II",
  date: string,
  o: Partial<Incident> = {},
): Incident {
  return {
    kind: "incident",
    id,
    class: cls,
    engineer,
    date,
    cause: "操作不当",
    opened: stamp("wangzhu", `${date}T10:00:00+08:00`),
    ...o,
  };
}

export function exam(id: string, date: string, results: [string, boolean][]): Exam {
  return {
    kind: "exam",
    id,
    date,
    title: "产品培训",
    results: results.map(([p, passed]) => ({ person: p, passed })),
    recorded: stamp("wangzhu", `${date}T17:00:00+08:00`),
  };
}

export function monthly(month: string, submitted: string): Monthly {
  return { kind: "monthly", id: `M-${month.replace("-", "")}`, month, submitted, by: "wangzhu" };
}

export function assessmentRec(month: string, drafted: string, people: Assessment["people"] = []): Assessment {
  return {
    kind: "assessment",
    id: `A-${month.replace("-", "")}`,
    month,
    people,
    drafted: stamp("wangzhu", drafted),
  };
}

export const SUPERVISOR = person("wangzhu", { roles: ["supervisor"], hired: "2020-01-01" });

/** Run the assessment with empty defaults. */
export function assess(month: string, o: Partial<AssessInput>): ReturnType<typeof assessMonth> {
  return assessMonth({
    month,
    config: config(),
    calendar: makeCalendar({ holidays: [], workdays: [], years: [] }),
    people: [],
    letters: [],
    weeklies: [],
    departmentWeeklies: [],
    monthlies: [],
    incidents: [],
    exams: [],
    assessments: [],
    ...o,
  });
}

/** The sheet of one person. */
export function sheetOf(r: ReturnType<typeof assessMonth>, id: string) {
  const s = r.people.find((p) => p.person === id);
  if (!s) throw new Error(`no sheet for ${id}`);
  return s;
}

/** The rule codes of a sheet's lines with their amounts, e.g. ["fairRun -50"]. */
export function rules(r: ReturnType<typeof assessMonth>, id: string): string[] {
  return sheetOf(r, id).lines.map((l) => `${l.rule} ${l.amount}`);
}
