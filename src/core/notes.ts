// Warnings a lower layer has to tell the user without printing itself (the render layer keeping a
// document a person edited by hand, issue 13): collected here, printed by the command wrapper
// (commands/kit.ts `action`) on stderr after the command ran — also when it failed.
const pending: string[] = [];

/** A warning for the user, printed once at the end of the command. */
export function note(message: string): void {
  if (!pending.includes(message)) pending.push(message);
}

/** The warnings collected so far, emptied. */
export function takeNotes(): string[] {
  return pending.splice(0, pending.length);
}
