// Issue 16 (D21), the pure parts: repeat faults at 29/30/31 days, the warranty end day, the customer's
// file, and the import proposals from free-text equipment.
import { describe, expect, test } from "vitest";
import {
  customerFile,
  daysBetween,
  importProposals,
  type LetterRef,
  type NoticeRef,
  partCharge,
  repeatFault,
  repeatFaults,
  warrantyStatus,
} from "../src/domain/equipment.ts";
import type { Equipment, Letter, Notice } from "../src/schemas/index.ts";

const notice = (id: string, issued: string, extra: Partial<Notice> = {}): Notice => ({
  kind: "notice",
  id,
  customer: "c1",
  contact: { name: "刘工", phone: "1" },
  type: "维修",
  priority: "一般",
  channel: "电话",
  content: "报警",
  issued: { by: "zhaoxs", at: issued },
  ...extra,
});
const letter = (id: string, n: string, completed?: string): Letter => ({
  kind: "letter",
  id,
  notice: n,
  engineer: "zhangsan",
  status: completed ? "完工" : "在建",
  assigned: { by: "wangzhu", at: "2026-10-01T09:00:00+08:00" },
  preparation: { tools: [] },
  estimate: "2026-10-05T18:00:00+08:00",
  log: [],
  ...(completed
    ? {
        completion: {
          at: completed,
          by: "zhangsan",
          unsigned: false,
          ratings: { attitude: "优", skill: "良", result: "优" },
        },
      }
    : {}),
});
const unit: Equipment = {
  kind: "equipment",
  id: "EQ-20261001-aaaaa",
  customer: "c1",
  warrantyEnd: "2026-11-24",
};

describe("issue 16 · repeat faults (D21)", () => {
  const done = "2026-11-01T17:00:00+08:00";
  const notices: NoticeRef[] = [
    { id: "N-1", customer: "c1", equipmentId: unit.id, issued: "2026-10-30T09:00:00+08:00" },
  ];
  const letters: LetterRef[] = [{ id: "L-1", notice: "N-1", engineer: "zhangsan", completed: done }];
  test.each([
    ["2026-11-30T09:00:00+08:00", 29, true],
    ["2026-12-01T23:59:00+08:00", 30, true],
    ["2026-12-02T00:00:00+08:00", 31, false],
  ])("a notice issued %s (%i days after the completion): repeat %s", (issued, days, repeat) => {
    expect(daysBetween(done, issued)).toBe(days);
    const r = repeatFault(unit.id, issued, notices, letters, 30, "N-2");
    expect(Boolean(r)).toBe(repeat);
    if (r) expect(r).toMatchObject({ letter: "L-1", days, engineer: "zhangsan" });
  });
  test("another unit, an uncompleted letter, or a free-text notice is no repeat", () => {
    expect(repeatFault("EQ-20261001-bbbbb", "2026-11-02", notices, letters, 30)).toBeUndefined();
    expect(
      repeatFault(unit.id, "2026-11-02", notices, [{ ...letters[0], completed: undefined }], 30),
    ).toBeUndefined();
    expect(repeatFault(undefined, "2026-11-02", notices, letters, 30)).toBeUndefined();
    const cancelled = {
      id: "N-2",
      customer: "c1",
      equipmentId: unit.id,
      issued: "2026-11-02",
      cancelled: true as const,
    };
    expect(repeatFaults([...notices, cancelled], letters, 30).has("N-2")).toBe(false);
  });
});

describe("issue 16 · warranty (三包, D21)", () => {
  test("the warranty end day is still covered; the next day is not; no end recorded is chargeable", () => {
    expect(warrantyStatus(unit, "2026-11-24T23:00:00+08:00")).toBe("in");
    expect(partCharge(unit, "2026-11-24T23:00:00+08:00")).toBe("三包");
    expect(warrantyStatus(unit, "2026-11-25T00:10:00+08:00")).toBe("out");
    expect(partCharge(unit, "2026-11-25")).toBe("收费");
    expect(warrantyStatus({}, "2026-11-25")).toBe("unknown");
    expect(partCharge(undefined, "2026-11-25")).toBe("收费");
  });
});

describe("issue 16 · the customer's file (D21)", () => {
  test("every notice and letter oldest first, with state, engineer, ratings, last service and the repeat", () => {
    const n1 = notice("N-20261030-aaaaa", "2026-10-30T09:00:00+08:00", { equipmentId: unit.id });
    const n2 = notice("N-20261115-bbbbb", "2026-11-15T09:00:00+08:00", { equipmentId: unit.id });
    const n3 = notice("N-20261120-ccccc", "2026-11-20T09:00:00+08:00", { equipment: "旧打印机" });
    const l1 = letter("L-20261030-aaaaa", n1.id, "2026-11-01T17:00:00+08:00");
    const f = customerFile({
      customer: { id: "c1", name: "苏州精工" },
      equipment: [unit],
      notices: [n3, n2, n1],
      letters: [l1],
      today: "2026-11-25",
      repeatDays: 30,
    });
    expect(f.services.map((s) => s.notice)).toEqual([n1.id, n2.id, n3.id]);
    expect(f.services[0]).toMatchObject({
      letter: l1.id,
      state: "完工",
      engineer: "zhangsan",
      equipment: unit.id,
    });
    expect(f.services[1]).toMatchObject({ state: "待签", repeat: { letter: l1.id, days: 14 } });
    expect(f.services[2]).toMatchObject({ equipmentText: "旧打印机" });
    expect(f.lastService).toBe("2026-11-01T17:00:00+08:00");
    expect(f.equipment[0]).toMatchObject({
      warranty: "out",
      services: 2,
      repeats: 1,
      lastService: l1.completion!.at,
    });
    const one = customerFile({
      ...f,
      customer: f.customer,
      notices: [n1, n2, n3],
      letters: [l1],
      repeatDays: 30,
      equipment: [unit],
      equipmentId: unit.id,
    });
    expect(one.services).toHaveLength(2);
  });
});

describe("issue 16 · svc equipment import proposals (D21)", () => {
  test("one proposal per customer and text (a serial decides), none for registered or linked notices", () => {
    const ns = [
      notice("N-20261001-aaaaa", "2026-10-01T09:00:00+08:00", {
        equipment: "PLC-200 控制柜",
        product: "PLC-200",
      }),
      notice("N-20261002-aaaaa", "2026-10-02T09:00:00+08:00", { equipment: "PLC-200  控制柜" }),
      notice("N-20261003-aaaaa", "2026-10-03T09:00:00+08:00", { equipment: "变频器 SN:AB-123" }),
      notice("N-20261004-aaaaa", "2026-10-04T09:00:00+08:00", { equipment: "变频器（序列号 ab-123）" }),
      notice("N-20261005-aaaaa", "2026-10-05T09:00:00+08:00", { equipment: "已登记", equipmentId: unit.id }),
      notice("N-20261006-aaaaa", "2026-10-06T09:00:00+08:00", { equipment: "已导入" }),
    ];
    const p = importProposals(ns, [{ ...unit, notices: ["N-20261006-aaaaa"] }]);
    expect(p).toHaveLength(2);
    expect(p[0]).toMatchObject({
      customer: "c1",
      product: "PLC-200",
      notices: ["N-20261001-aaaaa", "N-20261002-aaaaa"],
    });
    expect(p[1]).toMatchObject({ serial: "AB-123", notices: ["N-20261003-aaaaa", "N-20261004-aaaaa"] });
  });
});
