// Long output through a pager on a terminal, as git and gh do (issue 14): `less -FRX` (quits when the
// text fits, keeps colours, leaves the text on the screen), PAGER or SVC_PAGER to choose another,
// `--no-pager` (or SVC_PAGER=cat / an empty one) to turn it off. Never when stdout is not a terminal.
import { createRequire } from "node:module";

/** The pager to use for `lines` lines of output now, or undefined (print directly). */
export function pagerFor(
  lines: number,
  env: NodeJS.ProcessEnv,
  tty: { isTTY?: boolean; rows?: number },
  off: boolean,
): string | undefined {
  if (off || !tty.isTTY || env.CI) return undefined;
  const cmd = (env.SVC_PAGER ?? env.PAGER ?? "less -FRX").trim();
  if (!cmd || cmd === "cat") return undefined;
  // a terminal that reports 0 rows (a bare pseudo-terminal, `script`) does not know its height: 24
  return lines > (tty.rows || 24) - 1 ? cmd : undefined;
}

/** Show `text` through `cmd`; false when the pager could not be started (then print it yourself). */
export function page(text: string, cmd: string, env: NodeJS.ProcessEnv): boolean {
  const { spawnSync } = createRequire(import.meta.url)(
    "node:child_process",
  ) as typeof import("node:child_process");
  const r = spawnSync(cmd, {
    shell: true,
    input: text,
    stdio: ["pipe", "inherit", "inherit"],
    // svc writes UTF-8 whatever the locale says: without LESSCHARSET, less on a machine without a
    // UTF-8 locale shows each Chinese character as <E8><80>… (the user's own setting wins)
    env: { LESS: "FRX", ...(env.LESSCHARSET || env.LESSCHARDEF ? {} : { LESSCHARSET: "utf-8" }), ...env },
  });
  // EPIPE: the pager quit before reading everything (q in less) — paged, not to be printed again
  const failed = r.error && (r.error as NodeJS.ErrnoException).code !== "EPIPE";
  return !failed && r.status !== 127;
}
