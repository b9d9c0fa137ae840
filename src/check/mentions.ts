// Which records mention which dated ids (N-…, L-…, I-…): what `svc check --changed` needs to find the
// records referring to a changed one without reading 50,000 files (issue 7).
//
// The index is one text file, .git/svc/cache/mentions.txt: a header naming the git index it was made
// from (the checksum git writes at the end of .git/index, with the file's size, time and inode), then
// a line per tracked record file, `<blob> <path> <id> <id>…`. A line is content-addressed (the
// blob), so it is never stale; a file whose work-tree content is not the blob git has for it is read
// afresh and not indexed. While git's index is the one the header names, the file is used as it is;
// otherwise the lines are re-keyed from `git ls-files -s`, reading only blobs not seen before.
// Finding the records that mention an id is a substring search of the text. Derived and disposable;
// SVC_CACHE=0 turns it off (every file is read).
import { createHash } from "node:crypto";
import { closeSync, fstatSync, openSync, readFileSync, readSync } from "node:fs";
import { join, relative } from "node:path";
import { KINDS } from "../schemas/kinds.ts";
import { cacheDir, readCache, writeCache } from "../store/cache.ts";
import { git } from "../store/git.ts";

const DATED_ID = /\b[A-Z]{1,2}-\d{6,8}(?:-[A-Za-z0-9_.-]*[A-Za-z0-9])?/g;
const HEADER = "svc-mentions 2";

/** The dated ids a record's text mentions (its own id among them). */
export function mentionsIn(text: string): string[] {
  return [...new Set(text.match(DATED_ID) ?? [])];
}

function blobId(content: Buffer, length: number): string {
  const hash = createHash(length === 64 ? "sha256" : "sha1");
  return hash.update(`blob ${content.length}\0`).update(content).digest("hex");
}

/**
 * What tells one version of git's index from another: the checksum at its end, and the file's size,
 * modification time and inode (git replaces the file on every write) — the checksum alone is zeros
 * when git skips it (index.skipHash, which feature.manyFiles turns on since git 2.40). Undefined when
 * there is no index.
 */
function indexChecksum(gitDir: string): string | undefined {
  try {
    const fd = openSync(join(gitDir, "index"), "r");
    try {
      const st = fstatSync(fd, { bigint: true });
      const size = Number(st.size);
      const tail = Buffer.alloc(32);
      const n = readSync(fd, tail, 0, 32, Math.max(0, size - 32));
      return `${size}:${st.mtimeNs}:${st.ino}:${tail.subarray(0, n).toString("hex")}`;
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

export interface MentionIndex {
  /** The record files (relative to the records root) git tracks that mention any of `ids`. */
  referrers(ids: ReadonlySet<string>): Set<string>;
  /** Keep what was learnt for the next run (best effort). */
  save(): void;
}

/**
 * `scope`: an index of only these record folders, in its own file (`mentions-<name>.txt`) — what `svc
 * open --equipment` reads (notices, letters, R&D orders: a third of the lines to re-key after a commit).
 */
export async function mentionIndex(
  gitTop: string,
  gitDir: string,
  root: string,
  env: NodeJS.ProcessEnv,
  scope?: { name: string; dirs: readonly string[] },
): Promise<MentionIndex> {
  const dir = cacheDir(gitDir, env);
  const cacheFile = dir ? join(dir, scope ? `mentions-${scope.name}.txt` : "mentions.txt") : undefined;
  const checksum = cacheFile ? indexChecksum(gitDir) : undefined;
  const cached = readCache(cacheFile)?.toString("utf8") ?? "";
  const headerEnd = cached.indexOf("\n");
  const header = `${HEADER} ${checksum}`;
  let text: string;
  let dirty = false;
  if (checksum && headerEnd > 0 && cached.slice(0, headerEnd) === header) {
    text = cached.slice(headerEnd + 1); // git's index is unchanged since: use it as it is
  } else {
    text = await rebuild(
      gitTop,
      root,
      cached.startsWith(HEADER) ? cached.slice(headerEnd + 1) : "",
      scope?.dirs,
    );
    dirty = true;
  }
  return {
    referrers(ids) {
      const found = new Set<string>();
      if (ids.size > 32) {
        // Many ids (a commit of hundreds of records): one pass over the lines beats a search per id.
        for (let at = 0; at < text.length; ) {
          const end = text.indexOf("\n", at);
          const words = text.slice(at, end).split(" ");
          if (words.some((w, i) => i > 1 && ids.has(w))) found.add(words[1]);
          at = end + 1;
        }
        return found;
      }
      for (const id of ids) {
        for (let at = text.indexOf(id); at >= 0; at = text.indexOf(id, at + 1)) {
          const after = text[at + id.length];
          if (text[at - 1] !== " " || (after !== " " && after !== "\n")) continue;
          const start = text.lastIndexOf("\n", at) + 1;
          const pathAt = text.indexOf(" ", start) + 1;
          found.add(text.slice(pathAt, text.indexOf(" ", pathAt)));
        }
      }
      // Files whose work tree differs from git's index are not indexed: the caller reads those.
      return found;
    },
    save() {
      if (cacheFile && dirty && checksum) writeCache(cacheFile, `${header}\n${text}`);
    },
  };
}

/** The lines for git's index as it is now, reusing the ids of blobs the old lines already name. */
async function rebuild(gitTop: string, root: string, old: string, dirs?: readonly string[]): Promise<string> {
  const prefix = relative(gitTop, root).split("\\").join("/");
  const idsOf = new Map<string, string>();
  for (let at = 0; at < old.length; ) {
    const end = old.indexOf("\n", at);
    const first = old.indexOf(" ", at);
    const second = old.indexOf(" ", first + 1);
    if (first > at && first < end)
      idsOf.set(old.slice(at, first), second > 0 && second < end ? old.slice(second, end) : "");
    at = end < 0 ? old.length : end + 1;
  }
  const folders = new Set<string>(dirs ?? Object.values(KINDS).map((k) => k.dir));
  const paths = dirs ? dirs.map((d) => (prefix ? `${prefix}/${d}` : d)) : [prefix || "."];
  const ls = await git(["ls-files", "-s", "-z", "--", ...paths], { cwd: gitTop });
  let text = "";
  for (const entry of ls.stdout.split("\0")) {
    const tab = entry.indexOf("\t");
    if (tab < 0) continue;
    const path = entry.slice(tab + 1);
    const rel = prefix ? path.slice(prefix.length + 1) : path;
    // A path with a space or line break is no record's name (svc check says so): not indexed.
    if (!rel.endsWith(".yaml") || /[\s]/.test(rel) || !folders.has(rel.slice(0, rel.indexOf("/")))) continue;
    const blob = entry.slice(entry.indexOf(" ") + 1, entry.lastIndexOf(" ", tab)); // "<mode> <blob> <stage>\t…"
    let ids = idsOf.get(blob);
    if (ids === undefined) {
      let content: Buffer;
      try {
        content = readFileSync(join(root, rel));
      } catch {
        continue;
      }
      if (blobId(content, blob.length) !== blob) continue; // the work tree differs: read afresh by the caller
      ids = mentionsIn(content.toString("utf8"))
        .map((id) => ` ${id}`)
        .join("");
      idsOf.set(blob, ids);
    }
    text += `${blob} ${rel}${ids}\n`;
  }
  return text;
}
