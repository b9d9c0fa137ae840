// Issue 13, "Corrections (D15)" at the D11 boundary: after the GM signed the month, svc ratings correct
// and svc forged change a letter of that closed month only with an amendment in the same commit (who,
// when, why; the ratings with the customer's re-signed form attached) — legal for check --history;
// the same edit by hand is rejected.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import jsyaml from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Amendment, Letter } from "../src/schemas/index.ts";
import {
  approvedLetter,
  cleanup,
  ENG,
  ENG2,
  env,
  freshRepo,
  GM,
  git,
  read,
  SUP,
  svcAt,
  svcIn,
} from "./helpers.ts";

let dir: string;
let L: string;
/** A letter with a trip, completed in November before the month was signed, not yet returned. */
let T: string;
const DEC = "2026-12-02T10:00:00+08:00";
const DEC2 = "2026-12-03T10:00:00+08:00";

const { ok } = svcAt(() => dir);
const letterFile = (id: string) => `letters/${id.slice(2, 6)}/${id}.yaml`;
const letter = () => jsyaml.load(read(dir, letterFile(L)), { schema: jsyaml.CORE_SCHEMA }) as Letter;
const findings = async () =>
  (
    (JSON.parse((await svcIn(dir, ["check", "--history", "--json"], SUP)).stdout || "{}").findings ?? []) as {
      rule: string;
      message: string;
    }[]
  ).filter((f) => f.rule.startsWith("history-") && f.rule !== "history-date-order");

beforeAll(async () => {
  dir = freshRepo();
  ({ letter: L } = await approvedLetter(dir, {
    at: {
      open: "2026-11-23T09:00:00+08:00",
      sign: "2026-11-23T10:00:00+08:00",
      assign: "2026-11-23T11:00:00+08:00",
      site: "2026-11-24T09:00:00+08:00",
      approve: "2026-11-24T10:00:00+08:00",
    },
    notice: { customer: "苏州精工" },
    gmAbsent: true,
    estimate: "2026-11-26 18:00",
    solution: "换",
  }));
  await ok(ENG, "2026-11-25T10:00:00+08:00", "close", L, "--rating", "中中中", "--signed-by", "刘工");
  await ok(SUP, "2026-11-25T12:00:00+08:00", "confirm", L);
  ({ letter: T } = await approvedLetter(dir, {
    at: {
      open: "2026-11-23T09:30:00+08:00",
      sign: "2026-11-23T10:30:00+08:00",
      assign: "2026-11-23T11:30:00+08:00",
      site: "2026-11-24T09:30:00+08:00",
      approve: "2026-11-24T10:30:00+08:00",
    },
    notice: { customer: "苏州精工" },
    gmAbsent: true,
    estimate: "2026-11-27 18:00",
    assign: ["--destination", "苏州", "--days", "3"],
    solution: "换",
  }));
  await ok(ENG, "2026-11-24T11:00:00+08:00", "checkin", T, "已出发", "--departed", "2026-11-24");
  await ok(ENG, "2026-11-26T10:00:00+08:00", "close", T, "--rating", "优优优", "--signed-by", "刘工");
  await ok(SUP, DEC, "assess", "--month", "2026-11");
  await ok(GM, DEC, "assess", "sign", "--month", "2026-11");
  writeFileSync(join(dir, "..", `${L}-form.pdf`), "re-signed form");
});
afterAll(() => cleanup(dir));

