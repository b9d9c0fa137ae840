// The dashboard's HTML: every page of the site, its stylesheet (with a print stylesheet) and its small
// script (the search). Plain HTML; nothing loaded from outside the site's folder; relative links, so
// the site opens from file:// and from any static host. Every text goes through `h` — escaped and,
// unless --include-contacts, with phone numbers masked — so nothing personal slips through a field.
// Elements the browser tests look for carry stable data-testid / data-figure attributes.
import { t } from "../../core/i18n.ts";
import { isoLocal } from "../../core/time.ts";
import type { Sheet } from "../../domain/assessment.ts";
import type { DueItem, DueKind } from "../../domain/due.ts";
import type { CustomerFile } from "../../domain/equipment.ts";
import { effectiveEstimate, type MonthFigures, pct } from "../../domain/figures.ts";
import type { HistoryEvent } from "../../domain/views.ts";
import type { Customer, Equipment, Letter, Notice, Payroll, Person } from "../../schemas/index.ts";
import type { SubjectCommit } from "../../store/git.ts";
import type { ChartSvg } from "../charts.ts";

export interface Ctx {
  english: boolean;
  contacts: boolean;
  pay: boolean;
  department: string;
  company?: string;
  tz: string;
  month: string;
  asOf: string;
  person(id: string): string;
  customer(id: string): string;
  hasPerson(id: string): boolean;
  hasCustomer(id: string): boolean;
}

export interface AttachmentLink {
  name: string;
  href?: string;
  image?: boolean;
  missing?: boolean;
}

export type AssessmentState = "signed" | "draft" | "computed";

export interface TrendRow {
  month: string;
  completed: number;
  onTimeRate: number | null;
  documentsRate: number | null;
  weeklyRate: number | null;
  incidents: number;
  complaints: number;
}

// ------------------------------------------------------------------ text

const ESC: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/**
 * Phone numbers as people write them: a mobile (1[3-9] and nine digits, +86 allowed), a landline with
 * its area code, a 400/800 number — digits possibly separated by spaces or dashes.
 */
const PHONE =
  /(?<![\dA-Za-z])(?:\+?86[ -]?)?(?:1[3-9]\d(?:[ -]?\d){8}|0\d{2,3}[ -]?\d{3,4}[ -]?\d{4}|[48]00[ -]?\d{3}[ -]?\d{4})(?![\dA-Za-z])/g;

/** A phone number masked: its first three and last two digits kept (138******78). */
export function maskPhones(s: string): string {
  return s.replace(PHONE, (m) => {
    const digits = m.replace(/\D/g, "");
    return `${digits.slice(0, 3)}${"*".repeat(Math.max(4, digits.length - 5))}${digits.slice(-2)}`;
  });
}

function makeH(c: Ctx) {
  return (v: unknown): string => {
    const s = v === undefined || v === null ? "" : String(v);
    return (c.contacts ? s : maskPhones(s)).replace(/[&<>"']/g, (ch) => ESC[ch]);
  };
}

const shown = new Map<string, string>();
/** YYYY-MM-DD HH:mm in the department's zone (isoLocal: arithmetic for fixed-offset zones), memoised. */
function when(c: Ctx, iso: string | null | undefined): string {
  if (!iso) return "—";
  const key = `${c.tz}|${iso}`;
  let s = shown.get(key);
  if (s === undefined) {
    s = isoLocal(iso, c.tz).slice(0, 16).replace("T", " ");
    if (shown.size > 200_000) shown.clear();
    shown.set(key, s);
  }
  return s;
}
const day = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : "—");

// ------------------------------------------------------------------ the frame

interface Frame {
  title: string;
  /** "" for pages at the top, "../" for pages in a folder. */
  root: string;
  body: string;
  kind: string;
}

function page(c: Ctx, f: Frame): string {
  const h = makeH(c);
  const lang = c.english ? "en" : "zh-CN";
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(f.title)} · ${h(c.department)}</title>
<link rel="icon" href="${f.root}assets/icon.svg" type="image/svg+xml">
<link rel="stylesheet" href="${f.root}assets/site.css">
</head>
<body data-root="${f.root}" data-page="${f.kind}">
<header class="top">
<a class="home" href="${f.root}index.html" data-testid="home">${h(c.department)}</a>
<nav><a href="${f.root}due.html">${t("待办", "Due")}</a> <a href="${f.root}people.html">${t("人员", "People")}</a> <a href="${f.root}customers.html">${t("客户", "Customers")}</a></nav>
<div class="search" role="search"><input id="search" data-testid="search" type="search" autocomplete="off" placeholder="${h(t("搜索编号、客户、人员、内容", "Search ids, customers, people, contents"))}" aria-label="${h(t("搜索", "Search"))}"><ol id="search-results" data-testid="search-results" hidden></ol></div>
</header>
<main>
${f.body}
</main>
<footer>${h(c.department)}${c.company ? ` · ${h(c.company)}` : ""} · svc dashboard</footer>
<script src="${f.root}assets/app.js"></script>
</body>
</html>
`;
}

const link = (root: string, folder: string, id: string, text: string, testid?: string) =>
  `<a href="${root}${folder}/${encodeURIComponent(id)}.html"${testid ? ` data-testid="${testid}"` : ""}>${text}</a>`;

function personLink(c: Ctx, root: string, id: string | undefined): string {
  const h = makeH(c);
  if (!id) return "—";
  return c.hasPerson(id) ? link(root, "engineers", id, h(c.person(id)), "person-link") : h(id);
}

function customerLink(c: Ctx, root: string, id: string | undefined): string {
  const h = makeH(c);
  if (!id) return "—";
  return c.hasCustomer(id) ? link(root, "customers", id, h(c.customer(id)), "customer-link") : h(id);
}

function recordLink(c: Ctx, root: string, id: string | undefined): string {
  const h = makeH(c);
  if (!id) return "—";
  if (/^L-/.test(id)) return link(root, "letters", id, h(id));
  if (/^N-/.test(id)) return link(root, "notices", id, h(id));
  if (/^EQ-/.test(id)) return link(root, "equipment", id, h(id));
  return h(id);
}

function table(head: string[], rows: string[][], testid?: string): string {
  if (!rows.length) return `<p class="none">${t("（无）", "(none)")}</p>`;
  // data-label: on a phone each row is a block of "label value" lines (site.css)
  const labels = head.map((x) =>
    x ? ` data-label="${x.replace(/<[^>]*>/g, "").replace(/"/g, "&quot;")}"` : "",
  );
  return `<div class="scroll"><table${testid ? ` data-testid="${testid}"` : ""}><thead><tr>${head.map((x) => `<th>${x}</th>`).join("")}</tr></thead><tbody>
${rows.map((r) => `<tr>${r.map((x, i) => `<td${labels[i] ?? ""}${short(x) ? ' class="nw"' : ""}>${x}</td>`).join("")}</tr>`).join("\n")}
</tbody></table></div>`;
}

