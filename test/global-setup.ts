// Once per test run (vitest globalSetup): freshRepo()'s template — `svc init` and the roster through
// the built CLI, six processes — is built here instead of once in every test file that uses it.
// Without a build (dist/) there is no template: the unit tests still run, and freshRepo() reports
// the failure in the tests that need it, as it did before.
import type { TestProject } from "vitest/node";
import { buildFreshRepo, cleanup } from "./helpers.ts";

export default function setup(project: TestProject): () => void {
  let template: string | undefined;
  try {
    template = buildFreshRepo();
    project.provide("svcFreshTemplate", template);
  } catch {}
  return () => {
    if (template) cleanup(template);
  };
}
