// The people list (people.html) and a person's page: what they must do now, their open letters, the
// month's assessment, weekly reports and trips.
import { t } from "../../../core/i18n.ts";
import type { Sheet } from "../../../domain/assessment.ts";
import type { DueItem } from "../../../domain/due.ts";
import { effectiveEstimate, type MonthFigures } from "../../../domain/figures.ts";
import type { Letter, Person } from "../../../schemas/index.ts";
import { dueRow } from "./department.ts";
import {
  type Ctx,
  customerLink,
  dl,
  link,
  makeH,
  page,
  phoneField,
  recordLink,
  table,
  when,
} from "./layout.ts";

export type AssessmentState = "signed" | "draft" | "computed";

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
  [t("电话", "phone"), p.phone ? phoneField(c, p.phone) : "—"],
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
