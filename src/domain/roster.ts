// The roster (DOMAIN §1, D9): what nobody changes in his own entry, and what only the GM changes. Pure.

/**
 * What of his own roster entry a person may not change himself: a role added (roles are granted by
 * someone else, §1; the GM, with nobody above him, grants his own), and — unless he is the GM — his
 * hire date, which decides the months he is assessed in and his tier (§3, D9). Found by attack: the supervisor moved his own hire date after the
 * month and left its assessment sheet, −220 with him; svc wrote it and history-self-grant judged only
 * the roles.
 */
export function selfEditProblems(
  before: Readonly<Record<string, unknown>>,
  after: Readonly<Record<string, unknown>>,
  actorRoles: readonly string[],
): { field: "roles" | "hired"; added?: string[] }[] {
  const out: { field: "roles" | "hired"; added?: string[] }[] = [];
  const had = new Set(Array.isArray(before.roles) ? before.roles : []);
  const added = (Array.isArray(after.roles) ? after.roles : []).filter((r) => !had.has(r)) as string[];
  if (added.length && !actorRoles.includes("gm")) out.push({ field: "roles", added }); // the GM has none above him
  if (before.hired !== after.hired && !actorRoles.includes("gm")) out.push({ field: "hired" });
  return out;
}

export type RosterProblem = "grant-gm" | "grant-supervisor" | "gm-entry" | "tier" | "remove";

/**
 * What of a roster change (`before` undefined: a person added; `after` undefined: removed) is the GM's
 * alone (§1, D9): granting the GM or the supervisor role once there is a GM (the first ones are added
 * by whoever sets up the roster; a second supervisor identity was the supervisor's way around the
 * rules on his own line); taking anyone off the roster (people leave with --inactive; a GM removed was
 * a GM re-added under another email, a person removed and re-added a tier raised); changing a GM's
 * entry — his email or signing key is his identity, his roles his power; a tier of someone already on
 * the roster (a tier moves only by the GM's decision, `svc tier set`; the roster's is the starting
 * tier). Found by attack: the supervisor added a second GM and signed as him, set the GM's email to his
 * own and signed, and raised his own tier — each clean for `svc check --history`.
 */
export function rosterChangeProblems(
  before: Readonly<Record<string, unknown>> | undefined,
  after: Readonly<Record<string, unknown>> | undefined,
  actorRoles: readonly string[],
  gmExists: boolean,
): RosterProblem[] {
  if (actorRoles.includes("gm")) return [];
  if (before && !after) return ["remove"];
  if (!after) return [];
  const out: RosterProblem[] = [];
  const roles = (r: Readonly<Record<string, unknown>> | undefined) =>
    new Set(Array.isArray(r?.roles) ? (r.roles as unknown[]) : []);
  if (gmExists && roles(after).has("gm") && !roles(before).has("gm")) out.push("grant-gm");
  if (gmExists && roles(after).has("supervisor") && !roles(before).has("supervisor"))
    out.push("grant-supervisor");
  if (before && roles(before).has("gm") && JSON.stringify(before) !== JSON.stringify(after))
    out.push("gm-entry");
  if (before && before.tier !== after.tier) out.push("tier");
  return out;
}
