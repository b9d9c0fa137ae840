// From the store to the documents on disk: load the records once, compute the figures
// (src/domain/figures.ts), build the .docx (weekly-docx, monthly-docx, charts) and write it safely
// (output.ts). Used by `svc weekly`, `svc monthly` and by `npm start` (renderSampleReports).
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { t } from "../core/i18n.ts";
import { addDays, addMonths, dateLocal, isoLocal, monthLocal, saturdayOf } from "../core/time.ts";
import { idDate } from "../domain/calendar.ts";
// The file names only: docx and the documents' builders are loaded when a document is to be rendered
// (issue 18: when every document is up to date, svc start loads none of it).
import { departmentWeeklyFileName, engineerWeeklyFileName, monthlyFileName } from "../domain/doc-names.ts";
import { type MonthRepeats, monthRepeats } from "../domain/equipment.ts";
import {
  type DepartmentWeek,
  departmentWeek,
  type EngineerWeek,
  engineersFor,
  engineerWeek,
  type MonthFigures,
  monthFigures,
  type ReportData,
  type WeekReport,
  weeklyOf,
} from "../domain/figures.ts";
import { type OpenOrder, openOrders } from "../domain/rd.ts";
import type { Person } from "../schemas/index.ts";
import type { Store } from "../store/store.ts";
import { findCjkFont } from "./charts.ts";
import { inputsKey, outLock, outputDir, upToDate, type Written, writeDocument } from "./output.ts";
import type { DocContext } from "./weekly-docx.ts";
import type { RenderJob } from "./worker.ts";

/** One document's bytes, from the same module the worker threads run (src/render/worker.ts). */
async function renderJob(job: RenderJob): Promise<Uint8Array> {
  return (await import("./worker.ts")).renderJob(job);
}

/** `weeklies`: read only the weekly reports whose id this accepts (default all). */
export function loadReportData(store: Store, o: { weeklies?: (id: string) => boolean } = {}): ReportData {
  const which = o.weeklies;
  return loadFigureData(store, () => (which ? store.listWhere("weekly", which) : store.list("weekly")));
}

/**
 * The records the reports' figures read, the weekly reports as `weeklies` gives them (read in their
 * place: the first kind with an invalid record is the one refused) — the dashboard's are what the
 * month's figures read of them (WeekReport), not 28,000 whole reports.
 */
export function loadFigureData<W extends WeekReport>(store: Store, weeklies: () => W[]): ReportData<W> {
  return {
    config: store.config,
    people: store.people(),
    letters: store.list("letter").filter((l) => !l.cancelled), // a letter cancelled with its notice (D15) counts nowhere
    notices: store.list("notice"),
    customers: store.list("customer"),
    weeklies: weeklies(),
    departmentWeeklies: store.list("department-weekly"),
    monthlies: store.list("monthly"),
    incidents: store.list("incident"),
    customerComplaints: store.list("customer-complaint"),
  };
}

/**
 * The weekly reports a month's report can read: ids `W-YYYYMMDD-…` whose Saturday falls within a week
 * of the month (the weeks of a month are those whose Saturday is in it; a week's margin each side).
 */
export function weekliesAround(month: string): (id: string) => boolean {
  const from = addDays(`${month}-01`, -7);
  const to = addDays(`${addMonths(month, 1)}-01`, 6);
  return (id) => {
    const date = idDate(id);
    return date === undefined || (date >= from && date <= to);
  };
}

export function docContext(store: Store): DocContext {
  return { department: store.config.department, company: store.config.company, tz: store.tz };
}

export interface OutOptions {
  out?: string;
  cwd: string;
  force?: boolean;
}

export function outDirFor(store: Store, o: OutOptions): string {
  return outputDir({ out: o.out, cwd: o.cwd, root: store.root, configured: store.config.output });
}

export function supervisorOf(people: Person[]): Person | undefined {
  return people.find((p) => p.roles.includes("supervisor") && p.active !== false);
}

export async function writeEngineerWeekly(
  store: Store,
  data: ReportData,
  engineer: string,
  saturday: string,
  o: OutOptions,
): Promise<{ figures: EngineerWeek; written: Written }> {
  const figures = engineerWeek(data, engineer, saturday);
  const context = docContext(store);
  const dir = outDirFor(store, o);
  const name = engineerWeeklyFileName(figures.name, saturday);
  // rendered only when what it shows changed, or the file is not svc's any more (issue 18)
  const inputs = inputsKey(["engineer-weekly", figures, context]);
  const written =
    upToDate(dir, name, inputs) ??
    (await writeDocument(dir, name, await renderJob({ id: 0, kind: "engineer-weekly", figures, context }), {
      ...o,
      inputs,
      lock: outLock(store),
    }));
  return { figures, written };
}

