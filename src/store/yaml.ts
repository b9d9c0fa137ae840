// YAML in and out. Records are read and written with js-yaml (reading about 8× faster than `yaml`;
// writing without loading a second library, ~18 ms of every mutation, issue 7); `yaml`, which keeps
// positions, maps a JSON pointer back to line and column for files with findings.
import { createRequire } from "node:module";
import jsyaml from "js-yaml";
import type { Finding } from "../check/finding.ts";
import { t } from "../core/i18n.ts";

export type ParseResult = { ok: true; data: unknown } | { ok: false; finding: Omit<Finding, "file"> };

/**
 * Where an anchor may begin (`&name` at the start of a node): a cheap test of the text, so that only
 * records that might hold one — "R&D" in a title does not — are parsed again looking for it.
 */
const MAYBE_ANCHOR = /(?:^|[\s,[{:?-])&[^\s,[\]{}]/;

/** Thrown from the parser's listener at the first node carrying an anchor. */
class AnchorFound {
  constructor(readonly name: string) {}
}

/**
 * Records never hold YAML anchors or aliases (issue 11): svc does not write them, and aliases are
 * how a small file becomes a huge one ("billion laughs") or a slow one (60,000 of them). An alias
 * needs an anchor, so finding the first anchor is enough. js-yaml reports every node it builds to a
 * listener; the one used here stops at the first node with an anchor.
 */
function anchorIn(text: string): { name: string; offset: number } | undefined {
  if (!MAYBE_ANCHOR.test(text)) return undefined;
  try {
    jsyaml.load(text, {
      schema: jsyaml.CORE_SCHEMA,
      json: false,
      listener(event, state) {
        const anchor = (state as { anchor?: string | null }).anchor;
        if (event === "close" && anchor) throw new AnchorFound(anchor);
      },
    });
  } catch (e) {
    if (!(e instanceof AnchorFound)) return undefined; // a YAML error: the ordinary parse reports it
    const escaped = e.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const at = new RegExp(`(?:^|[\\s,[{:?-])(&${escaped})(?=[\\s,\\]{}]|$)`).exec(text);
    const offset = at ? at.index + at[0].length - at[1].length : 0;
    return { name: e.name, offset };
  }
  return undefined;
}

function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, col: offset - start + 1 };
}

export function parseRecordText(text: string): ParseResult {
  const anchor = anchorIn(text);
  if (anchor) {
    return {
      ok: false,
      finding: {
        ...lineCol(text, anchor.offset),
        rule: "yaml-alias",
        severity: "error",
        value: `&${anchor.name}`,
        message: t(
          "记录中不允许 YAML 锚点与别名（&名称、*名称）",
          "YAML anchors and aliases (&name, *name) are not allowed in records",
        ),
        hint: t(
          "svc 从不写锚点与别名；把每个值完整写出",
          "svc never writes anchors or aliases; write each value out in full",
        ),
      },
    };
  }
  if (text.trim() === "") {
    return {
      ok: false,
      finding: {
        line: 1,
        col: 1,
        rule: "yaml",
        severity: "error",
        message: t("文件为空", "the file is empty"),
      },
    };
  }
  try {
    // CORE schema: dates stay strings (the default schema would turn 2026-11-03 into a Date).
    const data = jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA, json: false });
    return { ok: true, data };
  } catch (e) {
    const err = e as { mark?: { line: number; column: number }; reason?: string; message?: string };
    const reason = err.reason ?? String(err.message ?? e);
    const duplicate = /duplicated mapping key/.test(reason);
    return {
      ok: false,
      finding: {
        line: (err.mark?.line ?? 0) + 1,
        col: (err.mark?.column ?? 0) + 1,
        rule: duplicate ? "yaml-duplicate-key" : "yaml",
        severity: "error",
        message: duplicate
          ? t("重复的键", "duplicate key")
          : t(`不是有效的 YAML：${reason}`, `not valid YAML: ${reason}`),
        hint: duplicate
          ? t("每个字段只能写一次；删除多余的一行", "each field may appear once; remove the extra line")
          : undefined,
      },
    };
  }
}

/** Line and column (1-based) of the value (or, with `key`, the key) at a JSON-pointer path. */
export async function locate(
  text: string,
  path: (string | number)[],
  key = false,
): Promise<{ line: number; col: number }> {
  return locateWith(await import("yaml"), text, path, key);
}

/**
 * `locate`, synchronously — for the store, which reads synchronously and locates only the findings of
 * a record it refuses (issue 11). `yaml` is loaded from the package on that path only.
 */
export function locateSync(
  text: string,
  path: (string | number)[],
  key = false,
): { line: number; col: number } {
  const mod = createRequire(import.meta.url)("yaml") as typeof import("yaml");
  return locateWith(mod, text, path, key);
}

function locateWith(
  { parseDocument, LineCounter, isMap, isSeq, isScalar }: typeof import("yaml"),
  text: string,
  path: (string | number)[],
  key: boolean,
): { line: number; col: number } {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: false });
  let node: unknown = doc.contents;
  let offset = (doc.contents as { range?: number[] } | null)?.range?.[0] ?? 0;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(seg),
      );
      if (!pair) break;
      const keyRange = (pair.key as { range?: number[] })?.range;
      const valRange = (pair.value as { range?: number[] } | null)?.range;
      offset =
        (key && seg === path[path.length - 1] ? keyRange?.[0] : (valRange?.[0] ?? keyRange?.[0])) ?? offset;
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(seg)] as { range?: number[] } | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else break;
  }
  const pos = lc.linePos(offset);
  return { line: pos.line, col: pos.col };
}

// YAML 1.2 reads "+.5" and "-.5e3" as numbers where js-yaml's core schema does not. Declared for
// writing only, such strings get quotes, so every YAML 1.2 reader (editors, `yaml`) sees a string.
const SIGNED_FRACTION = new jsyaml.Type("tag:svc,2026:yaml12-float", {
  kind: "scalar",
  resolve: (s: string) => /^[-+]\.[0-9]+([eE][-+]?[0-9]+)?$/.test(s),
  construct: Number,
});
const WRITE_SCHEMA = jsyaml.CORE_SCHEMA.extend({ implicit: [SIGNED_FRACTION] });

/**
 * A record as YAML: block style, two-space indent, no line folding, double quotes where a string
 * needs them, and YAML 1.2 plain scalars (yes/no/on stay plain) — the text `yaml`'s stringify gives
 * for every sample record (test/store.yaml.test.ts).
 */
export function stringifyRecord(data: unknown): string {
  return jsyaml.dump(data, {
    schema: WRITE_SCHEMA,
    lineWidth: -1,
    noRefs: true,
    quotingType: '"',
    noCompatMode: true,
  });
}
