// The floor of a full check: read and parse every record file of a repository with js-yaml 4 in one
// Node process (no validation, no rules). `node bench/floor-parse.mjs DIR` prints the file count.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import jsyaml from "js-yaml";

const root = process.argv[2] ?? ".";
let files = 0;
let keys = 0;
const walk = (dir) => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith(".")) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith(".yaml")) {
      const data = jsyaml.load(readFileSync(p, "utf8"), { schema: jsyaml.CORE_SCHEMA });
      files++;
      if (data && typeof data === "object") keys += Object.keys(data).length;
    }
  }
};
walk(root);
process.stdout.write(`${JSON.stringify({ files, keys })}\n`);
