// The equipment of a new notice (svc open --equipment EQ-… / --serial SN, DOMAIN D21): the unit,
// registered when its serial number is new, and whether the notice repeats a fault fixed lately.
import { Refused } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import { letterRef, noticeRef, type RepeatFault, repeatFault } from "../domain/equipment.ts";
import type { Customer, Equipment, Letter, Notice } from "../schemas/index.ts";
import { isIdOf } from "../schemas/kinds.ts";
import type { Store } from "../store/store.ts";
import { bySerial } from "./equipment.ts";

export interface Unit {
  equipment: Equipment;
  /** Registered with this notice. */
  create?: boolean;
  /** --equipment named the record (not a free text). */
  byId?: boolean;
  repeat?: RepeatFault;
}

export async function unitOf(
  store: Store,
  o: { equipment?: string; serial?: string; product?: string },
  customer: Customer,
  customerCreated: boolean,
  by: string,
  at: string,
  noticeId: string,
): Promise<Unit | undefined> {
  let unit: Unit | undefined;
  if (o.equipment && isIdOf("equipment", o.equipment.trim())) {
    const e = store.get("equipment", o.equipment.trim());
    if (!e)
      throw new Refused(
        t(`没有设备 ${o.equipment}`, `no equipment ${o.equipment}`),
        t("用 svc equipment list 查看编号", "see svc equipment list"),
      );
    unit = { equipment: e, byId: true };
  } else if (o.serial?.trim()) {
    const serial = o.serial.trim().slice(0, 80);
    const e = bySerial(store, serial);
    unit = e
      ? { equipment: e }
      : {
          create: true,
          equipment: {
            kind: "equipment",
            id: store.newId("equipment"),
            customer: customer.id,
            ...(o.product ? { product: o.product } : {}),
            serial,
            ...(o.equipment?.trim() ? { description: o.equipment.trim().slice(0, 200) } : {}),
            createdBy: by,
          },
        };
  }
  if (!unit) return undefined;
  if (!customerCreated && unit.equipment.customer !== customer.id)
    throw new Refused(
      t(
        `设备 ${unit.equipment.id} 属于客户 ${unit.equipment.customer}，不是 ${customer.id}`,
        `equipment ${unit.equipment.id} belongs to customer ${unit.equipment.customer}, not ${customer.id}`,
      ),
    );
  if (customerCreated && !unit.create)
    throw new Refused(
      t(
        `设备 ${unit.equipment.id} 属于客户 ${unit.equipment.customer}`,
        `equipment ${unit.equipment.id} belongs to customer ${unit.equipment.customer}`,
      ),
      t(`用 --customer ${unit.equipment.customer}`, `use --customer ${unit.equipment.customer}`),
    );
  if (unit.create) return unit;
  // Repeat fault (D21): only the unit's notices and their letters are read (src/commands/mentioning.ts).
  const eq = unit.equipment;
  const { notices, letters } = await unitRefs(store, eq);
  const repeat = repeatFault(eq.id, at, notices, letters, store.config.equipment.repeatFaultDays, noticeId);
  return repeat ? { ...unit, repeat } : unit;
}

/**
 * The notices of a unit (naming it, or listed by an imported unit) and their letters, read whole: the
 * records naming the unit's id and the notices' ids, through the mention index — never every notice
 * and letter of the department.
 */
export async function unitRecords(
  store: Store,
  eq: Pick<Equipment, "id" | "notices">,
): Promise<{ notices: NoticeUnit[]; letters: ReturnType<typeof letterRef>[]; records: UnitRecords }> {
  const { mentionsOf } = await import("./mentioning.ts");
  const m = await mentionsOf(store, ["notice", "letter", "rd"]);
  const imported = new Set(eq.notices ?? []);
  const noticeRecs = m
    .naming("notice", new Set([eq.id, ...imported]))
    .filter((n) => n.equipmentId === eq.id || imported.has(n.id));
  const mine = new Set(noticeRecs.map((n) => n.id));
  const letterRecs = mine.size ? m.naming("letter", mine).filter((l) => l.notice && mine.has(l.notice)) : [];
  return {
    notices: noticeRecs.map((n) => ({ ...noticeRef(n), equipmentId: eq.id })),
    letters: letterRecs.map(letterRef),
    records: { notices: noticeRecs, letters: letterRecs, mentions: m },
  };
}

/**
 * What the repeat-fault check reads of the unit's notices and letters (the records `unitRecords`
 * reads), through projections kept by blob: a record whose file is its committed blob is not read again.
 */
export async function unitRefs(
  store: Store,
  eq: Pick<Equipment, "id" | "notices">,
): Promise<{ notices: NoticeUnit[]; letters: ReturnType<typeof letterRef>[] }> {
  const { mentionsOf } = await import("./mentioning.ts");
  const m = await mentionsOf(store, ["notice", "letter", "rd"]);
  const imported = new Set(eq.notices ?? []);
  const notices = m
    .projected("notice", new Set([eq.id, ...imported]), "repeat-ref", noticeRef)
    .filter((n) => n.equipmentId === eq.id || imported.has(n.id));
  const mine = new Set(notices.map((n) => n.id));
  const letters = mine.size
    ? m.projected("letter", mine, "repeat-ref", letterRef).filter((l) => l.notice && mine.has(l.notice))
    : [];
  m.save();
  return { notices: notices.map((n) => ({ ...n, equipmentId: eq.id })), letters };
}

type NoticeUnit = ReturnType<typeof noticeRef> & { equipmentId: string };
export interface UnitRecords {
  notices: Notice[];
  letters: Letter[];
  mentions: Awaited<ReturnType<typeof import("./mentioning.ts").mentionsOf>>;
}
