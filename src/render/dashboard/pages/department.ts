// The department page (index.html: the month's figures, what is due, the charts, the 12-month trend, the
// engineers), the list of everything due (due.html) and the payroll pages (--include-pay only).
import { t } from "../../../core/i18n.ts";
import { addMonths, monthLocal } from "../../../core/time.ts";
import type { DueItem, DueKind } from "../../../domain/due.ts";
import { type MonthFigures, pct } from "../../../domain/figures.ts";
import type { Payroll } from "../../../schemas/index.ts";
import type { ChartSvg } from "../../charts.ts";
import { type Ctx, ESC, link, makeH, page, personLink, recordLink, table, when } from "./layout.ts";

export interface TrendRow {
  month: string;
  completed: number;
  onTimeRate: number | null;
  documentsRate: number | null;
  weeklyRate: number | null;
  incidents: number;
  complaints: number;
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

export const DUE_KINDS: Record<DueKind, [string, string]> = {
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

/** The month's figures as cards (the department page and a month's page). */
function figureCards(f: MonthFigures): string[] {
  const s = f.sla;
  return [
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
}

/** Which month a page shows, said in words: last month (ended), the running month, an earlier one. */
function monthState(c: Ctx, month: string): string {
  const running = monthLocal(c.asOf, c.tz);
  if (month === running)
    return t(
      `本月，进行中（截至 ${when(c, c.asOf)}）`,
      `this month, still running (as of ${when(c, c.asOf)})`,
    );
  if (month > running) return t("尚未开始的月份", "a month not begun yet");
  return month === addMonths(running, -1) ? t("上月，已结束", "last month, ended") : t("已结束", "ended");
}

/**
 * The months with a page of their own (`months/YYYY-MM.html`; the shown month is the department page),
 * as links: the GM goes to an earlier month, or back to this one.
 */
function monthLinks(c: Ctx, root: string, months: readonly string[], here: string): string {
  if (months.length < 2) return "";
  const running = monthLocal(c.asOf, c.tz);
  const links = months.map((m) => {
    const label = m === running ? t(`${m}（本月）`, `${m} (this month)`) : m;
    if (m === here) return `<strong aria-current="page" data-month="${m}">${label}</strong>`;
    const href = m === c.month ? `${root}index.html` : `${root}months/${m}.html`;
    return `<a href="${href}" data-testid="month-link" data-month="${m}">${label}</a>`;
  });
  return `<nav class="months" data-testid="months" aria-label="${t("月份", "months")}">${t("其他月份：", "Other months: ")}${links.join(" · ")}</nav>`;
}

/** The heading of a month's figures: the month, what it is (ended, running), the links to the others. */
function monthHeading(c: Ctx, root: string, f: MonthFigures, months: readonly string[]): string {
  const h = makeH(c);
  return `<h2>${h(t(`${f.month} 月度统计`, `The month ${f.month}`))} <small data-testid="month-state">${h(monthState(c, f.month))}</small></h2>
${monthLinks(c, root, months, f.month)}`;
}

/** A month's page (months/YYYY-MM.html): its figures, as the department page shows the month's. */
export function monthPage(c: Ctx, d: { figures: MonthFigures; months: readonly string[] }): string {
  const h = makeH(c);
  const f = d.figures;
  const body = `<h1>${h(c.department)} <small data-testid="month">${h(t(`${f.month} 月`, f.month))}</small></h1>
<p class="asof">${h(t(`截至 ${when(c, c.asOf)}`, `as of ${when(c, c.asOf)}`))}${f.recordsBegin ? h(t(`；记录自 ${f.recordsBegin} 起`, `; the records begin ${f.recordsBegin}`)) : ""}</p>
<section id="figures" data-testid="figures">
${monthHeading(c, "../", f, d.months)}
<div class="cards">${figureCards(f).join("\n")}</div>
<p class="small">${t("待办、图表与服务人员见", "What is due, the charts and the engineers: ")}<a href="../index.html">${h(t(`部门概况（${c.month}）`, `the department page (${c.month})`))}</a></p>
</section>`;
  return page(c, {
    title: t(`${f.month} 月度统计`, `The month ${f.month}`),
    root: "../",
    body,
    kind: "month",
  });
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
    /** The months with a page (months/YYYY-MM.html), oldest first, the shown one among them. */
    months?: readonly string[];
  },
): string {
  const h = makeH(c);
  const f = d.figures;
  const root = "";
  const overdue = d.due.filter((x) => x.item.overdue).length;
  const cards = figureCards(f);
  const dueRows = d.due.slice(0, DUE_SHOWN).map(({ item, text }) => dueRow(c, root, item, text));
  // The trend from the records' first month (a month before it is no month of the department's), each
  // month a link to its page.
  const months = d.months ?? [];
  const trendRows = d.trend
    .filter((r) => !months.length || r.month >= months[0])
    .map((r) => [
      r.month === c.month
        ? `<strong>${h(r.month)}</strong>`
        : months.includes(r.month)
          ? `<a href="months/${r.month}.html" data-testid="trend-month">${h(r.month)}</a>`
          : h(r.month),
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
${monthHeading(c, root, f, d.months ?? [])}
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
<div class="charts">${d.charts.map((ch) => `<figure class="chart" data-testid="chart">${ch.svg}</figure>`).join("\n")}</div>
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

/**
 * A due item's words as `svc due` prints them, split into what is to be done and the terminal commands
 * that do it: `svc due` ends a text with its command ("（svc survey）", "（…；svc assign）"); a web page
 * shows the words, and the command only as a small hint set as code (issue 17: the GM does not type
 * commands).
 */
export function dueWords(text: string): { words: string; commands: string[] } {
  const commands: string[] = [];
  const words = text.replace(
    // svc's own hint ends the text: a name or a file holding "（svc …）" is words, never a hint (found
    // by attack: a name planted a command the GM would read as svc's)
    /(\s*)([（(])([^（）()]*?[；;]\s*)?(svc [^（）()]*)([）)])$/,
    (_m, space: string, open: string, before: string | undefined, cmd: string, close: string) => {
      commands.push(cmd.trim());
      return before ? `${space}${open}${before.replace(/[；;]\s*$/, "")}${close}` : "";
    },
  );
  return { words, commands };
}

function dueWhat(c: Ctx, text: string): string {
  const h = makeH(c);
  const { words, commands } = dueWords(text);
  return `${h(words)}${commands.map((x) => ` <code class="cmd" data-testid="due-command">${h(x)}</code>`).join("")}`;
}

export function dueRow(c: Ctx, root: string, item: DueItem, text: string): string[] {
  const h = makeH(c);
  return [
    item.overdue
      ? `<span class="bad" data-overdue="true">${t("逾期", "overdue")}</span>`
      : `<span>${t("待办", "due")}</span>`,
    item.deadline ? h(when(c, item.deadline)) : "",
    item.who.map((w) => personLink(c, root, w)).join("，") || h(t("（无人）", "(nobody)")),
    recordLink(c, root, item.ref),
    dueWhat(c, text),
  ];
}

export function duePage(c: Ctx, due: { item: DueItem; text: string }[]): string {
  const rows = due.map(({ item, text }) => dueRow(c, "", item, text));
  const body = `<h1>${t("待办与逾期", "Due and overdue")}</h1>
${table([t("状态", "state"), t("期限", "deadline"), t("负责人", "who"), t("记录", "record"), t("事项", "what")], rows, "due-table")}`;
  return page(c, { title: t("待办", "Due"), root: "", body, kind: "due" });
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
