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
import { blobId } from "./git.ts";
import type { Listing } from "./read.ts";

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

  /**
   * Remember `data` for a file `peek` missed; a file modified just now (racy) is not remembered, nor
   * data JSON cannot hold as it is (a YAML `.inf` or `.nan`: parsed again next time). Judged here,
   * of the new entries only (the ones read from the file are JSON's already): `save` then writes
   * with a plain JSON.stringify — a replacer over the whole 20 MB letter cache cost ~0.3 s at 50k
   * records after any letter changed (issue 17).
   */
  keep(rel: string, peeked: { key?: string; mtimeMs?: number }, data: unknown): void {
    if (peeked.key && peeked.mtimeMs !== undefined && Date.now() - peeked.mtimeMs > RACY_MS && jsonSafe(data))
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

  /** Write the entries used in this run (files gone since are dropped); best effort, atomic. */
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
    const json = JSON.stringify({ v: VERSION, salt, entries } satisfies CacheFile);
    writeCache(this.file, json);
    rmSync(this.file.replace(/\.json$/, ".v8"), { force: true }); // the earlier (V8) format
  }
}

/** A folder's stat as a key: its entries were added, removed or renamed when it changed. */
function folderKey(abs: string): string | undefined {
  const s = lstatSync(abs, { throwIfNoEntry: false });
  return s?.isDirectory() ? statKey(s) : undefined;
}

/** The modification time (ms) a statKey holds. */
const keyMtime = (key: string): number => Number(key.split(":")[1]);

interface IndexedFile {
  v: number;
  salt: string;
  /** This file's identity, named by a delta made against it. */
  id?: string;
  /** The kind's folder listing, and the stat of every folder in it when it was listed. */
  listing?: { folders: [string, string][]; files: string[] };
  /** The files of the entries, when they are not `listing.files` (the usual case, not written twice). */
  rels?: string[];
  /** key, data, key, data, … of `rels` in order — key "g<blob id>" (git's index) or "s<stat>" (the file's). */
  entries: unknown[];
}

/**
 * What changed since the cache file `base` was written whole (`ix-NAME.delta.json` beside it): the
 * entries whose key differs from the file's, or that it lacks (rel, key, data, rel, key, data, …),
 * and the files in order and the listing when they differ. One commit changes one letter: the
 * command after it writes this small file instead of the whole 20 MB one (issue 17's incremental
 * build, `svc due` after a commit). A delta of another base (rewritten meanwhile) is ignored.
 */
interface IndexedDelta {
  v: number;
  salt: string;
  base: string;
  rels?: string[];
  /** The listing when it is not the file's (null: none remembered). */
  listing?: IndexedFile["listing"] | null;
  set: unknown[];
}

/** A delta larger than this (entries) is folded into the cache file, written whole again. */
const deltaLimit = (entries: number) => Math.max(64, Math.floor(entries / 20));

/**
 * The cache of one kind's projections that `svc due` reads (issue 18: ≤ 0.5 s at 50,000 records),
 * without a stat of each file. Whether a file changed is git's answer (src/store/git.ts indexBlobs:
 * `git ls-files -s -v -m` — its own stat test of every tracked file, in git's process, content-checked
 * where a stat cannot tell): an entry keyed by a blob id is used only for a file git finds unmodified
 * with that very blob in the index, and was made only from bytes that hash to it. A file git does not
 * vouch for (untracked, modified, staged differently, assume-unchanged, a Windows checkout whose bytes
 * are not the blob's) is judged by its own stat, as ParseCache does. The folder listing is kept with
 * the stat of each folder (an entry added, removed or renamed changes its folder's time), so the
 * folders are read again only when one changed. Never the source of truth; SVC_CACHE=0 turns it off.
 */
export class IndexedCache {
  /** The file's entries: their files, and key, data, key, data, … */
  private rels: string[] = [];
  private flat: unknown[] = [];
  /** rel → its entry's number, made at the first lookup out of order. */
  private where?: Map<string, number>;
  /** What this run used, in order: an entry of the file (≥ 0) or a new one (−1 − its index in `added`). */
  private seq: number[] = [];
  private added: [string, string, unknown][] = [];
  private listed?: IndexedFile["listing"];
  private nextListing?: IndexedFile["listing"];
  private dirty = false;
  private salt = "";
  /** The cache file as written whole (a delta is made against it), when its salt is this run's. */
  private base?: { id: string; rels: string[]; flat: unknown[]; listing?: IndexedFile["listing"] };

  private constructor(
    private readonly file: string,
    private readonly got: IndexedFile | undefined,
    private readonly gotDelta: IndexedDelta | undefined,
  ) {}

