// `svc dashboard`: from the store to the site's files. The records are read once; every figure comes
// from the domain functions the reports use (monthFigures — what `svc monthly --json` prints —, the
// assessment, the customer's file, the record's history) and the month's charts from the monthly
// report's Vega-Lite specs (charts.ts); html.ts turns them into pages and write.ts writes what changed.
import { createHash } from "node:crypto";
import { closeSync, constants, fstatSync, lstatSync, openSync, readFileSync, realpathSync } from "node:fs";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { groupBy } from "../../core/group.ts";
import { t } from "../../core/i18n.ts";
import { addDays, addMonths, dateLocal, monthLocal } from "../../core/time.ts";
import type { Sheet } from "../../domain/assessment.ts";
import { makeCalendar } from "../../domain/calendar.ts";
import { complaintFigures } from "../../domain/customer-complaints.ts";
import type { DueItem } from "../../domain/due.ts";
import { customerFile } from "../../domain/equipment.ts";
import {
  isOverdue,
  letterMissingSteps,
  type MonthFigures,
  monthFigures,
  type ReportData,
  type WeekReport,
  weeklyStatus,
} from "../../domain/figures.ts";
import { rdState } from "../../domain/rd.ts";
import { amendmentEvent, type HistoryEvent, recordHistory, solutionEvent } from "../../domain/views.ts";
import type { Letter, Notice } from "../../schemas/index.ts";
import { cacheDir, readCache, writeCache } from "../../store/cache.ts";
import type { Store } from "../../store/store.ts";
import { monthChartSvgs, trendChartSvg } from "../charts.ts";
import { loadFigureData } from "../reports.ts";
import * as assets from "./assets.ts";
import { recordCommits } from "./history.ts";
import * as html from "./html.ts";
import { firstMonth, pageMonths } from "./months.ts";
import { maskPhones } from "./pages/layout.ts";
import { type MiniSearchClass, searchFiles } from "./search-index.ts";
import { type SiteWrite, SiteWriter } from "./write.ts";

export interface DashboardOptions {
  /** The site's folder (absolute). */
  dir: string;
  month: string;
  /** The instant the site is "as of" (svc's clock: the same as `svc due` and `svc monthly`). */
  asOf: string;
  english: boolean;
  includePay: boolean;
  includeContacts: boolean;
  /** The department's due items now (`svc due`). */
  due: DueItem[];
  /** Words one due item (src/commands/due-text.ts). */
  dueText: (i: DueItem) => string;
  /** The month's assessment as it stands: signed or draft (amended), else computed from the records. */
  assessment: { sheets: Sheet[]; state: html.AssessmentState };
  /** The weekly reports, as much of them as the figures read (the command reads them so, once). */
  weeklies: WeekReport[];
}

export interface DashboardResult extends SiteWrite {
  dir: string;
  index: string;
  pages: number;
  warnings: string[];
  omitted: string[];
  figures: MonthFigures;
}

/** Months of the trend: the month and the eleven before it. */
export const TREND_MONTHS = 12;

