// D11 × §4: a trip's return after its month was signed is ordinary work — the travel allowance counts
// in the month of the return (the next payroll), not in the closed month the letter was completed in.
// Found by attack on the commands' own flow: an engineer closed on 10-30, the GM signed October on
// 11-02, the engineer came back on 11-03 — `svc return` wrote it and `svc check --history` called it a
// change of the closed month.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Finding } from "../src/check/finding.ts";
import { approvedLetter, cleanup, ENG, freshRepo, GM, git, SUP, svcAt } from "./helpers.ts";

let dir = "";
const { ok, run } = svcAt(() => dir);
afterAll(() => cleanup(dir));

describe("a return after the month of the completion was signed", () => {
  it("is written by svc return and clean for --history; dated back into the signed month by hand, it is not", async () => {
    dir = freshRepo();
    const oct = (day: string, hm = "10:00") => `2026-10-${day}T${hm}:00+08:00`;
    const { letter: l } = await approvedLetter(dir, {
      at: { open: oct("26"), site: oct("27") },
      estimate: "2026-10-30 18:00",
      assign: ["--destination", "苏州", "--days", "5"],
    });
    await ok(ENG, oct("28"), "checkin", l, "已出发", "--departed", "2026-10-28");
    await ok(ENG, oct("30"), "close", l, "--rating", "态度=优,水平=优,结果=优", "--signed-by", "刘工");
    await ok(SUP, "2026-11-02T09:00:00+08:00", "assess", "--month", "2026-10");
    await ok(GM, "2026-11-02T10:00:00+08:00", "assess", "sign", "--month", "2026-10");
    await ok(ENG, "2026-11-03T18:00:00+08:00", "return", l, "--plan", "乘高铁返回");
    const r = await run(SUP, "2026-11-04T09:00:00+08:00", "check", "--history", "--json");
    // history-date-order: svc's commits here are dated before the template repository's
    const found = (JSON.parse(r.stdout).findings as Finding[]).filter(
      (f) => f.commit && f.rule !== "history-date-order",
    );
    expect(found).toEqual([]);
    // the boundary: the same return dated back by hand into October, the signed month, is its change
    const file = join(dir, `letters/${l.slice(2, 6)}/${l}.yaml`);
    const text = readFileSync(file, "utf8");
    expect(text).toContain("returned: 2026-11-03");
    writeFileSync(file, text.replace("returned: 2026-11-03", "returned: 2026-10-31"));
    git(dir, ["commit", "-qam", "back on the 31st"], ENG);
    const moved = await run(SUP, "2026-11-04T09:00:00+08:00", "check", "--history", "--json");
    const rules = (JSON.parse(moved.stdout).findings as Finding[])
      .filter((f) => f.commit && f.rule !== "history-date-order")
      .map((f) => f.rule);
    expect(rules).toContain("history-closed-month");
  });
});
