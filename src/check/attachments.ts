// svc check: every attachment a record names (a photo, a signature scan, a written confirmation) is
// there, a regular file inside attachments/, and has the sha256 the record carries (issue 11: a
// recovery that rewrote a binary attachment as text passed the check). A file under attachments/
// that no record names is a warning (svc never leaves one; someone copied it in by hand). Symlinks and
// other non-regular files under attachments/ that no record names are the read side's findings.
import { closeSync, lstatSync, openSync, readdirSync, readSync } from "node:fs";
import { join } from "node:path";
import { t } from "../core/i18n.ts";
import { locate } from "../store/yaml.ts";
import type { Finding } from "./finding.ts";
import type { Snapshot } from "./snapshot.ts";

const SHA256 = /^[0-9a-f]{64}$/;
const DIR = "attachments";

interface Ref {
  path: string;
  sha256: string;
  /** Where in the record: the YAML path of the attachment object. */
  at: (string | number)[];
}

/** Every `{ path, sha256 }` object in a record (the schemas' Attachment), with where it is. */
function refsOf(value: unknown, at: (string | number)[] = [], out: Ref[] = []): Ref[] {
  // one path stack, copied only for a ref found (a copy per node was ~0.3 s of a check at 50k records)
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      if (!v || typeof v !== "object") continue;
      at.push(i);
      refsOf(v, at, out);
      at.pop();
    }
  } else if (value && typeof value === "object") {
    const o = value as Record<string, unknown>;
    if (typeof o.path === "string" && typeof o.sha256 === "string" && SHA256.test(o.sha256))
      out.push({ path: o.path, sha256: o.sha256, at: [...at] });
    else
      for (const k in o) {
        const v = o[k];
        if (!v || typeof v !== "object" || !Object.hasOwn(o, k)) continue;
        at.push(k);
        refsOf(v, at, out);
        at.pop();
      }
  }
  return out;
}

/** sha256 of a file, read in chunks (an attachment may be large). */
async function hashFile(abs: string): Promise<string> {
  const { createHash } = await import("node:crypto");
  const hash = createHash("sha256");
  const fd = openSync(abs, "r");
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n <= 0) break;
      hash.update(buf.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest("hex");
}

/** What is wrong with an attachment's path itself (outside attachments/, `..`), or undefined. */
function badPath(path: string): string | undefined {
  const parts = path.split("/");
  if (
    path.startsWith("/") ||
    path.includes("\\") ||
    parts.includes("..") ||
    parts.includes(".") ||
    parts[0] !== DIR
  )
    return t(`附件路径 ${path} 不在 ${DIR}/ 中`, `attachment path ${path} is not inside ${DIR}/`);
  return undefined;
}

/** Whether `rel` (under root) is a regular file reached through real folders only. */
function fileState(root: string, rel: string): "ok" | "missing" | "symlink" | "not-file" {
  const parts = rel.split("/");
  let abs = root;
  for (let i = 0; i < parts.length; i++) {
    abs = join(abs, parts[i]);
    const st = lstatSync(abs, { throwIfNoEntry: false });
    if (!st) return "missing";
    if (st.isSymbolicLink()) return "symlink";
    if (i < parts.length - 1 ? !st.isDirectory() : !st.isFile()) return "not-file";
  }
  return "ok";
}

export async function checkAttachments(snap: Snapshot, only?: (file: string) => boolean): Promise<Finding[]> {
  const findings: Finding[] = [];
  const named = new Set<string>();
  const hashes = new Map<string, Promise<string>>();
  for (const entry of snap.byId.values()) {
    // `entry.text` only where a finding is located: a vouched record's text is read from disk when
    // asked (destructured here, it read all 50,000 record files again: issue 18)
    const { file, record } = entry;
    const refs = refsOf(record);
    for (const r of refs) named.add(r.path);
    if (only && !only(file)) continue;
    for (const r of refs) {
      const where = async (key: string) => ({ file, ...(await locate(entry.text, [...r.at, key])) });
      const error = async (key: string, rule: string, message: string, hint?: string) =>
        findings.push({ ...(await where(key)), rule, severity: "error", message, value: r.path, hint });
      const pathProblem = badPath(r.path);
      if (pathProblem) {
        await error("path", "attachment-path", pathProblem);
        continue;
      }
      const state = fileState(snap.root, r.path);
      if (state !== "ok") {
        const message =
          state === "missing"
            ? t(`附件 ${r.path} 不存在`, `attachment ${r.path} is missing`)
            : state === "symlink"
              ? t(`附件 ${r.path} 经由符号链接`, `attachment ${r.path} is (or lies under) a symbolic link`)
              : t(`附件 ${r.path} 不是普通文件`, `attachment ${r.path} is not a regular file`);
        await error(
          "path",
          "attachment-file",
          message,
          t("从 git 历史恢复：git checkout -- <路径>", "restore it from git: git checkout -- <path>"),
        );
        continue;
      }
      let digest = hashes.get(r.path);
      if (!digest) {
        digest = hashFile(join(snap.root, r.path));
        hashes.set(r.path, digest);
      }
      const actual = await digest;
      if (actual !== r.sha256)
        await error(
          "sha256",
          "attachment-sha256",
          t(
            `附件 ${r.path} 的 sha256 与记录不符（文件为 ${actual}）：文件已被改动或损坏`,
            `attachment ${r.path} does not match the record's sha256 (the file's is ${actual}): it was changed or damaged`,
          ),
          t(
            "从 git 历史恢复原文件：git checkout -- <路径>",
            "restore the original from git: git checkout -- <path>",
          ),
        );
    }
  }
  if (!only) findings.push(...orphans(snap.root, named));
  return findings;
}

/** Regular files under attachments/ that no record names (warnings). */
function orphans(root: string, named: Set<string>): Finding[] {
  const out: Finding[] = [];
  const walk = (rel: string) => {
    let entries: import("node:fs").Dirent[];
    try {
      entries = readdirSync(join(root, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const child = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(child);
      // A symlink or non-regular file here is reported by the snapshot's read side (file-type rule).
      else if (!e.isFile()) continue;
      else if (!named.has(child))
        out.push({
          file: child,
          line: 1,
          col: 1,
          rule: "attachment-orphan",
          severity: "warning",
          message: t(`${child} 未被任何记录引用`, `${child} is named by no record`),
          hint: t("删除它，或在记录中引用它", "remove it, or name it in a record"),
        });
    }
  };
  walk(DIR);
  return out;
}
