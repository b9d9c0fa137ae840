// svc dashboard — the department at a glance as a static web site (issue 17): the department page
// (what is due, the month's figures and charts, a 12-month trend), engineer, letter, notice, customer
// and equipment pages, and a search; plain files in one folder that open from file:// or any static
// host. The site is src/render/dashboard/ (build → html → write); this module reads the flags.
import type { Command } from "commander";
import { Refused, UsageError } from "../core/errors.ts";
import { isEnglish, setEnglish, t } from "../core/i18n.ts";
import { KINDS } from "../schemas/kinds.ts";
import type { Store } from "../store/store.ts";
import { DUE_READ } from "./due.ts";
import { action, type Ctx, emit, withJson } from "./kit.ts";

interface DashboardFlags {
  out?: string;
  month?: string;
  lang?: string;
  includePay?: boolean;
  includeContacts?: boolean;
}

export default function register(program: Command): void {
  withJson(
    program
      .command("dashboard")
      .description(
        t(
          "生成部门概况静态网站：待办与逾期、本月统计与图表、近 12 个月趋势、人员/责任书/通知单/客户/设备页面与搜索（可离线打开）",
          "write the department's static web site: what is due, the month's figures and charts, a 12-month trend, pages of people, letters, notices, customers and equipment, and a search (opens offline)",
        ),
      )
      .option(
        "--out <dir>",
        t(
          "网站目录（默认 svc.yaml output 下的 dashboard/）",
          "the site's folder (default: dashboard/ in svc.yaml output)",
        ),
      )
      .option(
        "--month <YYYY-MM>",
        t(
          "统计月份（默认本月；本月第一个工作日过完之前为上月）",
          "the month of the figures (default: this month once its first working day is over, else last month)",
        ),
      )
      .option("--lang <zh|en>", t("网站语言（默认中文）", "the site's language (default Chinese)"))
      .option(
        "--include-pay",
        t("收录工资表页面与考核金额", "include the payroll pages and assessment amounts"),
      )
      .option(
        "--include-contacts",
        t("显示完整电话号码（默认隐去中间数字）", "show phone numbers whole (masked by default)"),
      ),
  ).action(action((ctx, o: DashboardFlags) => run(ctx, o)));
}

/** How far V8 grows the heap past what is alive while the site is built (its default: up to 100 %). */
const HEAP_GROWING_PERCENT = 30;

async function run(ctx: Ctx, o: DashboardFlags): Promise<void> {
  const lang = o.lang ?? "zh";
  if (lang !== "zh" && lang !== "en")
    throw new UsageError(t(`--lang ${lang}：只能是 zh 或 en`, `--lang ${lang}: zh or en`));
  // A 50,000-record site holds every record while it makes ~22,000 files, most of what it allocates
  // short-lived: V8 would let the heap grow to twice what is alive before collecting (a full build
  // peaked at 770 MB at 50k records); growing it by 30 % at a time kept it at 370 MB (465 MB with
  // the walk of the commits by path), under issue 17's 500 MB, for a little more collecting.
  // (put back after the build: svc's main() may run in a process that goes on, the tests')
  const v8 = await import("node:v8");
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  try {
    await build(ctx, o, lang);
  } finally {
    v8.setFlagsFromString("--heap-growing-percent=0");
  }
}

