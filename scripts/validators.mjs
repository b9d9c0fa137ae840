// Precompiles the record schemas into standalone ajv validators (dist/validators.js), so a check or a
// write loads ready functions (~15 ms) instead of loading ajv and compiling every schema at run time
// (~0.5 s for all kinds). src/store/validate.ts uses this module when present and falls back to
// compiling at run time (tests on the sources, a dist built without it).
import { createRequire } from "node:module";
import { build } from "esbuild";

const require = createRequire(import.meta.url);

/** The export name of a kind's validator ("department-weekly" → "v_department_weekly"). */
export const exportName = (kind) => `v_${kind.replaceAll("-", "_")}`;

export async function buildValidators(root, outfile) {
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
  // 2. ajv with the options validate.ts uses at run time, emitting source code.
  const Ajv2020 = require("ajv/dist/2020.js").default;
  const addFormats = require("ajv-formats").default;
  const standaloneCode = require("ajv/dist/standalone/index.js").default;
  const ajv = new Ajv2020({ allErrors: true, strict: false, code: { source: true, esm: true } });
  addFormats(ajv);
  const refs = {};
  for (const [kind, schema] of [...Object.entries(SCHEMAS), ["config", ConfigSchema]]) {
    ajv.addSchema(schema, `svc:${kind}`);
    refs[exportName(kind)] = `svc:${kind}`;
  }
  const code = standaloneCode(ajv, refs);
  // 3. Bundle the generated code with the ajv runtime helpers and the format checks it require()s.
  await build({
    stdin: {
      contents: code,
      resolveDir: new URL(".", root).pathname,
      sourcefile: "validators.cjs",
      loader: "js",
    },
    outfile,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    minify: true,
    logLevel: "warning",
  });
}
