// Where generated documents go, and writing them without silently replacing one a person changed.
//
// The output folder is `--out DIR` (relative to the working directory) or svc.yaml `output`
// (relative to the records repository; `out/` by default, ignored by git). It is svc's output: a file
// that already exists with the same bytes is left as it is; one svc wrote earlier (its hash is in the
// folder's manifest, .svc-manifest.json) is replaced by the new rendering; one a person changed by
// hand is kept, with a warning, unless --force is given (issue 13).
//
// A document is never written through a symlink, nor over something that is not a regular file
// (issue 11: `ln -s /elsewhere out/张三周报11-07.docx` was overwritten by `svc weekly --all --force`):
// the new bytes go to a temporary file beside it and are renamed into place. The configured output
// folder (svc.yaml `output`, part of the repository, so a clone can bring a symlink with it) may not
// lead outside the repository through a symlink; `--out DIR` is the user's own choice and may.
//
// Two svc processes rendering into one folder at once (`svc start` and `svc weekly`) each read the
// manifest, wrote a document and wrote the manifest back from what they had read: one's entry could
// be lost, and its document then taken for a hand edit until --force. Each document is now written
// under a lock per output folder (the store's lock, in .git/svc/): read, decide, write, record.
import { createHash } from "node:crypto";
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  realpathSync,
} from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { Refused } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import { note } from "../core/notes.ts";
import { unsafeTarget, writeFileNoFollow } from "../store/safe-write.ts";

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

export type WriteStatus = "written" | "unchanged" | "replaced" | "kept";

export interface Written {
  path: string;
  /** kept: a document a person changed by hand (it differs from what svc last wrote there), left as it is. */
  status: WriteStatus;
}

/**
 * out/ is svc's output (issue 13): the manifest `.svc-manifest.json` in the output folder records, per
 * document, the sha256 of the bytes svc last wrote there. A document whose bytes still have that hash
 * is svc's own and is replaced by a new rendering without --force (a resubmitted report, Sunday's
 * work); one that differs was changed by a person (or predates the manifest) and is kept, saying so,
 * unless --force. The manifest is read without following a symlink and only from a regular file; a
 * manifest that is a link or not a regular file is not trusted (every differing document is kept) and
 * never written through.
 */
export const MANIFEST = ".svc-manifest.json";

interface Manifest {
  files: Record<string, string>;
  /**
   * What each document was rendered from (`inputsKey`): a document whose inputs are unchanged and
   * whose file is still the one svc wrote is not rendered again (issue 18, `upToDate`).
   */
  inputs: Record<string, string>;
  /** Why the manifest cannot be trusted or written (a symlink, not a regular file). */
  unsafe?: string;
}

const HEX64 = /^[0-9a-f]{64}$/;

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

function readManifest(dir: string): Manifest {
  const path = join(dir, MANIFEST);
  const st = lstatSync(path, { throwIfNoEntry: false });
  if (!st) return { files: {}, inputs: {} };
  if (st.isSymbolicLink() || !st.isFile())
    return {
      files: {},
      inputs: {},
      unsafe: st.isSymbolicLink()
        ? t("是符号链接", "is a symbolic link")
        : t("不是普通文件", "is not a regular file"),
    };
  let text: string;
  try {
    // O_NOFOLLOW: a link swapped in after the lstat is not followed either.
    const fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
    try {
      if (!fstatSync(fd).isFile())
        return { files: {}, inputs: {}, unsafe: t("不是普通文件", "is not a regular file") };
      text = readFileSync(fd, "utf8");
    } finally {
      closeSync(fd);
    }
  } catch {
    return { files: {}, inputs: {}, unsafe: t("无法读取", "cannot be read") };
  }
  try {
    const parsed = JSON.parse(text) as { files?: unknown; inputs?: unknown };
    const files: Record<string, string> = {};
    const inputs: Record<string, string> = {};
    if (parsed && typeof parsed.files === "object" && parsed.files)
      for (const [name, hash] of Object.entries(parsed.files as Record<string, unknown>))
        if (typeof hash === "string" && HEX64.test(hash)) files[name] = hash;
    if (parsed && typeof parsed.inputs === "object" && parsed.inputs)
      for (const [name, key] of Object.entries(parsed.inputs as Record<string, unknown>))
        if (typeof key === "string" && HEX64.test(key) && files[name]) inputs[name] = key;
    return { files, inputs };
  } catch {
    return { files: {}, inputs: {} }; // damaged: trusted for nothing, rewritten from now on
  }
}

function writeManifest(dir: string, m: Manifest): void {
  if (m.unsafe || unsafeTarget(dir, MANIFEST)) return;
  const sorted = (o: Record<string, string>) =>
    Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const inputs = Object.keys(m.inputs).length ? { inputs: sorted(m.inputs) } : {};
  writeFileNoFollow(
    join(dir, MANIFEST),
    Buffer.from(`${JSON.stringify({ version: 1, files: sorted(m.files), ...inputs }, null, 1)}\n`),
    // Derived and safe to lose (a lost or damaged manifest only keeps documents): not fsynced.
    { sync: false },
  );
}

/** svc's build (scripts/build.mjs: its sources, templates and locked dependencies); absent when running the sources. */
declare const SVC_BUILD_HASH: string;

/**
 * One key for everything a document is rendered from — its figures (computed from the records, and
 * from "now" where they depend on it), the department's names, the chart font — and svc's build
 * (what renders them). `undefined` when running from the sources: every document is rendered.
 */
