// Customers whose name is close to one being typed (issue 14): 苏州精工 and 苏州精工机械 are likely the
// same customer, so svc open offers the existing one instead of silently creating a second. Pure.

const SUFFIXES = /(股份有限公司|有限责任公司|有限公司|集团|公司|厂)$/;

function core(name: string): string {
  return name
    .replace(/[\s()（）·.,，、-]/g, "")
    .replace(SUFFIXES, "")
    .toLowerCase();
}

/** The existing names close to `typed`: one holds the other, or they share their first four characters. */
export function closeNames<T extends { name: string }>(typed: string, existing: readonly T[]): T[] {
  const a = core(typed);
  if (!a) return [];
  return existing.filter((c) => {
    const b = core(c.name);
    if (!b || a === b) return Boolean(b);
    if (a.includes(b) || b.includes(a)) return Math.min(a.length, b.length) >= 2;
    const n = [...a].findIndex((ch, i) => [...b][i] !== ch);
    return (n < 0 ? Math.min([...a].length, [...b].length) : n) >= 4;
  });
}