/** A cell short enough to keep on one line (a date, an id, a state). */
const short = (cell: string) => cell.replace(/<[^>]*>/g, "").length <= 19;

function dl(pairs: [string, string][]): string {
  return `<dl class="fields">${pairs.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join("")}</dl>`;
}

// ------------------------------------------------------------------ the department page

/** A figure of `svc monthly --json`'s `figures`, by its path there; the exact JSON value in `value`. */
function figure(name: string, value: number | string | null | boolean, shown?: string): string {
  const v = value === null ? "null" : String(value);
  const text = shown ?? (value === null ? "—" : String(value));
  return `<data data-figure="${name}" value="${v.replace(/"/g, "&quot;")}">${text.replace(/[&<>]/g, (ch) => ESC[ch])}</data>`;
}

function card(title: string, main: string, rest: string[] = []): string {
  return `<section class="card"><h3>${title}</h3><p class="big">${main}</p>${rest.length ? `<p class="small">${rest.join(" · ")}</p>` : ""}</section>`;
}

const DUE_KINDS: Record<DueKind, [string, string]> = {
  "sign-notice": ["签署通知单", "sign notices"],
  assign: ["派工", "assign"],
  site: ["现场情况确认", "site confirmation"],
  solution: ["解决方案", "solutions"],
  approve: ["批准出差", "approve trips"],
  extension: ["审批延期", "extensions"],
  change: ["客户更改要求", "change requests"],
  "overdue-service": ["超期未完工", "past the estimate"],
  checkin: ["出差状态汇报", "check-ins"],
  return: ["返回确认", "returns"],
  confirm: ["主管确认", "confirm letters"],
  countersign: ["补签", "countersign"],
  weekly: ["周报", "weekly reports"],
  "department-weekly": ["技术服务周报", "department weekly"],
  reflection: ["事故反思", "reflections"],
  "incident-notice": ["事故通报", "incident notices"],
  assessment: ["月度考核表", "assessment"],
  "assessment-sign": ["签署考核表", "sign the assessment"],
  "monthly-report": ["月度报表", "monthly report"],
  sla: ["服务时限", "response times"],
  survey: ["客服回访", "surveys"],
  "forged-mark": ["签字伪造认定", "forged signatures"],
  "complaint-reply": ["投诉答复", "complaint replies"],
  "repeat-fault": ["重复故障", "repeat faults"],
  "rd-order": ["研发工作单", "R&D orders"],
};

/** The due items counted by kind and by person (most overdue first): the morning's overview. */
function dueSummary(c: Ctx, root: string, due: { item: DueItem }[]): string {
  const h = makeH(c);
  const tally = (keyOf: (i: DueItem) => string[]) => {
    const m = new Map<string, { n: number; late: number }>();
    for (const { item } of due)
      for (const k of keyOf(item)) {
        const x = m.get(k) ?? { n: 0, late: 0 };
        x.n++;
        if (item.overdue) x.late++;
        m.set(k, x);
      }
    return [...m].sort((a, b) => b[1].late - a[1].late || b[1].n - a[1].n || (a[0] < b[0] ? -1 : 1));
  };
  const kinds = tally((i) => [i.kind]);
  const people = tally((i) => i.who).slice(0, 12);
  const cell = (x: { n: number; late: number }) =>
    `${x.n}${x.late ? ` <span class="bad">${h(t(`逾期 ${x.late}`, `${x.late} overdue`))}</span>` : ""}`;
  return `<div class="twocol"><div>${table(
    [t("事项", "what"), t("项数", "items")],
    kinds.map(([k, x]) => [h(t(...(DUE_KINDS[k as DueKind] ?? [k, k]))), cell(x)]),
    "due-by-kind",
  )}</div><div>${table(
    [t("负责人", "who"), t("项数", "items")],
    people.map(([p, x]) => [personLink(c, root, p), cell(x)]),
    "due-by-person",
  )}</div></div>`;
}

/** The department page shows at most this many due items (all of them on due.html). */
export const DUE_SHOWN = 50;

