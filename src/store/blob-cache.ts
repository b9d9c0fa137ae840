// What a projection gave for a record file's content, keyed by the content's git blob id (issue 16:
// `svc open --equipment` reads a few fields of the unit's notices and letters, not each record whole).
// Content-addressed, so an entry is never stale for its blob; it is asked only for files whose work
// tree is that blob (src/check/mentions-head.ts says which), and holds only what a record read and
// validated by the store gave — salted with the schemas svc was built with and the projection's code.
// Derived and disposable, in .git/svc/cache/; SVC_CACHE=0 keeps nothing.
import { join } from "node:path";
import { cacheDir, readCache, writeCache } from "./cache.ts";

/** The schemas' hash, defined by the build (scripts/build.mjs); absent when running the sources. */
declare const SVC_SCHEMA_HASH: string;
const JUDGED_BY = typeof SVC_SCHEMA_HASH === "string" ? SVC_SCHEMA_HASH : "sources";
/** Entries kept at most (those used last are kept first). */
const KEEP = 4000;

export class BlobCache<P> {
  private entries = new Map<string, P>();
  private used = new Map<string, P>();
  private dirty = false;
  private readonly file: string | undefined;
  private readonly salt: string;

  constructor(gitDir: string, env: NodeJS.ProcessEnv, name: string, salt: string) {
    const dir = cacheDir(gitDir, env);
    this.file = dir ? join(dir, `blob-${name}.json`) : undefined;
    this.salt = `${JUDGED_BY}|${salt}`;
    const bytes = readCache(this.file);
    if (!bytes) return;
    try {
      const got = JSON.parse(bytes.toString("utf8")) as { salt?: string; entries?: [string, P][] };
      if (got?.salt === this.salt && Array.isArray(got.entries)) this.entries = new Map(got.entries);
    } catch {
      // unreadable: start empty
    }
  }

  /** The projection of `blob`, or what `read` gives (undefined: not kept). */
  get(blob: string | undefined, read: () => P | undefined): P | undefined {
    if (!blob) return read();
    const hit = this.entries.get(blob);
    if (hit !== undefined) {
      this.used.set(blob, hit);
      return hit;
    }
    const p = read();
    if (p !== undefined) {
      this.used.set(blob, p);
      this.dirty = true;
    }
    return p;
  }

  save(): void {
    if (!this.file || !this.dirty) return;
    const keep = new Map(this.used);
    for (const [k, v] of this.entries) {
      if (keep.size >= KEEP) break;
      if (!keep.has(k)) keep.set(k, v);
    }
    writeCache(this.file, JSON.stringify({ salt: this.salt, entries: [...keep] }));
  }
}
