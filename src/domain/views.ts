// What `svc list`, `svc show` and `svc ledger` display, computed from plain records (pure). The commands
// only load the records, call these and print.
import { t } from "../core/i18n.ts";
import { dateLocal, monthLocal } from "../core/time.ts";
import { DELAY_REASON_TITLES } from "../schemas/enums.ts";
import type { Amendment, AnyRecord, Customer, Incident, Letter, Notice, Person } from "../schemas/index.ts";
import { effectiveEstimate } from "./estimate.ts";

// ------------------------------------------------------------------------------------------------ notices

/** 待签 unsigned · 已签 signed, no letter yet · 已派工 a letter was created from it · 作废 cancelled. */
/** The notice's state, named as the state machine names it (workflow.ts NoticeState) in every output (issue 14). */
export type NoticeStatus = "待签字" | "已生效" | "已派工" | "已作废";
export const NOTICE_STATUSES: readonly NoticeStatus[] = ["待签字", "已生效", "已派工", "已作废"];
/** The short names svc list printed before (still accepted by `--status`). */
export const NOTICE_STATUS_ALIASES: Readonly<Record<string, NoticeStatus>> = {
  待签: "待签字",
  已签: "已生效",
  作废: "已作废",
};

export function noticeStatus(n: Notice, letters: readonly Pick<Letter, "notice">[]): NoticeStatus {
  return statusOf(
    n,
    letters.some((l) => l.notice === n.id),
  );
}

function statusOf(n: Notice, hasLetter: boolean): NoticeStatus {
  if (n.cancelled) return "已作废";
  if (hasLetter) return "已派工";
  if (n.signature) return "已生效";
  return "待签字";
}

/**
 * What the listings read of a letter: the store caches this projection apart from whole letters, so
 * `svc list` does not load every letter's history (issue 7). A whole Letter is a LetterHead too.
 */
export type LetterHead = Pick<Letter, "id" | "status" | "engineer" | "notice" | "estimate"> & {
  assigned: Pick<Letter["assigned"], "at">;
  completion?: Pick<NonNullable<Letter["completion"]>, "at" | "unsigned">;
  unplanned?: Pick<NonNullable<Letter["unplanned"]>, "customer">;
};

export function letterHead(l: Letter): LetterHead {
  return {
    id: l.id,
    // a letter cancelled with its notice (D15) is listed as 作废
    status: l.cancelled ? ("作废" as Letter["status"]) : l.status,
    engineer: l.engineer,
    ...(l.notice ? { notice: l.notice } : {}),
    // D3: the estimate in force (an approved B/C/D extension moves it).
    estimate: effectiveEstimate(l),
    assigned: { at: l.assigned.at },
    ...(l.completion ? { completion: { at: l.completion.at, unsigned: l.completion.unsigned } } : {}),
    ...(l.unplanned ? { unplanned: { customer: l.unplanned.customer } } : {}),
  };
}

/** A letter's link to its notice (svc show of a notice, its SLA clocks): a projection the store caches. */
export type NoticeLink = Pick<Letter, "id" | "notice" | "status">;

export function noticeLink(l: Letter): NoticeLink {
  return { id: l.id, ...(l.notice ? { notice: l.notice } : {}), status: l.status };
}

/** What letter listings read of a notice. */
export type NoticeHead = Pick<Notice, "id" | "customer" | "type" | "priority">;

export function noticeHead(n: Notice): NoticeHead {
  return { id: n.id, customer: n.customer, type: n.type, priority: n.priority };
}

export interface Names {
  person(id: string | undefined): string;
  customer(id: string | undefined): string;
}

export function namesOf(people: readonly Person[], customers: readonly Customer[]): Names {
  const p = new Map(people.map((x) => [x.id, x.name]));
  const c = new Map(customers.map((x) => [x.id, x.name]));
  return {
    person: (id) => (id ? (p.get(id) ?? id) : ""),
    customer: (id) => (id ? (c.get(id) ?? id) : ""),
  };
}

