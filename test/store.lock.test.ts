// The repository lock (src/store/lock.ts): a released lock leaves no exit listener behind — svc run
// in-process many times (svcIn, a long-lived caller) used to collect one per lock ever taken
// (Node's MaxListenersExceededWarning in every full suite run).
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { acquireLock } from "../src/store/lock.ts";

it("a released lock removes its file and its exit listener", async () => {
  const dir = mkdtempSync(join(tmpdir(), "svc-lock-"));
  const before = process.listenerCount("exit");
  for (let i = 0; i < 20; i++) {
    const release = await acquireLock(join(dir, "svc.lock"), 1000);
    expect(existsSync(join(dir, "svc.lock"))).toBe(true);
    expect(process.listenerCount("exit")).toBe(before + 1);
    release();
    release(); // twice is harmless
    expect(existsSync(join(dir, "svc.lock"))).toBe(false);
  }
  expect(process.listenerCount("exit")).toBe(before);
  rmSync(dir, { recursive: true, force: true });
});
