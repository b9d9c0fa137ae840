// Issue 17: the sample department's dashboard opened from file:// in headless Chromium, as a person
// would use it. Three sites of one department, one after the other in one browser for the file (a
// launch of Chromium and a load of playwright cost more than the pages of a site), each with pages
// and a guard of its own:
// - the site of 2026-11-30 — the figures, a click to an engineer, a search for a customer's Chinese
//   name, a letter's timeline, the layout on a phone (375 px) and a desktop (1440 px), how soon the
//   department page is usable;
// - (wave 4, t-dashpages) the pages as the GM reads them on the morning of 2026-12-01 — the month
//   shown by default (the month just ended, said, the other months a click away), a hand commit on a
//   letter's timeline, the charts and tables readable at phone width (375 px), due items in words;
// - the site printed and in English — the print stylesheet leaves out the header and the search and
//   keeps the figures (a PDF of the department page is saved for review), and `svc dashboard --lang
//   en` gives an English site whose figures and search are the same.
// The department: the sample, with one step 黄勇 logged today through svc and one hand commit on
// another letter, made once for the three. Every request is routed: one outside the site's folder
// fails the site's tests, and so does any console error. Screenshots for review go to
// test/artifacts/dashboard/ (git-ignored). Skipped, saying so, only when Chromium cannot be found.
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ARTIFACTS,
  CHROMIUM,
  type Guarded,
  guard,
  images,
  interactiveTime,
  type Launched,
  launch,
  layout,
  NO_CHROMIUM,
  shoot,
  siteUrl,
} from "./dashboard.browser-kit.ts";
import { cleanup, git, type Identity, SUP, sampleRepo, svcIn, tempDir } from "./helpers.ts";

if (!CHROMIUM) console.warn(NO_CHROMIUM);

const MONTH = "2026-11";
const NOW = { SVC_NOW: "2026-11-30T18:00:00+08:00" };
/** An open letter of 黄勇's (hence a step of today with its commit), and a customer. */
const LETTER = "L-20261116-0xsgp";
const ARCHIVED = "L-20261008-av17s"; // the whole workflow, 结案
const HUANG: Identity = { name: "黄勇", email: "huangyong@dfzk.example.com" };
const SUPERVISOR: Identity = { name: "王志强", email: "wangzhiqiang@dfzk.example.com" };
const CUSTOMER = { id: "hz-xinghua", name: "杭州兴华纺织机械有限公司" };

/** A figure's JSON path ("evaluation.total.优") in `svc monthly --json`'s figures. */
function at(figures: unknown, path: string): unknown {
  let v: unknown = figures;
  for (const k of path.split(".")) v = (v as Record<string, unknown> | undefined)?.[k];
  return v;
}
/** The letter a hand commit touches (the pages of 2026-12-01), and who commits by hand. */
const HAND_LETTER = "L-20261009-4qyg8";
const HAND = { name: "王志强", email: "wangzhiqiang@dfzk.example.com" };

/** The department the three sites are built from, and the one browser, made once for the file. */
interface Shared {
  repo: string;
  /** The commit of 黄勇's step today on LETTER. */
  logCommit: string;
  /** The hand commit on HAND_LETTER. */
  hand: string;
  /** The browser's context: each describe opens its own pages in it, and guards it for its site. */
  chromium: Launched;
}
let made: Promise<Shared> | undefined;
function shared(): Promise<Shared> {
  made ??= (async () => {
    const repo = sampleRepo();
    // One real step today: 黄勇 logs his work on an open letter (its commit is on the timeline).
    const log = await svcIn(repo, ["log", LETTER, "更换电源模块后试运行 2 小时正常", "--json"], HUANG, {
      SVC_NOW: "2026-11-30T16:45:00+08:00",
    });
    expect(log.code, log.stderr).toBe(0);
    const logCommit = JSON.parse(log.stdout).commit;
    // A hand commit on another letter (the timeline of 2026-12-01's pages).
    appendFileSync(join(repo, "letters", "2026", `${HAND_LETTER}.yaml`), "# 手工补注\n");
    git(repo, ["add", "-A"], HAND);
    git(repo, ["commit", "-q", "-m", "a note by hand"], HAND);
    const hand = git(repo, ["rev-parse", "HEAD"]).trim();
    return { repo, logCommit, hand, chromium: await launch(CHROMIUM) };
  })();
  return made;
}

