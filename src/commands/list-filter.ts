// The filters every `svc list` shares (issue 14): --customer, --engineer (id, name or part of a name),
// --month, --priority, --overdue, --grep, --limit. Rows keep their order (date, then id: stable).
import { UsageError } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import { PRIORITIES } from "../schemas/enums.ts";
import type { Customer, Person } from "../schemas/index.ts";

export interface FilterOptions {
  customer?: string;
  month?: string;
  priority?: string;
  overdue?: boolean;
  grep?: string;
  limit?: string;
}

/** What a row offers the filters. */
export interface Filterable {
  id: string;
  customer?: string;
  /** YYYY-MM-DD… (local) the row's month is read from. */
  day?: string;
  priority?: string;
  /** All the text --grep searches (the record, the names shown). */
  text: string;
}

/** Check the filters' values before any record is read (exit 2 for a bad one). */
export function checkFilters(o: FilterOptions): { limit?: number } {
  if (o.month !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(o.month))
    throw new UsageError(
      t(`--month 的格式应为 YYYY-MM，而不是 "${o.month}"`, `--month has the form YYYY-MM, not "${o.month}"`),
      t("例如 --month 2026-11", "e.g. --month 2026-11"),
    );
  if (o.priority !== undefined && !(PRIORITIES as readonly string[]).includes(o.priority))
    throw new UsageError(
      t(`未知紧急程度 "${o.priority}"`, `unknown priority "${o.priority}"`),
      `${t("可选", "one of")}: ${PRIORITIES.join(" ")}`,
    );
  if (o.limit === undefined) return {};
  const n = Number(o.limit);
  if (!/^\d+$/.test(o.limit) || n < 1 || n > 1_000_000)
    throw new UsageError(
      t(`--limit 应为正整数，而不是 "${o.limit}"`, `--limit is a positive whole number, not "${o.limit}"`),
    );
  return { limit: n };
}

/** The customers `--customer` names: an id, or every customer whose name contains the text (any case). */
export function customersNamed(customers: readonly Customer[], given: string): Set<string> {
  const exact = customers.find((c) => c.id === given || c.name === given);
  if (exact) return new Set([exact.id]);
  const q = given.toLowerCase();
  const hits = customers.filter((c) => c.name.toLowerCase().includes(q));
  if (!hits.length)
    throw new UsageError(
      t(`没有名称含“${given}”的客户`, `no customer whose name contains "${given}"`),
      t("用 svc show 客户编号 查看客户", "see a customer with svc show CUSTOMER"),
    );
  return new Set(hits.map((c) => c.id));
}

/** The person `--engineer` names: an id, a name, or the one person whose name contains the text. */
export function personNamed(people: readonly Person[], given: string): Person {
  const exact = people.find((p) => p.id === given) ?? people.find((p) => p.name === given);
  if (exact) return exact;
  const q = given.toLowerCase();
  const hits = people.filter((p) => p.name.toLowerCase().includes(q) || p.id.toLowerCase().includes(q));
  if (hits.length === 1) return hits[0];
  if (hits.length > 1)
    throw new UsageError(
      t(`“${given}”不唯一：`, `"${given}" is ambiguous: `) +
        hits.map((p) => `${p.name}（${p.id}）`).join(t("、", ", ")),
      t("给出编号或全名", "give the id or the whole name"),
    );
  throw new UsageError(
    t(`人员名单中没有 ${given}`, `no person ${given} in the roster`),
    t("用 svc people list 查看编号", "see the ids with svc people list"),
  );
}

/**
 * The rows the filters keep, in their order; `--limit N` keeps the newest N (the last ones), still in
 * date order, as the tail of a log.
 */
export function applyFilters<R>(
  rows: readonly R[],
  view: (r: R) => Filterable,
  o: FilterOptions,
  ctx: { customers?: Set<string>; overdue?: Set<string>; limit?: number },
): R[] {
  const q = o.grep?.toLowerCase();
  const kept = rows.filter((r) => {
    const v = view(r);
    if (ctx.customers && !(v.customer && ctx.customers.has(v.customer))) return false;
    if (o.month && !v.day?.startsWith(o.month)) return false;
    if (o.priority && v.priority !== o.priority) return false;
    if (ctx.overdue && !ctx.overdue.has(v.id)) return false;
    if (q && !v.text.toLowerCase().includes(q)) return false;
    return true;
  });
  return ctx.limit && kept.length > ctx.limit ? kept.slice(kept.length - ctx.limit) : kept;
}
