// `npm run stress`: the random-kill trials at the size, 50 SIGKILLs (see test/stress/crash.ts).
// SVC_CRASH_TRIALS may only raise the number; SVC_STRESS_SEED picks other delays (printed on failure).
import { afterAll, describe, it } from "vitest";
import { cleanup } from "../helpers.ts";
import { killTrials } from "./crash.ts";

const SIZE = {
  trials: Math.max(50, Number(process.env.SVC_CRASH_TRIALS ?? 50)),
  seed: Number(process.env.SVC_STRESS_SEED ?? 20261201),
};

describe("SIGKILL at random points (stress)", () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) cleanup(d);
  });

  it(`${SIZE.trials} trials (seed ${SIZE.seed}): valid repository, no partial file, all or nothing`, () =>
    killTrials(SIZE, dirs));
});
