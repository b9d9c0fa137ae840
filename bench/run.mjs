// The benchmark (issue 7): svc on a synthetic department of 50,000 records, each figure the median of
// several runs, side by side with the floor the machine allows (bare Node, plain git, js-yaml parsing).
//
//   npm run bench                          # build, generate 50k records in a temp dir, measure, print
//   node bench/run.mjs --runs 7            # more runs per figure
//   node bench/run.mjs --dir /tmp/dept     # reuse (or keep) a generated repository
//   node bench/run.mjs --quick             # ~300 records, one run each: the code path, not the numbers
//   node bench/run.mjs --json results.json # also write the figures as JSON
//   node bench/run.mjs --records 10000 --people 40 --months 36   # a smaller department
//   node bench/run.mjs --history months    # the old month-by-month history (default: one commit per action)
//   node bench/run.mjs --dir D --only "svc due,svc monthly"   # only the figures whose label contains one of these
//
// Commands that do not exist (yet) are reported as n/a; a command that fails is reported with its exit
// code and first line of error, and the bench goes on.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_END, generate } from "./generate.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const BIN = join(ROOT, "bin", "svc.js");
export const MAXRSS = join(ROOT, "bench", "maxrss.mjs");
const FLOOR_PARSE = join(ROOT, "bench", "floor-parse.mjs");

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export function baseEnv(who, extra = {}) {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LANG: "zh_CN.UTF-8",
    NO_COLOR: "1",
    GIT_CONFIG_NOSYSTEM: "1",
    SVC_NOW: DEFAULT_END,
    ...(who
      ? {
          GIT_AUTHOR_NAME: who.name,
          GIT_AUTHOR_EMAIL: who.email,
          GIT_COMMITTER_NAME: who.name,
          GIT_COMMITTER_EMAIL: who.email,
        }
      : {}),
    ...extra,
  };
}

/** One timed process. */
function timed(cmd, args, { cwd, env, input }) {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd, env, input, encoding: "utf8", maxBuffer: 1 << 28 });
  const ms = performance.now() - t0;
  return { ms, code: r.status ?? -1, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
}

const UNKNOWN = /未知命令|未知选项|unknown command|unknown option/;

/** Classify a run of svc: ok, n/a (command or flag not there), or failed. */
function outcome(r) {
  if (r.code === 0) return { ok: true };
  if (r.code === 2 && UNKNOWN.test(r.stderr)) return { ok: false, na: true, note: r.stderr.split("\n")[0] };
  return { ok: false, note: `exit ${r.code}: ${(r.stderr || r.stdout).trim().split("\n")[0]}` };
}

