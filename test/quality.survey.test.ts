// Issue 15 / D18 — the 回访 survey: who may record it, 3 failed tries, the due dates, the archive, the
// supervisor's forged-mark decision (through the CLI), and the monthly figures (in process).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeCalendar } from "../src/domain/calendar.ts";
import { computeDue } from "../src/domain/due.ts";
import { surveyFigures } from "../src/domain/survey.ts";
import { DEFAULTS } from "../src/schemas/defaults.ts";
import type { Letter } from "../src/schemas/index.ts";
import { letter, person } from "./assessment.fixtures.ts";
import { approvedLetter, cleanup, ENG, freshRepo, type Identity, SALES, SUP, svcAt } from "./helpers.ts";

const at = (s: string) => `${s}:00+08:00`;
const ADMIN: Identity = { name: "钱客服", email: "cs@example.com" };

describe("D18 svc survey through the CLI", () => {
  let dir: string;
  beforeAll(() => {
    dir = freshRepo();
  });
  afterAll(() => cleanup(dir));
  const { run, ok, json } = svcAt(() => dir, at);

  it("D18 by customer service only, never the engineer; 3 tries; due; archive; the forged mark", async () => {
    await ok(
      SUP,
      "2026-11-23T09:00",
      "people",
      "add",
      "qiankf",
      "--name",
      "钱客服",
      "--role",
      "customer-service",
      "--email",
      ADMIN.email,
    );
    const { letter: L } = await approvedLetter(dir, {
      at: {
        open: at("2026-11-23T09:10"),
        sign: at("2026-11-23T09:20"),
        assign: at("2026-11-23T09:30"),
        site: at("2026-11-23T10:00"),
        solution: at("2026-11-23T10:05"),
        approve: at("2026-11-23T10:10"),
      },
      notice: { content: "本地维修", region: "华东" },
      estimate: "2026-11-25 18:00",
    });
    await ok(
      ENG,
      "2026-11-24T15:00",
      "close",
      L,
      "--rating",
      "态度=优,水平=优,结果=优",
      "--signed-by",
      "刘工",
    );
    await ok(SUP, "2026-11-24T16:00", "confirm", L); // Tuesday: due 5 working days later, Tuesday 12-01

    const due = (await json(ADMIN, "2026-11-25T09:00", "due", "--mine")).items;
    expect(
      due.map((i: { kind: string; ref: string; deadline: string }) => [i.kind, i.ref, i.deadline]),
    ).toEqual([["survey", L, "2026-12-01T23:59:59+08:00"]]);
    // the letter's engineer, and a requester, may not record it
    expect((await run(ENG, "2026-11-25T09:00", "survey", L, "--reached", "no")).code).toBe(1);
    expect((await run(SALES, "2026-11-25T09:00", "survey", L, "--reached", "no")).code).toBe(1);
    // reached needs the answers; a bad rating is a usage error
    expect((await run(ADMIN, "2026-11-25T09:00", "survey", L, "--reached", "yes")).code).toBe(2);
    expect(
      (
        await run(
          ADMIN,
          "2026-11-25T09:00",
          "survey",
          L,
          "--reached",
          "yes",
          "--signed-personally",
          "no",
          "--explained",
          "yes",
          "--rating",
          "态度=优",
        )
      ).code,
    ).toBe(2);
    // two failed tries: still due, archive refused
    await ok(ADMIN, "2026-11-25T09:30", "survey", L, "--reached", "no");
    await ok(ADMIN, "2026-11-25T14:30", "survey", L, "--reached", "no");
    expect((await json(ADMIN, "2026-11-25T15:00", "due", "--mine")).items[0].params).toMatchObject({
      attempts: 2,
    });
    const refused = await run(SUP, "2026-11-25T15:00", "archive", L);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("客服回访");
    // reached on the third call: the customer did not sign himself
    await ok(
      ADMIN,
      "2026-11-26T10:00",
      "survey",
      L,
      "--reached",
      "yes",
      "--signed-personally",
      "no",
      "--explained",
      "yes",
      "--rating",
      "态度=良,质量=中,速度=中",
      "--comment",
      "签字的是值班员",
    );
    const shown = (await json(SUP, "2026-11-26T10:05", "show", L)).record.survey;
    expect(shown).toMatchObject({
      by: "qiankf",
      reached: true,
      signedPersonally: false,
      attempts: [at("2026-11-25T09:30"), at("2026-11-25T14:30"), at("2026-11-26T10:00")],
    });
    // the supervisor's svc due: decide the forged mark; then forged marks the completion
    const supDue = (await json(SUP, "2026-11-26T10:05", "due", "--mine")).items.filter(
      (i: { kind: string }) => i.kind === "forged-mark",
    );
    expect(supDue.map((i: { ref: string }) => i.ref)).toEqual([L]);
    expect((await run(ADMIN, "2026-11-26T10:10", "survey", L, "--decide", "forged")).code).toBe(1);
    await ok(SUP, "2026-11-26T10:10", "survey", L, "--decide", "forged", "--note", "客户确认未签字");
    const after = (await json(SUP, "2026-11-26T10:15", "show", L)).record;
    expect(after.completion.forged).toMatchObject({ by: "wangzhu" });
    expect(after.survey.decision).toMatchObject({ forged: true, by: "wangzhu" });
    expect(
      (await json(SUP, "2026-11-26T10:15", "due", "--mine")).items.some(
        (i: { kind: string }) => i.kind === "forged-mark",
      ),
    ).toBe(false);
    await ok(SUP, "2026-11-26T10:20", "archive", L);
    const check = await run(SUP, "2026-11-26T10:30", "check");
    expect(check.code, check.stdout + check.stderr).toBe(0);
  });
});

