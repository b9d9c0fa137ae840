// Pure tests of what is due (src/domain/due.ts), the views (src/domain/views.ts) and the incident rules
// (src/domain/incidents.ts): no git, no disk.
import { beforeAll, describe, expect, it } from "vitest";
import { setEnglish } from "../src/core/i18n.ts";
import { makeCalendar } from "../src/domain/calendar.ts";
import { computeDue, type DueInput, dueFor, effectiveEstimate } from "../src/domain/due.ts";
import {
  complaintProject,
  incidentNoticeLateness,
  incidentState,
  parseExamResult,
} from "../src/domain/incidents.ts";
import {
  fieldTitle,
  ledgerRows,
  namesOf,
  noticeRows,
  noticeStatus,
  parseGitLog,
  recordHistory,
} from "../src/domain/views.ts";
import type { Incident, Letter, Notice, Person } from "../src/schemas/index.ts";

beforeAll(() => setEnglish(false));

const TZ = "Asia/Shanghai";
const config = {
  timezone: TZ,
  deadlines: {
    engineerWeekly: { weekday: 6, time: "18:00" },
    departmentWeekly: { weekday: 0, time: "18:00" },
    assessmentWorkdays: 3,
    monthlyReportWorkdays: 3,
    incidentNoticeWorkdays: 3,
    supportReviewWorkdays: 2,
    checkinDays: 2,
  },
};
const person = (id: string, name: string, roles: Person["roles"], extra: Partial<Person> = {}): Person => ({
  kind: "person",
  id,
  name,
  roles,
  email: `${id}@example.com`,
  ...extra,
});
const people = [
  person("wangzhu", "王主管", ["supervisor"]),
  person("lizong", "李总", ["gm"]),
  person("zhaoxs", "赵销售", ["requester"]),
  person("zhangsan", "张三", ["engineer"], { hired: "2026-01-05" }),
  person("lisi", "李四", ["engineer"], { hired: "2026-01-05" }),
  person("gone", "离职", ["engineer"], { active: false }),
];
const notice = (id: string, extra: Partial<Notice> = {}): Notice => ({
  kind: "notice",
  id,
  customer: "dianchang",
  contact: { name: "刘工", phone: "138" },
  type: "维修",
  priority: "紧急",
  channel: "电话",
  content: "PLC 通讯故障",
  issued: { by: "zhaoxs", at: "2026-11-16T09:00:00+08:00" },
  ...extra,
});
const letter = (id: string, extra: Partial<Letter> = {}): Letter => ({
  kind: "letter",
  id,
  notice: "N-1",
  engineer: "zhangsan",
  status: "派工",
  assigned: { by: "wangzhu", at: "2026-11-16T10:00:00+08:00" },
  preparation: { tools: ["U盘", "螺丝刀", "笔记本电脑"] },
  estimate: "2026-11-20T18:00:00+08:00",
  log: [],
  ...extra,
});
const incident = (id: string, extra: Partial<Incident> = {}): Incident => ({
  kind: "incident",
  id,
  class: "I",
  engineer: "lisi",
  date: "2026-11-16",
  cause: "操作不当导致客户停产",
  opened: { by: "wangzhu", at: "2026-11-16T12:00:00+08:00" },
  ...extra,
});

function input(over: Partial<DueInput>): DueInput {
  return {
    now: "2026-11-18T10:00:00+08:00",
    config,
    cal: makeCalendar({ holidays: [], workdays: [], years: [] }),
    people,
    notices: [],
    letters: [],
    weeklies: [],
    departmentWeeklies: [],
    monthlies: [],
    assessments: [],
    incidents: [],
    ...over,
  };
}

const kinds = (items: { kind: string; ref: string }[], ref?: string) =>
  items.filter((i) => !ref || i.ref === ref).map((i) => i.kind);

