// One clock for every command. SVC_NOW (an ISO time) fixes "now" for tests and demos.
import { UsageError } from "./errors.ts";

export function now(env: NodeJS.ProcessEnv = process.env): Date {
  const fixed = env.SVC_NOW;
  if (fixed) {
    const d = new Date(fixed);
    if (Number.isNaN(d.getTime())) throw new UsageError(`SVC_NOW=${fixed}: not an ISO time`);
    return d;
  }
  return new Date();
}
