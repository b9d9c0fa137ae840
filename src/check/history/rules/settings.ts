// history-settings (issue 12 case 4, D11): a change of svc.yaml may not change the settings in force
// for a month the GM has signed; a new value applies from a later month through a revision. The rule
// itself is src/check/settings-history.ts (pure, over the two texts); this is its entry in the table.
import { settingsViolationsOfTexts } from "../../settings-history.ts";
import type { CommitRule } from "../rule.ts";

export const settings: CommitRule = {
  id: "history-settings",
  domain: "D11 (issue 12 case 4)",
  forbids: [
    "修改 svc.yaml 使总经理已签字月份的金额、期限、阈值、薪酬或时区改变（新值须写成自以后某月起生效的 revisions）",
    "an edit of svc.yaml that changes the amounts, deadlines, thresholds, pay or time zone in force for a month the GM signed (a new value is a revision from a later month)",
  ],
  kinds: "commit",
  anyone: true,
  check(cx) {
    if (!cx.settings || !cx.signedMonths.size) return [];
    return settingsViolationsOfTexts(cx.settings.before, cx.settings.after, [...cx.signedMonths]).map(
      (v) => ({
        file: "svc.yaml",
        path: v.path,
        value: v.after,
        message: v.message,
        hint: v.hint,
      }),
    );
  },
};
