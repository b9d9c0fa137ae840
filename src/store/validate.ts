// Schema validation (pass one of `svc check`, and the gate of every write). The validators are
// precompiled at build time into dist/validators/<kind>.cjs (standalone ajv code,
// scripts/validators.mjs; found by the marker beside them, not by the folder's name): a write loads only its kinds' (~1 ms each) where loading ajv and compiling
// every kind takes ~0.5 s. Without them (tests on the sources) each kind is compiled once on first
// use, with the same options. CommonJS, so that the store, whose reads are synchronous, can load one
// as it parses a record (`validatorSync`, issue 11).
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ErrorObject, ValidateFunction } from "ajv";
import type { Finding } from "../check/finding.ts";
import { t } from "../core/i18n.ts";
import type { Kind } from "../schemas/kinds.ts";
import { locate, locateSync } from "./yaml.ts";

type Target = Kind | "config";
const cache = new Map<Target, ValidateFunction>();
let ajvInstance: import("ajv").default | undefined;
const precompiled = new Map<Target, Promise<ValidateFunction | undefined>>();

const requireHere = createRequire(import.meta.url);

declare const SVC_SCHEMA_HASH: string;
/** The marker the build writes into dist/validators/ (scripts/build.mjs): the schema hash they were compiled from. */
export const VALIDATORS_MARKER = "svc-validators.json";
let precompiledDir: string | null | undefined;

/**
 * The folder of the validators precompiled by this module's own build: dist/validators/, next to the
 * module (it sits in dist/ or dist/chunks/), whatever the build's folder is called — recognised by the
 * marker the build writes there, whose schema hash must be this build's (validators of other schemas
 * are never used). On the sources (no build hash): none, each kind is compiled.
 */
function validatorsDir(): string | null {
  if (precompiledDir !== undefined) return precompiledDir;
  precompiledDir = null;
  if (typeof SVC_SCHEMA_HASH !== "string") return precompiledDir;
  for (const rel of ["./validators/", "../validators/"]) {
    const url = new URL(rel, import.meta.url);
    if (url.protocol !== "file:") continue;
    try {
      const marker = JSON.parse(readFileSync(new URL(VALIDATORS_MARKER, url), "utf8")) as {
        schemaHash?: unknown;
      };
      if (marker.schemaHash === SVC_SCHEMA_HASH) {
        precompiledDir = fileURLToPath(url);
        break;
      }
    } catch {}
  }
  return precompiledDir;
}

/** Where a kind's validator precompiled at build time is: `<build>/validators/<kind>.cjs` (see `validatorsDir`). */
function precompiledFile(kind: Target): string | undefined {
  if (process.env.SVC_NO_PRECOMPILED) return undefined;
  const dir = validatorsDir();
  if (!dir) return undefined;
  const file = join(dir, `${kind}.cjs`);
  return existsSync(file) ? file : undefined;
}

function precompiledSync(kind: Target): ValidateFunction | undefined {
  const file = precompiledFile(kind);
  return file ? (requireHere(file) as { v: ValidateFunction }).v : undefined;
}

function loadPrecompiled(kind: Target): Promise<ValidateFunction | undefined> {
  let v = precompiled.get(kind);
  if (!v) {
    v = Promise.resolve().then(() => precompiledSync(kind));
    precompiled.set(kind, v);
  }
  return v;
}

let schemasModule: typeof import("../schemas/index.ts") | undefined;

async function loadAjv(): Promise<void> {
  if (!ajvInstance) {
    // CommonJS modules: the class (or function) is the module itself, also under .default.
    const ajvMod: any = await import("ajv/dist/2020.js");
    const formatsMod: any = await import("ajv-formats");
    const Ajv2020 = ajvMod.default?.default ?? ajvMod.default;
    const addFormats = formatsMod.default?.default ?? formatsMod.default;
    ajvInstance = new Ajv2020({ allErrors: true, strict: false }) as import("ajv").default;
    addFormats(ajvInstance);
  }
  schemasModule ??= await import("../schemas/index.ts");
}

/**
 * Make `validatorSync` usable: nothing to do with the build's precompiled validators; on the sources,
 * ajv and the schemas are loaded (each kind is then compiled on first use).
 */
export async function prepareValidation(): Promise<void> {
  if (cache.size || precompiledFile("product")) return;
  await loadAjv();
}

