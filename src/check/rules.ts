// Pass two of `svc check`: references and the business invariants one snapshot can show. Each rule is
// a small function over the valid records that pushes located findings (beancount's validations).
import { t } from "../core/i18n.ts";
import { hasControls } from "../core/terminal.ts";
import { stepOrderProblems } from "../domain/letters.ts";
import { DONE_STATES, letterProblems } from "../domain/workflow.ts";
import { MANDATORY_TOOLS, type Role } from "../schemas/enums.ts";
import type { AnyRecord, Config, Kind, Letter, Notice, Person } from "../schemas/index.ts";
import { locate } from "../store/yaml.ts";
import { amendedRecordsValid, amendmentAuthors } from "./amendment-rules.ts";
import { equipmentRules } from "./equipment-rules.ts";
import type { Finding } from "./finding.ts";
import { assessmentTotals, payrollTotals } from "./money-rules.ts";
import {
  examResultsOnce,
  incidentEngineer,
  rdStamps,
  sheetSignedAfterDraft,
  tripDates,
  workBeforeHire,
} from "./record-rules.ts";
import type { Snapshot } from "./snapshot.ts";

type Path = (string | number)[];
/** A finding of a rule, located in its record by path (checkRules adds the file, line and column). */
export interface Issue {
  id: string;
  path: Path;
  message: string;
  value?: unknown;
  hint?: string;
  rule: string;
  severity?: "error" | "warning";
}

export interface RuleInput {
  snap: Snapshot;
  config: Config;
  people: Map<string, Person>;
  of<K extends Kind>(kind: K): Extract<AnyRecord, { kind: K }>[];
}

/** Fields that name another record, by field name (wherever they appear in a record). */
const REF_FIELDS: Record<string, Kind | Kind[]> = {
  by: "person",
  as: "person",
  agreedBy: "person",
  engineer: "person",
  person: "person",
  customer: "customer",
  notice: "notice",
  letter: "letter",
  product: "product",
  assessment: "assessment",
  equipmentId: "equipment",
  rd: "rd",
  requester: "person",
  // found by attack: ids these fields held were never looked up (a weekly report naming a letter
  // that does not exist, a complaint turned into an incident that does not)
  incident: "incident",
  customerComplaint: "customer-complaint",
  letters: "letter",
};

function* refs(value: unknown, path: Path): Generator<{ path: Path; field: string; id: string }> {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield* refs(value[i], [...path, i]);
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === "string" && k in REF_FIELDS) yield { path: [...path, k], field: k, id: v };
      else if (Array.isArray(v) && k in REF_FIELDS)
        // a list of ids (a weekly report's letters)
        for (let i = 0; i < v.length; i++)
          if (typeof v[i] === "string") yield { path: [...path, k, i], field: k, id: v[i] as string };
          else yield* refs(v[i], [...path, k, i]);
      else if (typeof v === "object") yield* refs(v, [...path, k]);
    }
  }
}

function referencesResolve(input: RuleInput, out: Issue[]): void {
  // Records whose file is there but did not pass (a bad enum…) are reported once, at their own file;
  // a reference to one is not a second finding "does not resolve" (issue 14).
  const invalid = new Map<string, Kind>();
  for (const f of input.snap.files) {
    const id = f.file.slice(f.file.lastIndexOf("/") + 1).replace(/\.yaml$/, "");
    if (!input.snap.byId.has(id)) invalid.set(id, f.kind);
  }
  for (const { kind, record } of input.snap.byId.values()) {
    for (const r of refs(record, [])) {
      if (kind === "amendment" && r.path[0] === "changes") continue; // before/after values are data
      if (r.path.length === 1 && r.field === "id") continue;
      const want = REF_FIELDS[r.field];
      const target = input.snap.byId.get(r.id);
      const kinds = Array.isArray(want) ? want : [want];
      const broken = invalid.get(r.id);
      if (!target && broken && kinds.includes(broken)) continue;
      if (!target || !kinds.includes(target.kind)) {
        out.push({
          id: record.id,
          path: r.path,
          rule: "ref",
          value: r.id,
          message: t(
            `引用的记录不存在：${r.field} = ${r.id}`,
            `reference does not resolve: ${r.field} = ${r.id}`,
          ),
          hint: t(`应为已有的 ${kinds.join("/")} 编号`, `expected the id of an existing ${kinds.join("/")}`),
        });
      }
    }
    if (kind === "amendment") {
      const target = (record as { target: string }).target;
      if (!input.snap.byId.has(target)) {
        out.push({
          id: record.id,
          path: ["target"],
          rule: "ref",
          value: target,
          message: t(`被更正的记录不存在：${target}`, `amended record does not exist: ${target}`),
        });
      }
    }
  }
}