export async function buildDashboard(store: Store, o: DashboardOptions): Promise<DashboardResult> {
  const tz = store.tz;
  const warnings: string[] = [];
  const data: ReportData<WeekReport> = loadFigureData(store, () => o.weeklies);
  const records = recordDigests(store);
  const digest = (rec: object): string => records.info(rec).d;
  const calendar = makeCalendar(store.config.calendar);
  const figures = monthFigures(data, o.month, calendar, o.asOf);
  warnings.push(...figures.calendarWarnings);
  const trend = [] as html.TrendRow[];
  const trendData: ReportData<WeekReport> = { ...data, notices: [] };
  const trendCache = jsonCache<html.TrendRow>(store, "dashboard-trend.json");
  const inputs = trendInputs(data, tz);
  const running = monthLocal(o.asOf, tz);
  for (let i = TREND_MONTHS - 1; i >= 0; i--) {
    const m = addMonths(o.month, -i);
    // A month that has ended is the same whatever "now": kept by what it is computed from.
    // (a weekly report due after the month's end, under an odd deadline, is judged at the time: the
    // key names the time until a fortnight after the month)
    const settled = dateLocal(o.asOf, tz) > addDays(`${addMonths(m, 1)}-01`, 13);
    const key = i > 0 && m < running ? trendKey(store, m, inputs, settled ? "" : o.asOf, digest) : undefined;
    const known = key ? trendCache.get(key) : undefined;
    if (known) {
      trend.push(known);
      continue;
    }
    // The trend shows rates of the letters completed, the weekly reports, incidents and complaints —
    // none reads the notices, which only the response-time clocks (not in the trend) need.
    const f = i === 0 ? figures : monthFigures(trendData, m, calendar, o.asOf);
    const row = {
      month: m,
      completed: f.onTime.completed,
      onTimeRate: f.onTime.rate,
      documentsRate: f.documents.letters.rate,
      weeklyRate: f.documents.weekly.rate,
      incidents: f.incidents.classI + f.incidents.classII,
      complaints: f.complaints.count,
    };
    if (key) trendCache.set(key, row);
    trend.push(row);
  }
  trendCache.save();
  const cjk = !o.english;
  const svgs = jsonCache<string>(store, "dashboard-charts.json");
  // the charts label engineers by name: masked as the pages mask them (a name holding a phone number)
  const charts = await monthChartSvgs(o.includeContacts ? figures : namesMasked(figures), cjk, svgs);
  warnings.push(...charts.warnings);
  const trendSvg = await trendChartSvg(trend, cjk, svgs);
  svgs.save();
  if (trendSvg.warning) warnings.push(trendSvg.warning);

  const people = data.people;
  const customers = data.customers;
  const equipment = store.list("equipment");
  const rd = store.list("rd");
  const amendments = store.list("amendment");
  const allLetters = store.list("letter"); // cancelled ones too: their pages say so
  const names = {
    person: new Map(people.map((p) => [p.id, p.name])),
    customer: new Map(customers.map((c) => [c.id, c.name])),
  };
  const ctx: html.Ctx = {
    english: o.english,
    contacts: o.includeContacts,
    pay: o.includePay,
    department: store.config.department,
    company: store.config.company,
    tz,
    month: o.month,
    asOf: o.asOf,
    person: (id) => names.person.get(id) ?? id,
    customer: (id) => names.customer.get(id) ?? id,
    hasPerson: (id) => names.person.has(id),
    hasCustomer: (id) => names.customer.has(id),
  };

  const writer = new SiteWriter(o.dir);
  let pages = 0;
  const put = (rel: string, text: string | Uint8Array, key?: string) => {
    writer.put(rel, text, key);
    pages++;
  };

  // ---------------------------------------------------------------- the records' commits (one walk)
  const commits = await recordCommits(store);

  // ---------------------------------------------------------------- attachments
  const attachments = new Map<string, html.AttachmentLink>();
  const attach = (rec: object) =>
    records.info(rec).attached
      ? attachmentsOf(rec).map((a) => copyAttachment(store, a, attachments, put, warnings))
      : [];

  // ---------------------------------------------------------------- letters and notices
  const noticeById = new Map(data.notices.map((n) => [n.id, n]));
  const lettersByNotice = groupBy(allLetters, (l) => l.notice || undefined);
  const amendmentsOf = groupBy(amendments, (a) => a.target);
  const customerOfLetter = (l: Letter) =>
    l.unplanned?.customer ?? (l.notice ? noticeById.get(l.notice)?.customer : undefined);
  const rdOf = new Map<string, { id: string; state: string }[]>();
  for (const [letter, orders] of groupBy(rd, (r) => r.letter))
    rdOf.set(
      letter,
      orders.map((r) => ({ id: r.id, state: rdState(r) })),
    );

  // A letter's or notice's page is made again only when what it shows may differ: its key is the hash
  // of everything it is made from (the record, its amendments and commits, its letters or R&D orders,
  // the names, the flags and svc's own code). The key is in the manifest; same key, same page.
  const base = [
    pageCodeVersion(),
    o.english,
    o.includeContacts,
    o.includePay,
    tz,
    store.config.department,
    store.config.company ?? "",
    people.map((p) => [p.id, p.name, p.email]),
    customers.map((c) => [c.id, c.name]),
  ];
  const baseKey = createHash("sha256").update(JSON.stringify(base)).digest("hex");
  const keyOf = (...parts: unknown[]) =>
    createHash("sha256").update(baseKey).update(JSON.stringify(parts)).digest("hex");
  const digestsOf = (recs: readonly object[] | undefined) => (recs ?? []).map(digest);
  // The pages kept are decided first; the commits of the pages to make are then asked at once.
  const lettersToMake: { letter: Letter; rel: string; key: string; files: html.AttachmentLink[] }[] = [];
  for (const l of allLetters) {
    const rel = `letters/${l.id}.html`;
    const files = attach(l);
    const key = keyOf(
      digest(l),
      digestsOf(amendmentsOf.get(l.id)),
      commits.shas(l.id), // a commit's author, time and subject are its id's
      rdOf.get(l.id),
      customerOfLetter(l),
      files,
    );
    if (writer.keep(rel, key)) pages++;
    else lettersToMake.push({ letter: l, rel, key, files });
  }
  const noticeLetters = (n: Notice) =>
    (lettersByNotice.get(n.id) ?? []).map((l) => ({ id: l.id, status: l.status, engineer: l.engineer }));
  const noticesToMake: { notice: Notice; rel: string; key: string; files: html.AttachmentLink[] }[] = [];
  for (const n of data.notices) {
    const rel = `notices/${n.id}.html`;
    const files = attach(n);
    const key = keyOf(
      digest(n),
      digestsOf(amendmentsOf.get(n.id)),
      commits.shas(n.id),
      noticeLetters(n),
      files,
    );
    if (writer.keep(rel, key)) pages++;
    else noticesToMake.push({ notice: n, rel, key, files });
  }
  await commits.load([...lettersToMake.map((x) => x.letter.id), ...noticesToMake.map((x) => x.notice.id)]);
  for (const { letter: l, rel, key, files } of lettersToMake) {
    const cs = commits.commitsOf(l.id);
    const events: HistoryEvent[] = [
      ...recordHistory(l),
      ...(amendmentsOf.get(l.id) ?? []).map(amendmentEvent),
    ];
    const sol = solutionEvent(
      l,
      cs.map((c) => ({ commit: c.sha, author: c.name, email: c.email, at: c.date, subject: c.subject })),
      people,
    );
    if (sol) events.push(sol);
    put(
      rel,
      html.letterPage(ctx, {
        letter: l,
        customer: customerOfLetter(l),
        timeline: html.timeline(events, cs),
        attachments: files,
        rd: rdOf.get(l.id) ?? [],
      }),
      key,
    );
  }
  for (const { notice: n, rel, key, files } of noticesToMake) {
    const cs = commits.commitsOf(n.id);
    const events = [...recordHistory(n), ...(amendmentsOf.get(n.id) ?? []).map(amendmentEvent)];
    put(
      rel,
      html.noticePage(ctx, {
        notice: n,
        letters: noticeLetters(n),
        timeline: html.timeline(events, cs),
        attachments: files,
      }),
      key,
    );
  }

  // ---------------------------------------------------------------- customers and equipment
  const today = dateLocal(o.asOf, tz);
  const noticesOf = groupBy(data.notices, (n) => n.customer);
  const lettersOf = groupBy(allLetters, (l) => customerOfLetter(l) || undefined);
  const equipmentOf = groupBy(equipment, (e) => e.customer);
  const customerById = new Map(customers.map((c) => [c.id, c]));
  const fileInput = (customerId: string, equipmentId?: string) => {
    const letters = (lettersOf.get(customerId) ?? []).filter((l) => !l.cancelled);
    return {
      customer: customerById.get(customerId) ?? { id: customerId, name: customerId },
      equipment: equipmentOf.get(customerId) ?? [],
      notices: noticesOf.get(customerId) ?? [],
      letters,
      today,
      repeatDays: store.config.equipment.repeatFaultDays,
      ...(equipmentId ? { equipmentId } : {}),
      rdOrders: letters.flatMap((l) => (rdOf.get(l.id) ?? []).map((r) => ({ ...r, letter: l.id }))),
    };
  };
  // A customer's or unit's page, like a letter's, is made again only when what its file is made
  // from changed (the records by their hashes, the day, the repeat-fault window, the R&D orders).
  const fileKey = (kind: string, self: object, input: ReturnType<typeof fileInput>) =>
    keyOf(
      kind,
      digest(self),
      input.equipmentId ?? null,
      digest(input.customer),
      digestsOf(input.equipment),
      digestsOf(input.notices),
      digestsOf(input.letters),
      input.today,
      input.repeatDays,
      input.rdOrders,
    );
  for (const c of customers) {
    const rel = `customers/${c.id}.html`;
    const input = fileInput(c.id);
    const key = fileKey("customer", c, input);
    if (writer.keep(rel, key)) pages++;
    else put(rel, html.customerPage(ctx, { customer: c, file: customerFile(input) }), key);
  }
  for (const e of equipment) {
    const rel = `equipment/${e.id}.html`;
    const input = fileInput(e.customer, e.id);
    const key = fileKey("equipment", e, input);
    if (writer.keep(rel, key)) pages++;
    else put(rel, html.equipmentPage(ctx, { equipment: e, file: customerFile(input) }), key);
  }

  // ---------------------------------------------------------------- engineers
  const { sheets, state: assessmentState } = o.assessment;
  const [mFrom, mTo] = [figures.period.from, figures.period.to];
  const engineers = people.filter(
    (p) => p.roles.includes("engineer") || allLetters.some((l) => l.engineer === p.id),
  );
  const lettersOfEngineer = groupBy(allLetters, (l) => l.engineer);
  const dueShown = o.due.map((i) => ({ item: i, text: o.dueText(i) }));
  const dueOf = new Map<string, typeof dueShown>();
  for (const x of dueShown)
    for (const w of x.item.who) {
      const mine = dueOf.get(w);
      if (mine) mine.push(x);
      else dueOf.set(w, [x]);
    }
  for (const p of people) {
    const mine = (lettersOfEngineer.get(p.id) ?? []).filter((l) => !l.cancelled);
    const trips = mine
      .filter(
        (l) =>
          l.travel?.departed &&
          l.travel.departed.slice(0, 10) <= mTo &&
          (!l.travel.returned || l.travel.returned.slice(0, 10) >= mFrom),
      )
      .map((l) => ({
        letter: l.id,
        destination: l.travel!.destination,
        departed: l.travel!.departed!,
        returned: l.travel!.returned ?? null,
        days: l.travel!.days,
      }));
    put(
      `engineers/${p.id}.html`,
      html.engineerPage(ctx, {
        person: p,
        open: mine
          .filter((l) => !l.completion)
          .map((l) => ({ letter: l, customer: customerOfLetter(l) }))
          .sort((a, b) => (a.letter.id < b.letter.id ? -1 : 1)),
        completed: figures.onTime.perEngineer.find((e) => e.engineer === p.id),
        sheet: sheets.find((s) => s.person === p.id),
        assessmentState,
        weekly: figures.documents.weekly.rows.filter((r) => r.engineer === p.id),
        trips,
        due: dueOf.get(p.id) ?? [],
      }),
    );
  }

  // ---------------------------------------------------------------- pay (only with --include-pay)
  const omitted: string[] = [];
  const payrolls = store.list("payroll");
  if (o.includePay) {
    for (const p of payrolls) put(`pay/${p.id}.html`, html.payPage(ctx, p));
  } else {
    omitted.push(
      t(
        `工资表页面（${payrolls.length} 张工资表）与考核金额：加 --include-pay 生成`,
        `the payroll pages (${payrolls.length} payrolls) and assessment amounts: add --include-pay`,
      ),
    );
  }
  if (!o.includeContacts)
    omitted.push(
      t(
        "电话号码已隐去中间数字：加 --include-contacts 显示",
        "phone numbers are masked: add --include-contacts",
      ),
    );

  // ---------------------------------------------------------------- the months (months/YYYY-MM.html)
  // A month that has ended is the same whatever "now" (as the trend's rows): its figures are kept in
  // the cache and its page in the site by the key of what they are computed from; the running month
  // and one just ended are computed again.
  const months = pageMonths(o.month, running, firstMonth(data), TREND_MONTHS);
  const monthCache = jsonCache<MonthFigures>(store, "dashboard-months.json");
  for (const m of months) {
    if (m === o.month) continue;
    const rel = `months/${m}.html`;
    const settled = m < running && dateLocal(o.asOf, tz) > addDays(`${addMonths(m, 1)}-01`, 13);
    const done = inputs.done.get(m) ?? [];
    const figuresKey = settled
      ? createHash("sha256")
          .update(trendKey(store, m, inputs, "", digest))
          .update(
            JSON.stringify(
              [...new Set(done.map((l) => l.notice && noticeById.get(l.notice)))].map((n) => n && digest(n)),
            ),
          )
          .digest("hex")
      : undefined;
    const key = figuresKey ? keyOf("month", m, months, running, figuresKey) : undefined;
    if (key && writer.keep(rel, key)) {
      if (figuresKey) monthCache.get(figuresKey); // still in use
      pages++;
      continue;
    }
    let f = figuresKey ? monthCache.get(figuresKey) : undefined;
    if (!f) {
      f = monthFigures(data, m, calendar, o.asOf);
      if (figuresKey) monthCache.set(figuresKey, f);
    }
    put(rel, html.monthPage(ctx, { figures: f, months }), key);
  }
  monthCache.save();

  // ---------------------------------------------------------------- the department, lists, search
  put(
    "index.html",
    html.departmentPage(ctx, {
      figures,
      charts: charts.charts,
      trend,
      trendSvg: trendSvg.svg,
      due: dueShown,
      engineers: engineers.filter((p) => p.active !== false).map((p) => p.id),
      omitted,
      payrolls: o.includePay ? payrolls.map((p) => p.id) : [],
      months,
    }),
  );
  put("due.html", html.duePage(ctx, dueShown));
  put("customers.html", html.customersPage(ctx, customers));
  put("people.html", html.peoplePage(ctx, people));
  put("assets/site.css", assets.CSS);
  put("assets/app.js", assets.APP_JS);
  put("assets/icon.svg", assets.ICON);
  put("assets/minisearch.js", assets.minisearchSource());
  // ---------------------------------------------------------------- the search's index
  // Built in shards (search-index.ts): a shard whose documents did not change is kept as the last
  // build wrote it; the others are built and written one at a time, after the pages (whose memory
  // is free again; the documents are made only now).
  {
    const docs = html.searchDocs(ctx, {
      people,
      customers,
      letters: allLetters.map((l) => ({ letter: l, customer: customerOfLetter(l) })),
      notices: data.notices,
      equipment,
    });
    let MiniSearch: MiniSearchClass | undefined;
    for (const group of searchFiles(docs, pageCodeVersion(), () => MiniSearch!)) {
      const kept = group.rels.map((rel) => writer.keep(rel, group.key));
      pages += kept.filter(Boolean).length;
      if (kept.every(Boolean)) continue;
      if (group.shard) MiniSearch ??= (await import("minisearch")).default as unknown as MiniSearchClass;
      const made = group.make();
      group.rels.forEach((rel, i) => {
        if (!kept[i]) put(rel, made[i]!, group.key);
      });
    }
  }

  records.save();
  const written = writer.finish();
  return {
    ...written,
    dir: o.dir,
    index: join(o.dir, "index.html"),
    pages,
    warnings,
    omitted,
    figures,
  };
}