export function departmentPage(
  c: Ctx,
  d: {
    figures: MonthFigures;
    charts: ChartSvg[];
    trend: TrendRow[];
    trendSvg: string | null;
    due: { item: DueItem; text: string }[];
    engineers: string[];
    omitted: string[];
    payrolls: string[];
  },
): string {
  const h = makeH(c);
  const f = d.figures;
  const root = "";
  const overdue = d.due.filter((x) => x.item.overdue).length;
  const s = f.sla;
  const cards = [
    card(t("服务及时率", "On-time service"), figure("onTime.rate", f.onTime.rate, pct(f.onTime.rate)), [
      `${t("完工", "completed")} ${figure("onTime.completed", f.onTime.completed)}`,
      `${t("按时", "on time")} ${figure("onTime.onTime", f.onTime.onTime)}`,
      `${t("超期", "overdue")} ${figure("onTime.overdue", f.onTime.overdue)}`,
    ]),
    card(
      t("客户评价", "Customer evaluation"),
      `${t("优", "Excellent")} ${figure("evaluation.total.优", f.evaluation.total.优)}`,
      [
        `${t("良", "Good")} ${figure("evaluation.total.良", f.evaluation.total.良)}`,
        `${t("中", "Fair")} ${figure("evaluation.total.中", f.evaluation.total.中)}`,
        `${t("差", "Poor")} ${figure("evaluation.total.差", f.evaluation.total.差)}`,
        `${t("无签字", "unsigned")} ${figure("evaluation.unsigned", f.evaluation.unsigned)}`,
        `${t("有评价", "rated")} ${figure("evaluation.rated", f.evaluation.rated)}`,
      ],
    ),
    card(
      t("文档完整性", "Complete documents"),
      figure("documents.letters.rate", f.documents.letters.rate, pct(f.documents.letters.rate)),
      [
        `${t("完整", "complete")} ${figure("documents.letters.complete", f.documents.letters.complete)} / ${figure("documents.letters.total", f.documents.letters.total)}`,
        `${t("周报按时率", "weekly on time")} ${figure("documents.weekly.rate", f.documents.weekly.rate, pct(f.documents.weekly.rate))}`,
        `${t("迟交", "late")} ${figure("documents.weekly.late", f.documents.weekly.late)}`,
        `${t("未交", "missing")} ${figure("documents.weekly.missing", f.documents.weekly.missing)}`,
      ],
    ),
    card(
      t("事故", "Incidents"),
      `${figure("incidents.classI", f.incidents.classI)} / ${figure("incidents.classII", f.incidents.classII)}`,
      [t("I 类 / II 类", "class I / class II")],
    ),
    card(
      t("服务时限", "Response times"),
      figure("sla.total.response.rate", s.total.response.rate, pct(s.total.response.rate)),
      [
        `${t("首次响应", "response")} ${figure("sla.total.response.met", s.total.response.met)}/${s.total.response.met + s.total.response.breached}`,
        `${t("到场", "arrival")} ${figure("sla.total.arrival.rate", s.total.arrival.rate, pct(s.total.arrival.rate))}`,
        `${t("解决", "resolution")} ${figure("sla.total.resolution.rate", s.total.resolution.rate, pct(s.total.resolution.rate))}`,
        `${t("一次修复率", "first-time fix")} ${figure("sla.firstTimeFix.rate", s.firstTimeFix.rate, pct(s.firstTimeFix.rate))}`,
        `${t("响应中位数", "median response")} ${figure("sla.medianResponseMs", s.medianResponseMs, s.medianResponseMs === null ? "—" : hours(s.medianResponseMs))}`,
      ],
    ),
    card(t("客服回访", "Surveys"), figure("survey.coverage", f.survey.coverage, pct(f.survey.coverage)), [
      `${t("已回访", "surveyed")} ${figure("survey.surveyed", f.survey.surveyed)}`,
      `${t("不一致", "disagree")} ${figure("survey.disagree", f.survey.disagree)}`,
      `${t("平均", "average")} ${figure("survey.averages.all", f.survey.averages.all)}`,
    ]),
    card(t("客户投诉", "Customer complaints"), figure("complaints.count", f.complaints.count), [
      `${t("投诉率", "rate")} ${figure("complaints.rate", f.complaints.rate, pct(f.complaints.rate))}`,
      `${t("按时答复", "replied on time")} ${figure("complaints.repliedOnTime", f.complaints.repliedOnTime)}/${figure("complaints.replied", f.complaints.replied)}`,
    ]),
  ];
  const dueRows = d.due.slice(0, DUE_SHOWN).map(({ item, text }) => dueRow(c, root, item, text));
  const trendRows = d.trend.map((r) => [
    h(r.month),
    String(r.completed),
    pct(r.onTimeRate),
    pct(r.documentsRate),
    pct(r.weeklyRate),
    String(r.incidents),
    String(r.complaints),
  ]);
  const body = `<h1>${h(c.department)} <small>${h(t(`${c.month} 月`, c.month))}</small></h1>
<p class="asof" data-testid="as-of">${h(t(`截至 ${when(c, c.asOf)}`, `as of ${when(c, c.asOf)}`))}${f.recordsBegin ? h(t(`；记录自 ${f.recordsBegin} 起`, `; the records begin ${f.recordsBegin}`)) : ""}</p>
<section id="figures" data-testid="figures">
<h2>${h(t(`${c.month} 月度统计`, `The month ${c.month}`))}</h2>
<div class="cards">${cards.join("\n")}</div>
</section>
<section id="due" data-testid="due">
<h2>${t("待办与逾期", "Due and overdue")} <small data-testid="due-count">${h(t(`${d.due.length} 项，逾期 ${overdue} 项`, `${d.due.length} items, ${overdue} overdue`))}</small></h2>
${d.due.length ? dueSummary(c, root, d.due) : ""}
${table([t("状态", "state"), t("期限", "deadline"), t("负责人", "who"), t("记录", "record"), t("事项", "what")], dueRows, "due-table")}
${d.due.length > DUE_SHOWN ? `<p><a href="due.html">${h(t(`全部 ${d.due.length} 项`, `all ${d.due.length} items`))}</a></p>` : ""}
</section>
<section id="charts" data-testid="charts">
<h2>${t("图表", "Charts")}</h2>
<div class="charts">${d.charts.map((ch) => `<figure class="chart" data-testid="chart">${ch.svg}<figcaption>${h(ch.title)}</figcaption></figure>`).join("\n")}</div>
</section>
<section id="trend" data-testid="trend">
<h2>${t("近 12 个月", "The last 12 months")}</h2>
${d.trendSvg ? `<figure class="chart" data-testid="trend-chart">${d.trendSvg}</figure>` : ""}
${table([t("月份", "month"), t("完工", "completed"), t("及时率", "on time"), t("文档完整", "documents"), t("周报按时", "weekly"), t("事故", "incidents"), t("投诉", "complaints")], trendRows, "trend-table")}
</section>
<section id="engineers" data-testid="engineers">
<h2>${t("服务人员", "Engineers")}</h2>
${table(
  [
    t("服务人员", "engineer"),
    t("完工", "completed"),
    t("按时", "on time"),
    t("超期", "overdue"),
    t("周报迟交/未交", "weekly late/missing"),
    t("待办", "due"),
    t("逾期", "overdue items"),
  ],
  d.engineers.map((id) => {
    const done = f.onTime.perEngineer.find((e) => e.engineer === id);
    const wk = f.documents.weekly.perEngineer.find((e) => e.engineer === id);
    const mine = d.due.filter((x) => x.item.who.includes(id));
    const late = mine.filter((x) => x.item.overdue).length;
    return [
      link(root, "engineers", id, h(c.person(id)), "engineer-link"),
      String(done?.completed ?? 0),
      String(done?.onTime ?? 0),
      done?.overdue ? `<span class="bad">${done.overdue}</span>` : "0",
      wk ? `${wk.late}/${wk.missing}` : "—",
      String(mine.length),
      late ? `<span class="bad">${late}</span>` : "0",
    ];
  }),
  "engineers-table",
)}
</section>
${d.payrolls.length ? `<section id="pay"><h2>${t("工资表", "Payroll")}</h2><ul>${d.payrolls.map((id) => `<li>${link(root, "pay", id, h(id))}</li>`).join("")}</ul></section>` : ""}
<section id="omitted" data-testid="omitted"><h2>${t("本网站未收录", "Left out of this site")}</h2><ul>${d.omitted.map((x) => `<li>${h(x)}</li>`).join("")}</ul></section>`;
  return page(c, { title: t("部门概况", "The department"), root, body, kind: "department" });
}