function holds(input: RuleInput, personId: string | undefined, ...roles: Role[]): boolean {
  const p = personId ? input.people.get(personId) : undefined;
  return !p || p.roles.some((r) => roles.includes(r)); // an unknown person is reported by referencesResolve
}

function roleRule(
  input: RuleInput,
  out: Issue[],
  id: string,
  path: Path,
  by: string | undefined,
  what: string,
  ...roles: Role[]
): void {
  if (by && !holds(input, by, ...roles)) {
    out.push({
      id,
      path,
      rule: "role",
      value: by,
      message: t(
        `${what}须由${roles.join("/")}完成，${by} 没有该角色`,
        `${what} must be done by a ${roles.join("/")}; ${by} has no such role`,
      ),
    });
  }
}

function before(a: string | undefined, b: string | undefined): boolean {
  return Boolean(a && b && new Date(a).getTime() > new Date(b).getTime());
}

function noticeRules(input: RuleInput, out: Issue[]): void {
  for (const n of input.of("notice") as Notice[]) {
    if (n.signature) {
      // DOMAIN §2.1: signed by the GM, or by the supervisor when the GM is away.
      if (n.signature.gmAbsent)
        roleRule(
          input,
          out,
          n.id,
          ["signature", "by"],
          n.signature.by,
          t("代总经理签字", "signing for the absent GM"),
          "supervisor",
          "gm",
        );
      else
        roleRule(
          input,
          out,
          n.id,
          ["signature", "by"],
          n.signature.by,
          t("通知单签字", "signing a notice"),
          "gm",
        );
      if (before(n.issued.at, n.signature.at)) {
        out.push({
          id: n.id,
          path: ["signature", "at"],
          rule: "order",
          value: n.signature.at,
          message: t("签字时间早于出单时间", "signed before it was issued"),
        });
      }
    }
  }
}

const DONE = new Set<string>(DONE_STATES);

