// Effective-dated settings (issue 12 case 4). svc.yaml's own values are the base; `revisions` change the
// money settings (amounts, deadlines, thresholds, the time zone: MONTH_KEYS) from a month on:
//
//   revisions:
//     - from: 2027-01
//       set: { pay: { travel: { dailyRate: 100 } }, fines: { engineer: { overdue: 80 } } }
//
// The settings in force for month M are the base with every revision whose `from` ≤ M laid on it, in
// order (objects merged key by key, anything else replaced). The assessment and the payroll of M are
// computed with M's settings, so a month the GM signed is recomputed exactly as it was signed as long as
// nobody changes what was in force for it — which `svc check --history` refuses
// (src/check/settings-history.ts). Pure.
import type { Config, MonthSettings } from "../schemas/config.ts";
import { deepMerge, MONTH_KEYS } from "../schemas/defaults.ts";

/** The settings in force for `month` (YYYY-MM). */
export function configForMonth(config: Config, month: string): Config {
  let c = config;
  // In the order of their months (svc check asks the file to list them so; a history reading an
  // unchecked version still gets the same answer).
  const revisions = [...(config.revisions ?? [])].sort((a, b) =>
    a.from < b.from ? -1 : a.from > b.from ? 1 : 0,
  );
  for (const r of revisions) if (r.from <= month) c = deepMerge(c, r.set);
  return c;
}

/** Only the money settings of `month`: what a signed month depends on. */
export function monthSettings(config: Config, month: string): MonthSettings {
  const c = configForMonth(config, month);
  return Object.fromEntries(MONTH_KEYS.map((k) => [k, c[k]])) as MonthSettings;
}
