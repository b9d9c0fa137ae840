// `npm run stress`: the sync stress at the size, 10 clones × 20 cycles (1,200 svc commands
// and 50 syncs racing through one remote), see test/stress/sync.ts. SVC_STRESS_CLONES /
// SVC_STRESS_CYCLES may only make it bigger.
import { afterAll, describe, it } from "vitest";
import { cleanup } from "../helpers.ts";
import { syncStress } from "./sync.ts";

const SIZE = {
  clones: Math.max(10, Number(process.env.SVC_STRESS_CLONES ?? 10)),
  cycles: Math.max(20, Number(process.env.SVC_STRESS_CYCLES ?? 20)),
  every: 5,
};

describe("svc sync between clones (stress)", () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) cleanup(d);
  });

  it(`${SIZE.clones} clones × ${SIZE.cycles} cycles concurrently: every notice arrives once, history clean`, () =>
    syncStress(SIZE, dirs));
});