export interface NoticeRow {
  id: string;
  status: NoticeStatus;
  issued: string;
  customer: string;
  customerName: string;
  type: string;
  priority: string;
  requester: string;
  signedBy?: string;
  gmAbsent?: boolean;
  letters: string[];
}

export function noticeRows(
  notices: readonly Notice[],
  letters: readonly Pick<Letter, "id" | "notice">[],
  names: Names,
): NoticeRow[] {
  const lettersOf = new Map<string, string[]>();
  for (const l of letters) if (l.notice) lettersOf.set(l.notice, [...(lettersOf.get(l.notice) ?? []), l.id]);
  return [...notices]
    .sort((a, b) => a.issued.at.localeCompare(b.issued.at) || a.id.localeCompare(b.id))
    .map((n) => ({
      id: n.id,
      status: statusOf(n, lettersOf.has(n.id)),
      issued: n.issued.at,
      customer: n.customer,
      customerName: names.customer(n.customer),
      type: n.type,
      priority: n.priority,
      requester: n.issued.by,
      ...(n.signature ? { signedBy: n.signature.by, gmAbsent: n.signature.gmAbsent } : {}),
      letters: lettersOf.get(n.id) ?? [],
    }));
}

// ------------------------------------------------------------------------------------------------ letters

export interface LetterRow {
  id: string;
  status: string;
  engineer: string;
  engineerName: string;
  customer: string;
  customerName: string;
  notice?: string;
  type?: string;
  priority?: string;
  assigned: string;
  estimate: string;
  completed?: string;
  unsigned?: boolean;
}

/** The customer a letter serves: its notice's, or the unplanned letter's own. */
export function letterCustomer(l: LetterHead, notices: ReadonlyMap<string, NoticeHead>): string {
  return l.unplanned?.customer ?? (l.notice ? (notices.get(l.notice)?.customer ?? "") : "");
}

export function letterRows(
  letters: readonly LetterHead[],
  notices: readonly NoticeHead[],
  names: Names,
): LetterRow[] {
  const byId = new Map(notices.map((n) => [n.id, n]));
  return [...letters]
    .sort((a, b) => a.assigned.at.localeCompare(b.assigned.at) || a.id.localeCompare(b.id))
    .map((l) => {
      const customer = letterCustomer(l, byId);
      return {
        id: l.id,
        status: l.status,
        engineer: l.engineer,
        engineerName: names.person(l.engineer),
        customer,
        customerName: names.customer(customer),
        ...(l.notice ? { notice: l.notice } : {}),
        ...(l.notice && byId.get(l.notice)
          ? { type: byId.get(l.notice)!.type, priority: byId.get(l.notice)!.priority }
          : {}),
        assigned: l.assigned.at,
        estimate: l.estimate,
        ...(l.completion ? { completed: l.completion.at, unsigned: l.completion.unsigned } : {}),
      };
    });
}

// ------------------------------------------------------------------------------------------------ incidents

export interface IncidentRow {
  id: string;
  class: "I" | "II";
  status: string;
  engineer: string;
  engineerName: string;
  date: string;
  cause: string;
  letter?: string;
  reflected?: string;
  notified?: string;
}

export function incidentRows(
  incidents: readonly Incident[],
  names: Names,
  state: (i: Incident) => string,
): IncidentRow[] {
  return [...incidents]
    .sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id))
    .map((i) => ({
      id: i.id,
      class: i.class,
      status: state(i),
      engineer: i.engineer,
      engineerName: names.person(i.engineer),
      date: i.date,
      cause: i.cause,
      ...(i.letter ? { letter: i.letter } : {}),
      ...(i.reflection ? { reflected: i.reflection.at } : {}),
      ...(i.notification ? { notified: i.notification.at } : {}),
    }));
}

// ------------------------------------------------------------------------------------------------ ledger