/**
 * What the last build computed, by key, in .git/svc/cache/NAME — the charts (by spec) and the trend's
 * past months (by what they are computed from): a build whose inputs did not change computes nothing
 * again (nor loads vega). Only this build's entries are kept.
 */
function jsonCache<T>(
  store: Store,
  name: string,
): { get(key: string): T | undefined; set(key: string, v: T): void; save(): void } {
  const dir = cacheDir(store.gitDir, store.env);
  const file = dir ? join(dir, name) : undefined;
  let old: Record<string, T> = {};
  try {
    const text = readCache(file)?.toString("utf8");
    if (text) old = JSON.parse(text) as Record<string, T>;
  } catch {
    old = {};
  }
  const now = new Map<string, T>();
  return {
    get: (key) => {
      const v = Object.hasOwn(old, key) ? old[key] : undefined;
      if (v !== undefined) now.set(key, v);
      return v;
    },
    set: (key, v) => void now.set(key, v),
    save: () => {
      const keys = [...now.keys()].sort();
      if (file && (keys.length !== Object.keys(old).length || keys.some((k) => !Object.hasOwn(old, k))))
        writeCache(file, JSON.stringify(Object.fromEntries(keys.map((k) => [k, now.get(k)]))));
    },
  };
}

/**
 * A record stands in a page's key by the hash of its JSON, made once per build: a letter is in its
 * own page's key, its notice's and its customer's (and the unit's) file, its month's figures. A record
 * read from a blob git vouched for (Store.blobOf) has its digest kept by that blob (issue 17: hashing
 * 50,000 records' JSON cost ~0.3 s of each incremental build), with whether it carries an attachment
 * (walking every record for one cost ~0.1 s).
 */