export function inputsKey(parts: unknown): string | undefined {
  if (typeof SVC_BUILD_HASH !== "string") return undefined;
  return createHash("sha256").update(SVC_BUILD_HASH).update("\0").update(JSON.stringify(parts)).digest("hex");
}

/**
 * DIR/NAME when nothing is to be rendered (issue 18): the manifest says svc rendered it from these
 * very inputs, and the file is still the one svc wrote there (a regular file with the bytes whose
 * hash the manifest holds). A document deleted, or changed by hand, is rendered as before (and a hand
 * edit kept, with its warning, by writeDocument); an unsafe manifest is trusted for nothing.
 */
export function upToDate(dir: string, name: string, inputs: string | undefined): Written | undefined {
  if (!inputs || /[/\\]/.test(name) || name === "" || name.startsWith(".")) return undefined;
  const manifest = readManifest(dir);
  if (manifest.unsafe || manifest.inputs[name] !== inputs) return undefined;
  const path = join(dir, name);
  let bytes: Buffer;
  try {
    const fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
    try {
      if (!fstatSync(fd).isFile()) return undefined;
      bytes = readFileSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined; // gone (or a link): rendered again
  }
  return sha256(bytes) === manifest.files[name] ? { path, status: "unchanged" } : undefined;
}

/** Where the lock of an output folder is kept: the repository's .git/svc/ (never the output folder). */
export interface OutLock {
  gitDir: string;
  env: NodeJS.ProcessEnv;
}

/** The lock svc holds while it writes a document into an output folder: the repository's (a store's). */
export function outLock(repo: { gitDir: string; env: NodeJS.ProcessEnv }): OutLock {
  return { gitDir: repo.gitDir, env: repo.env };
}

/** The lock of the output folder `dir` for what `lock` names (see the header); held until released. */
async function lockOutput(dir: string, lock: OutLock): Promise<() => void> {
  const { acquireLock } = await import("../store/lock.ts");
  const { lockTimeoutMs } = await import("../store/env.ts");
  const locks = join(lock.gitDir, "svc");
  mkdirSync(locks, { recursive: true });
  const key = createHash("sha256").update(resolve(dir)).digest("hex").slice(0, 16);
  return acquireLock(join(locks, `out-${key}.lock`), lockTimeoutMs(lock.env));
}

/**
 * Write `bytes` to DIR/NAME. An existing document with other bytes is replaced when svc wrote it
 * (the manifest knows its hash) and kept, with a warning, when a person changed it — unless `force`.
 * `inputs` (inputsKey): what the bytes were rendered from, remembered for `upToDate`. `lock`: the
 * repository whose lock of this folder is held meanwhile, so that another svc writing there at the
 * same moment loses no manifest entry (every command passes its store's; a test may write without).
 */
export async function writeDocument(
  dir: string,
  name: string,
  bytes: Uint8Array,
  opts: { force?: boolean; inputs?: string; lock?: OutLock } = {},
): Promise<Written> {
  if (/[/\\]/.test(name) || name === "" || name.startsWith(".")) {
    throw new Refused(t(`文件名无效：${name}`, `invalid file name: ${name}`));
  }
  const release = opts.lock ? await lockOutput(dir, opts.lock) : undefined;
  try {
    return writeLocked(dir, name, bytes, opts);
  } finally {
    release?.();
  }
}

function writeLocked(
  dir: string,
  name: string,
  bytes: Uint8Array,
  opts: { force?: boolean; inputs?: string },
): Written {
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
  const manifest = readManifest(dir);
  if (manifest.unsafe)
    note(
      t(
        `${join(dir, MANIFEST)} ${manifest.unsafe}：svc 不信任也不写入它，内容不同的文档一律保留（删除它后重新生成）`,
        `${join(dir, MANIFEST)} ${manifest.unsafe}: svc neither trusts nor writes it, so every document that differs is kept (remove it and render again)`,
      ),
    );
  const hash = sha256(bytes);
  if (st) {
    const old = readFileSync(path);
    if (Buffer.compare(old, Buffer.from(bytes)) === 0) {
      if (manifest.files[name] !== hash || !sameInputs(manifest, name, opts.inputs)) {
        manifest.files[name] = hash;
        setInputs(manifest, name, opts.inputs);
        writeManifest(dir, manifest);
      }
      return { path, status: "unchanged" };
    }
    if (manifest.files[name] !== sha256(old) && !opts.force) {
      note(
        t(
          `${path} 与 svc 上次生成的不同（有人改过，或由未记录清单的旧版 svc 生成），已保留，未替换；确认要替换时加 --force`,
          `${path} differs from what svc last wrote there (changed by hand, or written by an older svc without the manifest); kept, not replaced — add --force to replace it`,
        ),
      );
      return { path, status: "kept" };
    }
    status = "replaced";
  }
  mkdirSync(dir, { recursive: true });
  writeFileNoFollow(path, bytes);
  manifest.files[name] = hash;
  setInputs(manifest, name, opts.inputs);
  writeManifest(dir, manifest);
  return { path, status };
}

function sameInputs(m: Manifest, name: string, inputs: string | undefined): boolean {
  return m.inputs[name] === inputs;
}

function setInputs(m: Manifest, name: string, inputs: string | undefined): void {
  if (inputs) m.inputs[name] = inputs;
  else delete m.inputs[name];
}

/** A path to print: relative to the working directory when inside it. */
export function shownPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
}