export interface LedgerRow {
  letter: string;
  notice?: string;
  customer: string;
  customerName: string;
  engineer: string;
  engineerName: string;
  type?: string;
  /** Completion day (department zone). */
  completed: string;
  attitude?: string;
  skill?: string;
  result?: string;
  /** The customer signed (false: unsigned, counted as three 差). */
  signed: boolean;
  signedBy?: string;
  forged: boolean;
  confirmed: string;
  confirmedBy: string;
  status: string;
}

/**
 * The sales admin's ledger (台账): every letter the supervisor has confirmed, with its customer,
 * engineer, completion date, the customer's three ratings and whether the customer signed. `month`
 * (YYYY-MM) keeps the letters completed in that month (the month the assessment counts them in).
 */
export function ledgerRows(
  letters: readonly Letter[],
  notices: readonly Notice[],
  names: Names,
  tz: string,
  month?: string,
): LedgerRow[] {
  const byId = new Map(notices.map((n) => [n.id, n]));
  return letters
    .filter((l) => l.confirmation && l.completion)
    .filter((l) => !month || monthLocal(l.completion!.at, tz) === month)
    .sort((a, b) => a.completion!.at.localeCompare(b.completion!.at) || a.id.localeCompare(b.id))
    .map((l) => {
      const c = l.completion!;
      const customer = letterCustomer(l, byId);
      const type = l.notice ? byId.get(l.notice)?.type : undefined;
      return {
        letter: l.id,
        ...(l.notice ? { notice: l.notice } : {}),
        customer,
        customerName: names.customer(customer),
        engineer: l.engineer,
        engineerName: names.person(l.engineer),
        ...(type ? { type } : {}),
        completed: dateLocal(c.at, tz),
        ...(c.ratings
          ? { attitude: c.ratings.attitude, skill: c.ratings.skill, result: c.ratings.result }
          : {}),
        signed: !c.unsigned && !c.forged,
        ...(c.signature?.signedBy ? { signedBy: c.signature.signedBy } : {}),
        forged: Boolean(c.forged),
        confirmed: l.confirmation!.at,
        confirmedBy: l.confirmation!.by,
        status: l.status,
      };
    });
}

// ------------------------------------------------------------------------------------------------ history

export interface HistoryEvent {
  at: string;
  by?: string;
  /** Who entered it for `by` (--as). */
  as?: string;
  what: string;
  detail?: string;
  backdated?: boolean;
}

const LABELS: Record<string, [string, string]> = {
  issued: ["出单", "issued"],
  signature: ["签字", "signed"],
  cancelled: ["作废", "cancelled"],
  assigned: ["派工", "assigned"],
  site: ["现场情况确认", "site confirmed"],
  ack: ["首次响应", "first response"],
  arrival: ["到场/开始远程处理", "arrived / remote work started"],
  approval: ["批准", "approved"],
  completion: ["完工（客户评价）", "completed (customer rating)"],
  forged: ["认定签字伪造", "signature marked forged"],
  reassignments: ["改派", "reassigned"],
  appointments: ["改约", "appointment moved"],
  return: ["返回确认", "return confirmed"],
  confirmation: ["主管确认", "confirmed by the supervisor"],
  followup: ["回访", "follow-up visit"],
  survey: ["客服回访", "customer survey"],
  archive: ["结案", "archived"],
  countersign: ["补签", "countersigned"],
  delays: ["申请延期", "delay recorded"],
  changes: ["客户更改要求", "customer change request"],
  customerConfirmation: ["客户书面确认", "customer's written confirmation"],
  gmApproval: ["总经理批准", "approved by the GM"],
  opened: ["登记", "recorded"],
  reflection: ["事故反思", "reflection"],
  notification: ["事故通报", "incident notice"],
  recorded: ["登记", "recorded"],
  drafted: ["编制", "drafted"],
};

const LOG_TYPES: Record<string, [string, string]> = {
  记录: ["服务记录", "service log"],
  上报: ["书面上报", "written report"],
  汇报: ["出差状态汇报", "status report"],
};

