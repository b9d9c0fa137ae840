// One record file read, parsed and schema-checked without any reporting: the record when it passed
// all three, null otherwise (the caller then takes the full path, which locates the findings).
// Shared by the main thread and the worker threads of `svc check` (performance, issue 7).
import type { AnyRecord } from "../schemas/index.ts";
import type { Kind } from "../schemas/kinds.ts";
import { readRecordText } from "../store/read.ts";
import { validatorOf } from "../store/validate.ts";
import { parseRecordText } from "../store/yaml.ts";

/** `listed`: the file came from a listing of its kind's folder (its folders are real ones). */
export async function vouch(
  root: string,
  file: string,
  kind: Kind,
  listed: boolean,
): Promise<AnyRecord | null> {
  try {
    const read = readRecordText(root, file, listed);
    if (!read.ok) return null;
    const parsed = parseRecordText(read.text);
    const data = parsed.ok ? (parsed.data as Record<string, unknown> | null) : null;
    if (data && typeof data === "object" && !Array.isArray(data) && data.kind === kind) {
      if ((await validatorOf(kind))(data)) return data as unknown as AnyRecord;
    }
  } catch {
    // unreadable: the full path reports it
  }
  return null;
}
