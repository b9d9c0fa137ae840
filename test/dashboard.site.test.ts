// svc dashboard (issue 17): the site written from the sample records — its files, determinism,
// incremental builds, privacy, the figures equal to `svc monthly --json`, English, and the folder guards.

import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { warmSample } from "./dashboard.site-kit.ts";
import { git, SUP, svcIn, tempDir } from "./helpers.ts";

const NOW = { SVC_NOW: "2026-12-01T09:00:00+08:00" };
const MONTH = "2026-11";

function files(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

async function build(repo: string, out: string, ...flags: string[]) {
  const r = await svcIn(repo, ["dashboard", "--month", MONTH, "--out", out, ...flags], SUP, NOW);
  expect(r.stderr, r.stdout).toBe("");
  expect(r.code).toBe(0);
  return r;
}

/** The sample, with the caches of a build of its site (the site itself not copied): see warmSample(). */
const repo = await warmSample();
/** The sample's site with the default flags: built by the first test that needs it (each test that
 * reads it asks, so any one runs alone, `-t`), kept up to date by the next ones, and read (not rebuilt)
 * by the privacy tests that need a default site — each build costs ~0.3 s. */
const out = join(tempDir(), "site");
let first: ReturnType<typeof build> | undefined;
const defaultSite = () => (first ??= build(repo, out));

describe("svc dashboard on the sample", () => {
  it("writes the department, engineer, letter, notice, customer pages, assets and search (issue 17)", async () => {
    const r = await defaultSite();
    const site = files(out);
    expect(site.has("index.html")).toBe(true);
    for (const kind of ["people", "customers"] as const)
      for (const f of readdirSync(join(repo, kind)).filter((x) => x.endsWith(".yaml"))) {
        const id = f.replace(/\.yaml$/, "");
        expect(site.has(`${kind === "people" ? "engineers" : "customers"}/${id}.html`), id).toBe(true);
      }
    for (const [folder, page] of [
      ["letters", "letters"],
      ["notices", "notices"],
    ])
      for (const y of readdirSync(join(repo, folder)).filter((x) => /^\d{4}$/.test(x)))
        for (const f of readdirSync(join(repo, folder, y)).filter((x) => x.endsWith(".yaml")))
          expect(site.has(`${page}/${f.replace(/\.yaml$/, "")}.html`), f).toBe(true);
    for (const a of ["assets/site.css", "assets/app.js", "assets/minisearch.js", "assets/search/index.js"])
      expect(site.has(a), a).toBe(true);
    // everything a page loads is in the folder: no http(s) URL in any src/href
    for (const [name, bytes] of site)
      if (name.endsWith(".html"))
        expect(bytes.toString("utf8"), name).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
    // the signature scan is copied into the site and shown
    const letter = site.get("letters/L-20261008-av17s.html")!.toString("utf8");
    expect(letter).toMatch(/<img src="\.\.\/assets\/files\/[0-9a-f]{64}\.png"/);
    expect(letter).toContain('data-testid="timeline"');
    // the timeline lists the steps oldest first
    const at = [...letter.matchAll(/<li data-testid="step" data-at="([^"]+)"/g)].map((m) => Date.parse(m[1]));
    expect(at.length).toBeGreaterThan(10);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(statSync(join(out, "index.html")).size).toBeLessThan(300 * 1024);
    expect(r.stdout).toMatch(/写入 \d+ 页，未变 0 页/);
  });

  it("is deterministic: a second build elsewhere is byte-identical; a rebuild writes nothing (issue 17)", async () => {
    await defaultSite();
    const other = join(tempDir(), "site");
    await build(repo, other);
    const [a, b] = [files(out), files(other)];
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [name, bytes] of a) expect(b.get(name)?.equals(bytes), name).toBe(true);
    const again = await build(repo, out);
    expect(again.stdout).toMatch(new RegExp(`写入 0 页，未变 ${a.size - 1} 页`));
  });

  it("shows the figures svc monthly --json computes, by their JSON names (issue 17)", async () => {
    await defaultSite();
    const m = await svcIn(repo, ["monthly", "--month", MONTH, "--json", "--out", tempDir()], SUP, NOW);
    expect(m.code).toBe(0);
    const figures = JSON.parse(m.stdout).figures;
    const index = readFileSync(join(out, "index.html"), "utf8");
    const shown = [...index.matchAll(/<data data-figure="([^"]+)" value="([^"]*)">/g)];
    expect(shown.length).toBeGreaterThan(20);
    for (const [, name, value] of shown) {
      const v = name.split(".").reduce((o, k) => (o as Record<string, unknown>)?.[k], figures as unknown);
      expect(value, name).toBe(String(v));
    }
    // the month's charts, inline SVG from the monthly report's specs, and the trend
    expect(index.match(/<figure class="chart" data-testid="chart"><svg/g)?.length).toBeGreaterThanOrEqual(3);
    // each chart's title drawn once, as the chart's own title, not repeated under it in a caption
    const charts = index.slice(index.indexOf('<section id="charts"'), index.indexOf('<section id="trend"'));
    const titles = [...charts.matchAll(/role-title-text[^>]*>(?:<[^>]+>)*?<text[^>]*>([^<]+)<\/text>/g)].map(
      (x) => x[1],
    );
    expect(titles.length).toBeGreaterThanOrEqual(3);
    for (const title of titles) expect(charts.split(`>${title}<`).length - 1, title).toBe(1);
    expect(index).toContain('data-testid="trend-chart"');
  });

  it("rewrites only the pages a commit changed, and says how many (issue 17)", async () => {
    await defaultSite();
    const before = files(out);
    const log = await svcIn(
      repo,
      ["log", "L-20261117-rq48r", "更换伺服驱动器风扇，运行正常"],
      { name: "陈杰", email: "chenjie@dfzk.example.com" },
      NOW,
    );
    expect(log.code, log.stderr).toBe(0);
    const r = await build(repo, out);
    const m = /写入 (\d+) 页，未变 (\d+) 页/.exec(r.stdout);
    expect(m).not.toBeNull();
    const written = Number(m![1]);
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(8);
    const after = files(out);
    const changed = [...after].filter(([k, v]) => !before.get(k)?.equals(v)).map(([k]) => k);
    expect(changed).toContain("letters/L-20261117-rq48r.html");
    expect(changed.length).toBe(written + 1); // + the manifest
    const page = after.get("letters/L-20261117-rq48r.html")!.toString("utf8");
    expect(page).toContain("更换伺服驱动器风扇");
    // the step carries the commit that wrote it (from the one walk of the history)
    const head = git(repo, ["rev-parse", "HEAD"]).trim();
    expect(page).toMatch(
      new RegExp(
        `服务记录</span> <span class="detail">更换伺服驱动器风扇[^<]*</span> <span class="commit" data-testid="commit"[^>]*><code>${head.slice(0, 10)}</code>`,
      ),
    );
  });

  it("copies a letter's attachments into the site: images shown, other files linked (issue 17)", async () => {
    const other = await warmSample();
    const note = join(tempDir(), "测量记录.txt");
    writeFileSync(note, "伺服电机温升 12K，正常\n");
    const log = await svcIn(
      other,
      ["log", "L-20261117-rq48r", "附测量记录", "--attach", note],
      { name: "陈杰", email: "chenjie@dfzk.example.com" },
      NOW,
    );
    expect(log.code, log.stderr).toBe(0);
    const site = join(tempDir(), "site");
    await build(other, site);
    const page = readFileSync(join(site, "letters", "L-20261117-rq48r.html"), "utf8");
    const href =
      /<a href="\.\.\/(assets\/files\/[0-9a-f]{64}\.txt)" data-testid="attachment-link">测量记录\.txt<\/a>/.exec(
        page,
      )?.[1];
    expect(href).toBeDefined();
    expect(readFileSync(join(site, href!), "utf8")).toBe("伺服电机温升 12K，正常\n");
    expect(readFileSync(join(site, "letters", "L-20261008-av17s.html"), "utf8")).toMatch(
      /<img src="\.\.\/assets\/files\//,
    );
  });

  it("an attachment a browser would run (.html, .svg) is stored as .bin and downloaded, never opened in the site; a linked folder is not followed (found by attack)", async () => {
    const other = await warmSample();
    const page = join(tempDir(), "客户确认邮件.html");
    writeFileSync(page, "<script>document.title='PWNED'</script>");
    const drawing = join(tempDir(), "接线图.svg");
    writeFileSync(drawing, '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');
    const eng = { name: "陈杰", email: "chenjie@dfzk.example.com" };
    for (const f of [page, drawing]) {
      const log = await svcIn(other, ["log", "L-20261117-rq48r", "附件", "--attach", f], eng, NOW);
      expect(log.code, log.stderr).toBe(0);
    }
    const site = join(tempDir(), "site");
    await build(other, site);
    const html = readFileSync(join(site, "letters", "L-20261117-rq48r.html"), "utf8");
    for (const name of ["客户确认邮件.html", "接线图.svg"])
      expect(html).toMatch(
        new RegExp(
          `<a href="\\.\\./assets/files/[0-9a-f]{64}\\.bin" download="${name}" data-testid="attachment-link">${name}</a>`,
        ),
      );
    const stored = readdirSync(join(site, "assets", "files"));
    expect(stored.filter((f) => /\.(html?|svg|xml|xhtml|js)$/.test(f))).toEqual([]);
    // the attachment's folder (attachments/<xx>/) made a link to a folder outside holding the same
    // bytes: left out, said so (before, only the last part of the path was looked at)
    const sha = createHash("sha256").update(readFileSync(page)).digest("hex");
    const folder = `attachments/${sha.slice(0, 2)}`;
    const dir = join(other, folder);
    const outside = tempDir();
    for (const f of readdirSync(dir)) writeFileSync(join(outside, f), readFileSync(join(dir, f)));
    git(other, ["rm", "-rq", folder]);
    symlinkSync(outside, dir);
    git(other, ["add", folder]);
    git(other, ["commit", "-qm", "a link"]);
    const r = await svcIn(other, ["dashboard", "--month", MONTH, "--out", site], SUP, NOW);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`${folder}/${sha}.html`);
    const after = readFileSync(join(site, "letters", "L-20261117-rq48r.html"), "utf8");
    expect(after).not.toContain('data-testid="attachment-link">客户确认邮件.html');
    expect(after).toContain('客户确认邮件.html <span class="warn">');
  });

  it("recomputes a past month of the trend when one of its letters changes (the trend's cache, issue 17)", async () => {
    const other = await warmSample();
    const site = join(tempDir(), "site");
    const octRate = async () => {
      const m = await svcIn(other, ["monthly", "--month", "2026-10", "--json", "--out", tempDir()], SUP, NOW);
      const r = JSON.parse(m.stdout).figures.onTime.rate as number;
      return `${(Math.round(r * 1000) / 10).toFixed(1)}%`;
    };
    const shown = () =>
      /<td[^>]*>(?:<a [^>]*>)?2026-10(?:<\/a>)?<\/td><td[^>]*>\d+<\/td><td[^>]*>([^<]+)<\/td>/.exec(
        readFileSync(join(site, "index.html"), "utf8"),
      )?.[1];
    await build(other, site);
    const before = shown();
    expect(before).toBe(await octRate());
    const file = join(other, "letters", "2026", "L-20261008-av17s.yaml");
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace(/^estimate: .*$/m, 'estimate: "2026-10-10T12:00:00+08:00"'),
    );
    git(other, ["commit", "-qam", "estimate moved"]);
    await build(other, site);
    expect(shown()).toBe(await octRate());
    expect(shown()).not.toBe(before);
  });

  it("writes the time of the build only where it matters: the department page, what is due, the running month's page", async () => {
    await defaultSite();
    const before = files(out);
    const later = await svcIn(repo, ["dashboard", "--month", MONTH, "--out", out], SUP, {
      SVC_NOW: "2026-12-01T09:07:00+08:00",
    });
    expect(later.code, later.stderr).toBe(0);
    const changed = [...files(out)].filter(([k, v]) => !before.get(k)?.equals(v)).map(([k]) => k);
    expect(changed).toContain("index.html");
    for (const f of changed)
      expect(f).toMatch(
        /^(index\.html|due\.html|engineers\/.*|months\/2026-12\.html|\.svc-dashboard\.json)$/,
      );
  });
});