describe("computeDue", () => {
  it("an unsigned notice is for the GM; a cancelled or signed one is not", () => {
    const r = computeDue(
      input({
        notices: [
          notice("N-1"),
          notice("N-2", { signature: { by: "lizong", at: "2026-11-16T11:00:00+08:00", gmAbsent: false } }),
          notice("N-3", { cancelled: { by: "zhaoxs", at: "2026-11-16T11:00:00+08:00", reason: "重复" } }),
        ],
      }),
    );
    const signs = r.items.filter((i) => i.kind === "sign-notice");
    expect(signs.map((i) => [i.ref, i.who])).toEqual([["N-1", ["lizong"]]]);
    // The signed notice waits for the supervisor to assign it, until a letter names it.
    expect(r.items.filter((i) => i.kind === "assign").map((i) => [i.ref, i.who])).toEqual([
      ["N-2", ["wangzhu"]],
    ]);
    const assigned = computeDue(
      input({
        notices: [
          notice("N-2", { signature: { by: "lizong", at: "2026-11-16T11:00:00+08:00", gmAbsent: false } }),
        ],
        letters: [letter("L-1", { notice: "N-2" })],
      }),
    );
    expect(assigned.items.some((i) => i.kind === "assign")).toBe(false);
  });

  it("a notice is reviewed — signed and assigned — within 2 working days of being issued (DOMAIN §5)", () => {
    // Issued Friday 2026-11-13: the deadline is the end of Tuesday 11-17 (the weekend does not count).
    const friday = notice("N-9", { issued: { by: "zhaoxs", at: "2026-11-13T16:00:00+08:00" } });
    const at = (now: string, n: Notice) =>
      computeDue(input({ notices: [n], now })).items.find((i) => i.ref === "N-9");
    const tuesday = at("2026-11-17T18:00:00+08:00", friday);
    expect(tuesday).toMatchObject({ kind: "sign-notice", overdue: false });
    expect(tuesday?.deadline).toMatch(/^2026-11-17T23:59:59/);
    expect(at("2026-11-18T09:00:00+08:00", friday)).toMatchObject({ kind: "sign-notice", overdue: true });
    const signed = {
      ...friday,
      signature: { by: "lizong", at: "2026-11-16T09:00:00+08:00", gmAbsent: false },
    };
    expect(at("2026-11-18T09:00:00+08:00", signed)).toMatchObject({ kind: "assign", overdue: true });
  });

  it("a letter goes engineer (site, solution) → supervisor (approve) → engineer (return) → supervisor (confirm)", () => {
    const fresh = computeDue(input({ letters: [letter("L-1")] }));
    expect(kinds(fresh.items, "L-1").sort()).toEqual(["site", "solution"]);
    expect(fresh.items.find((i) => i.kind === "site")!.who).toEqual(["zhangsan"]);

    const ready = letter("L-1", {
      site: { matches: true, by: "zhangsan", at: "2026-11-16T11:00:00+08:00" },
      preparation: { solution: "更换模块", tools: [] },
    });
    const approve = computeDue(input({ letters: [ready] })).items.filter((i) => i.ref === "L-1");
    expect(approve.map((i) => [i.kind, i.who])).toEqual([["approve", ["wangzhu"]]]);

    const done = letter("L-1", {
      status: "完工",
      travel: { destination: "南京", days: 2, departed: "2026-11-17" },
      completion: { at: "2026-11-18T09:00:00+08:00", by: "zhangsan", unsigned: false },
    });
    expect(kinds(computeDue(input({ letters: [done] })).items, "L-1")).toEqual(["return"]);
    const back = { ...done, return: { by: "zhangsan", at: "2026-11-18T09:30:00+08:00" } };
    const confirm = computeDue(input({ letters: [back] })).items.filter((i) => i.ref === "L-1");
    expect(confirm.map((i) => [i.kind, i.who])).toEqual([["confirm", ["wangzhu"]]]);
    const confirmed = { ...back, confirmation: { by: "wangzhu", at: "2026-11-18T10:00:00+08:00" } };
    expect(kinds(computeDue(input({ letters: [confirmed] })).items, "L-1")).toEqual([]);
  });

  it("service past the estimate is overdue; an approved B/C/D extension moves it, reason A does not", () => {
    const now = "2026-11-21T10:00:00+08:00";
    const onSite = letter("L-1", {
      status: "在建",
      approval: { by: "wangzhu", at: "2026-11-16T12:00:00+08:00" },
    });
    const over = computeDue(input({ now, letters: [onSite] })).items.find(
      (i) => i.kind === "overdue-service",
    );
    expect(over).toMatchObject({ ref: "L-1", overdue: true, deadline: "2026-11-20T18:00:00+08:00" });
    const delay = (reason: "A" | "C") => ({
      reason,
      until: "2026-11-25T18:00:00+08:00",
      by: "zhangsan",
      at: "2026-11-19T10:00:00+08:00",
      approval: { by: "wangzhu", at: "2026-11-19T11:00:00+08:00" },
    });
    const extended = { ...onSite, status: "延期" as const, delays: [delay("C")] };
    expect(effectiveEstimate(extended)).toBe("2026-11-25T18:00:00+08:00");
    expect(kinds(computeDue(input({ now, letters: [extended] })).items, "L-1")).not.toContain(
      "overdue-service",
    );
    const reasonA = { ...extended, delays: [delay("A")] };
    expect(effectiveEstimate(reasonA)).toBe("2026-11-20T18:00:00+08:00");
    expect(kinds(computeDue(input({ now, letters: [reasonA] })).items, "L-1")).toContain("overdue-service");
    const pending = { ...extended, delays: [{ ...delay("B" as "C"), approval: undefined }] };
    const ext = computeDue(input({ now, letters: [pending] })).items.find((i) => i.kind === "extension");
    expect(ext?.who).toEqual(["wangzhu"]);
    const finished = { ...pending, status: "完工" as const };
    expect(kinds(computeDue(input({ now, letters: [finished] })).items, "L-1")).not.toContain("extension");
  });

  it("check-ins every two days while travelling, counted from the last status report", () => {
    const travelling = letter("L-1", {
      status: "在建",
      estimate: "2026-11-30T18:00:00+08:00",
      travel: { destination: "南京", days: 5, departed: "2026-11-16" },
    });
    const missing = computeDue(input({ letters: [travelling] })).items.find((i) => i.kind === "checkin");
    expect(missing).toMatchObject({
      deadline: "2026-11-18T23:59:59+08:00",
      overdue: false,
      who: ["zhangsan"],
    });
    const late = computeDue(input({ now: "2026-11-19T08:00:00+08:00", letters: [travelling] })).items.find(
      (i) => i.kind === "checkin",
    );
    expect(late?.overdue).toBe(true);
    const reported = {
      ...travelling,
      log: [{ at: "2026-11-18T20:00:00+08:00", by: "zhangsan", type: "汇报" as const, text: "进展顺利" }],
    };
    const next = computeDue(input({ now: "2026-11-19T08:00:00+08:00", letters: [reported] })).items.find(
      (i) => i.kind === "checkin",
    );
    expect(next).toMatchObject({ deadline: "2026-11-20T23:59:59+08:00", overdue: false });
    const home = { ...reported, travel: { ...reported.travel!, returned: "2026-11-19" } };
    expect(kinds(computeDue(input({ letters: [home] })).items)).not.toContain("checkin");
  });

  it("weekly reports: this week's due Saturday 18:00, last week's missing one overdue; leavers are skipped", () => {
    const r = computeDue(
      input({
        weeklies: [
          {
            kind: "weekly",
            id: "W-20261114-zhangsan",
            engineer: "zhangsan",
            week: "2026-11-14",
            summary: "…",
            submitted: "2026-11-14T17:00:00+08:00",
            by: "zhangsan",
          },
        ],
        departmentWeeklies: [
          {
            kind: "department-weekly",
            id: "DW-20261114",
            week: "2026-11-14",
            summary: "…",
            submitted: "2026-11-15T17:00:00+08:00",
            by: "wangzhu",
          },
        ],
      }),
    );
    const weekly = r.items.filter((i) => i.kind === "weekly").map((i) => [i.ref, i.deadline, i.overdue]);
    expect(weekly).toEqual([
      ["W-20261114-lisi", "2026-11-14T18:00:00+08:00", true],
      ["W-20261121-lisi", "2026-11-21T18:00:00+08:00", false],
      ["W-20261121-zhangsan", "2026-11-21T18:00:00+08:00", false],
    ]);
    expect(
      r.items.find((i) => i.kind === "weekly" && i.ref === "W-20261121-zhangsan")!.params.file,
    ).toContain("张三周报11-21.docx");
    const dept = r.items.filter((i) => i.kind === "department-weekly");
    expect(dept.map((i) => [i.ref, i.deadline])).toEqual([["DW-20261121", "2026-11-22T18:00:00+08:00"]]);
  });

  it("the saturday boundary: 17:59 is still due, 18:01 is overdue", () => {
    const before = computeDue(input({ now: "2026-11-21T17:59:00+08:00" }));
    const after = computeDue(input({ now: "2026-11-21T18:01:00+08:00" }));
    const it = (r: typeof before) => r.items.find((i) => i.ref === "W-20261121-zhangsan")!.overdue;
    expect(it(before)).toBe(false);
    expect(it(after)).toBe(true);
  });

  it("incidents: the reflection is the engineer's, then the notice is due 3 working days later", () => {
    const fresh = computeDue(input({ incidents: [incident("I-1")] })).items.find((i) => i.ref === "I-1");
    expect(fresh).toMatchObject({ kind: "reflection", who: ["lisi"] });
    const reflected = incident("I-1", {
      reflection: { text: "…", by: "lisi", at: "2026-11-20T15:00:00+08:00" },
    });
    const notice3 = computeDue(
      input({ now: "2026-11-25T12:00:00+08:00", incidents: [reflected] }),
    ).items.find((i) => i.ref === "I-1");
    expect(notice3).toMatchObject({
      kind: "incident-notice",
      who: ["wangzhu"],
      deadline: "2026-11-25T23:59:59+08:00",
      overdue: false,
    });
    const sent = {
      ...reflected,
      notification: { text: "…", by: "wangzhu", at: "2026-11-26T09:00:00+08:00" },
    };
    expect(computeDue(input({ incidents: [sent] })).items.some((i) => i.ref === "I-1")).toBe(false);
    const cal = makeCalendar({ holidays: [], workdays: [], years: [] });
    expect(incidentNoticeLateness(sent, cal, config, "2026-11-27T00:00:00+08:00")).toMatchObject({
      late: true,
      sent: true,
    });
    expect(incidentState(sent)).toBe("已通报");
    expect(incidentState(reflected)).toBe("待通报");
    expect(incidentState(incident("I-2"))).toBe("待反思");
  });

  it("last month's assessment and monthly report: first 3 working days, shifted by National Day", () => {
    const september = [notice("N-0", { issued: { by: "zhaoxs", at: "2026-09-01T09:00:00+08:00" } })];
    const r = computeDue(input({ now: "2026-10-09T10:00:00+08:00", notices: september }));
    const a = r.items.find((i) => i.kind === "assessment")!;
    expect(a).toMatchObject({ ref: "A-202609", deadline: "2026-10-10T23:59:59+08:00", overdue: false });
    expect(r.items.find((i) => i.kind === "monthly-report")!.deadline).toBe("2026-10-10T23:59:59+08:00");
    const drafted = computeDue(
      input({
        now: "2026-10-09T10:00:00+08:00",
        notices: september,
        assessments: [
          {
            kind: "assessment",
            id: "A-202609",
            month: "2026-09",
            people: [],
            drafted: { by: "wangzhu", at: "2026-10-08T10:00:00+08:00" },
          },
        ],
      }),
    );
    expect(drafted.items.find((i) => i.ref === "A-202609")).toMatchObject({
      kind: "assessment-sign",
      who: ["lizong"],
    });
  });

  it("a department owes no periodic document for a period before its first record", () => {
    const now = "2026-11-26T09:00:00+08:00";
    const fresh = computeDue(
      input({ now, notices: [notice("N-0", { issued: { by: "zhaoxs", at: "2026-11-02T09:00:00+08:00" } })] }),
    );
    expect(fresh.items.filter((i) => i.kind === "assessment" || i.kind === "monthly-report")).toEqual([]);
    // last week's missing reports are still owed (the department existed), this week's are due
    expect(fresh.items.filter((i) => i.kind === "weekly").map((i) => i.ref)).toContain("W-20261121-zhangsan");
    const empty = computeDue(input({ now }));
    expect(empty.items.map((i) => i.kind).sort()).toEqual(["department-weekly", "weekly", "weekly"]);
    expect(empty.items.every((i) => !i.overdue)).toBe(true);
    const october = computeDue(
      input({
        now,
        letters: [letter("L-0", { assigned: { by: "wangzhu", at: "2026-10-20T10:00:00+08:00" } })],
      }),
    );
    expect(october.items.find((i) => i.kind === "assessment")?.ref).toBe("A-202610");
  });

  it("a deadline in a year without holiday data is flagged and warned about; svc.yaml can declare it", () => {
    const december = [notice("N-0", { issued: { by: "zhaoxs", at: "2026-12-01T09:00:00+08:00" } })];
    const none = computeDue(input({ now: "2027-01-04T10:00:00+08:00", notices: december }));
    const a = none.items.find((i) => i.kind === "assessment")!;
    expect(a.deadline).toBe("2027-01-05T23:59:59+08:00"); // Fri 01-01 taken as a working day: no data
    expect(a.uncertain).toEqual([2027]);
    expect(none.uncovered).toContain(2027);
    const declared = computeDue(
      input({
        now: "2027-01-04T10:00:00+08:00",
        notices: december,
        cal: makeCalendar({ holidays: ["2027-01-01", "2027-01-04"], workdays: [], years: [2027] }),
      }),
    );
    const b = declared.items.find((i) => i.kind === "assessment")!;
    expect(b.deadline).toBe("2027-01-07T23:59:59+08:00");
    expect(b.uncertain).toBeUndefined();
    expect(declared.uncovered).toEqual([]);
  });

  it("orders overdue first, then by deadline; dueFor keeps one person's items", () => {
    const r = computeDue(
      input({ now: "2026-11-18T10:00:00+08:00", notices: [notice("N-1")], letters: [letter("L-1")] }),
    );
    const firstNotOverdue = r.items.findIndex((i) => !i.overdue);
    expect(r.items.slice(firstNotOverdue).every((i) => !i.overdue)).toBe(true);
    const mine = dueFor(r, "zhangsan");
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((i) => i.who.includes("zhangsan"))).toBe(true);
    expect(dueFor(r, "gone").items).toEqual([]);
  });
});

