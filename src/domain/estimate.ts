// D3 — the estimate in force: one computation for the assessment, the reports, svc due, the listings,
// the forms and the warnings of svc close (issue 13: "one effective estimate, everywhere").
import { isAfter } from "../core/time.ts";
import type { Letter } from "../schemas/index.ts";

/**
 * The estimate as moved by extensions the supervisor approved with reason B, C or D (the latest such
 * `until`, when later than the estimate). Reason A (took the job but did not serve) never excuses.
 */
export function effectiveEstimate(l: Pick<Letter, "estimate" | "delays">): string {
  let best = l.estimate;
  for (const d of l.delays ?? []) {
    if (d.reason === "A" || !d.approval) continue;
    if (isAfter(d.until, best)) best = d.until;
  }
  return best;
}
