// Once per test run (vitest globalSetup): freshRepo()'s template — `svc init` and the roster through
// the built CLI, six processes — is built here instead of once in every test file that uses it; so is
// sampleRepo()'s repository (records/ committed, four git processes), copied by every call.
// Without a build (dist/) there is no template: the unit tests still run, and freshRepo() reports
// the failure in the tests that need it, as it did before.
// Two projects name this file (vitest.config.ts "svc" and "svc-shared"), and vitest runs it for each,
// in its own process: the repositories are built by the first and provided to both (the second
// project's call takes the first's), removed by the last teardown.
import type { TestProject } from "vitest/node";
import { buildFreshRepo, buildSampleRepo, cleanup, git } from "./helpers.ts";

interface Built {
  sample: string;
  template?: string;
  users: number;
}
const shared = globalThis as { svcTestRepos?: Built };

function build(): Built {
  const sample = buildSampleRepo();
  let template: string | undefined;
  try {
    template = buildFreshRepo();
    // Its ~40 objects in one pack: every copy is that many files fewer.
    git(template, ["repack", "-a", "-d", "-q"]);
  } catch {}
  return { sample, template, users: 0 };
}

export default function setup(project: TestProject): () => void {
  shared.svcTestRepos ??= build();
  const built = shared.svcTestRepos;
  built.users++;
  project.provide("svcSampleTemplate", built.sample);
  if (built.template) project.provide("svcFreshTemplate", built.template);
  return () => {
    if (--built.users > 0) return;
    if (built.template) cleanup(built.template);
    cleanup(built.sample);
    shared.svcTestRepos = undefined;
  };
}
