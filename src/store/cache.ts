// The parsed-record cache (issue 7): a derived, disposable copy of what parsing a kind's YAML files
// gave, so that listing 10,000 letters does not parse 10,000 files on every command. It is never the
// source of truth: an entry is used only while its file's stat (size, mtime, ctime, inode) is the one
// it was parsed from — the same test git's own index makes — and everything else is parsed again.
// It lives in .git/svc/cache/ (never committed, never shared); deleting it only costs time;
// SVC_CACHE=0 turns it off. An unreadable or foreign cache file is ignored and rewritten. The file is
// JSON: parsing it is about twice as fast as V8's deserializer on these plain records (issue 7).
// The other caches there (check's mention index, history's parsed blobs) use cacheDir and writeCache.
import { lstatSync, mkdirSync, readFileSync, renameSync, rmSync, type Stats, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * Bump when what is cached changes shape or meaning (it holds the YAML parse only, no interpretation).
 * 3: entries are records read safely, without anchors or aliases, and schema-valid (issue 11) — an
 * entry written by an earlier svc may be none of these.
 */
const VERSION = 3;
/** A file modified this close to the moment the cache is written may change again unseen (racy stat). */
const RACY_MS = 2000;

interface Entry {
  key: string;
  data: unknown;
}

interface CacheFile {
  v: number;
  salt: string;
  entries: Record<string, Entry>;
}

/** Where svc keeps its caches in a repository (.git/svc/cache/), or undefined when SVC_CACHE=0. */
export function cacheDir(
  gitDir: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  return gitDir && env.SVC_CACHE !== "0" ? join(gitDir, "svc", "cache") : undefined;
}

/** A cache file's content, or undefined when there is none (or it cannot be read). */
export function readCache(file: string | undefined): Buffer | undefined {
  if (!file) return undefined;
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Write a cache file whole or not at all; a failure (read-only .git, full disk) is ignored. */
export function writeCache(file: string, data: string | Uint8Array): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  } catch {
    // a cache is only an optimisation
  }
}

/** "|device:inode" of a folder ("" when it cannot be read). */
function folderId(dir: string): string {
  try {
    const st = lstatSync(dir);
    return `|${st.dev}:${st.ino}`;
  } catch {
    return "";
  }
}

function statKey(s: Stats): string {
  return `${s.size}:${s.mtimeMs}:${s.ctimeMs}:${s.ino}`;
}

export class ParseCache {
  private entries: Record<string, Entry> = {};
  private next: Record<string, Entry> = {};
  private dirty = false;

  private constructor(
    private readonly file: string | undefined,
    private readonly salt: string,
  ) {}

  /**
   * The cache `name` (one per record kind, or `check-<kind>` for vouched records) in `dir` (cacheDir);
   * `dir` undefined gives a cache that keeps nothing. `salt` names what the entries depend on beyond
   * the file (e.g. the schemas that vouched for them): a cache written under another salt is discarded.
   */
  static open(dir: string | undefined, name: string, salt = ""): ParseCache {
    // The cache folder's own identity too: in a repository copied (`cp -a`) or restored from a backup
    // every file's stat has changed, so no entry could be used — then the file is not even parsed
    // (issue 18: a copy's first check held the old cache's 50,000 records beside the new ones).
    const where = dir ? folderId(dir) : "";
    const cache = new ParseCache(dir ? join(dir, `${name}.json`) : undefined, salt);
    const bytes = readCache(cache.file);
    if (!bytes) return cache;
    const head = Buffer.from(`{"v":${VERSION},"salt":${JSON.stringify(`${salt}${where}`)},`);
    if (!bytes.subarray(0, head.length).equals(head)) return cache; // another salt: discarded unread
    try {
      const got = JSON.parse(bytes.toString("utf8")) as CacheFile;
      if (got?.v === VERSION && got.salt === `${salt}${where}` && got.entries) cache.entries = got.entries;
    } catch {
      // unreadable: start empty
    }
    return cache;
  }

  /** What the cache holds for `rel` if `abs` is unchanged since (`data`), and the file's stat `key`. */
  peek(rel: string, abs: string): { data?: unknown; key?: string; mtimeMs?: number } {
    if (!this.file) return {};
    let s: Stats;
    try {
      s = lstatSync(abs); // a symbolic link is never the file an entry was parsed from (issue 11)
    } catch {
      return {};
    }
    const key = statKey(s);
    const hit = this.entries[rel];
    if (hit && hit.key === key) {
      this.next[rel] = hit;
      return { data: hit.data, key };
    }
    // A stale entry is let go now, not when the cache is saved: a check of 50,000 files whose stats
    // all changed (a copied or re-cloned repository) held the old cache's records beside the new ones
    // (issue 18: the whole walk's peak memory).
    if (hit) delete this.entries[rel];
    this.dirty = true;
    return { key, mtimeMs: s.mtimeMs };
  }

  /** Remember `data` for a file `peek` missed; a file modified just now (racy) is not remembered. */
  keep(rel: string, peeked: { key?: string; mtimeMs?: number }, data: unknown): void {
    if (peeked.key && peeked.mtimeMs !== undefined && Date.now() - peeked.mtimeMs > RACY_MS)
      this.next[rel] = { key: peeked.key, data };
  }

  /**
   * The parsed content of `abs` (cached under `rel`), or what `parse` gives for it. `parse` returns
   * undefined for a file that is not a valid record: that is never cached, so it is judged again
   * (and refused again) on every read until it is corrected.
   */
  get<T>(rel: string, abs: string, parse: () => T | undefined): T | undefined {
    const peeked = this.peek(rel, abs);
    if (peeked.data !== undefined) return peeked.data as T;
    const data = parse();
    if (data !== undefined) this.keep(rel, peeked, data);
    return data;
  }

  /**
   * Write the entries used in this run (files gone since are dropped); best effort, atomic. An entry
   * JSON cannot hold as it is (a YAML `.inf` or `.nan`) is left out: it is parsed again next time.
   */
  save(): void {
    if (!this.file) return;
    if (!this.dirty && Object.keys(this.next).length === Object.keys(this.entries).length) return;
    const entries = this.next;
    try {
      mkdirSync(dirname(this.file), { recursive: true }); // its identity is part of the salt written
    } catch {
      return; // a cache is only an optimisation
    }
    const salt = `${this.salt}${folderId(dirname(this.file))}`;
    const unfit = new Set<string>();
    let entry = "";
    const text = (): string =>
      JSON.stringify({ v: VERSION, salt, entries } satisfies CacheFile, function (key, value) {
        if (this === entries) entry = key;
        else if (typeof value === "number" && !Number.isFinite(value)) unfit.add(entry);
        return value;
      });
    let json = text();
    if (unfit.size) {
      for (const rel of unfit) delete entries[rel];
      json = text();
    }
    writeCache(this.file, json);
    rmSync(this.file.replace(/\.json$/, ".v8"), { force: true }); // the earlier (V8) format
  }
}
