// Amendments (D11, D15): how a correction names what it changes — a JSON Pointer into the record it
// targets — and who may amend what. Pure: the schema to check a pointer against is passed in.
import { Refused } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import type { Amendment } from "../schemas/index.ts";

/**
 * Who may write an amendment (D11, D15): the supervisor and the GM, of every kind — a signed sheet
 * (`svc assess amend`), a signed notice (`svc notice correct`), the customer's ratings (`svc ratings
 * correct`), a forgery (`svc forged`), a record entered into a signed month (`--amend-reason`).
 */
export const AMENDING_ROLES = ["supervisor", "gm"] as const;

/**
 * The field naming the person a record is about: whose fines it decides (D16). Nobody amends a record
 * about himself beyond the note of his own step (OWN_AMENDMENTS), whatever his roles — found by
 * attack: one both engineer and supervisor moved his own letter's estimate with his own amendment.
 */
export const ABOUT: Readonly<Record<string, string>> = {
  letter: "engineer",
  weekly: "engineer",
  incident: "engineer",
  "department-weekly": "by",
};

/**
 * What the person a record is about may amend himself — the D11 note of his own step, and nothing
 * else: his weekly report resubmitted into a signed month (`svc weekly --force --amend-reason`: the
 * whole report; the supervisor's department report likewise), his incident's reflection written after
 * its month was signed (`svc incident reflect`). Found by attack: an amendment was the authority for
 * any change whoever wrote it — an engineer moved his own letter's estimate ten days later by
 * committing one with the edit, and `svc check --history` accepted it.
 */
export const OWN_AMENDMENTS: Readonly<Record<string, readonly string[]>> = {
  weekly: ["/"],
  "department-weekly": ["/"],
  incident: ["/reflection"],
};

/** Kinds whose amendments are the sheets' own corrections (the rest are D11 closed-month notes). */
export const SHEET_KINDS = ["assessment", "payroll"] as const;

/** Every change of the amendment is within what the person a `kind` record is about may amend (OWN_AMENDMENTS). */
export function ownStepOnly(kind: string | undefined, changes: unknown): boolean {
  const paths = kind ? OWN_AMENDMENTS[kind] : undefined;
  if (!paths || !Array.isArray(changes) || !changes.length) return false;
  return changes.every((c) => {
    const path = (c as { path?: unknown } | null)?.path;
    return typeof path === "string" && paths.some((p) => p === "/" || path === p || path.startsWith(`${p}/`));
  });
}

/** Where a sheet keeps one entry per person (its line list or pay row). */
const SHEET_ENTRIES: Readonly<Record<string, string>> = { assessment: "people", payroll: "rows" };

/**
 * Does this amendment of a signed sheet change `person`'s own entry — his assessment lines and total,
 * his pay row (D16: nobody corrects what decides his own pay)? `versions`: the sheet as known. A
 * change of the whole entry list compares his entry before and after; a change of the whole sheet
 * counts as his when he is on it. Found by attack: the supervisor amended his own signed line from
 * −220 to −100 and the payroll paid it.
 */
export function amendsOwnSheetEntry(
  kind: string | undefined,
  versions: readonly (Record<string, unknown> | undefined)[],
  changes: unknown,
  person: string,
): boolean {
  const list = kind ? SHEET_ENTRIES[kind] : undefined;
  if (!list || !Array.isArray(changes)) return false;
  const entries = (v: unknown) => (Array.isArray(v) ? (v as { person?: unknown }[]) : []);
  const mine = (v: unknown) => JSON.stringify(entries(v).find((e) => e?.person === person));
  return changes.some((c) => {
    const { path, before, after } = (c ?? {}) as { path?: unknown; before?: unknown; after?: unknown };
    if (typeof path !== "string") return false;
    if (path === "" || path === "/") return versions.some((v) => mine(v?.[list]) !== undefined);
    if (path === `/${list}`) return mine(before) !== mine(after);
    const m = new RegExp(`^/${list}/(\\d+|-)(?:/|$)`).exec(path);
    if (!m) return false;
    if (m[1] === "-") return (after as { person?: unknown } | null)?.person === person;
    return versions.some((v) => entries(v?.[list])[Number(m[1])]?.person === person);
  });
}

/**
 * May this person write this amendment of the target — `versions`: the record as it was and as the
 * commit leaves it, those known (a record about him before or after the change is about him)? Of a
 * record about himself (ABOUT) only the note of his own step; of his own entry on a signed sheet only
 * the GM; of any other, when he is the supervisor or the GM. `changes`: the amendment's changes (their paths).
 */
export function mayAmend(
  person: { id: string; roles: readonly string[] } | undefined,
  targetKind: string | undefined,
  versions: readonly (Record<string, unknown> | undefined)[],
  changes: unknown,
): boolean {
  if (!person) return false;
  if (amendsOwnSheetEntry(targetKind, versions, changes, person.id)) return person.roles.includes("gm");
  const field = targetKind ? ABOUT[targetKind] : undefined;
  if (field && versions.some((v) => v?.[field] === person.id)) return ownStepOnly(targetKind, changes);
  return person.roles.some((r) => (AMENDING_ROLES as readonly string[]).includes(r));
}

