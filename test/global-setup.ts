// Once per test run (vitest globalSetup): freshRepo()'s template — `svc init` and the roster through
// the built CLI, six processes — is built here instead of once in every test file that uses it; so is
// sampleRepo()'s repository (records/ committed, four git processes), copied by every call.
// Without a build (dist/) there is no template: the unit tests still run, and freshRepo() reports
// the failure in the tests that need it, as it did before.
import type { TestProject } from "vitest/node";
import { buildFreshRepo, buildSampleRepo, cleanup, git } from "./helpers.ts";

export default function setup(project: TestProject): () => void {
  let template: string | undefined;
  const sample = buildSampleRepo();
  project.provide("svcSampleTemplate", sample);
  try {
    template = buildFreshRepo();
    // Its ~40 objects in one pack: every copy is that many files fewer.
    git(template, ["repack", "-a", "-d", "-q"]);
    project.provide("svcFreshTemplate", template);
  } catch {}
  return () => {
    if (template) cleanup(template);
    cleanup(sample);
  };
}
