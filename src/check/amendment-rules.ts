// svc check on amendments (D11, D15): a record as its amendments make it must still be a record of its
// kind. The changes' values are data the schema of an amendment cannot type (`after` is anything), so
// a hand-written `after: 无` for a sheet's lines, or `after: null` for a notice's phone, passed svc
// check and then crashed svc payroll, svc tier and svc render (found by attack). Each amendment is
// applied in the order they apply (applyChanges) and the record validated after it; what it broke is
// reported at that amendment's change.

import { isDeepStrictEqual } from "node:util";
import { Refused } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import {
  AMENDING_ROLES,
  amendmentsOf,
  amendRefusal,
  amendsOwnSheetEntry,
  getPointer,
  ownStepOnly,
  pointerSegments,
  SHEET_KINDS,
  setPointer,
} from "../domain/amendments.ts";
import type { Amendment, Kind } from "../schemas/index.ts";
import { kindOfId } from "../schemas/kinds.ts";
import { validateData } from "../store/validate.ts";
import type { Issue, RuleInput } from "./rules.ts";

export async function amendedRecordsValid(input: RuleInput, out: Issue[]): Promise<void> {
  const amendments = input.of("amendment");
  for (const target of new Set(amendments.map((a) => a.target))) {
    const entry = input.snap.byId.get(target);
    if (!entry) continue; // reported by referencesResolve
    const kind = entry.kind as Kind;
    const sheet = (SHEET_KINDS as readonly string[]).includes(kind);
    let rec: unknown = structuredClone(entry.record);
    let before = new Set((await validateData(kind, rec)).map(key));
    for (const am of amendmentsOf(target, amendments)) {
      // applied change by change, as applyChanges does, to say which change's path leads nowhere
      const next = structuredClone(rec);
      const failed = am.changes.findIndex((c, i) => {
        // A sheet's file is never edited, its amendments apply to it in order: what a change says was
        // there must be what was there (found by attack: a `before` copied from `after` hid that the
        // supervisor's change of the whole list changed his own line).
        if (sheet && c.before !== undefined && !isDeepStrictEqual(getPointer(next, c.path), c.before)) {
          out.push({
            id: am.id,
            path: ["changes", i, "before"],
            rule: "amendment",
            message: t(
              `更正前的值与 ${target}（按其之前的更正）在 ${c.path} 的值不符`,
              `the value before does not match what ${target} (with its earlier amendments) held at ${c.path}`,
            ),
          });
          return true;
        }
        try {
          setPointer(next, c.path, structuredClone(c.after), am.id);
          return false;
        } catch (e) {
          if (!(e instanceof Refused)) throw e;
          out.push({
            id: am.id,
            path: ["changes", i, "path"],
            rule: "amendment",
            value: c.path,
            message: e.message,
          });
          return true;
        }
      });
      if (failed >= 0) continue;
      const problems = await validateData(kind, next);
      for (const p of problems.filter((p) => !before.has(key(p)))) {
        const i = changeOf(am, p.path);
        out.push({
          id: am.id,
          path: ["changes", i, "after"],
          rule: "amendment",
          value: am.changes[i]?.after === undefined ? undefined : JSON.stringify(am.changes[i]?.after),
          message: t(
            `更正后 ${target} 不再是有效的记录：${p.message}`,
            `as amended, ${target} is no longer a valid record: ${p.message}`,
          ),
        });
      }
      rec = next;
      before = new Set(problems.map(key));
    }
  }
}

const key = (p: { path: (string | number)[]; message: string }) => `${p.path.join("/")} ${p.message}`;

/** The change whose path leads to (or into) the problem's path; the first change when none does. */
function changeOf(am: Amendment, path: (string | number)[]): number {
  const at = path.map(String);
  let best = 0;
  let depth = -1;
  am.changes.forEach((c, i) => {
    const seg = pointerSegments(c.path);
    if (!("segments" in seg)) return;
    const s = seg.segments.map((x) => (x === "-" ? "" : x));
    const n = s.findIndex((x, k) => x !== "" && x !== at[k]);
    const common = n < 0 ? s.length : n;
    if (common === s.filter((x) => x !== "").length && common > depth) [best, depth] = [i, common];
  });
  return best;
}

/**
 * D11/D15 who wrote an amendment (its `by`): the supervisor or the GM, else only the note of one's own
 * step (ownStepOnly: a weekly report, an incident's reflection). Whether the record was about him when
 * he wrote it is history-role's to judge, at the commit (found by attack: judged by the record as it is
 * now, an engineer's reflection note became an error once the incident was corrected to another).
 */
export function amendmentAuthors(input: RuleInput, out: Issue[]): void {
  for (const am of input.of("amendment")) {
    const person = input.people.get(am.by);
    if (!person) continue; // reported by referencesResolve
    const refuse = (message: string) =>
      out.push({ id: am.id, path: ["by"], rule: "role", value: am.by, message });
    const target = input.snap.byId.get(am.target);
    const kind = target?.kind ?? kindOfId(am.target);
    if (
      amendsOwnSheetEntry(kind, [target?.record as Record<string, unknown> | undefined], am.changes, am.by)
    ) {
      if (!person.roles.includes("gm")) refuse(amendRefusal(am.by, am.target, true));
      continue;
    }
    if (person.roles.some((r) => (AMENDING_ROLES as readonly string[]).includes(r))) continue;
    if (ownStepOnly(kind, am.changes)) continue;
    refuse(amendRefusal(am.by, am.target, false));
  }
}
