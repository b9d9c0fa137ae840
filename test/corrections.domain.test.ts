// Issue 13, "Corrections (D15)" in the pure domain: D7 refined (condoning only when the letter was
// unsigned or already forged at confirmation), completion fines on the engineer holding the letter,
// the reassignment shown; steps judged by who held the letter then (holderAt); the history rule for
// the same changes made by hand.
import { describe, expect, it } from "vitest";
import type { CommitContext, Rec, RecordChange } from "../src/check/history/rule.ts";
import { correction } from "../src/check/history/rules/corrections.ts";
import { mayAmend } from "../src/domain/amendments.ts";
import { holderAt, letterProblems } from "../src/domain/workflow.ts";
import type { Letter, Person } from "../src/schemas/index.ts";
import {
  assess,
  deptWeekly,
  letter,
  onTimeWeeklies,
  person,
  rules,
  SUPERVISOR,
  sheetOf,
  stamp,
} from "./assessment.fixtures.ts";

const ZS = person("zs");
const LS = person("ls");
const sup = [SUPERVISOR, ZS, LS];
const dws = ["2026-11-07", "2026-11-14", "2026-11-21", "2026-11-28"].map((s) =>
  deptWeekly(s, `${s}T12:00:00+08:00`),
);
const weeklies = [...onTimeWeeklies("zs", "2026-11"), ...onTimeWeeklies("ls", "2026-11")];
const input = (letters: Letter[]) => ({ people: sup, weeklies, departmentWeeklies: dws, letters });

describe("D7 refined: the supervisor condones only what he confirmed unsigned or already forged", () => {
  const forgedAt = (at: string) => ({ by: "wangzhu", at, reason: "回访时客户否认签字" });
  const conf = { confirmation: stamp("wangzhu", "2026-11-06T09:00:00+08:00") };
  it("a forgery marked after his confirmation costs the engineer only", () => {
    const l = letter("L-1", "zs", "2026-11-05T10:00:00+08:00", "优优优", conf);
    l.completion = { ...l.completion!, forged: forgedAt("2026-11-20T09:00:00+08:00") };
    const r = assess("2026-11", input([l]));
    expect(rules(r, "zs")).toEqual(["unsigned -150"]);
    expect(rules(r, "wangzhu")).toEqual([]);
  });
  it("confirming a letter already marked forged is condoning (−100)", () => {
    const l = letter("L-1", "zs", "2026-11-05T10:00:00+08:00", "优优优", conf);
    l.completion = { ...l.completion!, forged: forgedAt("2026-11-05T18:00:00+08:00") };
    const r = assess("2026-11", input([l]));
    expect(rules(r, "wangzhu")).toEqual(["condoneUnsigned -100"]);
  });
  it("the boundary: marked at the very minute of the confirmation counts as already forged", () => {
    const l = letter("L-1", "zs", "2026-11-05T10:00:00+08:00", "优优优", conf);
    l.completion = { ...l.completion!, forged: forgedAt("2026-11-06T09:00:00+08:00") };
    expect(rules(assess("2026-11", input([l])), "wangzhu")).toEqual(["condoneUnsigned -100"]);
  });
});

