import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Most tests wait on git and svc subprocesses: two test files at a time even on 2 cores
    // (the suite takes ~140 s there instead of ~225 s).
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
