// Issue 17: the dashboard printed and in English, in headless Chromium — the print stylesheet leaves
// out the header and the search and keeps the figures (a PDF of the department page is saved for
// review in test/artifacts/dashboard/), and `svc dashboard --lang en` gives an English site whose
// figures and search are the same. One browser, one page. Skipped, saying so, only without Chromium.
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ARTIFACTS,
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
import { cleanup, type Identity, sampleRepo, svcIn, tempDir } from "./helpers.ts";

if (!CHROMIUM) console.warn(NO_CHROMIUM);

const NOW = { SVC_NOW: "2026-11-30T18:00:00+08:00" };
const SUPERVISOR: Identity = { name: "王志强", email: "wangzhiqiang@dfzk.example.com" };

describe.skipIf(!CHROMIUM)("svc dashboard printed, and in English (issue 17)", () => {
  let repo: string;
  let out: string;
  let b: Launched;
  let g: Guarded;
  let page: Page;

  beforeAll(async () => {
    repo = sampleRepo();
    out = tempDir("svc-dashboard-en-");
    for (const [lang, dir] of [
      ["zh", join(out, "zh")],
      ["en", join(out, "en")],
    ]) {
      const r = await svcIn(repo, ["dashboard", "--lang", lang, "--out", dir], SUPERVISOR, NOW);
      expect(r.code, r.stderr).toBe(0);
    }
    b = await launch(CHROMIUM);
    g = await guard(b.context, out);
    page = await b.context.newPage();
  }, 120_000);

  afterAll(async () => {
    await b?.close();
    if (repo) cleanup(repo);
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