function recordDigests(store: Store): {
  info(rec: object): { d: string; attached: boolean };
  save(): void;
} {
  const known = new WeakMap<object, { d: string; attached: boolean }>();
  const byBlob = digestCache(store);
  return {
    info: (rec) => {
      let x = known.get(rec);
      if (x === undefined) {
        const blob = store.blobOf(rec);
        const kept = blob === undefined ? undefined : byBlob.get(blob);
        if (kept !== undefined) x = { d: kept.slice(0, 64), attached: kept.length > 64 };
        else {
          x = {
            d: createHash("sha256").update(JSON.stringify(rec)).digest("hex"),
            attached: attachmentsOf(rec).length > 0,
          };
          if (blob !== undefined) byBlob.set(blob, x.attached ? `${x.d}+` : x.d);
        }
        known.set(rec, x);
      }
      return x;
    },
    save: () => byBlob.save(),
  };
}

/**
 * The records' digests (sha256 of their JSON, then "+" when the record carries an attachment) by
 * `kind blob` (Store.blobOf), in
 * `.git/svc/cache/dashboard-digests.json` under the store's judgedBy; the ones used are written back
 * when one was added or dropped. Nothing is kept with caches off.
 */
function digestCache(store: Store): {
  get(key: string): string | undefined;
  set(key: string, d: string): void;
  save(): void;
} {
  const dir = cacheDir(store.gitDir, store.env);
  const file = dir ? join(dir, "dashboard-digests.json") : undefined;
  // an entry is the digest, then "+" when the record carries an attachment (what it meant is the salt's)
  const salt = `${store.judgedBy}|attached`;
  let old: Record<string, string> = {};
  try {
    const text = readCache(file)?.toString("utf8");
    const got = text ? (JSON.parse(text) as { salt?: string; d?: Record<string, string> }) : undefined;
    if (got?.salt === salt && got.d) old = got.d;
  } catch {
    old = {};
  }
  const now = new Map<string, string>();
  let added = false;
  return {
    get: (key) => {
      const d = Object.hasOwn(old, key) ? old[key] : undefined;
      if (typeof d !== "string" || !DIGEST_ENTRY.test(d)) return undefined;
      now.set(key, d);
      return d;
    },
    set: (key, d) => {
      if (!file) return;
      now.set(key, d);
      added = true;
    },
    save: () => {
      if (file && (added || now.size !== Object.keys(old).length))
        writeCache(file, JSON.stringify({ salt, d: Object.fromEntries(now) }));
    },
  };
}

