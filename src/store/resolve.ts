// Ids as people type them (issue 14), like short git hashes: `L-20261105-PJ3RQ` in any case, or a unique
// prefix or suffix of the random part (`pj3rq`, `pj3`, `3rq`). Pure: the store gives the ids on disk.
// What is returned is always an id that exists and passed isIdOf, so no path is built from the input.
import { Refused } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import { isIdOf, KIND_TITLES, type Kind, kindOfId } from "../schemas/kinds.ts";

/** The kinds whose ids end in five random characters (D12). */
export const DATED_KINDS: readonly Kind[] = [
  "notice",
  "letter",
  "incident",
  "exam",
  "complaint",
  "amendment",
  "decision",
];

/** Three to five Crockford base-32 characters (no i, l, o, u), any case. */
const SHORT = /^[0-9a-hjkmnp-tv-z]{3,5}$/i;
const FULL = /^([a-z]{1,2})-(\d{8})-([0-9a-z]{5})$/i;

export interface IdSource {
  exists(kind: Kind, id: string): boolean;
  ids(kind: Kind): string[];
}

/**
 * The id `input` names among `kinds`: the exact id; a dated id in any case; the one id whose random
 * part starts or ends with `input`. An ambiguous short id is refused with the candidates; an input
 * that names nothing is returned as given (the caller refuses it as it always did).
 */
export function resolveId(input: string, kinds: readonly Kind[], src: IdSource): string {
  const s = input.trim();
  for (const k of kinds) if (isIdOf(k, s) && src.exists(k, s)) return s;
  const full = FULL.exec(s);
  if (full) {
    const canon = `${full[1].toUpperCase()}-${full[2]}-${full[3].toLowerCase()}`;
    const k = kindOfId(canon);
    if (k && kinds.includes(k) && isIdOf(k, canon) && src.exists(k, canon)) return canon;
    return s;
  }
  if (!SHORT.test(s)) return s;
  const q = s.toLowerCase();
  const hits: { kind: Kind; id: string }[] = [];
  for (const k of kinds) {
    if (!DATED_KINDS.includes(k)) continue;
    for (const id of src.ids(k)) {
      const random = id.slice(-5);
      if (isIdOf(k, id) && (random.startsWith(q) || random.endsWith(q))) hits.push({ kind: k, id });
    }
  }
  if (hits.length === 1) return hits[0].id;
  if (hits.length > 1) {
    hits.sort((a, b) => a.id.localeCompare(b.id));
    const shown = hits
      .slice(0, 20)
      .map((h) => `  ${h.id}  ${t(KIND_TITLES[h.kind][0], KIND_TITLES[h.kind][1])}`)
      .join("\n");
    throw new Refused(
      t(`编号 ${s} 不唯一，可能是：\n${shown}`, `id ${s} is ambiguous; it could be:\n${shown}`) +
        (hits.length > 20 ? t(`\n  …共 ${hits.length} 条`, `\n  … ${hits.length} in all`) : ""),
      t("多输入几位，或给出完整编号", "type more characters, or the whole id"),
    );
  }
  return s;
}
