// Precompiles the record schemas into standalone ajv validators, one module per kind
// (dist/validators/<kind>.cjs, each with the ajv run-time helpers and format checks it uses), so a
// write loads only the validators of the kinds it writes (~1 ms each) and a check loads ready
// functions instead of loading ajv and compiling every schema at run time (~0.5 s for all kinds).
// src/store/validate.ts uses these modules when present and falls back to compiling at run time
// (tests on the sources, a dist built without them).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";

const require = createRequire(import.meta.url);

export async function buildValidators(root, outdir) {
  // 1. The schemas (TypeScript, TypeBox) as one self-contained ESM module, imported from memory.
  const schemas = await build({
    entryPoints: [new URL("src/schemas/index.ts", root).pathname],
    bundle: true,
    write: false,
    format: "esm",
    platform: "node",
    logLevel: "warning",
  });
  const { SCHEMAS, ConfigSchema } = await import(
    `data:text/javascript;base64,${Buffer.from(schemas.outputFiles[0].text).toString("base64")}`
  );
  // 2. ajv with the options validate.ts uses at run time, emitting source code: one module per kind,
  //    exporting its validator as `v`.
  const Ajv2020 = require("ajv/dist/2020.js").default;
  const addFormats = require("ajv-formats").default;
  const standaloneCode = require("ajv/dist/standalone/index.js").default;
  const ajv = new Ajv2020({ allErrors: true, strict: false, code: { source: true, esm: true } });
  addFormats(ajv);
  // The schemas' titles only (what `svc show` prints as field names: src/domain/views.ts fieldTitle
  // reads title, properties, anyOf, items), so that `svc show` need not load TypeBox and every schema.
  const titles = (node) => {
    if (!node || typeof node !== "object") return undefined;
    const out = {};
    if (typeof node.title === "string") out.title = node.title;
    if (node.properties)
      out.properties = Object.fromEntries(
        Object.entries(node.properties).map(([k, v]) => [k, titles(v) ?? {}]),
      );
    if (node.items && !Array.isArray(node.items)) out.items = titles(node.items) ?? {};
    if (Array.isArray(node.anyOf)) out.anyOf = node.anyOf.map((n) => titles(n) ?? {});
    return out;
  };
  mkdirSync(outdir, { recursive: true });
  writeFileSync(
    join(outdir, "titles.json"),
    JSON.stringify(Object.fromEntries(Object.entries(SCHEMAS).map(([k, v]) => [k, titles(v)]))),
  );
  const kinds = [...Object.entries(SCHEMAS), ["config", ConfigSchema]];
  for (const [kind, schema] of kinds) ajv.addSchema(schema, `svc:${kind}`);
  const src = mkdtempSync(join(tmpdir(), "svc-validators-"));
  try {
    const entryPoints = {};
    for (const [kind] of kinds) {
      const file = join(src, `${kind}.js`);
      writeFileSync(file, standaloneCode(ajv, { v: `svc:${kind}` }));
      entryPoints[kind] = file;
    }
    // 3. Bundle the generated code with the ajv run-time helpers and the format checks it require()s.
    await build({
      entryPoints,
      nodePaths: [new URL("node_modules", root).pathname],
      outdir,
      bundle: true,
      // CommonJS, so the store can load a kind's validator synchronously while it reads (issue 11: a
      // record is validated when it is parsed); each file carries the few run-time helpers it uses.
      outExtension: { ".js": ".cjs" },
      format: "cjs",
      platform: "node",
      target: "node20",
      minify: true,
      logLevel: "warning",
    });
  } finally {
    rmSync(src, { recursive: true, force: true });
  }
}
