// `svc check --history` when a rule throws (a record version no rule foresaw): the walk's reader
// (src/check/history/index.ts checkHistory) reads the log ahead of the judging, at most two chunks,
// then waits for room. It used to wait for ever once the judging failed, and its `git log`, its output
// no longer read, blocked on a full pipe: the error never reached the user, and svc — which waits for
// the processes it started (core/background.ts) — never ended. Now the reader stops and its git ends.
// (A file of its own: it replaces the rules' module, vi.mock, which no shared worker may see.)
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { cleanup, env, tempDir } from "./helpers.ts";

vi.mock("../src/check/history/rules/index.ts", async (importOriginal) => {
  const m = await importOriginal<typeof import("../src/check/history/rules/index.ts")>();
  let seen = 0;
  const boom = {
    id: "history-test-boom",
    domain: "—",
    forbids: ["（测试）", "(test)"],
    kinds: "commit",
    anyone: true,
    check: () => {
      if (++seen === 3) throw new Error("a rule failed on commit 3");
      return [];
    },
  };
  return { ...m, HISTORY_RULES: [...m.HISTORY_RULES, boom] };
});

const { checkHistory } = await import("../src/check/history/index.ts");
const { settled } = await import("../src/core/background.ts");

const dir = tempDir("svc-history-stop-");
afterAll(() => cleanup(dir));

/**
 * 120 commits of 20 new records each (a rule's findings aside, what they hold matters not), by git fast-import: ~0.3 MB of `git log --raw`, far more than the
 * pipe and the stream hold while the reader waits.
 */
function bigHistory(): void {
  const run = (args: string[], input?: string) => {
    const r = spawnSync("git", args, { cwd: dir, env: env(), input, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  };
  run(["init", "-q", "-b", "main"]);
  let stream = "";
  for (let c = 1; c <= 120; c++) {
    const message = `c${c}\n`;
    stream += `commit refs/heads/main\ncommitter Test <test@example.com> ${1_790_000_000 + c * 60} +0800\ndata ${message.length}\n${message}`;
    for (let f = 0; f < 20; f++) {
      const body = `kind: notice\nnote: ${c}-${f}\n`;
      stream += `M 100644 inline notices/2026/N-c${c}-f${f}.yaml\ndata ${Buffer.byteLength(body)}\n${body}`;
    }
    stream += "\n";
  }
  run(["fast-import", "--quiet"], stream);
  run(["reset", "-q", "--hard", "main"]);
}

describe("svc check --history: a rule that throws ends the walk, its git with it", () => {
  it("rejects with the rule's error, and what it started ends (no git left writing into a full pipe)", async () => {
    bigHistory();
    const walk = checkHistory({
      gitTop: dir,
      gitDir: join(dir, ".git"),
      root: dir,
      tz: "Asia/Shanghai",
      chunk: 1,
    });
    await expect(walk).rejects.toThrow("a rule failed on commit 3");
    const ended = await Promise.race([
      settled().then(() => "ended"),
      new Promise<string>((r) => setTimeout(() => r("still running after 15 s"), 15_000).unref()),
    ]);
    expect(ended).toBe("ended");
  });
});
