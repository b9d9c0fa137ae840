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
