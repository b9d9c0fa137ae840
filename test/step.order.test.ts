// D16: no step is recorded before the step it follows — neither typed with --at nor stamped by a
// machine whose clock is behind; refused with both times named, nothing written (issue 13).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stepOrderProblems } from "../src/domain/letters.ts";
import type { Letter } from "../src/schemas/index.ts";
import { cleanup, git, type Identity, read, sampleRepo, svcIn } from "./helpers.ts";

const SUP: Identity = { name: "王志强", email: "wangzhiqiang@dfzk.example.com" };
const LETTER = "L-20261111-t27ja"; // 完工 at 2026-11-13T16:13:00+08:00, not yet confirmed

describe("D16: steps in time order", () => {
  let dir: string;
  beforeAll(() => {
    dir = sampleRepo();
  });
  afterAll(() => cleanup(dir));

  it("the table finds a confirmation before the completion, and nothing in order", () => {
    const l = {
      assigned: { by: "s", at: "2026-11-01T09:00:00+08:00" },
      completion: { at: "2026-11-05T10:00:00+08:00" },
      confirmation: { by: "s", at: "2026-11-05T09:59:00+08:00" },
    } as unknown as Letter;
    expect(stepOrderProblems(l).map((p) => p.path.join("."))).toEqual(["confirmation.at"]);
    expect(stepOrderProblems({ ...l, confirmation: { by: "s", at: "2026-11-05T10:00:00+08:00" } })).toEqual(
      [],
    );
    // Entries of the letter's lists too: a rescheduling recorded before the assignment (D15, D16).
    const early = {
      ...l,
      confirmation: undefined,
      appointments: [{ from: "x", to: "y", reason: "r", by: "e", at: "2026-10-31T09:00:00+08:00" }],
    } as unknown as Letter;
    expect(stepOrderProblems(early).map((p) => p.path.join("."))).toEqual(["appointments.0.at"]);
  });

  it("svc confirm on a machine whose clock is behind the completion is refused, both times named", async () => {
    const head = git(dir, ["rev-parse", "HEAD"]);
    const r = await svcIn(dir, ["confirm", LETTER], SUP, { SVC_NOW: "2026-11-13T15:00:00+08:00" });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("确认时间 2026-11-13T15:00:00+08:00 早于完工时间 2026-11-13T16:13:00+08:00");
    expect(r.stderr).toContain("本机时钟可能不准");
    expect(git(dir, ["rev-parse", "HEAD"])).toBe(head);
    expect(read(dir, `letters/2026/${LETTER}.yaml`)).not.toContain("confirmation:");
  });

  it("svc confirm --at before the completion is refused; at or after it is written", async () => {
    const early = await svcIn(dir, ["confirm", LETTER, "--at", "2026-11-13 16:00"], SUP, {
      SVC_NOW: "2026-11-20T10:00:00+08:00",
    });
    expect(early.code).toBe(1);
    expect(early.stderr).toContain("早于完工时间");
    expect(early.stderr).toContain("--at");
    const ok = await svcIn(dir, ["confirm", LETTER, "--at", "2026-11-13 16:13"], SUP, {
      SVC_NOW: "2026-11-20T10:00:00+08:00",
    });
    expect(ok.code, ok.stderr).toBe(0);
    expect((await svcIn(dir, ["check"], SUP, { SVC_NOW: "2026-11-20T10:00:00+08:00" })).code).toBe(0);
  });
});
