import { describe, expect, test } from "vitest";
import { setEnglish } from "../src/core/i18n.ts";
import { noticeRegion, rankEngineers } from "../src/domain/assign.ts";
import { newLetter } from "../src/domain/letters.ts";
import type { Letter, Notice, Person } from "../src/schemas/index.ts";

setEnglish(false);
const at = "2026-11-23T10:00:00+08:00";
const eng = (id: string, region?: string, experts?: string[], extra: Partial<Person> = {}): Person => ({
  kind: "person",
  id,
  name: id,
  roles: ["engineer"],
  email: `${id}@example.com`,
  ...(region ? { region } : {}),
  ...(experts ? { experts } : {}),
  ...extra,
});
const notice = (extra: Partial<Notice> = {}): Notice => ({
  kind: "notice",
  id: "N-20261123-bbbbb",
  customer: "cust-aaaaa",
  contact: { name: "刘工", phone: "138" },
  type: "维修",
  priority: "紧急",
  channel: "电话",
  content: "x",
  issued: { by: "zhaoxs", at },
  ...extra,
});
const open = (engineer: string, status: Letter["status"] = "在建"): Letter => ({
  ...newLetter({ id: `L-${engineer}-${Math.random()}`, engineer, assigned: { by: "w", at }, estimate: at }),
  status,
});

describe("rankEngineers", () => {
  test("same region first, then the product expert, then lower open load", () => {
    const people = [
      eng("a", "华南", ["PLC-200"]),
      eng("b", "华东"),
      eng("c", "华东", ["PLC-200"]),
      eng("d", "华东"),
      { ...eng("s", "华东"), roles: ["supervisor"] } as Person,
      eng("x", "华东", ["PLC-200"], { active: false }),
    ];
    const letters = [open("c"), open("c"), open("b"), open("d", "结案"), open("d", "完工")];
    const ranked = rankEngineers({ notice: notice({ region: "华东", product: "PLC-200" }), people, letters });
    expect(ranked.map((c) => c.person.id)).toEqual(["c", "d", "b", "a"]);
    expect(ranked[0]).toMatchObject({ sameRegion: true, expert: true, openLoad: 2 });
    expect(ranked[0].reasons).toEqual(["负责华东区域", "PLC-200的产品专家", "在办责任书 2 份"]);
    expect(ranked[1].openLoad).toBe(0); // finished letters do not count
    expect(ranked[3].reasons[0]).toContain("区域为华南");
  });

  test("the region falls back to the customer's; without a region, expertise and load decide", () => {
    const people = [eng("a", "华南"), eng("b", "华东"), eng("c", "华北", ["PLC-200"])];
    const customer = { kind: "customer" as const, id: "cust-aaaaa", name: "某公司", region: "华东" };
    expect(noticeRegion(notice(), customer)).toBe("华东");
    expect(rankEngineers({ notice: notice(), people, letters: [], customer })[0].person.id).toBe("b");
    const noRegion = rankEngineers({ notice: notice({ product: "PLC-200" }), people, letters: [open("a")] });
    expect(noRegion.map((c) => c.person.id)).toEqual(["c", "b", "a"]);
  });

  test("without a product id, an expert is found by the equipment text", () => {
    const people = [eng("a", "华东"), eng("b", "华东", ["PLC-200"])];
    const ranked = rankEngineers({
      notice: notice({ region: "华东", equipment: "西门子 plc-200 控制柜" }),
      people,
      letters: [],
    });
    expect(ranked[0].person.id).toBe("b");
    expect(ranked[0].expert).toBe(true);
  });

  test("English reasons", () => {
    setEnglish(true);
    try {
      const r = rankEngineers({
        notice: notice({ region: "华东" }),
        people: [eng("a", "华东")],
        letters: [],
      });
      expect(r[0].reasons).toEqual(["covers 华东", "0 open letter(s)"]);
    } finally {
      setEnglish(false);
    }
  });
});
