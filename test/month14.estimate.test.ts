// Issue 13, one effective estimate everywhere (D3): `svc show` of a letter whose estimate an approved
// extension moved shows the estimate in force beside the original (svc list, svc due, the forms and the
// assessment already use it: test/estimate.test.ts, test/domain.due.test.ts).
import { afterAll, describe, expect, it } from "vitest";
import { cleanup, sampleRepo, svcIn } from "./helpers.ts";

// 延期 (reason B approved): estimate 11-13 18:00, moved to 11-28 18:00.
const LETTER = "L-20261111-x946z";

describe("issue 13: svc show uses the effective estimate", () => {
  const dir = sampleRepo();
  afterAll(() => cleanup(dir));

  it("the moved estimate, with the original, in the text and in --json", async () => {
    const human = await svcIn(dir, ["show", LETTER]);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toContain("预计完成时间（经批准延期）: 11-28 18:00（原定 11-13 18:00）");
    const json = JSON.parse((await svcIn(dir, ["show", LETTER, "--json"])).stdout);
    expect(json.effectiveEstimate).toBe("2026-11-28T18:00:00+08:00");
    expect(json.record.estimate).toBe("2026-11-13T18:00:00+08:00");
  });
});
