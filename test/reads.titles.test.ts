// Issue 18 (`svc show` ≤ 150 ms): the field names `svc show` prints come from the titles table the
// build writes (dist/validators/titles.json) instead of loading TypeBox and every schema. For every
// field of every sample record, the table gives the title the schema gives.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { load } from "js-yaml";
import { expect, test } from "vitest";
import { fieldLines, fieldTitle } from "../src/domain/views.ts";
import { SCHEMAS } from "../src/schemas/index.ts";
import { ROOT, SAMPLE } from "./helpers.ts";

type Node = Parameters<typeof fieldTitle>[0];

test("issue 18 titles table: every field of every sample record has the schema's title", () => {
  const table = JSON.parse(readFileSync(join(ROOT, "dist", "validators", "titles.json"), "utf8"));
  expect(Object.keys(table).sort()).toEqual(Object.keys(SCHEMAS).sort());
  let fields = 0;
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith(".yaml") && name !== "svc.yaml") {
        const rec = load(readFileSync(p, "utf8")) as { kind?: keyof typeof SCHEMAS };
        if (!rec?.kind || !(rec.kind in SCHEMAS)) continue;
        for (const [path] of fieldLines(rec as Parameters<typeof fieldLines>[0])) {
          fields++;
          expect(fieldTitle(table[rec.kind] as Node, path), `${rec.kind} ${path}`).toBe(
            fieldTitle(SCHEMAS[rec.kind] as unknown as Node, path),
          );
        }
      }
    }
  };
  walk(SAMPLE);
  expect(fields).toBeGreaterThan(3000);
});
