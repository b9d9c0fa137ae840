// src/core/background.ts: what main() waits for before it returns — work counted while it runs, writes
// put off until the loop is idle, and work that settles only to start more (issue 18).
import { describe, expect, it } from "vitest";
import { inBackground, settled, whenIdle } from "../src/core/background.ts";

const later = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe("background work", () => {
  it("settled() waits for counted work, for a write put off until idle, and for work the settled work started", async () => {
    const done: string[] = [];
    inBackground(later(30).then(() => done.push("git")));
    whenIdle(() => done.push("index saved"));
    // a chain: the first step settles, and only then starts the second (a seeded index after `git var`)
    inBackground(later(10)).then(() => inBackground(later(30).then(() => done.push("seeded"))));
    await settled();
    expect(done.sort()).toEqual(["git", "index saved", "seeded"]);
  });

  it("a failure is still waited for and not thrown by settled(); inBackground returns the work as it is", async () => {
    const failing = Promise.reject(new Error("git failed"));
    expect(inBackground(failing)).toBe(failing);
    await expect(failing).rejects.toThrow("git failed");
    await settled();
  });

  it("a failure nobody awaits yet is no unhandled rejection (its callers add no catch of their own)", async () => {
    const unhandled: unknown[] = [];
    const seen = (e: unknown) => unhandled.push(e);
    process.on("unhandledRejection", seen);
    try {
      const failing = inBackground(Promise.reject(new Error("lookup failed")));
      await settled();
      await later(10); // past the microtask checkpoint where Node reports an unhandled rejection
      expect(unhandled).toEqual([]);
      await expect(failing).rejects.toThrow("lookup failed");
    } finally {
      process.off("unhandledRejection", seen);
    }
  });

  it("settled() with nothing running resolves at the next turn of the loop", async () => {
    let resolved = false;
    const s = settled().then(() => {
      resolved = true;
    });
    expect(resolved).toBe(false);
    await s;
    expect(resolved).toBe(true);
  });
});
