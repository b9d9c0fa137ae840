// svc show ID — one record: its fields, its derived status, and its history (who did what when) from
// the record itself and from git (every commit that touched its file, with author and date).

import type { Command } from "commander";
import { inBackground } from "../core/background.ts";
import { Refused } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import { DELAY_REASON_TITLES } from "../schemas/enums.ts";
import { action, emit, withJson } from "./kit.ts";

/** A field's path for English readers: `site.matches` → `site › matches`, `tools[0]` → `tools 1`. */
export function englishLabel(path: string): string {
  return path
    .split(".")
    .map((part) =>
      part
        .replace(/\[(\d+)\]/g, (_, i) => ` ${Number(i) + 1}`)
        .replace(/([a-z])([A-Z])/g, "$1 $2")
        .toLowerCase(),
    )
    .join(" › ");
}

export default function register(program: Command): void {
  withJson(program.command("show"))
    .argument(
      "<id>",
      t("记录编号（通知单、责任书、事故、人员…）", "record id (notice, letter, incident, person…)"),
    )
    .description(
      t(
        "显示一条记录：各字段、状态，以及它的历史（记录中的各步骤和 git 提交：谁在何时做了什么）",
        "show a record: its fields, status and history (the steps it records and the git commits: who did what when)",
      ),
    )
    .action(
      action(async (ctx, id: string) => {
        const store = await ctx.store();
        const record = store.find(id);
        // A notice's letters: the letters naming it, found through the mention index of the letters
        // (src/commands/mentioning.ts) while git walks — not every letter's projection (issue 18).
        const lettersOf =
          record?.kind === "notice"
            ? import("./mentioning.ts").then(async ({ mentionsOf }) =>
                (await mentionsOf(store, ["letter"]))
                  .naming("letter", new Set([record.id]))
                  .filter((l) => l.notice === record.id),
              )
            : undefined;
        if (lettersOf) inBackground(lettersOf); // awaited below
        if (!record)
          throw new Refused(
            t(`找不到记录 ${id}`, `no record ${id}`),
            t(
              "用 svc list notices|letters|incidents 查看编号",
              "see the ids with svc list notices|letters|incidents",
            ),
          );
        const { KIND_TITLES, pathOf } = await import("../schemas/kinds.ts");
        const views = await import("../domain/views.ts");
        const { fileLog } = await import("../store/path-log.ts");
        const { table } = await import("../render/table.ts");
        const tz = store.tz;
        const names = views.namesOf(store.people(), store.list("customer"));
        const { shortTime } = await import("../render/format.ts");
        // 11-05 18:00 at a glance (the year when it is not this one); --json keeps the full ISO times
        const when = (iso: string) => shortTime(iso, tz, store.now());
        const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/g;
        const times = (s: string) => s.replace(ISO, (m) => when(m));
        const rel = pathOf(record.kind, record.id);
        // The file's commits, remembered in .git/svc/ and carried forward (src/store/path-log.ts, issue 18).
        const { relative } = await import("node:path");
        const prefix = relative(store.gitTop, store.root).split("\\").join("/");
        const commitsAsked = fileLog(
          store.gitTop,
          store.gitDir,
          prefix ? `${prefix}/${rel}` : rel,
          store.env,
        );
        inBackground(commitsAsked); // awaited below, while the records are read

        // D21: a customer's or a unit's file is read while git walks the history for the record's
        // commits (a record of the first commit: the whole history, ~1 s at 180,000 commits).
        const serviceFileOf =
          record.kind === "customer" || record.kind === "equipment"
            ? (async () => {
                const { loadFile } = await import("./show-file.ts");
                const { dateLocal } = await import("../core/time.ts");
                return loadFile(store, record, dateLocal(store.now(), tz));
              })()
            : undefined;
        if (serviceFileOf) inBackground(serviceFileOf); // awaited below
        // Corrections recorded as amendments of this record (D11, D15: 更正, who, when, why), and every
        // step, the solution too (its time is the commit that wrote it).
        const amendments = store.list("amendment").filter((a) => a.target === record.id);
        const commits = [...(await commitsAsked)].reverse();
        const solution =
          record.kind === "letter" ? views.solutionEvent(record, commits, store.people()) : undefined;
        const history = [
          ...views.recordHistory(record),
          ...amendments.map(views.amendmentEvent),
          ...(solution ? [solution] : []),
        ].sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime());

        // Derived status.
        let status: string | undefined;
        const extra: [string, string][] = [];
        let serviceFile: string[] | undefined;
        const data: Record<string, unknown> = {};
        let links: import("../domain/views.ts").NoticeLink[] | undefined;
        if (amendments.length) data.amendments = amendments.map((a) => a.id);
        if (record.kind === "notice") {
          links = (await (lettersOf as NonNullable<typeof lettersOf>)).map(views.noticeLink);
          const letters = links;
          status = views.noticeStatus(record, letters);
          if (letters.length) {
            data.letters = letters.map((l) => l.id);
            extra.push([t("项目责任书", "letter"), letters.map((l) => `${l.id}（${l.status}）`).join("，")]);
          }
        } else if (record.kind === "letter") {
          status = record.cancelled
            ? t(`作废（${record.status}）`, `cancelled (${record.status})`)
            : record.status;
          // D3: the estimate in force, as the lists, svc due, the forms and the assessment use it.
          const { effectiveEstimate } = await import("../domain/estimate.ts");
          data.effectiveEstimate = effectiveEstimate(record);
          if (data.effectiveEstimate !== record.estimate)
            extra.push([
              t("预计完成时间（经批准延期）", "estimate in force (approved extension)"),
              t(
                `${when(String(data.effectiveEstimate))}（原定 ${when(record.estimate)}）`,
                `${when(String(data.effectiveEstimate))} (originally ${when(record.estimate)})`,
              ),
            ]);
        } else if (record.kind === "customer" || record.kind === "equipment") {
          // D21: the customer's file / the unit's file (src/commands/show-file.ts, src/domain/equipment.ts).
          const { fileLines } = await import("./show-file.ts");
          const file = await (serviceFileOf as NonNullable<typeof serviceFileOf>);
          data.file = file;
          serviceFile = fileLines(file, names.person, table);
        } else if (record.kind === "incident") {
          const { incidentNoticeLateness, incidentState } = await import("../domain/incidents.ts");
          const { makeCalendar } = await import("../domain/calendar.ts");
          const { isoLocal } = await import("../core/time.ts");
          const cal = makeCalendar(store.config.calendar);
          status = incidentState(record);
          const late = incidentNoticeLateness(record, cal, store.config, isoLocal(store.now(), tz));
          if (late) {
            data.incidentNotice = { deadline: late.deadline.at, sent: late.sent, late: late.late };
            extra.push([
              t("事故通报期限", "incident notice due"),
              `${late.deadline.at}${
                late.late
                  ? late.sent
                    ? t("（逾期发出）", " (sent late)")
                    : t("（已逾期，未发出）", " (overdue, not sent)")
                  : late.sent
                    ? t("（按时发出）", " (sent on time)")
                    : ""
              }`,
            ]);
          }
          data.warnings = cal.warnings();
        }

        // D17: each response-time clock of the notice (a letter: its notice's).
        if (record.kind === "notice" || record.kind === "letter") {
          const kit = await import("./sla-kit.ts");
          const sla = kit.clocksForRecord(
            store,
            record.id,
            links,
            record,
            record.kind === "notice" ? await lettersOf : undefined,
          );
          if (sla) {
            data.sla = { priority: sla.notice.priority, clocks: sla.clocks };
            for (const c of sla.clocks)
              extra.push([`${t("时限", "SLA")} ${kit.clockLabel(c)}`, t(...kit.clockText(c, tz))]);
          }
        }
        const title = KIND_TITLES[record.kind];
        const { isEnglish } = await import("../core/i18n.ts");
        const english = isEnglish(ctx.env);
        const { schemaTitles } = await import("./show-titles.ts");
        const schema = (await schemaTitles(record.kind)) as Parameters<typeof views.fieldTitle>[0];
        const PERSON_KEYS = new Set(["by", "as", "engineer", "agreedBy", "person"]);
        const value = (path: string, v: string) => {
          const key = path
            .split(".")
            .at(-1)!
            .replace(/\[\d+\]$/, "");
          if (PERSON_KEYS.has(key) && names.person(v) !== v) return `${names.person(v)}（${v}）`;
          if (key === "customer" && names.customer(v) !== v) return `${names.customer(v)}（${v}）`;
          if (v === "true" || v === "false") return v === "true" ? t("是", "yes") : t("否", "no");
          if (key === "reason" && /^delays\[\d+\]\.reason$/.test(path)) {
            const meaning = DELAY_REASON_TITLES[v as keyof typeof DELAY_REASON_TITLES];
            if (meaning) return `${v}${t(`（${meaning[0]}）`, ` (${meaning[1]})`)}`;
          }
          return times(v.replace(/\s+/g, " "));
        };
        const label = (path: string) => (english ? englishLabel(path) : views.fieldTitle(schema, path));
        emit(
          ctx,
          { id: record.id, kind: record.kind, path: rel, status, ...data, record, history, commits },
          () => {
            const lines: string[] = [];
            lines.push(
              ctx.paint.bold(`${t(title[0], title[1])} ${record.id}${status ? `  [${status}]` : ""}`),
            );
            lines.push(`${t("文件", "file")}: ${rel}`);
            for (const [k, v] of extra) lines.push(`${k}: ${v}`);
            lines.push("");
            lines.push(
              table(
                [t("字段", "field"), t("值", "value")],
                views
                  .fieldLines(record)
                  .filter(([k]) => k !== "kind" && k !== "id")
                  .map(([k, v]) => [label(k), value(k, v)]),
              ),
            );
            if (serviceFile) {
              lines.push(
                "",
                ctx.paint.bold(
                  t(
                    record.kind === "customer" ? "客户服务档案" : "设备档案",
                    record.kind === "customer" ? "the customer's file" : "the unit's file",
                  ),
                ),
              );
              lines.push(...serviceFile);
            }
            lines.push("");
            lines.push(ctx.paint.bold(t("记录中的历史", "history in the record")));
            lines.push(
              history.length
                ? table(
                    [t("时间", "time"), t("人员", "who"), t("事项", "what"), t("说明", "detail")],
                    history.map((h) => [
                      when(h.at) + (h.backdated ? t("（补录）", " (backdated)") : ""),
                      names.person(h.by) +
                        (h.as
                          ? t(`（${names.person(h.as)}代录）`, ` (entered by ${names.person(h.as)})`)
                          : ""),
                      h.what,
                      times(h.detail ?? ""),
                    ]),
                  )
                : t("（无）", "(none)"),
            );
            lines.push("");
            lines.push(ctx.paint.bold(t("git 提交", "git commits")));
            lines.push(
              commits.length
                ? table(
                    [t("时间", "time"), t("作者", "author"), t("提交", "commit"), t("说明", "message")],
                    commits.map((c) => [
                      when(c.at),
                      `${c.author} <${c.email}>`,
                      c.commit.slice(0, 8),
                      c.subject,
                    ]),
                  )
                : t("（尚未提交）", "(not committed)"),
            );
            return lines.join("\n");
          },
        );
      }),
    );
}