  /** Read the cache `name` in `dir` (cacheDir) and its delta; their salt is checked by `use`. */
  static open(dir: string, name: string): IndexedCache {
    const file = join(dir, `ix-${name}.json`);
    const parse = <T>(f: string): T | undefined => {
      const bytes = readCache(f);
      try {
        return bytes ? (JSON.parse(bytes.toString("utf8")) as T) : undefined;
      } catch {
        return undefined; // unreadable: start empty
      }
    };
    const got = parse<IndexedFile>(file);
    return new IndexedCache(file, got, got?.id ? parse<IndexedDelta>(deltaFile(file)) : undefined);
  }

  /** Use the entries when they were made under `salt` (the projection's code, the schemas'), else none. */
  use(salt: string): this {
    this.salt = salt;
    const got = this.got;
    if (got?.v === INDEXED_VERSION && got.salt === salt && Array.isArray(got.entries)) {
      const rels = got.rels ?? got.listing?.files;
      if (Array.isArray(rels) && rels.length * 2 === got.entries.length) {
        this.rels = rels;
        this.flat = got.entries;
        this.listed = got.listing;
        if (typeof got.id === "string")
          this.base = {
            id: got.id,
            rels,
            flat: got.entries,
            ...(got.listing ? { listing: got.listing } : {}),
          };
        this.applyDelta();
      }
    }
    return this;
  }

  /** The entries as the delta left them, when it was made against this very file under this salt. */
  private applyDelta(): void {
    const d = this.gotDelta;
    const base = this.base;
    if (!base || d?.v !== INDEXED_VERSION || d.salt !== this.salt || d.base !== base.id) return;
    if (!Array.isArray(d.set) || d.set.length % 3 !== 0) return;
    if (d.rels !== undefined && !(Array.isArray(d.rels) && d.rels.every((r) => typeof r === "string")))
      return;
    const l = d.listing;
    if (l != null && !(Array.isArray(l.folders) && Array.isArray(l.files))) return;
    const set = new Map<string, number>();
    for (let i = 0; i < d.set.length; i += 3) {
      if (typeof d.set[i] !== "string" || typeof d.set[i + 1] !== "string") return;
      set.set(d.set[i] as string, i);
    }
    const rels = d.rels ?? base.rels;
    const at = d.rels ? indexOf(base.rels) : undefined;
    const flat: unknown[] = new Array(2 * rels.length);
    for (let i = 0; i < rels.length; i++) {
      const rel = rels[i]!;
      const j = set.get(rel);
      if (j !== undefined) {
        flat[2 * i] = d.set[j + 1];
        flat[2 * i + 1] = d.set[j + 2];
        continue;
      }
      const b = at ? at.get(rel) : i;
      if (b === undefined) return; // neither the delta's nor the file's: not a delta of this file
      flat[2 * i] = base.flat[2 * b];
      flat[2 * i + 1] = base.flat[2 * b + 1];
    }
    this.rels = rels;
    this.flat = flat;
    this.listed = d.listing === null ? undefined : (d.listing ?? base.listing);
  }

  /**
   * The record files of `dir` (a kind's folder under `root`): the remembered listing while every
   * folder in it has the stat it had, else `list` (listRecordFiles) — remembered when nothing odd
   * was found and no folder changed within RACY_MS of the listing.
   */
  listing(root: string, dir: string, list: (folders: string[]) => Listing): Listing {
    const c = this.listed;
    if (c?.folders.length && c.folders.every(([rel, key]) => folderKey(join(root, rel)) === key)) {
      this.nextListing = c;
      return { files: c.files, odd: [] };
    }
    this.dirty = true;
    const before = Date.now();
    const folders: string[] = [];
    const got = list(folders);
    if (!got.odd.length && folders.length && folders[0] === dir) {
      const keyed = folders.map((rel): [string, string | undefined] => [rel, folderKey(join(root, rel))]);
      if (keyed.every(([, key]) => key !== undefined && before - keyMtime(key) > RACY_MS))
        this.nextListing = { folders: keyed as [string, string][], files: got.files };
    }
    return got;
  }

  /** The number of `rel`'s entry, if there is one (`hint`: where it is when the files come in order). */
  private find(rel: string, hint: number): number | undefined {
    if (this.rels[hint] === rel) return hint;
    if (!this.where) {
      this.where = new Map();
      for (let i = 0; i < this.rels.length; i++) this.where.set(this.rels[i]!, i);
    }
    return this.where.get(rel);
  }

