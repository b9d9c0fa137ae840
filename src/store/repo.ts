// Finding the records repository: like git, walk up from the working directory to the folder holding
// svc.yaml; --repo DIR and SVC_REPO override.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { Refused, UsageError } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import type { Config } from "../schemas/index.ts";
import { ParseCache } from "./cache.ts";
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

/** Reads svc.yaml; a broken one is reported by `svc check` with its location, other commands refuse. */
export function readConfigRaw(root: string): { text: string; data: unknown } {
  const text = readFileSync(join(root, CONFIG_FILE), "utf8");
  const parsed = parseRecordText(text);
  if (!parsed.ok) {
    throw new Refused(
      `${CONFIG_FILE}:${parsed.finding.line}:${parsed.finding.col}: ${parsed.finding.message}`,
    );
  }
  return { text, data: parsed.data };
}

/**
 * svc.yaml, validated. A valid one is remembered in `cache` (cacheDir) with the schemas that judged
 * it, while the file's stat is unchanged: a command then loads neither the file's YAML nor the
 * config's validator (start-up, issue 7).
 */
export async function loadConfig(root: string, cache?: string): Promise<Config> {
  const vouched =
    typeof SVC_SCHEMA_HASH === "string" ? ParseCache.open(cache, "config", SVC_SCHEMA_HASH) : undefined;
  const peeked = vouched?.peek(CONFIG_FILE, join(root, CONFIG_FILE));
  if (peeked?.data) return peeked.data as Config;
  const { text, data } = readConfigRaw(root);
  const { validateData, locateProblems } = await import("./validate.ts");
  const problems = await validateData("config", data);
  if (problems.length) {
    const [f] = await locateProblems(CONFIG_FILE, text, problems);
    throw new Refused(
      `${f.file}:${f.line}:${f.col}: ${f.message}${f.value !== undefined ? ` (${JSON.stringify(f.value)})` : ""}`,
      t("运行 svc check 查看全部问题", "run svc check to see every problem"),
    );
  }
  if (vouched && peeked) {
    vouched.keep(CONFIG_FILE, peeked, data);
    vouched.save();
  }
  return data as Config;
}
