// D11 for the records svc incident / exam / complaint write: once the GM has signed the assessment
// of the month a record counts in, that record changes only together with an amendment record (who,
// when, why) in the same commit — otherwise \`svc check --history\` rejects the change.
// Loaded only inside actions (it is tiny and imports types only).
import { Refused } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import type { Amendment, AnyRecord, Person } from "../schemas/index.ts";
import type { Store } from "../store/store.ts";

export function monthClosed(store: Store, month: string): boolean {
  return monthSignedAt(store, month) !== undefined;
}

/** When the GM signed the month's assessment (D11), or undefined while it is open. */
export function monthSignedAt(store: Store, month: string): string | undefined {
  return store.list("assessment").find((a) => a.month === month && a.signature)?.signature?.at;
}

/**
 * The amendment that must accompany a change to `record` (dated `date`, YYYY-MM-DD) when its month is
 * closed, or undefined when the month is open. `field` names the part added ("" for a new record).
 */
export function closedMonthAmendment(
  store: Store,
  record: AnyRecord,
  date: string,
  field: string,
  actor: Person,
  at: string,
  reason: string,
): Amendment | undefined {
  if (!monthClosed(store, date.slice(0, 7))) return undefined;
  const value = field ? (record as Record<string, unknown>)[field] : record;
  return {
    kind: "amendment",
    id: store.newId("amendment"),
    target: record.id,
    reason,
    changes: [{ path: field ? `/${field}` : "/", after: value }],
    at,
    by: actor.id,
  };
}

/**
 * What to write for a new record dated `date`: the record, and in a closed month the amendment that
 * must go with it — refused there without a reason (--amend-reason).
 */
export function newRecordPuts(
  store: Store,
  record: AnyRecord,
  date: string,
  actor: Person,
  at: string,
  reason: string | undefined,
): { puts: { record: AnyRecord; create: true }[]; amendment?: Amendment } {
  if (monthClosed(store, date.slice(0, 7))) requireAmendReason(date.slice(0, 7), reason);
  const amendment = closedMonthAmendment(store, record, date, "", actor, at, reason ?? "");
  return {
    puts: [{ record, create: true }, ...(amendment ? [{ record: amendment, create: true as const }] : [])],
    amendment,
  };
}

/** A new record dated in a closed month: refused unless a reason is given (--amend-reason). */
export function requireAmendReason(month: string, reason: string | undefined): void {
  if (reason) return;
  throw new Refused(
    t(
      `${month} 的考核表已签字（该月已结账），补登该月的记录须说明原因`,
      `${month} is closed (its assessment is signed); recording something in it needs a reason`,
    ),
    t(
      '加上 --amend-reason "原因"，将同时写入更正记录',
      'add --amend-reason "why"; an amendment is written with it',
    ),
  );
}
