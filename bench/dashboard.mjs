// The bench's rows for `svc dashboard` (issue 17), called by bench/run.mjs at the end, or alone:
//
//   node bench/dashboard.mjs --dir /tmp/b50-x [--runs 3]     # only these rows, on a generated repository
//
// - the full build (no site yet) ≤ 20 s, its peak memory ≤ 500 MB;
// - the incremental build after one commit (one letter's record changed) ≤ 2 s;
// - the department page (index.html) ≤ 300 KB;
// - the department page interactive in headless Chromium (navigation → DOMContentLoaded, and → the
//   search answering) ≤ 1 s, when Chromium is there (bench/browser.mjs).
// The site is written to <repo>/out/dashboard (removed before each full build and at the end); the
// commit made for the incremental build is reset afterwards (the repository is left as it was).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** What the browser row types into the search box, and the selectors of the box and a result. */
export const SEARCH = {
  input: "#search",
  result: "[data-testid=search-hit]",
};

/**
 * Measures the rows. `env(who)` gives the environment for svc as `who`; `gen` is the generator's
 * summary (supervisor, customer …); `row` records one row; `runs` the number of runs per figure;
 * `kit` is run.mjs's BIN, MAXRSS and median — handed in, not imported: run.mjs imports this module
 * while its own top-level await runs, and a static import of run.mjs here would wait for that
 * (node exits 13, "unsettled top-level await", with no table: `npm run bench` ended there).
 */
export async function dashboardRows({ dir, gen, env, row, kit, runs = 3, quick = false, log = () => {} }) {
  const { BIN, MAXRSS, median } = kit;
  const out = join(dir, "out", "dashboard");
  const run = (args, extra = {}) => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, {
      cwd: dir,
      env: { ...env(gen.supervisor), ...extra },
      encoding: "utf8",
      maxBuffer: 1 << 28,
    });
    return {
      ms: performance.now() - t0,
      code: r.status ?? -1,
      stdout: r.stdout ?? "",
      stderr: r.stderr ?? "",
    };
  };
  const git = (args) => {
    const r = spawnSync("git", args, { cwd: dir, env: env(gen.supervisor), encoding: "utf8" });
    if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
    return r.stdout.trim();
  };
  const note = (r) =>
    r.code === 0 ? undefined : `exit ${r.code}: ${(r.stderr || r.stdout).trim().split("\n")[0]}`;
  const na = (r) => r.code === 2 && /未知命令|unknown command/.test(r.stderr);
  const args = ["dashboard", "--out", out];

  // ---------------------------------------------------------------- full build (and its peak memory)
  const n = quick ? 1 : runs;
  const full = [];
  let failed;
  for (let i = 0; i < n; i++) {
    rmSync(out, { recursive: true, force: true });
    const r = run([BIN, ...args]);
    if (na(r)) {
      row({
        figure: "svc dashboard (full build)",
        note: "n/a (not implemented yet)",
        target: { abs: 20_000 },
      });
      return;
    }
    failed ??= note(r);
    full.push(r.ms);
  }
  const pages = existsSync(out) ? countFiles(out, ".html") : 0;
  row({
    figure: `svc dashboard (full build, ${pages} pages)`,
    svc: median(full),
    note: failed,
    runs: full.length,
    target: { abs: 20_000 },
  });
  {
    rmSync(out, { recursive: true, force: true });
    const file = join(dir, ".git", "svc-bench-maxrss");
    rmSync(file, { force: true });
    const r = run(["--import", MAXRSS, BIN, ...args], { SVC_BENCH_MAXRSS: file });
    const kb = existsSync(file) ? Number(readFileSync(file, "utf8")) : undefined;
    row({
      figure: "peak memory of svc dashboard (full build)",
      svc: kb === undefined ? undefined : kb / 1024,
      unit: "MB",
      note: note(r),
      target: { absMB: 500 },
    });
  }

  // ---------------------------------------------------------------- incremental after one commit
  const base = git(["rev-parse", "HEAD"]);
  const letter = someLetter(dir);
  const inc = [];
  let incNote;
  let said = "";
  for (let i = 0; i < n && letter; i++) {
    // One commit that changes one letter's record (a line of its free text), as a person's edit would.
    const abs = join(dir, letter);
    const text = readFileSync(abs, "utf8");
    const edited = text.replace(/^(\s*text: )(.*)$/m, (_, k, c) => `${k}${c}（补充 ${i + 1}）`);
    writeFileSync(abs, edited !== text ? edited : `${text}# bench ${i + 1}\n`);
    git(["commit", "-q", "-am", `bench: edit ${letter}`]);
    const r = run([BIN, ...args]);
    incNote ??= note(r);
    said = r.stdout.split("\n").find((l) => /^写入|written/.test(l)) ?? said;
    inc.push(r.ms);
    git(["reset", "-q", "--hard", base]);
    run([BIN, ...args]); // back to the site of the generated records
  }
  row({
    figure: `svc dashboard (incremental, after one commit changing one letter${said ? `: ${said}` : ""})`,
    svc: inc.length ? median(inc) : undefined,
    note: incNote,
    runs: inc.length,
    target: { abs: 2000 },
  });

  // ---------------------------------------------------------------- the department page's size
  const index = join(out, "index.html");
  row({
    figure: "the department page (index.html)",
    svc: existsSync(index) ? statSync(index).size / 1024 : undefined,
    unit: "KB",
    target: { absKB: 300 },
  });

  // ---------------------------------------------------------------- interactive in the browser
  const { findChromium, launch, guard, siteUrl, interactiveTime } = await import("./browser.mjs");
  if (!findChromium()) {
    row({
      figure: "the department page interactive in Chromium",
      note: "n/a (no Chromium: apt-get install chromium)",
    });
  } else if (existsSync(index)) {
    const b = await launch();
    try {
      const g = await guard(b.context, out);
      const page = await b.context.newPage();
      const query = customerName(dir, gen.customer) ?? gen.customer;
      const dcl = [];
      const ready = [];
      let why;
      for (let i = 0; i < (quick ? 1 : Math.max(runs, 5)); i++) {
        try {
          const t = await interactiveTime(page, `${siteUrl(out)}index.html`, { ...SEARCH, query });
          dcl.push(t.dcl);
          ready.push(t.ready);
        } catch (e) {
          why = String(e?.message ?? e).split("\n")[0];
          break;
        }
      }
      row({
        figure: "the department page: navigation → DOMContentLoaded in Chromium",
        svc: dcl.length ? median(dcl) : undefined,
        note:
          why ??
          (g.outside.length ? `requests outside the site: ${g.outside.length}` : undefined) ??
          (g.errors.length ? `console errors: ${g.errors[0]}` : undefined),
        runs: dcl.length,
        target: { abs: 1000 },
      });
      row({
        figure: `the department page: navigation → the search answering "${query}"`,
        svc: ready.length ? median(ready) : undefined,
        note: why,
        runs: ready.length,
        target: { abs: 1000 },
      });
    } finally {
      await b.close();
    }
  }
  rmSync(out, { recursive: true, force: true });
  log(`  (dashboard rows done; the site was in ${out})`);
}

