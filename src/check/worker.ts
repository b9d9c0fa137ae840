// A worker thread of `svc check` (performance, issue 7): vouches for its share of the record files
// (read, parsed, schema-valid) and sends back, per file, the record or null. The main thread re-runs
// every null through the full path, which produces the located findings, so a worker never decides
// what is reported. Built as dist/check-worker.js (scripts/build.mjs).
import { parentPort, workerData } from "node:worker_threads";
import type { Kind } from "../schemas/kinds.ts";
import { vouch } from "./vouch.ts";

const { root, files } = workerData as { root: string; files: [file: string, kind: Kind, listed: boolean][] };
const out: unknown[] = [];
for (const [file, kind, listed] of files) out.push(await vouch(root, file, kind, listed));
parentPort?.postMessage(out);