async function build(ctx: Ctx, o: DashboardFlags, lang: string): Promise<void> {
  const store = await ctx.store();
  store.askIndex(SITE_READ); // git tells which record files changed while the modules load
  const { dateLocal, isoLocal, parseMonth } = await import("../core/time.ts");
  const { join } = await import("node:path");
  const now = store.now();
  // The default month: the running one once a working day of it is over, else last month (months.ts).
  const month = o.month
    ? parseMonth(o.month)
    : (await import("../render/dashboard/months.ts")).defaultMonth(
        dateLocal(now, store.tz),
        (await import("../domain/calendar.ts")).makeCalendar(store.config.calendar),
        store.config.since,
      );
  const { outputDir, shownPath } = await import("../render/output.ts");
  const dir = o.out
    ? outputDir({ out: o.out, cwd: ctx.cwd, root: store.root })
    : join(outputDir({ cwd: ctx.cwd, root: store.root, configured: store.config.output }), "dashboard");
  refuseRecordsFolder(store.root, dir);
  // git lists the records' commits (each letter's and notice's timeline) while the figures are computed.
  (await import("../render/dashboard/history.ts")).startRecordCommits(store);
  const { departmentDue } = await import("./due.ts");
  const { dueText } = await import("./due-text.ts");
  const { buildDashboard } = await import("../render/dashboard/build.ts");
  // The site reads these kinds whole anyway (its pages): read once, first, in `svc due`'s order, so
  // that the due items' and the assessment's projections are made from them in memory instead of
  // from their own parse caches (~23 MB of JSON at 50,000 records).
  // Which files changed since they were cached is git's index's answer (Store.useIndex, as `svc due`
  // does): no stat of each of 50,000 files, and a file committed just before the build is cached by
  // its blob id (a stat-keyed cache never keeps a file changed < 2 s before: the build after a
  // commit parsed it again and rewrote the 20 MB letter cache every time).
  // The weekly reports (28,000 at 50,000 records) are read as what the figures, the due items and
  // the assessment read of them (WeekReport: the assessment's projection, kept by blob id too).
  await store.useIndex(["weekly"], "assess", SITE_WHOLE);
  const { assessWeekly } = await import("../domain/assessment.ts");
  let weeklies: import("../domain/assessment.ts").AssessWeekly[] = [];
  for (const kind of SITE_READ)
    if (kind === "weekly") weeklies = store.projected("weekly", "assess", assessWeekly);
    else store.list(kind);
  const { result: due } = await departmentDue(store, weeklies);
  // The month's assessment as it stands (signed or draft, amended), else as the records would give it.
  const kit = await import("./assess-kit.ts");
  const stored = kit.amendedAssessment(store, month);
  let assessment: {
    sheets: import("../domain/assessment.ts").Sheet[];
    state: "signed" | "draft" | "computed";
  };
  if (stored) assessment = { sheets: stored.people, state: stored.signature ? "signed" : "draft" };
  else {
    const { assessMonth } = await import("../domain/assessment.ts");
    const input = kit.loadInput(store, month, weeklies);
    input.now = now.toISOString();
    assessment = { sheets: assessMonth(input).people, state: "computed" };
  }
  // The site's language is the flag's (Chinese by default), whatever the terminal's; the words the
  // domain makes (history labels, due items) follow it while the site is built.
  const terminalEnglish = isEnglish(ctx.env);
  setEnglish(lang === "en");
  let r: Awaited<ReturnType<typeof buildDashboard>>;
  // One build of a site at a time: two at once would each write the site's manifest from what it
  // wrote (a page of one missing from the other's). The lock is the store's (O_EXCL, the owner's
  // pid, a dead owner's taken over), kept in .git/svc/ per site folder, never in the site.
  const release = await siteLock(store, dir, ctx.env);
  try {
    r = await buildDashboard(store, {
      dir,
      month,
      asOf: isoLocal(now, store.tz),
      english: lang === "en",
      includePay: Boolean(o.includePay),
      includeContacts: Boolean(o.includeContacts),
      due: due.items,
      dueText,
      assessment,
      weeklies,
    });
  } finally {
    setEnglish(terminalEnglish);
    release();
  }
  for (const w of r.warnings) ctx.err(ctx.paint.yellow(w));
  const fmt = (n: number) => n.toLocaleString("en-US");
  emit(
    ctx,
    {
      dir: r.dir,
      index: r.index,
      month,
      pages: r.pages,
      written: r.written,
      unchanged: r.unchanged,
      removed: r.removed,
      omitted: r.omitted,
      figures: r.figures,
    },
    () =>
      [
        shownPath(r.index, ctx.cwd),
        t(
          `写入 ${fmt(r.written)} 页，未变 ${fmt(r.unchanged)} 页${r.removed ? `，删除 ${fmt(r.removed)} 页` : ""}`,
          `${fmt(r.written)} written, ${fmt(r.unchanged)} unchanged${r.removed ? `, ${fmt(r.removed)} removed` : ""}`,
        ),
        ...r.omitted.map((x) => `${t("未收录", "left out")}: ${x}`),
      ].join("\n"),
  );
}

/**
 * The kinds the site reads, in the order they are read (the first kind with an invalid record is the
 * one refused): `svc due`'s order first, then the rest of the pages' kinds. Every one whole but the
 * weekly reports (see build).
 */
const SITE_READ = [...DUE_READ, "amendment", "payroll"] as const;
const SITE_WHOLE = SITE_READ.filter((k) => k !== "weekly");

async function siteLock(store: Store, dir: string, env: NodeJS.ProcessEnv): Promise<() => void> {
  const { createHash } = await import("node:crypto");
  const { mkdirSync } = await import("node:fs");
  const { join } = await import("node:path");
  const { acquireLock } = await import("../store/lock.ts");
  const { lockTimeoutMs } = await import("../store/env.ts");
  const locks = join(store.gitDir, "svc");
  mkdirSync(locks, { recursive: true });
  const key = createHash("sha256").update(dir).digest("hex").slice(0, 16);
  return acquireLock(join(locks, `dashboard-${key}.lock`), lockTimeoutMs(env));
}

/**
 * The site never goes into the records: not the repository's top, not a record kind's folder (svc check
 * would find pages among the records), not .git.
 */
function refuseRecordsFolder(root: string, dir: string): void {
  const rel = relativeTo(root, dir);
  if (rel === undefined) return;
  const top = rel.split("/")[0];
  const records = Object.values(KINDS).some((k) => k.dir === top) || top === "attachments";
  if (rel === "" || top === ".git" || records)
    throw new Refused(
      t(
        `网站不能写入记录库${rel === "" ? "根目录" : `的 ${top}/`}（${dir}）`,
        `the site cannot go into the records repository${rel === "" ? "'s top folder" : `'s ${top}/`} (${dir})`,
      ),
      t(
        "用 --out 指定输出目录下或记录库之外的文件夹",
        "name a folder in the output folder or outside the repository with --out",
      ),
    );
}

/** `dir` relative to `root` with / separators, or undefined when outside it. */
function relativeTo(root: string, dir: string): string | undefined {
  const r = dir.startsWith(root) ? dir.slice(root.length) : undefined;
  if (r === undefined || (r !== "" && !/^[\\/]/.test(r))) return undefined;
  return r.replace(/\\/g, "/").replace(/^\/+|\/+$/g, "");
}