function label(key: string): string {
  const l = LABELS[key];
  return l ? t(l[0], l[1]) : key;
}

function excerpt(s: unknown, n = 40): string | undefined {
  if (typeof s !== "string") return undefined;
  const one = s.replace(/\s+/g, " ").trim();
  return one.length > n ? `${one.slice(0, n)}…` : one;
}

/**
 * Every dated step a record carries (any object with an `at` time), oldest first: who did what when,
 * as the record tells it. Log entries are named by their type; nested approvals by their own label.
 */
export function recordHistory(record: AnyRecord): HistoryEvent[] {
  const out: HistoryEvent[] = [];
  const visit = (value: unknown, key: string, parent?: string) => {
    if (Array.isArray(value)) {
      for (const v of value) visit(v, key, parent);
      return;
    }
    if (!value || typeof value !== "object") return;
    const o = value as Record<string, unknown>;
    if (typeof o.at === "string" && /^\d{4}-\d{2}-\d{2}T/.test(o.at)) {
      let what = label(key);
      let detail: string | undefined;
      if (key === "log") {
        const lt = LOG_TYPES[String(o.type)];
        what = lt ? t(lt[0], lt[1]) : String(o.type);
        detail = excerpt(o.text);
      } else if (key === "approval" && parent === "delays") what = t("批准延期", "extension approved");
      else if (key === "delays") {
        const meaning = DELAY_REASON_TITLES[o.reason as keyof typeof DELAY_REASON_TITLES];
        detail = `${o.reason}${meaning ? t(`（${meaning[0]}）`, ` (${meaning[1]})`) : ""} → ${o.until}`;
      } else if (key === "reassignments") detail = `${o.from} → ${o.to}：${excerpt(o.reason)}`;
      else if (key === "appointments") detail = `${o.from ?? "—"} → ${o.to}：${excerpt(o.reason)}`;
      else if (key === "site") detail = o.matches ? t("一致", "matches") : excerpt(o.difference);
      else if (key === "completion") {
        const r = o.ratings as Record<string, string> | undefined;
        const parts = r
          ? [
              `${t("态度", "attitude")}=${r.attitude}`,
              `${t("水平", "skill")}=${r.skill}`,
              `${t("结果", "result")}=${r.result}`,
            ]
          : [];
        parts.push(o.unsigned ? t("无客户签字", "unsigned") : t("客户已签字", "signed"));
        detail = parts.join(" ");
      } else if (key === "signature" && o.gmAbsent)
        detail = t("总经理不在，主管代签", "GM absent, signed by the supervisor");
      else detail = excerpt(o.text ?? o.reason ?? o.note ?? o.description ?? o.plan);
      out.push({
        at: o.at,
        ...(typeof o.by === "string" ? { by: o.by } : {}),
        ...(typeof o.as === "string" ? { as: o.as } : {}),
        what,
        ...(detail ? { detail } : {}),
        ...(o.backdated ? { backdated: true } : {}),
      });
    }
    for (const [k, v] of Object.entries(o)) if (v && typeof v === "object") visit(v, k, key);
  };
  for (const [k, v] of Object.entries(record)) if (v && typeof v === "object") visit(v, k);
  // Top-level submission of periodic records (weekly reports …).
  const r = record as Record<string, unknown>;
  if (typeof r.submitted === "string")
    out.push({
      at: r.submitted,
      ...(typeof r.by === "string" ? { by: r.by } : {}),
      what: t("提交", "submitted"),
      ...(r.backdated ? { backdated: true } : {}),
    });
  return out.sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime());
}

/** An amendment of a record as an event of its history: 更正 — fields old → new, and why (D15). */
export function amendmentEvent(a: Amendment): HistoryEvent {
  const show = (v: unknown) => (v === undefined ? "—" : typeof v === "string" ? v : JSON.stringify(v));
  const fields = a.changes.map((c) => `${c.path} ${show(c.before)} → ${show(c.after)}`).join("；");
  return {
    at: a.at,
    by: a.by,
    what: t(`更正（${a.id}）`, `corrected (${a.id})`),
    detail: excerpt(
      `${fields}：${a.reason}${a.attachments?.length ? t("（附件）", " (attached)") : ""}`,
      120,
    ),
  };
}