const DIGEST_ENTRY = /^[0-9a-f]{64}\+?$/;

/** The records of each month that monthFigures reads for the trend's figures, by month (YYYY-MM). */
function trendInputs(data: ReportData<WeekReport>, tz: string) {
  return {
    done: groupBy(data.letters, (l) =>
      l.completion?.at ? dateLocal(l.completion.at, tz).slice(0, 7) : undefined,
    ),
    weeklies: groupBy(data.weeklies, (w) => w.week.slice(0, 7) || undefined),
    incidents: groupBy(data.incidents, (i) => i.date.slice(0, 7) || undefined),
  };
}

let figuresCode: string | undefined;
/** The key of a past month's trend row: everything its figures are computed from, and the code. */
function trendKey(
  store: Store,
  month: string,
  inputs: ReturnType<typeof trendInputs>,
  asOf: string,
  digest: (rec: object) => string,
): string {
  figuresCode ??= createHash("sha256")
    .update(pageCodeVersion())
    .update(
      [monthFigures, weeklyStatus, letterMissingSteps, isOverdue, complaintFigures].map(String).join("\n"),
    )
    .digest("hex");
  // what every month's key shares, made once per store (the months' keys are asked ~24 times a build)
  let shared = sharedTrendInputs.get(store);
  if (shared === undefined) {
    shared = createHash("sha256")
      .update(JSON.stringify([store.config, store.people(), store.list("customer-complaint")]))
      .digest("hex");
    sharedTrendInputs.set(store, shared);
  }
  return createHash("sha256")
    .update(figuresCode)
    .update(shared)
    .update(
      JSON.stringify([
        month,
        asOf,
        (inputs.done.get(month) ?? []).map(digest),
        inputs.weeklies.get(month) ?? [], // four fields each (WeekReport): as they are
        (inputs.incidents.get(month) ?? []).map(digest),
      ]),
    )
    .digest("hex");
}
const sharedTrendInputs = new WeakMap<Store, string>();

