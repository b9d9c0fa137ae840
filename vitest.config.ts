import { mkdtempSync, rmSync, statfsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { defineConfig } from "vitest/config";

/**
 * Pure unit tests — domain, rules, rendering helpers, schemas: no svc, no git, no temp repository, no
 * process state changed — share their worker processes (`isolate: false`): a fresh worker per file
 * cost ~0.3 s of CPU each (20 files: ~6 s of the suite; 22 since wave 4's suite2). A test that runs svc, git or a temporary
 * repository stays in the isolated project (every file not named here).
 */
const SHARED_WORKER = [
  "assessment.month",
  "assessment.render",
  "assessment.rules",
  "corrections.domain",
  "core.background",
  "corrections.render",
  "custfile.domain",
  "dashboard.charts",
  "dashboard.mask",
  "dashboard.search-index",
  "domain.assign",
  "domain.calendar",
  "domain.due",
  "domain.workflow",
  "foundation.schemas",
  "history.rules",
  "month14.week",
  "perf.time",
  "quality.complaints",
  "quality.perf",
  "quality.sla",
  "render.charts",
  "reports.figures",
  "store.yaml",
].map((name) => `test/${name}.test.ts`);

/**
 * Tests that run svc by svcIn (in the worker's runner process), freshRepo, sampleRepo, git but change nothing of the
 * process that outlives a test — no vi mocks (a spy on a global put back after its test, as
 * dashboard.dashinc's on JSON.stringify, leaves nothing), no env or cwd set by the test itself (svcIn puts back
 * what it sets), no terminal, no workers, no browser, no module-loading assertions (startup) — share
 * their workers too (`isolate: false`), and so the built CLI loaded once per worker instead of once
 * per file: 41 of these files, 83 s CPU isolated against 66 s shared, the other 16 (the dashboard's,
 * due's, reports' in-process ones) 52 → 47 s (issue 18, wave 4 suite2; the fork of git from a grown
 * worker costs more system time, the start-ups saved more user time). Every test repository is its
 * own temporary folder, so no file sees another's. A new file is isolated unless added here — add
 * only a file that passes when run after the others in one worker (and shuffled).
 */
const SHARED_SVC = [
  "assessment.e2e",
  "check.cache",
  "check.changed",
  "check.mentions",
  "check.records",
  "config.defaults",
  "config.effective",
  "config.sane",
  "corrections.closed",
  "corrections.e2e",
  "corrections.notice",
  "custfile.e2e",
  "custfile.import",
  "custfile.rd",
  "dashboard.ci",
  "dashboard.commits",
  "dashboard.dashinc",
  "dashboard.incremental",
  "dashboard.months",
  "dashboard.search",
  "dashboard.site",
  "dashboard.timeline",
  "dashboard.words",
  "dashboard.write",
  "due.index",
  "due.order",
  "estimate",
  "foundation.check",
  "foundation.store",
  "history.check",
  "history.chunks",
  "history.commands",
  "history.show",
  "incident.e2e",
  "integrity.history",
  "month.running",
  "month14.estimate",
  "month14.output",
  "month14.warnings",
  "quality.complaints.e2e",
  "quality.complaints.transcribe",
  "quality.sla.e2e",
  "quality.survey",
  "reads.calendar",
  "reads.identical",
  "reads.mentions",
  "reads.titles",
  "reports.e2e",
  "reports.kit",
  "sample",
  "since",
  "start.e2e",
  "step.order",
  "store.cache",
  "store.delta",
  "terminal.ids",
  "terminal.json",
  "terminal.list",
  "terminal.mixed",
  "terminal.show",
  "transcribe",
  "workflow.e2e",
  // wave 5 (wt/suiterest): files that were isolated — each a worker start-up and a load of the CLI; the
  // git-heavy ones (history.*, integrity.badinput, hostile.writes) measured with the test repositories
  // in memory (the temporary folder below): 12.9 → 12.1 s CPU, not more in the others
  "attack.caches",
  "check.scale",
  "ci.range",
  "completion.protocol",
  "custfile.remote",
  "due.scale",
  "history.forgery",
  "history.letter",
  "closed.return",
  "history.signing",
  "hostile.writes",
  "init.commitgraph",
  "integrity.badinput",
  "quality.docx",
  "quality.scale",
  "readme.examples",
  "store.lock",
  // … and files that spawn svc or a runner by design (crash points, the lock, pipes, help, the hostile
  // runner): what they spawn is a Node start-up, next to which the fork from a larger worker is little
  "hostile.output",
  "hostile.reads",
  "hostile.values",
  "integrity.crash",
  "integrity.setup",
  "reads.shown",
  "suite.validators",
  "terminal.help",
  "terminal.pipe",
  // seventh session: files isolated only because they were added after the lists above — each one a
  // worker's start-up and a runner's, whose CLI then warms up again (~1 s of CPU a file)
  "dashboard.concurrency",
  "dashboard.start",
  "hostile.concurrency",
  "hostile.corpus",
  "integrity.sync",
  "out.concurrency",
  "perf.check",
  "start.scale",
  "terminal.reassign",
  "terminal.table",
].map((name) => `test/${name}.test.ts`);

/**
 * The bench's own tests (issue 18): the bench's code paths run once each on small departments —
 * `npm run bench --quick`'s every row, the rows for service quality and the customer's file, the
 * dashboard's rows with a browser — ~30 s of CPU, a tenth of the suite, for a tool that is not svc. They
 * run in `npm run stress` (vitest.stress.config.ts), which .ci/run runs after `npm test`; run it after
 * changing bench/.
 */
export const BENCH_TIER = ["bench.smoke", "bench.quality", "dashboard.bench"].map((name) => `test/${name}.test.ts`);

/**
 * The tests' temporary folders (test/helpers.ts tempDir, os.tmpdir()) in memory when the machine has
 * room: /dev/shm (tmpfs), in one folder per run, removed when the run ends. Every test repository is
 * created, copied and deleted there, file by file; on a disk shared with other jobs that was a third of
 * the CPU of the file-heavy test files, most of it system time in the filesystem's file creation
 * (issue 18, wave 5: seven such files 31 → 21 s CPU). A whole run holds ~50 MB there at a time. Needs
 * 1 GB free there (a container's 64 MB /dev/shm is not used), else the system's temporary folder as
 * before. SVC_TEST_TMP=0 keeps the system's; SVC_TEST_TMP=DIR names another.
 */
function testTmp(): string | undefined {
  const asked = process.env.SVC_TEST_TMP;
  if (asked === "0") return undefined;
  const base = asked || "/dev/shm";
  try {
    if (!asked) {
      const fs = statfsSync(base);
      if (fs.bavail * fs.bsize < 2 ** 30) return undefined;
    }
    const dir = mkdtempSync(join(base, "svc-tests-"));
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
    return dir;
  } catch {
    return undefined;
  }
}
const TEST_TMP = testTmp();

// `npm test`. The stress tests at full size are `npm run stress` (vitest.stress.config.ts).
export default defineConfig({
  test: {
    // Each file's CPU (its worker and the processes it ran), measured only when asked (test/cpu-setup.ts).
    setupFiles: process.env.SVC_TEST_CPU ? ["test/cpu-setup.ts"] : [],
    env: TEST_TMP ? { TMPDIR: TEST_TMP } : {},
    // 60 s: the slowest test takes ~10 s alone on a quiet 2-core machine, so a test that grows slow
    // fails here, with margin for a loaded machine, before it fails in CI (docs/performance.md).
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    // The test files and the src modules they import, transformed once and kept on disk
    // (node_modules/.experimental-vitest-cache, keyed by content and config): a re-run's transform
    // 4–5 → ~1 s, its imports 7–9 → ~4.5 s (a fresh clone's first run fills it).
    experimental: { fsModuleCache: true },
    // The built CLI (test/helpers.ts svcIn) is imported by Node as is, not transformed by vitest.
    server: { deps: { external: [/\/dist\//] } },
    // Most tests wait on git and svc subprocesses: two test files at a time even on 2 cores.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      { extends: true, test: { name: "unit", include: SHARED_WORKER, isolate: false } },
      {
        extends: true,
        test: {
          name: "svc",
          include: ["test/**/*.test.ts"],
          exclude: [...SHARED_WORKER, ...SHARED_SVC, ...BENCH_TIER],
          globalSetup: ["test/global-setup.ts"],
        },
      },
      {
        extends: true,
        test: { name: "svc-shared", include: SHARED_SVC, isolate: false, globalSetup: ["test/global-setup.ts"] },
      },
    ],
  },
});