function hours(ms: number): string {
  const hrs = ms / 3_600_000;
  return t(`${hrs.toFixed(1)} 小时`, `${hrs.toFixed(1)} h`);
}

function dueRow(c: Ctx, root: string, item: DueItem, text: string): string[] {
  const h = makeH(c);
  return [
    item.overdue
      ? `<span class="bad" data-overdue="true">${t("逾期", "overdue")}</span>`
      : `<span>${t("待办", "due")}</span>`,
    item.deadline ? h(when(c, item.deadline)) : "",
    item.who.map((w) => personLink(c, root, w)).join("，") || h(t("（无人）", "(nobody)")),
    recordLink(c, root, item.ref),
    h(text),
  ];
}

export function duePage(c: Ctx, due: { item: DueItem; text: string }[]): string {
  const rows = due.map(({ item, text }) => dueRow(c, "", item, text));
  const body = `<h1>${t("待办与逾期", "Due and overdue")}</h1>
${table([t("状态", "state"), t("期限", "deadline"), t("负责人", "who"), t("记录", "record"), t("事项", "what")], rows, "due-table")}`;
  return page(c, { title: t("待办", "Due"), root: "", body, kind: "due" });
}

export function customersPage(c: Ctx, customers: readonly Customer[]): string {
  const h = makeH(c);
  const rows = [...customers]
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map((x) => [link("", "customers", x.id, h(x.name), "customer-link"), h(x.id), h(x.region ?? "")]);
  const body = `<h1>${t("客户", "Customers")}</h1>${table([t("客户", "customer"), t("编号", "id"), t("区域", "region")], rows, "customers")}`;
  return page(c, { title: t("客户", "Customers"), root: "", body, kind: "customers" });
}

export function peoplePage(c: Ctx, people: readonly Person[]): string {
  const h = makeH(c);
  const rows = [...people]
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map((p) => [
      link("", "engineers", p.id, h(p.name), "person-link"),
      h(p.id),
      h(p.roles.join(", ")),
      h(p.region ?? ""),
      p.active === false ? t("离职", "left") : "",
    ]);
  const body = `<h1>${t("人员", "People")}</h1>${table([t("姓名", "name"), t("编号", "id"), t("角色", "roles"), t("区域", "region"), ""], rows, "people")}`;
  return page(c, { title: t("人员", "People"), root: "", body, kind: "people" });
}

// ------------------------------------------------------------------ engineers

