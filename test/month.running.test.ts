// D14: a month is signed only after it ended; a draft of a running month says so (issue 13).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanup, freshRepo, GM, git, SUP, svcIn } from "./helpers.ts";

function docxText(path: string): string {
  const parts = unzipSync(new Uint8Array(readFileSync(path)));
  return strFromU8(parts["word/document.xml"]).replace(/<[^>]+>/g, "");
}

describe("D14: a running month is drafted as such and cannot be signed", () => {
  let dir: string;
  beforeAll(() => {
    dir = freshRepo();
  });
  afterAll(() => cleanup(dir));

  it("on 12-01 the December draft is marked running and the GM's signature is refused; on 01-01 it signs", async () => {
    const dec1 = { SVC_NOW: "2026-12-01T09:00:00+08:00" };
    const draft = await svcIn(dir, ["assess", "--month", "2026-12", "--json"], SUP, dec1);
    expect(draft.code, draft.stderr).toBe(0);
    expect(JSON.parse(draft.stdout)).toMatchObject({ id: "A-202612", draft: true, running: true });
    expect(docxText(join(dir, "out", "月度考核表-2026-12.docx"))).toContain("本月尚未结束");

    const head = git(dir, ["rev-parse", "HEAD"]);
    const early = await svcIn(dir, ["assess", "sign", "--month", "2026-12"], GM, dec1);
    expect(early.code).toBe(1);
    expect(early.stderr).toContain("2026-12 尚未结束");
    expect(early.stderr).toContain("2027-01-01");
    expect(git(dir, ["rev-parse", "HEAD"])).toBe(head);
    // The last minute of the month (department time) is still the month.
    const last = await svcIn(dir, ["assess", "sign", "--month", "2026-12"], GM, {
      SVC_NOW: "2026-12-31T23:59:59+08:00",
    });
    expect(last.code).toBe(1);

    const jan1 = { SVC_NOW: "2027-01-01T00:00:01+08:00" };
    const redraft = await svcIn(dir, ["assess", "--month", "2026-12", "--json"], SUP, jan1);
    expect(redraft.code, redraft.stderr).toBe(0);
    expect(JSON.parse(redraft.stdout).running).toBe(false);
    expect(docxText(join(dir, "out", "月度考核表-2026-12.docx"))).not.toContain("本月尚未结束");
    const sign = await svcIn(dir, ["assess", "sign", "--month", "2026-12"], GM, jan1);
    expect(sign.code, sign.stderr).toBe(0);
  });
});
