// Reading a record file as text, safely (issue 11): never through a symbolic link (the file's or a
// folder's between the repository and it), never from anything but a regular file (a FIFO or a device
// named like a record would block or never end), and only as valid UTF-8 (a GBK-saved record would
// otherwise come back with U+FFFD and be rewritten so by the next mutation). Every refusal is a
// located finding. Used by the store and by `svc check` alike, so a command never reads a file that
// check would pass over.
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
} from "node:fs";
import { join } from "node:path";
import type { Finding } from "../check/finding.ts";
import { t } from "../core/i18n.ts";
import type { AnyRecord } from "../schemas/index.ts";
import { isIdOf, KINDS, type Kind, pathOf } from "../schemas/kinds.ts";
import { locateProblemsSync, validateDataSync } from "./validate.ts";
import { locateSync, parseRecordText } from "./yaml.ts";

export type Located = Omit<Finding, "file">;
export type TextRead = { ok: true; text: string } | { ok: false; missing: boolean; finding: Located };

// O_NOFOLLOW: a symlink in the last component fails (ELOOP) instead of being followed; O_NONBLOCK:
// opening a FIFO returns at once (fstat then tells it from a file). Both are 0 where the platform
// has no such flag (Windows), where lstat below still catches links.
const FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/** No record comes near this (a year's letter is some kilobytes); a bigger file is not read into memory. */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024;

const at1 = (rule: string, message: string, hint?: string): Located => ({
  line: 1,
  col: 1,
  rule,
  severity: "error",
  message,
  hint,
});

export function symlinkFinding(what: "file" | "folder", rel?: string): Located {
  return at1(
    "file-type",
    what === "folder"
      ? t(
          `${rel ? `${rel} ` : ""}是符号链接的文件夹：svc 不跟随符号链接`,
          `${rel ? `${rel} ` : ""}is a symlinked folder: svc does not follow symbolic links`,
        )
      : t("是符号链接：svc 不跟随符号链接", "is a symbolic link: svc does not follow symbolic links"),
    t("用普通文件（或文件夹）替换该链接", "replace the link with a regular file (or folder)"),
  );
}

export function notRegularFinding(): Located {
  return at1(
    "file-type",
    t("不是普通文件（FIFO、设备、套接字或目录）", "is not a regular file (a FIFO, device, socket or folder)"),
    t("记录必须是普通文件；删除或替换它", "a record must be a regular file; remove or replace it"),
  );
}

/**
 * The text of `rel` under `root`. `dirsKnown`: the file was just listed as a regular file in real
 * folders (listRecordFiles), so the folders and the file are not looked at again before it is opened.
 */
export function readRecordText(
  root: string,
  rel: string,
  dirsKnown = false,
  onBytes?: (bytes: Buffer) => void,
): TextRead {
  if (!dirsKnown) {
    const parts = rel.split("/");
    let sub = "";
    for (let i = 0; i < parts.length - 1; i++) {
      sub = sub ? `${sub}/${parts[i]}` : parts[i];
      let st: import("node:fs").Stats;
      try {
        st = lstatSync(join(root, sub));
      } catch {
        return { ok: false, missing: true, finding: at1("file-type", t("文件不存在", "no such file")) };
      }
      if (st.isSymbolicLink()) return { ok: false, missing: false, finding: symlinkFinding("folder", sub) };
      if (!st.isDirectory())
        return { ok: false, missing: true, finding: at1("file-type", t("文件不存在", "no such file")) };
    }
    // Not opened at all unless it is a regular file (opening some devices does something).
    let st: import("node:fs").Stats;
    try {
      st = lstatSync(join(root, rel));
    } catch {
      return { ok: false, missing: true, finding: at1("file-type", t("文件不存在", "no such file")) };
    }
    if (st.isSymbolicLink()) return { ok: false, missing: false, finding: symlinkFinding("file") };
    if (!st.isFile()) return { ok: false, missing: false, finding: notRegularFinding() };
  }
  let fd: number;
  try {
    // The flags still hold if the file is swapped for a link or a FIFO after the look above.
    fd = openSync(join(root, rel), FLAGS);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ELOOP") return { ok: false, missing: false, finding: symlinkFinding("file") };
    if (code === "ENOENT" || code === "ENOTDIR")
      return { ok: false, missing: true, finding: at1("file-type", t("文件不存在", "no such file")) };
    if (code === "EISDIR") return { ok: false, missing: false, finding: notRegularFinding() };
    return {
      ok: false,
      missing: false,
      finding: at1("file-type", t(`无法读取：${code ?? e}`, `cannot be read: ${code ?? e}`)),
    };
  }
  let bytes: Buffer;
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { ok: false, missing: false, finding: notRegularFinding() };
    if (st.size > MAX_RECORD_BYTES)
      return {
        ok: false,
        missing: false,
        finding: at1(
          "file-size",
          t(
            `记录文件过大（${st.size} 字节，最多 ${MAX_RECORD_BYTES}）`,
            `the record file is too large (${st.size} bytes, at most ${MAX_RECORD_BYTES})`,
          ),
        ),
      };
    if (!constants.O_NOFOLLOW && lstatSync(join(root, rel)).isSymbolicLink())
      return { ok: false, missing: false, finding: symlinkFinding("file") };
    bytes = readFileSync(fd);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return {
      ok: false,
      missing: false,
      finding: at1("file-type", t(`无法读取：${code ?? e}`, `cannot be read: ${code ?? e}`)),
    };
  } finally {
    closeSync(fd);
  }
  onBytes?.(bytes);
  return decodeUtf8(bytes);
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * `bytes` as text when they are UTF-8, else a finding at the line and column of the first byte that
 * is not. A leading byte order mark is accepted and dropped (the text is the same; svc writes none).
 */