/** A kind's validator, synchronously (after `prepareValidation`): the store validates as it reads. */
export function validatorSync(kind: Target): ValidateFunction {
  let v = cache.get(kind) ?? precompiledSync(kind);
  if (!v) {
    if (!ajvInstance || !schemasModule) throw new Error("validatorSync before prepareValidation");
    v = ajvInstance.compile(kind === "config" ? schemasModule.ConfigSchema : schemasModule.SCHEMAS[kind]);
  }
  cache.set(kind, v);
  return v;
}

/** Schema problems of `data` as a record of `kind`, synchronously (see `validatorSync`). */
export function validateDataSync(kind: Target, data: unknown): SchemaProblem[] {
  const v = validatorSync(kind);
  if (v(data)) return [];
  return collapse(v.errors ?? []).map((e) => describe(e, data));
}

async function validator(kind: Target): Promise<ValidateFunction> {
  let v = cache.get(kind);
  if (v) return v;
  v = await loadPrecompiled(kind);
  if (v) {
    cache.set(kind, v);
    return v;
  }
  await loadAjv();
  const { ConfigSchema, SCHEMAS } = schemasModule as typeof import("../schemas/index.ts");
  v = (ajvInstance as import("ajv").default).compile(kind === "config" ? ConfigSchema : SCHEMAS[kind]);
  cache.set(kind, v);
  return v;
}

/** The compiled validator of a kind, for hot loops that validate many records (svc check). */
export function validatorOf(kind: Target): Promise<ValidateFunction> {
  return validator(kind);
}

export interface SchemaProblem {
  path: (string | number)[];
  /** Point at the key (unknown field) rather than the value. */
  key: boolean;
  message: string;
  value?: unknown;
  hint?: string;
}

export async function validateData(kind: Target, data: unknown): Promise<SchemaProblem[]> {
  const v = await validator(kind);
  if (v(data)) return [];
  return collapse(v.errors ?? []).map((e) => describe(e, data));
}

/** Turn schema problems into located findings for one file. */
export async function locateProblems(
  file: string,
  text: string,
  problems: SchemaProblem[],
): Promise<Finding[]> {
  const out: Finding[] = [];
  for (const p of problems) {
    const { line, col } = await locate(text, p.path, p.key);
    out.push({
      file,
      line,
      col,
      rule: "schema",
      severity: "error",
      message: p.message,
      value: p.value,
      hint: p.hint,
    });
  }
  return out;
}

/** `locateProblems`, synchronously (the store's reads). */
export function locateProblemsSync(file: string, text: string, problems: SchemaProblem[]): Finding[] {
  return problems.map((p) => ({
    file,
    ...locateSync(text, p.path, p.key),
    rule: "schema",
    severity: "error",
    message: p.message,
    value: p.value,
    hint: p.hint,
  }));
}

// anyOf/oneOf produce one error per branch; keep the most useful one per location.
function collapse(errors: ErrorObject[]): ErrorObject[] {
  const seen = new Set<string>();
  const out: ErrorObject[] = [];
  for (const e of errors) {
    if (e.keyword === "anyOf" || e.keyword === "oneOf") continue;
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e);
  }
  return out;
}

