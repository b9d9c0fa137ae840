// svc check's rules of the equipment register (DOMAIN D21): a unit, its notices and the parts its
// letters replaced agree — one customer, and each part's charge as the unit's warranty decides.
import { t } from "../core/i18n.ts";
import { partCharge } from "../domain/equipment.ts";
import type { Equipment, Letter, Notice } from "../schemas/index.ts";
import type { Issue, RuleInput } from "./rules.ts";

export function equipmentRules(input: RuleInput, out: Issue[]): void {
  const units = new Map((input.of("equipment") as Equipment[]).map((e) => [e.id, e]));
  if (!units.size) return;
  const notices = new Map((input.of("notice") as Notice[]).map((n) => [n.id, n]));
  const unitOf = new Map<string, Equipment>();
  for (const e of units.values()) {
    (e.notices ?? []).forEach((id, i) => {
      const n = notices.get(id);
      if (!n)
        out.push({
          id: e.id,
          path: ["notices", i],
          rule: "ref",
          value: id,
          message: t(`引用的通知单不存在：${id}`, `reference does not resolve: notice ${id}`),
        });
      else if (n.customer !== e.customer)
        out.push({
          id: e.id,
          path: ["notices", i],
          rule: "equipment-customer",
          value: id,
          message: t(
            `通知单 ${id} 属于客户 ${n.customer}，设备属于 ${e.customer}`,
            `notice ${id} is for customer ${n.customer}, the unit belongs to ${e.customer}`,
          ),
        });
      else unitOf.set(id, e);
    });
  }
  for (const n of notices.values()) {
    if (!n.equipmentId) continue;
    const e = units.get(n.equipmentId);
    if (e) unitOf.set(n.id, e);
    if (e && e.customer !== n.customer)
      out.push({
        id: n.id,
        path: ["equipmentId"],
        rule: "equipment-customer",
        value: n.equipmentId,
        message: t(
          `设备 ${e.id} 属于客户 ${e.customer}，通知单的客户是 ${n.customer}`,
          `equipment ${e.id} belongs to customer ${e.customer}, the notice's is ${n.customer}`,
        ),
      });
  }
  // A part's charge follows the warranty on the day it was replaced; an edited warranty end shows here.
  for (const l of input.of("letter") as Letter[]) {
    const e = l.notice ? unitOf.get(l.notice) : undefined;
    if (!e) continue;
    for (const [i, entry] of l.log.entries())
      for (const [j, p] of (entry.parts ?? []).entries()) {
        const due = partCharge(e, entry.at);
        if (p.charge === due) continue;
        out.push({
          id: l.id,
          path: ["log", i, "parts", j, "charge"],
          rule: "part-charge",
          severity: "warning",
          value: p.charge,
          message: t(
            `配件 ${p.name} 记为${p.charge}，但按设备 ${e.id} 的三包期（${e.warrantyEnd ?? "未登记"}）应为${due}`,
            `part ${p.name} is recorded as ${p.charge}, but the warranty of ${e.id} (${e.warrantyEnd ?? "not recorded"}) makes it ${due}`,
          ),
        });
      }
  }
}