export async function runBench(opts = {}) {
  const quick = Boolean(opts.quick);
  const runs = opts.runs ?? (quick ? 1 : 5);
  const log = opts.log ?? ((s) => process.stderr.write(`${s}\n`));
  const size = quick
    ? { records: 300, people: 12, months: 3 }
    : {
        records: opts.records ?? 50_000,
        ...(opts.people ? { people: opts.people } : {}),
        ...(opts.months ? { months: opts.months } : {}),
      };
  // The realistic history (one commit per action, issue 18) unless asked for the month-by-month one.
  const history = opts.history ?? "actions";

  // ------------------------------------------------------------ the repository
  let dir = opts.dir;
  let gen;
  const fresh = !dir || !existsSync(join(dir, ".git"));
  if (!dir) dir = mkdtempSync(join(tmpdir(), "svc-bench-"));
  if (fresh) {
    log(`generating ${size.records} records in ${dir} …`);
    gen = await generate(dir, { ...size, history, seed: opts.seed ?? 7 });
    writeFileSync(join(dir, ".git", "svc-bench.json"), JSON.stringify(gen));
    log(
      `  ${gen.records} records, ${gen.commits} commits (${gen.history}), ${(gen.bytes / 1e6).toFixed(1)} MB of YAML, in ${((gen.ms.generate + gen.ms.checkout) / 1000).toFixed(1)} s`,
    );
  } else {
    gen = JSON.parse(readFileSync(join(dir, ".git", "svc-bench.json"), "utf8"));
    log(`reusing ${dir} (${gen.records} records)`);
  }
  const git = (args, who) => {
    const r = spawnSync("git", args, { cwd: dir, env: baseEnv(who ?? gen.supervisor), encoding: "utf8" });
    if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
    return r.stdout.trim();
  };
  const base = git(["rev-parse", "HEAD"]);
  const svc = (args, who, extraEnv) =>
    timed(process.execPath, [BIN, ...args], { cwd: dir, env: baseEnv(who, extraEnv) });
  /** Undo what a mutating run did: back to the generated commit, generated documents removed. */
  const restore = () => {
    git(["reset", "-q", "--hard", base]);
    rmSync(join(dir, "out"), { recursive: true, force: true });
  };

  const rows = [];
  // opts.only: measure only the figures whose label contains one of these strings (the others are
  // left out of the table); every figure when absent.
  const only = opts.only?.length ? opts.only : undefined;
  const wanted = (label) => !only || only.some((k) => label.includes(k));
  const row = (r) => {
    if (r.skipped) return;
    rows.push(r);
    log(
      `  ${r.figure}: ${fmt(r.svc, r.unit)}${r.floor !== undefined ? ` (floor ${fmt(r.floor)})` : ""}${r.note ? ` — ${r.note}` : ""}`,
    );
  };

  /** Median of `n` runs of svc; undefined (n/a) when the command is not there. */
  const measure = (label, args, who, { n = runs, before, floor, after, env } = {}) => {
    if (!wanted(label)) return { figure: label, skipped: true };
    const times = [];
    const floors = [];
    let note;
    let na = false;
    for (let i = 0; i < n; i++) {
      before?.(i);
      if (floor) floors.push(floor(i));
      const r = svc(args, who, env);
      after?.(i, r);
      const o = outcome(r);
      if (o.na) {
        na = true;
        note = "n/a (not implemented yet)";
        break;
      }
      if (!o.ok) note = o.note;
      times.push(r.ms);
    }
    return {
      figure: label,
      svc: na ? undefined : median(times),
      floor: floors.length ? median(floors) : undefined,
      note,
      runs: times.length,
    };
  };

  log(`measuring (${runs} run${runs > 1 ? "s" : ""} per figure) …`);

  // ------------------------------------------------------------ start-up
  const nodeFloor = () => timed(process.execPath, ["-e", "0"], { cwd: dir, env: baseEnv() }).ms;
  const n0 = Math.max(runs, quick ? 1 : 10);
  for (const flag of ["--version", "--help"]) {
    const r = measure(`svc ${flag}`, [flag], undefined, { n: n0, floor: nodeFloor });
    row({ ...r, floorLabel: "node -e 0", target: { ratio: 1.5 } });
  }
  // A TAB, as the shells ask it: the people for `svc assign N --to` (the repository opened, the roster read).
  const tab = measure(
    "svc complete (a TAB: svc assign N --to …)",
    ["complete", "--", "assign", "N-", "--to", ""],
    undefined,
    {
      n: n0,
    },
  );
  row({ ...tab, target: { abs: 300 } });

  // ------------------------------------------------------------ one mutation
  const req = gen.requester;
  const noticeDir = join(dir, "notices", "2026");
  const sampleNotice = readFileSync(
    join(
      noticeDir,
      readdirSync(noticeDir).find((f) => f.endsWith(".yaml")),
    ),
    "utf8",
  );
  let k = 0;
  const gitCommitFloor = () => {
    // The same kind of change by plain git: one new notice file, `git add` + `git commit`.
    const rel = `notices/2026/N-20261120-f${String(k++).padStart(4, "0")}.yaml`;
    writeFileSync(join(dir, rel), sampleNotice.replace(/^id: .*$/m, `id: ${rel.slice(13, -5)}`));
    const env = baseEnv(req);
    const a = timed("git", ["add", "--", rel], { cwd: dir, env });
    const c = timed("git", ["commit", "-q", "-m", `open ${rel}: floor`], { cwd: dir, env });
    return a.ms + c.ms;
  };
  const openArgs = [
    "open",
    "--customer",
    gen.customer,
    "--contact",
    "刘工",
    "--phone",
    "13800000000",
    "--type",
    "维修",
    "--priority",
    "紧急",
    "--content",
    "设备无故停机，报警代码 E201，需到场维修",
    "--channel",
    "电话",
    "--json",
  ];
  row({
    ...measure("svc open (one notice, one commit)", openArgs, req, { floor: gitCommitFloor }),
    floorLabel: "git add + git commit",
    target: { plus: 100 },
  });
  // Issue 16 (D21): add a unit to the synthetic department, then open notices naming a registered unit
  // of the customer with its service history (the repeat-fault check reads only that unit's notices
  // and letters, through the mention index).
  let unit = registeredUnit(dir, gen.customer);
  row({
    ...measure(
      "svc equipment add (one unit, one commit)",
      ["equipment", "add", "--customer", gen.customer, "--model", "BENCH-1", "--json"],
      req,
      { floor: gitCommitFloor, after: (_i, r) => (unit ??= JSON.parse(r.stdout || "{}").id) },
    ),
    floorLabel: "git add + git commit",
    target: { plus: 100 },
  });
  if (unit)
    row({
      ...measure(
        `svc open --equipment ${unit} (one notice, one commit)`,
        [...openArgs, "--equipment", unit],
        req,
        {
          floor: gitCommitFloor,
        },
      ),
      floorLabel: "git add + git commit",
      target: { plus: 100 },
    });

  // ------------------------------------------------------------ checks
  const parseFloor = () => timed(process.execPath, [FLOOR_PARSE, dir], { cwd: dir, env: baseEnv() }).ms;
  const check = measure("svc check (all records)", ["check"], gen.supervisor, { floor: parseFloor });
  row({ ...check, floorLabel: "read + parse all YAML (js-yaml 4)", target: { ratio: 1.5 } });
  const checkFloor = check.floor;

  const diffFloor = () => timed("git", ["diff", "--name-only", "HEAD~1"], { cwd: dir, env: baseEnv() }).ms;
  row({
    ...measure("svc check --changed (after one commit)", ["check", "--changed"], gen.supervisor, {
      floor: diffFloor,
    }),
    floorLabel: "git diff --name-only HEAD~1",
    target: { abs: 400 },
  });

  // Peak memory of the full check (one more run, measured from inside the process).
  if (wanted("peak memory of the full check")) {
    const file = join(dir, ".git", "svc-bench-maxrss");
    rmSync(file, { force: true });
    const r = timed(process.execPath, ["--import", MAXRSS, BIN, "check"], {
      cwd: dir,
      env: baseEnv(gen.supervisor, { SVC_BENCH_MAXRSS: file }),
    });
    const kb = existsSync(file) ? Number(readFileSync(file, "utf8")) : undefined;
    row({
      figure: "peak memory of the full check",
      svc: kb === undefined ? undefined : kb / 1024,
      unit: "MB",
      note: outcome(r).note,
      target: { absMB: 400 },
    });
  }

  // ------------------------------------------------------------ listing
  const list = measure(
    "svc list letters --status 在建",
    ["list", "letters", "--status", "在建"],
    gen.supervisor,
  );
  row({ ...list, floor: checkFloor, floorLabel: "the check floor", target: { abs: 1000 } });
  // Issue 16 (D21): the customer's file — only that customer's notices and letters are read whole;
  // the unit's file — only the records naming the unit and its notices.
  row({
    ...measure(`svc show ${gen.customer} (the customer's file)`, ["show", gen.customer], gen.supervisor),
    floor: checkFloor,
    floorLabel: "the check floor",
    target: { abs: 1000 },
  });
  if (unit)
    row({
      ...measure(`svc show ${unit} (the unit's file)`, ["show", unit], gen.supervisor),
      floor: checkFloor,
      floorLabel: "the check floor",
      target: { abs: 1000 },
    });

  // ------------------------------------------------------------ svc due (issue 15: with the D17 clocks, the D18 surveys, the D19 replies)
  const due = measure("svc due", ["due"], gen.supervisor);
  row({ ...due, floor: checkFloor, floorLabel: "the check floor", target: { abs: 3000 } });

  // ------------------------------------------------------------ reports (mutating: restored after each run)
  const lastMonth = (() => {
    const d = new Date(Date.parse(DEFAULT_END) + 8 * 3600_000);
    d.setUTCDate(1);
    d.setUTCMonth(d.getUTCMonth() - 1);
    return d.toISOString().slice(0, 7);
  })();
  restore();
  // opts.skip: figures left out (the smoke test skips the two slowest; the code path is the same).
  for (const [label, args] of [
    [`svc monthly --month ${lastMonth}`, ["monthly", "--month", lastMonth]],
    [`svc assess --month ${lastMonth}`, ["assess", "--month", lastMonth]],
  ].filter(([, a]) => !opts.skip?.includes(a[0]))) {
    row({ ...measure(label, args, gen.supervisor, { after: restore }), target: { abs: 3000 } });
  }
  const engineers = gen.engineers;
  row({
    ...measure(
      `svc weekly --all (${engineers} documents)`,
      ["weekly", "--all", "--summary", "本周按计划完成现场服务。", "--plan", "下周继续跟进在建项目。"],
      gen.supervisor,
      { n: quick ? 1 : Math.min(runs, 3), after: restore },
    ),
    target: { abs: 20000 },
  });
  restore();

  // ------------------------------------------------------------ the everyday commands (issue 18)
  row({
    ...measure("svc due", ["due"], gen.supervisor),
    floor: nodeFloor(),
    floorLabel: "node -e 0",
    target: { abs: 500 },
  });

  // `svc show` of a letter that went through the whole workflow (many commits) and of its notice.
  const shown = showTargets(dir);
  for (const [what, id] of [
    ["letter", shown.letter],
    ["notice", shown.notice],
  ]) {
    if (!id) continue;
    const commitsOf = git(["rev-list", "--count", "HEAD", "--", shown.paths[what]]);
    row({
      ...measure(`svc show ${id} (${what}, ${commitsOf} commits of it)`, ["show", id], gen.supervisor),
      floor: nodeFloor(),
      floorLabel: "node -e 0",
      target: { abs: 150 },
    });
  }

  // The history: the last 100 commits (a push), as `svc check --history RANGE` (all records checked
  // too) and as the pushed range CI checks (`--changed --since`: what the range changed), then the
  // whole walk.
  const total = Number(git(["rev-list", "--count", "HEAD"]));
  const back = Math.min(100, total - 1);
  const logFloor = () =>
    timed("git", ["log", "--raw", "--no-renames", "-z", `HEAD~${back}..HEAD`], { cwd: dir, env: baseEnv() })
      .ms;
  row({
    ...measure(
      `svc check --history HEAD~${back}..HEAD`,
      ["check", "--history", `HEAD~${back}..HEAD`],
      gen.supervisor,
      {
        floor: logFloor,
      },
    ),
    floorLabel: `git log --raw of ${back} commits`,
    target: { abs: 2000 },
  });
  row({
    ...measure(
      `svc check --changed --since HEAD~${back} (a push of ${back} commits)`,
      ["check", "--changed", "--since", `HEAD~${back}`],
      gen.supervisor,
      {
        floor: logFloor,
      },
    ),
    floorLabel: `git log --raw of ${back} commits`,
    target: { abs: 2000 },
  });
  if (wanted("svc check --history (the whole walk")) {
    const fullFloor = () =>
      timed("git", ["log", "--raw", "--no-renames", "-z"], { cwd: dir, env: baseEnv() }).ms;
    // One run (it is long), timed and with its peak memory measured from inside the process (issue
    // 18: the walk goes in bounded chunks; git's own processes are not counted).
    const file = join(dir, ".git", "svc-bench-maxrss");
    rmSync(file, { force: true });
    const floor = fullFloor();
    const run = timed(process.execPath, ["--import", MAXRSS, BIN, "check", "--history"], {
      cwd: dir,
      env: baseEnv(gen.supervisor, { SVC_BENCH_MAXRSS: file }),
    });
    const o = outcome(run);
    const r = { svc: o.na ? undefined : run.ms, floor, note: o.note, runs: 1 };
    const per100k =
      r.svc === undefined ? "" : `; ≈ ${((r.svc * 100_000) / total / 1000).toFixed(0)} s per 100,000`;
    row({
      ...r,
      figure: `svc check --history (the whole walk, ${total} commits${per100k})`,
      floorLabel: "git log --raw of all commits",
      target: { abs: 60_000 },
    });
    const kb = existsSync(file) ? Number(readFileSync(file, "utf8")) : undefined;
    row({
      figure: `peak memory of the whole walk (${total} commits)`,
      svc: kb === undefined ? undefined : kb / 1024,
      unit: "MB",
      note: o.note,
      target: { absMB: 400 },
    });
  }

  // `svc start` (npm start's command): first run (nothing rendered), then again with every
  // document up to date; its peak memory.
  restore();
  row({
    ...measure("svc start (first run, nothing rendered yet)", ["start"], gen.supervisor, {
      n: quick ? 1 : Math.min(runs, 3),
      before: restore,
    }),
    target: { abs: 10_000 },
  });
  // (the last first run left every document rendered)
  row({
    ...measure("svc start (all documents up to date, second run)", ["start"], gen.supervisor),
    target: { abs: 4000 },
  });
  if (wanted("peak memory of svc start")) {
    const file = join(dir, ".git", "svc-bench-maxrss");
    rmSync(file, { force: true });
    const r = timed(process.execPath, ["--import", MAXRSS, BIN, "start"], {
      cwd: dir,
      env: baseEnv(gen.supervisor, { SVC_BENCH_MAXRSS: file }),
    });
    const kb = existsSync(file) ? Number(readFileSync(file, "utf8")) : undefined;
    row({
      figure: "peak memory of svc start",
      svc: kb === undefined ? undefined : kb / 1024,
      unit: "MB",
      note: outcome(r).note,
      target: { absMB: 300 },
    });
  }
  restore();

  // ------------------------------------------------------------ svc dashboard (issue 17: bench/dashboard.mjs)
  if (!opts.skip?.includes("dashboard") && wanted("svc dashboard")) {
    const { dashboardRows } = await import("./dashboard.mjs");
    await dashboardRows({
      dir,
      gen,
      env: baseEnv,
      row,
      kit: { BIN, MAXRSS, median },
      runs: quick ? 1 : Math.min(runs, 3),
      quick,
      log,
    });
    restore();
  }

  const machine = machineOf(gen, runs);
  const result = { machine, rows: rows.map((r) => ({ ...r, met: met(r) })), dir };
  if (!opts.keep && !opts.dir) rmSync(dir, { recursive: true, force: true });
  return result;
}