function letterRules(input: RuleInput, out: Issue[]): void {
  const byNotice = new Map<string, string>();
  for (const l of input.of("letter") as Letter[]) {
    const push = (path: Path, rule: string, message: string, value?: unknown, hint?: string) =>
      out.push({ id: l.id, path, rule, message, value, hint });
    if (!holds(input, l.engineer, "engineer"))
      push(
        ["engineer"],
        "role",
        t(`${l.engineer} 不是服务人员`, `${l.engineer} is not an engineer`),
        l.engineer,
      );
    if (l.notice) {
      const other = byNotice.get(l.notice);
      if (other)
        push(
          ["notice"],
          "notice-once",
          t(
            `通知单 ${l.notice} 已派给责任书 ${other}`,
            `notice ${l.notice} is already assigned to letter ${other}`,
          ),
          l.notice,
        );
      byNotice.set(l.notice, l.id);
      const n = input.snap.byId.get(l.notice)?.record as Notice | undefined;
      if (n && n.kind === "notice") {
        if (!n.signature) {
          push(
            ["notice"],
            "notice-unsigned",
            t(`通知单 ${n.id} 未签字生效就已派工`, `notice ${n.id} was assigned before it was signed`),
            l.notice,
            t(
              "通知单须经总经理（或其不在时主管）签字",
              "a notice must be signed by the GM (or the supervisor when the GM is away)",
            ),
          );
        } else if (before(n.signature.at, l.assigned.at)) {
          push(
            ["assigned", "at"],
            "order",
            t("派工时间早于通知单签字时间", "assigned before the notice was signed"),
            l.assigned.at,
          );
        }
      }
    } else if (!l.unplanned) {
      push(
        ["notice"],
        "letter-source",
        t(
          "责任书须对应一张通知单，或为现场意外工作（unplanned）",
          "a letter needs a notice, or must be unplanned work",
        ),
      );
    }
    const missing = MANDATORY_TOOLS.filter((tool) => !l.preparation.tools.includes(tool));
    if (missing.length) {
      push(
        ["preparation", "tools"],
        "tools",
        t(`缺少必带工具：${missing.join("、")}`, `mandatory tools missing: ${missing.join(", ")}`),
        undefined,
        t(
          "U盘、螺丝刀、笔记本电脑任何服务都必须携带",
          "USB stick, screwdriver and laptop are required for every service",
        ),
      );
    }
    if (l.site && !l.site.matches && (!l.site.difference || !l.site.followUp)) {
      push(
        ["site"],
        "site-followup",
        t(
          "现场情况不一致时须记录差异及与下达人的跟进",
          "a site that differs needs the difference and the follow-up with the requester",
        ),
      );
    }
    // The state machine of src/domain/workflow.ts, the same table the commands obey: the status
    // against what the letter carries, who did each recorded step, and each step's premises.
    for (const p of letterProblems(l, input.people)) push(p.path, p.rule, p.message, p.value);
    if (DONE.has(l.status)) {
      const c = l.completion;
      if (c) {
        if (!c.unsigned && !c.signature && !c.confirmation)
          push(
            ["completion"],
            "signature",
            t(
              "完工须有客户签字，或标记为无签字（unsigned）",
              "completion needs the customer's signature or the unsigned flag",
            ),
          );
        if (c.unsigned && c.signature)
          push(
            ["completion", "unsigned"],
            "signature",
            t("标记为无签字，却有客户签字", "marked unsigned but carries a signature"),
          );
        if (!c.unsigned && !c.ratings)
          push(
            ["completion"],
            "ratings",
            t(
              "完工须有三项客户评价（态度、水平、结果）",
              "completion needs the three ratings (attitude, skill, result)",
            ),
          );
        // who marked a forgery: the step table (LETTER_STEPS.forged), in letterProblems above
      }
    }
    // D16: no step before the step it follows (the table the commands obey too).
    for (const p of stepOrderProblems(l)) push(p.path, "order", p.message, p.at);
  }
}

function otherRules(input: RuleInput, out: Issue[]): void {
  for (const i of input.of("incident")) {
    if (i.notification)
      roleRule(
        input,
        out,
        i.id,
        ["notification", "by"],
        i.notification.by,
        t("发事故通报", "issuing an incident notice"),
        "supervisor",
        "gm",
      );
    if (i.notification && !i.reflection)
      out.push({
        id: i.id,
        path: ["notification"],
        rule: "order",
        message: t("事故通报应在事故反思之后", "the incident notice follows the reflection"),
      });
  }
  for (const a of input.of("assessment")) {
    if (a.signature)
      roleRule(
        input,
        out,
        a.id,
        ["signature", "by"],
        a.signature.by,
        t("签署考核表", "signing the assessment"),
        "gm",
      );
  }
  for (const p of input.of("payroll")) {
    if (p.signature)
      roleRule(
        input,
        out,
        p.id,
        ["signature", "by"],
        p.signature.by,
        t("签署工资表", "signing the payroll"),
        "gm",
      );
  }
  for (const d of input.of("decision"))
    roleRule(input, out, d.id, ["decided", "by"], d.decided.by, t("总经理决定", "a GM decision"), "gm");
  for (const w of input.of("weekly")) {
    if (new Date(`${w.week}T12:00:00Z`).getUTCDay() !== 6)
      out.push({
        id: w.id,
        path: ["week"],
        rule: "week",
        value: w.week,
        message: t("week 应为该周的周六", "week must be the Saturday of the week"),
      });
    const expected = `W-${w.week.replaceAll("-", "")}-${w.engineer}`;
    if (w.id !== expected)
      out.push({
        id: w.id,
        path: ["id"],
        rule: "id",
        value: w.id,
        message: t(`周报编号应为 ${expected}`, `a weekly report's id must be ${expected}`),
      });
  }
  const emails = new Map<string, string>();
  for (const p of input.people.values()) {
    const e = p.email.toLowerCase();
    const other = emails.get(e);
    if (other)
      out.push({
        id: p.id,
        path: ["email"],
        rule: "email-unique",
        value: p.email,
        message: t(`邮箱与 ${other} 重复`, `email also used by ${other}`),
      });
    emails.set(e, p.id);
  }
}

