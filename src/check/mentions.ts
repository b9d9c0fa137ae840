// Which dated ids (N-…, L-…, I-…) each record file mentions — what `svc check --changed` needs to find
// the records referring to a changed one without reading 50,000 files (issue 7). Cached by git blob id
// in .git/svc/cache/mentions.v8: content-addressed, so an entry can never be stale; a file whose work
// tree content is not the blob git has for it is read afresh and not cached. SVC_CACHE=0 turns it off.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { deserialize, serialize } from "node:v8";
import { git } from "../store/git.ts";

const DATED_ID = /\b[A-Z]{1,2}-\d{6,8}(?:-[A-Za-z0-9_.-]*[A-Za-z0-9])?/g;

/** The dated ids a record's text mentions (its own id among them). */
export function mentionsIn(text: string): string[] {
  return [...new Set(text.match(DATED_ID) ?? [])];
}

function blobId(content: Buffer): string {
  return createHash("sha1").update(`blob ${content.length}\0`).update(content).digest("hex");
}

export interface MentionIndex {
  /** The dated ids the file (relative to the records root) mentions, as it is in the work tree. */
  of(file: string): string[];
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
  const cacheFile = env.SVC_CACHE === "0" ? undefined : join(gitDir, "svc", "cache", "mentions.v8");
  let known = new Map<string, string[]>();
  if (cacheFile) {
    try {
      const got = deserialize(readFileSync(cacheFile));
      if (got instanceof Map) known = got as Map<string, string[]>;
    } catch {
      // none yet, or unreadable: start empty
    }
  }
  // The blob git has in its index for each record file (the work tree may differ: see `of`).
  const blobs = new Map<string, string>();
  const ls = await git(["ls-files", "-s", "-z", "--", prefix || "."], { cwd: gitTop });
  for (const line of ls.stdout.split("\0")) {
    const tab = line.indexOf("\t");
    if (tab < 0) continue;
    const path = line.slice(tab + 1);
    const rel = prefix ? path.slice(prefix.length + 1) : path;
    blobs.set(rel, line.split(" ")[1]);
  }
  let learnt = false;
  return {
    of(file: string): string[] {
      const blob = blobs.get(file);
      const hit = blob ? known.get(blob) : undefined;
      if (hit) return hit;
      let content: Buffer;
      try {
        content = readFileSync(join(root, file));
      } catch {
        return [];
      }
      const ids = mentionsIn(content.toString("utf8"));
      if (blob && blobId(content) === blob) {
        known.set(blob, ids);
        learnt = true;
      }
      return ids;
    },
    save(): void {
      if (!cacheFile || !learnt) return;
      try {
        // Only blobs still in the index are kept.
        const live = new Set(blobs.values());
        const next = new Map([...known].filter(([b]) => live.has(b)));
        mkdirSync(join(cacheFile, ".."), { recursive: true });
        const tmp = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(tmp, serialize(next));
        renameSync(tmp, cacheFile);
      } catch {
        // the cache is only an optimisation
      }
    },
  };
}
