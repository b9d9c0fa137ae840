// How records are written (src/store/yaml.ts): the text is stable — every sample record comes out
// byte for byte as it is committed — and whatever a field holds reads back the same, with js-yaml
// (svc) and with `yaml` (a YAML 1.2 reader, as editors and other tools use).
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseRecordText, stringifyRecord } from "../src/store/yaml.ts";
import { ROOT } from "./helpers.ts";

const SAMPLE = join(ROOT, "records");

function* yamlFiles(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith(".") || e.name === "out") continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* yamlFiles(p);
    else if (e.name.endsWith(".yaml") && e.name !== "svc.yaml") yield p; // svc.yaml is written by hand
  }
}

const HOSTILE = [
  "",
  " ",
  "a ",
  " a",
  "010",
  "0x1F",
  "1e3",
  ".5",
  "+.5",
  "-1",
  "12:30",
  "yes",
  "No",
  "on",
  "true",
  "null",
  "~",
  ".inf",
  ".nan",
  "2026-11-20",
  "2026-11-20T10:00:00+08:00",
  "#x",
  "a #b",
  "a: b",
  "- a",
  "-",
  "---",
  "...",
  "? a",
  "@a",
  "`a",
  "*a",
  "&a",
  "!a",
  "|a",
  ">a",
  "'a",
  '"a',
  "%a",
  "{a}",
  "[a]",
  "a,b",
  "a\nb",
  "a\nb\n",
  "a\n\nb\n\n",
  "\na",
  "a\tb",
  "a\r\nb",
  "中文：冒号",
  "中文, 逗号",
  "a\u0007b",
  "\u00a0",
  "\ufeffa",
  "x".repeat(300),
  "word ".repeat(60),
  "line1\n line2",
  " \n",
  "trailing\n  ",
  "a\u2028b",
  "<<",
  "=",
];

describe("writing records", () => {
  it("writes every sample record exactly as it is committed", () => {
    let n = 0;
    for (const file of yamlFiles(SAMPLE)) {
      const text = readFileSync(file, "utf8");
      const parsed = parseRecordText(text);
      if (!parsed.ok) throw new Error(`${relative(ROOT, file)} does not parse`);
      expect(stringifyRecord(parsed.data), relative(ROOT, file)).toBe(text);
      n++;
    }
    expect(n).toBeGreaterThan(100);
  });

  it("reads back whatever a field holds, with js-yaml and with yaml", () => {
    for (const s of HOSTILE) {
      const record = { kind: "product", id: "p1", name: s, notes: [s, { text: s }], [s || "empty"]: s };
      const text = stringifyRecord(record);
      const back = parseRecordText(text);
      expect(back.ok && back.data, JSON.stringify(s)).toEqual(record);
      // A text of only spaces and line breaks is the one case js-yaml writes as a block that `yaml`
      // reads as empty; svc reads it back exactly (above).
      if (s.trim() !== "" || !s.includes("\n")) expect(parse(text), JSON.stringify(s)).toEqual(record);
    }
  });
});
