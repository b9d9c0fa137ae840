// Which record files of a few folders mention which dated ids, keyed by a commit rather than by git's
// index (issue 16: `svc open --equipment`, `svc show N-…` at 50,000 records). The lines are those of
// src/check/mentions.ts — `<blob> <path> <id>…`, content-addressed, so a line is never stale for its
// blob — but they describe a commit's tree, .git/svc/cache/mentions-head-<name>.txt, headed by that
// commit. After any commit (svc's or plain git's) the lines are carried forward from what `git
// diff-tree` says changed, reading only blobs not seen before; git's index moving (every commit, a
// `git add`, a `git status` refreshing it) no longer means re-keying 19,000 lines from `git ls-files -s`.
//
// A line vouches only for a file whose work tree is the commit's blob. Every other file of the folders
// is "loose" and read by the caller, judged by its content: what `git status` lists as not HEAD's
// (staged, modified, deleted; git hashes a file only stat-dirty) unless its bytes hash to the commit's
// blob after all, and every untracked file — one git process; `git diff-index COMMIT` and `git
// ls-files -o` when status cannot say or HEAD moved while it ran.
// Derived and disposable; SVC_CACHE=0 keeps nothing (the lines are made afresh each run).
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { cacheDir, readCache, writeCache } from "../store/cache.ts";
import {
  objectContents,
  pathsOffCommit,
  type RawChange,
  resolveHead,
  statusOffHead,
  treeChanges,
  treeEntries,
  untrackedFiles,
} from "../store/git.ts";
import { mentionsIn } from "./mentions.ts";

const HEADER = "svc-mentions-head 1";

export interface HeadMentions {
  /**
   * The record files (relative to the records root) that may name any of `ids`: those whose committed
   * blob names one, and every loose file (the caller reads them and filters by content).
   */
  candidates(ids: ReadonlySet<string>): Set<string>;
  /** The files read by content whatever they name (not the commit's blob, or untracked). */
  readonly loose: ReadonlySet<string>;
  /** The blob a file that is not loose holds (its committed blob, which the work tree is). */
  blobOf(rel: string): string | undefined;
  /** Keep what was learnt for the next run (best effort). */
  save(): void;
}

function blobId(content: Buffer, length: number): string {
  return createHash(length === 64 ? "sha256" : "sha1")
    .update(`blob ${content.length}\0`)
    .update(content)
    .digest("hex");
}

/** A line's path: a record file's name (no space, no line break — svc check says so of any other). */
function indexable(rel: string, folders: ReadonlySet<string>): boolean {
  return rel.endsWith(".yaml") && !/\s/.test(rel) && folders.has(rel.slice(0, rel.indexOf("/")));
}

/**
 * The index of the record folders `dirs` (relative to the records root `root`) as of HEAD, in the
 * cache `name`, with the files the work tree holds otherwise.
 */
