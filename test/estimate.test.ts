// D3 — one effective estimate everywhere (issue 13): an approved B/C/D extension moves the estimate for
// svc close's warning and the listings, as it does for the forms, the figures and the assessment.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { effectiveEstimate } from "../src/domain/estimate.ts";
import { cleanup, type Identity, sampleRepo, svcIn } from "./helpers.ts";

const MAXIN: Identity = { name: "马鑫", email: "maxin@dfzk.example.com" };
const SUP: Identity = { name: "王志强", email: "wangzhiqiang@dfzk.example.com" };
// 延期 (reason B approved): estimate 11-13 18:00, moved to 11-28 18:00.
const LETTER = "L-20261111-x946z";

describe("D3: the estimate in force", () => {
  let dir: string;
  beforeAll(() => {
    dir = sampleRepo();
  });
  afterAll(() => cleanup(dir));

  it("reason A never moves it; an unapproved extension does not either", () => {
    const base = { estimate: "2026-11-13T18:00:00+08:00" };
    const until = "2026-11-28T18:00:00+08:00";
    const approval = { by: "s", at: "2026-11-12T09:00:00+08:00" };
    expect(effectiveEstimate({ ...base, delays: [{ reason: "B", until, approval }] as never })).toBe(until);
    expect(effectiveEstimate({ ...base, delays: [{ reason: "A", until, approval }] as never })).toBe(
      base.estimate,
    );
    expect(effectiveEstimate({ ...base, delays: [{ reason: "C", until }] as never })).toBe(base.estimate);
  });

  it("svc list shows the moved estimate, and svc close after the original one does not warn", async () => {
    const list = await svcIn(dir, ["list", "letters", "--json"], SUP, {
      SVC_NOW: "2026-11-20T10:00:00+08:00",
    });
    expect(list.code, list.stderr).toBe(0);
    const row = (JSON.parse(list.stdout) as { id: string; estimate: string }[]).find((r) => r.id === LETTER);
    expect(row?.estimate).toBe("2026-11-28T18:00:00+08:00");
    const close = await svcIn(
      dir,
      ["close", LETTER, "--rating", "态度=优,水平=优,结果=优", "--signed-by", "李工"],
      MAXIN,
      {
        SVC_NOW: "2026-11-20T10:00:00+08:00",
      },
    );
    expect(close.code, close.stderr).toBe(0);
    expect(close.stdout + close.stderr).not.toContain("晚于预计时间");
  });
});
