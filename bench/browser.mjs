// Headless Chromium for the dashboard (issue 17): the browser tests (test/dashboard.browser*.test.ts)
// and the bench's "interactive in the browser" row share it. Debian's `chromium` package driven by
// playwright-core (a devDependency: no browser download; .ci/run installs the package when missing).
// The machine's network is closed and the site must load nothing from outside its folder: every
// request is routed, and one whose URL is not under the site's folder is aborted and recorded.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/** Where Chromium is looked for: $SVC_CHROMIUM first, then Debian's and other usual paths. */
export function findChromium() {
  const candidates = [
    process.env.SVC_CHROMIUM,
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
    "/usr/bin/google-chrome-stable",
  ].filter(Boolean);
  return candidates.find((p) => existsSync(p));
}

/** Flags for a headless run as root on a machine without network: nothing phones home. */
const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

/**
 * One browser with a fresh profile (--user-data-dir in a temporary folder, removed by close()).
 * Returns { context, close } — the context is playwright's BrowserContext.
 */
export async function launch(executablePath = findChromium()) {
  if (!executablePath) throw new Error("Chromium not found (apt-get install chromium, or set SVC_CHROMIUM)");
  const { chromium } = await import("playwright-core");
  const profile = mkdtempSync(join(tmpdir(), "svc-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: ARGS,
    viewport: { width: 1440, height: 900 },
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
  });
  return {
    context,
    close: async () => {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The site folder's file:// URL, ending in "/". */
export function siteUrl(siteDir) {
  const u = pathToFileURL(siteDir).href;
  return u.endsWith("/") ? u : `${u}/`;
}

/**
 * Route every request of the context: one under `siteDir` goes on, any other (http, https, a file
 * outside the folder, ws…) is aborted and recorded in `outside`. Console errors and uncaught page
 * errors of every page are recorded in `errors`. data: and blob: URLs are the page's own.
 * `stop()` takes the route and the listeners off again: the browser tests guard one context for
 * several sites, one after the other (a new context of a browser asks for the site's icon at every
 * navigation, and a navigation interrupting it fails the request: a profile's context asks once).
 */
export async function guard(context, siteDir) {
  const base = siteUrl(siteDir);
  const outside = [];
  const errors = [];
  const handler = (route) => {
    const url = route.request().url();
    if (url.startsWith(base) || url.startsWith("data:") || url.startsWith("blob:")) return route.continue();
    outside.push(url);
    return route.abort("blockedbyclient");
  };
  await context.route("**/*", handler);
  const watched = [];
  const watch = (page) => {
    const on = {
      console: (m) => {
        if (m.type() === "error") errors.push(`console: ${m.text()} (${page.url()})`);
      },
      pageerror: (e) => errors.push(`page error: ${e.message} (${page.url()})`),
      requestfailed: (r) => {
        if (r.url().startsWith(base)) errors.push(`failed: ${r.url()} ${r.failure()?.errorText ?? ""}`);
      },
    };
    for (const [event, fn] of Object.entries(on)) page.on(event, fn);
    watched.push([page, on]);
  };
  for (const p of context.pages()) watch(p);
  context.on("page", watch);
  const stop = async () => {
    context.off("page", watch);
    for (const [page, on] of watched) for (const [event, fn] of Object.entries(on)) page.off(event, fn);
    await context.unroute("**/*", handler);
  };
  return { base, outside, errors, stop };
}

/**
 * How soon the department page is usable: a fresh navigation to `url`, then the time from the
 * navigation's start to DOMContentLoaded (Navigation Timing), and to the search ready — the search
 * box answering a query (`query`) with at least one result. `search` names the selectors:
 * { input, result }. Returns { dcl, ready } in ms.
 */
export async function interactiveTime(page, url, { input, result, query }) {
  await page.goto("about:blank");
  await page.goto(url, { waitUntil: "domcontentloaded" });
  await page.locator(input).first().fill(query);
  await page.locator(result).first().waitFor({ state: "visible", timeout: 10_000 });
  const ready = await page.evaluate(() => performance.now());
  const dcl = await page.evaluate(() => {
    const nav = performance.getEntriesByType("navigation")[0];
    return nav ? nav.domContentLoadedEventEnd : Number.NaN;
  });
  return { dcl, ready };
}
