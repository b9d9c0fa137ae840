import { describe, expect, test } from "vitest";
import { LETTER_TRANSITIONS } from "../src/check/history/index.ts";
import { setEnglish } from "../src/core/i18n.ts";
import {
  advance,
  attachmentPath,
  customerSlug,
  newLetter,
  ordered,
  parseRatings,
  pickPending,
  withMandatoryTools,
} from "../src/domain/letters.ts";
import {
  LETTER_STATES,
  LETTER_STEPS,
  type LetterAction,
  letterProblems,
  letterRefusal,
  nextState,
  noticeRefusal,
  noticeState,
  pathInto,
  stateProblems,
} from "../src/domain/workflow.ts";
import type { Letter, Notice, Person } from "../src/schemas/index.ts";

setEnglish(false);

const person = (id: string, ...roles: Person["roles"]): Person => ({
  kind: "person",
  id,
  name: id,
  roles,
  email: `${id}@example.com`,
});
const sup = person("wangzhu", "supervisor");
const gm = person("lizong", "gm");
const eng = person("zhangsan", "engineer");
const eng2 = person("lisi", "engineer");
const sales = person("zhaoxs", "requester");
const admin = person("neiqin", "sales-admin");
const roster = new Map([sup, gm, eng, eng2, sales, admin].map((p) => [p.id, p]));
const at = "2026-11-23T10:00:00+08:00";
const stamp = (by: string) => ({ by, at });

function letter(extra: Partial<Letter> = {}): Letter {
  return {
    ...newLetter({
      id: "L-20261123-aaaaa",
      notice: "N-20261123-bbbbb",
      engineer: "zhangsan",
      assigned: stamp("wangzhu"),
      estimate: "2026-11-25T18:00:00+08:00",
      travel: { destination: "苏州", days: 2 },
    }),
    ...extra,
  };
}

const notice: Notice = {
  kind: "notice",
  id: "N-20261123-bbbbb",
  customer: "cust-aaaaa",
  contact: { name: "刘工", phone: "138" },
  type: "维修",
  priority: "紧急",
  channel: "电话",
  content: "PLC 故障",
  issued: stamp("zhaoxs"),
};

describe("the state machine table", () => {
  test("every step names known states and a non-empty set of actors", () => {
    for (const [action, step] of Object.entries(LETTER_STEPS)) {
      expect(step.from.length, action).toBeGreaterThan(0);
      for (const s of step.from) expect(LETTER_STATES).toContain(s);
      if (step.to) expect(LETTER_STATES).toContain(step.to);
      expect(step.who.length, action).toBeGreaterThan(0);
    }
  });

  test("a letter walks 派工 → 在建 → 延期 → 完工 → 已确认 → 回访 → 结案 by the table", () => {
    let l = letter();
    expect(l.status).toBe("派工");
    const walk: [LetterAction, Person, Partial<Letter>][] = [
      ["site", eng, { site: { matches: true, by: "zhangsan", at } }],
      ["solution", eng, { preparation: { ...l.preparation, solution: "换模块" } }],
      ["approve", sup, { approval: stamp("wangzhu") }],
      ["log", eng, {}],
      ["checkin", eng, {}],
      ["delay", eng, { delays: [{ reason: "C", until: at, by: "zhangsan", at }] }],
      ["delay-approve", sup, {}],
      [
        "close",
        eng,
        {
          completion: {
            at,
            by: "zhangsan",
            unsigned: false,
            ratings: { attitude: "优", skill: "良", result: "中" },
            signature: { signedBy: "刘工" },
          },
        },
      ],
      ["return", eng, { return: stamp("zhangsan") }],
      ["confirm", sup, { confirmation: stamp("wangzhu") }],
      ["followup", admin, { followup: stamp("neiqin") }],
      // issue 15 (D18): the archive needs the 回访 survey
      [
        "survey",
        admin,
        {
          survey: {
            ...stamp("neiqin"),
            reached: true,
            attempts: [at],
            signedPersonally: true,
            explained: true,
            ratings: { attitude: "优", quality: "优", speed: "良" },
          },
        },
      ],
      ["archive", sup, { archive: stamp("wangzhu") }],
    ];
    const seen: string[] = [l.status];
    for (const [action, who, change] of walk) {
      expect(letterRefusal(action, l, who), `${action} from ${l.status}`).toBeUndefined();
      l = advance({ ...l, ...change }, action);
      if (seen[seen.length - 1] !== l.status) seen.push(l.status);
      expect(stateProblems(l), `${action} → ${l.status}`).toEqual([]);
      expect(letterProblems(l, roster), `${action} → ${l.status}`).toEqual([]);
    }
    expect(seen).toEqual(["派工", "在建", "延期", "完工", "已确认", "回访", "结案"]);
  });

  test("nextState keeps the status for steps without a target", () => {
    expect(nextState("log", letter({ status: "在建" }))).toBe("在建");
    expect(nextState("approve", letter())).toBe("在建");
    expect(nextState("delay", letter({ status: "在建" }))).toBe("延期");
  });

  test("a job not yet started can be delayed (reason A: took the job but did not serve): it stays 派工", () => {
    const assigned = letter();
    expect(letterRefusal("delay", assigned, eng)).toBeUndefined();
    expect(nextState("delay", assigned)).toBe("派工");
    const delayed = letter({ delays: [{ reason: "A", until: at, by: "zhangsan", at }] });
    expect(stateProblems(delayed)).toEqual([]);
    expect(letterProblems(delayed, roster)).toEqual([]);
    expect(letterRefusal("delay-approve", delayed, sup)).toBeUndefined();
    expect(LETTER_TRANSITIONS.派工).not.toContain("延期"); // the history check allows no such move
    expect(pathInto("派工", ["完工"])).toEqual(["approve", "close"]);
  });
});