  /**
   * The projection of `rel` (the file `root`/`rel`, the `hint`th of the listing): remembered when git
   * vouches for the file with the blob the entry was made from (`blob`: its id in the index, the file
   * unmodified), or — git not vouching — when the file's stat is the entry's; else `parse` (given a
   * hook for the bytes read).
   */
  get<T>(
    root: string,
    rel: string,
    hint: number,
    blob: string | undefined,
    parse: (onBytes: (b: Buffer) => void) => T | undefined,
  ): T | undefined {
    const at = this.find(rel, hint);
    const key = at === undefined ? undefined : (this.flat[2 * at] as string);
    if (blob !== undefined && key !== undefined && key.length === blob.length + 1 && key === `g${blob}`) {
      this.seq.push(at!);
      return this.flat[2 * at! + 1] as T;
    }
    // the file's own stat: git does not vouch for it, or its entry was keyed so (bytes not the blob's)
    let stat: { key: string; mtimeMs: number; changedMs: number } | undefined;
    const statOf = () => {
      const s = lstatSync(join(root, rel), { throwIfNoEntry: false });
      return s
        ? { key: `s${statKey(s)}`, mtimeMs: s.mtimeMs, changedMs: Math.max(s.mtimeMs, s.ctimeMs) }
        : undefined;
    };
    if (blob === undefined || key?.startsWith("s")) {
      stat = statOf();
      if (stat && key === stat.key) {
        this.seq.push(at!);
        return this.flat[2 * at! + 1] as T;
      }
    }
    this.dirty = true;
    let bytes: Buffer | undefined;
    const data = parse((b) => {
      bytes = b;
    });
    if (data === undefined || !bytes || !jsonSafe(data)) return data; // JSON cannot hold .inf or .nan
    stat ??= statOf();
    let made: string | undefined;
    if (!stat) made = undefined;
    else if (blob !== undefined && blobId(bytes, blob.length) === blob) {
      // A blob-keyed entry only of a file last changed in an earlier second than now (with a margin
      // for the file system's coarse clock): git compares file times to the second, so an edit that
      // keeps the size and puts the modification time back, made within the second of the file's
      // previous change, looks unmodified to git — no entry is ever made of a file that recent.
      if (Math.floor((Date.now() - 100) / 1000) > Math.floor(stat.changedMs / 1000)) made = `g${blob}`;
    } else if (Date.now() - stat.mtimeMs > RACY_MS) made = stat.key;
    if (made) this.seq.push(-1 - (this.added.push([rel, made, data]) - 1));
    return data;
  }

  /** Write what this run used (files gone since are dropped); best effort, atomic. */
  save(): void {
    if (!this.dirty && this.seq.length === this.rels.length && this.nextListing === this.listed) return;
    const rels: string[] = [];
    const entries: unknown[] = [];
    for (const n of this.seq)
      if (n >= 0) {
        rels.push(this.rels[n]!);
        entries.push(this.flat[2 * n], this.flat[2 * n + 1]);
      } else {
        const [rel, key, data] = this.added[-1 - n]!;
        rels.push(rel);
        entries.push(key, data);
      }
    if (this.saveDelta(rels, entries)) return;
    const files = this.nextListing?.files;
    const aligned = files?.length === rels.length && rels.every((r, i) => r === files[i]);
    const out: IndexedFile = {
      v: INDEXED_VERSION,
      salt: this.salt,
      id: `${process.pid.toString(36)}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`,
      ...(this.nextListing ? { listing: this.nextListing } : {}),
      ...(aligned ? {} : { rels }),
      entries,
    };
    writeCache(this.file, JSON.stringify(out));
    rmSync(deltaFile(this.file), { force: true });
  }

  /**
   * Write what differs from the cache file as its delta, when it is small (deltaLimit): an entry is
   * the file's when its key is (the same key, the same bytes, the same projection under this salt).
   */
  private saveDelta(rels: string[], entries: unknown[]): boolean {
    const base = this.base;
    if (!base) return false;
    const same = rels.length === base.rels.length && rels.every((r, i) => r === base.rels[i]);
    const at = same ? undefined : indexOf(base.rels);
    const set: unknown[] = [];
    const limit = deltaLimit(rels.length);
    for (let i = 0; i < rels.length; i++) {
      const b = at ? at.get(rels[i]!) : i;
      if (b !== undefined && base.flat[2 * b] === entries[2 * i]) continue;
      if (set.push(rels[i], entries[2 * i], entries[2 * i + 1]) > 3 * limit) return false;
    }
    const out: IndexedDelta = {
      v: INDEXED_VERSION,
      salt: this.salt,
      base: base.id,
      ...(same ? {} : { rels }),
      ...(this.nextListing !== base.listing ? { listing: this.nextListing ?? null } : {}),
      set,
    };
    writeCache(deltaFile(this.file), JSON.stringify(out));
    return true;
  }
}

const deltaFile = (file: string) => file.replace(/\.json$/, ".delta.json");

/** Each name's position. */
function indexOf(rels: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i < rels.length; i++) m.set(rels[i]!, i);
  return m;
}

const INDEXED_VERSION = 2;

/** Whether JSON holds `v` as it is (no infinite or NaN number anywhere in it). */
function jsonSafe(v: unknown): boolean {
  if (typeof v === "number") return Number.isFinite(v);
  if (v === null || typeof v !== "object") return true;
  if (Array.isArray(v)) return v.every(jsonSafe);
  for (const k in v) if (!jsonSafe((v as Record<string, unknown>)[k])) return false;
  return true;
}
