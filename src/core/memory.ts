// A full garbage collection at a phase boundary (issue 18: peak memory of `svc start` ≤ 300 MB). The
// check reads every record (a few hundred MB of parse garbage for ~50 MB of records kept) and V8 lets
// that garbage stand until the heap is twice what survived; collecting it once, when the check is
// done and only its records are kept, lets the reports start from what is live. Never a failure:
// where the runtime does not allow it, nothing happens.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

let gc: (() => void) | null | undefined;

export function collectGarbage(): void {
  if (gc === undefined) {
    try {
      setFlagsFromString("--expose-gc");
      gc = runInNewContext("gc") as () => void;
    } catch {
      gc = null;
    }
  }
  gc?.();
}
