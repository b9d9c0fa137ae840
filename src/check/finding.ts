// A finding of `svc check` (or of a refused write): where, what, the value seen, and a hint.
import { t } from "../core/i18n.ts";

export interface Finding {
  /** Path relative to the records repository (or as given). */
  file: string;
  line: number;
  col: number;
  /** Short rule code, e.g. schema, yaml, ref, id, letter-signature. */
  rule: string;
  message: string;
  value?: unknown;
  hint?: string;
  severity: "error" | "warning";
  /** For history findings: the commit and its author. */
  commit?: string;
  author?: string;
}

export function formatFinding(f: Finding): string {
  let s = `${f.file}:${f.line}:${f.col}: ${f.severity === "warning" ? t("警告", "warning") : t("错误", "error")}: ${f.message}`;
  if (f.value !== undefined) s += ` (${t("值", "value")}: ${JSON.stringify(f.value)})`;
  if (f.commit) s += ` [${t("提交", "commit")} ${f.commit.slice(0, 10)}${f.author ? ` ${f.author}` : ""}]`;
  if (f.hint) s += `\n  ${t("提示", "hint")}: ${f.hint}`;
  return s;
}
