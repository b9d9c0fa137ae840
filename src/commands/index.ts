// The command table. Each module registers one command (or a small group) on the program and
// import()s its domain code only when it runs.
import type { Command } from "commander";

/** A command's module registers it (with its options and subcommands) on the program. */
export type Register = (program: Command) => void;

/**
 * Every command: the names it answers to and its module. Only the module of the command being run is
 * loaded (start-up, issue 7); help and unknown commands load them all, in this order.
 */
export const COMMANDS: { names: string[]; load: () => Promise<{ default: Register }> }[] = [
  { names: ["init"], load: () => import("./init.ts") },
  { names: ["people"], load: () => import("./people.ts") },
  { names: ["check"], load: () => import("./check.ts") },
  { names: ["start"], load: () => import("./start.ts") },
  { names: ["incident"], load: () => import("./incident.ts") },
  { names: ["exam"], load: () => import("./exam.ts") },
  { names: ["complaint"], load: () => import("./complaint.ts") },
  { names: ["open"], load: () => import("./open.ts") },
  { names: ["sign"], load: () => import("./sign.ts") },
  { names: ["assign"], load: () => import("./assign.ts") },
  { names: ["site"], load: () => import("./site.ts") },
  { names: ["solution", "prepare"], load: () => import("./solution.ts") },
  { names: ["approve"], load: () => import("./approve.ts") },
  { names: ["log", "escalate", "checkin", "market"], load: () => import("./log.ts") },
  { names: ["change"], load: () => import("./change.ts") },
  { names: ["delay"], load: () => import("./delay.ts") },
  { names: ["close"], load: () => import("./close.ts") },
  { names: ["return"], load: () => import("./return.ts") },
  { names: ["confirm"], load: () => import("./confirm.ts") },
  { names: ["followup"], load: () => import("./followup.ts") },
  { names: ["archive"], load: () => import("./archive.ts") },
  { names: ["letter"], load: () => import("./letter.ts") },
  { names: ["list"], load: () => import("./list.ts") },
  { names: ["show"], load: () => import("./show.ts") },
  { names: ["due"], load: () => import("./due.ts") },
  { names: ["ledger"], load: () => import("./ledger.ts") },
  { names: ["weekly"], load: () => import("./weekly.ts") },
  { names: ["monthly"], load: () => import("./monthly.ts") },
  { names: ["render"], load: () => import("./render.ts") },
  { names: ["sync"], load: () => import("./sync.ts") },
  { names: ["assess"], load: () => import("./assess.ts") },
  { names: ["payroll"], load: () => import("./payroll.ts") },
  { names: ["tier"], load: () => import("./tier.ts") },
  { names: ["ci"], load: () => import("./ci.ts") },
  { names: ["hooks"], load: () => import("./hooks.ts") },
];
