// History rule `history-settings` (issue 12 case 4, DOMAIN D11): a change of svc.yaml may not change the
// money settings in force for a month the GM has signed — the fine amounts, the deadlines, the
// thresholds, the pay, the time zone (MONTH_KEYS). A new value applies from a month on through a
// revision (`revisions: [{ from: YYYY-MM, set: … }]`, src/domain/settings.ts); a revision from a month
// after the last signed one changes nothing signed and passes. Pure: the caller
// gives the settings before and after the commit (defaults applied) and the months signed before it;
// its entry in HISTORY_RULES is src/check/history/rules/settings.ts.

import { t } from "../core/i18n.ts";
import { addMonths } from "../core/time.ts";
import { monthSettings } from "../domain/settings.ts";
import type { Config, ConfigFile } from "../schemas/config.ts";
import { applyDefaults } from "../schemas/defaults.ts";
import { parseRecordText } from "../store/yaml.ts";

export interface SettingsViolation {
  rule: "history-settings";
  /** The signed month whose settings the change reaches. */
  month: string;
  /** The setting, dotted (`fines.engineer.overdue`). */
  key: string;
  before: unknown;
  after: unknown;
  /** Where in svc.yaml (after the change) the value comes from: a YAML path for file:line:col. */
  path: (string | number)[];
  message: string;
  hint: string;
}

/** Leaves of a settings object by dotted key; lists and null are leaves. */
function leaves(v: unknown, prefix: string, out: Map<string, unknown>): Map<string, unknown> {
  if (v && typeof v === "object" && !Array.isArray(v)) {
    const entries = Object.entries(v);
    if (entries.length === 0 && prefix) out.set(prefix, v);
    for (const [k, x] of entries) leaves(x, prefix ? `${prefix}.${k}` : k, out);
  } else out.set(prefix, v);
  return out;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Does this patch (a revision's `set`) set `key` (dotted), or an object above it? */
function sets(patch: unknown, key: string): boolean {
  let cur: unknown = patch;
  for (const seg of key.split(".")) {
    if (!cur || typeof cur !== "object" || Array.isArray(cur) || !Object.hasOwn(cur, seg)) return false;
    cur = (cur as Record<string, unknown>)[seg];
    if (cur === null || typeof cur !== "object" || Array.isArray(cur)) return true;
  }
  return true;
}

/** The YAML path in `config`'s svc.yaml that gives `key`'s value for `month`. */
function source(config: Config, key: string, month: string): (string | number)[] {
  const revisions = config.revisions ?? [];
  for (let i = revisions.length - 1; i >= 0; i--)
    if (revisions[i].from <= month && sets(revisions[i].set, key))
      return ["revisions", i, "set", ...key.split(".")];
  return key.split(".");
}

export function settingsViolations(
  before: Config,
  after: Config,
  signedMonths: string[],
): SettingsViolation[] {
  const months = [...new Set(signedMonths)].sort();
  if (!months.length) return [];
  const firstOpen = addMonths(months[months.length - 1], 1);
  const out: SettingsViolation[] = [];
  for (const month of months) {
    const was = leaves(monthSettings(before, month), "", new Map());
    const now = leaves(monthSettings(after, month), "", new Map());
    for (const key of new Set([...was.keys(), ...now.keys()])) {
      const b = was.get(key);
      const a = now.get(key);
      if (same(a, b)) continue;
      out.push({
        rule: "history-settings",
        month,
        key,
        before: b,
        after: a,
        path: source(after, key, month),
        message: t(
          `svc.yaml 改变了已签字月份 ${month} 的设置 ${key}：${JSON.stringify(b)} → ${JSON.stringify(a)}`,
          `svc.yaml changes ${key} of the signed month ${month}: ${JSON.stringify(b)} → ${JSON.stringify(a)}`,
        ),
        hint: t(
          `已签字月份按签字时的设置计算；新值请写成 revisions 中 from: ${firstOpen}（或更晚）的一条调整`,
          `a signed month keeps the settings it was signed with; give the new value as a revision from: ${firstOpen} (or later)`,
        ),
      });
    }
  }
  return out;
}

/**
 * The settings of a svc.yaml blob (a commit's or its parent's), the defaults applied; undefined when it
 * is not a YAML mapping (the snapshot check reports a broken svc.yaml; the history compares what it can).
 */
export function settingsFromText(text: string | undefined): Config | undefined {
  if (text === undefined) return undefined;
  const parsed = parseRecordText(text);
  if (!parsed.ok || !parsed.data || typeof parsed.data !== "object" || Array.isArray(parsed.data))
    return undefined;
  // Only well-formed revisions count: the history reads every version, valid or not, and must not throw.
  const data = { ...(parsed.data as Record<string, unknown>) };
  const revisions = Array.isArray(data.revisions) ? data.revisions : [];
  data.revisions = revisions.filter(
    (r) =>
      r &&
      typeof r === "object" &&
      typeof r.from === "string" &&
      r.set &&
      typeof r.set === "object" &&
      !Array.isArray(r.set),
  );
  return applyDefaults(data as ConfigFile);
}

/** The months whose assessment the GM has signed, from the assessments of a tree. */
export function signedMonthsOf(assessments: readonly { month: string; signature?: unknown }[]): string[] {
  return assessments.filter((a) => a.signature).map((a) => a.month);
}

/**
 * `settingsViolations` of a commit that changed svc.yaml from `beforeText` to `afterText`. A missing or
 * unreadable side counts as the defaults: deleting or breaking svc.yaml and writing it back in a later
 * commit is judged like any other edit, never skipped.
 */
export function settingsViolationsOfTexts(
  beforeText: string | undefined,
  afterText: string | undefined,
  signedMonths: string[],
): SettingsViolation[] {
  const fallback = () => applyDefaults({ department: "" });
  return settingsViolations(
    settingsFromText(beforeText) ?? fallback(),
    settingsFromText(afterText) ?? fallback(),
    signedMonths,
  );
}
