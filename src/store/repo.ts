// Finding the records repository: like git, walk up from the working directory to the folder holding
// svc.yaml; --repo DIR and SVC_REPO override.
import { existsSync, lstatSync, readFileSync, type Stats } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Finding } from "../check/finding.ts";
import { Refused, UsageError } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import type { Config, ConfigFile } from "../schemas/config.ts";
import { applyDefaults } from "../schemas/defaults.ts";
import { ParseCache } from "./cache.ts";
import type { SchemaProblem } from "./validate.ts";
import { parseRecordText } from "./yaml.ts";

/** The schemas' hash, defined by the build (scripts/build.mjs); absent when running the sources. */
declare const SVC_SCHEMA_HASH: string;

export const CONFIG_FILE = "svc.yaml";

export function findRoot(cwd: string, repoOpt: string | undefined, env: NodeJS.ProcessEnv): string {
  const explicit = repoOpt ?? env.SVC_REPO;
  if (explicit) {
    const dir = resolve(cwd, explicit);
    if (!existsSync(join(dir, CONFIG_FILE))) {
      throw new UsageError(
        t(
          `${dir} 不是记录库（没有 ${CONFIG_FILE}）`,
          `${dir} is not a records repository (no ${CONFIG_FILE})`,
        ),
        t("用 svc init 创建一个", "create one with svc init"),
      );
    }
    return dir;
  }
  let dir = resolve(cwd);
  for (;;) {
    if (existsSync(join(dir, CONFIG_FILE))) return dir;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  throw new UsageError(
    t(
      `当前目录及其上级目录中找不到记录库（${CONFIG_FILE}）`,
      `not inside a records repository (no ${CONFIG_FILE} here or above)`,
    ),
    t(
      "进入记录库目录，或使用 --repo DIR / SVC_REPO，或用 svc init 创建",
      "cd into one, pass --repo DIR or set SVC_REPO, or create one with svc init",
    ),
  );
}

/** Line and column (1-based) of the first byte that is not UTF-8, or undefined when all of it is. */
export function invalidUtf8At(bytes: Buffer): { line: number; col: number } | undefined {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return undefined;
  } catch {
    // Not UTF-8: walk the sequences to the first one that is not well formed (RFC 3629).
  }
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const n =
      b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (n === 0 || i + n > bytes.length) break;
    let ok = true;
    for (let k = 1; k < n; k++) if ((bytes[i + k] & 0xc0) !== 0x80) ok = false;
    if (ok && n === 3 && ((b === 0xe0 && bytes[i + 1] < 0xa0) || (b === 0xed && bytes[i + 1] > 0x9f)))
      ok = false;
    if (ok && n === 4 && ((b === 0xf0 && bytes[i + 1] < 0x90) || (b === 0xf4 && bytes[i + 1] > 0x8f)))
      ok = false;
    if (!ok) break;
    i += n;
  }
  const before = bytes.subarray(0, i).toString("utf8");
  const lines = before.split("\n");
  return { line: lines.length, col: [...lines[lines.length - 1]].length + 1 };
}

/**
 * svc.yaml's text, or the located finding why it cannot be read: not a regular file (a folder, a
 * symlink, a FIFO), not UTF-8. Never follows a symlink, never blocks on a FIFO.
 */
export function readConfigText(root: string): { text: string } | { finding: Finding } {
  const at = (message: string, hint?: string, line = 1, col = 1): { finding: Finding } => ({
    finding: { file: CONFIG_FILE, line, col, rule: "config-file", severity: "error", message, hint },
  });
  const abs = join(root, CONFIG_FILE);
  let st: Stats;
  try {
    st = lstatSync(abs);
  } catch {
    return at(
      t(`没有 ${CONFIG_FILE}`, `there is no ${CONFIG_FILE}`),
      t("用 svc init 创建记录库", "create a repository with svc init"),
    );
  }
  if (!st.isFile())
    return at(
      st.isDirectory()
        ? t(`${CONFIG_FILE} 是一个目录，应是设置文件`, `${CONFIG_FILE} is a folder, not the settings file`)
        : st.isSymbolicLink()
          ? t(
              `${CONFIG_FILE} 是符号链接；svc 不跟随链接`,
              `${CONFIG_FILE} is a symbolic link; svc does not follow links`,
            )
          : t(`${CONFIG_FILE} 不是普通文件`, `${CONFIG_FILE} is not a regular file`),
      t(
        `把 ${CONFIG_FILE} 换成普通的 YAML 文件（见 svc 的 templates/svc.yaml）`,
        `replace ${CONFIG_FILE} by a plain YAML file (see svc's templates/svc.yaml)`,
      ),
    );
  let bytes: Buffer;
  try {
    bytes = readFileSync(abs);
  } catch (e) {
    return at(
      t(
        `无法读取 ${CONFIG_FILE}：${(e as Error).message}`,
        `cannot read ${CONFIG_FILE}: ${(e as Error).message}`,
      ),
    );
  }
  const bad = invalidUtf8At(bytes);
  if (bad)
    return at(
      t(`${CONFIG_FILE} 不是 UTF-8 编码`, `${CONFIG_FILE} is not UTF-8`),
      t(
        "用 UTF-8 另存此文件（例如在编辑器中选择 UTF-8 编码）",
        "save the file as UTF-8 (choose the UTF-8 encoding in the editor)",
      ),
      bad.line,
      bad.col,
    );
  return { text: bytes.toString("utf8") };
}

