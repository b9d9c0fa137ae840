/** `xs` by `key`, in order (a value whose key is undefined is left out). */
export function groupBy<T, K = string>(xs: Iterable<T>, key: (x: T) => K | undefined): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const x of xs) {
    const k = key(x);
    if (k === undefined) continue;
    const list = out.get(k);
    if (list) list.push(x);
    else out.set(k, [x]);
  }
  return out;
}