export async function writeDepartmentWeekly(
  store: Store,
  data: ReportData,
  saturday: string,
  o: OutOptions,
): Promise<{ figures: DepartmentWeek; written: Written }> {
  const figures = departmentWeek(data, saturday);
  const dw = data.departmentWeeklies.find((d) => d.week === saturday);
  const sup = dw ? data.people.find((p) => p.id === dw.by) : supervisorOf(data.people);
  const context = docContext(store);
  const dir = outDirFor(store, o);
  const name = departmentWeeklyFileName(saturday);
  const inputs = inputsKey(["department-weekly", figures, context, sup?.name ?? null]);
  const written =
    upToDate(dir, name, inputs) ??
    (await writeDocument(
      dir,
      name,
      await renderJob({ id: 0, kind: "department-weekly", figures, context, supervisor: sup?.name }),
      { ...o, inputs, lock: outLock(store) },
    ));
  return { figures, written };
}

export async function writeMonthly(
  store: Store,
  data: ReportData,
  month: string,
  o: OutOptions,
): Promise<{
  figures: MonthFigures;
  written: Written;
  warnings: string[];
  repeats?: MonthRepeats;
  rdOrders?: OpenOrder[];
}> {
  const figures = monthFigures(data, month, undefined, isoLocal(store.now(), store.tz));
  // D21: repeat faults of the month, where the department keeps an equipment register.
  const equipment = store.list("equipment");
  const repeats = equipment.length
    ? monthRepeats(
        data.notices,
        data.letters,
        equipment,
        month,
        store.config.equipment.repeatFaultDays,
        (at) => dateLocal(at, store.tz),
      )
    : undefined;
  // D22: the R&D work orders open at the month's end (or today, in the running month), with their age.
  const orders = store.list("rd");
  const [y, mo] = month.split("-").map(Number);
  const monthEnd = new Date(Date.UTC(y, mo, 0)).toISOString().slice(0, 10);
  const today = dateLocal(store.now(), store.tz);
  const rdOrders = orders.length ? openOrders(orders, monthEnd < today ? monthEnd : today) : undefined;
  const m = data.monthlies?.find((x) => x.month === month);
  const sup = m ? data.people.find((p) => p.id === m.by) : supervisorOf(data.people);
  const context = docContext(store);
  const dir = outDirFor(store, o);
  const name = monthlyFileName(month);
  // Rendered only when its inputs changed (issue 18) — the charts' too: their font. A rendering whose
  // charts had a problem (no CJK font, no rasteriser) is not remembered, so it is tried again each time.
  const font = findCjkFont(store.env);
  const inputs = inputsKey([
    "monthly",
    figures,
    context,
    font,
    sup?.name ?? null,
    m?.summary ?? null,
    repeats ?? null,
    rdOrders ?? null,
  ]);
  let written = upToDate(dir, name, inputs);
  let chartWarnings: string[] = [];
  if (!written) {
    const { monthCharts } = await import("./charts.ts");
    const { monthlyDoc } = await import("./monthly-docx.ts");
    const { packDeterministic } = await import("./docx/kit.ts");
    const charts = await monthCharts(figures, store.env);
    chartWarnings = charts.warnings;
    const doc = monthlyDoc(figures, context, {
      charts: charts.charts,
      supervisorName: sup?.name,
      summary: m?.summary,
      chartWarnings: charts.charts.length ? [] : charts.warnings,
      ...(repeats ? { repeats } : {}),
      ...(rdOrders ? { rdOrders } : {}),
    });
    const bytes = await packDeterministic(doc);
    written = await writeDocument(dir, name, bytes, {
      ...o,
      ...(charts.warnings.length ? {} : { inputs }),
      lock: outLock(store),
    });
  }
  return {
    figures,
    written,
    warnings: [...figures.calendarWarnings, ...chartWarnings],
    ...(repeats ? { repeats } : {}),
    ...(rdOrders ? { rdOrders } : {}),
  };
}

/**
 * Every engineer's stored weekly report of the week, rendered (the records are not changed): those
 * whose inputs changed only, packed in this thread and in worker threads (issue 18), then written in
 * the engineers' order as one at a time would write them.
 */
export async function writeAllWeekly(
  store: Store,
  data: ReportData,
  saturday: string,
  o: OutOptions,
): Promise<{ written: Written[]; missing: Person[] }> {
  const written: Written[] = [];
  const missing: Person[] = [];
  const context = docContext(store);
  const dir = outDirFor(store, o);
  const todo: { at: number; name: string; inputs?: string; job: RenderJob }[] = [];
  for (const p of engineersFor(data.people, saturday)) {
    if (!weeklyOf(data.weeklies, p.id, saturday)) {
      missing.push(p);
      continue;
    }
    const figures = engineerWeek(data, p.id, saturday);
    const name = engineerWeeklyFileName(figures.name, saturday);
    const inputs = inputsKey(["engineer-weekly", figures, context]);
    const up = upToDate(dir, name, inputs);
    if (up) written.push(up);
    else {
      todo.push({
        at: written.length,
        name,
        inputs,
        job: { id: todo.length, kind: "engineer-weekly", figures, context },
      });
      written.push({ path: join(dir, name), status: "written" }); // replaced below
    }
  }
  const bytes = await renderAll(
    todo.map((d) => d.job),
    store.env,
  );
  for (const [i, d] of todo.entries())
    written[d.at] = await writeDocument(dir, d.name, bytes[i], {
      ...o,
      inputs: d.inputs,
      lock: outLock(store),
    });
  return { written, missing };
}

