// Writing the dashboard's folder incrementally and safely. The folder's manifest (.svc-dashboard.json)
// records the sha256 of every file svc wrote there: a page whose new content has the same hash (and is
// still there, the same size) is not touched; the others are written through safe-write.ts (never
// through a symlink, temp file + rename); a file of the last build that is no longer part of the site
// (a deleted record's page) is removed — only names of the site's own form, never through a link.
// A folder that is not empty and has no manifest is not the dashboard's: svc refuses to write into it.
import { createHash } from "node:crypto";
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { Refused } from "../../core/errors.ts";
import { t } from "../../core/i18n.ts";
import { assertSafeTarget, unsafeTarget, writeFileNoFollow } from "../../store/safe-write.ts";

export const SITE_MANIFEST = ".svc-dashboard.json";

/** The names the site's files have: folders and files of ids, letters, digits, `.`, `_`, `-`. */
const SITE_NAME = /^(?:[A-Za-z0-9][A-Za-z0-9_.-]*\/){0,2}[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export function isSiteName(rel: string): boolean {
  return SITE_NAME.test(rel) && !rel.split("/").some((p) => p === "." || p === ".." || p.includes(".."));
}

export interface SiteWrite {
  written: number;
  unchanged: number;
  removed: number;
}

interface ManifestEntry {
  hash: string;
  size: number;
}

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

/** The site's folder may be written: not a symlink, a folder (or absent), svc's own when not empty. */
export function assertSiteDir(dir: string): void {
  const st = lstatSync(dir, { throwIfNoEntry: false });
  if (!st) return;
  if (st.isSymbolicLink() || !st.isDirectory())
    throw new Refused(
      t(
        `${dir} ${st.isSymbolicLink() ? "是符号链接" : "不是文件夹"}，svc 不经由它写入网站，未写入任何内容`,
        `${dir} is ${st.isSymbolicLink() ? "a symbolic link" : "not a folder"}; svc never writes the site through one, nothing was written`,
      ),
      t(
        "用 --out 指定一个真正的文件夹（或删除它，svc 会创建）",
        "name a real folder with --out (or remove it: svc creates it)",
      ),
    );
  const m = lstatSync(join(dir, SITE_MANIFEST), { throwIfNoEntry: false });
  if (!m && readdirSync(dir).length > 0)
    throw new Refused(
      t(
        `${dir} 不是空文件夹，也不是 svc dashboard 生成的网站（没有 ${SITE_MANIFEST}），未写入任何内容`,
        `${dir} is not empty and is not a site svc dashboard wrote (no ${SITE_MANIFEST}); nothing was written`,
      ),
      t("用 --out 指定一个空文件夹或新文件夹", "name an empty or new folder with --out"),
    );
}

function readManifest(dir: string): Map<string, ManifestEntry> {
  const out = new Map<string, ManifestEntry>();
  const path = join(dir, SITE_MANIFEST);
  const st = lstatSync(path, { throwIfNoEntry: false });
  if (!st) return out;
  if (!st.isFile())
    throw new Refused(
      t(
        `${path} 不是普通文件（符号链接？），svc 不信任也不写入它，未写入任何内容`,
        `${path} is not a regular file (a symbolic link?); svc neither trusts nor writes it, nothing was written`,
      ),
      t("删除它后重新生成", "remove it and build again"),
    );
  let text = "";
  try {
    const fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
    try {
      if (fstatSync(fd).isFile()) text = readFileSync(fd, "utf8");
    } finally {
      closeSync(fd);
    }
    const parsed = JSON.parse(text) as { files?: Record<string, unknown> };
    for (const [rel, v] of Object.entries(parsed.files ?? {})) {
      const e = v as Partial<ManifestEntry>;
      if (
        isSiteName(rel) &&
        typeof e?.hash === "string" &&
        /^[0-9a-f]{64}$/.test(e.hash) &&
        typeof e.size === "number"
      )
        out.set(rel, { hash: e.hash, size: e.size });
    }
  } catch {
    out.clear(); // damaged: every file is written again
  }
  return out;
}

/**
 * Write the site's `files` (relative names → content) into `dir`: only what changed, removing the
 * files of the last build that are gone. Returns the counts.
 */
export function writeSite(dir: string, files: ReadonlyMap<string, string | Uint8Array>): SiteWrite {
  assertSiteDir(dir);
  const before = readManifest(dir);
  const after = new Map<string, ManifestEntry>();
  const todo: [string, Uint8Array, ManifestEntry][] = [];
  let unchanged = 0;
  for (const [rel, content] of files) {
    if (!isSiteName(rel)) throw new Refused(t(`网站文件名无效：${rel}`, `invalid site file name: ${rel}`));
    const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
    const entry = { hash: sha256(bytes), size: bytes.length };
    after.set(rel, entry);
    const old = before.get(rel);
    if (old && old.hash === entry.hash) {
      const st = lstatSync(join(dir, rel), { throwIfNoEntry: false });
      if (st?.isFile() && st.size === entry.size) {
        unchanged++;
        continue;
      }
    }
    todo.push([rel, bytes, entry]);
  }
  // Every target is checked before anything is written: a link planted anywhere refuses the whole build.
  for (const [rel] of todo) assertSafeTarget(dir, rel, rel);
  const made = new Set<string>();
  for (const [rel, bytes] of todo) {
    const parent = dirname(join(dir, rel));
    if (!made.has(parent)) {
      mkdirSync(parent, { recursive: true });
      made.add(parent);
    }
    writeFileNoFollow(join(dir, rel), bytes, { sync: false });
  }
  let removed = 0;
  for (const rel of before.keys()) {
    if (after.has(rel) || unsafeTarget(dir, rel)) continue;
    const st = lstatSync(join(dir, rel), { throwIfNoEntry: false });
    if (!st?.isFile()) continue;
    rmSync(join(dir, rel));
    removed++;
  }
  const sorted = [...after.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (!unsafeTarget(dir, SITE_MANIFEST))
    writeFileNoFollow(
      join(dir, SITE_MANIFEST),
      Buffer.from(`${JSON.stringify({ version: 1, files: Object.fromEntries(sorted) })}\n`),
      { sync: false },
    );
  return { written: todo.length, unchanged, removed };
}