describe("refusals name the state and what is needed, or who may act", () => {
  test("approval without site confirmation and solution", () => {
    const r = letterRefusal("approve", letter(), sup);
    expect(r?.kind).toBe("need");
    expect(r?.message).toContain("派工");
    expect(r?.message).toContain("现场情况确认");
    expect(r?.message).toContain("解决方案");
    expect(r?.message).toContain("没有确认现场情况和解决方案，不得出差");
    expect(r?.hint).toContain("svc site L-20261123-aaaaa --matches");
    // site alone is not enough
    const r2 = letterRefusal("approve", letter({ site: { matches: true, by: "zhangsan", at } }), sup);
    expect(r2?.message).not.toContain("现场情况确认");
    expect(r2?.message).toContain("解决方案");
  });

  test("an engineer approving is refused, saying who may", () => {
    const r = letterRefusal("approve", letter(), eng);
    expect(r?.kind).toBe("role");
    expect(r?.message).toContain("zhangsan 无权批准出差计划");
    expect(r?.message).toContain("技术服务部主管");
  });

  test("only the letter's own engineer does its engineer steps", () => {
    const r = letterRefusal("site", letter(), eng2);
    expect(r?.kind).toBe("role");
    expect(r?.message).toContain("该责任书的服务人员");
    expect(letterRefusal("site", letter(), eng)).toBeUndefined();
    expect(letterRefusal("close", letter({ status: "在建", approval: stamp("wangzhu") }), sup)?.kind).toBe(
      "role",
    );
  });

  test("a step from the wrong state names the current state and the required one", () => {
    const r = letterRefusal("close", letter(), eng);
    expect(r?.kind).toBe("state");
    expect(r?.message).toContain("当前状态为「派工」");
    expect(r?.message).toContain("在建/延期");
    expect(r?.hint).toContain("svc approve L-20261123-aaaaa");
    const done = letter({ status: "完工" });
    const twice = letterRefusal("close", done, eng);
    expect(twice?.kind).toBe("state");
    expect(twice?.message).toContain("「完工」");
    expect(twice?.hint).toBeUndefined();
    expect(letterRefusal("confirm", letter({ status: "在建" }), sup)?.message).toContain("须处于 完工");
  });

  test("confirm needs the return when there was travel, and the countersign when unplanned", () => {
    const completion = { at, by: "zhangsan", unsigned: true };
    const r = letterRefusal("confirm", letter({ status: "完工", completion }), sup);
    expect(r?.message).toContain("返回确认");
    const noTravel = letter({ status: "完工", completion, travel: undefined });
    expect(letterRefusal("confirm", noTravel, sup)).toBeUndefined();
    const unplanned = letter({
      status: "完工",
      completion,
      travel: undefined,
      notice: undefined,
      unplanned: { customer: "cust-aaaaa", content: "顺带检修" },
    });
    expect(letterRefusal("confirm", unplanned, sup)?.message).toContain("补签");
    expect(letterRefusal("countersign", unplanned, sup)).toBeUndefined();
    expect(letterRefusal("countersign", unplanned, eng)?.kind).toBe("role");
    expect(letterRefusal("countersign", letter({ status: "完工", completion }), sup)?.message).toContain(
      "现场意外工作",
    );
  });

  test("checkin needs travel; delay approval needs a pending delay; GM approves changes", () => {
    const l = letter({ status: "在建", approval: stamp("wangzhu"), travel: undefined });
    expect(letterRefusal("checkin", l, eng)?.message).toContain("出差安排");
    const delayed = letter({ status: "延期", delays: [{ reason: "B", until: at, by: "zhangsan", at }] });
    expect(letterRefusal("delay-approve", delayed, sup)).toBeUndefined();
    const approved = letter({
      status: "延期",
      delays: [{ reason: "B", until: at, by: "zhangsan", at, approval: stamp("wangzhu") }],
    });
    expect(letterRefusal("delay-approve", approved, sup)?.message).toContain("待批准的延期申请");
    const changed = letter({ status: "在建", changes: [{ description: "加装", by: "zhangsan", at }] });
    expect(letterRefusal("change-approve", changed, gm)).toBeUndefined();
    expect(letterRefusal("change-approve", changed, sup)?.message).toContain("总经理");
  });

  test("English messages", () => {
    setEnglish(true);
    try {
      expect(letterRefusal("approve", letter(), eng)?.message).toContain("only the supervisor may");
      expect(letterRefusal("approve", letter(), sup)?.message).toContain(
        "no travel without a confirmed site situation and a solution",
      );
    } finally {
      setEnglish(false);
    }
  });
});

