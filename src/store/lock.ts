// Serialises svc processes in one clone. The lock is a file in .git holding the owner's pid; a lock
// whose process is gone is stale and taken over at once (a killed svc must not block the next one
// for seconds, as a time-based stale lock would). The file appears complete or not at all (link),
// and a stale one is removed under a second lock, so two waiters never both own the lock.
import { linkSync, readFileSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { Refused } from "../core/errors.ts";
import { t } from "../core/i18n.ts";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Create `path` holding our pid, atomically: the content is written to a private file first and
 * hard-linked into place, so nobody ever reads a lock file that exists but is still empty (which a
 * waiting process would take for a stale lock and remove — two owners).
 */
function create(path: string): boolean {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${process.pid}\n`);
  try {
    linkSync(tmp, path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    return false;
  } finally {
    try {
      unlinkSync(tmp);
    } catch {}
  }
}

function ownerOf(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, "utf8"), 10);
    return Number.isFinite(pid) ? pid : Number.NaN;
  } catch {
    return undefined; // gone
  }
}

/**
 * Remove a lock whose owner is dead. Two waiters may both find the same stale lock; without care the
 * slower one would remove the lock the faster one has just taken. So the removal happens under a
 * second, short-lived lock (`.break`), and only if the file still names the dead owner.
 */
function breakStale(path: string, stalePid: number): void {
  const breaker = `${path}.break`;
  if (!create(breaker)) {
    // Its holder needs microseconds; one that is dead and older than 2 s is itself stale.
    const pid = ownerOf(breaker);
    let age = 0;
    try {
      age = Date.now() - statSync(breaker).mtimeMs;
    } catch {}
    if (pid !== undefined && !(Number.isFinite(pid) && alive(pid)) && age > 2000) {
      try {
        unlinkSync(breaker);
      } catch {}
    }
    return;
  }
  try {
    const now = ownerOf(path);
    if (now !== undefined && (now === stalePid || (Number.isNaN(now) && Number.isNaN(stalePid))))
      unlinkSync(path);
  } catch {
  } finally {
    try {
      unlinkSync(breaker);
    } catch {}
  }
}

function tryTake(path: string): boolean {
  if (create(path)) return true;
  const pid = ownerOf(path);
  if (pid === undefined) return false; // released just now: try again
  if (Number.isFinite(pid) && pid !== process.pid && alive(pid)) return false;
  breakStale(path, pid); // its process is gone (or the file is garbage): take it over
  return false;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function acquireLock(path: string, timeoutMs: number): Promise<() => void> {
  const deadline = Date.now() + timeoutMs;
  let wait = 5;
  for (;;) {
    if (tryTake(path)) {
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.removeListener("exit", release); // one listener per lock held, not per lock ever taken
        try {
          unlinkSync(path);
        } catch {}
      };
      process.once("exit", release);
      return release;
    }
    if (Date.now() >= deadline) {
      let owner = "?";
      try {
        owner = readFileSync(path, "utf8").trim();
      } catch {}
      throw new Refused(
        t(
          `记录库正被另一个 svc 进程（pid ${owner}）使用，等待 ${timeoutMs / 1000} 秒后放弃`,
          `the records repository is locked by another svc process (pid ${owner}); gave up after ${timeoutMs / 1000} s`,
        ),
        t(
          `稍后重试；若该进程已不存在，删除 ${path}`,
          `try again later; if that process is gone, remove ${path}`,
        ),
      );
    }
    await sleep(wait);
    wait = Math.min(wait * 2, 100);
  }
}