function pointer(instancePath: string): (string | number)[] {
  if (!instancePath) return [];
  return instancePath
    .slice(1)
    .split("/")
    .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function valueAt(data: unknown, path: (string | number)[]): unknown {
  let cur: any = data;
  for (const seg of path) cur = cur == null ? undefined : cur[seg];
  return cur;
}

function titleOf(e: ErrorObject): string {
  const title = (e.parentSchema as { title?: string } | undefined)?.title;
  return title ? `${title}（${e.instancePath.split("/").pop() || "/"}）` : e.instancePath || "/";
}

function describe(e: ErrorObject, data: unknown): SchemaProblem {
  const path = pointer(e.instancePath);
  const field = e.instancePath ? e.instancePath.slice(1).replaceAll("/", ".") : t("记录", "record");
  const value = valueAt(data, path);
  const p = e.params as Record<string, any>;
  switch (e.keyword) {
    case "required":
      return {
        path,
        key: false,
        message: t(`缺少必填字段 ${p.missingProperty}`, `missing required field ${p.missingProperty}`),
        hint: t(`在 ${field} 下添加 ${p.missingProperty}`, `add ${p.missingProperty} under ${field}`),
      };
    case "additionalProperties":
      return {
        path: [...path, p.additionalProperty],
        key: true,
        message: t(`未知字段 ${p.additionalProperty}`, `unknown field ${p.additionalProperty}`),
        hint: t("检查拼写；此处不允许其他字段", "check the spelling; no other fields are allowed here"),
      };
    case "enum":
      return {
        path,
        key: false,
        value,
        message: t(`${field} 的值不在允许范围内`, `${field} has a value outside the allowed set`),
        hint: t(
          `允许的值：${(p.allowedValues as string[]).join("、")}`,
          `allowed: ${(p.allowedValues as string[]).join(", ")}`,
        ),
      };
    case "const":
      return {
        path,
        key: false,
        value,
        message: t(
          `${field} 应为 ${JSON.stringify(p.allowedValue)}`,
          `${field} must be ${JSON.stringify(p.allowedValue)}`,
        ),
      };
    case "type":
      return {
        path,
        key: false,
        value,
        message: t(`${field} 的类型应为 ${p.type}`, `${field} must be of type ${p.type}`),
      };
    case "format":
      return {
        path,
        key: false,
        value,
        message: t(`${field} 的格式应为 ${p.format}`, `${field} must be a ${p.format}`),
        hint:
          p.format === "date-time"
            ? t("例如 2026-11-23T09:30:00+08:00", "e.g. 2026-11-23T09:30:00+08:00")
            : p.format === "date"
              ? t("例如 2026-11-23", "e.g. 2026-11-23")
              : undefined,
      };
    case "pattern":
      // A date's year outside the sane range (src/schemas/limits.ts builds these patterns).
      if (
        typeof value === "string" &&
        /^\^\(\d{2}/.test(p.pattern) &&
        /^\d{4}-/.test(value) &&
        !new RegExp(yearPart(p.pattern)).test(value)
      )
        return {
          path,
          key: false,
          value,
          message: t(
            `${field} 的年份 ${value.slice(0, 4)} 不在允许范围内`,
            `${field} has the year ${value.slice(0, 4)}, outside the allowed range`,
          ),
          hint: t(`允许的年份：${yearsOf(p.pattern)}`, `allowed years: ${yearsOf(p.pattern)}`),
        };
      // A time the date-time format takes but Date cannot read (src/schemas/common.ts DateTime).
      if (p.pattern.includes("[Tt ]"))
        return {
          path,
          key: false,
          value,
          message: t(
            `${field} 不是可用的时间（秒为 00–59，时区写全时分，如 +08:00）`,
            `${field} is not a usable time (seconds 00–59, the zone with hours and minutes, as +08:00)`,
          ),
          hint: t("例如 2026-11-23T09:30:00+08:00", "e.g. 2026-11-23T09:30:00+08:00"),
        };
      return {
        path,
        key: false,
        value,
        message: t(`${field} 的格式不符合 ${p.pattern}`, `${field} does not match ${p.pattern}`),
      };
    case "minLength":
      return { path, key: false, value, message: t(`${field} 不能为空`, `${field} must not be empty`) };
    case "maxLength":
      return {
        path,
        key: false,
        message: t(
          `${field} 太长（最多 ${p.limit} 个字符）`,
          `${field} is too long (at most ${p.limit} characters)`,
        ),
      };
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return {
        path,
        key: false,
        value,
        message: t(
          `${field} 的值 ${String(value)} 超出范围（应 ${p.comparison} ${p.limit}）`,
          `${field} is out of range: ${String(value)} (must be ${p.comparison} ${p.limit})`,
        ),
      };
    case "minItems":
      return {
        path,
        key: false,
        message: t(`${field} 至少需要 ${p.limit} 项`, `${field} needs at least ${p.limit} items`),
      };
    case "uniqueItems":
      return { path, key: false, value, message: t(`${field} 中有重复项`, `${field} has duplicate items`) };
    default:
      return { path, key: false, value, message: `${titleOf(e)}: ${e.message ?? e.keyword}` };
  }
}

/** "2000–2099" from a year pattern of src/schemas/limits.ts. */
/** The year part `^(…)-` of a date pattern of src/schemas/limits.ts (a month's pattern goes on). */
function yearPart(pattern: string): string {
  return pattern.slice(0, pattern.indexOf(")-") + 2);
}

function yearsOf(pattern: string): string {
  const years = [];
  const re = new RegExp(yearPart(pattern));
  for (let y = 1900; y < 2200; y++) if (re.test(`${y}-`)) years.push(y);
  return years.length ? `${years[0]}–${years[years.length - 1]}` : pattern;
}