describe("views", () => {
  const names = namesOf(people, [{ kind: "customer", id: "dianchang", name: "某某电厂" }]);

  it("notice status (the state machine's names, issue 14): 待签字 → 已生效 → 已派工, 已作废", () => {
    const n = notice("N-1");
    const signed = { ...n, signature: { by: "lizong", at: "2026-11-16T11:00:00+08:00", gmAbsent: false } };
    expect(noticeStatus(n, [])).toBe("待签字");
    expect(noticeStatus(signed, [])).toBe("已生效");
    expect(noticeStatus(signed, [letter("L-1")])).toBe("已派工");
    expect(
      noticeStatus({ ...n, cancelled: { by: "zhaoxs", at: "2026-11-16T11:00:00+08:00", reason: "x" } }, []),
    ).toBe("已作废");
    expect(noticeRows([signed], [letter("L-1")], names)[0]).toMatchObject({
      customerName: "某某电厂",
      letters: ["L-1"],
      signedBy: "lizong",
    });
  });

  it("ledger: confirmed letters only, with ratings, signature and the completion month filter", () => {
    const completed = (id: string, at: string, unsigned: boolean): Letter =>
      letter(id, {
        status: "已确认",
        completion: {
          at,
          by: "zhangsan",
          unsigned,
          ratings: { attitude: "优", skill: "良", result: "中" },
          ...(unsigned ? {} : { signature: { signedBy: "刘工" } }),
        },
        confirmation: { by: "wangzhu", at: "2026-12-02T09:00:00+08:00" },
      });
    const rows = ledgerRows(
      [
        completed("L-2", "2026-11-30T20:00:00+08:00", true),
        completed("L-1", "2026-11-20T10:00:00+08:00", false),
        letter("L-3", { status: "完工" }),
        completed("L-4", "2026-12-01T01:00:00+08:00", false),
      ],
      [notice("N-1")],
      names,
      TZ,
      "2026-11",
    );
    expect(
      rows.map((r) => [r.letter, r.completed, r.customerName, r.engineerName, r.signed, r.attitude]),
    ).toEqual([
      ["L-1", "2026-11-20", "某某电厂", "张三", true, "优"],
      ["L-2", "2026-11-30", "某某电厂", "张三", false, "优"],
    ]);
    expect(rows[0]).toMatchObject({ type: "维修", signedBy: "刘工", confirmedBy: "wangzhu" });
  });

  it("record history: every dated step, oldest first, with who and what", () => {
    const l = letter("L-1", {
      site: { matches: true, by: "zhangsan", at: "2026-11-16T11:00:00+08:00" },
      approval: { by: "wangzhu", at: "2026-11-16T12:00:00+08:00" },
      log: [{ at: "2026-11-17T09:00:00+08:00", by: "zhangsan", type: "汇报", text: "已到达现场" }],
      delays: [
        {
          reason: "C",
          until: "2026-11-25T18:00:00+08:00",
          by: "zhangsan",
          at: "2026-11-18T10:00:00+08:00",
          approval: { by: "wangzhu", at: "2026-11-18T11:00:00+08:00" },
        },
      ],
      completion: {
        at: "2026-11-19T10:00:00+08:00",
        by: "wangzhu",
        as: "wangzhu",
        backdated: true,
        unsigned: false,
        ratings: { attitude: "优", skill: "优", result: "良" },
      },
    });
    const h = recordHistory(l);
    expect(h.map((e) => `${e.what}/${e.by}`)).toEqual([
      "派工/wangzhu",
      "现场情况确认/zhangsan",
      "批准/wangzhu",
      "出差状态汇报/zhangsan",
      "申请延期/zhangsan",
      "批准延期/wangzhu",
      "完工（客户评价）/wangzhu",
    ]);
    expect(h[3].detail).toBe("已到达现场");
    expect(h[6]).toMatchObject({ backdated: true, detail: "态度=优 水平=优 结果=良 客户已签字" });
  });

  it("labels fields with the schema's titles", async () => {
    const { SCHEMAS } = await import("../src/schemas/index.ts");
    const schema = SCHEMAS.letter as unknown as Parameters<typeof fieldTitle>[0];
    expect(fieldTitle(schema, "engineer")).toBe("服务人员");
    expect(fieldTitle(schema, "assigned.at")).toBe("派工·时间");
    expect(fieldTitle(schema, "completion.ratings.attitude")).toBe("客户评价·态度");
    expect(fieldTitle(schema, "log[1].text")).toBe("服务记录2·内容");
    expect(fieldTitle(schema, "preparation.tools")).toBe("解决方案准备·工具");
    expect(fieldTitle(schema, "nosuch.field")).toBe("nosuch.field");
  });

  it("parses git log lines", () => {
    const out = "abc\x1f王主管\x1fsup@example.com\x1f2026-11-16T10:00:00+08:00\x1fopen N-1: 维修\n";
    expect(parseGitLog(out)).toEqual([
      {
        commit: "abc",
        author: "王主管",
        email: "sup@example.com",
        at: "2026-11-16T10:00:00+08:00",
        subject: "open N-1: 维修",
      },
    ]);
  });
});

describe("exam results and complaint subjects", () => {
  it("parses --result values", () => {
    expect(parseExamResult("zhangsan=85:pass")).toEqual({ person: "zhangsan", score: 85, passed: true });
    expect(parseExamResult("lisi=40:fail")).toEqual({ person: "lisi", score: 40, passed: false });
    expect(parseExamResult("lisi=不合格")).toEqual({ person: "lisi", passed: false });
    expect(parseExamResult("lisi=59.5:合格")).toEqual({ person: "lisi", score: 59.5, passed: true });
    expect(parseExamResult("lisi=85")).toMatch(/无效/);
    expect(parseExamResult("lisi=120:pass")).toMatch(/0–100/);
    expect(parseExamResult("=pass")).toMatch(/无效/);
  });

  it("recognises the complaint subject form", () => {
    expect(complaintProject("投诉-某某电厂项目沟通问题")).toBe("某某电厂");
    expect(complaintProject("投诉－XX 项目沟通问题")).toBe("XX");
    expect(complaintProject("沟通问题")).toBeUndefined();
  });
});
