// Settings svc reads from the environment, checked where they are read: a value svc cannot use is a
// usage error (exit 2) naming the variable and what it expects — never a silent fallback, never a hang.
import { UsageError } from "../core/errors.ts";
import { t } from "../core/i18n.ts";

/** The longest wait for another svc process's lock: a day. */
const MAX_LOCK_SECONDS = 86_400;

/** SVC_LOCK_TIMEOUT (seconds to wait for another svc in the same clone; default 30) in milliseconds. */
export function lockTimeoutMs(env: NodeJS.ProcessEnv): number {
  const raw = env.SVC_LOCK_TIMEOUT;
  if (raw === undefined || raw.trim() === "") return 30_000;
  const seconds = /^\s*\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isFinite(seconds) || seconds > MAX_LOCK_SECONDS)
    throw new UsageError(
      t(
        `环境变量 SVC_LOCK_TIMEOUT=${JSON.stringify(raw)} 无效：应为 0 到 ${MAX_LOCK_SECONDS} 之间的秒数`,
        `the environment variable SVC_LOCK_TIMEOUT=${JSON.stringify(raw)} is invalid: expected a number of seconds from 0 to ${MAX_LOCK_SECONDS}`,
      ),
      t(
        "例如 SVC_LOCK_TIMEOUT=30，或删除此变量（默认 30 秒）",
        "e.g. SVC_LOCK_TIMEOUT=30, or unset it (default 30 s)",
      ),
    );
  return seconds * 1000;
}