describe("D15 × D11: corrections of a signed month are amendments", () => {
  it("svc ratings correct: supervisor only, the form required, an amendment with the form attached", async () => {
    const form = join(dir, "..", `${L}-form.pdf`);
    const eng = await svcIn(
      dir,
      ["ratings", "correct", L, "--rating", "良良良", "--form", form, "--reason", "x"],
      ENG,
      { SVC_NOW: DEC2 },
    );
    expect(eng.code).toBe(1);
    expect(eng.stderr).toContain("无权更正客户评价");
    const noForm = await svcIn(dir, ["ratings", "correct", L, "--rating", "良良良", "--reason", "x"], SUP, {
      SVC_NOW: DEC2,
    });
    expect(noForm.code).toBe(2);
    expect(noForm.stderr).toContain("--form");
    const r = JSON.parse(
      (
        await ok(
          SUP,
          DEC2,
          "ratings",
          "correct",
          L,
          "--rating",
          "良良良",
          "--form",
          form,
          "--reason",
          "客户重新评价",
          "--json",
        )
      ).stdout,
    );
    expect(letter().completion?.ratings).toEqual({ attitude: "良", skill: "良", result: "良" });
    const am = jsyaml.load(read(dir, `amendments/2026/${r.amendment}.yaml`), {
      schema: jsyaml.CORE_SCHEMA,
    }) as Amendment;
    expect(am).toMatchObject({ target: L, by: "wangzhu", reason: "客户重新评价" });
    expect(am.attachments?.[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(am.changes[0]).toMatchObject({ path: "/completion/ratings", before: { attitude: "中" } });
    expect(await findings()).toEqual([]);
    expect((await svcIn(dir, ["check"], SUP)).code).toBe(0);
  });

  it("the same ratings change by hand is rejected (rating edited, closed month)", async () => {
    const l = letter();
    writeFileSync(
      join(dir, letterFile(L)),
      jsyaml.dump({
        ...l,
        completion: { ...l.completion, ratings: { attitude: "优", skill: "优", result: "优" } },
      }),
    );
    git(dir, ["commit", "-qam", "hand: ratings"], SUP);
    const rules = (await findings()).map((f) => f.rule);
    expect(rules).toContain("history-rating-edited");
    expect(rules).toContain("history-closed-month");
    git(dir, ["reset", "-q", "--hard", "HEAD~1"]);
  });

  it("svc forged in the closed month writes the amendment D11 asks for, legal for --history (D7 refined: test/corrections.domain.test.ts)", async () => {
    const r = JSON.parse(
      (await ok(SUP, DEC2, "forged", L, "--reason", "回访时客户否认签字", "--json")).stdout,
    );
    expect(r.amendment).toMatch(/^X-/);
    expect(await findings()).toEqual([]);
  });
  it("a completion back-dated (--at) into the signed month is refused before anything is written; at the time it is entered it counts in December (found by attack: svc wrote what --history rejected)", async () => {
    const nov = "2026-11-27T09:00:00+08:00";
    const { letter: l2 } = await approvedLetter(dir, {
      at: nov,
      notice: { customer: "无锡电子" },
      gmAbsent: true,
      estimate: "2026-11-30 18:00",
      solution: "换",
    });
    const head = git(dir, ["rev-parse", "HEAD"]);
    const close = (...more: string[]) =>
      svcIn(dir, ["close", l2, "--rating", "优优优", "--signed-by", "刘工", ...more], SUP, { SVC_NOW: DEC2 });
    const back = await close("--as", "zhangsan", "--at", "2026-11-28 10:00");
    expect(back.code, back.stderr).toBe(1);
    expect(back.stderr).toContain("2026-11 的考核表已签字");
    expect(git(dir, ["rev-parse", "HEAD"])).toBe(head);
    expect(git(dir, ["status", "--porcelain"]).trim()).toBe("");
    const now = await close("--as", "zhangsan");
    expect(now.code, now.stderr).toBe(0);
    expect(await findings()).toEqual([]);
  });

  it("a return dated (--returned) into the signed month is refused before anything is written — its trip days would count in the signed payroll; dated when it is entered it counts in December (found by attack: svc wrote what --history rejected)", async () => {
    const head = git(dir, ["rev-parse", "HEAD"]);
    const back = await svcIn(dir, ["return", T, "--returned", "2026-11-30"], ENG, { SVC_NOW: DEC2 });
    expect(back.code, back.stderr).toBe(1);
    expect(back.stderr).toContain("2026-11 的考核表已签字");
    expect(back.stderr).toContain("--returned");
    expect(git(dir, ["rev-parse", "HEAD"])).toBe(head);
    expect(git(dir, ["status", "--porcelain"]).trim()).toBe("");
    await ok(ENG, DEC2, "return", T, "--plan", "乘高铁返回");
    expect(read(dir, letterFile(T))).toContain("returned: 2026-12-03");
    expect(await findings()).toEqual([]);
  });

  it("a weekly report of the signed month transcribed (--at) or resubmitted (--force) needs --amend-reason and is written with its amendment; without it nothing is written (found by attack: svc wrote what --history rejected)", async () => {
    const weekly = (who: typeof SUP, ...more: string[]) =>
      svcIn(dir, ["weekly", "--engineer", "zhangsan", "--week", "2026-11-25", "--json", ...more], who, {
        SVC_NOW: DEC2,
      });
    const head = git(dir, ["rev-parse", "HEAD"]);
    const paper = ["--summary", "纸质周报", "--at", "2026-11-28 17:00"];
    const refused = await weekly(SUP, ...paper);
    expect(refused.code, refused.stderr).toBe(1);
    expect(refused.stderr).toContain("2026-11 的考核表已签字");
    expect(refused.stderr).toContain("--amend-reason");
    expect(git(dir, ["rev-parse", "HEAD"])).toBe(head);
    expect(git(dir, ["status", "--porcelain"]).trim()).toBe("");
    const written = await weekly(SUP, ...paper, "--amend-reason", "纸质周报补录");
    expect(written.code, written.stderr).toBe(0);
    const { id, amendment } = JSON.parse(written.stdout);
    expect(amendment).toMatch(/^X-/);
    const am = jsyaml.load(read(dir, `amendments/${amendment.slice(2, 6)}/${amendment}.yaml`), {
      schema: jsyaml.CORE_SCHEMA,
    }) as Amendment;
    expect(am).toMatchObject({ target: id, reason: "纸质周报补录" });
    expect(await findings()).toEqual([]);
    // the engineer resubmits it: the same — a reason, an amendment, a clean history
    const again = await weekly(ENG, "--summary", "补充", "--force");
    expect(again.code, again.stderr).toBe(1);
    expect(again.stderr).toContain("--amend-reason");
    const resubmitted = await weekly(ENG, "--summary", "补充", "--force", "--amend-reason", "补充内容");
    expect(resubmitted.code, resubmitted.stderr).toBe(0);
    expect(JSON.parse(resubmitted.stdout).amendment).toMatch(/^X-/);
    expect(await findings()).toEqual([]);
    // the department's report of that week, transcribed by the GM: refused without a reason too
    const dept = await svcIn(
      dir,
      ["weekly", "--department", "--week", "2026-11-25", "--summary", "纸质", "--at", "2026-11-29 17:00"],
      GM,
      { SVC_NOW: DEC2 },
    );
    expect(dept.code, dept.stderr).toBe(1);
    expect(dept.stderr).toContain("--amend-reason");
  });

  describe("a clock set back at the D11 boundary", () => {
    it("svc weekly refuses a new report of the signed month while this machine's clock says it is before the signature; the same report committed by hand is history-closed-month (found by attack: an on-time report went into a signed month, only history-date-order warned)", async () => {
      const head = git(dir, ["rev-parse", "HEAD"]).trim();
      const behind = { SVC_NOW: "2026-11-21T17:00:00+08:00" }; // November was signed on DEC
      const r = await svcIn(
        dir,
        ["weekly", "--week", "2026-11-21", "--summary", "s", "--plan", "p"],
        ENG2,
        behind,
      );
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain("时钟");
      expect(git(dir, ["rev-parse", "HEAD"]).trim()).toBe(head);
      // at the real time it is written, late
      const now = await svcIn(
        dir,
        ["weekly", "--week", "2026-11-21", "--summary", "s", "--plan", "p", "--json"],
        ENG2,
        {
          SVC_NOW: DEC2,
        },
      );
      expect(now.code, now.stderr).toBe(0);
      expect(await findings()).toEqual([]);
      // by hand, the report saying it was in on time
      const id = JSON.parse(now.stdout).id as string;
      const file = `weekly/2026/${id}.yaml`;
      git(dir, ["reset", "-q", "--hard", head]);
      writeFileSync(
        join(dir, file),
        `kind: weekly\nid: ${id}\nengineer: lisi\nweek: 2026-11-21\nsummary: s\nplan: p\nletters: []\nsubmitted: 2026-11-21T17:00:00+08:00\nby: lisi\n`,
      );
      git(dir, ["add", "-A"]);
      git(dir, ["commit", "-qm", "weekly"], ENG2);
      const found = await findings();
      expect(found.map((f) => f.rule)).toContain("history-closed-month");
      git(dir, ["reset", "-q", "--hard", head]);
    });

    it("at the deadline's edge: a report of the signed month committed after the signature (its own clock) saying 18:00:00 on the Saturday claims to be on time and is history-closed-month's; one second later it was late anyway and passes (D11 boundary)", async () => {
      const head = git(dir, ["rev-parse", "HEAD"]).trim();
      const id = "W-20261114-lisi";
      const judge = async (submitted: string) => {
        git(dir, ["reset", "-q", "--hard", head]);
        writeFileSync(
          join(dir, `weekly/2026/${id}.yaml`),
          `kind: weekly\nid: ${id}\nengineer: lisi\nweek: 2026-11-14\nsummary: s\nplan: p\nletters: []\nsubmitted: ${submitted}\nby: lisi\n`,
        );
        git(dir, ["add", "-A"]);
        const made = spawnSync("git", ["commit", "-qm", "weekly"], {
          cwd: dir,
          env: env(ENG2, { GIT_AUTHOR_DATE: submitted, GIT_COMMITTER_DATE: submitted }),
        });
        expect(made.status, String(made.stderr)).toBe(0);
        return (await findings()).map((f) => f.rule);
      };
      expect(await judge("2026-11-14T18:00:00+08:00")).toContain("history-closed-month");
      expect(await judge("2026-11-14T18:00:01+08:00")).not.toContain("history-closed-month");
      git(dir, ["reset", "-q", "--hard", head]);
    });
  });
});