/** A customer's Chinese name from its record (what a person types into the search box). */
function customerName(dir, id) {
  const file = join(dir, "customers", `${id}.yaml`);
  if (!existsSync(file)) return undefined;
  return /^name: ["']?(.+?)["']?$/m.exec(readFileSync(file, "utf8"))?.[1];
}

function countFiles(dir, ext) {
  let n = 0;
  for (const d of readdirSync(dir, { withFileTypes: true, recursive: true }))
    if (d.isFile() && d.name.endsWith(ext)) n++;
  return n;
}

/** A letter of the latest year (relative path), the one edited for the incremental build. */
function someLetter(dir) {
  const root = join(dir, "letters");
  if (!existsSync(root)) return undefined;
  const year = readdirSync(root)
    .filter((y) => /^\d{4}$/.test(y))
    .sort()
    .at(-1);
  if (!year) return undefined;
  const file = readdirSync(join(root, year))
    .filter((f) => f.endsWith(".yaml"))
    .sort()[0];
  return file ? `letters/${year}/${file}` : undefined;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const val = (name) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const dir = val("dir");
  if (!dir || !existsSync(join(dir, ".git", "svc-bench.json"))) {
    process.stderr.write(
      "usage: node bench/dashboard.mjs --dir DIR (a repository made by bench/run.mjs or bench/generate.mjs)\n",
    );
    process.exit(2);
  }
  const { table, baseEnv, met, machineOf, BIN, MAXRSS, median } = await import("./run.mjs");
  const gen = JSON.parse(readFileSync(join(dir, ".git", "svc-bench.json"), "utf8"));
  const rows = [];
  await dashboardRows({
    dir,
    gen,
    env: baseEnv,
    kit: { BIN, MAXRSS, median },
    runs: val("runs") ? Number(val("runs")) : 3,
    quick: args.includes("--quick"),
    row: (r) => {
      rows.push(r);
      process.stderr.write(
        `  ${r.figure}: ${r.svc === undefined ? "n/a" : r.svc.toFixed(0)} ${r.unit ?? "ms"}${r.note ? ` — ${r.note}` : ""}\n`,
      );
    },
  });
  const result = {
    machine: machineOf(gen, Math.max(...rows.map((r) => r.runs ?? 1))),
    rows: rows.map((r) => ({ ...r, met: met(r) })),
  };
  process.stdout.write(`\n${table(result)}\n`);
}
