// `svc check` of HEAD's tree (every check, not only --history): light, loaded at each run.
import { relative } from "node:path";
import { t } from "../../core/i18n.ts";
import { kindOfPath } from "../../schemas/kinds.ts";
import { treeEntries } from "../../store/git.ts";
import type { Finding } from "../finding.ts";
import { REGULAR } from "./rules/files.ts";

/**
 * `svc check` of HEAD's tree: a record path that is not a regular file (a symlink, a gitlink) — the
 * store would read another file, or none, under a record's name (issue 12, case 3).
 */
export async function treeFindings(
  gitTop: string,
  root: string,
  only?: readonly string[],
): Promise<Finding[]> {
  const prefix = relative(gitTop, root).split("\\").join("/");
  // `only`: just these record paths (svc check --changed reports on no others: issue 18)
  const entries = await treeEntries(
    gitTop,
    "HEAD",
    only ? only.map((f) => (prefix ? `${prefix}/${f}` : f)) : prefix || undefined,
  );
  const out: Finding[] = [];
  for (const e of entries) {
    const rel = prefix ? e.path.slice(prefix.length + 1) : e.path;
    if (REGULAR.has(e.mode) || e.type === "tree" || !kindOfPath(rel)) continue;
    out.push({
      file: rel,
      line: 1,
      col: 1,
      rule: "not-a-file",
      severity: "error",
      message: t(
        `记录路径 ${rel} 在 HEAD 中不是普通文件（模式 ${e.mode}${e.mode === "120000" ? "，符号链接" : e.mode === "160000" ? "，子模块" : ""}）`,
        `record path ${rel} is not a regular file in HEAD (mode ${e.mode}${e.mode === "120000" ? ", a symlink" : e.mode === "160000" ? ", a gitlink" : ""})`,
      ),
      hint: t(
        "记录只能是普通 YAML 文件：git rm 它并提交真正的记录",
        "a record is a plain YAML file: git rm it and commit the real record",
      ),
      value: e.mode,
    });
  }
  return out;
}
