// Files that make a records repository safe to share, besides the records: CI that runs
// `svc check --history` on every push and pull request (GitHub, GitLab, Gitea) — and, opted in with
// `svc ci --pages`, builds the dashboard and publishes it as the forge's Pages — a pre-commit hook
// running `svc check --changed`, and editor settings mapping each records folder to its JSON Schema
// (completion and errors for people who edit YAML by hand). Written by `svc init`, `svc ci`,
// `svc hooks install`.
import {
  chmodSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { create as createTar } from "tar";
import { Refused } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import { ConfigSchema, SCHEMAS } from "../schemas/index.ts";
import { KINDS, type Kind } from "../schemas/kinds.ts";
import { git } from "./git.ts";
import { template } from "./init.ts";
import { assertSafeTarget, unsafeTarget, writeFileNoFollow } from "./safe-write.ts";

declare const SVC_VERSION: string;

/** Single-quoted for sh and YAML alike (no quote needed for plain paths). */
function shq(s: string): string {
  return /^[A-Za-z0-9_./:@+=,%-]+$/.test(s) && !s.startsWith("-") ? s : `'${s.replaceAll("'", "'\\''")}'`;
}

function fill(text: string, vars: Record<string, string>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => vars[k] ?? "");
}

/** Write `rel` under `base` unless it holds `content` already; never through a symlink (issue 11). */
function writeIfChanged(base: string, rel: string, content: string): boolean {
  assertSafeTarget(base, rel, rel);
  const abs = join(base, rel);
  if (existsSync(abs) && readFileSync(abs, "utf8") === content) return false;
  mkdirSync(dirname(abs), { recursive: true });
  writeFileNoFollow(abs, Buffer.from(content));
  return true;
}

/** A file svc would write but left alone: someone else's, differing from svc's (issue 11). */
export interface Kept {
  /** Relative to the git top. */
  path: string;
  /** Where svc's version was put for comparing and merging by hand (absolute; inside .git). */
  proposal: string;
}

/**
 * Write `content` to `abs` only when the file is absent, already svc's version, or recognisably
 * written by svc (`ours`: its marker line, or an earlier svc template). Anything else is someone
 * else's file (an existing project's `.gitlab-ci.yml`): it is left as it is, svc's version goes to
 * `proposalDir`, and the caller reports it. Returns whether the file is now svc's.
 */
function writeOwned(
  top: string,
  path: string,
  content: string,
  ours: (old: string) => boolean,
  proposalDir: string,
  kept: Kept[],
): boolean {
  const abs = join(top, path);
  const st = lstatSync(abs, { throwIfNoEntry: false });
  if (st || unsafeTarget(top, path)) {
    // A symlink, a folder on the way that is a link, anything not a regular file: not svc's.
    const old = st?.isFile() && !unsafeTarget(top, path) ? readFileSync(abs, "utf8") : undefined;
    if (old === content) return true;
    if (old === undefined || !ours(old)) {
      const proposal = join(proposalDir, path);
      mkdirSync(dirname(proposal), { recursive: true });
      writeFileSync(proposal, content);
      kept.push({ path, proposal });
      return false;
    }
  }
  writeIfChanged(top, path, content);
  return true;
}

/** Where svc puts its version of a file it left alone: .git/svc/proposed/ (never committed). */
async function proposalDir(top: string): Promise<string> {
  const r = await git(["rev-parse", "--absolute-git-dir"], { cwd: top });
  return join(r.stdout.trim(), "svc", "proposed");
}

/** The marker line every CI template begins with. */
const CI_MARK = /^# Written by `svc ci`/;

/** The line that begins the opt-in job publishing the dashboard (templates/ci/*-pages.yml, issue 17). */
const PAGES_MARK = /^\s*# svc ci --pages:/m;

/** Whether svc's CI file at `abs` has the dashboard's Pages job (kept by `svc ci` without --pages / --no-pages). */
function hasPages(abs: string): boolean {
  const st = lstatSync(abs, { throwIfNoEntry: false });
  if (!st?.isFile()) return false;
  const text = readFileSync(abs, "utf8");
  return CI_MARK.test(text) && PAGES_MARK.test(text);
}

async function gitTop(root: string): Promise<string> {
  const r = await git(["rev-parse", "--show-toplevel"], { cwd: root });
  return r.stdout.trim();
}

export const CI_FILES = {
  github: ".github/workflows/svc.yml",
  gitlab: ".gitlab-ci.yml",
  gitea: ".gitea/workflows/svc.yml",
} as const;