/**
 * The registered unit of `customer` (equipment/) named by the most notices: the unit whose repeat-fault
 * check and file have the most to read. Undefined when the department has no equipment register.
 */
function registeredUnit(dir, customer) {
  const units = new Map();
  for (const kind of ["equipment", "notices"]) {
    if (!existsSync(join(dir, kind))) return undefined;
    for (const y of readdirSync(join(dir, kind)).filter((y) => /^\d{4}$/.test(y)))
      for (const f of readdirSync(join(dir, kind, y))) {
        const text = readFileSync(join(dir, kind, y, f), "utf8");
        if (!new RegExp(`^customer: ${customer}$`, "m").test(text)) continue;
        const id = kind === "equipment" ? f.slice(0, -5) : /^equipmentId: (\S+)$/m.exec(text)?.[1];
        if (id) units.set(id, (units.get(id) ?? 0) + (kind === "notices" ? 1 : 0));
      }
  }
  return [...units].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
}

/**
 * What `svc show` is measured on: the letter of the earliest year that went through the whole workflow
 * (archived: the most commits of a letter), and its notice.
 */
function showTargets(dir) {
  const years = existsSync(join(dir, "letters"))
    ? readdirSync(join(dir, "letters"))
        .filter((y) => /^\d{4}$/.test(y))
        .sort()
    : [];
  let pick;
  for (const y of years) {
    for (const f of readdirSync(join(dir, "letters", y)).sort()) {
      const text = readFileSync(join(dir, "letters", y, f), "utf8");
      const archived = /^status: 结案$/m.test(text);
      if (pick && !archived) continue;
      pick = { y, f, text };
      if (archived) break;
    }
    if (pick && /^status: 结案$/m.test(pick.text)) break;
  }
  if (!pick) return { paths: {} };
  const notice = /^notice: (\S+)$/m.exec(pick.text)?.[1];
  const noticePath = notice ? `notices/${notice.slice(2, 6)}/${notice}.yaml` : undefined;
  return {
    letter: pick.f.slice(0, -5),
    notice: noticePath && existsSync(join(dir, noticePath)) ? notice : undefined,
    paths: { letter: `letters/${pick.y}/${pick.f}`, notice: noticePath },
  };
}

