// What the history rules read from git, in bulk: parsed records by blob id (cached between runs) and
// the records of one folder at many trees. Git itself is spoken to by src/store/git.ts only.
import { join } from "node:path";
import { deserialize, serialize } from "node:v8";
import { cacheDir, readCache, writeCache } from "../../store/cache.ts";
import { readBlobs, treeEntries } from "../../store/git.ts";
import { parseRecordText } from "../../store/yaml.ts";
import type { Rec } from "./rule.ts";

export function parse(text: string | undefined): Rec | undefined {
  if (text === undefined) return undefined;
  const r = parseRecordText(text);
  if (!r.ok || !r.data || typeof r.data !== "object" || Array.isArray(r.data)) return undefined;
  return r.data as Rec;
}

/**
 * Parsed records by git blob id, kept between runs in .git/svc/cache/history-blobs.v8 (issue 7: the
 * roster at each parent is read on every `svc check --changed`). Content-addressed: never stale.
 */
export class BlobParses {
  private known = new Map<string, Rec | null>();
  private used = new Map<string, Rec | null>();
  private file?: string;

  constructor(gitDir: string | undefined) {
    const dir = cacheDir(gitDir);
    if (!dir) return;
    this.file = join(dir, "history-blobs.v8");
    const bytes = readCache(this.file);
    if (!bytes) return;
    try {
      const got = deserialize(bytes);
      if (got instanceof Map) this.known = got as Map<string, Rec | null>;
    } catch {
      // unreadable: start empty
    }
  }

  has(blob: string): boolean {
    return this.known.has(blob);
  }

  get(blob: string, text: () => string | undefined): Rec | undefined {
    let rec = this.known.get(blob);
    if (rec === undefined) rec = parse(text()) ?? null;
    this.used.set(blob, rec);
    return rec ?? undefined;
  }

  save(): void {
    if (!this.file || this.used.size === 0) return;
    if (this.used.size === this.known.size && [...this.used.keys()].every((b) => this.known.has(b))) return;
    writeCache(this.file, serialize(this.used));
  }
}

/** The records of one folder at many trees: folder tree id → records (one ls-tree per distinct tree). */
export class FolderCache {
  private byTree = new Map<string, Rec[]>();
  readonly parses: BlobParses;
  constructor(
    private gitTop: string,
    gitDir: string | undefined,
  ) {
    this.parses = new BlobParses(gitDir);
  }

  /** Read the folders at `trees`; `retain`: let go of every other tree read before (bounded memory). */
  async load(trees: Iterable<string>, retain = false): Promise<void> {
    const wanted = new Set(trees);
    if (retain) for (const tr of this.byTree.keys()) if (!wanted.has(tr)) this.byTree.delete(tr);
    const missing = [...wanted].filter((tr) => !this.byTree.has(tr));
    const listing = new Map<string, string[]>();
    for (const tree of missing) {
      const entries = await treeEntries(this.gitTop, tree);
      // regular files only: a symlink's blob is the path it points to (history-not-a-file)
      listing.set(
        tree,
        entries
          .filter(
            (e) =>
              e.type === "blob" && (e.mode === "100644" || e.mode === "100755") && e.path.endsWith(".yaml"),
          )
          .map((e) => e.sha),
      );
    }
    const unknown = [...listing.values()].flat().filter((b) => !this.parses.has(b));
    const contents = await readBlobs(this.gitTop, unknown);
    for (const [tree, blobs] of listing) {
      this.byTree.set(
        tree,
        blobs.map((b) => this.parses.get(b, () => contents.get(b))).filter((x): x is Rec => Boolean(x)),
      );
    }
  }

  get(tree: string | undefined): Rec[] {
    return tree ? (this.byTree.get(tree) ?? []) : [];
  }
}