afterAll(async () => {
  if (!made) return;
  const { repo, chromium } = await made;
  await chromium.close();
  cleanup(repo);
});

/** A site's guard and two pages in the shared browser: the desktop's (`desktop`: its size) and a phone's (375 px). */
async function pagesOf(b: Launched, site: string, desktop?: { width: number; height: number }) {
  const g = await guard(b.context, site);
  const desk = await b.context.newPage();
  if (desktop) await desk.setViewportSize(desktop);
  const phone = await b.context.newPage();
  await phone.setViewportSize({ width: 375, height: 812 });
  return { g, desk, phone };
}

async function closePages(p: { g?: Guarded; desk?: Page; phone?: Page }): Promise<void> {
  await p.g?.stop();
  await Promise.all([p.desk?.close(), p.phone?.close()]);
}

describe.skipIf(!CHROMIUM)("svc dashboard in Chromium (issue 17)", () => {
  let repo: string;
  let site: string;
  let url: string;
  let b: Launched;
  let g: Guarded;
  let desk: Page;
  let phone: Page;
  let monthly: Record<string, unknown>;
  let logCommit: string;

  beforeAll(async () => {
    const s = await shared();
    ({ repo, logCommit } = s);
    site = join(repo, "out", "dashboard");
    const d = await svcIn(repo, ["dashboard", "--month", MONTH, "--json"], SUPERVISOR, NOW);
    expect(d.code, d.stderr).toBe(0);
    expect(JSON.parse(d.stdout).dir).toBe(site);
    const m = await svcIn(repo, ["monthly", "--month", MONTH, "--json"], SUPERVISOR, NOW);
    expect(m.code, m.stderr).toBe(0);
    monthly = JSON.parse(m.stdout).figures;
    url = siteUrl(site);
    b = s.chromium;
    ({ g, desk, phone } = await pagesOf(b, site));
  }, 120_000);

  afterAll(() => closePages({ g, desk, phone }));

  it("issue 17: the department page's figures are svc monthly --json's, and shown", async () => {
    await desk.goto(`${url}index.html`);
    const figures = await desk.locator("[data-figure]").evaluateAll((els) =>
      els.map((e) => ({
        name: e.getAttribute("data-figure") ?? "",
        value: e.getAttribute("value"),
        text: (e.textContent ?? "").trim(),
        visible: (e as HTMLElement).offsetParent !== null,
      })),
    );
    // The headline figures a GM reads first are there.
    const names = figures.map((f) => f.name);
    for (const n of [
      "onTime.rate",
      "onTime.completed",
      "evaluation.total.优",
      "documents.letters.rate",
      "incidents.classI",
      "sla.total.response.rate",
      "survey.coverage",
      "complaints.count",
    ])
      expect(names, n).toContain(n);
    for (const f of figures) {
      const want = at(monthly, f.name);
      expect(want, `${f.name} is a figure of svc monthly --json`).toBeTypeOf("number");
      expect(f.visible, `${f.name} is visible`).toBe(true);
      expect(Number(f.value), f.name).toBeCloseTo(want as number, 3);
      // What the eye reads: counts as they are, rates as percentages to one decimal.
      if (/\.rate$|\.coverage$/.test(f.name))
        expect(f.text, f.name).toBe(`${((want as number) * 100).toFixed(1)}%`);
      else if (Number.isInteger(want) && !/Ms$/.test(f.name)) expect(f.text, f.name).toBe(String(want));
    }
    // The monthly report's charts, inline SVG, and the 12-month trend.
    expect(await desk.locator("[data-testid=chart] svg").count()).toBeGreaterThanOrEqual(4);
    expect(
      await desk.locator("[data-testid=trend] svg, [data-testid=trend-chart] svg").count(),
    ).toBeGreaterThan(0);
  });

  it("issue 17: a click on an engineer opens his page", async () => {
    await desk.goto(`${url}index.html`);
    const link = desk.locator("[data-testid=engineers] a", { hasText: "陈杰" }).first();
    await link.click();
    await desk.waitForURL(/engineers\/chenjie\.html$/);
    await expect(desk.locator("h1").textContent()).resolves.toContain("陈杰");
    expect(await desk.locator("[data-testid=open-letters], [data-testid=weekly]").count()).toBeGreaterThan(0);
  });

  it("issue 17: a search for a customer's Chinese name (or part of it) finds it; Enter opens the customer", async () => {
    await desk.goto(`${url}index.html`);
    const box = desk.locator("#search");
    const hits = async (q: string) => {
      await box.fill(q);
      await desk.locator("[data-testid=search-hit]").first().waitFor({ state: "visible" });
      return desk
        .locator("[data-testid=search-hit]")
        .evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    };
    const page = new RegExp(`customers/${CUSTOMER.id}\\.html$`);
    // Part of the name, or the whole: the customer's own page first (its letters and notices match too).
    for (const q of ["兴华纺织", "兴华", CUSTOMER.name]) expect((await hits(q))[0], q).toMatch(page);
    await box.press("Enter");
    await desk.waitForURL(new RegExp(`customers/${CUSTOMER.id}\\.html$`));
    expect(await desk.locator("h1").textContent()).toContain(CUSTOMER.name);
  });

  it("issue 17: a letter's timeline lists its steps in order, the step of a commit with that commit", async () => {
    await desk.goto(`${url}letters/${ARCHIVED}.html`);
    const steps = await desk.locator("[data-testid=timeline] [data-testid=step]").evaluateAll((els) =>
      els.map((e) => ({
        at: e.getAttribute("data-at") ?? "",
        what: e.querySelector(".what")?.textContent ?? "",
      })),
    );
    const times = steps.map((s) => Date.parse(s.at));
    expect(times.every((t) => !Number.isNaN(t))).toBe(true);
    expect(times).toEqual([...times].sort((x, y) => x - y));
    // The workflow's steps, in the order they happened (LETTER_STEPS).
    const order = [
      "派工",
      "首次响应",
      "现场情况确认",
      "批准",
      "完工",
      "返回确认",
      "主管确认",
      "回访",
      "结案",
    ];
    const seen = order.map((w) => steps.findIndex((s) => s.what.startsWith(w)));
    expect(
      seen.every((i) => i >= 0),
      JSON.stringify(steps.map((s) => s.what)),
    ).toBe(true);
    expect(seen).toEqual([...seen].sort((x, y) => x - y));
    // The letter with today's step: it is the last step, by 黄勇, with the commit that wrote it (the
    // timeline also lists every commit that touched the file: the test repository's import commit,
    // dated the real now, comes after it).
    await desk.goto(`${url}letters/${LETTER}.html`);
    const last = desk
      .locator("[data-testid=timeline] [data-testid=step]")
      .filter({ hasNot: desk.locator(".what", { hasText: /^提交$/ }) })
      .last();
    expect(await last.textContent()).toContain("更换电源模块后试运行");
    expect(await last.locator(".who").textContent()).toContain("黄勇");
    expect(await last.locator("[data-testid=commit]").textContent()).toContain(logCommit.slice(0, 10));
    const sha = git(repo, ["log", "-1", "--format=%H", "--", `letters/2026/${LETTER}.yaml`]).trim();
    expect(sha).toBe(logCommit);
  });

  it("issue 17: a letter's attachments: the customer's signature scan is shown, not a broken image", async () => {
    await desk.goto(`${url}letters/${ARCHIVED}.html`);
    const shown = desk.locator("[data-testid=attachments] img");
    expect(await shown.count()).toBeGreaterThan(0);
    expect(await images(desk)).toEqual([]);
    const w = await shown.first().evaluate((i) => (i as HTMLImageElement).naturalWidth);
    expect(w).toBeGreaterThan(10);
  });

  for (const [name, width] of [
    ["phone", 375],
    ["desktop", 1440],
  ] as const) {
    it(`issue 17: the layout holds at ${width} px (${name}): no sideways scrolling, nothing cut off; screenshots`, async () => {
      const page = name === "phone" ? phone : desk;
      const pages = [
        "index.html",
        "due.html",
        "people.html",
        "customers.html",
        "engineers/chenjie.html",
        `letters/${ARCHIVED}.html`,
        `letters/${LETTER}.html`,
        `customers/${CUSTOMER.id}.html`,
      ];
      const notice = /notices\/([^"]+)\.html/.exec(
        readFileSync(join(site, "letters", `${ARCHIVED}.html`), "utf8"),
      );
      if (notice) pages.push(`notices/${notice[1]}.html`);
      const unit = /equipment\/([^"]+)\.html/.exec(
        readFileSync(join(site, "customers", `${CUSTOMER.id}.html`), "utf8"),
      );
      if (unit) pages.push(`equipment/${unit[1]}.html`);
      expect(pages).toHaveLength(10); // the notice and a unit of the customer were found
      const report: Record<string, unknown> = {};
      for (const p of pages) {
        await page.goto(`${url}${p}`);
        const l = await layout(page);
        report[p] = l;
        await shoot(page, `${name}-${p.replace(/[/.]/g, "_")}`);
        expect(l.overflow, `${p} scrolls sideways by ${l.overflow} px`).toBeLessThanOrEqual(0);
        expect(l.problems, p).toEqual([]);
        // What is due, the first thing read on the department page, fits a phone without swiping.
        if (/^(index|due)\.html$/.test(p)) {
          const due = await page
            .locator("[data-testid=due-table]")
            .evaluate((t) => [t.parentElement?.scrollWidth ?? 0, t.parentElement?.clientWidth ?? 0]);
          expect(due[0], `${p}: the due list is ${due[0]} px in ${due[1]} px`).toBeLessThanOrEqual(due[1]);
        }
      }
      // The search's answers over the page, as they look.
      await page.goto(`${url}index.html`);
      await page.locator("#search").fill("兴华");
      await page.locator("[data-testid=search-hit]").first().waitFor({ state: "visible" });
      await shoot(page, `${name}-search`, false);
      const l = await layout(page);
      expect(l.overflow).toBeLessThanOrEqual(0);
      writeFileSync(join(ARTIFACTS, `layout-${name}.json`), JSON.stringify(report, null, 2));
    });
  }

  it("issue 17: the department page is interactive in ≤ 1 s (navigation → DOMContentLoaded, → the search answering)", async () => {
    const runs: { dcl: number; ready: number }[] = [];
    for (let i = 0; i < 5; i++)
      runs.push(
        await interactiveTime(desk, `${url}index.html`, {
          input: "#search",
          result: "[data-testid=search-hit]",
          query: CUSTOMER.name,
        }),
      );
    const med = (xs: number[]) => [...xs].sort((x, y) => x - y)[xs.length >> 1];
    const figure = { dcl: med(runs.map((r) => r.dcl)), ready: med(runs.map((r) => r.ready)), runs };
    writeFileSync(join(ARTIFACTS, "interactive.json"), JSON.stringify(figure, null, 2));
    console.log(
      `dashboard interactive (median of 5): DOMContentLoaded ${figure.dcl.toFixed(0)} ms, search answering ${figure.ready.toFixed(0)} ms`,
    );
    // The target is 1 s (reported above and by the bench); the assertion is generous: the machine is shared.
    expect(figure.dcl).toBeLessThan(5000);
    expect(figure.ready).toBeLessThan(5000);
  });

  it("issue 17: no console error on any page opened, no request outside the site's folder", () => {
    expect(g.outside).toEqual([]);
    expect(g.errors).toEqual([]);
  });
});

describe.skipIf(!CHROMIUM)("the dashboard's pages in Chromium on 2026-12-01 (issue 17)", () => {
  let url: string;
  let b: Launched;
  let g: Guarded;
  let desk: Page;
  let phone: Page;
  let hand: string;

  beforeAll(async () => {
    const s = await shared();
    hand = s.hand;
    const site = join(s.repo, "out", "dashboard");
    const d = await svcIn(s.repo, ["dashboard"], SUP, { SVC_NOW: "2026-12-01T09:00:00+08:00" });
    expect(d.code, d.stderr).toBe(0);
    url = siteUrl(site);
    b = s.chromium;
    ({ g, desk, phone } = await pagesOf(b, site, { width: 1440, height: 900 }));
  }, 120_000);

  afterAll(() => closePages({ g, desk, phone }));

  it("issue 17: on the 1st the department page shows last month, says so, and a click opens an earlier month", async () => {
    await desk.goto(`${url}index.html`);
    const heading = desk.locator("#figures h2");
    expect(await heading.innerText()).toMatch(/^2026-11 月度统计\s*上月，已结束$/);
    expect(await desk.locator("[data-figure='onTime.completed']").innerText()).not.toBe("0");
    await shoot(desk, "pages-desktop-index", false);
    await desk.locator("[data-testid=months] a", { hasText: "2026-10" }).click();
    await desk.waitForURL(/months\/2026-10\.html$/);
    expect(await desk.locator("#figures h2").innerText()).toMatch(/^2026-10 月度统计\s*已结束$/);
    expect(await desk.locator("[data-figure='onTime.rate']").innerText()).toMatch(/%$/);
    await desk.locator("[data-testid=months] a", { hasText: "2026-11" }).click();
    await desk.waitForURL(/index\.html$/);
  });

  it("issue 17: a hand commit that touched the letter's file is on its timeline", async () => {
    await desk.goto(`${url}letters/${HAND_LETTER}.html`);
    const row = desk.locator("[data-testid=timeline] [data-testid=step]", { hasText: "a note by hand" });
    expect(await row.count()).toBe(1);
    expect(await row.locator("[data-testid=commit] code").innerText()).toBe(hand.slice(0, 10));
  });

  it("issue 17: what is due reads as words; the command is a small grey hint", async () => {
    await desk.goto(`${url}due.html`);
    const cells = desk.locator("[data-testid=due-table] td:last-child");
    const words = await cells.evaluateAll((tds) =>
      tds.map((td) =>
        Array.from(td.childNodes)
          .filter((n) => !(n instanceof HTMLElement && n.matches("code.cmd")))
          .map((n) => n.textContent)
          .join(""),
      ),
    );
    expect(words.length).toBeGreaterThan(10);
    for (const w of words) expect(w).not.toMatch(/\bsvc\b/);
    const hint = desk.locator("[data-testid=due-command]").first();
    const [size, body, color] = await hint.evaluate((el) => [
      Number.parseFloat(getComputedStyle(el).fontSize),
      Number.parseFloat(getComputedStyle(document.body).fontSize),
      getComputedStyle(el).color,
    ]);
    expect(size).toBeLessThan(body as number);
    expect(color).not.toBe("rgb(27, 31, 36)"); // not the text's colour: muted
  });

  it("issue 17: at 375 px the charts keep their size (their labels ≥ 9 px) and scroll sideways in their box; the page does not", async () => {
    await phone.goto(`${url}index.html`);
    const l = await layout(phone);
    expect(l.overflow).toBeLessThanOrEqual(0);
    expect(l.problems, JSON.stringify(l.problems, null, 1)).toEqual([]);
    const charts = await phone.locator("figure.chart").evaluateAll((figs) =>
      figs.map((f) => {
        const svg = f.querySelector("svg") as SVGSVGElement;
        const texts = Array.from(svg.querySelectorAll("text")).filter((t) => (t.textContent ?? "").trim());
        const heights = texts.map((t) => t.getBoundingClientRect().height).filter((h) => h > 0);
        return {
          natural: Number(svg.getAttribute("width")),
          shown: svg.getBoundingClientRect().width,
          scrolls: f.scrollWidth > f.clientWidth,
          smallest: Math.min(...heights),
        };
      }),
    );
    expect(charts.length).toBeGreaterThan(3);
    for (const c of charts) {
      expect(c.shown).toBeGreaterThanOrEqual(c.natural - 1);
      expect(c.smallest).toBeGreaterThanOrEqual(9);
      expect(c.scrolls).toBe(true);
    }
    await shoot(phone, "pages-phone-index");
  });

  it("issue 17: at 375 px the tables of figures stay tables (a row a line, the first column in view); a due item is three short lines", async () => {
    await phone.goto(`${url}index.html`);
    for (const id of ["due-by-kind", "due-by-person", "trend-table", "engineers-table"]) {
      const t = phone.locator(`[data-testid=${id}]`);
      expect(await t.evaluate((el) => getComputedStyle(el).display), id).toBe("table");
      const rowHeights = await t
        .locator("tbody tr")
        .evaluateAll((rows) => rows.map((r) => r.getBoundingClientRect().height));
      for (const h of rowHeights) expect(h, id).toBeLessThan(48); // one line a row
    }
    // the trend begins with the records (2026-10), not with empty months before them
    const months = await phone.locator("[data-testid=trend-table] tbody tr td:first-child").allInnerTexts();
    expect(months[0]).toBe("2026-10");
    // a due item: state, deadline, who and record on top, the words below — no labels repeated
    const item = phone.locator("[data-testid=due-table] tbody tr").first();
    const h = await item.evaluate((r) => r.getBoundingClientRect().height);
    expect(h).toBeLessThan(100);
    expect(
      await item.evaluate((r) => getComputedStyle(r.querySelector("td") as Element, "::before").display),
    ).toMatch(/^(none|normal)$/);
  });

  it("issue 17: no console error, no request outside the site's folder", () => {
    expect(g.outside).toEqual([]);
    expect(g.errors).toEqual([]);
  });
});

describe.skipIf(!CHROMIUM)("svc dashboard printed, and in English (issue 17)", () => {
  let out: string;
  let b: Launched;
  let g: Guarded;
  let page: Page;

  beforeAll(async () => {
    const s = await shared();
    out = tempDir("svc-dashboard-en-");
    for (const [lang, dir] of [
      ["zh", join(out, "zh")],
      ["en", join(out, "en")],
    ]) {
      const r = await svcIn(s.repo, ["dashboard", "--lang", lang, "--out", dir], SUPERVISOR, NOW);
      expect(r.code, r.stderr).toBe(0);
    }
    b = s.chromium;
    g = await guard(b.context, out);
    page = await b.context.newPage();
  }, 120_000);

  afterAll(async () => {
    await g?.stop();
    await page?.close();
    if (out) cleanup(out);
  });

  it("issue 17: printed, the department page has no header or search, keeps its figures; a PDF for review", async () => {
    await page.goto(`${siteUrl(join(out, "zh"))}index.html`);
    await page.emulateMedia({ media: "print" });
    try {
      expect(await page.locator("header.top").isVisible()).toBe(false);
      expect(await page.locator("#search").isVisible()).toBe(false);
      expect(await page.locator("[data-figure='onTime.rate']").isVisible()).toBe(true);
      expect(await page.locator("[data-testid=chart] svg").first().isVisible()).toBe(true);
      // A long table starts where it comes, not on the next page (only its rows are kept whole).
      const breaks = await page
        .locator("[data-testid=due-table]")
        .evaluate((t) => [
          getComputedStyle(t.parentElement as Element).breakInside,
          getComputedStyle(t.querySelector("tr") as Element).breakInside,
        ]);
      expect(breaks).toEqual(["auto", "avoid"]);
      await page.pdf({ path: join(ARTIFACTS, "print-index.pdf"), format: "A4", printBackground: false });
    } finally {
      await page.emulateMedia({ media: "screen" });
    }
  });

  it("issue 17: --lang en: an English site (lang, headings, search box) with the same figures, and the search finds a Chinese name", async () => {
    const zh = `${siteUrl(join(out, "zh"))}index.html`;
    const en = `${siteUrl(join(out, "en"))}index.html`;
    const figures = () =>
      page
        .locator("[data-figure]")
        .evaluateAll((els) => els.map((e) => `${e.getAttribute("data-figure")}=${e.getAttribute("value")}`));
    await page.goto(zh);
    const chinese = await figures();
    await page.goto(en);
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    expect(await figures()).toEqual(chinese);
    const headings = await page.locator("main h2").allTextContents();
    expect(headings.join(" ")).not.toMatch(/\p{Script=Han}/u);
    expect(await page.locator("#search").getAttribute("placeholder")).not.toMatch(/\p{Script=Han}/u);
    await page.locator("#search").fill("兴华纺织");
    await page.locator("[data-testid=search-hit]").first().waitFor({ state: "visible" });
    for (const [name, width] of [
      ["phone", 375],
      ["desktop", 1440],
    ] as const) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(en);
      const l = await layout(page);
      expect(l.overflow, name).toBeLessThanOrEqual(0);
      expect(l.problems, name).toEqual([]);
      await shoot(page, `en-${name}-index_html`);
    }
  });

  it("issue 17: no console error, no request outside the site's folder", () => {
    expect(g.outside).toEqual([]);
    expect(g.errors).toEqual([]);
  });
});
