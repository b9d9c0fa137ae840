// An amendment names what it changes by a JSON Pointer into its target (D11, D15): one that exists in
// the target's schema, never into a prototype (`/__proto__/…` polluted every object and crashed
// `svc payroll`; src/domain/amendments.ts refuses to apply one).
import { t } from "../../../core/i18n.ts";
import { pointerInSchema, pointerSegments } from "../../../domain/amendments.ts";
import { kindOfId } from "../../../schemas/kinds.ts";
import type { ChangeRule, Violation } from "../rule.ts";

export const amendmentPath: ChangeRule = {
  id: "history-amendment-path",
  domain: "D11, D15",
  forbids: [
    "更正记录的路径不是指向被更正记录中存在（按其 schema）的字段的 JSON Pointer（如 /__proto__/…）",
    "an amendment whose path is not a JSON Pointer to a field the target's schema has (e.g. /__proto__/…)",
  ],
  kinds: ["amendment"],
  anyone: true,
  check({ before, after }, cx) {
    if (!after || before || !Array.isArray(after.changes)) return [];
    const target = typeof after.target === "string" ? kindOfId(after.target) : undefined;
    const schema = target ? cx.schemas?.[target] : undefined;
    const out: Violation[] = [];
    after.changes.forEach((c: unknown, i: number) => {
      const pointer = (c as { path?: unknown } | null)?.path;
      const parsed = pointerSegments(pointer);
      const problem =
        "problem" in parsed
          ? parsed.problem
          : schema && !pointerInSchema(parsed.segments, schema)
            ? t(
                `${String(after.target)} 的记录中没有这个字段`,
                `${String(after.target)}'s records have no such field`,
              )
            : undefined;
      if (problem)
        out.push({
          path: ["changes", i, "path"],
          value: pointer,
          message: t(
            `更正记录的路径 ${String(pointer)} 无效：${problem}`,
            `the amendment's path ${String(pointer)} is invalid: ${problem}`,
          ),
          hint: t(
            "更正记录由 svc assess amend 等命令写成",
            "amendments are written by svc (svc assess amend …)",
          ),
        });
    });
    return out;
  },
};