/**
 * svc.yaml judged as `svc check` does: YAML, the schema, then the rules the schema cannot say
 * (src/schemas/config-rules.ts). `config` (the defaults applied) only when there is no finding.
 */
export async function checkConfigText(
  text: string,
): Promise<{ file?: ConfigFile; config?: Config; findings: Finding[] }> {
  const parsed = parseRecordText(text);
  if (!parsed.ok) return { findings: [{ file: CONFIG_FILE, ...parsed.finding }] };
  const { validateData, locateProblems } = await import("./validate.ts");
  let problems = tidy(await validateData("config", parsed.data));
  if (!problems.length) {
    const { configRuleProblems } = await import("../schemas/config-rules.ts");
    problems = configRuleProblems(parsed.data as ConfigFile);
  }
  if (problems.length) return { findings: await locateProblems(CONFIG_FILE, text, problems) };
  const file = parsed.data as ConfigFile;
  return { file, config: applyDefaults(file), findings: [] };
}

/**
 * One problem per setting (a `number | null` setting gives one error per branch: the range is the
 * useful one), ranges said in words, NaN and infinity shown as such (JSON would print null).
 */
function tidy(problems: SchemaProblem[]): SchemaProblem[] {
  const byPath = new Map<string, SchemaProblem>();
  for (const p of problems) {
    // A value's problems collapse to one; each missing or unknown key stays its own finding.
    const own = p.key || /缺少必填字段|missing required/.test(p.message);
    const key = `${p.path.join("/")}${own ? `|${p.message}` : ""}`;
    const seen = byPath.get(key);
    if (!seen || (/null/.test(seen.message) && !/null/.test(p.message))) byPath.set(key, p);
  }
  return [...byPath.values()].map((p) => {
    const value = typeof p.value === "number" && !Number.isFinite(p.value) ? String(p.value) : p.value;
    const field = p.path.join(".");
    if (typeof p.value === "number" && !Number.isFinite(p.value))
      return {
        ...p,
        value,
        message: t(`${field} 须是有限的数`, `${field} must be a finite number`),
        hint: undefined,
      };
    return { ...p, value }; // ranges are worded by validate.ts (the value and its bound)
  });
}

/** svc.yaml read and checked (`svc check`): the findings, and the settings when there are none. */
export async function readConfigChecked(root: string): Promise<{ config?: Config; findings: Finding[] }> {
  const read = readConfigText(root);
  if ("finding" in read) return { findings: [read.finding] };
  return checkConfigText(read.text);
}

function refuse(f: Finding): never {
  throw new Refused(
    `${f.file}:${f.line}:${f.col}: ${f.message}${f.value !== undefined ? ` (${JSON.stringify(f.value)})` : ""}`,
    f.hint ?? t("运行 svc check 查看全部问题", "run svc check to see every problem"),
  );
}

/** Reads svc.yaml; a broken one is reported by `svc check` with its location, other commands refuse. */
export function readConfigRaw(root: string): { text: string; data: unknown } {
  const read = readConfigText(root);
  if ("finding" in read) refuse(read.finding);
  const parsed = parseRecordText(read.text);
  if (!parsed.ok) refuse({ file: CONFIG_FILE, ...parsed.finding });
  return { text: read.text, data: parsed.data };
}

/**
 * svc.yaml, validated, with the defaults applied (src/schemas/defaults.ts). A valid one is remembered
 * in `cache` (cacheDir) with the schemas that judged it, while the file's stat is unchanged: a command
 * then loads neither the file's YAML nor the config's validator (start-up, issue 7).
 */
export async function loadConfig(root: string, cache?: string): Promise<Config> {
  const vouched =
    typeof SVC_SCHEMA_HASH === "string" ? ParseCache.open(cache, "config", SVC_SCHEMA_HASH) : undefined;
  const abs = join(root, CONFIG_FILE);
  // A folder, a symlink or a FIFO named svc.yaml is never read (nor its stat trusted by the cache).
  const peeked = lstatOrUndefined(abs)?.isFile() ? vouched?.peek(CONFIG_FILE, abs) : undefined;
  if (peeked?.data) return applyDefaults(peeked.data as ConfigFile);
  const { text, data } = readConfigRaw(root);
  const checked = await checkConfigText(text);
  if (!checked.file) refuse(checked.findings[0]);
  if (vouched && peeked) {
    vouched.keep(CONFIG_FILE, peeked, data);
    vouched.save();
  }
  return checked.config as Config;
}

function lstatOrUndefined(abs: string): Stats | undefined {
  try {
    return lstatSync(abs);
  } catch {
    return undefined;
  }
}