export function engineerPage(
  c: Ctx,
  d: {
    person: Person;
    open: { letter: Letter; customer?: string }[];
    completed?: MonthFigures["onTime"]["perEngineer"][number];
    sheet?: Sheet;
    assessmentState: AssessmentState;
    weekly: MonthFigures["documents"]["weekly"]["rows"];
    trips: { letter: string; destination: string; departed: string; returned: string | null; days: number }[];
    /** What the person must do now (the `svc due --engineer` items). */
    due: { item: DueItem; text: string }[];
  },
): string {
  const h = makeH(c);
  const root = "../";
  const p = d.person;
  const stateText = {
    signed: t("总经理已签字", "signed by the GM"),
    draft: t("草稿（总经理未签字）", "draft (not signed by the GM)"),
    computed: t("按目前记录计算（尚未编制）", "as the records stand (not drawn up yet)"),
  }[d.assessmentState];
  const lines = d.sheet?.lines ?? [];
  const head = [t("规则", "rule"), t("说明", "what"), t("日期", "date"), t("依据", "records")];
  if (c.pay) head.push(t("金额（元）", "amount (yuan)"));
  const lineRows = lines.map((l) => {
    const row = [h(l.rule), h(l.text), h(l.date ?? ""), l.refs.map((r) => recordLink(c, root, r)).join(" ")];
    if (c.pay) row.push(h(l.amount));
    return row;
  });
  const body = `<h1 data-testid="person-name">${h(p.name)} <small>${h(p.id)}</small></h1>
${dl([
  [t("角色", "roles"), h(p.roles.join(", "))],
  [t("区域", "region"), h(p.region ?? "—")],
  [t("电话", "phone"), h(p.phone ?? "—")],
  [t("入职", "hired"), h(p.hired ?? "—")],
  [t("产品专家", "expert in"), h((p.experts ?? []).join(", ") || "—")],
  ...(d.completed
    ? ([
        [
          t(`${c.month} 完工`, `completed in ${c.month}`),
          h(
            t(
              `${d.completed.completed} 份，按时 ${d.completed.onTime}，超期 ${d.completed.overdue}`,
              `${d.completed.completed}, ${d.completed.onTime} on time, ${d.completed.overdue} overdue`,
            ),
          ),
        ],
      ] as [string, string][])
    : []),
])}
<section data-testid="person-due"><h2>${t("待办", "Due")} <small>${h(t(`${d.due.length} 项，逾期 ${d.due.filter((x) => x.item.overdue).length} 项`, `${d.due.length} items, ${d.due.filter((x) => x.item.overdue).length} overdue`))}</small></h2>
${table(
  [t("状态", "state"), t("期限", "deadline"), t("记录", "record"), t("事项", "what")],
  d.due.map(({ item, text }) => dueRow(c, root, item, text).filter((_, i) => i !== 2)),
  "person-due-table",
)}</section>
<section data-testid="open-letters"><h2>${t("未完工的责任书", "Open letters")} <small>${d.open.length}</small></h2>
${table(
  [
    t("责任书", "letter"),
    t("状态", "state"),
    t("客户", "customer"),
    t("预计完成", "estimate"),
    t("派工", "assigned"),
  ],
  d.open.map(({ letter: l, customer }) => [
    link(root, "letters", l.id, h(l.id), "letter-link"),
    h(l.status),
    customerLink(c, root, customer),
    h(when(c, effectiveEstimate(l))),
    h(when(c, l.assigned.at)),
  ]),
  "open-letters-table",
)}</section>
<section data-testid="assessment"><h2>${h(t(`${c.month} 考核`, `Assessment ${c.month}`))} <small data-testid="assessment-state">${h(stateText)}</small></h2>
${table(head, lineRows, "assessment-lines")}
${d.sheet?.flags.length ? `<p>${t("报总经理决定：", "for the GM to decide: ")}${d.sheet.flags.map((f) => h(`${f.decision} ${f.text}`)).join("；")}</p>` : ""}
${c.pay ? "" : `<p class="small">${t("金额未收录（--include-pay）", "amounts left out (--include-pay)")}</p>`}</section>
<section data-testid="weekly"><h2>${h(t(`${c.month} 周报`, `Weekly reports ${c.month}`))}</h2>
${table(
  [t("周六", "Saturday"), t("提交", "submitted"), t("期限", "deadline"), t("情况", "state")],
  d.weekly.map((w) => [
    h(w.saturday),
    h(when(c, w.submitted)),
    h(when(c, w.deadline)),
    w.missing
      ? `<span class="bad" data-weekly="missing">${t("未交", "missing")}</span>`
      : w.late
        ? `<span class="warn" data-weekly="late">${t("迟交", "late")}</span>`
        : `<span class="ok" data-weekly="on-time">${t("按时", "on time")}</span>`,
  ]),
  "weekly-table",
)}</section>
<section data-testid="trips"><h2>${h(t(`${c.month} 出差`, `Trips ${c.month}`))}</h2>
${table(
  [
    t("责任书", "letter"),
    t("目的地", "destination"),
    t("出发", "departed"),
    t("返回", "returned"),
    t("计划天数", "days"),
  ],
  d.trips.map((x) => [
    link(root, "letters", x.letter, h(x.letter)),
    h(x.destination),
    h(x.departed),
    h(x.returned ?? "—"),
    h(x.days),
  ]),
  "trips-table",
)}</section>`;
  return page(c, { title: p.name, root, body, kind: "engineer" });
}

// ------------------------------------------------------------------ letters and notices: the timeline

