// A worker thread of `svc start` and `svc weekly --all` (issue 18: rendering in worker threads): builds
// and packs the weekly documents whose figures the main thread computed and sends back their bytes.
// Rendering is a pure function of the figures, so a document is byte for byte the one the main
// thread would make (test/start.scale.test.ts compares them). Built as dist/render-worker.js.
import { parentPort } from "node:worker_threads";
import type { DepartmentWeek, EngineerWeek } from "../domain/figures.ts";
import { packDeterministic } from "./docx/kit.ts";
import { type DocContext, departmentWeeklyDoc, engineerWeeklyDoc } from "./weekly-docx.ts";

export type RenderJob =
  | { id: number; kind: "engineer-weekly"; figures: EngineerWeek; context: DocContext }
  | {
      id: number;
      kind: "department-weekly";
      figures: DepartmentWeek;
      context: DocContext;
      supervisor?: string;
    };

/** The document's bytes (the same function in the main thread and in a worker). */
export async function renderJob(job: RenderJob): Promise<Uint8Array> {
  return packDeterministic(
    job.kind === "engineer-weekly"
      ? engineerWeeklyDoc(job.figures, job.context)
      : departmentWeeklyDoc(job.figures, job.context, job.supervisor),
  );
}

parentPort?.on("message", (job: RenderJob) => {
  renderJob(job).then(
    (bytes) => parentPort?.postMessage({ id: job.id, bytes }, [bytes.buffer as ArrayBuffer]),
    (e: unknown) => parentPort?.postMessage({ id: job.id, error: String(e) }),
  );
});
