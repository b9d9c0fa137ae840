// The titles of a kind's schema, which `svc show` prints as field names (src/domain/views.ts
// fieldTitle): from the table the build writes (dist/validators/titles.json: title, properties,
// anyOf, items of every schema — scripts/validators.mjs), else from the schemas themselves (the
// sources). Loading TypeBox and every schema cost `svc show` ~40 ms under load (issue 18).
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Kind } from "../schemas/kinds.ts";

let table: Record<string, unknown> | null | undefined;

function builtTable(): Record<string, unknown> | null {
  if (table !== undefined) return table;
  table = null;
  for (const rel of ["./validators/titles.json", "../validators/titles.json"]) {
    const url = new URL(rel, import.meta.url);
    if (url.protocol !== "file:" || !url.pathname.includes("/dist/") || !existsSync(url)) continue;
    try {
      table = JSON.parse(readFileSync(fileURLToPath(url), "utf8")) as Record<string, unknown>;
      break;
    } catch {
      // unreadable: the schemas
    }
  }
  return table;
}

export async function schemaTitles(kind: Kind): Promise<unknown> {
  const built = builtTable()?.[kind];
  if (built) return built;
  const { SCHEMAS } = await import("../schemas/index.ts");
  return SCHEMAS[kind];
}
