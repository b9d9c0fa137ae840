// One record file read, parsed and schema-checked without any reporting: the record when it passed
// all three, null otherwise (the caller then takes the full path, which locates the findings).
// Shared by the main thread and the worker threads of `svc check` (performance, issue 7).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { AnyRecord } from "../schemas/index.ts";
import type { Kind } from "../schemas/kinds.ts";
import { validatorOf } from "../store/validate.ts";
import { parseRecordText } from "../store/yaml.ts";

export async function vouch(root: string, file: string, kind: Kind): Promise<AnyRecord | null> {
  try {
    const parsed = parseRecordText(readFileSync(join(root, file), "utf8"));
    const data = parsed.ok ? (parsed.data as Record<string, unknown> | null) : null;
    if (data && typeof data === "object" && !Array.isArray(data) && data.kind === kind) {
      if ((await validatorOf(kind))(data)) return data as unknown as AnyRecord;
    }
  } catch {
    // unreadable: the full path reports it
  }
  return null;
}
