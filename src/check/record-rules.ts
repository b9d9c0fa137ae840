// svc check's rules on what records say that the schema cannot: a person once in an exam's results,
// an incident charged to an engineer, a trip that ends after it begins, a hire date not after the
// person's own work. Each would otherwise reach the money silently — a double fine, a fine charged to
// nobody, a negative or impossible trip on the payroll (found by attack), a month's fines dropped.
import { t } from "../core/i18n.ts";
import { addDays, dateLocal } from "../core/time.ts";
import { PAY_TRAVEL_DAYS } from "../schemas/limits.ts";
import type { Issue, RuleInput } from "./rules.ts";

/** D6 an exam's result is one per person: a second line for the same person was a second fine. */
export function examResultsOnce(input: RuleInput, out: Issue[]): void {
  for (const e of input.of("exam")) {
    const seen = new Map<string, number>();
    e.results.forEach((r, i) => {
      const first = seen.get(r.person);
      if (first === undefined) seen.set(r.person, i);
      else
        out.push({
          id: e.id,
          path: ["results", i, "person"],
          rule: "exam-once",
          value: r.person,
          message: t(
            `${r.person} 的成绩已在第 ${first + 1} 行登记；每人一条`,
            `${r.person}'s result is already on line ${first + 1}; one per person`,
          ),
        });
    });
  }
}

/** §2.5 an incident is charged to the engineer responsible: someone without the role is no one's fine. */
export function incidentEngineer(input: RuleInput, out: Issue[]): void {
  for (const i of input.of("incident")) {
    const p = input.people.get(i.engineer);
    if (p && !p.roles.includes("engineer"))
      out.push({
        id: i.id,
        path: ["engineer"],
        rule: "role",
        value: i.engineer,
        message: t(
          `事故的责任人须是服务人员，${i.engineer} 没有该角色`,
          `an incident is charged to an engineer; ${i.engineer} has no such role`,
        ),
      });
  }
}

/** D5 a trip returns on or after the day it departed, within the days a payroll can count. */
export function tripDates(input: RuleInput, out: Issue[]): void {
  for (const l of input.of("letter")) {
    const trip = l.travel;
    if (!trip?.departed || !trip.returned) continue;
    if (trip.returned < trip.departed)
      out.push({
        id: l.id,
        path: ["travel", "returned"],
        rule: "trip",
        value: trip.returned,
        message: t(
          `返回日期早于出发日期 ${trip.departed}`,
          `returned before the departure on ${trip.departed}`,
        ),
      });
    else if (addDays(trip.departed, PAY_TRAVEL_DAYS.max - 1) < trip.returned)
      out.push({
        id: l.id,
        path: ["travel", "departed"],
        rule: "trip",
        value: trip.departed,
        message: t(
          `出差超过 ${PAY_TRAVEL_DAYS.max} 天（至 ${trip.returned}）`,
          `a trip of more than ${PAY_TRAVEL_DAYS.max} days (to ${trip.returned})`,
        ),
      });
  }
}

/**
 * D9/§3 a person's hire date is not after his own work: the assessment of a month that ends before the
 * hire date leaves him out, fines and all, and the tier counts from it — a year typed wrong (2027 for
 * 2025) would drop them silently. A warning, not an error: one rehired keeps his first employment's
 * records under the new date.
 */
export function workBeforeHire(input: RuleInput, out: Issue[]): void {
  const tz = input.config.timezone;
  const first = new Map<string, { date: string; id: string }>();
  const saw = (person: string | undefined, when: string | undefined, id: string, local = true) => {
    if (!person || !when) return;
    let date: string;
    try {
      date = local ? dateLocal(when, tz) : when.slice(0, 10);
    } catch {
      return; // an unreadable time is the schema's and the times rules' to report
    }
    const seen = first.get(person);
    if (!seen || date < seen.date) first.set(person, { date, id });
  };
  for (const l of input.of("letter")) saw(l.engineer, l.assigned?.at, l.id);
  for (const w of input.of("weekly")) saw(w.engineer, w.submitted, w.id);
  for (const i of input.of("incident")) saw(i.engineer, i.date, i.id, false);
  for (const e of input.of("exam")) for (const r of e.results) saw(r.person, e.date, e.id, false);
  for (const p of input.people.values()) {
    const work = first.get(p.id);
    if (!p.hired || !work || work.date >= p.hired) continue;
    out.push({
      id: p.id,
      path: ["hired"],
      rule: "hired-after-work",
      severity: "warning",
      value: p.hired,
      message: t(
        `入职日期 ${p.hired} 晚于其 ${work.date} 的记录 ${work.id}：入职前的月份不进考核表（罚款随之不计）`,
        `hired ${p.hired}, after his record ${work.id} of ${work.date}: the months before the hire date leave him out of the assessment (and his fines with him)`,
      ),
      hint: t(
        "核对入职日期（svc people edit --hired 日期）",
        "check the hire date (svc people edit --hired DATE)",
      ),
    });
  }
}
