// What a command leaves running after it has answered: the git processes it started ahead (a commit's
// private index seeded while the record is built, a lookup a refusal made unnecessary) and the writes
// it put off until the loop is idle (an index saved off the command's path). A process of its own
// waits for them before it exits; main() waits for them before it returns, so that svc run in a
// process that lives on — the tests' runner, a program embedding main() — has finished writing in the
// repository when main() returns (issue 18: a test deleting its repository met a private index being
// written into .git by a command that had already answered).

const running = new Set<Promise<unknown>>();

/**
 * Counts `work` as running until it settles; returns it as it is. Its failure is handled here (no
 * unhandled rejection while nobody awaits it yet): whoever awaits it later still gets the error.
 */
export function inBackground<T>(work: Promise<T>): Promise<T> {
  running.add(work);
  const done = () => running.delete(work);
  work.then(done, done);
  return work;
}

/** Runs `write` when the loop is next idle (setImmediate), counted as running until it has run. */
export function whenIdle(write: () => void): void {
  inBackground(
    new Promise<void>((ran) => {
      setImmediate(() => {
        try {
          write();
        } finally {
          ran();
        }
      });
    }),
  );
}

/**
 * Resolves when nothing counted is running and a turn of the loop has passed without any starting
 * (work that settles may start more: a seeded index after the committer's identity was asked).
 */
export async function settled(): Promise<void> {
  for (;;) {
    await new Promise((turn) => setImmediate(turn));
    if (!running.size) return;
    await Promise.allSettled([...running]);
  }
}
