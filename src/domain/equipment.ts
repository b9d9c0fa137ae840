// The equipment register and the customer's file (DOMAIN D21), pure: warranty status, repeat faults,
// the service history of a customer or one unit, and proposals from the free texts of old notices.
// Dates are YYYY-MM-DD in the department's zone (a stored time's first ten characters are its local date).
import type { Customer, Equipment, Letter, Notice } from "../schemas/index.ts";
import type { DueItem } from "./due.ts";
import { DONE_STATES } from "./workflow.ts";

/** 三包期内 · 已过保 · 未登记三包截止日期. */
export type WarrantyStatus = "in" | "out" | "unknown";

/** Under warranty on `date` when the warranty end is that day or later (the end day is still covered). */
export function warrantyStatus(eq: Pick<Equipment, "warrantyEnd"> | undefined, date: string): WarrantyStatus {
  if (!eq?.warrantyEnd) return "unknown";
  return date.slice(0, 10) <= eq.warrantyEnd ? "in" : "out";
}

/** Who pays a part replaced on `date`: free under warranty (三包); out of it, or not known, chargeable. */
export function partCharge(eq: Pick<Equipment, "warrantyEnd"> | undefined, date: string): "三包" | "收费" {
  return warrantyStatus(eq, date) === "in" ? "三包" : "收费";
}

/** Calendar days from date a to date b (YYYY-MM-DD…), b − a. */
export function daysBetween(a: string, b: string): number {
  const day = (s: string) => Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10));
  return Math.round((day(b) - day(a)) / 86_400_000);
}

/** What a repeat-fault check reads of a notice and a letter (the store caches these projections). */
export type NoticeRef = Pick<Notice, "id" | "customer" | "equipmentId"> & {
  issued: string;
  cancelled?: true;
};
export type LetterRef = Pick<Letter, "id" | "notice" | "engineer"> & { completed?: string };

export const noticeRef = (
  n: Pick<Notice, "id" | "customer" | "equipmentId" | "issued" | "cancelled">,
): NoticeRef => ({
  id: n.id,
  customer: n.customer,
  ...(n.equipmentId ? { equipmentId: n.equipmentId } : {}),
  issued: n.issued.at,
  ...(n.cancelled ? { cancelled: true as const } : {}),
});

/**
 * Notice id → equipment id for the notices an imported unit names (`equipment.notices`: a signed
 * notice is never rewritten, so the link of an old free-text notice lives on the equipment).
 */
export function importedLinks(equipment: readonly Pick<Equipment, "id" | "notices">[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of equipment) for (const n of e.notices ?? []) out.set(n, e.id);
  return out;
}

/** The equipment a notice is for: the id it names, or the imported unit whose list names it. */
export const equipmentOfNotice = (
  n: Pick<Notice, "id" | "equipmentId">,
  links: ReadonlyMap<string, string>,
): string | undefined => n.equipmentId ?? links.get(n.id);
export const letterRef = (
  l: Pick<Letter, "id" | "engineer" | "notice"> & { completion?: { at: string } },
): LetterRef => ({
  id: l.id,
  engineer: l.engineer,
  ...(l.notice ? { notice: l.notice } : {}),
  ...(l.completion ? { completed: l.completion.at } : {}),
});

export interface RepeatFault {
  /** The earlier letter completed on the same equipment. */
  letter: string;
  notice: string;
  engineer: string;
  completed: string;
  /** Calendar days from that completion to the new notice's issue. */
  days: number;
}

/**
 * A new notice for `equipmentId` issued on `issued` is a repeat fault when a letter of another notice
 * for the same equipment was completed within the last `windowDays` days (day 30 counts, day 31 does
 * not): the latest such completion.
 */