/** Why `who` may not write this amendment of `target` (mayAmend refused): for history-role and svc check alike. */
export function amendRefusal(who: string, target: unknown, ownEntry: boolean): string {
  return ownEntry
    ? t(
        `${who} 更正了 ${String(target)} 上他本人的一栏：本人的考核、工资由总经理更正`,
        `${who} amended their own entry on ${String(target)}: one's own assessment or pay is corrected by the GM`,
      )
    : t(
        `${who} 不能写 ${String(target)} 的更正记录：更正记录由主管或总经理写，本人只能为自己的周报、事故反思写`,
        `${who} may not write an amendment of ${String(target)}: amendments are the supervisor's or the GM's; an engineer writes one only for his own weekly report or incident reflection`,
      );
}

/** Segments that would reach an object's prototype instead of its data. */
const FORBIDDEN = new Set(["__proto__", "constructor", "prototype"]);

/**
 * The segments of a JSON Pointer (RFC 6901: "" is the whole record, "/a/0/b" a path), or a reason it
 * is not one svc applies: not starting with "/", or naming a prototype (`/__proto__/…`).
 */
export function pointerSegments(pointer: unknown): { segments: string[] } | { problem: string } {
  if (typeof pointer !== "string" || (pointer !== "" && !pointer.startsWith("/")))
    return { problem: t("不是以 / 开头的 JSON Pointer", "not a JSON Pointer (it must start with /)") };
  const segments =
    pointer === "" || pointer === "/"
      ? []
      : pointer
          .split("/")
          .slice(1)
          .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  const bad = segments.find((s) => FORBIDDEN.has(s));
  if (bad !== undefined) return { problem: t(`含有不允许的段 ${bad}`, `names ${bad}, which is not a field`) };
  return { segments };
}

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  additionalProperties?: boolean | JsonSchema;
};

/** Does the pointer name a place the record's schema has (a field, an array item or "-" to append)? */
export function pointerInSchema(segments: readonly string[], schema: unknown): boolean {
  let nodes: JsonSchema[] = [schema as JsonSchema];
  for (const seg of segments) {
    const next: JsonSchema[] = [];
    const visit = (n: JsonSchema | undefined) => {
      if (!n || typeof n !== "object") return;
      for (const alt of [...(n.anyOf ?? []), ...(n.oneOf ?? []), ...(n.allOf ?? [])]) visit(alt);
      if (n.properties && Object.hasOwn(n.properties, seg)) next.push(n.properties[seg]);
      else if (n.additionalProperties && typeof n.additionalProperties === "object")
        next.push(n.additionalProperties);
      if (n.items && (seg === "-" || /^(0|[1-9]\d*)$/.test(seg))) next.push(n.items);
      // an untyped value (Type.Unknown) holds anything below it
      if (!n.type && !n.properties && !n.items && !n.anyOf && !n.oneOf && !n.allOf) next.push({});
    };
    for (const n of nodes) visit(n);
    if (!next.length) return false;
    nodes = next;
  }
  return true;
}

/**
 * Set a value at a JSON Pointer; a final "-" appends to an array. Only the record's own data is
 * walked and written: a pointer into a prototype, or one that does not resolve, is refused (an
 * amendment written by hand; `svc check --history` names it).
 */
export function setPointer(root: unknown, pointer: string, value: unknown, what = ""): void {
  const parsed = pointerSegments(pointer);
  const refuse = (why: string) =>
    new Refused(
      t(
        `更正记录 ${what} 的路径 ${pointer} 无效：${why}`,
        `amendment ${what}: its path ${pointer} is invalid: ${why}`,
      ),
      t(
        "更正记录只能由 svc 写成；用 svc check --history 查看",
        "amendments are written by svc; see svc check --history",
      ),
    );
  if ("problem" in parsed) throw refuse(parsed.problem);
  const parts = parsed.segments;
  if (!parts.length) return; // the whole record: a closed-month note, nothing to apply
  let cur = root as Record<string, unknown>;
  for (let i = 0; i < parts.length - 1; i++) {
    const next = Object.hasOwn(cur, parts[i]) ? cur[parts[i]] : undefined;
    if (!next || typeof next !== "object") throw refuse(t("路径不存在", "it does not resolve"));
    cur = next as Record<string, unknown>;
  }
  const last = parts[parts.length - 1];
  if (Array.isArray(cur) && last === "-") cur.push(value);
  else if (value === undefined) delete cur[last];
  else cur[last] = value;
}

/** The value at a JSON Pointer in `root` (undefined where it leads nowhere, and for "-" or ""). */
export function getPointer(root: unknown, pointer: string): unknown {
  const parsed = pointerSegments(pointer);
  if ("problem" in parsed || !parsed.segments.length) return undefined;
  let cur: unknown = root;
  for (const seg of parsed.segments) {
    if (!cur || typeof cur !== "object" || !Object.hasOwn(cur, seg)) return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}

/** The amendments targeting `id`, in the order they apply: the order they were made, then by id. */
export function amendmentsOf(id: string, amendments: readonly Amendment[]): Amendment[] {
  const ms = (iso: string) => new Date(iso).getTime();
  return amendments
    .filter((x) => x.target === id)
    .sort((x, y) => ms(x.at) - ms(y.at) || (x.id < y.id ? -1 : 1));
}

/** A record as amended: the amendments targeting it applied in the order they were made. */
export function applyChanges<T extends { id: string }>(rec: T, amendments: readonly Amendment[]): T {
  const out = structuredClone(rec);
  for (const am of amendmentsOf(rec.id, amendments))
    for (const c of am.changes) setPointer(out, c.path, structuredClone(c.after), am.id);
  return out;
}