export async function headMentions(
  gitTop: string,
  gitDir: string,
  root: string,
  env: NodeJS.ProcessEnv,
  name: string,
  dirs: readonly string[],
): Promise<HeadMentions> {
  const prefix = relative(gitTop, root).split("\\").join("/");
  const top = (rel: string) => (prefix ? `${prefix}/${rel}` : rel);
  const fromTop = (p: string) =>
    prefix ? (p.startsWith(`${prefix}/`) ? p.slice(prefix.length + 1) : undefined) : p;
  const paths = dirs.map(top);
  const folders = new Set(dirs);
  const dir = cacheDir(gitDir, env);
  const cacheFile = dir ? join(dir, `mentions-head-${name}.txt`) : undefined;

  const head = await resolveHead(gitTop, gitDir, env);
  if (!head) {
    const untrackedAsked = untrackedFiles(gitTop, paths);
    // No commit yet: every file is loose.
    const { git } = await import("../store/git.ts");
    const ls = await git(["ls-files", "-z", "-c", "-o", "--exclude-standard", "--", ...paths], {
      cwd: gitTop,
    });
    await untrackedAsked;
    const loose = new Set<string>();
    for (const p of ls.stdout.split("\0")) {
      const rel = p && fromTop(p);
      if (rel) loose.add(rel);
    }
    return { candidates: () => new Set(loose), loose, blobOf: () => undefined, save() {} };
  }
  // What differs from HEAD and what is untracked, in one process (git status); when it cannot say, or
  // HEAD moved meanwhile (its answer is then about another commit than the lines'), the two processes
  // that answer of `head` itself.
  const offAsked = statusOffHead(gitTop, paths).then(async (status) =>
    status && (await resolveHead(gitTop, gitDir, env)) === head
      ? status
      : Promise.all([pathsOffCommit(gitTop, head, paths), untrackedFiles(gitTop, paths)]).then(
          ([off, untracked]) => ({ off, untracked }),
        ),
  );

  // The lines of the last run, and what changed since: the commit's tree against the one the lines
  // describe, or the whole tree.
  const cached = readCache(cacheFile)?.toString("utf8") ?? "";
  const headerEnd = cached.indexOf("\n");
  // The header names the commit and the length of the lines (a cache cut short is not used).
  const [was = "", length] =
    cached.startsWith(`${HEADER} `) && headerEnd > 0
      ? cached.slice(HEADER.length + 1, headerEnd).split(" ")
      : [];
  const whole = was !== "" && Number(length) === Buffer.byteLength(cached) - headerEnd - 1;
  const lines = new Lines(whole ? cached.slice(headerEnd + 1) : "");
  let changes: RawChange[] | undefined;
  let dirty = false;
  if (!whole || was !== head) {
    dirty = true;
    changes = whole ? await treeChanges(gitTop, was, head, paths) : undefined;
    if (!changes) {
      lines.clear(); // their commit is gone: the whole tree (blobs already seen are kept)
      changes = (await treeEntries(gitTop, head, paths))
        .filter((e) => e.type === "blob")
        .map((e) => ({ path: e.path, newMode: e.mode, newSha: e.sha }));
    }
  }
  const { off, untracked } = await offAsked;
  const offSet = new Set<string>();
  for (const p of off ?? []) {
    const rel = fromTop(p);
    if (rel) offSet.add(rel);
  }

  // New blobs: their ids from the work tree when it holds that blob, else from git.
  const unread: { rel: string; sha: string }[] = [];
  for (const c of changes ?? []) {
    const rel = fromTop(c.path);
    if (!rel) continue;
    lines.set(rel, undefined);
    if (!c.newSha || (c.newMode !== "100644" && c.newMode !== "100755") || !indexable(rel, folders)) continue;
    const known = lines.idsOf(c.newSha);
    if (known !== undefined) {
      lines.set(rel, `${c.newSha} ${rel}${known}`);
      continue;
    }
    let content: Buffer | undefined;
    if (!offSet.has(rel)) {
      try {
        content = readFileSync(join(root, rel));
      } catch {
        content = undefined;
      }
    }
    if (content && blobId(content, c.newSha.length) === c.newSha) {
      const ids = mentionsIn(content.toString("utf8"))
        .map((id) => ` ${id}`)
        .join("");
      lines.set(rel, `${c.newSha} ${rel}${ids}`);
    } else unread.push({ rel, sha: c.newSha });
  }
  if (unread.length) {
    const bodies = await objectContents(
      gitTop,
      unread.map((u) => u.sha),
    );
    for (const { rel, sha } of unread) {
      const body = bodies.get(sha);
      if (!body) continue; // not indexed: then never trusted (below)
      const ids = mentionsIn(body.toString("utf8"))
        .map((id) => ` ${id}`)
        .join("");
      lines.set(rel, `${sha} ${rel}${ids}`);
    }
  }

  // Loose: untracked, or listed by diff-index (git could not say: every file) unless the bytes in the
  // work tree are the commit's blob after all (an entry svc committed carries no file times until
  // git's porcelain refreshes it).
  const loose = new Set<string>();
  for (const p of untracked) {
    const rel = fromTop(p);
    if (rel) loose.add(rel);
  }
  if (!off) for (const rel of lines.paths()) loose.add(rel);
  for (const rel of offSet) {
    const line = lines.get(rel);
    if (line) {
      const blob = line.slice(0, line.indexOf(" "));
      try {
        if (blobId(readFileSync(join(root, rel)), blob.length) === blob) continue;
      } catch {
        // gone from the work tree: loose (the caller finds no record)
      }
    }
    loose.add(rel);
  }

  const body = () => lines.body();
  // The blobs of the lines `candidates` found (their paths are what blobOf is asked next): a search of
  // the text per file was ~0.4 ms each, 13 ms of the unit's 40 records (issue 16).
  const seen = new Map<string, string>();
  return {
    loose,
    blobOf(rel) {
      if (loose.has(rel)) return undefined;
      const known = seen.get(rel);
      if (known !== undefined) return known;
      const line = lines.get(rel);
      return line ? line.slice(0, line.indexOf(" ")) : undefined;
    },
    candidates(ids) {
      const found = new Set<string>(loose);
      if (!ids.size) return found;
      const all = body();
      // One pass of the text for all ids: " <id>" followed by a space or the line's end. A path never
      // matches (it holds a "/", an id does not).
      const words = [...ids].filter((id) => /^[A-Za-z0-9_.-]+$/.test(id));
      if (!words.length) return found;
      const re = new RegExp(` (?:${words.map((w) => w.replace(/\./g, "\\.")).join("|")})(?=[ \n])`, "g");
      let lineEnd = -1;
      for (let m = re.exec(all); m; m = re.exec(all)) {
        if (m.index < lineEnd) continue; // this line is found already
        const start = all.lastIndexOf("\n", m.index) + 1;
        const pathAt = all.indexOf(" ", start) + 1;
        const pathEnd = all.indexOf(" ", pathAt);
        lineEnd = all.indexOf("\n", m.index);
        if (pathEnd < 0 || pathEnd > m.index) continue;
        const path = all.slice(pathAt, pathEnd);
        found.add(path);
        seen.set(path, all.slice(start, pathAt - 1));
      }
      return found;
    },
    save() {
      if (!cacheFile || !dirty) return;
      const text = body();
      writeCache(cacheFile, `${HEADER} ${head} ${Buffer.byteLength(text)}\n${text}`);
    },
  };
}

