// Run the built svc on a pseudo-terminal (util-linux `script`), for what only a terminal shows:
// colours, column alignment, pagers, progress lines (issue 14).
import { spawnSync } from "node:child_process";
import { BIN, env, type Identity } from "./helpers.ts";

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export interface TtyResult {
  code: number;
  /** What the terminal showed, CRLF turned into LF. */
  out: string;
}

/** `svc ARGS` with stdin, stdout and stderr on a terminal (colour on: NO_COLOR unset). */
export function svcTty(
  cwd: string,
  args: string[],
  who?: Identity,
  extra: NodeJS.ProcessEnv = {},
  input?: string,
): TtyResult {
  // No pager unless the test is about one (a long list would wait for a key in less).
  const e = {
    ...env(who, { TERM: "xterm-256color", COLUMNS: "200", LINES: "50", SVC_PAGER: "cat", ...extra }),
  };
  delete e.NO_COLOR;
  if (extra.NO_COLOR) e.NO_COLOR = extra.NO_COLOR;
  const cmd = [process.execPath, BIN, ...args].map(quote).join(" ");
  const r = spawnSync("script", ["-qec", `stty cols 200 rows ${e.LINES} 2>/dev/null; ${cmd}`, "/dev/null"], {
    cwd,
    env: e,
    encoding: "utf8",
    input,
    timeout: 30_000, // a hang fails the test instead of the suite
    killSignal: "SIGKILL",
  });
  return { code: r.status ?? -1, out: (r.stdout ?? "").replace(/\r\n/g, "\n") };
}

/** The text without colour and other CSI escapes. */
export function plainText(s: string): string {
  return s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "");
}
