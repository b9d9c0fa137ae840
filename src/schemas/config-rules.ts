// What svc.yaml's schema cannot say, checked after it (pass two for the settings): a time zone this
// runtime knows (every date computation would throw on another), an output folder inside the records
// repository, revisions in the order of their months, and no NaN or infinity anywhere. `svc check`
// reports these at file:line:col; every command refuses a svc.yaml that has any (src/store/repo.ts).
// In src/schemas/ so that the build's schema hash (the config cache's key) covers these rules too.
import { t } from "../core/i18n.ts";
import { fixedOffsetZone } from "../core/time.ts";
import type { SchemaProblem } from "../store/validate.ts";
import type { ConfigFile } from "./config.ts";
import { DEFAULTS } from "./defaults.ts";

/**
 * A zone Intl accepts (the runtime's list, `UTC`, and the aliases Intl resolves, e.g. Asia/Calcutta).
 * A fixed-offset zone (Asia/Shanghai …) is known without asking: the first question to Intl loads
 * ICU's zone data, 17–70 ms of each run that validates svc.yaml (`svc check` always), which svc's
 * arithmetic for such zones never needs.
 */
export function knownTimeZone(zone: string): boolean {
  if (fixedOffsetZone(zone)) return true;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone }).format(0);
    return true;
  } catch {
    return false;
  }
}

/** Why `output` does not name a folder inside the repository, or undefined when it does. */
export function outputProblem(output: string): string | undefined {
  if (/^([\\/]|[A-Za-z]:)/.test(output) || output.startsWith("~"))
    return t(
      "输出目录须是记录库内的相对路径，不能是绝对路径",
      "the output folder must be a relative path inside the repository, not an absolute one",
    );
  const parts = output.split(/[\\/]+/).filter((p) => p !== "" && p !== ".");
  if (parts.length === 0)
    return t("输出目录不能是记录库本身", "the output folder cannot be the repository itself");
  let depth = 0;
  for (const p of parts) {
    depth += p === ".." ? -1 : 1;
    if (depth < 0)
      return t("输出目录不能在记录库之外（..）", "the output folder cannot be outside the repository (..)");
  }
  if (parts[0] === ".git") return t("输出目录不能在 .git 中", "the output folder cannot be inside .git");
  return undefined;
}

export function configRuleProblems(data: ConfigFile): SchemaProblem[] {
  const out: SchemaProblem[] = [];
  const zone = (value: string | undefined, path: (string | number)[]) => {
    if (value !== undefined && !knownTimeZone(value))
      out.push({
        path,
        key: false,
        value,
        message: t(`未知时区 ${value}`, `unknown time zone ${value}`),
        hint: t(
          "用 IANA 时区名，如 Asia/Shanghai、Asia/Urumqi、UTC",
          "use an IANA zone name, e.g. Asia/Shanghai, Asia/Urumqi, UTC",
        ),
      });
  };
  zone(data.timezone, ["timezone"]);
  if (data.output !== undefined) {
    const why = outputProblem(data.output);
    if (why)
      out.push({
        path: ["output"],
        key: false,
        value: data.output,
        message: why,
        hint: t("例如 out", "e.g. out"),
      });
  }
  // The working day runs from start to end (defaults 09:00–18:00); a day of no length or less leaves
  // the SLA clocks no working time ever (every due list and monthly report failed: found by attack).
  let hours = { ...DEFAULTS.workingHours };
  const workingDay = (set: Partial<typeof hours> | undefined, at: (string | number)[]) => {
    if (!set) return;
    hours = { ...hours, ...set };
    if (hours.start < hours.end) return;
    out.push({
      path: [...at, "workingHours", set.end !== undefined ? "end" : "start"],
      key: false,
      value: set.end ?? set.start,
      message: t(
        `下班时刻须晚于上班时刻：${hours.start}–${hours.end}`,
        `the working day must end after it starts: ${hours.start}–${hours.end}`,
      ),
      hint: t('例如 start: "09:00"，end: "18:00"', 'e.g. start: "09:00", end: "18:00"'),
    });
  };
  workingDay(data.workingHours, []);
  let previous: string | undefined;
  (data.revisions ?? []).forEach((r, i) => {
    zone(r.set.timezone, ["revisions", i, "set", "timezone"]);
    workingDay(r.set.workingHours, ["revisions", i, "set"]);
    if (previous !== undefined && r.from <= previous)
      out.push({
        path: ["revisions", i, "from"],
        key: false,
        value: r.from,
        message: t(
          `设置调整须按生效月份从早到晚排列，每月最多一条：${r.from} 不晚于上一条的 ${previous}`,
          `revisions must be in the order of their months, one per month: ${r.from} is not after the previous ${previous}`,
        ),
      });
    previous = r.from;
  });
  // The schema's ranges already refuse NaN and ±Infinity (YAML .nan, .inf); this catches any number a
  // range does not cover.
  const walk = (v: unknown, path: (string | number)[]) => {
    if (typeof v === "number" && !Number.isFinite(v))
      out.push({
        path,
        key: false,
        value: String(v),
        message: t("数值须是有限的数", "the number must be finite"),
      });
    else if (Array.isArray(v)) for (const [i, x] of v.entries()) walk(x, [...path, i]);
    else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
  };
  walk(data, []);
  return out;
}