export function repeatFault(
  equipmentId: string | undefined,
  issued: string,
  notices: readonly NoticeRef[],
  letters: readonly LetterRef[],
  windowDays: number,
  self?: string,
): RepeatFault | undefined {
  if (!equipmentId) return undefined;
  const mine = new Set(
    notices.filter((n) => n.equipmentId === equipmentId && n.id !== self).map((n) => n.id),
  );
  let best: RepeatFault | undefined;
  for (const l of letters) {
    if (!l.notice || !mine.has(l.notice) || !l.completed) continue;
    const days = daysBetween(l.completed, issued);
    if (days < 0 || days > windowDays) continue;
    if (days === 0 && l.completed > issued) continue;
    if (!best || l.completed > best.completed)
      best = { letter: l.id, notice: l.notice, engineer: l.engineer, completed: l.completed, days };
  }
  return best;
}

/**
 * Every repeat fault among `notices`: notice id → the earlier completion it repeats. `only`: the
 * notices asked about (every one when absent); the others still count as earlier work.
 */
export function repeatFaults(
  notices: readonly NoticeRef[],
  letters: readonly LetterRef[],
  windowDays: number,
  only?: (id: string) => boolean,
): Map<string, RepeatFault> {
  const out = new Map<string, RepeatFault>();
  // Grouped once (a 50k-record department: a thousand units, ten thousand letters).
  const byEquipment = new Map<string, NoticeRef[]>();
  const unitOf = new Map<string, string>();
  for (const n of notices)
    if (n.equipmentId) {
      const list = byEquipment.get(n.equipmentId);
      if (list) list.push(n);
      else byEquipment.set(n.equipmentId, [n]);
      unitOf.set(n.id, n.equipmentId);
    }
  const lettersOf = new Map<string, LetterRef[]>();
  for (const l of letters) {
    const eq = l.notice && l.completed ? unitOf.get(l.notice) : undefined;
    if (!eq) continue;
    const list = lettersOf.get(eq);
    if (list) list.push(l);
    else lettersOf.set(eq, [l]);
  }
  for (const [eq, ns] of byEquipment) {
    const ls = lettersOf.get(eq) ?? [];
    for (const n of ns) {
      if (n.cancelled) continue; // a cancelled notice repeats nothing
      if (only && !only(n.id)) continue;
      const r = repeatFault(eq, n.issued, ns, ls, windowDays, n.id);
      if (r) out.set(n.id, r);
    }
  }
  return out;
}

/**
 * `svc due`: every open repeat fault — a notice not cancelled whose work is not yet completed — for the
 * supervisors to see before (or while) the unit is served again: who fixed it last, and when.
 */
export function repeatDueItems(
  notices: readonly Pick<Notice, "id" | "customer" | "equipmentId" | "issued" | "cancelled">[],
  letters: readonly (Pick<Letter, "id" | "engineer" | "notice" | "status"> & {
    completion?: { at: string };
  })[],
  equipment: readonly Pick<Equipment, "id" | "notices">[],
  windowDays: number,
  supervisors: readonly string[],
): DueItem[] {
  const links = importedLinks(equipment);
  const done = new Set<string>(DONE_STATES);
  const closed = new Set(letters.filter((l) => l.notice && done.has(l.status)).map((l) => l.notice!));
  // Only the notices whose work is still to do are asked about (issue 18: `svc due` at 50k records —
  // a few hundred of 10,000), against the earlier work on their units: as repeatFaults would answer.
  const open = new Map<string, string>(); // notice → its unit
  for (const n of notices) {
    if (n.cancelled || closed.has(n.id)) continue;
    const e = equipmentOfNotice(n, links);
    if (e) open.set(n.id, e);
  }
  if (!open.size) return [];
  const units = new Set(open.values());
  const noticesOf = new Map<string, NoticeRef[]>();
  const unitOf = new Map<string, string>();
  for (const n of notices) {
    const e = equipmentOfNotice(n, links);
    if (!e || !units.has(e)) continue;
    const ref: NoticeRef = { ...noticeRef(n), equipmentId: e };
    const list = noticesOf.get(e);
    if (list) list.push(ref);
    else noticesOf.set(e, [ref]);
    unitOf.set(n.id, e);
  }
  const lettersOf = new Map<string, LetterRef[]>();
  // an open notice's letter: the first that names it (as a search of the list from its start finds it)
  const letterOf = new Map<string, (typeof letters)[number]>();
  for (const l of letters) {
    if (l.notice && open.has(l.notice) && !letterOf.has(l.notice)) letterOf.set(l.notice, l);
    const e = l.notice && l.completion ? unitOf.get(l.notice) : undefined;
    if (!e) continue;
    const list = lettersOf.get(e);
    if (list) list.push(letterRef(l));
    else lettersOf.set(e, [letterRef(l)]);
  }
  const items: DueItem[] = [];
  for (const n of notices) {
    const e = open.get(n.id);
    if (!e) continue;
    const r = repeatFault(e, n.issued.at, noticesOf.get(e) ?? [], lettersOf.get(e) ?? [], windowDays, n.id);
    if (!r) continue;
    const current = letterOf.get(n.id);
    items.push({
      kind: "repeat-fault",
      ref: n.id,
      who: [...supervisors, ...(current ? [current.engineer] : [])],
      params: { unit: e, days: r.days, letter: r.letter, engineer: r.engineer },
      overdue: false,
    });
  }
  return items;
}

