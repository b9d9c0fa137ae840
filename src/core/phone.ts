// Chinese phone numbers as people type them (issue 14): a mobile (1[3-9] and nine digits, +86 allowed),
// a landline with its area code (0xx(x)-xxxxxxx(x), an extension after 转 / - / ext), or a 400/800
// service number. Spaces, dashes and brackets are the writer's; the digits decide.
import { t } from "./i18n.ts";

const MOBILE = /^(?:\+?86)?1[3-9]\d{9}$/;
const LANDLINE = /^(?:\+?86)?0\d{9,11}$/;
const SERVICE = /^[48]00\d{7}$/;

/** Why `phone` is not a Chinese mobile, landline or service number; undefined when it is one. */
export function phoneProblem(phone: string): string | undefined {
  const main = phone.trim().split(/\s*(?:转|ext\.?|x|#)\s*/i)[0];
  const digits = main.replace(/[\s()（）-]/g, "");
  if (MOBILE.test(digits) || LANDLINE.test(digits) || SERVICE.test(digits)) return undefined;
  return t(
    `"${phone}" 不是手机号（11 位，1 开头）或带区号的固话（如 0512-66881234，分机写在“转”后）`,
    `"${phone}" is not a mobile number (11 digits starting with 1) or a landline with its area code (e.g. 0512-66881234, an extension after 转)`,
  );
}
