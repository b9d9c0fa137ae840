// What the dashboard's browser tests share (issue 17): Chromium found or the reason it is not, the
// screenshot folder, and the layout check a person would make by looking — the document does not
// scroll sideways, and nothing sticks out of the window or is cut off (except inside a box that
// scrolls on purpose, such as a wide table on a phone).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
// @ts-expect-error — plain ESM JavaScript without types (shared with the bench)
import * as browser from "../bench/browser.mjs";
import { ROOT } from "./helpers.ts";

export interface Launched {
  context: import("playwright-core").BrowserContext;
  close(): Promise<void>;
}

export interface Guarded {
  base: string;
  outside: string[];
  errors: string[];
  /** The route and the listeners taken off the context (the next site guards it). */
  stop(): Promise<void>;
}

export const findChromium: () => string | undefined = browser.findChromium;
export const launch: (exe?: string) => Promise<Launched> = browser.launch;
export const guard: (context: Launched["context"], siteDir: string) => Promise<Guarded> = browser.guard;
export const siteUrl: (siteDir: string) => string = browser.siteUrl;
export const interactiveTime: (
  page: Page,
  url: string,
  o: { input: string; result: string; query: string },
) => Promise<{ dcl: number; ready: number }> = browser.interactiveTime;

export const CHROMIUM = findChromium();
export const NO_CHROMIUM =
  "dashboard browser tests SKIPPED: no Chromium found (/usr/bin/chromium …; apt-get install chromium — .ci/run does — or set SVC_CHROMIUM)";

/** Where the tests save their screenshots for review (git-ignored). */
export const ARTIFACTS = join(ROOT, "test", "artifacts", "dashboard");

/** Every image of the page loaded (the lazy ones too, as a person scrolling would): the broken ones' src. */
export async function images(page: Page): Promise<string[]> {
  await page.evaluate(() => {
    for (const img of Array.from(document.images)) img.loading = "eager";
  });
  await page.waitForFunction(() => Array.from(document.images).every((i) => i.complete), undefined, {
    timeout: 10_000,
  });
  return page.evaluate(() =>
    Array.from(document.images)
      .filter((i) => i.naturalWidth === 0)
      .map((i) => i.getAttribute("src") ?? ""),
  );
}

/**
 * A screenshot for review: the whole page, or (`fullPage: false`) what the window shows. The whole
 * page is Chromium's own capture beyond the window with its fast PNG encoding (`optimizeForSpeed`):
 * pixel for pixel playwright's `screenshot({ fullPage: true })` of these pages (compared decoded),
 * ~0.05 s CPU less a shot, the file ~15 % larger. What the window shows stays playwright's (it hides
 * the text caret: the search's screenshot has the box focused).
 */
export async function shoot(page: Page, name: string, fullPage = true): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await images(page);
  const path = join(ARTIFACTS, `${name}.png`);
  if (!fullPage) {
    await page.screenshot({ path });
    return path;
  }
  const cdp = await page.context().newCDPSession(page);
  try {
    const { cssContentSize: size } = await cdp.send("Page.getLayoutMetrics");
    // scale 1: the window's own device pixels (as playwright's default, scale "device")
    const clip = { x: 0, y: 0, width: Math.ceil(size.width), height: Math.ceil(size.height), scale: 1 };
    const shot = await cdp.send("Page.captureScreenshot", {
      format: "png",
      captureBeyondViewport: true,
      optimizeForSpeed: true,
      clip,
    });
    writeFileSync(path, Buffer.from(shot.data, "base64"));
  } finally {
    await cdp.detach();
  }
  return path;
}

export interface Layout {
  /** How far the document scrolls sideways (0 when it holds). */
  overflow: number;
  /** Elements that stick out of the window or are cut off, described. */
  problems: string[];
}