describe("one table for the commands and for svc check", () => {
  const approved = () =>
    letter({
      status: "在建",
      site: { matches: true, by: "zhangsan", at },
      preparation: { tools: ["U盘", "螺丝刀", "笔记本电脑"], solution: "换模块" },
      approval: stamp("wangzhu"),
    });

  test("the site is confirmed once; the hint points to the service log", () => {
    const l = letter({
      site: { matches: false, difference: "两台", followUp: "已告知赵销售", by: "zhangsan", at },
    });
    const r = letterRefusal("site", l, eng);
    expect(r?.kind).toBe("need");
    expect(r?.message).toContain("不能重复确认");
    expect(r?.message).toContain("不一致：两台");
    expect(r?.hint).toBe('svc log L-20261123-aaaaa "现场情况补充：…"');
  });

  test("a travel advance after approval: supervisor only, approved letters with travel only", () => {
    expect(letterRefusal("advance", approved(), sup)).toBeUndefined();
    expect(letterRefusal("advance", approved(), eng)?.message).toContain("无权批准预支出差款");
    const r = letterRefusal("advance", letter(), sup);
    expect(r?.message).toContain("当前状态为「派工」");
    expect(r?.hint).toBe(
      '先：svc site L-20261123-aaaaa --matches；svc solution L-20261123-aaaaa "…"，然后 svc approve L-20261123-aaaaa',
    );
    expect(letterRefusal("advance", { ...approved(), travel: undefined }, sup)?.message).toContain(
      "出差安排",
    );
  });

  test("a refusal from an earlier state names the way there, in order", () => {
    expect(pathInto("派工", ["已确认"])).toEqual(["approve", "close", "confirm"]);
    expect(pathInto("结案", ["派工"])).toBeUndefined();
    expect(letterRefusal("confirm", approved(), sup)?.hint).toBe("先：svc close L-20261123-aaaaa");
    const fromStart = letterRefusal("return", letter(), eng);
    expect(fromStart?.hint).toContain("然后 svc approve L-20261123-aaaaa → svc close L-20261123-aaaaa");
  });

  test("letterProblems: the status, who did each recorded step, and each step's lasting premises", () => {
    const noSite = letter({ status: "在建", approval: stamp("wangzhu") });
    expect(letterProblems(noSite, roster)).toEqual([
      {
        path: ["approval"],
        rule: "premise",
        message:
          "已记录「批准出差计划」，但缺少现场情况确认、解决方案（没有确认现场情况和解决方案，不得出差）",
      },
    ]);
    const byEngineer = { ...approved(), approval: stamp("zhangsan") };
    expect(letterProblems(byEngineer, roster)).toEqual([
      {
        path: ["approval", "by"],
        rule: "role",
        value: "zhangsan",
        message: "zhangsan（zhangsan）无权批准出差计划：只有技术服务部主管可以",
      },
    ]);
    const advanceFirst = letter({ travel: { destination: "苏州", days: 2, advance: 500 } });
    expect(letterProblems(advanceFirst, roster).map((p) => [p.rule, p.path.join(".")])).toEqual([
      ["premise", "travel.advance"],
    ]);
    const closedBySupervisor = {
      ...approved(),
      status: "完工" as const,
      completion: { at, by: "wangzhu", unsigned: true },
    };
    expect(letterProblems(closedBySupervisor, roster).map((p) => p.rule)).toEqual(["role"]);
    const archivedWithoutReturn = {
      ...closedBySupervisor,
      completion: { at, by: "zhangsan", unsigned: true },
      status: "结案" as const,
    };
    expect(letterProblems(archivedWithoutReturn, roster).map((p) => p.message)).toEqual([
      "状态为结案，但缺少返回确认（有出差的责任书）",
      "状态为结案，但没有「结案」的记录（archive）",
    ]);
  });
});

