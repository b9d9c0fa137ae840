// The command table. Each module registers one command (or a small group) on the program and
// import()s its domain code only when it runs.
import type { Command } from "commander";

/** A command's module registers it (with its options and subcommands) on the program. */
export type Register = (program: Command) => void;

/**
 * Every command: the names it answers to and its module. Only the module of the command being run is
 * loaded (start-up, issue 7); help and unknown commands load them all, in this order.
 */
export const COMMANDS: {
  names: string[];
  /** Whoever runs it is asked of git (ctx.actor) — asked ahead, while the module loads. */
  actor?: true;
  load: () => Promise<{ default: Register }>;
}[] = [
  { names: ["init"], load: () => import("./init.ts") },
  { names: ["people"], actor: true, load: () => import("./people.ts") },
  { names: ["check"], load: () => import("./check.ts") },
  { names: ["start"], load: () => import("./start.ts") },
  { names: ["incident"], actor: true, load: () => import("./incident.ts") },
  { names: ["exam"], actor: true, load: () => import("./exam.ts") },
  { names: ["complaint"], actor: true, load: () => import("./complaint.ts") },
  { names: ["open"], actor: true, load: () => import("./open.ts") },
  { names: ["equipment"], actor: true, load: () => import("./equipment.ts") },
  { names: ["sign"], actor: true, load: () => import("./sign.ts") },
  { names: ["notice"], actor: true, load: () => import("./notice.ts") },
  { names: ["assign"], actor: true, load: () => import("./assign.ts") },
  { names: ["site"], actor: true, load: () => import("./site.ts") },
  { names: ["ack", "arrive"], actor: true, load: () => import("./ack.ts") },
  { names: ["solution", "prepare"], actor: true, load: () => import("./solution.ts") },
  { names: ["approve"], actor: true, load: () => import("./approve.ts") },
  { names: ["remote"], actor: true, load: () => import("./remote.ts") },
  { names: ["log", "escalate", "checkin", "market"], actor: true, load: () => import("./log.ts") },
  { names: ["change"], actor: true, load: () => import("./change.ts") },
  { names: ["rd"], actor: true, load: () => import("./rd.ts") },
  { names: ["delay"], actor: true, load: () => import("./delay.ts") },
  { names: ["close"], actor: true, load: () => import("./close.ts") },
  { names: ["return"], actor: true, load: () => import("./return.ts") },
  { names: ["confirm"], actor: true, load: () => import("./confirm.ts") },
  { names: ["followup"], actor: true, load: () => import("./followup.ts") },
  { names: ["survey"], actor: true, load: () => import("./survey.ts") },
  { names: ["archive"], actor: true, load: () => import("./archive.ts") },
  { names: ["letter"], actor: true, load: () => import("./letter.ts") },
  { names: ["reassign"], actor: true, load: () => import("./reassign.ts") },
  { names: ["appointment", "reschedule"], actor: true, load: () => import("./appointment.ts") },
  { names: ["forged"], actor: true, load: () => import("./forged.ts") },
  { names: ["ratings"], actor: true, load: () => import("./ratings.ts") },
  { names: ["list"], load: () => import("./list.ts") },
  { names: ["completion", "complete"], load: () => import("./completion.ts") },
  { names: ["show"], load: () => import("./show.ts") },
  { names: ["due"], load: () => import("./due.ts") },
  { names: ["ledger"], load: () => import("./ledger.ts") },
  { names: ["weekly"], actor: true, load: () => import("./weekly.ts") },
  { names: ["monthly"], actor: true, load: () => import("./monthly.ts") },
  { names: ["render"], load: () => import("./render.ts") },
  { names: ["dashboard"], load: () => import("./dashboard.ts") },
  { names: ["sync"], load: () => import("./sync.ts") },
  { names: ["assess"], actor: true, load: () => import("./assess.ts") },
  { names: ["payroll"], actor: true, load: () => import("./payroll.ts") },
  { names: ["tier"], actor: true, load: () => import("./tier.ts") },
  { names: ["ci"], actor: true, load: () => import("./ci.ts") },
  { names: ["hooks"], load: () => import("./hooks.ts") },
];