/** A terminal control (src/core/terminal.ts), or U+FFFE/U+FFFF, which documents must leave out. */
const unsafe = (s: string) => hasControls(s) || /[\uFFFE\uFFFF]/.test(s);

/** Every string of a record holding a control character, with its path (one path stack, copied on a hit). */
function controlled(value: unknown, path: Path, hits: { path: Path; s: string }[]): void {
  if (typeof value === "string") {
    if (unsafe(value)) hits.push({ path: [...path], s: value });
  } else if (value && typeof value === "object") {
    const entries: [string | number, unknown][] = Array.isArray(value)
      ? value.map((v, i) => [i, v])
      : Object.entries(value);
    for (const [k, v] of entries) {
      if (v === null || typeof v === "number" || typeof v === "boolean") continue;
      path.push(k);
      controlled(v, path, hits);
      path.pop();
    }
  }
}

/**
 * Control characters in a record's text (issue 11): a terminal would act on them (title, screen clear,
 * bidi reordering), so svc prints them escaped and .docx output drops them; a warning names the field,
 * since no command writes them except from a flag that carried them.
 */
function controlCharacters(input: RuleInput, out: Issue[]): void {
  for (const { record } of input.snap.byId.values()) {
    const hits: { path: Path; s: string }[] = [];
    controlled(record, [], hits);
    for (const { path, s } of hits) {
      const first = [...s].find((ch) => unsafe(ch)) ?? "";
      const code = `U+${(first.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
      out.push({
        id: record.id,
        path,
        rule: "control-characters",
        severity: "warning",
        message: t(
          `${path.join(".")} 含控制字符 ${code}（终端上转义显示，文档中略去）`,
          `${path.join(".")} holds the control character ${code} (shown escaped on a terminal, left out of documents)`,
        ),
        hint: t("删去该字符（制表符和换行除外）", "remove it (tab and newline are fine)"),
      });
    }
  }
}

/**
 * Two records of a kind whose ids differ only in case (zhangsan / ZhangSan): on a case-insensitive
 * file system (macOS, Windows) their files are one file, so a clone there loses one of them (issue 11).
 */
function caseDuplicates(input: RuleInput, out: Issue[]): void {
  const seen = new Map<string, string>();
  for (const { kind, record } of input.snap.byId.values()) {
    const key = `${kind}/${record.id.toLowerCase()}`;
    const other = seen.get(key);
    if (other === undefined) {
      seen.set(key, record.id);
      continue;
    }
    for (const [id, twin] of [
      [record.id, other],
      [other, record.id],
    ])
      out.push({
        id,
        path: ["id"],
        rule: "id-case",
        value: id,
        message: t(
          `编号 ${id} 与 ${twin} 只差大小写：在不区分大小写的文件系统（macOS、Windows）上两者是同一个文件`,
          `the id ${id} differs from ${twin} only in case: on a case-insensitive file system (macOS, Windows) they are one file`,
        ),
        hint: t("改名其中一个（并更新引用它的记录）", "rename one of them (and the records naming it)"),
      });
  }
}

export const RULES: ((input: RuleInput, out: Issue[]) => void | Promise<void>)[] = [
  referencesResolve,
  noticeRules,
  letterRules,
  otherRules,
  controlCharacters,
  caseDuplicates,
  equipmentRules,
  examResultsOnce,
  incidentEngineer,
  tripDates,
  workBeforeHire,
  rdStamps,
  sheetSignedAfterDraft,
  assessmentTotals,
  payrollTotals,
  amendedRecordsValid,
  amendmentAuthors,
];

export async function checkRules(
  snap: Snapshot,
  config: Config,
  only?: (file: string) => boolean,
  /** The department's current month (YYYY-MM): warnings that look ahead (the bonus pools). */
  month?: string,
): Promise<Finding[]> {
  const byKind = new Map<Kind, AnyRecord[]>();
  for (const { kind, record } of snap.byId.values()) {
    const list = byKind.get(kind) ?? [];
    byKind.set(kind, list);
    list.push(record);
  }
  const people = new Map((byKind.get("person") ?? []).map((p) => [p.id, p as Person]));
  const input: RuleInput = { snap, config, people, of: (kind) => (byKind.get(kind) ?? []) as never };
  const issues: Issue[] = [];
  for (const rule of RULES) await rule(input, issues);
  const findings: Finding[] = [];
  for (const i of issues) {
    const entry = snap.byId.get(i.id);
    if (!entry) continue;
    if (only && !only(entry.file)) continue;
    const pos = await locate(entry.text, i.path);
    findings.push({
      file: entry.file,
      ...pos,
      rule: i.rule,
      severity: i.severity ?? "error",
      message: i.message,
      value: i.value,
      hint: i.hint,
    });
  }
  if (config.pay.travel.dailyRate == null) {
    findings.push({
      file: "svc.yaml",
      ...(await locate((await import("node:fs")).readFileSync(`${snap.root}/svc.yaml`, "utf8"), [
        "pay",
        "travel",
        "dailyRate",
      ])),
      rule: "config-rate",
      severity: "warning",
      message: t(
        "出差补助标准未设置（制度中留空），工资表无法计算出差补助",
        "the travel allowance rate is not set (the regulation leaves it blank); payroll cannot compute travel allowances",
      ),
      hint: t(
        "在 svc.yaml 的 pay.travel.dailyRate 填写元/天",
        "set pay.travel.dailyRate in svc.yaml (yuan per day)",
      ),
    });
  }
  if (month) findings.push(...(await bonusPoolFindings(snap, config, people, month)));
  // A year the records reach without statutory holiday data (chinese-days ends at its last published
  // year) must not decide deadlines silently: warn at the first record reaching it (src/domain/calendar.ts).
  const { recordCoverageWarnings } = await import("../domain/calendar.ts");
  for (const w of recordCoverageWarnings(config.calendar, snap.byId.keys())) {
    const entry = snap.byId.get(w.id);
    if (!entry || (only && !only(entry.file))) continue;
    findings.push({
      file: entry.file,
      ...(await locate(entry.text, ["id"])),
      rule: "calendar-coverage",
      severity: "warning",
      message: w.message,
    });
  }
  return findings;
}

/** D8 ahead of time (issue 13): from two months before a half-year bonus month, its missing pools. */
async function bonusPoolFindings(
  snap: Snapshot,
  config: Config,
  people: Map<string, Person>,
  month: string,
): Promise<Finding[]> {
  const { missingBonusPools } = await import("../domain/bonus-pools.ts");
  const missing = missingBonusPools(config, [...people.values()], month);
  if (!missing.length) return [];
  const text = (await import("node:fs")).readFileSync(`${snap.root}/svc.yaml`, "utf8");
  const pos = await locate(text, ["pay", "bonus", "pools"]);
  return missing.map((m) => {
    const what = [
      ...m.regions,
      ...(m.noRegion.length
        ? [t(`无区域的 ${m.noRegion.join("、")}`, `no region: ${m.noRegion.join(", ")}`)]
        : []),
    ];
    return {
      file: "svc.yaml",
      ...pos,
      rule: "config-bonus-pools",
      severity: "warning" as const,
      message: t(
        `半年奖金月 ${m.month} 需要 pay.bonus.pools 中这些区域的奖金基数：${what.join("、")}（否则 ${m.month} 的工资表无法生成）`,
        `half-year bonus month ${m.month} needs pay.bonus.pools for regions ${what.join(", ")} (else the payroll of ${m.month} fails)`,
      ),
      hint: t(
        `在 svc.yaml 写 pay: { bonus: { pools: { 区域: 元 } } }${m.noRegion.length ? "，并用 svc people edit --region 给服务人员设置区域" : ""}`,
        `set pay: { bonus: { pools: { REGION: yuan } } } in svc.yaml${m.noRegion.length ? ", and give the engineers a region with svc people edit --region" : ""}`,
      ),
    };
  });
}
