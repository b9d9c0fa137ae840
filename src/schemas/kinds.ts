// Kinds, folders and ids — kept free of the schema objects so start-up does not build them.
//
// Id scheme (D12): PREFIX-YYYYMMDD-xxxxx for records anyone may create offline (notices, letters,
// incidents, exams, complaints, amendments, decisions): the date in the department's zone and five
// random base-32 characters, so two clones opening notices on the same day cannot collide (and the
// store refuses an id that already exists). Periodic records have natural ids that two clones must
// agree on: W-YYYYMMDD-<engineer> (weekly report, the week's Saturday), DW-YYYYMMDD, M-YYYYMM,
// A-YYYYMM (assessment), P-YYYYMM (payroll). Roster entries, customers and products are named by
// people (ascii slugs). A dated record lives in <folder>/<YYYY>/<id>.yaml, others in <folder>/<id>.yaml.
//
// Every id is checked against its kind's form (ID_FORMS) before a path is built from it (`pathOf`,
// issue 11): an id from a flag, an argument or a record can never name a file outside its folder.

import { UsageError } from "../core/errors.ts";
import { t } from "../core/i18n.ts";

export const KINDS = {
  person: { dir: "people", prefix: "" },
  customer: { dir: "customers", prefix: "" },
  product: { dir: "products", prefix: "" },
  notice: { dir: "notices", prefix: "N" },
  letter: { dir: "letters", prefix: "L" },
  weekly: { dir: "weekly", prefix: "W" },
  "department-weekly": { dir: "department-weekly", prefix: "DW" },
  monthly: { dir: "monthly", prefix: "M" },
  incident: { dir: "incidents", prefix: "I" },
  exam: { dir: "exams", prefix: "E" },
  complaint: { dir: "complaints", prefix: "C" },
  assessment: { dir: "assessments", prefix: "A" },
  payroll: { dir: "payroll", prefix: "P" },
  amendment: { dir: "amendments", prefix: "X" },
  decision: { dir: "decisions", prefix: "G" },
  "customer-complaint": { dir: "customer-complaints", prefix: "K" }, // D19 (issue 15)
  equipment: { dir: "equipment", prefix: "EQ" },
  rd: { dir: "rd-orders", prefix: "RD" },
} as const;

export type Kind = keyof typeof KINDS;
export const KIND_NAMES = Object.keys(KINDS) as Kind[];

export const KIND_TITLES: Record<Kind, [zh: string, en: string]> = {
  person: ["人员", "person"],
  customer: ["客户", "customer"],
  product: ["产品", "product"],
  notice: ["服务通知单", "service notice"],
  letter: ["项目责任书", "responsibility letter"],
  weekly: ["服务人员工作周报", "engineer weekly report"],
  "department-weekly": ["技术服务周报", "department weekly report"],
  monthly: ["技术服务月度报表", "monthly report"],
  incident: ["事故", "incident"],
  exam: ["培训考核", "training exam"],
  complaint: ["沟通投诉", "complaint"],
  assessment: ["月度考核表", "monthly assessment"],
  payroll: ["工资表", "payroll"],
  amendment: ["更正记录", "amendment"],
  decision: ["总经理决定", "GM decision"],
  "customer-complaint": ["客户投诉", "customer complaint"],
  equipment: ["设备档案", "equipment"],
  rd: ["故障处理工作单", "R&D work order"],
};

const BY_PREFIX = new Map<string, Kind>(
  (Object.entries(KINDS) as [Kind, { prefix: string }][])
    .filter(([, k]) => k.prefix)
    .map(([kind, k]) => [k.prefix, kind]),
);

/** The kind an id names by its prefix (N-…, L-…), or undefined for roster/customer/product slugs. */
export function kindOfId(id: string): Kind | undefined {
  const dash = id.indexOf("-");
  return dash > 0 ? BY_PREFIX.get(id.slice(0, dash)) : undefined;
}

/** The schemas' id of people, customers and products (common.ts `Id`): an ascii slug, ≤ 80 characters. */
const SLUG = "[A-Za-z0-9][A-Za-z0-9_.-]{0,79}";
/** The creation date and five random base-32 characters (D12; any lower-case letter is accepted). */
const DATED = "\\d{8}-[0-9a-z]{5}";
const dated = (prefix: string) => new RegExp(`^${prefix}-${DATED}$`);

