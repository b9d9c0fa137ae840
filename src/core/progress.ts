// A progress line on stderr for long work, on a terminal only (issue 14): `svc check` of many records,
// `svc weekly --all`, `svc start`. Rewritten in place (\r, clear to the end of the line) and cleared when
// the work ends, so nothing of it stays in the output; nothing at all when stderr is not a terminal, in
// CI, or with --json.
export interface Progress {
  /** What is being done now. */
  step(text: string): void;
  /** The work is over: the line is cleared. */
  done(): void;
}

const quiet: Progress = { step() {}, done() {} };

export function progress(
  label: string,
  opts: { json?: boolean; env?: NodeJS.ProcessEnv; stream?: NodeJS.WriteStream } = {},
): Progress {
  const stream = opts.stream ?? process.stderr;
  const env = opts.env ?? process.env;
  if (!stream.isTTY || env.CI || opts.json) return quiet;
  let shown = false;
  const write = (text: string) => {
    shown = true;
    stream.write(`\r\x1b[2K${label}${text ? ` ${text}` : ""}…`);
  };
  write("");
  return {
    step: write,
    done() {
      if (shown) stream.write("\r\x1b[2K");
      shown = false;
    },
  };
}