/**
 * The lines (`<blob> <path> <ids>\n` each), kept as the text they were read as: a commit changes a
 * few of 19,000, so they are found by searching the text, not parsed into a map (which costs more
 * than the rest of a run); past a few hundred changes, or for a whole tree, they are parsed.
 */
class Lines {
  private edits = new Map<string, string | undefined>();
  private map: Map<string, string> | undefined;
  private blobs: Map<string, string> | undefined;
  private text: string;
  constructor(text: string) {
    this.text = text && !text.endsWith("\n") ? `${text}\n` : text;
  }

  /** No lines (the blobs already seen keep their ids). */
  clear(): void {
    this.parsed().clear();
  }

  /** Where the line of `rel` starts and ends (after its \n) in the text; undefined when none. */
  private find(rel: string): [number, number] | undefined {
    const text = this.text;
    for (let at = text.indexOf(` ${rel}`); at >= 0; at = text.indexOf(` ${rel}`, at + 1)) {
      const after = text[at + rel.length + 1];
      if (after !== " " && after !== "\n") continue;
      const start = text.lastIndexOf("\n", at) + 1;
      if (text.indexOf(" ", start) !== at) continue; // an id, not the line's path
      return [start, text.indexOf("\n", at) + 1];
    }
    return undefined;
  }

  private parsed(): Map<string, string> {
    if (this.map) return this.map;
    const map = new Map<string, string>();
    const blobs = new Map<string, string>();
    const text = this.text;
    for (let at = 0; at < text.length; ) {
      const end = text.indexOf("\n", at);
      const line = text.slice(at, end);
      const first = line.indexOf(" ");
      const second = line.indexOf(" ", first + 1);
      if (first > 0) {
        map.set(second < 0 ? line.slice(first + 1) : line.slice(first + 1, second), line);
        blobs.set(line.slice(0, first), second < 0 ? "" : line.slice(second));
      }
      at = end + 1;
    }
    this.map = map;
    this.blobs = blobs;
    const edits = [...this.edits];
    this.edits.clear();
    for (const [rel, line] of edits) this.set(rel, line);
    return map;
  }

  set(rel: string, line: string | undefined): void {
    if (!this.map && this.edits.size > 256) this.parsed();
    if (!this.map || !this.blobs) {
      this.edits.set(rel, line);
      return;
    }
    if (line === undefined) this.map.delete(rel);
    else {
      this.map.set(rel, line);
      this.blobs.set(line.slice(0, line.indexOf(" ")), idsPart(line));
    }
  }

  get(rel: string): string | undefined {
    if (this.map) return this.map.get(rel);
    if (this.edits.has(rel)) return this.edits.get(rel);
    const at = this.find(rel);
    return at ? this.text.slice(at[0], at[1] - 1) : undefined;
  }

  /** The ids a line gives for `blob` (`" N-… L-…"`, "" for none); undefined when no line has it. */
  idsOf(blob: string): string | undefined {
    if (this.blobs) return this.blobs.get(blob);
    for (const l of this.edits.values()) if (l?.startsWith(`${blob} `)) return idsPart(l);
    const text = this.text;
    for (let at = text.indexOf(`${blob} `); at >= 0; at = text.indexOf(`${blob} `, at + 1)) {
      if (at > 0 && text[at - 1] !== "\n") continue;
      return idsPart(text.slice(at, text.indexOf("\n", at)));
    }
    return undefined;
  }

  paths(): string[] {
    return [...this.parsed().keys()];
  }

  /** The lines as text, each ending in a line break. */
  body(): string {
    if (this.map) return [...this.map.values()].map((l) => `${l}\n`).join("");
    let added = "";
    for (const [rel, line] of this.edits) {
      const at = this.find(rel);
      if (at) this.text = this.text.slice(0, at[0]) + this.text.slice(at[1]);
      if (line !== undefined) added += `${line}\n`;
    }
    this.edits.clear();
    this.text += added;
    return this.text;
  }
}

/** A line's ids part: " N-… L-…" after its path, "" when it names none. */
function idsPart(line: string): string {
  const first = line.indexOf(" ");
  const second = line.indexOf(" ", first + 1);
  return second < 0 ? "" : line.slice(second);
}