export interface GitEvent {
  commit: string;
  author: string;
  email: string;
  at: string;
  subject: string;
}

/** Parse `git log --format=%H%x1f%an%x1f%ae%x1f%aI%x1f%s` output. */
export function parseGitLog(stdout: string): GitEvent[] {
  return stdout
    .split("\n")
    .filter((l) => l.includes("\x1f"))
    .map((line) => {
      const [commit, author, email, at, subject] = line.split("\x1f");
      return { commit, author, email, at, subject };
    });
}

/** The record's fields as "label: value" lines for the terminal (nested objects flattened with dots). */
export function fieldLines(record: AnyRecord): [string, string][] {
  const out: [string, string][] = [];
  const walk = (v: unknown, path: string) => {
    if (Array.isArray(v)) {
      if (v.every((x) => typeof x !== "object")) out.push([path, v.join(", ")]);
      else
        v.forEach((x, i) => {
          walk(x, `${path}[${i}]`);
        });
    } else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k);
    } else if (v !== undefined) out.push([path, String(v)]);
  };
  walk(record, "");
  return out;
}

/** A schema title without a long parenthetical explanation: 工具（必带 U盘、螺丝刀、笔记本电脑） → 工具. */
function brief(title: string): string {
  return (
    title
      .replace(/（[^）]{5,}）/g, "")
      .replace(/\([^)]{8,}\)/g, "")
      .trim() || title
  );
}

interface SchemaNode {
  title?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  anyOf?: SchemaNode[];
}

/**
 * The schema's title for a field path as printed by fieldLines ("completion.ratings.attitude",
 * "log[0].text"), e.g. 完工与客户评价 / 客户评价 / 态度 → "态度"; the path itself when unknown.
 */
export function fieldTitle(schema: SchemaNode, path: string): string {
  let node: SchemaNode | undefined = schema;
  const parts = path.split(".");
  const titles: string[] = [];
  for (const raw of parts) {
    const m = /^([^[]+)((?:\[\d+\])*)$/.exec(raw);
    if (!m || !node) return path;
    const objectNode: SchemaNode | undefined = node.properties ? node : node.anyOf?.find((n) => n.properties);
    node = objectNode?.properties?.[m[1]];
    if (!node) return path;
    const index = m[2];
    if (index) {
      if (node.title)
        titles.push(`${brief(node.title)}${index.replace(/\[(\d+)\]/g, (_, i) => `${Number(i) + 1}`)}`);
      node = node.items;
      if (!node) return path;
    } else if (node.title) titles.push(brief(node.title));
  }
  // Keep the last two levels: enough to tell 派工.时间 from 批准.时间.
  return titles.slice(-2).join("·") || path;
}

/**
 * The solution step of a letter's history (issue 14): the record keeps the text but no time, so its
 * time and author are the commit that wrote it (`solution L…`), else the assignment it came with.
 */
export function solutionEvent(
  letter: Letter,
  commits: readonly GitEvent[],
  people: readonly Pick<Person, "id" | "email">[],
): HistoryEvent | undefined {
  if (!letter.preparation.solution) return undefined;
  const detail = excerpt(letter.preparation.solution);
  const c = commits.find((x) => /^(solution|prepare) /.test(x.subject));
  const by = c && people.find((p) => p.email.toLowerCase() === c.email.toLowerCase())?.id;
  return c
    ? {
        at: c.at,
        ...(by ? { by } : {}),
        what: t("解决方案", "solution prepared"),
        ...(detail ? { detail } : {}),
      }
    : {
        at: letter.assigned.at,
        by: letter.assigned.by,
        what: t("解决方案（随派工）", "solution (with the assignment)"),
        ...(detail ? { detail } : {}),
      };
}
