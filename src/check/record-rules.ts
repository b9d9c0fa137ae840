// svc check's rules on what one record says of itself that the schema cannot: a person once in an
// exam's results, an incident charged to an engineer, a trip that ends after it begins. Each would
// otherwise reach the money silently — a double fine, a fine charged to nobody, a negative or
// impossible trip on the payroll (found by attack).
import { t } from "../core/i18n.ts";
import { addDays } from "../core/time.ts";
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