/** A step of the record's history (views.recordHistory) with the commit that wrote it. */
export interface TimelineRow extends HistoryEvent {
  commit?: SubjectCommit;
}

/**
 * The record's steps (oldest first) with the commit that wrote each — the commit of the record's whose
 * author time is the step's (svc stamps a step with the time it commits) — and the record's other
 * commits (hand edits, back-dated entries) as rows of their own.
 */
export function timeline(events: HistoryEvent[], commits: readonly SubjectCommit[]): TimelineRow[] {
  const ms = (iso: string) => new Date(iso).getTime();
  const times = commits.map((c) => ms(c.date));
  const used = new Set<string>();
  const rows: (TimelineRow & { ms: number })[] = events.map((e) => {
    const at = ms(e.at);
    const i = e.backdated ? -1 : times.findIndex((x) => Math.abs(x - at) <= 2000);
    const c = i < 0 ? undefined : commits[i];
    if (c) used.add(c.sha);
    return { ...e, ms: at, ...(c ? { commit: c } : {}) };
  });
  commits.forEach((c, i) => {
    if (!used.has(c.sha)) rows.push({ at: c.date, ms: times[i], what: "", commit: c });
  });
  rows.sort((a, b) => a.ms - b.ms || (a.what ? 0 : 1) - (b.what ? 0 : 1));
  return rows.map(({ ms: _, ...r }) => r);
}

function timelineHtml(c: Ctx, root: string, rows: TimelineRow[]): string {
  const h = makeH(c);
  if (!rows.length) return `<p class="none">${t("（无）", "(none)")}</p>`;
  return `<ol class="timeline" data-testid="timeline">
${rows
  .map((r) => {
    const commit = r.commit
      ? `<span class="commit" data-testid="commit" title="${h(`${r.commit.name} <${r.commit.email}>`)}"><code>${h(r.commit.sha.slice(0, 10))}</code> ${h(r.commit.subject)}</span>`
      : "";
    const what = r.what
      ? `<span class="what">${h(r.what)}</span>${r.detail ? ` <span class="detail">${h(r.detail)}</span>` : ""}${r.backdated ? ` <span class="warn">${t("补录", "back-dated")}</span>` : ""}`
      : `<span class="what">${t("提交", "commit")}</span>`;
    const who = r.by ? personLink(c, root, r.by) : r.commit ? h(r.commit.name) : "";
    return `<li data-testid="step" data-at="${h(r.at)}"><time datetime="${h(r.at)}">${h(when(c, r.at))}</time> <span class="who">${who}${r.as ? ` (${t("录入", "entered by")} ${personLink(c, root, r.as)})` : ""}</span> ${what} ${commit}</li>`;
  })
  .join("\n")}
</ol>`;
}

function attachmentsHtml(c: Ctx, root: string, list: AttachmentLink[]): string {
  const h = makeH(c);
  if (!list.length) return "";
  return `<section data-testid="attachments"><h2>${t("附件", "Attachments")}</h2><ul class="attachments">${list
    .map((a) =>
      a.href
        ? a.image
          ? `<li><figure><a href="${root}${a.href}"><img src="${root}${a.href}" alt="${h(a.name)}" loading="lazy"></a><figcaption>${h(a.name)}</figcaption></figure></li>`
          : `<li><a href="${root}${a.href}" data-testid="attachment-link">${h(a.name)}</a></li>`
        : `<li>${h(a.name)} <span class="warn">${t("（缺失）", "(missing)")}</span></li>`,
    )
    .join("")}</ul></section>`;
}

const GRADE_EN: Record<string, string> = { 优: "Excellent", 良: "Good", 中: "Fair", 差: "Poor" };
const grade = (g: string | undefined) => (g ? t(g, GRADE_EN[g] ?? g) : "—");

export function letterPage(
  c: Ctx,
  d: {
    letter: Letter;
    customer?: string;
    timeline: TimelineRow[];
    attachments: AttachmentLink[];
    rd: { id: string; state: string }[];
  },
): string {
  const h = makeH(c);
  const root = "../";
  const l = d.letter;
  const done = l.completion;
  const r = done?.ratings;
  const sig = done?.signature;
  const body = `<h1>${t("项目责任书", "Responsibility letter")} <span data-testid="record-id">${h(l.id)}</span> <small data-testid="status">${h(l.cancelled ? t("已作废", "cancelled") : l.status)}</small></h1>
${dl([
  [t("服务人员", "engineer"), personLink(c, root, l.engineer)],
  [t("客户", "customer"), customerLink(c, root, d.customer)],
  [
    t("服务通知单", "notice"),
    l.notice ? recordLink(c, root, l.notice) : h(t("现场意外工作", "unplanned work")),
  ],
  [t("派工", "assigned"), h(when(c, l.assigned.at))],
  [t("预计完成", "estimate"), h(when(c, l.estimate))],
  [
    t("有效预计完成（含批准延期）", "effective estimate (approved extensions)"),
    h(when(c, effectiveEstimate(l))),
  ],
  ...(l.appointment ? ([[t("预约", "appointment"), h(when(c, l.appointment))]] as [string, string][]) : []),
  ...(l.travel
    ? ([
        [
          t("出差", "trip"),
          h(
            `${l.travel.destination} · ${l.travel.days} ${t("天", "days")} · ${l.travel.departed ?? "—"} → ${l.travel.returned ?? "—"}`,
          ),
        ],
      ] as [string, string][])
    : []),
  ...(l.preparation.solution
    ? ([[t("解决方案", "solution"), h(l.preparation.solution)]] as [string, string][])
    : []),
  ...(d.rd.length
    ? ([[t("研发工作单", "R&D orders"), h(d.rd.map((x) => `${x.id} ${x.state}`).join("，"))]] as [
        string,
        string,
      ][])
    : []),
])}
<section data-testid="ratings"><h2>${t("完工与客户评价", "Completion and rating")}</h2>
${
  done
    ? dl([
        [t("完工时间", "completed"), h(when(c, done.at))],
        [t("态度", "attitude"), `<span data-testid="rating-attitude">${h(grade(r?.attitude))}</span>`],
        [t("水平", "skill"), `<span data-testid="rating-skill">${h(grade(r?.skill))}</span>`],
        [t("结果", "result"), `<span data-testid="rating-result">${h(grade(r?.result))}</span>`],
        [
          t("客户签字", "customer's signature"),
          `<span data-testid="signature">${
            done.unsigned ? h(t("无客户签字", "unsigned")) : sig ? h(sig.signedBy) : "—"
          }${done.forged ? ` <span class="bad">${t("已认定伪造", "marked forged")}</span>` : ""}</span>`,
        ],
      ])
    : `<p class="none">${t("尚未完工", "not completed yet")}</p>`
}</section>
<section><h2>${t("经过", "Timeline")}</h2>
${timelineHtml(c, root, d.timeline)}</section>
${attachmentsHtml(c, root, d.attachments)}`;
  return page(c, { title: l.id, root, body, kind: "letter" });
}