/** What CI installs by default: the running svc, vendored into the records repository (see vendorSvc). */
export function defaultPackage(): string {
  return `./${VENDOR_DIR}/svc-${typeof SVC_VERSION === "string" ? SVC_VERSION : "dev"}.tgz`;
}

/** Where `svc ci` keeps the svc package that CI installs (relative to the git top). */
export const VENDOR_DIR = ".svc";

/** The installed svc package's root (the folder with its package.json, bin/ and dist/). */
function packageRoot(): string | undefined {
  for (const up of ["../", "../../"]) {
    const dir = fileURLToPath(new URL(up, import.meta.url));
    try {
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
      if (pkg.name === "svc" && existsSync(join(dir, "bin", "svc.js"))) return dir;
    } catch {}
  }
  return undefined;
}

/**
 * The running svc as an npm tarball: package.json (runtime fields only: no build scripts), bin/, dist/
 * (without source maps), templates/, README.md — what `npm install -g <file>.tgz` needs, the
 * dependencies then coming from the npm registry. Written to `.svc/svc-<version>.tgz` at the git top,
 * older ones removed. Returns the paths written and removed, relative to the top.
 */
export function vendorSvc(top: string): { file: string; removed: string[] } {
  const root = packageRoot();
  if (!root || !existsSync(join(root, "dist", "cli.js")))
    throw new Refused(
      t(
        "找不到已构建的 svc（dist/），无法把它放进记录库供 CI 安装",
        "cannot find a built svc (dist/) to put into the records repository for CI",
      ),
      t(
        "先 npm run build，或用 --package 指定 CI 安装的 svc（包名@版本、git 地址或 tarball 网址）",
        "run npm run build first, or pass --package (name@version, git URL or tarball URL) for CI to install",
      ),
    );
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const manifest = Object.fromEntries(
    ["name", "version", "description", "type", "license", "bin", "engines", "dependencies"]
      .filter((k) => k in pkg)
      .map((k) => [k, pkg[k]]),
  );
  // The package as npm lays it out, staged in a temporary folder: package.json, then bin/, dist/
  // (without source maps), templates/, README.md, in sorted order, with fixed modes.
  const stage = mkdtempSync(join(tmpdir(), "svc-pack-"));
  const files = ["package.json"];
  writeFileSync(join(stage, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  const walk = (rel: string) => {
    for (const d of readdirSync(join(root, rel), { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const r = `${rel}/${d.name}`;
      if (d.isDirectory()) walk(r);
      else if (d.isFile() && !d.name.endsWith(".map")) files.push(r);
    }
  };
  for (const dir of ["bin", "dist", "templates"]) walk(dir);
  if (existsSync(join(root, "README.md"))) files.push("README.md");
  const file = `${VENDOR_DIR}/svc-${pkg.version}.tgz`;
  const abs = join(top, file);
  assertSafeTarget(top, file, file);
  mkdirSync(dirname(abs), { recursive: true });
  rmSync(`${abs}.svc-tmp`, { force: true }); // tar opens it to write: never one planted as a link
  try {
    for (const f of files.slice(1)) {
      mkdirSync(dirname(join(stage, f)), { recursive: true });
      copyFileSync(join(root, f), join(stage, f));
    }
    for (const f of files) chmodSync(join(stage, f), f === "bin/svc.js" ? 0o755 : 0o644);
    // portable + a fixed mtime (1985-10-26T08:15:00Z, as npm pack writes): the same files give the
    // same bytes, so `svc ci` rewrites the tarball only when svc changed. zlib's default level: level 9
    // took twice as long (240 against 120 ms of `svc init`) for a tarball 0.5 % smaller.
    createTar(
      {
        file: `${abs}.svc-tmp`,
        sync: true,
        gzip: { level: 6 },
        cwd: stage,
        prefix: "package",
        portable: true,
        mtime: new Date(499162500_000),
      },
      files,
    );
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
  const removed: string[] = [];
  for (const old of readdirSync(dirname(abs))) {
    if (/^svc-.*\.tgz$/.test(old) && `${VENDOR_DIR}/${old}` !== file) {
      unlinkSync(join(dirname(abs), old));
      removed.push(`${VENDOR_DIR}/${old}`);
    }
  }
  const bytes = readFileSync(`${abs}.svc-tmp`);
  if (!existsSync(abs) || !readFileSync(abs).equals(bytes)) renameSync(`${abs}.svc-tmp`, abs);
  else rmSync(`${abs}.svc-tmp`, { force: true });
  return { file, removed };
}

/**
 * (Re)writes the CI files at the git repository's top. Without `pkg`, CI installs the running svc from
 * a tarball kept in the repository (`.svc/svc-<version>.tgz`, written here): it works with any CI that
 * can reach the npm registry for svc's dependencies, and checks with the very svc the records were
 * written with. Returns the paths written (and removed), relative to the top.
 */
export async function writeCi(
  root: string,
  pkg?: string,
  pages?: boolean,
): Promise<{ top: string; files: string[]; kept: Kept[]; pages: string[] }> {
  const top = await gitTop(root);
  const proposals = await proposalDir(top);
  const kept: Kept[] = [];
  const withPages: string[] = [];
  const rel = relative(top, root).split("\\").join("/") || ".";
  const files: string[] = [];
  if (pkg === undefined) {
    const v = vendorSvc(top);
    files.push(v.file, ...v.removed);
    pkg = `./${v.file}`;
  } else if (lstatSync(join(top, VENDOR_DIR), { throwIfNoEntry: false })?.isDirectory()) {
    // CI installs svc from elsewhere now: a vendored tarball would only be dead weight.
    for (const old of readdirSync(join(top, VENDOR_DIR)))
      if (/^svc-.*\.tgz$/.test(old)) {
        unlinkSync(join(top, VENDOR_DIR, old));
        files.push(`${VENDOR_DIR}/${old}`);
      }
  }
  const vars = { package: shq(pkg), root: shq(rel) };
  const sources: Record<keyof typeof CI_FILES, string> = {
    github: "ci/github.yml",
    gitlab: "ci/gitlab-ci.yml",
    gitea: "ci/gitea.yml",
  };
  for (const [which, path] of Object.entries(CI_FILES) as [keyof typeof CI_FILES, string][]) {
    const ours = (old: string) => CI_MARK.test(old);
    let text = fill(template(sources[which]), vars);
    const publish = pages ?? hasPages(join(top, path));
    if (publish) text += fill(template(`ci/${which}-pages.yml`), vars);
    if (writeOwned(top, path, text, ours, proposals, kept)) {
      files.push(path);
      if (publish) withPages.push(path);
    }
  }
  return { top, files, kept, pages: withPages };
}

/**
 * One JSON Schema per record kind, plus svc.yaml's. Declared draft-07: the schemas use nothing newer,
 * and draft-07 is what editors' YAML support (VS Code's YAML extension, yaml-language-server) validates
 * fully — a 2020-12 `$schema` only earns a "not yet fully supported" warning there.
 */
export function exportSchemas(): Record<string, object> {
  const out: Record<string, object> = {};
  const one = (name: string, schema: unknown) => {
    const plain = JSON.parse(JSON.stringify(schema)) as Record<string, unknown>;
    out[name] = {
      $schema: "http://json-schema.org/draft-07/schema#",
      $id: `urn:svc:schema:${name}`,
      ...plain,
    };
  };
  for (const kind of Object.keys(SCHEMAS) as Kind[]) one(kind, SCHEMAS[kind]);
  one("config", ConfigSchema);
  return out;
}

/**
 * schemas/<kind>.schema.json in the records repository and .vscode/settings.json at the git top,
 * mapping each records folder to its schema (the YAML extension's `yaml.schemas`). Other settings in
 * an existing settings.json are kept. Returns the paths written, relative to the git top.
 */
export async function writeEditorSettings(
  root: string,
): Promise<{ top: string; files: string[]; kept: Kept[] }> {
  const top = await gitTop(root);
  const proposals = await proposalDir(top);
  const kept: Kept[] = [];
  const prefix = relative(top, root).split("\\").join("/");
  const at = (p: string) => (prefix ? `${prefix}/${p}` : p);
  const files: string[] = [];
  const mapping: Record<string, string[]> = {};
  for (const [name, schema] of Object.entries(exportSchemas())) {
    const path = at(`schemas/${name}.schema.json`);
    // svc's schemas carry `$id: urn:svc:schema:<name>`; a file without it is someone else's.
    const ours = (old: string) => old.includes(`"$id": "urn:svc:schema:${name}"`);
    if (writeOwned(top, path, `${JSON.stringify(schema, null, 2)}\n`, ours, proposals, kept))
      files.push(path);
    const globs =
      name === "config"
        ? [at("svc.yaml")]
        : [at(`${KINDS[name as Kind].dir}/*.yaml`), at(`${KINDS[name as Kind].dir}/**/*.yaml`)];
    mapping[`./${path}`] = globs;
  }
  // .vscode/settings.json: merged (every other setting kept) when it is as svc formats it — svc wrote
  // it, or a file exactly like it; anything else (an editor's formatting, comments, a link) is left
  // alone with the merged version proposed (issue 11).
  const SETTINGS = ".vscode/settings.json";
  const settingsPath = join(top, SETTINGS);
  let settings: Record<string, unknown> = {};
  let svcFormatted = true;
  const st = lstatSync(settingsPath, { throwIfNoEntry: false });
  if (st) {
    svcFormatted = false;
    if (st.isFile() && !unsafeTarget(top, SETTINGS)) {
      const text = readFileSync(settingsPath, "utf8");
      try {
        const parsed = JSON.parse(text);
        if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
          settings = parsed;
          svcFormatted = `${JSON.stringify(parsed, null, 2)}\n` === text;
        }
      } catch {
        // not plain JSON (comments): someone else's
      }
    }
  }
  const existing = (settings["yaml.schemas"] ?? {}) as Record<string, unknown>;
  settings["yaml.schemas"] = { ...existing, ...mapping };
  const merged = `${JSON.stringify(settings, null, 2)}\n`;
  if (writeOwned(top, SETTINGS, merged, () => svcFormatted, proposals, kept)) files.push(SETTINGS);
  return { top, files, kept };
}

/** What to tell the user about the files svc left alone: which, and how to merge svc's version in. */
export function keptMessage(kept: Kept[], top: string): string {
  if (!kept.length) return "";
  const lines = kept.map(
    (k) => `  ${k.path}: git diff --no-index -- ${shq(k.path)} ${shq(relative(top, k.proposal))}`,
  );
  return [
    t(
      `以下文件不是 svc 写的，已保留原样（未覆盖、未提交）；svc 的版本放在 .git/svc/proposed/ 中，可这样比较（在 ${top} 中）：`,
      `these files were not written by svc and were left as they are (not overwritten, not committed); svc's version is in .git/svc/proposed/, compare them with (in ${top}):`,
    ),
    ...lines,
    t(
      "合并：把 svc 的作业（svc check --history）加入原文件并提交；或删除原文件后重新运行 svc ci",
      "to merge: add svc's job (svc check --history) to your file and commit it; or remove your file and run svc ci again",
    ),
  ].join("\n");
}

const HOOK_MARK = "# svc: written by `svc hooks install`";

/** Installs .git/hooks/pre-commit running `svc check --changed`. A foreign hook is kept unless forced. */
export async function installHook(root: string, force = false): Promise<{ path: string; backup?: string }> {
  const r = await git(["rev-parse", "--git-path", "hooks"], { cwd: root });
  const hooksDir = resolve(root, r.stdout.trim());
  const path = join(hooksDir, "pre-commit");
  let backup: string | undefined;
  if (existsSync(path)) {
    const old = readFileSync(path, "utf8");
    if (!old.includes(HOOK_MARK)) {
      if (!force)
        throw new Refused(
          t(`已有另一个 pre-commit 钩子：${path}`, `another pre-commit hook is installed: ${path}`),
          t(
            "用 --force 替换（原文件会备份为 pre-commit.before-svc）",
            "use --force to replace it (kept as pre-commit.before-svc)",
          ),
        );
      backup = `${path}.before-svc`;
      renameSync(path, backup);
    }
  }
  const top = await gitTop(root);
  const rel = relative(top, root).split("\\").join("/") || ".";
  const bin =
    process.argv[1] && isAbsolute(process.argv[1]) ? process.argv[1] : resolve(process.argv[1] ?? "svc");
  const text = fill(template("ci/pre-commit"), {
    root: shq(rel),
    node: shq(process.execPath),
    bin: shq(bin),
  });
  mkdirSync(hooksDir, { recursive: true });
  writeIfChanged(hooksDir, "pre-commit", text);
  chmodSync(path, 0o755);
  return { path, backup };
}

/** Commits the given files (paths relative to the git top) and nothing else. */
export async function commitFiles(
  top: string,
  files: string[],
  message: string,
): Promise<string | undefined> {
  // Removed files count only if git knew them (a tarball written with --no-commit and removed since did not).
  const tracked = new Set(
    (await git(["ls-files", "-z", "--", ...files], { cwd: top })).stdout.split("\0").filter(Boolean),
  );
  files = files.filter((f) => tracked.has(f) || existsSync(join(top, f)));
  if (!files.length) return undefined;
  await git(["add", "--", ...files], { cwd: top });
  const staged = await git(["diff", "--cached", "--quiet", "--", ...files], { cwd: top, allowFail: true });
  if (staged.code === 0) return undefined; // nothing changed
  await git(["commit", "-q", "--no-verify", "-m", message, "--", ...files], { cwd: top });
  return (await git(["rev-parse", "HEAD"], { cwd: top })).stdout.trim();
}
