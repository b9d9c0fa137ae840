import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

// `npm test`. The stress tests at full size are `npm run stress` (vitest.stress.config.ts).
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
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
  },
});
