// A letter's and a notice's page: its fields, the customer's rating, its timeline (each step with the
// commit that wrote it) and its attachments.
import { t } from "../../../core/i18n.ts";
import { effectiveEstimate } from "../../../domain/figures.ts";
import type { HistoryEvent } from "../../../domain/views.ts";
import type { Letter, Notice } from "../../../schemas/index.ts";
import type { SubjectCommit } from "../../../store/git.ts";
import {
  type Ctx,
  customerLink,
  dl,
  esc,
  grade,
  link,
  makeH,
  page,
  personLink,
  phoneField,
  recordLink,
  when,
} from "./layout.ts";

export interface AttachmentLink {
  name: string;
  href?: string;
  image?: boolean;
  /** Stored as .bin (not a kind a browser shows inertly): downloaded under its name, never opened. */
  download?: boolean;
  missing?: boolean;
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
      ? `<span class="commit" data-testid="commit" title="${h(c.contacts ? `${r.commit.name} <${r.commit.email}>` : r.commit.name)}"><code>${esc(r.commit.sha.slice(0, 10))}</code> ${h(r.commit.subject)}</span>`
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
          : `<li><a href="${root}${a.href}"${a.download ? ` download="${h(a.name)}"` : ""} data-testid="attachment-link">${h(a.name)}</a></li>`
        : `<li>${h(a.name)} <span class="warn">${t("（缺失）", "(missing)")}</span></li>`,
    )
    .join("")}</ul></section>`;
}

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
  [t("联系人", "contact"), `${h(n.contact.name)} ${phoneField(c, n.contact.phone)}`],
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
