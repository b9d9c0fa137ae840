// Files that make a records repository safe to share, besides the records: CI that runs
// `svc check --history` on every push and pull request (GitHub, GitLab, Gitea), a pre-commit hook
// running `svc check --changed`, and editor settings mapping each records folder to its JSON Schema
// (completion and errors for people who edit YAML by hand). Written by `svc init`, `svc ci`,
// `svc hooks install`.
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { Refused } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import { ConfigSchema, SCHEMAS } from "../schemas/index.ts";
import { KINDS, type Kind } from "../schemas/kinds.ts";
import { git } from "./git.ts";
import { template } from "./init.ts";

declare const SVC_VERSION: string;

/** Single-quoted for sh and YAML alike (no quote needed for plain paths). */
function shq(s: string): string {
  return /^[A-Za-z0-9_./:@+=,%-]+$/.test(s) && !s.startsWith("-") ? s : `'${s.replaceAll("'", "'\\''")}'`;
}

function fill(text: string, vars: Record<string, string>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => vars[k] ?? "");
}

function writeIfChanged(abs: string, content: string): boolean {
  if (existsSync(abs) && readFileSync(abs, "utf8") === content) return false;
  mkdirSync(dirname(abs), { recursive: true });
  const tmp = `${abs}.svc-tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, abs);
  return true;
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

export function defaultPackage(): string {
  return `svc@${typeof SVC_VERSION === "string" ? SVC_VERSION : "latest"}`;
}

/** (Re)writes the CI files at the git repository's top. Returns the paths written (relative to the top). */
export async function writeCi(
  root: string,
  pkg = defaultPackage(),
): Promise<{ top: string; files: string[] }> {
  const top = await gitTop(root);
  const rel = relative(top, root).split("\\").join("/") || ".";
  const vars = { package: shq(pkg), root: shq(rel) };
  const files: string[] = [];
  const sources: Record<keyof typeof CI_FILES, string> = {
    github: "ci/github.yml",
    gitlab: "ci/gitlab-ci.yml",
    gitea: "ci/gitea.yml",
  };
  for (const [which, path] of Object.entries(CI_FILES) as [keyof typeof CI_FILES, string][]) {
    writeIfChanged(join(top, path), fill(template(sources[which]), vars));
    files.push(path);
  }
  return { top, files };
}

/** One JSON Schema (2020-12) per record kind, plus svc.yaml's. */
export function exportSchemas(): Record<string, object> {
  const out: Record<string, object> = {};
  const one = (name: string, schema: unknown) => {
    const plain = JSON.parse(JSON.stringify(schema)) as Record<string, unknown>;
    out[name] = {
      $schema: "https://json-schema.org/draft/2020-12/schema",
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
export async function writeEditorSettings(root: string): Promise<{ top: string; files: string[] }> {
  const top = await gitTop(root);
  const prefix = relative(top, root).split("\\").join("/");
  const at = (p: string) => (prefix ? `${prefix}/${p}` : p);
  const files: string[] = [];
  const mapping: Record<string, string[]> = {};
  for (const [name, schema] of Object.entries(exportSchemas())) {
    const path = at(`schemas/${name}.schema.json`);
    writeIfChanged(join(top, path), `${JSON.stringify(schema, null, 2)}\n`);
    files.push(path);
    const globs =
      name === "config"
        ? [at("svc.yaml")]
        : [at(`${KINDS[name as Kind].dir}/*.yaml`), at(`${KINDS[name as Kind].dir}/**/*.yaml`)];
    mapping[`./${path}`] = globs;
  }
  const settingsPath = join(top, ".vscode", "settings.json");
  let settings: Record<string, unknown> = {};
  if (existsSync(settingsPath)) {
    try {
      const parsed = JSON.parse(readFileSync(settingsPath, "utf8"));
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) settings = parsed;
      else throw new Error("not an object");
    } catch {
      throw new Refused(
        t(
          ".vscode/settings.json 不是纯 JSON（可能含注释），未覆盖",
          ".vscode/settings.json is not plain JSON (comments?); left untouched",
        ),
        t("删除其中的注释后重试", "remove the comments and try again"),
      );
    }
  }
  const existing = (settings["yaml.schemas"] ?? {}) as Record<string, unknown>;
  settings["yaml.schemas"] = { ...existing, ...mapping };
  writeIfChanged(settingsPath, `${JSON.stringify(settings, null, 2)}\n`);
  files.push(".vscode/settings.json");
  return { top, files };
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
  writeIfChanged(path, text);
  chmodSync(path, 0o755);
  return { path, backup };
}

/** Commits the given files (paths relative to the git top) and nothing else. */
export async function commitFiles(
  top: string,
  files: string[],
  message: string,
): Promise<string | undefined> {
  await git(["add", "--", ...files], { cwd: top });
  const staged = await git(["diff", "--cached", "--quiet", "--", ...files], { cwd: top, allowFail: true });
  if (staged.code === 0) return undefined; // nothing changed
  await git(["commit", "-q", "--no-verify", "-m", message, "--", ...files], { cwd: top });
  return (await git(["rev-parse", "HEAD"], { cwd: top })).stdout.trim();
}
