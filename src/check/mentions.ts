// Which records mention which dated ids (N-…, L-…, I-…): what `svc check --changed` needs to find the
// records referring to a changed one without reading 50,000 files (issue 7).
//
// The index is one text file, .git/svc/cache/mentions.txt, a line per git blob: `<blob> <id> <id>…`.
// Content-addressed, so a line can never be stale; a record file whose work-tree content is not the
// blob git's index has for it is read afresh and not indexed. Finding the records that mention an id
// is a substring search of that text (no per-file work). Derived and disposable; SVC_CACHE=0 turns
// it off (then every file is read).
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { KINDS } from "../schemas/kinds.ts";
import { git } from "../store/git.ts";

const DATED_ID = /\b[A-Z]{1,2}-\d{6,8}(?:-[A-Za-z0-9_.-]*[A-Za-z0-9])?/g;

/** The dated ids a record's text mentions (its own id among them). */
export function mentionsIn(text: string): string[] {
  return [...new Set(text.match(DATED_ID) ?? [])];
}

function blobId(content: Buffer, length: number): string {
  const hash = createHash(length === 64 ? "sha256" : "sha1");
  return hash.update(`blob ${content.length}\0`).update(content).digest("hex");
}

export interface MentionIndex {
  /** The record files (relative to the records root) git tracks that mention any of `ids`. */
  referrers(ids: ReadonlySet<string>): Set<string>;
  /** Keep what was learnt for the next run (best effort). */
  save(): void;
}

export async function mentionIndex(
  gitTop: string,
  gitDir: string,
  root: string,
  env: NodeJS.ProcessEnv,
): Promise<MentionIndex> {
  const prefix = relative(gitTop, root).split("\\").join("/");
  const cacheFile = env.SVC_CACHE === "0" ? undefined : join(gitDir, "svc", "cache", "mentions.txt");
  // The blob git's index has for each record file.
  const folders = new Set<string>(Object.values(KINDS).map((k) => k.dir));
  const pathsOf = new Map<string, string[]>();
  const ls = await git(["ls-files", "-s", "-z", "--", prefix || "."], { cwd: gitTop });
  for (const entry of ls.stdout.split("\0")) {
    const tab = entry.indexOf("\t");
    if (tab < 0) continue;
    const path = entry.slice(tab + 1);
    const rel = prefix ? path.slice(prefix.length + 1) : path;
    if (!rel.endsWith(".yaml") || !folders.has(rel.slice(0, rel.indexOf("/")))) continue;
    const blob = entry.slice(entry.indexOf(" ") + 1, entry.lastIndexOf(" ", tab)); // "<mode> <blob> <stage>\t…"
    const paths = pathsOf.get(blob);
    if (paths) paths.push(rel);
    else pathsOf.set(blob, [rel]);
  }
  let text = "";
  if (cacheFile) {
    try {
      text = readFileSync(cacheFile, "utf8");
    } catch {
      // none yet
    }
  }
  const indexed = new Set<string>();
  let stale = 0;
  for (let at = 0; at < text.length; ) {
    const end = text.indexOf("\n", at);
    const space = text.indexOf(" ", at);
    const blob = text.slice(at, space < 0 || space > end ? end : space);
    if (pathsOf.has(blob)) indexed.add(blob);
    else stale++;
    at = end < 0 ? text.length : end + 1;
  }
  // Index what is missing: read the work-tree file; index it only if it is the blob git has.
  let added = "";
  for (const [blob, paths] of pathsOf) {
    if (indexed.has(blob)) continue;
    let content: Buffer;
    try {
      content = readFileSync(join(root, paths[0]));
    } catch {
      continue;
    }
    if (blobId(content, blob.length) !== blob) continue;
    added += `${[blob, ...mentionsIn(content.toString("utf8"))].join(" ")}\n`;
    indexed.add(blob);
  }
  text += added;
  return {
    referrers(ids) {
      const found = new Set<string>();
      if (ids.size > 32) {
        // Many ids (a commit of hundreds of records): one pass over the lines beats a search per id.
        for (let at = 0; at < text.length; ) {
          const end = text.indexOf("\n", at);
          const words = text.slice(at, end).split(" ");
          if (words.some((w, i) => i > 0 && ids.has(w)))
            for (const p of pathsOf.get(words[0]) ?? []) found.add(p);
          at = end + 1;
        }
        return found;
      }
      for (const id of ids) {
        for (let at = text.indexOf(id); at >= 0; at = text.indexOf(id, at + 1)) {
          const after = text[at + id.length];
          if (text[at - 1] !== " " || (after !== " " && after !== "\n")) continue;
          const start = text.lastIndexOf("\n", at) + 1;
          const blob = text.slice(start, text.indexOf(" ", start));
          for (const p of pathsOf.get(blob) ?? []) found.add(p);
        }
      }
      // Files whose work tree differs from git's index are not indexed: the caller reads those.
      return found;
    },
    save() {
      if (!cacheFile || (!added && stale * 10 <= indexed.size)) return;
      try {
        // Rewritten with the blobs git still has in its index (old versions dropped).
        let live = "";
        for (let at = 0; at < text.length; ) {
          const end = text.indexOf("\n", at);
          const line = text.slice(at, end);
          if (pathsOf.has(line.slice(0, line.indexOf(" ") < 0 ? line.length : line.indexOf(" "))))
            live += `${line}\n`;
          at = end + 1;
        }
        mkdirSync(join(cacheFile, ".."), { recursive: true });
        const tmp = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(tmp, live);
        renameSync(tmp, cacheFile);
      } catch {
        // the cache is only an optimisation
      }
    },
  };
}
