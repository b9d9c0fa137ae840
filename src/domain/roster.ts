// The roster (DOMAIN §1): what nobody changes in his own entry. Pure.

/**
 * What of his own roster entry a person may not change himself: a role added (roles are granted by
 * someone else, §1), and — unless he is the GM — his hire date, which decides the months he is
 * assessed in and his tier (§3, D9). Found by attack: the supervisor moved his own hire date after the
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
  if (added.length) out.push({ field: "roles", added });
  if (before.hired !== after.hired && !actorRoles.includes("gm")) out.push({ field: "hired" });
  return out;
}

export type RosterProblem = "grant-gm" | "gm-entry" | "tier";

/**
 * What of a roster change (`before` undefined: a person added) is the GM's alone (§1, D9): granting the
 * GM role once there is a GM (the first one is added by whoever sets up the roster); changing a GM's
 * entry — his email or signing key is his identity, his roles his power; a tier of someone already on
 * the roster (a tier moves only by the GM's decision, `svc tier set`; the roster's is the starting
 * tier). Found by attack: the supervisor added a second GM and signed as him, set the GM's email to his
 * own and signed, and raised his own tier — each clean for `svc check --history`.
 */
export function rosterChangeProblems(
  before: Readonly<Record<string, unknown>> | undefined,
  after: Readonly<Record<string, unknown>>,
  actorRoles: readonly string[],
  gmExists: boolean,
): RosterProblem[] {
  if (actorRoles.includes("gm")) return [];
  const out: RosterProblem[] = [];
  const roles = (r: Readonly<Record<string, unknown>> | undefined) =>
    new Set(Array.isArray(r?.roles) ? (r.roles as unknown[]) : []);
  if (gmExists && roles(after).has("gm") && !roles(before).has("gm")) out.push("grant-gm");
  if (before && roles(before).has("gm") && JSON.stringify(before) !== JSON.stringify(after))
    out.push("gm-entry");
  if (before && before.tier !== after.tier) out.push("tier");
  return out;
}
