// Every schema: a valid example passes; typical mistakes are caught with a useful message.
import { readFileSync } from "node:fs";
import jsyaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { KIND_NAMES, SCHEMAS } from "../src/schemas/index.ts";
import { validateData } from "../src/store/validate.ts";

const stamp = { by: "wangzhu", at: "2026-11-03T09:00:00+08:00" };

const VALID: Record<string, Record<string, unknown>> = {
  person: {
    kind: "person",
    id: "zhangsan",
    name: "张三",
    roles: ["engineer"],
    region: "华东",
    email: "zs@example.com",
    tier: "三等",
    hired: "2026-01-05",
    experts: ["plc-200"],
  },
  customer: { kind: "customer", id: "cust-a1", name: "某某机械有限公司", region: "华东" },
  product: { kind: "product", id: "plc-200", name: "PLC-200 控制器" },
  notice: {
    kind: "notice",
    id: "N-20261103-k3f9a",
    customer: "cust-a1",
    contact: { name: "刘工", phone: "13800000000" },
    type: "维修",
    priority: "紧急",
    channel: "电话",
    content: "设备无法启动",
    issued: { by: "zhaoxs", at: "2026-11-03T08:30:00+08:00" },
    signature: { by: "lizong", at: "2026-11-03T09:00:00+08:00", gmAbsent: false },
  },
  letter: {
    kind: "letter",
    id: "L-20261103-p2q7r",
    notice: "N-20261103-k3f9a",
    engineer: "zhangsan",
    status: "完工",
    assigned: stamp,
    preparation: { solution: "更换电源模块", tools: ["U盘", "螺丝刀", "笔记本电脑"] },
    estimate: "2026-11-05T18:00:00+08:00",
    log: [{ at: "2026-11-04T10:00:00+08:00", by: "zhangsan", type: "记录", text: "到达现场" }],
    completion: {
      at: "2026-11-05T16:00:00+08:00",
      by: "zhangsan",
      ratings: { attitude: "优", skill: "良", result: "中" },
      signature: { signedBy: "刘工" },
      unsigned: false,
    },
  },
  weekly: {
    kind: "weekly",
    id: "W-20261107-zhangsan",
    engineer: "zhangsan",
    week: "2026-11-07",
    summary: "完成两单维修",
    submitted: "2026-11-07T17:00:00+08:00",
    by: "zhangsan",
  },
  "department-weekly": {
    kind: "department-weekly",
    id: "DW-20261107",
    week: "2026-11-07",
    summary: "本周完成 5 单",
    submitted: "2026-11-08T12:00:00+08:00",
    by: "wangzhu",
  },
  monthly: {
    kind: "monthly",
    id: "M-202610",
    month: "2026-10",
    submitted: "2026-11-03T12:00:00+08:00",
    by: "wangzhu",
  },
  incident: {
    kind: "incident",
    id: "I-20261110-abcde",
    class: "II",
    engineer: "zhangsan",
    date: "2026-11-10",
    cause: "未及时上报现场问题",
    opened: stamp,
  },
  exam: {
    kind: "exam",
    id: "E-20261112-abcde",
    date: "2026-11-12",
    title: "PLC 培训",
    results: [{ person: "zhangsan", score: 55, passed: false }],
    recorded: stamp,
  },
  complaint: {
    kind: "complaint",
    id: "C-20261112-abcde",
    person: "zhangsan",
    date: "2026-11-12",
    subject: "投诉-XX项目沟通问题",
    recorded: stamp,
  },
  assessment: {
    kind: "assessment",
    id: "A-202610",
    month: "2026-10",
    people: [
      {
        person: "zhangsan",
        role: "engineer",
        lines: [{ rule: "poor-rating", text: "差评", amount: -50, refs: ["L-20261103-p2q7r"] }],
        total: -50,
        flags: [],
      },
    ],
    drafted: stamp,
  },
  payroll: {
    kind: "payroll",
    id: "P-202610",
    month: "2026-10",
    assessment: "A-202610",
    rows: [
      {
        person: "zhangsan",
        tier: "三等",
        base: 1500,
        assessment: -50,
        travelDays: 2,
        travel: 160,
        phone: 100,
        bonus: 0,
        total: 1710,
      },
    ],
    created: stamp,
  },
  amendment: {
    kind: "amendment",
    id: "X-20261115-abcde",
    target: "A-202610",
    reason: "差评经复核撤销",
    changes: [{ path: "/people/0/total", before: -50, after: 0 }],
    at: "2026-11-15T10:00:00+08:00",
    by: "wangzhu",
  },
  decision: {
    kind: "decision",
    id: "G-20261115-abcde",
    person: "zhangsan",
    decision: "降档",
    tier: "三等",
    effective: "2026-12-01",
    reason: "三次考核不合格",
    decided: { by: "lizong", at: "2026-11-15T10:00:00+08:00" },
  },
  // issue 15 (D19)
  "customer-complaint": {
    kind: "customer-complaint",
    id: "K-20261120-abcde",
    customer: "sz-jinghua",
    received: { at: "2026-11-20T17:00:00+08:00", channel: "电话", by: "zhaoxs", to: "sales-admin" },
    content: "工程师未按约定时间到场",
    about: "engineer",
    engineer: "zhangsan",
    grade: "重大",
    owner: "wangzhu",
    replyBy: "2026-11-23T23:59:59+08:00",
    opened: { by: "zhaoxs", at: "2026-11-20T17:00:00+08:00" },
  },
  equipment: {
    kind: "equipment",
    id: "EQ-20261115-abcde",
    customer: "sz-jinghua",
    product: "PLC-200",
    model: "PLC-200-A36",
    serial: "SN-0001",
    installed: "2025-11-10",
    accepted: "2025-11-15",
    warrantyEnd: "2026-11-15",
    software: "V2.1",
    location: "一号车间",
  },
  rd: {
    kind: "rd",
    id: "RD-20261115-abcde",
    letter: "L-20261115-abcde",
    requester: "zhangsan",
    opened: { by: "zhangsan", at: "2026-11-15T10:00:00+08:00" },
    environment: "V2.1 Windows 10",
    steps: "打开报表",
    symptom: "程序崩溃",
    accepted: { by: "chenyf", at: "2026-11-15T11:00:00+08:00", reason: "可重现" },
  },
};

