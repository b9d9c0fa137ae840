// What a record file is: a regular file, never deleted once it carries a signature.
import { t } from "../../../core/i18n.ts";
import type { Kind } from "../../../schemas/kinds.ts";
import { type ChangeRule, get, type Rec } from "../rule.ts";

/** Git modes of a regular file. */
export const REGULAR = new Set(["100644", "100755"]);

/**
 * A record path holds a regular file: a committed symlink (mode 120000) would make the store read
 * another file (a forged payroll behind a signed one's name), a gitlink (160000) reads nothing.
 */
export const notAFile: ChangeRule = {
  id: "history-not-a-file",
  domain: "§2 (records), D11",
  forbids: [
    "记录路径上提交的不是普通文件（符号链接 120000、子模块 160000）",
    "a record path committed as anything but a regular file (a symlink 120000, a gitlink 160000)",
  ],
  kinds: "*",
  anyone: true,
  check(ch) {
    if (!ch.newMode || REGULAR.has(ch.newMode)) return [];
    const what =
      ch.newMode === "120000"
        ? t("符号链接", "a symlink")
        : ch.newMode === "160000"
          ? t("子模块", "a gitlink")
          : ch.newMode;
    return [
      {
        message: t(
          `记录 ${ch.file} 被提交为${what}（模式 ${ch.newMode}），不是普通文件`,
          `record ${ch.file} was committed as ${what} (mode ${ch.newMode}), not a regular file`,
        ),
        hint: t("记录只能是普通 YAML 文件", "a record is a plain YAML file"),
        value: ch.newMode,
      },
    ];
  },
};

/** Is this version of a record signed (evidence that must never be lost)? */
export function signedRecord(kind: Kind, rec: Rec | undefined): boolean {
  if (!rec) return false;
  switch (kind) {
    case "notice":
    case "assessment":
    case "payroll":
      return Boolean(rec.signature);
    case "letter":
      return Boolean(get(rec, "completion", "signature") || rec.confirmation || rec.archive);
    case "amendment":
    case "decision":
      return true;
    default:
      return false;
  }
}

export const deleteSigned: ChangeRule = {
  id: "history-delete-signed",
  domain: "D11",
  forbids: [
    "删除已签字的通知单、已签字/确认的责任书、已签字的考核表或工资表、更正记录或决定（换成符号链接或无法读取的内容也算）",
    "deleting a signed notice, a signed/confirmed letter, a signed assessment or payroll, an amendment or a decision (replacing it by a symlink or by what no longer reads as a record too)",
  ],
  kinds: "*",
  anyone: true,
  check(ch) {
    // gone, or still a file but no longer a record (found by attack: a signed record made unreadable
    // in one commit and deleted in the next — the deletion of what was no record was no one's)
    if (!ch.before || ch.after || !signedRecord(ch.kind, ch.before)) return [];
    const unreadable = ch.newMode !== undefined && REGULAR.has(ch.newMode);
    return [
      {
        side: "before",
        message: unreadable
          ? t(`已签字/确认的记录 ${ch.id} 被改得无法读取`, `signed record ${ch.id} was made unreadable`)
          : t(`已签字/确认的记录 ${ch.id} 被删除`, `signed record ${ch.id} was deleted`),
        hint: t(
          "已签字的记录只能用更正记录（amendment）更正，不能删除",
          "a signed record is corrected by an amendment, never deleted",
        ),
      },
    ];
  },
};
