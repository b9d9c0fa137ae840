// svc exam record — one training session's same-day exam and its results (DOMAIN §2.6). Failed exams
// count in the assessment (−50 each; 3 in total: report to the GM).
import type { Command } from "commander";
import { Refused, UsageError } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import type { Exam } from "../schemas/index.ts";
import { action, emit, need, requireRole, withJson } from "./kit.ts";

interface RecordOptions {
  title?: string;
  date?: string;
  result?: string[];
  amendReason?: string;
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

export default function register(program: Command): void {
  const exam = program.command("exam").description(t("培训考核", "training exams"));

  withJson(exam.command("record"))
    .description(
      t(
        "登记培训当天的考核结果（主管）：一次培训一条记录，每人一个 --result",
        "record a training's same-day exam results (supervisor): one record per training, one --result per person",
      ),
    )
    .option("--title <text>", t("培训内容", "what the training was about"))
    .option(
      "--date <date>",
      t("培训及考核日期 YYYY-MM-DD（默认今天）", "training and exam date YYYY-MM-DD (default today)"),
    )
    .option(
      "--result <person=score:pass|fail>",
      t(
        "考核结果，可重复，如 zhangsan=85:pass lisi=40:fail（分数可省略）",
        "a result, repeatable, e.g. zhangsan=85:pass lisi=40:fail (the score may be left out)",
      ),
      collect,
    )
    .option(
      "--amend-reason <text>",
      t(
        "该月考核表已签字时必填：补登的原因（同时写入更正记录）",
        "required when the month is closed (assessment signed): why it is recorded late (written as an amendment)",
      ),
    )
    .action(
      action(async (ctx, o: RecordOptions) => {
        const store = await ctx.store();
        const actor = await ctx.actor();
        requireRole(actor, t("登记培训考核", "record a training exam"), "supervisor");
        const title = await need(ctx, o.title, "--title", t("培训内容", "training title"));
        if (!o.result?.length)
          throw new UsageError(
            t("缺少 --result：每位参加人一个", "missing --result: one per participant"),
            "--result zhangsan=85:pass --result lisi=40:fail",
          );
        const { dateLocal, isoLocal, parseDate } = await import("../core/time.ts");
        const { parseExamResult } = await import("../domain/incidents.ts");
        const results: Exam["results"] = [];
        for (const r of o.result) {
          const parsed = parseExamResult(r);
          if (typeof parsed === "string") throw new UsageError(`--result: ${parsed}`);
          if (results.some((x) => x.person === parsed.person))
            throw new UsageError(
              t(`${parsed.person} 的结果重复`, `${parsed.person} has more than one result`),
            );
          const person = store.person(parsed.person);
          if (!person)
            throw new Refused(
              t(`人员名单中没有 ${parsed.person}`, `no person ${parsed.person} in the roster`),
              t("用 svc people list 查看编号", "see the ids with svc people list"),
            );
          results.push(parsed);
        }
        const today = dateLocal(store.now(), store.tz);
        const date = o.date ? parseDate(o.date, "--date") : today;
        if (date > today)
          throw new UsageError(
            t(
              `考核日期 ${date} 在今天（${today}）之后：考核在培训当天进行，考完再登记`,
              `exam date ${date} is after today (${today}): the exam is held the day of the training; record it afterwards`,
            ),
          );
        const id = store.newId("exam");
        const record: Exam = {
          kind: "exam",
          id,
          date,
          title,
          results,
          recorded: { by: actor.id, at: isoLocal(store.now(), store.tz) },
        };
        const failed = results.filter((r) => !r.passed);
        const { newRecordPuts } = await import("./closed-month.ts");
        const { puts } = newRecordPuts(store, record, date, actor, record.recorded.at, o.amendReason);
        const { commit } = await store.commit({
          put: puts,
          message: `exam record ${id}: ${title} ${date}（${results.length} 人，${failed.length} 人不合格）`,
          author: actor,
        });
        const name = (p: string) => store.person(p)?.name ?? p;
        emit(ctx, { id, commit, exam: record }, () =>
          [
            t(
              `已登记培训考核 ${id}：${title}（${date}），${results.length} 人参加`,
              `recorded training exam ${id}: ${title} (${date}), ${results.length} participants`,
            ),
            ...results.map(
              (r) =>
                `  ${name(r.person)}  ${r.score ?? ""}  ${r.passed ? t("合格", "pass") : t("不合格", "fail")}`,
            ),
          ].join("\n"),
        );
      }),
    );
}
