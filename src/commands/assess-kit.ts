// Shared by `svc assess`, `svc payroll` and `svc tier` (loaded with import() inside their actions):
// loading the records the assessment needs, computing a month, the signed+amended assessment of a
// month, and writing the documents.
import { Refused } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import { addMonths, monthLocal } from "../core/time.ts";
import {
  type AssessInput,
  type AssessWeekly,
  applyAmendments,
  assessMonth,
  assessWeekly,
  type MonthSheet,
  recordsOrigin,
} from "../domain/assessment.ts";
import { makeCalendar } from "../domain/calendar.ts";
import { configForMonth } from "../domain/settings.ts";
import { outLock, outputDir, type Written, writeDocument } from "../render/output.ts";
import type { Assessment, Person } from "../schemas/index.ts";
import { periodicId } from "../schemas/kinds.ts";
import type { Store } from "../store/store.ts";

/** The settings in force for `month`: svc.yaml's base with the revisions from that month or before. */
export function settingsFor(store: Store, month: string) {
  return configForMonth(store.config, month);
}

/** `weeklies`: the weekly reports as the caller read them already (the assessment's projection). */
export function loadInput(store: Store, month: string, weeklies?: AssessWeekly[]): AssessInput {
  const input: AssessInput = {
    month,
    // A month is assessed with its own settings (effective-dated, issue 12 case 4): a revision from a
    // later month never changes what a signed month computes.
    config: settingsFor(store, month),
    calendar: makeCalendar(store.config.calendar),
    people: store.people(),
    letters: store.list("letter").filter((l) => !l.cancelled), // a letter cancelled with its notice (D15) counts nowhere
    // the four fields the assessment reads (28,000 reports at 50k records: a projection, cached apart)
    weeklies: weeklies ?? store.projected("weekly", "assess", assessWeekly),
    departmentWeeklies: store.list("department-weekly"),
    monthlies: store.list("monthly"),
    incidents: store.list("incident"),
    exams: store.list("exam"),
    complaints: store.list("complaint"),
    notices: store.list("notice"),
    assessments: store.list("assessment"),
    now: store.now().toISOString(),
  };
  input.origin = recordsOrigin(input) ?? month;
  return input;
}

export function compute(store: Store, month: string): MonthSheet {
  return assessMonth(loadInput(store, month));
}

/** The month to assess by default: last month in the department's zone. */
/** Whether `month` has not ended yet in the department's time (D14: such a month is not signed). */
export function running(store: Store, month: string): boolean {
  return month >= monthLocal(store.now(), store.tz);
}

export function defaultMonth(store: Store): string {
  return addMonths(monthLocal(store.now(), store.tz), -1);
}

/** The month's assessment with its amendments applied, if it exists. */
export function amendedAssessment(store: Store, month: string): Assessment | undefined {
  const a = store.get("assessment", periodicId.assessment(month));
  return a ? applyAmendments(a, store.list("amendment")) : undefined;
}

export function requireSigned(store: Store, month: string): Assessment {
  const a = amendedAssessment(store, month);
  if (!a)
    throw new Refused(
      t(
        `${month} 还没有月度考核表 ${periodicId.assessment(month)}`,
        `there is no assessment ${periodicId.assessment(month)} for ${month}`,
      ),
      t(
        `先由主管运行 svc assess --month ${month}，再由总经理 svc assess sign --month ${month}`,
        `run svc assess --month ${month}, then the GM runs svc assess sign --month ${month}`,
      ),
    );
  if (!a.signature)
    throw new Refused(
      t(`${a.id} 还是草稿，总经理尚未签字`, `${a.id} is a draft: the GM has not signed it`),
      t(`总经理运行 svc assess sign --month ${month}`, `the GM runs svc assess sign --month ${month}`),
    );
  return a;
}

export function names(people: Person[]): Map<string, string> {
  return new Map(people.map((p) => [p.id, p.name]));
}

export async function writeOut(
  store: Store,
  cwd: string,
  o: { out?: string; force?: boolean },
  name: string,
  bytes: Uint8Array,
): Promise<Written> {
  const dir = outputDir({ out: o.out, cwd, root: store.root, configured: store.config.output });
  return writeDocument(dir, name, bytes, { force: o.force, lock: outLock(store) });
}

/** Same content, ignoring key order differences from YAML round trips. */
export function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === "object")
    return Object.fromEntries(
      Object.keys(v as object)
        .sort()
        .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
    );
  return v;
}