function fmt(v, unit = "ms") {
  if (v === undefined) return "n/a";
  if (unit === "MB") return `${v.toFixed(0)} MB`;
  if (unit === "KB") return `${v.toFixed(0)} KB`;
  return v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${v.toFixed(0)} ms`;
}

function targetText(t) {
  if (!t) return "";
  if (t.ratio) return `≤ ${t.ratio}× floor`;
  if (t.plus) return `≤ floor + ${t.plus} ms`;
  if (t.abs) return `≤ ${fmt(t.abs)}`;
  if (t.absMB) return `< ${t.absMB} MB`;
  if (t.absKB) return `≤ ${t.absKB} KB`;
  return "";
}

/** The machine and department a table was measured on (its heading). */
export function machineOf(gen, runs) {
  return {
    date: new Date().toISOString().slice(0, 10),
    cores: availableParallelism(),
    cpu: cpus()[0]?.model ?? "?",
    node: process.version,
    git: spawnSync("git", ["--version"], { encoding: "utf8" }).stdout.trim().replace("git version ", ""),
    records: gen.records,
    commits: gen.commits,
    history: gen.history ?? "months",
    runs,
  };
}

export function met(r) {
  if (r.svc === undefined) return undefined;
  const t = r.target ?? {};
  if (t.ratio) return r.floor !== undefined && r.svc <= t.ratio * r.floor;
  if (t.plus) return r.floor !== undefined && r.svc <= r.floor + t.plus;
  if (t.abs) return r.svc <= t.abs;
  if (t.absMB) return r.svc < t.absMB;
  if (t.absKB) return r.svc <= t.absKB;
  return undefined;
}

/** The results as a Markdown table (printed, and pasted into docs/performance.md). */
export function table(result) {
  const m = result.machine;
  const lines = [
    `${m.date} · ${m.cores} cores (${m.cpu}) · Node ${m.node} · git ${m.git} · ${m.records} records · ${m.commits ?? "?"} commits (${m.history === "actions" ? "one per action" : "month by month"}) · median of ${m.runs} run(s)`,
    "",
    "| figure | svc | floor | floor is | ratio | target | met |",
    "|---|---:|---:|---|---:|---|:-:|",
  ];
  for (const r of result.rows) {
    const ratio = r.svc !== undefined && r.floor ? `${(r.svc / r.floor).toFixed(2)}×` : "";
    const ok = r.met === undefined ? (r.svc === undefined ? "n/a" : "") : r.met ? "yes" : "**no**";
    const svcText = r.svc === undefined ? "n/a" : fmt(r.svc, r.unit);
    lines.push(
      `| ${r.figure} | ${svcText}${r.note && r.svc !== undefined ? " ⚠" : ""} | ${r.floor !== undefined ? fmt(r.floor) : "—"} | ${r.floorLabel ?? "—"} | ${ratio} | ${targetText(r.target)} | ${ok} |`,
    );
  }
  const notes = result.rows.filter((r) => r.note && r.svc !== undefined);
  if (notes.length) {
    lines.push("");
    for (const r of notes) lines.push(`⚠ ${r.figure}: ${r.note}`);
  }
  return lines.join("\n");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const val = (name) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  if (!existsSync(join(ROOT, "dist", "cli.js"))) {
    process.stderr.write("dist/ is missing: run npm run build (npm run bench does)\n");
    process.exit(2);
  }
  const result = await runBench({
    quick: args.includes("--quick"),
    runs: val("runs") ? Number(val("runs")) : undefined,
    records: val("records") ? Number(val("records")) : undefined,
    people: val("people") ? Number(val("people")) : undefined,
    months: val("months") ? Number(val("months")) : undefined,
    history: val("history"),
    dir: val("dir"),
    keep: args.includes("--keep"),
    only: val("only")
      ?.split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  });
  process.stdout.write(`\n${table(result)}\n`);
  const out = val("json");
  if (out) writeFileSync(out, JSON.stringify(result, null, 2));
}