export function noticePage(
  c: Ctx,
  d: {
    notice: Notice;
    letters: { id: string; status: string; engineer: string }[];
    timeline: TimelineRow[];
    attachments: AttachmentLink[];
  },
): string {
  const h = makeH(c);
  const root = "../";
  const n = d.notice;
  const state = n.cancelled
    ? t("已作废", "cancelled")
    : n.signature
      ? t("已签字", "signed")
      : t("待签字", "to sign");
  const body = `<h1>${t("服务通知单", "Service notice")} <span data-testid="record-id">${h(n.id)}</span> <small data-testid="status">${h(state)}</small></h1>
${dl([
  [t("客户", "customer"), customerLink(c, root, n.customer)],
  [t("联系人", "contact"), h(`${n.contact.name} ${n.contact.phone}`)],
  [t("服务类型", "type"), h(n.type)],
  [t("紧急程度", "priority"), h(n.priority)],
  [t("受理渠道", "channel"), h(n.channel)],
  [t("服务要求或内容", "content"), h(n.content)],
  ...(n.fault ? ([[t("故障表述", "fault"), h(n.fault)]] as [string, string][]) : []),
  ...(n.equipmentId
    ? ([[t("设备", "equipment"), recordLink(c, root, n.equipmentId)]] as [string, string][])
    : n.equipment
      ? ([[t("设备", "equipment"), h(n.equipment)]] as [string, string][])
      : []),
  [t("下达人", "issued by"), personLink(c, root, n.issued.by)],
  [t("出单", "issued"), h(when(c, n.issued.at))],
  [
    t("签字", "signature"),
    n.signature
      ? `${personLink(c, root, n.signature.by)} ${h(when(c, n.signature.at))}${n.signature.gmAbsent ? h(t("（总经理不在，主管代签）", " (GM absent, the supervisor signed)")) : ""}`
      : "—",
  ],
  [
    t("责任书", "letters"),
    d.letters
      .map(
        (l) =>
          `${link(root, "letters", l.id, h(l.id), "letter-link")} ${h(l.status)} ${personLink(c, root, l.engineer)}`,
      )
      .join("<br>") || "—",
  ],
])}
<section><h2>${t("经过", "Timeline")}</h2>
${timelineHtml(c, root, d.timeline)}</section>
${attachmentsHtml(c, root, d.attachments)}`;
  return page(c, { title: n.id, root, body, kind: "notice" });
}

// ------------------------------------------------------------------ customers and equipment

function fileHtml(c: Ctx, root: string, f: CustomerFile): string {
  const h = makeH(c);
  const eq = table(
    [
      t("设备", "equipment"),
      t("产品/型号", "product/model"),
      t("序列号", "serial"),
      t("三包", "warranty"),
      t("上次服务", "last service"),
      t("服务次数", "services"),
    ],
    f.equipment.map((e) => [
      recordLink(c, root, e.equipment.id),
      h([e.equipment.product, e.equipment.model].filter(Boolean).join(" ")),
      h(e.equipment.serial ?? ""),
      h(
        {
          in: t("三包期内", "in warranty"),
          out: t("已过三包", "out of warranty"),
          unknown: t("不详", "unknown"),
        }[e.warranty],
      ),
      h(day(e.lastService)),
      h(e.services),
    ]),
    "equipment-table",
  );
  const services = table(
    [
      t("出单", "issued"),
      t("通知单", "notice"),
      t("责任书", "letter"),
      t("类型", "type"),
      t("内容", "content"),
      t("状态", "state"),
      t("服务人员", "engineer"),
      t("完工", "completed"),
      t("评价", "rating"),
    ],
    f.services.map((s) => [
      h(day(s.issued)),
      recordLink(c, root, s.notice),
      recordLink(c, root, s.letter),
      h(s.type ?? ""),
      h(s.content ?? ""),
      h(s.state) + (s.repeat ? ` <span class="warn">${t("重复故障", "repeat fault")}</span>` : ""),
      personLink(c, root, s.engineer),
      h(day(s.completed)),
      s.unsigned
        ? h(t("无签字", "unsigned"))
        : s.ratings
          ? h(`${grade(s.ratings.attitude)}/${grade(s.ratings.skill)}/${grade(s.ratings.result)}`)
          : "—",
    ]),
    "services-table",
  );
  return `<p data-testid="last-service">${h(t(`上次服务：${day(f.lastService)}；服务 ${f.services.length} 次，重复故障 ${f.services.filter((s) => s.repeat).length} 次`, `last service: ${day(f.lastService)}; ${f.services.length} services, ${f.services.filter((s) => s.repeat).length} repeat faults`))}</p>
<section><h2>${t("设备", "Equipment")}</h2>${eq}</section>
<section><h2>${t("服务记录", "Services")}</h2>${services}</section>`;
}

