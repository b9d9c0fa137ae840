// Bundles src/cli.ts into dist/ (ESM, code-split): the entry stays small so start-up stays close to
// bare Node; heavy libraries are external and loaded with import() only by the commands that use them.
// Builds into a temporary folder and swaps it in, so a concurrent run of the CLI never sees half a build.

import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { build } from "esbuild";
import { buildValidators } from "./validators.mjs";
import { workdayModule } from "./workdays.mjs";

const createRequireHere = createRequire(import.meta.url);

const root = new URL("../", import.meta.url);
const tmp = new URL(`dist.tmp-${process.pid}/`, root);
const old = new URL(`dist.old-${process.pid}/`, root);
const dist = new URL("dist/", root);
const version = JSON.parse(readFileSync(new URL("package.json", root), "utf8")).version;
// What `svc check`'s cache of vouched records depends on (src/store/cache.ts): the schemas' sources.
const schemas = new URL("src/schemas/", root);
const schemaHash = createHash("sha256");
for (const f of readdirSync(schemas).sort()) schemaHash.update(f).update(readFileSync(new URL(f, schemas)));
const SCHEMA_HASH = `${version}-${schemaHash.digest("hex").slice(0, 16)}`;
// What a rendered document depends on beyond its figures (src/render/output.ts: a document whose inputs
// are unchanged is not rendered again, issue 18): svc's sources, templates, build and locked dependencies.
const buildHash = createHash("sha256");
for (const top of [
  "src",
  "templates",
  "scripts/build.mjs",
  "scripts/validators.mjs",
  "scripts/workdays.mjs",
  "package-lock.json",
]) {
  const walk = (rel) => {
    const url = new URL(rel, root);
    let names;
    try {
      names = readdirSync(url, { withFileTypes: true });
    } catch {
      buildHash.update(rel).update(readFileSync(url));
      return;
    }
    for (const e of names.sort((a, b) => (a.name < b.name ? -1 : 1)))
      if (e.isDirectory() || e.isFile()) walk(`${rel}/${e.name}`);
  };
  walk(top);
}

// Bundled: what every run or every mutation loads — commander, the YAML reader and writer, TypeBox,
// chalk. Bundled, they skip Node's module resolution of their files (tens of ms
// per command at start-up, issue 7). Vega and Vega-Lite are bundled too, into the charts' own chunk:
// as packages they are some hundred module files (~150 ms of every monthly report and assessment to
// load). @bomb.sh/tab (shell completion) is bundled into the completion command's chunk: the shell runs
// `svc complete` on every TAB. The other heavy, occasional libraries (docx, resvg, spreadsheets, prompts,
// ajv's run-time compiler) stay external, loaded with import() by the commands that use them.
const BUNDLED = [
  "commander",
  "js-yaml",
  "yaml",
  "chalk",
  "@sinclair/typebox",
  "vega",
  "vega-lite",
  "@bomb.sh/tab",
  // string-width: required by src/render/table.ts at its first wide text, evaluated only then (issue 16).
  "string-width",
];

await build({
  // check-worker: the worker threads of a full `svc check` (src/check/worker.ts, loaded only by it).
  // render-worker: the worker threads that pack weekly documents (src/render/worker.ts, issue 18).
  entryPoints: {
    cli: "src/cli.ts",
    "check-worker": "src/check/worker.ts",
    "render-worker": "src/render/worker.ts",
  },
  outdir: tmp.pathname,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  // Bundled CommonJS finds require() (of node: builtins) and __filename in the banner.
  external: Object.keys(JSON.parse(readFileSync(new URL("package.json", root), "utf8")).dependencies)
    .filter((name) => !BUNDLED.includes(name))
    .flatMap((name) => [name, `${name}/*`]),
  // yaml's ES module build (its "default" export condition; the "node" one is CommonJS, whose named
  // exports a bundled import() does not see).
  alias: { yaml: "./node_modules/yaml/browser/index.js" },
  banner: {
    js: [
      'import { createRequire as __svcCreateRequire } from "node:module";',
      'import { fileURLToPath as __svcFileURLToPath } from "node:url";',
      "const require = __svcCreateRequire(import.meta.url);",
      "const __filename = __svcFileURLToPath(import.meta.url);",
    ].join(" "),
  },
  sourcemap: "linked",
  chunkNames: "chunks/[name]-[hash]",
  logLevel: "warning",
  define: {
    SVC_VERSION: JSON.stringify(version),
    SVC_SCHEMA_HASH: JSON.stringify(SCHEMA_HASH),
    SVC_BUILD_HASH: JSON.stringify(`${version}-${buildHash.digest("hex").slice(0, 16)}`),
  },
});
// `svc --help` as the command table prints it (80 columns, no colour), in both languages: bin/svc.js
// answers it without loading the table (start-up, issue 7); test/startup.test.ts keeps them equal.
for (const [lang, locale] of [
  ["zh", "zh_CN.UTF-8"],
  ["en", "en_US.UTF-8"],
]) {
  const env = { PATH: process.env.PATH, LANG: locale, NO_COLOR: "1" };
  const help = spawnSync(process.execPath, [new URL("cli.js", tmp).pathname, "--help"], {
    env,
    encoding: "utf8",
  });
  if (help.status !== 0 || !help.stdout) throw new Error(`svc --help failed while building: ${help.stderr}`);
  writeFileSync(new URL(`help.${lang}.txt`, tmp), help.stdout);
}
// Precompiled schema validators (dist/validators/<kind>.cjs), loaded by src/store/validate.ts when present.
// The marker beside them is how validate.ts knows them as its build's, wherever dist/ was copied to.
await buildValidators(root, new URL("validators/", tmp).pathname);
writeFileSync(
  new URL("validators/svc-validators.json", tmp),
  `${JSON.stringify({ schemaHash: SCHEMA_HASH })}\n`,
);
// The working days of chinese-days as a table (dist/workdays.cjs), read by src/domain/calendar.ts.
writeFileSync(new URL("workdays.cjs", tmp), workdayModule(createRequireHere("chinese-days")));
try {
  renameSync(dist, old);
} catch {}
renameSync(tmp, dist);
rmSync(old, { recursive: true, force: true });