/** The form of each kind's ids (D12): what `isIdOf` accepts, and the form a refusal names. */
export const ID_FORMS: Record<Kind, { re: RegExp; form: string }> = {
  person: { re: new RegExp(`^${SLUG}$`), form: "zhangsan" },
  customer: { re: new RegExp(`^${SLUG}$`), form: "cust-k3f9a" },
  product: { re: new RegExp(`^${SLUG}$`), form: "plc-200" },
  notice: { re: dated("N"), form: "N-YYYYMMDD-xxxxx" },
  letter: { re: dated("L"), form: "L-YYYYMMDD-xxxxx" },
  weekly: { re: new RegExp(`^W-\\d{8}-${SLUG}$`), form: "W-YYYYMMDD-<engineer>" },
  "department-weekly": { re: /^DW-\d{8}$/, form: "DW-YYYYMMDD" },
  monthly: { re: /^M-\d{6}$/, form: "M-YYYYMM" },
  incident: { re: dated("I"), form: "I-YYYYMMDD-xxxxx" },
  exam: { re: dated("E"), form: "E-YYYYMMDD-xxxxx" },
  complaint: { re: dated("C"), form: "C-YYYYMMDD-xxxxx" },
  assessment: { re: /^A-\d{6}$/, form: "A-YYYYMM" },
  payroll: { re: /^P-\d{6}$/, form: "P-YYYYMM" },
  amendment: { re: dated("X"), form: "X-YYYYMMDD-xxxxx" },
  decision: { re: dated("G"), form: "G-YYYYMMDD-xxxxx" },
  "customer-complaint": { re: dated("K"), form: "K-YYYYMMDD-xxxxx" },
  equipment: { re: dated("EQ"), form: "EQ-YYYYMMDD-xxxxx" },
  rd: { re: dated("RD"), form: "RD-YYYYMMDD-xxxxx" },
};

/** Whether `id` has the form of `kind`'s ids — the one test every path built from an id passes. */
export function isIdOf(kind: Kind, id: unknown): id is string {
  return typeof id === "string" && id.length <= 100 && ID_FORMS[kind].re.test(id);
}

/** The refusal of an id that is not one of `kind`'s (exit 2: the argument is wrong). */
export function badId(kind: Kind, id: unknown): UsageError {
  const [zh, en] = KIND_TITLES[kind];
  const shown = JSON.stringify(typeof id === "string" && id.length > 100 ? `${id.slice(0, 100)}…` : id);
  return new UsageError(
    t(`${shown} 不是有效的${zh}编号`, `${shown} is not a valid ${en} id`),
    t(`${zh}编号的格式为 ${ID_FORMS[kind].form}`, `a ${en} id has the form ${ID_FORMS[kind].form}`),
  );
}

/**
 * Relative path of a record's file, which follows from its kind and id. An id not of the kind's form
 * is refused (`badId`) before any path is built (issue 11: `L-2026/../../x` must not name a file).
 */
export function pathOf(kind: Kind, id: string): string {
  if (!isIdOf(kind, id)) throw badId(kind, id);
  const { dir, prefix } = KINDS[kind];
  if (!prefix) return `${dir}/${id}.yaml`;
  const year = /^[A-Z]+-(\d{4})/.exec(id)?.[1];
  return year ? `${dir}/${year}/${id}.yaml` : `${dir}/${id}.yaml`;
}

/** The kind a relative path belongs to (by its top folder), if any. */
export function kindOfPath(rel: string): Kind | undefined {
  const top = rel.split("/")[0];
  for (const [kind, k] of Object.entries(KINDS) as [Kind, { dir: string }][]) if (k.dir === top) return kind;
  return undefined;
}

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"; // Crockford base 32, lower case

export function randomSuffix(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < 5; i++) out += ALPHABET[bytes[i] % 32];
  return out;
}

/** PREFIX-YYYYMMDD-xxxxx for a record created on `date` (YYYY-MM-DD, department time). */
export function newId(kind: Kind, date: string, bytes: Uint8Array): string {
  return `${KINDS[kind].prefix}-${date.replaceAll("-", "")}-${randomSuffix(bytes)}`;
}

export const periodicId = {
  weekly: (saturday: string, engineer: string) => `W-${saturday.replaceAll("-", "")}-${engineer}`,
  departmentWeekly: (saturday: string) => `DW-${saturday.replaceAll("-", "")}`,
  monthly: (month: string) => `M-${month.replace("-", "")}`,
  assessment: (month: string) => `A-${month.replace("-", "")}`,
  payroll: (month: string) => `P-${month.replace("-", "")}`,
};
