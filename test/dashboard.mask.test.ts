// The dashboard masks phone numbers in what people wrote (issue 17: nothing personal slips through a
// field unless --include-contacts) — and only there. A commit's id is a hash: one whose first ten
// hex digits happen to be decimal ones, 0 first, reads like a landline (0884711607), and the timeline
// once showed it as 088*****07, so a reader could not find the commit. About one commit in a hundred
// has ten decimal digits first, so a suite run hit it now and then (dashboard.commits).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { customerFile } from "../src/domain/equipment.ts";
import { customerPage, equipmentPage } from "../src/render/dashboard/pages/customer.ts";
import { type Ctx, maskPhones, phoneField } from "../src/render/dashboard/pages/layout.ts";
import { letterPage } from "../src/render/dashboard/pages/record.ts";
import { searchDocs } from "../src/render/dashboard/pages/search.ts";
import type { Customer, Equipment, Letter } from "../src/schemas/index.ts";

const LETTER = parse(
  readFileSync(new URL("../records/letters/2026/L-20261117-rq48r.yaml", import.meta.url), "utf8"),
) as Letter;

function ctx(contacts: boolean): Ctx {
  return {
    english: false,
    contacts,
    pay: false,
    department: "技术服务部",
    tz: "Asia/Shanghai",
    month: "2026-11",
    asOf: "2026-12-01T09:00:00+08:00",
    person: (id) => id,
    customer: (id) => id,
    hasPerson: () => false,
    hasCustomer: () => false,
  };
}

const SHA = "0884711607a1b2c3d4e5f60718293a4b5c6d7e8f";

function page(contacts: boolean, subject: string): string {
  return letterPage(ctx(contacts), {
    letter: LETTER,
    timeline: [
      {
        at: "2026-12-01T23:13:04+00:00",
        what: "",
        commit: {
          sha: SHA,
          name: "Test",
          email: "test@example.com",
          date: "2026-12-01T23:13:04+00:00",
          subject,
        },
      },
    ],
    attachments: [],
    rd: [],
  });
}

describe("the dashboard masks phones in what people wrote, never a commit's id", () => {
  it("masks mobiles, landlines and 400 numbers as people write them", () => {
    expect(maskPhones("客户电话 13812345678")).toBe("客户电话 138******78");
    expect(maskPhones("座机 0571-8765 4321，或 400-820-8820")).toBe("座机 057*******21，或 400*****20");
    expect(maskPhones("型号 PLC-200，序号 SN-88")).toBe("型号 PLC-200，序号 SN-88");
  });

  it("shows a commit id of decimal digits whole, and still masks a phone in the commit's subject", () => {
    const html = page(false, "客户改电话为 13812345678");
    expect(html).toContain("<code>0884711607</code>");
    expect(html).not.toContain("088*****07");
    expect(html).toContain("客户改电话为 138******78");
    expect(html).not.toContain("13812345678");
  });

  it("with --include-contacts shows the phone in the subject too", () => {
    const html = page(true, "客户改电话为 13812345678");
    expect(html).toContain("<code>0884711607</code>");
    expect(html).toContain("客户改电话为 13812345678");
    expect(html).toContain("test@example.com");
  });

  it("a commit's author e-mail is a contact: on the timeline only with --include-contacts (found by attack)", () => {
    const html = page(false, "x");
    expect(html).not.toContain("test@example.com");
    expect(html).toContain('title="Test"');
  });
});

describe("an equipment serial is an identifier: shown whole even when it reads like a phone", () => {
  const UNIT = parse(
    readFileSync(new URL("../records/equipment/2026/EQ-20261008-qa1c8.yaml", import.meta.url), "utf8"),
  ) as Equipment;
  // a serial of eleven digits, 1 and 3 first: a mobile number to the mask
  const unit: Equipment = { ...UNIT, serial: "13912345678" };
  const customer: Customer = {
    kind: "customer",
    id: unit.customer,
    name: "精华电子",
    contacts: [{ name: "王工", phone: "13812345678" }],
  } as Customer;
  const file = customerFile({
    customer,
    equipment: [unit],
    notices: [],
    letters: [],
    today: "2026-12-01",
    repeatDays: 30,
  });

  it("on the unit's page, the customer's page and in the search index; the contact's phone still masked", () => {
    const eq = equipmentPage(ctx(false), { equipment: unit, file });
    expect(eq).toContain("13912345678");
    expect(eq).not.toContain("139******78");
    const cust = customerPage(ctx(false), { customer, file });
    expect(cust).toContain("13912345678");
    expect(cust).toContain("138******78");
    expect(cust).not.toContain("13812345678");
    const docs = searchDocs(ctx(false), {
      people: [],
      customers: [customer],
      letters: [],
      notices: [],
      equipment: [unit],
    });
    expect(docs.find((d) => d.id === unit.id)?.x).toBe("13912345678");
  });
});

describe("a phone field is masked whole, whatever its format; names are masked in the search too (found by attack)", () => {
  const formats: [string, string][] = [
    ["66668888", "666***88"],
    ["+852 9123 4567", "852******67"],
    ["(0512)62345678", "051*******78"],
    ["１３９１２３４５６７８", "139******78"],
    ["tel13901010020", "139******20"],
    ["6234-5678", "623***78"],
    ["12345", "*****"],
  ];
  it("phoneField keeps the first three and last two digits and stars the rest; whole with --include-contacts", () => {
    for (const [phone, shown] of formats) {
      expect(phoneField(ctx(false), phone), phone).toBe(shown);
      expect(phoneField(ctx(true), phone), phone).toBe(phone.replace("&", "&amp;"));
    }
  });

  it("a customer's contacts, whatever their format, are not shown whole; nor is a phone in a name in the search index", () => {
    const customer = {
      kind: "customer",
      id: "sz-jinghua",
      name: "精华电子 13912345678",
      contacts: formats.map(([phone], i) => ({ name: `联系人${i}`, phone })),
    } as Customer;
    const file = customerFile({
      customer,
      equipment: [],
      notices: [],
      letters: [],
      today: "2026-12-01",
      repeatDays: 30,
    });
    const html = customerPage(ctx(false), { customer, file });
    for (const [phone, shown] of formats) {
      expect(html, phone).not.toContain(phone);
      expect(html, phone).toContain(shown);
    }
    const docs = searchDocs(ctx(false), {
      people: [],
      customers: [customer],
      letters: [],
      notices: [],
      equipment: [],
    });
    expect(JSON.stringify(docs)).not.toContain("13912345678");
    expect(docs.find((d) => d.id === customer.id)?.t).toBe("精华电子 139******78");
  });
});
