// svc check's rules on what records say that the schema cannot: a person once in an exam's results,
// an incident charged to an engineer, a trip that ends after it begins, a hire date not after the
// person's own work, an R&D order's steps on one path. Each would otherwise reach the money or the
// reports silently — a double fine, a fine charged to nobody, a negative or impossible trip on the
// payroll (found by attack), a month's fines dropped, a rejected order counted as fixed.
import { t } from "../core/i18n.ts";
import { addDays, dateLocal } from "../core/time.ts";
import { RD_STAMP, rdStampProblems } from "../domain/rd.ts";
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
 * 2025) would drop them silently. His work: every step stamped by him (`by` and `at`, in any record:
 * a site confirmation, an approval, a department report), his weekly reports, his incidents, his exams
 * — not a letter's assignment, which a reassignment hands to someone hired since. A warning, not an
 * error: one rehired keeps his first employment's records under the new date. Found by attack: the
 * supervisor moved his own hire date after the month and left the month's sheet, −220 with him.
 */
export function workBeforeHire(input: RuleInput, out: Issue[]): void {
  const tz = input.config.timezone;
  const hired = new Map<string, string>();
  for (const p of input.people.values()) if (p.hired) hired.set(p.id, p.hired);
  const first = new Map<string, { date: string; id: string }>();
  const saw = (person: unknown, when: unknown, id: string, local = true) => {
    if (typeof person !== "string" || typeof when !== "string") return;
    // A time's own date is its local date give or take a day: only one dated up to the hire date
    // can be before it, and only that one is converted (every check, at 50k records, on every stamp).
    const h = hired.get(person);
    if (!h || when.slice(0, 10) > h) return;
    let date: string;
    try {
      date = local ? dateLocal(when, tz) : when.slice(0, 10);
    } catch {
      return; // an unreadable time is the schema's and the times rules' to report
    }
    const seen = first.get(person);
    if (!seen || date < seen.date) first.set(person, { date, id });
  };
  const stamp = (v: unknown, id: string) => {
    if (v && typeof v === "object" && !Array.isArray(v)) {
      const s = v as { by?: unknown; at?: unknown };
      saw(s.by, s.at, id);
    }
  };
  for (const [id, entry] of input.snap.byId) {
    const rec = entry.record as unknown as Record<string, unknown> | undefined;
    if (!rec || typeof rec !== "object") continue;
    stamp(rec, id); // a record that is itself a stamp (an amendment, a decision)
    for (const v of Object.values(rec)) {
      if (Array.isArray(v)) for (const x of v) stamp(x, id);
      else stamp(v, id);
    }
  }
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

/** D22 an R&D order's stamps are one path of its steps (rdStampProblems), each after the one before. */
export function rdStamps(input: RuleInput, out: Issue[]): void {
  const name: Record<string, [string, string]> = {
    opened: ["开单", "opened"],
    accepted: ["受理", "accepted"],
    rejected: ["驳回", "rejected"],
    fixed: ["修复", "fixed"],
    confirmed: ["确认", "confirmed"],
  };
  const zh = (k: string) => name[k]?.[0] ?? k;
  const en = (k: string) => name[k]?.[1] ?? k;
  for (const o of input.of("rd"))
    for (const p of rdStampProblems(o)) {
      const field = RD_STAMP[p.step];
      out.push({
        id: o.id,
        path: p.problem === "earlier" ? [field, "at"] : [field],
        rule: "rd-state",
        value: p.problem === "earlier" ? o[field]?.at : undefined,
        message:
          p.problem === "both"
            ? t(
                `工作单既已${zh(field)}又已${zh(p.other)}：二者只能有其一`,
                `the order is both ${en(field)} and ${en(p.other)}: only one of them can be`,
              )
            : p.problem === "unreached"
              ? t(
                  `工作单已${zh(field)}，但没有${zh(p.other)}记录`,
                  `the order is ${en(field)} but was never ${en(p.other)}`,
                )
              : t(`${zh(field)}时间早于${zh(p.other)}时间`, `${en(field)} before it was ${en(p.other)}`),
        hint: t(
          "工作单的每一步由 svc rd accept|reject|fixed|confirm 记录",
          "each step of an order is recorded by svc rd accept|reject|fixed|confirm",
        ),
      });
    }
}

/** D14/D16 a sheet is signed after it was drawn up: a signature before its draft is a clock behind. */
export function sheetSignedAfterDraft(input: RuleInput, out: Issue[]): void {
  const sheets = [
    ...input.of("assessment").map((a) => ({ id: a.id, made: a.drafted.at, signature: a.signature })),
    ...input.of("payroll").map((p) => ({ id: p.id, made: p.created.at, signature: p.signature })),
  ];
  for (const s of sheets)
    if (s.signature && Date.parse(s.signature.at) < Date.parse(s.made))
      out.push({
        id: s.id,
        path: ["signature", "at"],
        rule: "order",
        value: s.signature.at,
        message: t(`签字时间早于编制时间 ${s.made}`, `signed before it was drawn up (${s.made})`),
      });
}
