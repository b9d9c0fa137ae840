// The ONE defaults layer of svc.yaml (the model: changesets' packages/config/src/defaults.ts). Every
// key but `department` may be absent from a repository's svc.yaml; its value is then the one here.
// `templates/svc.yaml` (what `svc init` writes) repeats these values with comments for the supervisor;
// test/config.defaults.test.ts keeps the two equal.
//
// Growing the settings: a key a later svc adds gets its default HERE (and in the template), and the
// default is the behaviour before the key existed — so a repository written by an older svc keeps
// validating and computes the same money. A default that exists is never changed: a department that
// never wrote the key would see its signed months recomputed differently.
// Plain data, no TypeBox at run time: every command loads this module.
import type { Config, ConfigFile } from "./config.ts";

export const DEFAULTS: Omit<Config, "department" | "company" | "revisions" | "since" | "integrity"> = {
  timezone: "Asia/Shanghai",
  output: "out",
  deadlines: {
    engineerWeekly: { weekday: 6, time: "18:00" },
    departmentWeekly: { weekday: 0, time: "18:00" },
    assessmentWorkdays: 3,
    monthlyReportWorkdays: 3,
    incidentNoticeWorkdays: 3,
    supportReviewWorkdays: 2,
    checkinDays: 2,
  },
  fines: {
    engineer: {
      overdue: 50,
      poorRating: 50,
      fairRun: 50,
      weeklyLate: 20,
      unsigned: 150,
      examFailed: 50,
      incidentI: 100,
      incidentII: 50,
    },
    supervisor: { reportLate: 20, incidentI: 50, incidentII: 30, condoneUnsigned: 100 },
  },
  rewards: { engineer: 100, engineerMonths: 3, supervisor: 100, supervisorMonths: 6 },
  thresholds: {
    fairRun: 3,
    examFailsDowngrade: 3,
    classIDowngrade: 2,
    classIDowngradeMonths: 3,
    dismissClassI: 3,
    dismissClassII: 6,
    dismissMonths: 6,
    supervisorClassIDowngrade: 3,
    supervisorClassIDowngradeMonths: 3,
  },
  pay: {
    tiers: { 一等: 2000, 二等: 1800, 三等: 1500 },
    tierMonths: { 二等: 6, 一等: 12 },
    bonus: { months: [6, 12], coefficients: [0.8, 0.5, 0.3], pools: {} },
    // The regulation leaves the travel and phone allowances blank: null until the department sets them.
    travel: { dailyRate: null, specialRate: null, specialRegions: [] },
    phone: null,
  },
  calendar: { holidays: [], workdays: [], years: [] },
  complaints: { enabled: false, perLevel: 2, permanentPerLevel: 4 },
  // D17: the clocks run in working hours of working days; no fine by default.
  sla: {
    targets: {
      紧急: { response: "2h", arrival: "1d", resolution: "2d" },
      重要: { response: "4h", arrival: "2d", resolution: "5d" },
      一般: { response: "1d", arrival: "3d", resolution: "10d" },
    },
    atRisk: "2h",
    fine: 0,
  },
  workingHours: { start: "09:00", end: "18:00" },
  survey: { workdays: 5 },
  allowAs: ["supervisor"],
  attachments: { maxBytes: 20_971_520 },
  equipment: { repeatFaultDays: 30 },
};

/**
 * The keys of svc.yaml that decide a month's money — what a revision may change from a month on
 * (`revisions: [{ from, set }]`, src/domain/settings.ts). The schema's `set` has exactly these.
 */
export const MONTH_KEYS = [
  "timezone",
  "deadlines",
  "fines",
  "rewards",
  "thresholds",
  "pay",
  "complaints",
  "sla",
  "workingHours",
] as const;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * `over` laid on `base`: objects are merged key by key, recursively; anything else in `over` (a number,
 * a string, null, a list) replaces what `base` has. `base` and `over` are never changed.
 */
export function deepMerge<T>(base: T, over: unknown): T {
  if (!isPlainObject(base) || !isPlainObject(over)) return (over === undefined ? base : over) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) continue;
    // defineProperty: a key named __proto__ is data, never the prototype.
    const value = deepMerge(Object.hasOwn(base, k) ? (base as Record<string, unknown>)[k] : undefined, v);
    Object.defineProperty(out, k, { value, enumerable: true, writable: true, configurable: true });
  }
  return out as T;
}

/** svc.yaml as written (already schema-valid) → the settings with every default filled in. */
export function applyDefaults(file: ConfigFile): Config {
  const { revisions, ...rest } = file;
  const config = deepMerge(structuredClone(DEFAULTS) as Config, rest);
  if (revisions?.length) config.revisions = revisions;
  return config;
}
