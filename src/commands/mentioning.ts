// The records that name a dated id — a unit's notices, a notice's letters, a letter's R&D orders —
// read whole, without reading every file of their kind (issue 16 at 50,000 records). They are found
// through an index of the folders' files as of HEAD (src/check/mentions-head.ts: a line per committed
// file, keyed by its blob, never stale for that blob, carried forward from commit to commit). A line
// vouches only for a file whose work tree is HEAD's blob, so every file git does not track, or whose
// work tree (or index) differs from HEAD, is read too and judged by its content: a hand edit is never
// hidden behind an old line. The caller filters by content what it was given (a candidate may no
// longer name the id).

import { whenIdle } from "../core/background.ts";
import type { RecordOf } from "../schemas/index.ts";
import { isIdOf, KINDS, type Kind, pathOf } from "../schemas/kinds.ts";
import { BlobCache } from "../store/blob-cache.ts";
import type { Store } from "../store/store.ts";

export interface Mentions {
  /** The records of `kind` whose files name any of `ids` (or might: the loose files). */
  naming<K extends Kind>(kind: K, ids: ReadonlySet<string>): RecordOf<K>[];
  /**
   * `project` of the same records, kept by blob (src/store/blob-cache.ts, cache `name`): a file whose
   * work tree is its committed blob is read (and validated) once; a loose one every time.
   */
  projected<K extends Kind, P>(
    kind: K,
    ids: ReadonlySet<string>,
    name: string,
    project: (r: RecordOf<K>) => P,
  ): P[];
  /** Keep the projections learnt (best effort). */
  save(): void;
}

const asked = new WeakMap<Store, Map<string, Promise<Mentions>>>();

/**
 * The index of `kinds`' folders for `store`, asked once per store: a command may ask it ahead (its git
 * processes run while the command loads and builds its record) and take it where it needs it.
 */
export function mentionsOf(store: Store, kinds: readonly Kind[]): Promise<Mentions> {
  const key = [...kinds].sort().join("+");
  let byKinds = asked.get(store);
  if (!byKinds) {
    byKinds = new Map();
    asked.set(store, byKinds);
  }
  let m = byKinds.get(key);
  if (!m) {
    m = ask(store, kinds);
    m.catch(() => {}); // the caller that takes it sees the error
    byKinds.set(key, m);
  }
  return m;
}

async function ask(store: Store, kinds: readonly Kind[]): Promise<Mentions> {
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
  // Written when the loop is next idle — while the command's commit waits for git — not in its path.
  whenIdle(() => index.save());
  /** The candidate files of `kind` for `ids` that are where their id puts them, with the id. */
  const files = (kind: Kind, ids: ReadonlySet<string>): [string, string][] => {
    const dir = `${KINDS[kind].dir}/`;
    const out: [string, string][] = [];
    for (const f of [...index.candidates(ids)].filter((f) => f.startsWith(dir)).sort()) {
      if (!f.endsWith(".yaml")) continue;
      const id = f.slice(f.lastIndexOf("/") + 1, -".yaml".length);
      // a file not where its id puts it is svc check's finding; the store reads records by id
      if (isIdOf(kind, id) && pathOf(kind, id) === f) out.push([f, id]);
    }
    return out;
  };
  const caches: { save(): void }[] = [];
  return {
    naming<K extends Kind>(kind: K, ids: ReadonlySet<string>): RecordOf<K>[] {
      const out: RecordOf<K>[] = [];
      for (const [, id] of files(kind, ids)) {
        const r = store.get(kind, id);
        if (r) out.push(r);
      }
      return out;
    },
    projected<K extends Kind, P>(
      kind: K,
      ids: ReadonlySet<string>,
      name: string,
      project: (r: RecordOf<K>) => P,
    ): P[] {
      const cache = new BlobCache<P>(store.gitDir, store.env, `${kind}-${name}`, project.toString());
      caches.push(cache);
      const out: P[] = [];
      for (const [f, id] of files(kind, ids)) {
        const p = cache.get(index.blobOf(f), () => {
          const r = store.get(kind, id);
          return r ? project(r) : undefined;
        });
        if (p !== undefined) out.push(p);
      }
      return out;
    },
    save() {
      whenIdle(() => {
        for (const c of caches.splice(0)) c.save();
      });
    },
  };
}
