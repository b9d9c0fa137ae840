// Where generated documents go, and writing them without silently replacing one already handed in.
//
// The output folder is `--out DIR` (relative to the working directory) or svc.yaml `output`
// (relative to the records repository; `out/` by default, ignored by git). A file that already
// exists with the same bytes is left as it is; with different bytes it is a document that may
// already have been submitted or printed, so svc refuses unless --force is given.
//
// A document is never written through a symlink, nor over something that is not a regular file
// (issue 11: `ln -s /elsewhere out/张三周报11-07.docx` was overwritten by `svc weekly --all --force`):
// the new bytes go to a temporary file beside it and are renamed into place. The configured output
// folder (svc.yaml `output`, part of the repository, so a clone can bring a symlink with it) may not
// lead outside the repository through a symlink; `--out DIR` is the user's own choice and may.
import { lstatSync, mkdirSync, readFileSync, realpathSync } from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { Refused } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import { writeFileNoFollow } from "../store/safe-write.ts";

export function outputDir(opts: { out?: string; cwd: string; root: string; configured?: string }): string {
  if (opts.out) return resolve(opts.cwd, opts.out);
  const conf = opts.configured || "out";
  if (isAbsolute(conf)) return conf;
  const dir = join(opts.root, conf);
  refuseSymlinkOut(opts.root, conf);
  return dir;
}

/** Refuse when a folder of `rel` under `root` is a symlink leading outside the repository. */
function refuseSymlinkOut(root: string, rel: string): void {
  const parts = rel.split(/[\\/]/).filter((p) => p && p !== ".");
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    return;
  }
  let path = root;
  for (const part of parts) {
    path = join(path, part);
    const st = lstatSync(path, { throwIfNoEntry: false });
    if (!st) return;
    if (!st.isSymbolicLink()) continue;
    let target: string;
    try {
      target = realpathSync(path);
    } catch {
      target = "";
    }
    if (target !== realRoot && !target.startsWith(realRoot + sep))
      throw new Refused(
        t(
          `输出目录 ${relative(root, path)} 是指向记录库之外的符号链接（${target || "?"}），未写入任何文档`,
          `the output folder ${relative(root, path)} is a symbolic link leading outside the records repository (${target || "?"}); no document was written`,
        ),
        t(
          "删除该链接（svc 会创建真正的文件夹），或用 --out 明确指定目录",
          "remove the link (svc creates a real folder), or name the folder explicitly with --out",
        ),
      );
  }
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
  const st = lstatSync(path, { throwIfNoEntry: false });
  if (st && (st.isSymbolicLink() || !st.isFile()))
    throw new Refused(
      t(
        `${path} ${st.isSymbolicLink() ? "是符号链接" : "不是普通文件"}，svc 不经由它写入，未写入任何内容`,
        `${path} is ${st.isSymbolicLink() ? "a symbolic link" : "not a regular file"}; svc never writes through one, nothing was written`,
      ),
      t(
        "删除它后重试，或用 --out 指定其他目录",
        "remove it and run again, or choose another folder with --out",
      ),
    );
  if (st) {
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
  writeFileNoFollow(path, bytes);
  return { path, status };
}

/** A path to print: relative to the working directory when inside it. */
export function shownPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
}
