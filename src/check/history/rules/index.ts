// HISTORY_RULES: every rule `svc check --history` applies, in the order findings are reported. A new
// rule is one entry here (and its test); docs/integrity.md's table is checked against this list
// (test/history.rules.test.ts).
import type { HistoryRule } from "../rule.ts";
import { amendmentPath } from "./amendment.ts";
import { closedMonth } from "./closed-month.ts";
import { author, config, mergeOwn, root } from "./commit.ts";
import { correction } from "./corrections.ts";
import { deleteSigned, notAFile } from "./files.ts";
import { letterEdited } from "./letter-fields.ts";
import { rdOrder } from "./rd.ts";
import { role, selfGrant } from "./role.ts";
import { settings } from "./settings.ts";
import { immutable, ratingEdited, ratingOutsideClose, signatureChanged, signatureRemoved } from "./signed.ts";
import { stamp } from "./stamp.ts";
import { state } from "./state.ts";
import { backdate, timeEarlier, timeMoved, weeklySubmitted } from "./times.ts";

export const HISTORY_RULES: readonly HistoryRule[] = [
  // the commit
  author,
  root,
  mergeOwn,
  config,
  settings,
  // what a record file is
  notAFile,
  deleteSigned,
  // who did it
  role,
  selfGrant,
  stamp,
  rdOrder,
  // what is final
  signatureRemoved,
  signatureChanged,
  immutable,
  ratingEdited,
  ratingOutsideClose,
  state,
  letterEdited,
  // times that decide fines
  weeklySubmitted,
  timeEarlier,
  timeMoved,
  backdate,
  // corrections and the closed month
  amendmentPath,
  correction,
  closedMonth,
];

/** docs/integrity.md's table of the history rules (English), one row per rule of HISTORY_RULES. */
export function rulesTable(rules: readonly HistoryRule[] = HISTORY_RULES): string {
  const cell = (s: string) => s.replace(/\|/g, "\\|");
  const kinds = (r: HistoryRule) =>
    r.kinds === "commit" ? "the commit" : r.kinds === "*" ? "every record" : r.kinds.join(", ");
  return [
    "| rule | what it forbids | looks at | DOMAIN |",
    "|---|---|---|---|",
    ...rules.map((r) => `| \`${r.id}\` | ${cell(r.forbids[1])} | ${cell(kinds(r))} | ${cell(r.domain)} |`),
  ].join("\n");
}
