import { availableParallelism } from "node:os";
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
  "corrections.render",
  "custfile.domain",
  "dashboard.charts",
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

// `npm test`. The stress tests at full size are `npm run stress` (vitest.stress.config.ts).
export default defineConfig({
  test: {
    // Each file's CPU (its worker and the processes it ran), measured only when asked (test/cpu-setup.ts).
    setupFiles: process.env.SVC_TEST_CPU ? ["test/cpu-setup.ts"] : [],
    // 60 s: the slowest test takes ~10 s alone on a quiet 2-core machine, so a test that grows slow
    // fails here, with margin for a loaded machine, before it fails in CI (docs/performance.md).
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
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
          exclude: SHARED_WORKER,
          globalSetup: ["test/global-setup.ts"],
        },
      },
    ],
  },
});
