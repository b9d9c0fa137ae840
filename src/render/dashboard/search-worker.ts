// The search's worker thread of `svc dashboard` (issue 17 performance): builds shards' MiniSearch
// indexes while the main thread makes the pages, claiming the next shard from a counter it shares
// with the main thread (search-index.ts startShardBuilds). Built as dist/search-worker.js.

import { parentPort } from "node:worker_threads";
import MiniSearch from "minisearch";
import { buildShard, type MiniSearchClass, type ShardJob } from "./search-index.ts";

parentPort?.once("message", (m: { jobs: ShardJob[]; counter: SharedArrayBuffer }) => {
  const counter = new Int32Array(m.counter);
  for (let i = Atomics.add(counter, 0, 1); i < m.jobs.length; i = Atomics.add(counter, 0, 1))
    parentPort?.postMessage({ i, built: buildShard(m.jobs[i], MiniSearch as unknown as MiniSearchClass) });
  parentPort?.postMessage({ done: true });
});
