// Writing files svc owns without ever following a symlink (issue 11). write-file-atomic resolves a
// symlink and replaces its target — a record, attachment or document named like one of svc's files
// could point outside the repository. Here every folder from the base down must be a real folder and
// the file itself absent or a regular file; the new content goes to a temporary file created with
// O_EXCL next to it and is renamed into place (a rename replaces a name, it never follows it).
import { closeSync, fsyncSync, lstatSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { Refused } from "../core/errors.ts";
import { t } from "../core/i18n.ts";

/** What is wrong with writing `rel` under `base`, or undefined when svc may write (or remove) it. */
export function unsafeTarget(base: string, rel: string): string | undefined {
  const parts = rel.split(/[\\/]/).filter((p) => p !== "" && p !== ".");
  if (parts.includes("..")) return t(`${rel} 含有 ..`, `${rel} contains ..`);
  let path = base;
  for (let i = 0; i < parts.length; i++) {
    path = join(path, parts[i]);
    let st: import("node:fs").Stats | undefined;
    try {
      st = lstatSync(path);
    } catch {
      return undefined; // absent from here down: created as real folders and a regular file
    }
    const shown = parts.slice(0, i + 1).join("/");
    if (st.isSymbolicLink())
      return t(
        `${shown} 是符号链接（svc 从不经由符号链接写入）`,
        `${shown} is a symbolic link (svc never writes through one)`,
      );
    const last = i === parts.length - 1;
    if (!last && !st.isDirectory()) return t(`${shown} 不是文件夹`, `${shown} is not a folder`);
    if (last && !st.isFile()) return t(`${shown} 不是普通文件`, `${shown} is not a regular file`);
  }
  return undefined;
}

/** Refuse (naming the path and the fix) unless `rel` under `base` may be written. */
export function assertSafeTarget(base: string, rel: string, what: string): void {
  const problem = unsafeTarget(base, rel);
  if (problem)
    throw new Refused(
      t(`${what}：${problem}，未写入任何内容`, `${what}: ${problem}; nothing was written`),
      t(
        "把它换成普通文件（或删除）后重试",
        "replace it with a regular file (or remove it), then run the command again",
      ),
    );
}

let serial = 0;

/**
 * Write `content` to `abs` whole or not at all, never through a symlink: `abs` is a path the caller
 * has checked with `unsafeTarget`. The temporary file is `<abs>.<digits>` (what crash recovery
 * removes), created exclusively so nothing planted under that name is followed.
 */
export function writeFileNoFollow(abs: string, content: Uint8Array, o: { sync?: boolean } = {}): void {
  const tmp = `${abs}.${process.pid}${String(++serial).padStart(4, "0")}`;
  const fd = openSync(tmp, "wx", 0o644);
  try {
    try {
      let off = 0;
      while (off < content.length) off += writeSync(fd, content, off, content.length - off);
      if (o.sync !== false) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, abs);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Create `abs`, which must not exist yet, with `content`: opened with O_CREAT|O_EXCL, which never
 * follows a symlink and fails when anything is there — as safe as writeFileNoFollow without its
 * temporary file and rename (half the directory operations: the dashboard creates 20,000 pages).
 * A crash mid-write leaves a short file, which the caller's manifest does not vouch for.
 */
export function createFileNoFollow(abs: string, content: Uint8Array): void {
  const fd = openSync(abs, "wx", 0o644);
  try {
    let off = 0;
    while (off < content.length) off += writeSync(fd, content, off, content.length - off);
  } finally {
    closeSync(fd);
  }
}
