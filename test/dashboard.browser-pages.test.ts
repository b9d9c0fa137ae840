// Issue 17 (wave 4, t-dashpages): the pages as the GM reads them in Chromium on the morning of
// 2026-12-01 — the month shown by default (the month just ended, said, the other months a click
// away), a hand commit on a letter's timeline, the charts and tables readable at phone width
// (375 px), due items in words. Screenshots for review go to test/artifacts/dashboard/pages-*.png.
import { appendFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CHROMIUM,
  type Guarded,
  guard,
  type Launched,
  launch,
  layout,
  NO_CHROMIUM,
  shoot,
  siteUrl,
} from "./dashboard.browser-kit.ts";
import { cleanup, git, SUP, sampleRepo, svcIn } from "./helpers.ts";

if (!CHROMIUM) console.warn(NO_CHROMIUM);

const LETTER = "L-20261009-4qyg8";
const HAND = { name: "王志强", email: "wangzhiqiang@dfzk.example.com" };

describe.skipIf(!CHROMIUM)("the dashboard's pages in Chromium on 2026-12-01 (issue 17)", () => {
  let repo: string;
  let url: string;
  let b: Launched;
  let g: Guarded;
  let desk: Page;
  let phone: Page;
  let hand: string;

  beforeAll(async () => {
    repo = sampleRepo();
    appendFileSync(join(repo, "letters", "2026", `${LETTER}.yaml`), "# 手工补注\n");
    git(repo, ["add", "-A"], HAND);
    git(repo, ["commit", "-q", "-m", "a note by hand"], HAND);
    hand = git(repo, ["rev-parse", "HEAD"]).trim();
    const site = join(repo, "out", "dashboard");
    const d = await svcIn(repo, ["dashboard"], SUP, { SVC_NOW: "2026-12-01T09:00:00+08:00" });
    expect(d.code, d.stderr).toBe(0);
    url = siteUrl(site);
    b = await launch(CHROMIUM);
    g = await guard(b.context, site);
    desk = await b.context.newPage();
    await desk.setViewportSize({ width: 1440, height: 900 });
    phone = await b.context.newPage();
    await phone.setViewportSize({ width: 375, height: 812 });
  }, 120_000);

  afterAll(async () => {
    await b?.close();
    if (repo) cleanup(repo);
  });

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
    await desk.goto(`${url}letters/${LETTER}.html`);
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
