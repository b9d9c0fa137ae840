// `SVC_TEST_CPU=<file> npx vitest run`: each test file's CPU — its worker process and every process
// it waited for (git, svc, runners, Chromium), user + sys from /proc/self/stat — appended to <file>
// as a JSON line when the file ends (vitest.config.ts adds this setup file only then; in a worker shared
// by several files, what it used since the previous file ended). How the
// figures of docs/performance.md "The suite (issue 18)" were measured.
import { appendFileSync, readFileSync } from "node:fs";
import { afterAll, expect } from "vitest";

const TICK = 100; // USER_HZ: clock ticks per second on Linux

function ticks(): { self: number; children: number } {
  // Fields after the command name (which may contain spaces): state is field 3; utime 14, stime 15,
  // cutime 16, cstime 17.
  const stat = readFileSync("/proc/self/stat", "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return { self: (Number(f[11]) + Number(f[12])) / TICK, children: (Number(f[13]) + Number(f[14])) / TICK };
}

/**
 * The worker's figures when its previous file ended (workers of the "unit" project run many files);
 * `svcRunnerCpu`: what its svcIn runner used so far (test/helpers.ts), counted with the children.
 */
const g = globalThis as { svcCpuBefore?: { self: number; children: number }; svcRunnerCpu?: number };

afterAll(() => {
  const out = process.env.SVC_TEST_CPU;
  if (!out) return;
  const now = ticks();
  now.children += g.svcRunnerCpu ?? 0;
  const before = g.svcCpuBefore ?? { self: 0, children: 0 };
  g.svcCpuBefore = now;
  const self = now.self - before.self;
  const children = now.children - before.children;
  const file = expect.getState().testPath ?? "?";
  appendFileSync(out, `${JSON.stringify({ file, self, children, cpu: self + children })}\n`);
});