describe("D18 unreachable after 3 tries and the monthly figures", () => {
  const survey = (o: Partial<NonNullable<Letter["survey"]>>): NonNullable<Letter["survey"]> => ({
    by: "qiankf",
    at: at("2026-11-20T10:00"),
    reached: true,
    attempts: [at("2026-11-20T10:00")],
    ...o,
  });
  const l = (id: string, engineer: string, ratings: string, s?: NonNullable<Letter["survey"]>) => {
    const x = letter(id, engineer, at("2026-11-10T10:00"), ratings);
    if (s) x.survey = s;
    return x;
  };
  const letters = [
    // zhangsan: agrees (优优优 vs 优优良: 4 vs 3.67), disagrees (优优优 vs 中中良: 4 vs 2.33), unreachable
    l(
      "L1",
      "zhangsan",
      "优优优",
      survey({
        signedPersonally: true,
        explained: true,
        ratings: { attitude: "优", quality: "优", speed: "良" },
      }),
    ),
    l(
      "L2",
      "zhangsan",
      "优优优",
      survey({
        signedPersonally: false,
        explained: false,
        ratings: { attitude: "中", quality: "中", speed: "良" },
      }),
    ),
    l(
      "L3",
      "zhangsan",
      "良良良",
      survey({
        reached: false,
        attempts: [at("2026-11-18T10:00"), at("2026-11-19T10:00"), at("2026-11-20T10:00")],
      }),
    ),
    // lisi: one try only (not done), one without survey
    l("L4", "lisi", "良良良", survey({ reached: false })),
    l("L5", "lisi", "良良良"),
  ];

  it("D18 coverage, averages and disagreement by hand", () => {
    const f = surveyFigures(letters, ["lisi", "zhangsan"]);
    expect(f).toMatchObject({
      letters: 5,
      surveyed: 3,
      reached: 2,
      unreachable: 1,
      coverage: 0.6,
      disagree: 1,
      disagreeRate: 0.5,
      notSignedPersonally: 1,
    });
    // attitude (4 + 2) / 2 = 3, quality (4 + 2) / 2 = 3, speed 3; all (3.67 + 2.33) / 2 = 3
    expect(f.averages).toEqual({ attitude: 3, quality: 3, speed: 3, all: 3 });
    expect(f.perEngineer.map((e) => [e.engineer, e.surveyed, e.coverage, e.disagree])).toEqual([
      ["lisi", 0, 0, 0],
      ["zhangsan", 3, 1, 1],
    ]);
    expect(f.disagreements).toEqual([{ letter: "L2", engineer: "zhangsan", collected: 4, survey: 2.33 }]);
    expect(f.notSignedLetters).toEqual([{ letter: "L2", engineer: "zhangsan", decided: null }]);
  });

  it("D18 svc due: the survey 5 working days after confirmation, on the sales admin and customer service, not after 3 tries", () => {
    const confirmed = (x: Letter): Letter => ({
      ...x,
      status: "已确认",
      confirmation: { by: "wangzhu", at: at("2026-09-30T10:00") },
    });
    const due = computeDue({
      now: at("2026-10-09T09:00"),
      config: { ...DEFAULTS, since: undefined },
      cal: makeCalendar({ holidays: [], workdays: [], years: [] }),
      people: [
        person("zhangsan"),
        person("neiqin", { roles: ["sales-admin"] }),
        person("wangzhu", { roles: ["supervisor"] }),
      ],
      notices: [],
      letters: [confirmed(letters[3]), confirmed(letters[2])],
      weeklies: [],
      departmentWeeklies: [],
      monthlies: [],
      assessments: [],
      incidents: [],
    }).items.filter((i) => i.kind === "survey");
    // 2026-09-30 + 5 working days over 国庆: 10-08, 10-09, 10-10 (调休 Saturday), 10-12, 10-13
    expect(due.map((i) => [i.ref, i.who, i.deadline])).toEqual([
      ["L4", ["neiqin"], "2026-10-13T23:59:59+08:00"],
    ]);
  });
});