describe("svc dashboard: privacy (issue 17)", () => {
  const phones = new Set<string>();
  const collect = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) collect(p);
      else if (e.name.endsWith(".yaml"))
        for (const m of readFileSync(p, "utf8").matchAll(/phone: "?([^"\n]+)"?/g))
          if (m[1].replace(/\D/g, "").length >= 7) phones.add(m[1].trim());
    }
  };
  for (const folder of ["people", "customers", "notices", "letters"]) collect(join(repo, folder));

  it("masks every phone number of the records unless --include-contacts, and says so", async () => {
    expect(phones.size).toBeGreaterThan(5);
    await defaultSite(); // the site of the tests above (default flags), or built now
    const all = [...files(out).values()].map((b) => b.toString("utf8")).join("\n");
    for (const p of phones) {
      expect(all, p).not.toContain(p);
      expect(all, p).not.toContain(p.replace(/\D/g, ""));
    }
    expect(readFileSync(join(out, "index.html"), "utf8")).toContain("电话号码已隐去中间数字");
    const open = join(tempDir(), "site");
    await build(repo, open, "--include-contacts");
    const shown = [...files(open).values()].map((b) => b.toString("utf8")).join("\n");
    expect([...phones].some((p) => shown.includes(p))).toBe(true);
  });

  it("leaves out a signed month's payroll unless --include-pay, and says so", async () => {
    const other = await warmSample();
    const sup = { name: "王志强", email: "wangzhiqiang@dfzk.example.com" };
    const gm = { name: "刘建国", email: "liujianguo@dfzk.example.com" };
    const o = join(tempDir(), "o");
    for (const [args, who] of [
      [["assess", "--month", "2026-10", "--out", o], sup],
      [["assess", "sign", "--month", "2026-10", "--out", o], gm],
      [["payroll", "--month", "2026-10", "--out", o], sup],
    ] as const) {
      const r = await svcIn(other, [...args], who, NOW);
      expect(r.code, r.stderr).toBe(0);
    }
    const totals = readFileSync(join(other, "payroll", "2026", "P-202610.yaml"), "utf8")
      .match(/total: (\d+)/g)!
      .map((m) => `>${m.slice(7)}<`);
    const closed = join(tempDir(), "site");
    await svcIn(other, ["dashboard", "--month", "2026-10", "--out", closed], SUP, NOW);
    const site = files(closed);
    expect([...site.keys()].some((k) => k.startsWith("pay/"))).toBe(false);
    const all = [...site.values()].map((b) => b.toString("utf8")).join("\n");
    for (const x of totals) expect(all).not.toContain(x);
    expect(site.get("index.html")!.toString("utf8")).toContain("工资表页面（1 张工资表）");
    const open = join(tempDir(), "site");
    await svcIn(other, ["dashboard", "--month", "2026-10", "--out", open, "--include-pay"], SUP, NOW);
    const pay = readFileSync(join(open, "pay", "P-202610.html"), "utf8");
    for (const x of totals) expect(pay).toContain(x);
    expect(readFileSync(join(open, "index.html"), "utf8")).toContain('href="pay/P-202610.html"');
  });

  it("leaves out the assessment's amounts and the pay pages unless --include-pay", async () => {
    await defaultSite(); // the site of the tests above (default flags), or built now
    const eng = readFileSync(join(out, "engineers", "chenjie.html"), "utf8");
    expect(eng).not.toContain("金额（元）");
    expect(eng).toContain("金额未收录");
    const pay = join(tempDir(), "site");
    await build(repo, pay, "--include-pay");
    expect(readFileSync(join(pay, "engineers", "chenjie.html"), "utf8")).toContain("金额（元）");
  });
});

