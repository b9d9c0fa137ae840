// The one place XML-illegal characters are cleaned (issue 11): a light module, so the charts and the
// dashboard need not load docx for it.

/**
 * Characters XML 1.0 does not allow (C0 controls but tab, LF and CR; U+FFFE, U+FFFF; lone surrogates):
 * one of them anywhere makes Word refuse the whole document (issue 11). The libraries write them
 * raw, so they are left out of every XML part once, when the package is packed.
 */
const XML_ILLEGAL = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** The text without the characters XML 1.0 does not allow. */
export function xmlSafe(s: string): string {
  XML_ILLEGAL.lastIndex = 0;
  return XML_ILLEGAL.test(s) ? s.replace(XML_ILLEGAL, "") : s;
}