export function decodeUtf8(bytes: Uint8Array): TextRead {
  try {
    return { ok: true, text: utf8.decode(bytes) };
  } catch {
    const bad = firstInvalidUtf8(bytes);
    let lineStart = 0;
    let line = 1;
    for (let i = 0; i < bad; i++)
      if (bytes[i] === 0x0a) {
        line++;
        lineStart = i + 1;
      }
    const col = [...utf8.decode(bytes.subarray(lineStart, bad))].length + 1;
    const hex = Array.from(bytes.subarray(bad, Math.min(bad + 4, bytes.length)), (b) =>
      b.toString(16).padStart(2, "0"),
    ).join(" ");
    return {
      ok: false,
      missing: false,
      finding: {
        line,
        col,
        rule: "encoding",
        severity: "error",
        message: t(`不是 UTF-8 编码（字节 ${hex}）`, `not UTF-8 (bytes ${hex})`),
        hint: t(
          "记录必须以 UTF-8 保存（可能以 GBK 保存）；用编辑器转换为 UTF-8",
          "records must be saved as UTF-8 (this may be GBK); convert it to UTF-8 in an editor",
        ),
      },
    };
  }
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence (RFC 3629). */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) n = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= n; k++) {
      const d = b[i + k];
      if (d === undefined) return i;
      if (k === 1 ? d < lo || d > hi : d < 0x80 || d > 0xbf) return i;
    }
    i += n + 1;
  }
  return b.length;
}

/** What reading one record file gave: the record, or why it is not one (located), or nothing there. */
export type RecordRead =
  | { record: AnyRecord; findings?: undefined; missing?: undefined }
  | { record?: undefined; findings: Finding[]; missing?: undefined }
  | { record?: undefined; findings?: undefined; missing: true };

/**
 * A record file read (safely, `readRecordText`), parsed (no anchors or aliases) and validated against
 * its kind's schema, its id of its kind's form and matching its path — what a command may rely on
 * (issue 11: "letter.log is not iterable" is a refusal with the file's findings, not a crash).
 * `onBytes` receives the file's bytes as read (the index-keyed cache hashes them).
 */
export function readRecordFile(
  root: string,
  kind: Kind,
  rel: string,
  dirsKnown = false,
  onBytes?: (bytes: Buffer) => void,
): RecordRead {
  const read = readRecordText(root, rel, dirsKnown, onBytes);
  if (!read.ok) return read.missing ? { missing: true } : { findings: [{ file: rel, ...read.finding }] };
  const parsed = parseRecordText(read.text);
  if (!parsed.ok) return { findings: [{ file: rel, ...parsed.finding }] };
  const data = parsed.data as Record<string, unknown> | null;
  const wrong = (message: string, path: string[] = []): RecordRead => ({
    findings: [
      {
        file: rel,
        ...(path.length ? locateSync(read.text, path, true) : { line: 1, col: 1 }),
        rule: path[0] === "id" ? "id-path" : "kind",
        severity: "error",
        message,
      },
    ],
  });
  if (!data || typeof data !== "object" || Array.isArray(data))
    return wrong(t("记录应为键值映射", "a record must be a mapping of fields"));
  if (data.kind !== kind)
    return wrong(
      t(
        `${KINDS[kind].dir}/ 下的记录类型应为 ${kind}`,
        `records under ${KINDS[kind].dir}/ must have kind ${kind}`,
      ),
      "kind" in data ? ["kind"] : [],
    );
  const problems = validateDataSync(kind, data);
  if (problems.length) return { findings: locateProblemsSync(rel, read.text, problems) };
  if (!isIdOf(kind, data.id) || pathOf(kind, data.id) !== rel)
    return wrong(
      t(`文件名与编号 ${String(data.id)} 不符`, `the file name does not match the id ${String(data.id)}`),
      ["id"],
    );
  return { record: data as unknown as AnyRecord };
}

/** The record files (*.yaml) under a kind's folder, and every entry there that svc will not read. */
export interface Listing {
  files: string[];
  /** Symbolic links (files or folders) and entries that are neither files nor folders. */
  odd: Finding[];
}

/**
 * Relative paths of the .yaml files under `dir` (recursively, sorted), never through a symbolic link;
 * a link anywhere (the folder itself included), and a .yaml that is not a regular file, is in `odd`.
 * `folders`, when given, receives every folder read (`dir` first).
 */
export function listRecordFiles(root: string, dir: string, folders?: string[]): Listing {
  const files: string[] = [];
  const odd: Finding[] = [];
  let top: import("node:fs").Stats | undefined;
  try {
    top = lstatSync(join(root, dir));
  } catch {
    return { files, odd };
  }
  if (top.isSymbolicLink()) return { files, odd: [{ file: dir, ...symlinkFinding("folder") }] };
  const walk = (rel: string) => {
    let entries: import("node:fs").Dirent[];
    try {
      entries = readdirSync(join(root, rel), { withFileTypes: true });
    } catch {
      if (folders) folders.push("\0"); // unreadable: the listing is not one to remember
      return;
    }
    folders?.push(rel);
    for (const e of entries) {
      const child = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(child);
      else if (e.isSymbolicLink()) {
        let target: "file" | "folder" = "file";
        try {
          if (statSync(join(root, child)).isDirectory()) target = "folder";
        } catch {
          // a dangling link: reported as a link all the same
        }
        odd.push({ file: child, ...symlinkFinding(target) });
      } else if (e.isFile()) {
        if (e.name.endsWith(".yaml")) files.push(child);
      } else if (e.name.endsWith(".yaml") || dir === "attachments")
        odd.push({ file: child, ...notRegularFinding() });
    }
  };
  walk(dir);
  files.sort();
  odd.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { files, odd };
}