describe("D15 reassignment: completion fines on the holder at completion, the reassignment shown", () => {
  const reassigned = (estimate: string) =>
    letter("L-1", "ls", "2026-11-20T10:00:00+08:00", "优优优", {
      estimate,
      reassignments: [
        { from: "zs", to: "ls", reason: "张三生病", by: "wangzhu", at: "2026-11-10T09:00:00+08:00" },
      ],
      log: [{ at: "2026-11-09T09:00:00+08:00", by: "zs", type: "记录", text: "已联系客户" }],
    });
  it("overdue falls on the engineer holding it at completion, and the line names the reassignment", () => {
    const r = assess("2026-11", input([reassigned("2026-11-15T18:00:00+08:00")]));
    expect(rules(r, "ls")).toEqual(["overdue -50"]);
    expect(rules(r, "zs")).toEqual([]);
    expect(sheetOf(r, "ls").lines[0].text).toMatch(/（改派：.+ → .+，完工时由 .+ 负责）/);
  });
  it("a new estimate at reassignment (an approved delay B) moves the deadline: on time", () => {
    const l = reassigned("2026-11-15T18:00:00+08:00");
    const s = stamp("wangzhu", "2026-11-10T09:00:00+08:00");
    l.delays = [{ reason: "B", until: "2026-11-25T18:00:00+08:00", by: "wangzhu", at: s.at, approval: s }];
    expect(rules(assess("2026-11", input([l])), "ls")).toEqual([]);
  });
  it("steps are judged by who held the letter then: the first engineer's log stays his, svc check is clean", () => {
    const l = reassigned("2026-11-25T18:00:00+08:00");
    expect(holderAt(l, "2026-11-09T09:00:00+08:00")).toBe("zs");
    expect(holderAt(l, "2026-11-10T09:00:00+08:00")).toBe("ls");
    expect(holderAt(l)).toBe("ls");
    const people = new Map<string, Person>(sup.map((p) => [p.id, p]));
    const roles = letterProblems(
      { ...l, approval: stamp("wangzhu", "2026-11-10T10:00:00+08:00") },
      people,
    ).filter((p) => p.rule === "role");
    expect(roles).toEqual([]);
    // the first engineer logging after he handed it over is not his to do
    const late = {
      ...l,
      log: [...l.log, { at: "2026-11-11T09:00:00+08:00", by: "zs", type: "记录" as const, text: "x" }],
    };
    expect(letterProblems(late, people).filter((p) => p.rule === "role")).toHaveLength(1);
  });
});

describe("history-correction: the same change without its step", () => {
  const cx = (changes: RecordChange[] = [], roles = ["supervisor"]) =>
    ({
      actor: { id: "wangzhu", roles, email: "sup@example.com" },
      changes,
      commit: { email: "sup@example.com" },
    }) as unknown as CommitContext;
  const base: Rec = {
    id: "L-1",
    kind: "letter",
    engineer: "zs",
    status: "派工",
    notice: "N-1",
    appointment: "2026-11-24T14:00:00+08:00",
  };
  const change = (after: Rec, before: Rec = base): RecordChange => ({
    kind: "letter",
    file: "x",
    id: "L-1",
    before,
    after,
  });
  const check = (after: Rec, before: Rec = base, c = cx()) =>
    correction.check(change(after, before) as never, c as never);
  it("the engineer changed: only with a reassignment from him to the new one", () => {
    expect(check({ ...base, engineer: "ls" })[0].message).toContain("没有改派记录");
    const r = { from: "zs", to: "ls", reason: "x", by: "wangzhu", at: "2026-11-10T09:00:00+08:00" };
    expect(check({ ...base, engineer: "ls", reassignments: [r] })).toEqual([]);
    expect(check({ ...base, engineer: "ls", reassignments: [{ ...r, from: "xx" }] })).toHaveLength(1);
    // an earlier reassignment rewritten
    const b2 = { ...base, engineer: "ls", reassignments: [r] };
    expect(check({ ...b2, reassignments: [{ ...r, reason: "y" }] }, b2)[0].message).toContain(
      "改派记录被改动",
    );
  });
  it("the appointment moved: only with a rescheduling from the old time to the new", () => {
    const to = "2026-11-25T10:00:00+08:00";
    expect(check({ ...base, appointment: to })[0].message).toContain("没有改约记录");
    const a = { from: base.appointment, to, reason: "客户出差", by: "zs", at: "2026-11-23T10:00:00+08:00" };
    expect(check({ ...base, appointment: to, appointments: [a] })).toEqual([]);
  });
  it("a letter cancelled: only still 派工 and with its notice in the same commit", () => {
    const c = { by: "wangzhu", at: "2026-11-23T10:00:00+08:00", reason: "重复开单", notice: "N-1" };
    expect(check({ ...base, cancelled: c })[0].message).toContain("没有作废其通知单");
    const notice: RecordChange = {
      kind: "notice",
      file: "n",
      id: "N-1",
      before: { id: "N-1" },
      after: { id: "N-1", cancelled: c },
    };
    expect(check({ ...base, cancelled: c }, base, cx([notice]))).toEqual([]);
    const started = { ...base, status: "在建" };
    expect(check({ ...started, cancelled: c }, started, cx([notice]))[0].message).toContain("在建");
  });
});