/** The layout as a person sees it, measured in the page. */
export function layout(page: Page): Promise<Layout> {
  return page.evaluate(() => {
    const doc = document.documentElement;
    const width = doc.clientWidth;
    const name = (el: Element) => {
      const id = el.id ? `#${el.id}` : "";
      const cls =
        typeof el.className === "string" && el.className.trim()
          ? `.${el.className.trim().split(/\s+/).join(".")}`
          : "";
      const text = (el.textContent ?? "").trim().replace(/\s+/g, " ").slice(0, 30);
      return `<${el.tagName.toLowerCase()}${id}${cls}> "${text}"`;
    };
    /** Inside a box that scrolls sideways on purpose (overflow-x auto/scroll); by element, asked once. */
    const scrolling = new Map<Element, boolean>();
    const inScroller = (el: Element): boolean => {
      const p = el.parentElement;
      if (!p || p === doc) return false;
      let v = scrolling.get(p);
      if (v === undefined) {
        const o = getComputedStyle(p).overflowX;
        v = o === "auto" || o === "scroll" || inScroller(p);
        scrolling.set(p, v);
      }
      return v;
    };
    const problems: string[] = [];
    for (const el of Array.from(document.body.querySelectorAll("*"))) {
      if (el.closest("svg") && el.tagName.toLowerCase() !== "svg") continue; // a chart's insides
      const cs = getComputedStyle(el);
      if (cs.display === "none" || cs.visibility === "hidden" || cs.position === "fixed") continue;
      const r = el.getBoundingClientRect();
      if (r.width <= 1 || r.height <= 1) continue; // visually hidden (screen-reader text) or empty
      if (inScroller(el)) continue;
      if (r.right > width + 1 || r.left < -1)
        problems.push(`${name(el)} sticks out (${Math.round(r.left)}…${Math.round(r.right)} of ${width} px)`);
      const clips = ["hidden", "clip"].includes(cs.overflowX) && cs.textOverflow !== "ellipsis";
      if (clips && el.scrollWidth > el.clientWidth + 1)
        problems.push(`${name(el)} is cut off (${el.scrollWidth} px in ${el.clientWidth} px)`);
    }
    // A record's id in a table reads as one word: it never breaks across lines.
    for (const a of Array.from(document.querySelectorAll("td a"))) {
      const href = a.getAttribute("href") ?? "";
      if (!/(letters|notices|equipment)\//.test(href)) continue;
      if (a.getClientRects().length > 1) problems.push(`${name(a)} breaks across lines`);
    }
    // A chart's labels: each inside the box that clips it (the SVG itself unless its overflow is
    // visible, else the nearest box that does not let it show) — the charts are laid out by vega's
    // estimate of the text's width, the browser draws it in a real font.
    for (const text of Array.from(document.querySelectorAll("svg text"))) {
      const r = text.getBoundingClientRect();
      if (r.width <= 1 || !(text.textContent ?? "").trim()) continue;
      let clip: Element | null = text.closest("svg");
      while (clip && clip !== doc && getComputedStyle(clip).overflow === "visible") clip = clip.parentElement;
      if (!clip || clip === doc) continue;
      const c = clip.getBoundingClientRect();
      // a box that scrolls sideways (a chart on a phone) shows all of its width, scrolled to
      const scrolls = ["auto", "scroll"].includes(getComputedStyle(clip).overflowX);
      const left = c.left + clip.clientLeft - (scrolls ? clip.scrollLeft : 0);
      const inner =
        clip.tagName.toLowerCase() === "svg"
          ? c
          : { left, right: left + (scrolls ? clip.scrollWidth : clip.clientWidth) };
      if (r.right > inner.right + 0.5 || r.left < inner.left - 0.5)
        problems.push(
          `chart label "${text.textContent}" is cut off by ${name(clip).split(" ")[0]} (${Math.round(r.left)}…${Math.round(r.right)} in ${Math.round(inner.left)}…${Math.round(inner.right)})`,
        );
    }
    return { overflow: doc.scrollWidth - width, problems: problems.slice(0, 20) };
  });
}