describe("svc dashboard: English and the folder guards (issue 17)", () => {
  it("writes the site in English with --lang en", async () => {
    const out = join(tempDir(), "site");
    await build(repo, out, "--lang", "en");
    const index = readFileSync(join(out, "index.html"), "utf8");
    expect(index).toContain('<html lang="en">');
    expect(index).toContain("On-time service");
    expect(index).not.toContain("服务及时率");
    // the terminal's language is kept for the summary
    const r = await svcIn(repo, ["dashboard", "--month", MONTH, "--out", out, "--lang", "en"], SUP, NOW);
    expect(r.stdout).toMatch(/写入 0 页/);
  });

  it("--json says where the site is, what it wrote and the month's figures", async () => {
    const out = join(tempDir(), "site");
    const r = await svcIn(repo, ["dashboard", "--month", MONTH, "--out", out, "--json"], SUP, NOW);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.index).toBe(join(out, "index.html"));
    expect(j.written).toBe(j.pages);
    expect(j.unchanged).toBe(0);
    expect(j.month).toBe(MONTH);
    expect(typeof j.figures.onTime.rate).toBe("number");
    expect(j.omitted).toHaveLength(2);
  });

  it("refuses an out folder that is a symbolic link, or a folder that is not a site", async () => {
    const base = tempDir();
    const real = join(base, "real");
    const link = join(base, "link");
    await build(repo, real);
    symlinkSync(real, link);
    const r = await svcIn(repo, ["dashboard", "--month", MONTH, "--out", link], SUP, NOW);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("符号链接");
    const mine = join(base, "mine");
    await build(repo, mine); // creates it
    writeFileSync(join(base, "notes.txt"), "mine");
    const r2 = await svcIn(repo, ["dashboard", "--month", MONTH, "--out", base], SUP, NOW);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toContain("不是空文件夹");
  });

  it("refuses to write the site into the records (the repository's top, a record kind's folder, .git)", async () => {
    for (const out of [".", "letters", "customers/site", ".git/site"]) {
      const r = await svcIn(repo, ["dashboard", "--month", MONTH, "--out", out], SUP, NOW);
      expect(r.code, out).toBe(1);
      expect(r.stderr, out).toContain("网站不能写入记录库");
    }
  });

  it("removes the page of a deleted record (issue 17)", async () => {
    const other = await warmSample();
    const out = join(tempDir(), "site");
    writeFileSync(
      join(other, "customers", "gone-co.yaml"),
      "kind: customer\nid: gone-co\nname: 临时客户有限公司\nregion: 华东\n",
    );
    git(other, ["add", "-A"]);
    git(other, ["commit", "-qm", "customer gone-co"]);
    await build(other, out);
    expect(existsSync(join(out, "customers", "gone-co.html"))).toBe(true);
    git(other, ["rm", "-q", "customers/gone-co.yaml"]);
    git(other, ["commit", "-qm", "remove gone-co"]);
    const r = await build(other, out);
    expect(r.stdout).toMatch(/，删除 1 页/);
    expect(existsSync(join(out, "customers", "gone-co.html"))).toBe(false);
  });

  it("the default folder is dashboard/ in the repository's output folder (ignored by git)", async () => {
    const r = await svcIn(repo, ["dashboard", "--month", MONTH], SUP, NOW);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe(join("out", "dashboard", "index.html"));
    expect(git(repo, ["status", "--porcelain"])).toBe("");
  });
});
