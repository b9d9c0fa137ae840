// D19 — customer complaints (客户投诉, 004 第十六–二十一条): the promised-reply deadline on the
// working-day calendar (重大 1 working day, 一般 3), the incident a complaint about an engineer proposes
// (to a VP or above: class I; to the sales manager or sales admin: class II, §2.5), its state, the
// monthly ledger (台账) and the monthly report's figures. Pure.
import { dateLocal } from "../core/time.ts";
import type { CustomerComplaint, Letter } from "../schemas/index.ts";
import { type Calendar, type Deadline, deadlineAfterWorkdays } from "./calendar.ts";

export const REPLY_WORKDAYS: Record<CustomerComplaint["grade"], number> = { 重大: 1, 一般: 3 };

/** The promised reply: the end of the Nth working day after the day it was received. */
export function replyDeadline(
  grade: CustomerComplaint["grade"],
  receivedAt: string,
  cal: Calendar,
  tz: string,
): Deadline {
  return deadlineAfterWorkdays(cal, dateLocal(receivedAt, tz), REPLY_WORKDAYS[grade], tz);
}

/** The incident class a complaint proposes (only a complaint about an engineer, made to management). */
export function proposedClass(
  c: Pick<CustomerComplaint, "about" | "engineer" | "received">,
): "I" | "II" | undefined {
  if (c.about !== "engineer" || !c.engineer) return undefined;
  if (c.received.to === "vp") return "I";
  if (c.received.to === "sales-manager" || c.received.to === "sales-admin") return "II";
  return undefined;
}

export type ComplaintState = "待调查" | "待答复" | "待回访" | "待结案" | "已结案";
export function complaintState(c: CustomerComplaint): ComplaintState {
  if (c.closed) return "已结案";
  if (c.callback) return "待结案";
  if (c.reply) return "待回访";
  if (c.investigation) return "待答复";
  return "待调查";
}

/** Replied by the promised time. */
export const repliedOnTime = (c: CustomerComplaint) =>
  Boolean(c.reply) && new Date(c.reply!.at).getTime() <= new Date(c.replyBy).getTime();

export interface LedgerRow {
  id: string;
  received: string;
  customer: string;
  channel: string;
  to: string;
  about: string;
  engineer: string | null;
  grade: CustomerComplaint["grade"];
  owner: string;
  replyBy: string;
  replied: string | null;
  onTime: boolean | null;
  satisfied: boolean | null;
  state: ComplaintState;
  incident: string | null;
  content: string;
}

/** 台账: the complaints received in the month, in time order. */
export function ledger(complaints: readonly CustomerComplaint[], month: string, tz: string): LedgerRow[] {
  return complaints
    .filter((c) => dateLocal(c.received.at, tz).startsWith(month))
    .sort((a, b) => a.received.at.localeCompare(b.received.at) || a.id.localeCompare(b.id))
    .map((c) => ({
      id: c.id,
      received: c.received.at,
      customer: c.customer,
      channel: c.received.channel,
      to: c.received.to,
      about: c.about,
      engineer: c.engineer ?? null,
      grade: c.grade,
      owner: c.owner,
      replyBy: c.replyBy,
      replied: c.reply?.at ?? null,
      onTime: c.reply ? repliedOnTime(c) : null,
      satisfied: c.callback ? c.callback.satisfied : null,
      state: complaintState(c),
      incident: c.incident ?? null,
      content: c.content,
    }));
}

export interface ComplaintFigures {
  count: number;
  byGrade: Record<CustomerComplaint["grade"], number>;
  replied: number;
  repliedOnTime: number;
  /** replied on time / replied. */
  onTimeRate: number | null;
  /** Letters completed in the month. */
  lettersCompleted: number;
  /** complaints / letters completed. */
  rate: number | null;
  incidents: number;
  rows: LedgerRow[];
}

const ratio = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 10000) / 10000);

export function complaintFigures(
  complaints: readonly CustomerComplaint[],
  completed: readonly Letter[],
  month: string,
  tz: string,
): ComplaintFigures {
  const rows = ledger(complaints, month, tz);
  const byId = new Map(complaints.map((c) => [c.id, c]));
  const replied = rows.filter((r) => r.replied).length;
  const onTime = rows.filter((r) => r.onTime).length;
  return {
    count: rows.length,
    byGrade: {
      一般: rows.filter((r) => r.grade === "一般").length,
      重大: rows.filter((r) => r.grade === "重大").length,
    },
    replied,
    repliedOnTime: onTime,
    onTimeRate: ratio(onTime, replied),
    lettersCompleted: completed.length,
    rate: ratio(rows.length, completed.length),
    incidents: rows.filter((r) => byId.get(r.id)?.incident).length,
    rows,
  };
}