export function customerPage(c: Ctx, d: { customer: Customer; file: CustomerFile }): string {
  const h = makeH(c);
  const root = "../";
  const x = d.customer;
  const body = `<h1 data-testid="customer-name">${h(x.name)} <small>${h(x.id)}</small></h1>
${dl([
  [t("区域", "region"), h(x.region ?? "—")],
  [t("地址", "address"), h(x.address ?? "—")],
  [
    t("联系人", "contacts"),
    h((x.contacts ?? []).map((k) => `${k.name} ${k.phone ?? ""}`.trim()).join("；") || "—"),
  ],
])}
${fileHtml(c, root, d.file)}`;
  return page(c, { title: x.name, root, body, kind: "customer" });
}

export function equipmentPage(c: Ctx, d: { equipment: Equipment; file: CustomerFile }): string {
  const h = makeH(c);
  const root = "../";
  const e = d.equipment;
  const body = `<h1>${t("设备档案", "Equipment")} <span data-testid="record-id">${h(e.id)}</span></h1>
${dl([
  [t("客户", "customer"), customerLink(c, root, e.customer)],
  [t("产品/型号", "product/model"), h([e.product, e.model].filter(Boolean).join(" ") || "—")],
  [t("序列号", "serial"), h(e.serial ?? "—")],
])}
${fileHtml(c, root, d.file)}`;
  return page(c, { title: e.id, root, body, kind: "equipment" });
}

// ------------------------------------------------------------------ pay (--include-pay only)

export function payPage(c: Ctx, p: Payroll): string {
  const h = makeH(c);
  const root = "../";
  const rows = p.rows.map((r) => [
    personLink(c, root, r.person),
    h(r.tier),
    h(r.base),
    h(r.assessment),
    h(r.travel),
    h(r.phone),
    h(r.bonus),
    h(r.total),
  ]);
  const body = `<h1>${t("工资表", "Payroll")} ${h(p.id)} <small>${h(p.signature ? t("总经理已签字", "signed by the GM") : t("草稿", "draft"))}</small></h1>${table([t("人员", "person"), t("档次", "tier"), t("基本工资", "base"), t("考核", "assessment"), t("出差补助", "travel"), t("话费补助", "phone"), t("半年奖金", "bonus"), t("应发合计", "total")], rows, "payroll")}`;
  return page(c, { title: p.id, root, body, kind: "pay" });
}

// ------------------------------------------------------------------ search

/**
 * The search's documents (ids, names, customers, engineers, contents), as a script that sets
 * `window.SVC_SEARCH` — a script, not JSON, because a page opened from file:// may not fetch. The
 * index is built in the browser on the first search (assets/app.js), with MiniSearch.
 */
export function searchDocs(
  c: Ctx,
  d: {
    people: readonly Person[];
    customers: readonly Customer[];
    letters: { letter: Letter; customer?: string }[];
    notices: readonly Notice[];
    equipment: readonly Equipment[];
  },
): string {
  const mask = (s: string) => (c.contacts ? s : maskPhones(s));
  const short = (s: string | undefined, n = 160) => (s ? mask(s.replace(/\s+/g, " ").slice(0, n)) : "");
  const docs: { id: string; t: string; u: string; x: string }[] = [];
  for (const p of d.people)
    docs.push({ id: p.id, t: p.name, u: `engineers/${p.id}.html`, x: short(p.region) });
  for (const x of d.customers)
    docs.push({ id: x.id, t: x.name, u: `customers/${x.id}.html`, x: short(x.address) });
  for (const n of d.notices)
    docs.push({
      id: n.id,
      t: `${c.customer(n.customer)} · ${n.type}`,
      u: `notices/${n.id}.html`,
      x: short(`${n.content} ${n.fault ?? ""} ${n.equipment ?? ""}`),
    });
  for (const { letter: l, customer } of d.letters)
    docs.push({
      id: l.id,
      t: `${customer ? c.customer(customer) : ""} · ${c.person(l.engineer)} · ${l.status}`,
      u: `letters/${l.id}.html`,
      x: short(
        `${l.unplanned?.content ?? ""} ${l.preparation.solution ?? ""} ${l.log.map((e) => e.text).join(" ")}`,
        240,
      ),
    });
  for (const e of d.equipment)
    docs.push({
      id: e.id,
      t: `${c.customer(e.customer)} · ${[e.product, e.model].filter(Boolean).join(" ")}`,
      u: `equipment/${e.id}.html`,
      x: short(e.serial),
    });
  docs.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  // One document a line: a diff of two builds shows the records that changed.
  return `window.SVC_SEARCH=[\n${docs.map((x) => JSON.stringify(x).replace(/</g, "\\u003c")).join(",\n")}\n];\n`;
}
