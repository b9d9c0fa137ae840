import { defineConfig } from "vitest/config";

// `npm run stress`: the stress tests at the issues' full size (test/stress/*.stress.ts), one file at a
// time on one worker, so each has the machine to itself. `npm test` runs a small smoke of each.
export default defineConfig({
  test: {
    include: ["test/stress/**/*.stress.ts"],
    globalSetup: ["test/global-setup.ts"],
    // The 10 × 20 sync stress takes ~1 min alone on a quiet 2-core machine.
    testTimeout: 900_000,
    hookTimeout: 120_000,
    pool: "forks",
    maxWorkers: 1,
    fileParallelism: false,
    server: { deps: { external: [/\/dist\//] } },
  },
});
