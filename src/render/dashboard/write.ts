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
import {
  assertSafeTarget,
  createFileNoFollow,
  unsafeTarget,
  writeFileNoFollow,
} from "../../store/safe-write.ts";

export const SITE_MANIFEST = ".svc-dashboard.json";

/** The names the site's files have: folders and files of ids, letters, digits, `.`, `_`, `-`. */
const SITE_NAME = /^(?:[A-Za-z0-9][A-Za-z0-9_.-]*\/){0,2}[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export function isSiteName(rel: string): boolean {
  return SITE_NAME.test(rel) && !rel.split("/").some((p) => p === "." || p === "..");
}

export interface SiteWrite {
  written: number;
  unchanged: number;
  removed: number;
}

interface ManifestEntry {
  hash: string;
  size: number;
  /** What the page was made from (build.ts), when the page can be kept without making it again. */
  key?: string;
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
        out.set(rel, {
          hash: e.hash,
          size: e.size,
          ...(typeof e.key === "string" && /^[0-9a-f]{64}$/.test(e.key) ? { key: e.key } : {}),
        });
    }
  } catch {
    out.clear(); // damaged: every file is written again
  }
  return out;
}

/** The site's folders (and those of the last build): checked for links before anything is written. */
const FOLDERS = [
  "assets",
  "assets/files",
  "assets/search",
  "letters",
  "notices",
  "engineers",
  "customers",
  "equipment",
  "pay",
];

/**
 * Writes the site's files into `dir` one by one as they are made (a 50k-record site is not held in
 * memory): only what changed, then (finish) removes the files of the last build that are gone and
 * writes the manifest.
 */
export class SiteWriter {
  private readonly before: Map<string, ManifestEntry>;
  private readonly after = new Map<string, ManifestEntry>();
  private readonly made = new Set<string>();
  private written = 0;
  private unchanged = 0;

  constructor(private readonly dir: string) {
    assertSiteDir(dir);
    this.before = readManifest(dir);
    // A new site's manifest is written first (empty): a build interrupted before its end leaves a
    // folder the next build recognises as the dashboard's, and rewrites.
    if (!lstatSync(join(dir, SITE_MANIFEST), { throwIfNoEntry: false })) {
      mkdirSync(dir, { recursive: true });
      writeFileNoFollow(join(dir, SITE_MANIFEST), Buffer.from('{"version":1,"files":{}}\n'), { sync: false });
    }
    // A link planted at any folder of the site refuses the whole build before anything is written.
    const folders = new Set(FOLDERS);
    for (const rel of this.before.keys())
      if (rel.includes("/")) folders.add(rel.slice(0, rel.lastIndexOf("/")));
    for (const f of folders) {
      const problem = unsafeTarget(dir, `${f}/x`);
      if (problem) assertSafeTarget(dir, `${f}/x`, f);
    }
  }

  /**
   * Keep `rel` as the last build wrote it when it was made from the same inputs (`key`) and is still
   * there with its size: the caller need not make it. False: the caller makes it and calls put.
   */
  keep(rel: string, key: string): boolean {
    const old = this.before.get(rel);
    if (!old || old.key !== key || this.after.has(rel)) return false;
    const st = lstatSync(join(this.dir, rel), { throwIfNoEntry: false });
    if (!st?.isFile() || st.size !== old.size) return false;
    this.after.set(rel, old);
    this.unchanged++;
    return true;
  }

  put(rel: string, content: string | Uint8Array, key?: string): void {
    if (!isSiteName(rel) || rel === SITE_MANIFEST)
      throw new Refused(t(`网站文件名无效：${rel}`, `invalid site file name: ${rel}`));
    if (this.after.has(rel)) throw new Refused(t(`网站文件重复：${rel}`, `a site file twice: ${rel}`));
    const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
    const entry: ManifestEntry = { hash: sha256(bytes), size: bytes.length, ...(key ? { key } : {}) };
    this.after.set(rel, entry);
    const old = this.before.get(rel);
    const abs = join(this.dir, rel);
    if (old && old.hash === entry.hash) {
      const st = lstatSync(abs, { throwIfNoEntry: false });
      if (st?.isFile() && st.size === entry.size) {
        this.unchanged++;
        return;
      }
    }
    assertSafeTarget(this.dir, rel, rel);
    const parent = dirname(abs);
    if (!this.made.has(parent)) {
      mkdirSync(parent, { recursive: true });
      this.made.add(parent);
    }
    // A new page is created exclusively; one that is there is replaced by rename (never followed).
    if (lstatSync(abs, { throwIfNoEntry: false })) writeFileNoFollow(abs, bytes, { sync: false });
    else createFileNoFollow(abs, bytes);
    this.written++;
  }

  finish(): SiteWrite {
    let removed = 0;
    for (const rel of this.before.keys()) {
      if (this.after.has(rel) || unsafeTarget(this.dir, rel)) continue;
      const st = lstatSync(join(this.dir, rel), { throwIfNoEntry: false });
      if (!st?.isFile()) continue;
      rmSync(join(this.dir, rel));
      removed++;
    }
    const sorted = [...this.after.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    mkdirSync(this.dir, { recursive: true });
    if (!unsafeTarget(this.dir, SITE_MANIFEST))
      writeFileNoFollow(
        join(this.dir, SITE_MANIFEST),
        Buffer.from(`${JSON.stringify({ version: 1, files: Object.fromEntries(sorted) })}\n`),
        { sync: false },
      );
    return { written: this.written, unchanged: this.unchanged, removed };
  }
}

/** Write the site's `files` (relative names → content) into `dir`: only what changed (SiteWriter). */
export function writeSite(dir: string, files: ReadonlyMap<string, string | Uint8Array>): SiteWrite {
  const w = new SiteWriter(dir);
  for (const [rel, content] of files) w.put(rel, content);
  return w.finish();
}
