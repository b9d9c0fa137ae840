// The records that name a dated id — a unit's notices, a notice's letters, a letter's R&D orders —
// read whole, without reading every file of their kind (issue 16 at 50,000 records). They are found
// through the mention index `svc check --changed` keeps (src/check/mentions.ts: a line per tracked
// file, keyed by its blob, never stale for that blob). A line vouches only for a file whose work tree
// is git's blob, so every file git does not track, or whose work tree differs from git's index
// (`git ls-files -m -o`), is read too and judged by its content: a hand edit is never hidden behind an
// old line. The caller filters by content what it was given (a candidate may no longer name the id).
import type { RecordOf } from "../schemas/index.ts";
import { isIdOf, KINDS, type Kind, pathOf } from "../schemas/kinds.ts";
import type { Store } from "../store/store.ts";

export interface Mentions {
  /** The records of `kind` whose files name any of `ids` (or might: the untrusted files). */
  naming<K extends Kind>(kind: K, ids: ReadonlySet<string>): RecordOf<K>[];
}

export async function mentionsOf(store: Store, kinds: readonly Kind[]): Promise<Mentions> {
  const { mentionIndex } = await import("../check/mentions.ts");
  const { filesOffIndex } = await import("../store/git.ts");
  const dirs = kinds.map((k) => KINDS[k].dir);
  const [index, loose] = await Promise.all([
    mentionIndex(store.gitTop, store.gitDir, store.root, store.env, {
      name: [...dirs].sort().join("+"),
      dirs,
    }),
    filesOffIndex(store.root, dirs),
  ]);
  index.save();
  return {
    naming<K extends Kind>(kind: K, ids: ReadonlySet<string>): RecordOf<K>[] {
      const dir = `${KINDS[kind].dir}/`;
      const files = new Set([...index.referrers(ids)].filter((f) => f.startsWith(dir)));
      for (const f of loose) if (f.startsWith(dir) && f.endsWith(".yaml")) files.add(f);
      const out: RecordOf<K>[] = [];
      for (const f of [...files].sort()) {
        const id = f.slice(f.lastIndexOf("/") + 1, -".yaml".length);
        // a file not where its id puts it is svc check's finding; the store reads records by id
        if (!isIdOf(kind, id) || pathOf(kind, id) !== f) continue;
        const r = store.get(kind, id);
        if (r) out.push(r);
      }
      return out;
    },
  };
}