export interface MonthRepeats {
  month: string;
  windowDays: number;
  /** Notices issued in the month that repeat a fault. */
  count: number;
  byProduct: { product: string; count: number }[];
  /** By the engineer whose earlier fix did not hold. */
  byEngineer: { engineer: string; count: number }[];
  list: (RepeatFault & { repeat: string; equipment: string; product?: string; customer: string })[];
}

/** The monthly report's repeat faults (D21): notices issued in `month` (YYYY-MM, local) that repeat one. */
export function monthRepeats(
  notices: readonly Notice[],
  letters: readonly Letter[],
  equipment: readonly Equipment[],
  month: string,
  windowDays: number,
  tz: (iso: string) => string,
): MonthRepeats {
  const links = importedLinks(equipment);
  const units = new Map(equipment.map((e) => [e.id, e]));
  const refs = notices.map((n) => {
    const e = equipmentOfNotice(n, links);
    return { ...noticeRef(n), ...(e ? { equipmentId: e } : {}) };
  });
  const repeats = repeatFaults(refs, letters.map(letterRef), windowDays);
  const list: MonthRepeats["list"] = [];
  for (const n of notices) {
    const r = repeats.get(n.id);
    if (!r || n.cancelled || tz(n.issued.at).slice(0, 7) !== month) continue;
    const eq = refs.find((x) => x.id === n.id)?.equipmentId ?? "";
    const product = n.product ?? units.get(eq)?.product;
    list.push({ ...r, repeat: n.id, equipment: eq, customer: n.customer, ...(product ? { product } : {}) });
  }
  list.sort((a, b) => a.repeat.localeCompare(b.repeat));
  const tally = (key: (x: MonthRepeats["list"][number]) => string) => {
    const m = new Map<string, number>();
    for (const x of list) m.set(key(x), (m.get(key(x)) ?? 0) + 1);
    return [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  };
  return {
    month,
    windowDays,
    count: list.length,
    byProduct: tally((x) => x.product ?? "").map(([product, count]) => ({ product, count })),
    byEngineer: tally((x) => x.engineer).map(([engineer, count]) => ({ engineer, count })),
    list,
  };
}

// ------------------------------------------------------------------------------------------------ the file

export interface ServiceLine {
  notice?: string;
  letter?: string;
  equipment?: string;
  /** The free text of a notice that names no registered equipment. */
  equipmentText?: string;
  type?: string;
  content?: string;
  issued?: string;
  /** The letter's state, or the notice's when no letter was made: 待签 已签 作废. */
  state: string;
  engineer?: string;
  assigned?: string;
  completed?: string;
  ratings?: NonNullable<Letter["completion"]>["ratings"];
  signedBy?: string;
  unsigned?: boolean;
  followup?: { at: string; note?: string };
  remote?: boolean;
  software?: string[];
  parts?: { name: string; qty?: number; charge: string; at: string }[];
  repeat?: RepeatFault;
  /** D22: the letter's R&D work orders (id and state). */
  rd?: { id: string; state: string }[];
}

export interface EquipmentLine {
  equipment: Equipment;
  warranty: WarrantyStatus;
  /** 上次服务时间: the latest completion of a letter for this unit. */
  lastService?: string;
  services: number;
  repeats: number;
}

export interface CustomerFile {
  customer: Pick<Customer, "id" | "name"> & Partial<Customer>;
  equipment: EquipmentLine[];
  /** Oldest first. */
  services: ServiceLine[];
  /** 上次服务时间 of the customer: the latest completion. */
  lastService?: string;
  today: string;
  repeatDays: number;
}

const noticeState = (n: Notice) => (n.cancelled ? "作废" : n.signature ? "已签" : "待签");

/**
 * The customer's file (《客户服务档案》): every unit of equipment with its warranty status and last
 * service, and every notice and letter (oldest first) with state, engineer, dates, ratings, the 回访
 * note, software updates and parts, and repeat faults. `equipmentId` narrows it to one unit (设备档案).
 */
export function customerFile(input: {
  customer: CustomerFile["customer"];
  equipment: readonly Equipment[];
  notices: readonly Notice[];
  letters: readonly Letter[];
  today: string;
  repeatDays: number;
  equipmentId?: string;
  /** D22: the R&D work orders of these letters, with their state. */
  rdOrders?: readonly { id: string; letter: string; state: string }[];
}): CustomerFile {
  const { notices, letters, today } = input;
  const equipment = input.equipmentId
    ? input.equipment.filter((e) => e.id === input.equipmentId)
    : input.equipment;
  const links = importedLinks(input.equipment);
  const eqOf = (n: Notice) => equipmentOfNotice(n, links);
  const refs = notices.map((n) => {
    const e = eqOf(n);
    return { ...noticeRef(n), ...(e ? { equipmentId: e } : {}) };
  });
  const repeats = repeatFaults(refs, letters.map(letterRef), input.repeatDays);
  const byNotice = new Map<string, Letter[]>();
  for (const l of letters) if (l.notice) byNotice.set(l.notice, [...(byNotice.get(l.notice) ?? []), l]);
  const noticeOf = new Map(notices.map((n) => [n.id, n]));
  const lines: ServiceLine[] = [];
  const letterLine = (l: Letter, n?: Notice): ServiceLine => {
    const software = l.log.filter((e) => e.software).map((e) => e.software!);
    const parts = l.log.flatMap((e) => (e.parts ?? []).map((p) => ({ ...p, at: e.at })));
    const remote = (l as { remote?: unknown }).remote !== undefined;
    const rd = (input.rdOrders ?? [])
      .filter((o) => o.letter === l.id)
      .map((o) => ({ id: o.id, state: o.state }));
    return {
      ...(n ? noticeFields(n) : { content: l.unplanned?.content, issued: l.assigned.at }),
      ...(rd.length ? { rd } : {}),
      letter: l.id,
      state: l.status,
      engineer: l.engineer,
      assigned: l.assigned.at,
      ...(l.completion
        ? {
            completed: l.completion.at,
            ...(l.completion.ratings ? { ratings: l.completion.ratings } : {}),
            ...(l.completion.signature ? { signedBy: l.completion.signature.signedBy } : {}),
            unsigned: l.completion.unsigned,
          }
        : {}),
      ...(l.followup
        ? { followup: { at: l.followup.at, ...(l.followup.note ? { note: l.followup.note } : {}) } }
        : {}),
      ...(remote ? { remote } : {}),
      ...(software.length ? { software } : {}),
      ...(parts.length ? { parts } : {}),
      ...(n && repeats.get(n.id) ? { repeat: repeats.get(n.id) } : {}),
    };
  };
  const noticeFields = (n: Notice): ServiceLine => ({
    notice: n.id,
    ...(eqOf(n) ? { equipment: eqOf(n) } : {}),
    ...(!eqOf(n) && n.equipment ? { equipmentText: n.equipment } : {}),
    type: n.type,
    content: n.content,
    issued: n.issued.at,
    state: noticeState(n),
  });
  for (const n of notices) {
    if (input.equipmentId && eqOf(n) !== input.equipmentId) continue;
    const ls = byNotice.get(n.id) ?? [];
    if (!ls.length)
      lines.push({ ...noticeFields(n), ...(repeats.get(n.id) ? { repeat: repeats.get(n.id) } : {}) });
    for (const l of ls) lines.push(letterLine(l, n));
  }
  if (!input.equipmentId)
    for (const l of letters) if (!l.notice || !noticeOf.has(l.notice)) lines.push(letterLine(l));
  lines.sort((a, b) => (a.issued ?? "").localeCompare(b.issued ?? ""));
  const eqLines: EquipmentLine[] = equipment.map((e) => {
    const mine = lines.filter((s) => s.equipment === e.id);
    const done = mine.map((s) => s.completed).filter((c): c is string => Boolean(c));
    return {
      equipment: e,
      warranty: warrantyStatus(e, today),
      ...(done.length ? { lastService: done.sort().at(-1) } : {}),
      services: mine.length,
      repeats: mine.filter((s) => s.repeat).length,
    };
  });
  const done = lines.map((s) => s.completed).filter((c): c is string => Boolean(c));
  return {
    customer: input.customer,
    equipment: eqLines,
    services: lines,
    ...(done.length ? { lastService: done.sort().at(-1) } : {}),
    today,
    repeatDays: input.repeatDays,
  };
}

// ------------------------------------------------------------------------------------------------ import

export interface ImportProposal {
  customer: string;
  description: string;
  product?: string;
  serial?: string;
  model?: string;
  /** The notices whose free text names this unit. */
  notices: string[];
}

const SERIAL = /(?:SN|S\/N|序列号|编号)[:：\s#]*([A-Za-z0-9][A-Za-z0-9-]{2,40})/i;

/** The normal form two notices' free texts must share to name the same unit. */
const normal = (s: string) => s.normalize("NFKC").replace(/\s+/g, "").toLowerCase();

/**
 * Equipment records proposed from the free texts of notices that name no registered equipment: one
 * per customer and text (a serial number in the text, SN/序列号, decides alone), with the notices that
 * would then name it.
 */
export function importProposals(
  notices: readonly Notice[],
  existing: readonly Equipment[],
): ImportProposal[] {
  const bySerial = new Map(
    existing.filter((e) => e.serial).map((e) => [`${e.customer}|${normal(e.serial!)}`, e]),
  );
  const linked = importedLinks(existing);
  const out = new Map<string, ImportProposal>();
  for (const n of notices) {
    if (n.equipmentId || linked.has(n.id) || !n.equipment?.trim() || n.cancelled) continue;
    const text = n.equipment.trim();
    const serial = SERIAL.exec(text)?.[1];
    if (serial && bySerial.has(`${n.customer}|${normal(serial)}`)) continue;
    const key = `${n.customer}|${serial ? `sn:${normal(serial)}` : normal(text)}`;
    const p = out.get(key);
    if (p) {
      p.notices.push(n.id);
      if (!p.product && n.product) p.product = n.product;
      continue;
    }
    const model = /([A-Za-z]+[-\s]?\d+[A-Za-z0-9-]*)/.exec(text.replace(SERIAL, ""))?.[1];
    out.set(key, {
      customer: n.customer,
      description: text,
      ...(n.product ? { product: n.product } : {}),
      ...(serial ? { serial } : {}),
      ...(model ? { model } : {}),
      notices: [n.id],
    });
  }
  return [...out.values()];
}