// ------------------------------------------------------------------ attachments

interface AttachmentRef {
  path: string;
  sha256: string;
  name?: string;
}

/** Every attachment a record carries (any `{path, sha256}` in it), in the record's order. */
export function attachmentsOf(rec: unknown): AttachmentRef[] {
  const out: AttachmentRef[] = [];
  const visit = (v: unknown) => {
    if (Array.isArray(v)) for (const x of v) visit(x);
    else if (v && typeof v === "object") {
      const o = v as Record<string, unknown>;
      if (typeof o.path === "string" && typeof o.sha256 === "string" && /^[0-9a-f]{64}$/.test(o.sha256))
        out.push({ path: o.path, sha256: o.sha256, ...(typeof o.name === "string" ? { name: o.name } : {}) });
      else for (const x of Object.values(o)) visit(x);
    }
  };
  visit(rec);
  return out;
}

const IMAGE = new Set([".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp"]);
/**
 * The kinds of file a browser shows without running anything of theirs, kept under their own
 * extension. Any other attachment (.html, .svg, .xhtml, .xml, .js … — a customer's e-mail saved as a
 * page, a drawing) would run its scripts in the site's origin if opened from it: it is stored as
 * `.bin`, which a browser downloads instead of showing, and linked with `download` under its name.
 */