describe("D15 reassignment in the engineer's week (figures)", () => {
  it("the first engineer's week keeps his own steps; the completion and the open letter are the new one's", async () => {
    const { readFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { parse } = await import("yaml");
    const { engineerWeek } = await import("../src/domain/figures.ts");
    const { ROOT } = await import("./helpers.ts");
    const config = parse(readFileSync(join(ROOT, "templates", "svc.yaml"), "utf8"));
    const l = letter("L-20261124-aaaaa", "ls", "2026-11-27T10:00:00+08:00", "优优优", {
      assigned: stamp("wangzhu", "2026-11-23T09:00:00+08:00"),
      estimate: "2026-11-30T18:00:00+08:00",
      reassignments: [
        { from: "zs", to: "ls", reason: "病假", by: "wangzhu", at: "2026-11-24T12:00:00+08:00" },
      ],
      log: [
        { at: "2026-11-23T10:00:00+08:00", by: "zs", type: "记录", text: "联系客户" },
        { at: "2026-11-25T10:00:00+08:00", by: "ls", type: "记录", text: "到场" },
      ],
    });
    const data = {
      config,
      people: sup,
      letters: [l],
      notices: [],
      customers: [],
      weeklies: [],
      departmentWeeklies: [],
      incidents: [],
    } as unknown as Parameters<typeof engineerWeek>[0];
    const zs = engineerWeek(data, "zs", "2026-11-28");
    expect(zs.letters.map((x) => x.id)).toEqual([l.id]);
    expect(zs.log.map((x) => x.text)).toEqual(["联系客户"]);
    expect(zs.completions).toEqual([]);
    const ls = engineerWeek(data, "ls", "2026-11-28");
    expect(ls.log.map((x) => x.text)).toEqual(["到场"]);
    expect(ls.completions.map((x) => x.letter)).toEqual([l.id]);
  });
});

describe("svc check: the corrections a letter records agree with it (D15)", () => {
  it("the engineer is the last reassignment's; the appointment the last rescheduling's", async () => {
    const { correctionProblems } = await import("../src/domain/workflow.ts");
    const r = { from: "zs", to: "ls", reason: "x", by: "wangzhu", at: "2026-11-10T09:00:00+08:00" };
    const ok = letter("L-1", "ls", "2026-11-20T10:00:00+08:00", "优优优", { reassignments: [r] });
    expect(correctionProblems(ok)).toEqual([]);
    expect(correctionProblems({ ...ok, engineer: "zs" })[0].path).toEqual(["engineer"]);
    expect(correctionProblems({ ...ok, reassignments: [r, { ...r, from: "xx", to: "ls" }] })[0].path).toEqual(
      ["reassignments", 1, "from"],
    );
    const a = {
      from: "2026-11-24T14:00:00+08:00",
      to: "2026-11-25T10:00:00+08:00",
      reason: "x",
      by: "ls",
      at: r.at,
    };
    expect(correctionProblems({ ...ok, appointment: a.to, appointments: [a] })).toEqual([]);
    expect(correctionProblems({ ...ok, appointment: a.from, appointments: [a] })[0].path).toEqual([
      "appointment",
    ]);
  });
});

describe("history-correction: forgery marks, cancellations and unsigned notices", () => {
  const cx = (roles: string[], id = "wangzhu") =>
    ({
      actor: { id, roles, email: "x@example.com" },
      changes: [],
      commit: { email: "x@example.com" },
    }) as unknown as CommitContext;
  const run = (kind: "letter" | "notice", before: Rec, after: Rec, c: CommitContext) =>
    correction.check({ kind, file: "f", id: String(before.id), before, after } as never, c as never);
  it("a forgery mark removed or altered by hand", () => {
    const forged = { by: "wangzhu", at: "2026-11-20T09:00:00+08:00", reason: "x" };
    const b: Rec = { id: "L-1", engineer: "zs", completion: { at: "2026-11-19T10:00:00+08:00", forged } };
    expect(
      run("letter", b, { ...b, completion: { at: "2026-11-19T10:00:00+08:00" } }, cx(["supervisor"]))[0]
        .message,
    ).toContain("伪造认定被改动或删除");
  });
  it("a notice cancelled by a requester; an unsigned notice edited by someone else's requester", () => {
    const n: Rec = { id: "N-1", issued: { by: "zhaoxs", at: "2026-11-23T09:00:00+08:00" }, content: "a" };
    const cancelled = { ...n, cancelled: { by: "zhaoxs", at: "2026-11-23T10:00:00+08:00", reason: "x" } };
    expect(run("notice", n, cancelled, cx(["requester"], "zhaoxs"))[0].message).toContain(
      "只有总经理或主管可以",
    );
    expect(run("notice", n, cancelled, cx(["gm"], "lizong"))).toEqual([]);
    expect(run("notice", n, { ...n, content: "b" }, cx(["requester"], "other"))[0].message).toContain(
      "只有其下达人",
    );
    expect(run("notice", n, { ...n, content: "b" }, cx(["requester"], "zhaoxs"))).toEqual([]);
  });
});

describe("who may write an amendment (mayAmend, D11/D15)", () => {
  const eng = { id: "zs", roles: ["engineer"] };
  const sv = { id: "wz", roles: ["supervisor"] };
  const gm = { id: "lz", roles: ["gm"] };
  const both = { id: "zs", roles: ["engineer", "supervisor"] };
  const at = (path: string) => [{ path, after: 1 }];
  const of = (engineer: string) => [{ engineer }];
  it("the supervisor and the GM amend any record not about themselves; nobody unknown does", () => {
    for (const who of [sv, gm])
      for (const kind of ["letter", "notice", "assessment", "payroll", "weekly", "incident"])
        expect(mayAmend(who, kind, [undefined], at("/x")), `${who.id} ${kind}`).toBe(true);
    expect(mayAmend(undefined, "weekly", of("zs"), at("/"))).toBe(false);
  });
  it("an engineer only the note of his own weekly report (any field) or his incident's reflection", () => {
    expect(mayAmend(eng, "weekly", of("zs"), at("/"))).toBe(true);
    expect(mayAmend(eng, "weekly", of("ls"), at("/"))).toBe(false);
    expect(mayAmend(eng, "incident", of("zs"), at("/reflection"))).toBe(true);
    expect(mayAmend(eng, "incident", of("zs"), at("/reflection/text"))).toBe(true);
    expect(mayAmend(eng, "incident", of("zs"), at("/class"))).toBe(false);
    expect(mayAmend(eng, "incident", of("zs"), [...at("/reflection"), ...at("/date")])).toBe(false);
    expect(mayAmend(eng, "incident", of("zs"), at("/reflections"))).toBe(false);
    expect(mayAmend(eng, "letter", of("zs"), at("/estimate"))).toBe(false);
    expect(mayAmend(eng, "weekly", [undefined], at("/"))).toBe(false);
    expect(mayAmend(eng, "weekly", of("zs"), [])).toBe(false);
  });
  it("a supervisor who is also the engineer never amends his own letter; the record about him before or after the change is about him (found by attack)", () => {
    expect(mayAmend(both, "letter", of("zs"), at("/estimate"))).toBe(false);
    expect(mayAmend(both, "letter", [{ engineer: "zs" }, { engineer: "ls" }], at("/estimate"))).toBe(false);
    expect(mayAmend(both, "letter", of("ls"), at("/estimate"))).toBe(true);
    expect(mayAmend(both, "incident", of("zs"), at("/class"))).toBe(false);
    expect(mayAmend(sv, "department-weekly", [{ by: "wz" }], at("/"))).toBe(true); // his report's note
  });
});
