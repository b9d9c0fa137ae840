// Issue 15 at scale: the .docx parts come from docx's compiler instead of its zip, which deflated
// every part only to be inflated again (src/render/docx/kit.ts docxParts) — the documents are the
// same bytes either way: every document `svc start` renders of the sample (the engineers' weekly
// reports, the department's, the monthly report), the assessment and a customer's file.
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { cleanup, sampleRepo, svcIn } from "./helpers.ts";

const dir = sampleRepo();
afterAll(() => cleanup(dir));
const NOW = { SVC_NOW: "2026-11-23T10:00:00+08:00" };
/** The sample's supervisor (records/people/wangzhu.yaml). */
const SUP = { name: "王志强", email: "wangzhiqiang@dfzk.example.com" };

async function render(viaZip: boolean): Promise<Map<string, Buffer>> {
  rmSync(join(dir, "out"), { recursive: true, force: true });
  const env = { ...NOW, ...(viaZip ? { SVC_DOCX_VIA_ZIP: "1" } : {}) };
  for (const args of [["start"], ["assess", "--month", "2026-10"], ["render", "bj-zhongke"]]) {
    const r = await svcIn(dir, args, SUP, env);
    expect(r.code, `${args.join(" ")}: ${r.stderr}`).toBe(0);
  }
  const out = new Map<string, Buffer>();
  for (const f of readdirSync(join(dir, "out"), { recursive: true }) as string[])
    if (f.endsWith(".docx")) out.set(f, readFileSync(join(dir, "out", f)));
  return out;
}

// The zip's rendering first, in a hook of its own: each half is one timed unit (two renderings of
// every document in one test took 15 s of its 60 s with the suite alone on a busy machine).
let viaZip: Map<string, Buffer>;
beforeAll(async () => {
  viaZip = await render(true);
});

test("issue 15 at scale: documents packed from docx's compiler are byte-identical to those packed from its zip", async () => {
  const direct = await render(false);
  expect([...direct.keys()].sort()).toEqual([...viaZip.keys()].sort());
  expect(direct.size).toBeGreaterThan(3);
  expect([...direct.keys()].some((f) => f.includes("月度报表"))).toBe(true);
  for (const [f, bytes] of direct) expect(bytes.equals(viaZip.get(f)!), f).toBe(true);
});
