// R&D work orders (故障处理工作单, DOMAIN D22), pure: the state an order is in, what may happen next, and
// the open orders with their age for the monthly report.
import type { RdState } from "../schemas/enums.ts";
import type { RdOrder } from "../schemas/index.ts";
import type { DueItem } from "./due.ts";
import { daysBetween } from "./equipment.ts";

/** 待受理 → 已受理 → 已修复 → 已确认 (closed); 待受理 → 已驳回 (closed). */
export function rdState(o: RdOrder): RdState {
  if (o.rejected) return "已驳回";
  if (o.confirmed) return "已确认";
  if (o.fixed) return "已修复";
  if (o.accepted) return "已受理";
  return "待受理";
}

export type RdAction = "accept" | "reject" | "fixed" | "confirm";

/** From which state each action may be taken, and who: R&D's lead, or the order's requester. */
export const RD_STEPS: Record<RdAction, { from: RdState; to: RdState; who: "rd" | "requester" }> = {
  accept: { from: "待受理", to: "已受理", who: "rd" },
  reject: { from: "待受理", to: "已驳回", who: "rd" },
  fixed: { from: "已受理", to: "已修复", who: "rd" },
  confirm: { from: "已修复", to: "已确认", who: "requester" },
};

/** The field each step stamps on the order. */
export const RD_STAMP: Record<RdAction, "accepted" | "rejected" | "fixed" | "confirmed"> = {
  accept: "accepted",
  reject: "rejected",
  fixed: "fixed",
  confirm: "confirmed",
};

/** One contradiction of an order's stamps: its step, what is wrong, the other stamp (or "opened") named. */
export interface RdStampProblem {
  step: RdAction;
  problem: "unreached" | "both" | "earlier";
  other: string;
}

/**
 * What an order's stamps contradict in RD_STEPS (`svc check`, rd-state): a step whose state it starts
 * from was never reached (fixed without accepted, confirmed without fixed), two steps from the same
 * state (accepted and rejected), a step dated before the one it follows. rdState would pick one reading
 * silently — a rejected order fixed and confirmed, or a confirmation of nothing.
 */
export function rdStampProblems(o: RdOrder): RdStampProblem[] {
  const out: RdStampProblem[] = [];
  const actions = Object.keys(RD_STEPS) as RdAction[];
  for (const a of actions) {
    const stamp = o[RD_STAMP[a]];
    if (!stamp) continue;
    const { from } = RD_STEPS[a];
    const sibling = actions.find((b) => b !== a && RD_STEPS[b].from === from && o[RD_STAMP[b]]);
    // the pair once, at the step that sorts first
    if (sibling && a < sibling) out.push({ step: a, problem: "both", other: RD_STAMP[sibling] });
    const prev = actions.find((b) => RD_STEPS[b].to === from);
    const before = prev ? o[RD_STAMP[prev]] : o.opened;
    if (!before) out.push({ step: a, problem: "unreached", other: prev ? RD_STAMP[prev] : "opened" });
    else if (new Date(stamp.at).getTime() < new Date(before.at).getTime())
      out.push({ step: a, problem: "earlier", other: prev ? RD_STAMP[prev] : "opened" });
  }
  return out;
}

export const isOpenOrder = (o: RdOrder) => !o.rejected && !o.confirmed;

export interface OpenOrder {
  id: string;
  letter: string;
  requester: string;
  state: RdState;
  opened: string;
  /** Calendar days from opening to `asOf`. */
  age: number;
  symptom: string;
}

/** The orders open on `asOf` (opened by then, not closed by then), oldest first. */
export function openOrders(orders: readonly RdOrder[], asOf: string): OpenOrder[] {
  const by = (at?: string) => Boolean(at && at.slice(0, 10) <= asOf.slice(0, 10));
  return orders
    .filter((o) => by(o.opened.at) && !by(o.rejected?.at) && !by(o.confirmed?.at))
    .map((o) => {
      const state: RdState = by(o.fixed?.at) ? "已修复" : by(o.accepted?.at) ? "已受理" : "待受理";
      return {
        id: o.id,
        letter: o.letter,
        requester: o.requester,
        state,
        opened: o.opened.at,
        age: daysBetween(o.opened.at, asOf),
        symptom: o.symptom,
      };
    })
    .sort((a, b) => a.opened.localeCompare(b.opened));
}

/** `svc due`: what each open order waits for — R&D's lead to decide or fix it, the requester to confirm. */
export function rdDueItems(orders: readonly RdOrder[], rdLeads: readonly string[], today: string): DueItem[] {
  const items: DueItem[] = [];
  for (const o of orders) {
    if (!isOpenOrder(o)) continue;
    const state = rdState(o);
    const age = daysBetween(o.opened.at, today);
    // waiting for R&D's lead (待受理: accept or reject; 已受理: fix), else for the requester to confirm
    const who = state === "待受理" || state === "已受理" ? [...rdLeads] : [o.requester];
    items.push({ kind: "rd-order", ref: o.id, who, params: { state, age }, overdue: false });
  }
  return items;
}
