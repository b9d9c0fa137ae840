// Where generated documents go, and writing them without silently replacing one already handed in.
//
// The output folder is `--out DIR` (relative to the working directory) or svc.yaml `output`
// (relative to the records repository; `out/` by default, ignored by git). A file that already
// exists with the same bytes is left as it is; with different bytes it is a document that may
// already have been submitted or printed, so svc refuses unless --force is given.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import writeFileAtomic from "write-file-atomic";
import { Refused } from "../core/errors.ts";
import { t } from "../core/i18n.ts";

export function outputDir(opts: { out?: string; cwd: string; root: string; configured?: string }): string {
  if (opts.out) return resolve(opts.cwd, opts.out);
  const conf = opts.configured || "out";
  return isAbsolute(conf) ? conf : join(opts.root, conf);
}

export type WriteStatus = "written" | "unchanged" | "replaced";

export interface Written {
  path: string;
  status: WriteStatus;
}

/** Write `bytes` to DIR/NAME; refuse to replace different content unless `force`. */
export async function writeDocument(
  dir: string,
  name: string,
  bytes: Uint8Array,
  opts: { force?: boolean } = {},
): Promise<Written> {
  if (/[/\\]/.test(name) || name === "" || name.startsWith(".")) {
    throw new Refused(t(`文件名无效：${name}`, `invalid file name: ${name}`));
  }
  const path = join(dir, name);
  let status: WriteStatus = "written";
  if (existsSync(path)) {
    const old = readFileSync(path);
    if (Buffer.compare(old, Buffer.from(bytes)) === 0) return { path, status: "unchanged" };
    if (!opts.force) {
      throw new Refused(
        t(
          `${path} 已存在且内容不同（可能已提交或打印），未覆盖`,
          `${path} already exists with different content (it may have been submitted or printed); not overwritten`,
        ),
        t(
          "确认要替换时加 --force，或用 --out 指定其他目录",
          "add --force to replace it, or choose another folder with --out",
        ),
      );
    }
    status = "replaced";
  }
  mkdirSync(dir, { recursive: true });
  await writeFileAtomic(path, Buffer.from(bytes));
  return { path, status };
}

/** A path to print: relative to the working directory when inside it. */
export function shownPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
}