const PASSIVE = new Set([
  ...IMAGE,
  ...[".pdf", ".txt", ".log", ".csv", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".ods"],
  ...[".zip", ".rar", ".7z", ".gz", ".tar", ".mp3", ".wav", ".m4a", ".amr", ".mp4", ".mov", ".avi"],
]);

/**
 * The attachment copied into the site (assets/files/<sha256><ext>, content-addressed), read without
 * following a link and only when its bytes have the recorded sha256; else a warning and no link.
 */
function copyAttachment(
  store: Store,
  a: AttachmentRef,
  seen: Map<string, html.AttachmentLink>,
  put: (rel: string, bytes: Uint8Array) => void,
  warnings: string[],
): html.AttachmentLink {
  const ext0 = extname(a.name ?? a.path).toLowerCase();
  const ext = PASSIVE.has(ext0) ? ext0 : ".bin";
  const key = `${a.sha256}${ext}`;
  const known = seen.get(key);
  const label = a.name ?? a.path.split("/").at(-1) ?? a.path;
  if (known) return { ...known, name: label };
  let link: html.AttachmentLink = { name: label, missing: true };
  const bytes = readRegular(store.root, a.path);
  if (bytes && createHash("sha256").update(bytes).digest("hex") === a.sha256) {
    const rel = `assets/files/${key}`;
    put(rel, bytes);
    link = {
      name: label,
      href: rel,
      ...(IMAGE.has(ext) ? { image: true } : ext === ".bin" ? { download: true } : {}),
    };
  } else
    warnings.push(
      t(
        `附件 ${a.path} 缺失或与记录的 sha256 不符，网站未收录`,
        `attachment ${a.path} is missing or does not match its sha256; left out of the site`,
      ),
    );
  seen.set(key, link);
  return link;
}

