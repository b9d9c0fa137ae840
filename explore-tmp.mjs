import { launch, guard, siteUrl } from "./bench/browser.mjs";
import { readdirSync } from "node:fs";
const site = "/tmp/b50-dashb/out/dashboard";
const b = await launch();
const g = await guard(b.context, site);
const p = await b.context.newPage();
const eng = readdirSync(site + "/engineers")[0];
const letter = readdirSync(site + "/letters")[5];
const cust = readdirSync(site + "/customers")[0];
for (const [w, h] of [[1440, 900], [375, 812]]) {
  await p.setViewportSize({ width: w, height: h });
  for (const page of ["index.html", `engineers/${eng}`, `letters/${letter}`, `customers/${cust}`, "people.html"]) {
    const t0 = Date.now();
    await p.goto(siteUrl(site) + page);
    const ms = Date.now() - t0;
    await p.screenshot({ path: `/tmp/dashb-shots/b50-${w}-${page.replace(/\//g, "_")}.png` });
    const sw = await p.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth, document.documentElement.scrollHeight]);
    console.log(w, page, sw, ms + "ms");
  }
}
console.log("outside", g.outside, "errors", g.errors);
await b.close();
