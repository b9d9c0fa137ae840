// Output that cannot be turned against the reader (issue 11): text from the records reaches the
// terminal with its control characters shown escaped, so a record cannot set the window title,
// clear the screen, move the cursor, overwrite a line (CR) or reorder what is shown (bidi overrides).
// Every line svc prints goes through here (ctx.out / ctx.err in src/commands/kit.ts, errors in
// src/cli.ts, table cells in src/render/table.ts).
//
// Escaped: C0 controls except tab and newline (ESC → \x1b, CR → \x0d), DEL and C1 (→ \u009b …), the
// bidi controls (U+061C, U+200E/F, U+202A–202E, U+2066–2069 → \u202e …) and lone surrogates. The
// escapes of DEL, C1, bidi and surrogates are JSON's own, so `--json` text passed through here is still
// the same JSON (JSON.stringify already escapes C0); raw strings are in `--json`.

const UNSAFE = /[\0-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|\p{Cs}/gu;
/** The colour codes svc's own paint (chalk) writes; kept only when colour is on. */
const UNSAFE_OR_PAINT =
  /\x1b\[(?:1|2|22|3[1236]|39)m|[\0-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|\p{Cs}/gu;

function shown(ch: string): string {
  const c = ch.codePointAt(0)!;
  return c < 0x20 ? `\\x${c.toString(16).padStart(2, "0")}` : `\\u${c.toString(16).padStart(4, "0")}`;
}

/** Whether the text holds a character a terminal would act on (see above). */
export function hasControls(s: string): boolean {
  UNSAFE.lastIndex = 0;
  return UNSAFE.test(s);
}

/**
 * The text with its control characters shown escaped. With `paint`, svc's own colour codes stay
 * (a record can at most colour text in those colours; it cannot hide, move or retitle anything).
 */
export function terminalSafe(s: string, paint = false): string {
  const re = paint ? UNSAFE_OR_PAINT : UNSAFE;
  re.lastIndex = 0;
  if (!re.test(s)) return s;
  return s.replace(re, (m) => (m.length > 1 ? m : shown(m)));
}
