import { defineConfig } from "vitest/config";
import { BENCH_TIER } from "./vitest.config.ts";

// `npm run stress`: the stress tests at the issues' full size (test/stress/*.stress.ts), one file at a
// time on one worker, so each has the machine to itself — `npm test` runs a small smoke of each — and
// the bench's own tests (BENCH_TIER: its code paths, once each, on small departments).
export default defineConfig({
  test: {
    include: ["test/stress/**/*.stress.ts", ...BENCH_TIER],
    globalSetup: ["test/global-setup.ts"],
    // Sized for the full stress on a busy machine: the 10 × 20 sync stress took 6 min (and removing
    // its clones another minute) at a load average of 30 on 2 cores.
    testTimeout: 1_800_000,
    hookTimeout: 600_000,
    pool: "forks",
    maxWorkers: 1,
    fileParallelism: false,
    server: { deps: { external: [/\/dist\//] } },
  },
});
