// D8 ahead of time (issue 13): December's payroll fails while `pay.bonus.pools` has no pool for an
// engineer's region, and nothing said so before. From two months ahead of each half-year bonus month
// (April for June, October for December, with the default [6, 12]) to the bonus month itself, `svc
// check` warns, naming the bonus month and the regions without a pool in that month's settings
// (effective-dated, configForMonth). Pure: the month and the roster are parameters.
import { addMonths } from "../core/time.ts";
import type { Config, Person } from "../schemas/index.ts";
import { configForMonth } from "./settings.ts";

export interface MissingPools {
  /** The bonus month, YYYY-MM. */
  month: string;
  /** Regions of active engineers without a pool (sorted). */
  regions: string[];
  /** Active engineers without a region (no pool can apply to them). */
  noRegion: string[];
}

/** How many months before a bonus month the warning starts (April for June). */
export const BONUS_WARN_AHEAD = 2;

export function missingBonusPools(config: Config, people: Person[], month: string): MissingPools[] {
  const engineers = people.filter((p) => p.roles.includes("engineer") && p.active !== false);
  if (!engineers.length) return [];
  const out: MissingPools[] = [];
  for (let k = 0; k <= BONUS_WARN_AHEAD; k++) {
    const m = addMonths(month, k);
    const c = configForMonth(config, m);
    if (!c.pay.bonus.months.includes(Number(m.slice(5, 7)))) continue;
    const pools = c.pay.bonus.pools ?? {};
    const regions = [...new Set(engineers.flatMap((p) => (p.region ? [p.region] : [])))]
      .filter((r) => pools[r] === undefined)
      .sort();
    const noRegion = engineers
      .filter((p) => !p.region)
      .map((p) => p.id)
      .sort();
    if (regions.length || noRegion.length) out.push({ month: m, regions, noRegion });
  }
  return out;
}
