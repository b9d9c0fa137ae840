// `SVC_TEST_CPU=<file> npx vitest run`: each test file's CPU — its worker process and every process
// it waited for (git, svc, runners, Chromium), user + sys from /proc/self/stat — appended to <file>
// as a JSON line when the file ends (vitest.config.ts adds this setup file only then). How the
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

afterAll(() => {
  const out = process.env.SVC_TEST_CPU;
  if (!out) return;
  const { self, children } = ticks();
  const file = expect.getState().testPath ?? "?";
  appendFileSync(out, `${JSON.stringify({ file, self, children, cpu: self + children })}\n`);
});