describe("stateProblems (for svc check)", () => {
  test("a status the recorded steps could not reach", () => {
    expect(stateProblems(letter({ status: "在建" }))[0].message).toContain("主管批准");
    expect(stateProblems(letter({ status: "完工", approval: stamp("wangzhu") }))[0].message).toContain(
      "完工记录",
    );
    expect(
      stateProblems(letter({ status: "延期", approval: stamp("wangzhu") })).map((p) => p.message),
    ).toContain("状态为延期，但没有延期记录");
    expect(stateProblems(letter())).toEqual([]);
  });
});

describe("notices", () => {
  test("state follows the signature and the letters", () => {
    expect(noticeState(notice, [])).toBe("待签字");
    const signed = { ...notice, signature: { by: "lizong", at, gmAbsent: false } };
    expect(noticeState(signed, [])).toBe("已生效");
    expect(noticeState(signed, [letter()])).toBe("已派工");
  });

  test("the GM signs; the supervisor only as GM-absent; others not at all", () => {
    expect(noticeRefusal("sign", notice, [], gm)).toBeUndefined();
    expect(noticeRefusal("sign", notice, [], sup)?.hint).toContain("--gm-absent");
    expect(noticeRefusal("sign", notice, [], sup, { gmAbsent: true })).toBeUndefined();
    expect(noticeRefusal("sign", notice, [], eng)?.message).toContain("只有总经理可以");
    expect(noticeRefusal("sign", notice, [], sales)?.kind).toBe("role");
  });

  test("an unsigned notice cannot be assigned; nor one already assigned", () => {
    const r = noticeRefusal("assign", notice, [], sup);
    expect(r?.kind).toBe("state");
    expect(r?.message).toContain("待签字");
    expect(r?.hint).toContain("svc sign N-20261123-bbbbb");
    const signed = { ...notice, signature: { by: "lizong", at, gmAbsent: false } };
    expect(noticeRefusal("assign", signed, [], sup)).toBeUndefined();
    expect(noticeRefusal("assign", signed, [], eng)?.kind).toBe("role");
    expect(noticeRefusal("assign", signed, [letter()], sup)?.hint).toContain("L-20261123-aaaaa");
  });
});

describe("letters", () => {
  test("mandatory tools always present, first, without repeats", () => {
    expect(withMandatoryTools()).toEqual(["U盘", "螺丝刀", "笔记本电脑"]);
    expect(withMandatoryTools(["万用表", "U盘", " 万用表 "])).toEqual([
      "U盘",
      "螺丝刀",
      "笔记本电脑",
      "万用表",
    ]);
    expect(letter().preparation.tools).toEqual(["U盘", "螺丝刀", "笔记本电脑"]);
  });

  test("unplanned letters start 在建", () => {
    const l = newLetter({
      id: "L-1",
      unplanned: { customer: "c", content: "x" },
      engineer: "zhangsan",
      assigned: stamp("zhangsan"),
      estimate: at,
    });
    expect(l.status).toBe("在建");
    expect(l.notice).toBeUndefined();
  });

  test("ratings: key=value, shorthand, and anything outside 优良中差 refused", () => {
    expect(parseRatings("态度=优,水平=良,结果=中")).toEqual({
      ok: true,
      value: { attitude: "优", skill: "良", result: "中" },
    });
    expect(parseRatings("attitude=差 skill=差 result=优")).toMatchObject({ ok: true });
    expect(parseRatings("优良中")).toEqual({
      ok: true,
      value: { attitude: "优", skill: "良", result: "中" },
    });
    expect(parseRatings("优,良,差")).toMatchObject({ ok: true, value: { result: "差" } });
    const bad = parseRatings("态度=优,水平=好,结果=中");
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toContain("优 良 中 差");
    expect(parseRatings("态度=优,水平=良")).toMatchObject({ ok: false });
    expect(parseRatings("心情=优,水平=良,结果=中")).toMatchObject({ ok: false });
    expect(parseRatings("优良")).toMatchObject({ ok: false });
  });

  test("pickPending, slugs, attachment paths, field order", () => {
    const items = [{ a: 1 }, { a: 0 }, { a: 0 }];
    expect(pickPending(items, (x) => x.a === 0)).toBe(2);
    expect(pickPending(items, (x) => x.a === 0, 1)).toBe(0);
    expect(pickPending(items, (x) => x.a === 0, 4)).toBe(-1);
    expect(customerSlug(new Uint8Array([0, 1, 2, 3, 31]))).toBe("cust-0123z");
    const sha = "ab".repeat(32);
    expect(attachmentPath(sha, "签字.JPG")).toBe(`attachments/ab/${sha}.jpg`);
    expect(attachmentPath(sha, "noext")).toBe(`attachments/ab/${sha}`);
    const l = ordered({ ...letter(), archive: stamp("x"), site: { matches: true, by: "zhangsan", at } });
    const keys = Object.keys(l);
    expect(keys.indexOf("site")).toBeLessThan(keys.indexOf("preparation"));
    expect(keys[keys.length - 1]).toBe("archive");
  });
});
