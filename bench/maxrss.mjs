// Preloaded with `node --import` by the benchmark: at exit, writes the process's peak resident set
// (worker threads included; child processes such as git are not) to $SVC_BENCH_MAXRSS, in KB.
import { writeFileSync } from "node:fs";

const out = process.env.SVC_BENCH_MAXRSS;
if (out) process.on("exit", () => writeFileSync(out, String(process.resourceUsage().maxRSS)));
