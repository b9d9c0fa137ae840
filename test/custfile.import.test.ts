// Issue 16 (D21): existing records keep working — the sample's last two customers have notices with
// free-text equipment only; `svc equipment import` proposes units from them (a dry run, nothing
// written), --apply creates them linked to those notices (a signed notice is never rewritten), and a
// second run proposes nothing.
import jsyaml from "js-yaml";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Equipment } from "../src/schemas/index.ts";
import { cleanup, git, type Identity, read, sampleRepo, svcIn } from "./helpers.ts";

const SUP: Identity = { name: "王主管", email: "wangzhiqiang@dfzk.example.com" };

let dir: string;
beforeAll(() => {
  dir = sampleRepo();
});
afterAll(() => cleanup(dir));
const NOW = { SVC_NOW: "2026-11-23T10:00:00+08:00" };

test("issue 16 D21: svc equipment import — a dry run first, then --apply; the imported units carry their notices' history", async () => {
  const head = git(dir, ["rev-parse", "HEAD"]);
  const dry = await svcIn(dir, ["equipment", "import", "--json"], SUP, NOW);
  expect(dry.code, dry.stderr).toBe(0);
  const plan = JSON.parse(dry.stdout);
  expect(plan.dryRun).toBe(true);
  expect(plan.proposals.length).toBeGreaterThan(0);
  expect(git(dir, ["rev-parse", "HEAD"]), "a dry run writes nothing").toBe(head);
  const applied = JSON.parse(
    (await svcIn(dir, ["equipment", "import", "--apply", "--json"], SUP, NOW)).stdout,
  );
  expect(applied.created).toHaveLength(plan.proposals.length);
  const first = applied.created[0] as string;
  const unit = jsyaml.load(read(dir, `equipment/2026/${first}.yaml`), {
    schema: jsyaml.CORE_SCHEMA,
  }) as Equipment;
  expect(unit.notices).toEqual(plan.proposals[0].notices);
  const again = JSON.parse((await svcIn(dir, ["equipment", "import", "--json"], SUP, NOW)).stdout);
  expect(again.proposals).toEqual([]);
  const shown = JSON.parse((await svcIn(dir, ["show", first, "--json"], SUP, NOW)).stdout);
  expect(shown.file.services.map((s: { notice: string }) => s.notice)).toEqual(unit.notices);
  const check = await svcIn(dir, ["check"], SUP, NOW);
  expect(check.code, check.stdout).toBe(0);
});