describe("record schemas", () => {
  it("has a valid example for every kind", () => {
    expect(Object.keys(VALID).sort()).toEqual([...KIND_NAMES].sort());
  });

  for (const kind of KIND_NAMES) {
    it(`${kind}: the example is valid`, async () => {
      expect(await validateData(kind, VALID[kind])).toEqual([]);
    });
    it(`${kind}: an unknown field, a missing id and a wrong kind are findings`, async () => {
      const bad = { ...VALID[kind], typo: 1 } as Record<string, unknown>;
      delete bad.id;
      const problems = await validateData(kind, bad);
      expect(problems.map((p) => p.message).join("\n")).toMatch(/未知字段 typo/);
      expect(problems.map((p) => p.message).join("\n")).toMatch(/缺少必填字段 id/);
      expect(await validateData(kind, { ...VALID[kind], kind: "nonsense" })).not.toEqual([]);
    });
    it(`${kind}: every property has a Chinese title`, () => {
      const untitled: string[] = [];
      const walk = (s: any, path: string) => {
        if (!s || typeof s !== "object") return;
        if (s.properties) {
          for (const [k, v] of Object.entries<any>(s.properties)) {
            if (!v.title || !/[\u4e00-\u9fff]/.test(v.title)) untitled.push(`${path}.${k}`);
            walk(v, `${path}.${k}`);
          }
        }
        if (s.items) walk(s.items, `${path}[]`);
        for (const alt of s.anyOf ?? []) walk(alt, path);
      };
      walk(SCHEMAS[kind], kind);
      expect(untitled).toEqual([]);
    });
  }

  it("rejects a rating outside 优良中差 and names the allowed values", async () => {
    const letter = structuredClone(VALID.letter) as any;
    letter.completion.ratings.skill = "好";
    const [p] = await validateData("letter", letter);
    expect(p.path).toEqual(["completion", "ratings", "skill"]);
    expect(p.hint).toContain("优、良、中、差");
  });

  it("rejects a date-time without an offset", async () => {
    const notice = { ...VALID.notice, issued: { by: "zhaoxs", at: "2026-11-03 08:30" } };
    const [p] = await validateData("notice", notice);
    expect(p.message).toMatch(/不是可用的时间|date-time/);
    expect(p.hint).toContain("2026-11-23T09:30:00+08:00");
  });

  it("rejects a time the date-time format takes but Date reads as NaN: a leap second, a zone of hours alone (found by attack)", async () => {
    for (const at of ["2026-11-22T07:59:60+08:00", "2026-11-22T15:40:00+08"]) {
      expect(Number.isNaN(Date.parse(at)), at).toBe(true);
      const [p] = await validateData("notice", { ...VALID.notice, issued: { by: "zhaoxs", at } });
      expect(p?.path, at).toEqual(["issued", "at"]);
      expect(p?.message, at).toMatch(/不是可用的时间|not a usable time/);
    }
    // what svc writes, and what a hand may write that Date reads the same
    for (const at of [
      "2026-11-22T15:40:00+08:00",
      "2026-11-22T15:40:00.5+08:00",
      "2026-11-22T07:40:00Z",
      "2026-11-22 15:40:00+0800",
    ]) {
      expect(Number.isNaN(Date.parse(at)), at).toBe(false);
      expect(await validateData("notice", { ...VALID.notice, issued: { by: "zhaoxs", at } }), at).toEqual([]);
    }
  });

  it("validates the svc.yaml template", async () => {
    const config = jsyaml.load(readFileSync(new URL("../templates/svc.yaml", import.meta.url), "utf8"), {
      schema: jsyaml.CORE_SCHEMA,
    });
    expect(await validateData("config", config)).toEqual([]);
  });
});
