// The records that name a dated id — a unit's notices, a notice's letters, a letter's R&D orders —
// read whole, without reading every file of their kind (issue 16 at 50,000 records). They are found
// through an index of the folders' files as of HEAD (src/check/mentions-head.ts: a line per committed
// file, keyed by its blob, never stale for that blob, carried forward from commit to commit). A line
// vouches only for a file whose work tree is HEAD's blob, so every file git does not track, or whose
// work tree (or index) differs from HEAD, is read too and judged by its content: a hand edit is never
// hidden behind an old line. The caller filters by content what it was given (a candidate may no
// longer name the id).
import type { RecordOf } from "../schemas/index.ts";
import { isIdOf, KINDS, type Kind, pathOf } from "../schemas/kinds.ts";
import type { Store } from "../store/store.ts";

export interface Mentions {
  /** The records of `kind` whose files name any of `ids` (or might: the loose files). */
  naming<K extends Kind>(kind: K, ids: ReadonlySet<string>): RecordOf<K>[];
}

export async function mentionsOf(store: Store, kinds: readonly Kind[]): Promise<Mentions> {
  const { headMentions } = await import("../check/mentions-head.ts");
  const dirs = kinds.map((k) => KINDS[k].dir);
  const index = await headMentions(
    store.gitTop,
    store.gitDir,
    store.root,
    store.env,
    [...dirs].sort().join("+"),
    dirs,
  );
  index.save();
  return {
    naming<K extends Kind>(kind: K, ids: ReadonlySet<string>): RecordOf<K>[] {
      const dir = `${KINDS[kind].dir}/`;
      const out: RecordOf<K>[] = [];
      for (const f of [...index.candidates(ids)].filter((f) => f.startsWith(dir)).sort()) {
        if (!f.endsWith(".yaml")) continue;
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
