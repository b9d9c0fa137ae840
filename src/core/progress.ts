// A progress line on stderr for long work, on a terminal only (issue 14): `svc check` of many records,
// `svc weekly --all`, `svc start`. Rewritten in place (\r, clear to the end of the line) and cleared when
// the work ends, so nothing of it stays in the output; nothing at all when stderr is not a terminal, in
// CI, with --json, on a dumb terminal (TERM=dumb) or with NO_COLOR.
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
  // a dumb terminal cannot rewrite a line; NO_COLOR asks for plain output (found by attack: the line's
  // \r and clear-line codes were written there)
  if (!stream.isTTY || env.CI || opts.json || env.TERM === "dumb" || env.NO_COLOR) return quiet;
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
