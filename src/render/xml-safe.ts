// The one place XML-illegal characters are cleaned (issue 11): a light module, so the charts and the
// dashboard need not load docx for it.

/**
 * Characters XML 1.0 does not allow (C0 controls but tab, LF and CR; U+FFFE, U+FFFF; lone surrogates):
 * one of them anywhere makes Word refuse the whole document (issue 11). The libraries write them
 * raw, so they are left out of every XML part once, when the package is packed. With them go the
 * controls XML allows but a document must not carry, as svc check's warning says (found by attack:
 * they were written): DEL and C1, and the bidi controls (U+061C, U+200E/F, U+202A–202E, U+2066–2069)
 * — an override in a customer's name reversed the rest of its line. The dashboard's pages too.
 */
const DROPPED =
  /[^\t\n\r\x20-\x7e\xa0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]|[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/** The text without the characters XML 1.0 does not allow, nor the controls documents drop. */
export function xmlSafe(s: string): string {
  DROPPED.lastIndex = 0;
  return DROPPED.test(s) ? s.replace(DROPPED, "") : s;
}