/** dist/render-worker.js next to the bundle, when running from the build (not from the sources). */
function renderWorkerScript(env: NodeJS.ProcessEnv): URL | undefined {
  if (env.SVC_RENDER_WORKERS === "0") return undefined;
  for (const rel of ["./render-worker.js", "../render-worker.js"]) {
    const url = new URL(rel, import.meta.url);
    if (url.protocol === "file:" && url.pathname.includes("/dist/") && existsSync(url)) return url;
  }
  return undefined;
}

/** Below this many documents a worker's start-up (loading docx, ~0.1 s) is not worth it. */
const RENDER_PARALLEL_MIN = 8;

/**
 * The bytes of each job, in order: rendered by this thread and by worker threads (one per further
 * core, at most three) taking the next job as they finish. A worker that fails leaves its job to
 * this thread: slower, never different (rendering is a pure function of the figures).
 */
async function renderAll(jobs: RenderJob[], env: NodeJS.ProcessEnv = process.env): Promise<Uint8Array[]> {
  const out: Uint8Array[] = new Array(jobs.length);
  let next = 0;
  // SVC_RENDER_WORKERS=0: this thread only; =1: workers however few the documents (the tests)
  const script =
    jobs.length >= RENDER_PARALLEL_MIN || env.SVC_RENDER_WORKERS === "1"
      ? renderWorkerScript(env)
      : undefined;
  const threads = script ? Math.min(availableParallelism(), 4) - 1 : 0;
  const workers: Promise<void>[] = [];
  for (let w = 0; w < threads && script; w++)
    workers.push(
      new Promise<void>((resolve) => {
        const worker = new Worker(script);
        let current: number | undefined;
        const give = () => {
          if (next >= jobs.length) {
            current = undefined;
            void worker.terminate();
            return resolve();
          }
          current = next++;
          worker.postMessage(jobs[current]);
        };
        worker.on("message", (m: { id: number; bytes?: Uint8Array }) => {
          if (m.bytes) out[m.id] = m.bytes;
          give();
        });
        const fail = () => {
          current = undefined;
          resolve();
        };
        worker.once("error", fail);
        worker.once("exit", fail);
        give();
      }),
    );
  while (next < jobs.length) {
    const i = next++;
    out[i] = await renderJob(jobs[i]);
    await new Promise((r) => setImmediate(r)); // let the workers' messages in
  }
  await Promise.all(workers);
  // what a failed worker left (its job, or a job it answered with an error)
  for (let i = 0; i < jobs.length; i++) out[i] ??= await renderJob(jobs[i]);
  return out;
}

/** The latest week that has stored weekly reports, else the week of today. */
export function latestReportWeek(store: Store, data: ReportData): string {
  const weeks = [...data.weeklies.map((w) => w.week), ...data.departmentWeeklies.map((w) => w.week)].sort();
  return weeks.at(-1) ?? saturdayOf(dateLocal(store.now(), store.tz));
}

/** The latest month with an issued monthly report (M-YYYYMM), else last month. */
export function latestReportMonth(store: Store, data: ReportData): string {
  const months = (data.monthlies ?? []).map((m) => m.month).sort();
  return months.at(-1) ?? addMonths(monthLocal(store.now(), store.tz), -1);
}

export interface SampleReports {
  week: string;
  month: string;
  written: Written[];
  warnings: string[];
}

/**
 * `npm start`: render the sample's weekly reports (the latest week with stored reports), the
 * department weekly report of that week and the monthly report of the latest issued month (else last
 * month) into the output folder (out/). Re-running gives identical files (nothing is replaced).
 */
export async function renderSampleReports(store: Store, o: OutOptions): Promise<SampleReports> {
  const data = loadReportData(store);
  const week = latestReportWeek(store, data);
  const month = latestReportMonth(store, data);
  const written: Written[] = [];
  const warnings: string[] = [];
  const all = await writeAllWeekly(store, data, week, o);
  written.push(...all.written);
  for (const p of all.missing)
    warnings.push(
      t(
        `${p.name}（${p.id}）未提交 ${week} 所在周的周报`,
        `${p.name} (${p.id}) has not handed in the weekly report of ${week}`,
      ),
    );
  written.push((await writeDepartmentWeekly(store, data, week, o)).written);
  const monthly = await writeMonthly(store, data, month, o);
  written.push(monthly.written);
  warnings.push(...monthly.warnings);
  return { week, month, written, warnings };
}
