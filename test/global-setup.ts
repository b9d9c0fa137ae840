// Once per test run (vitest globalSetup): freshRepo()'s template — `svc init` and the roster through
// the built CLI, six processes — is built here instead of once in every test file that uses it.
import type { TestProject } from "vitest/node";
import { buildFreshRepo, cleanup } from "./helpers.ts";

export default function setup(project: TestProject): () => void {
  const template = buildFreshRepo();
  project.provide("svcFreshTemplate", template);
  return () => cleanup(template);
}