/** A copy of `v` with every `name` string's phone numbers masked (maskPhones). */
function namesMasked<T>(v: T): T {
  if (Array.isArray(v)) return v.map(namesMasked) as T;
  if (!v || typeof v !== "object") return v;
  return Object.fromEntries(
    Object.entries(v).map(([k, x]) => [
      k,
      k === "name" && typeof x === "string" ? maskPhones(x) : namesMasked(x),
    ]),
  ) as T;
}

/**
 * The bytes of the regular file `rel` inside the repository `root`, when no part of its path is a
 * link: a link in a folder of the path (attachments/x → /etc) would read a file from outside.
 */
function readRegular(root: string, rel: string): Buffer | undefined {
  if (rel.split(/[\\/]/).includes("..")) return undefined;
  const abs = join(root, rel);
  const st = lstatSync(abs, { throwIfNoEntry: false });
  if (!st?.isFile()) return undefined;
  try {
    if (realpathSync(abs) !== join(realpathSync(root), rel)) return undefined;
    const fd = openSync(abs, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
    try {
      return fstatSync(fd).isFile() ? readFileSync(fd) : undefined;
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

let codeVersion: string | undefined;
/**
 * What the pages' keys depend on of svc itself: its version and the bytes of the module that renders
 * the pages (this file, bundled with html.ts) — a new svc makes every page again.
 */
function pageCodeVersion(): string {
  if (codeVersion === undefined) {
    let code = "";
    try {
      code = readFileSync(fileURLToPath(import.meta.url), "utf8");
    } catch {
      code = String(Math.random()); // unknown: never reuse a page
    }
    // and html.ts's own code, should it be a module of its own (running from the sources)
    const rendering = [...Object.values(html), ...Object.values(assets)].map(String).join("\n");
    codeVersion = createHash("sha256").update(code).update(rendering).digest("hex");
  }
  return codeVersion;
}
