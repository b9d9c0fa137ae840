// Issue 13, "Corrections (D15)" on paper and in svc show: the notice form shows 更正 (what, old → new,
// why, who and when) and 作废; the letter form shows 改派, 改约, the forgery's reason and its 更正; the
// history of svc show lists the amendments of the record.
import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { amendmentEvent } from "../src/domain/views.ts";
import { packDeterministic } from "../src/render/docx/kit.ts";
import { letterForm, noticeForm } from "../src/render/forms.ts";
import type { Amendment, Letter, Notice } from "../src/schemas/index.ts";
import { letter, person, SUPERVISOR } from "./assessment.fixtures.ts";

const text = async (b: Parameters<typeof packDeterministic>[0]) =>
  strFromU8(unzipSync(await packDeterministic(b))["word/document.xml"]).replace(/<[^>]+>/g, "");
const ctx = { department: "技术服务部", company: "某公司", tz: "Asia/Shanghai" };
const people = [SUPERVISOR, person("zs", { name: "张三" }), person("ls", { name: "李四" })];
const notice: Notice = {
  kind: "notice",
  id: "N-20261123-aaaaa",
  customer: "c1",
  contact: { name: "刘工", phone: "13700003333" },
  type: "维修",
  priority: "一般",
  channel: "电话",
  content: "维修",
  issued: { by: "wangzhu", at: "2026-11-23T09:00:00+08:00" },
  signature: { by: "wangzhu", at: "2026-11-23T10:00:00+08:00", gmAbsent: true },
};
const corrected: Amendment = {
  kind: "amendment",
  id: "X-20261123-bbbbb",
  target: notice.id,
  reason: "客户来电更正",
  changes: [{ path: "/contact/phone", before: "13900002222", after: "13700003333" }],
  at: "2026-11-23T11:00:00+08:00",
  by: "wangzhu",
};

describe("D15 on the printed forms", () => {
  it("the notice form shows 更正 with who and when, and 作废", async () => {
    const n = {
      ...notice,
      cancelled: { by: "wangzhu", at: "2026-11-24T09:00:00+08:00", reason: "客户取消" },
    };
    const s = await text(
      noticeForm(n, { people, customers: [], notices: [n], letters: [], amendments: [corrected] }, ctx),
    );
    expect(s).toContain("更正");
    expect(s).toContain("联系方式：13900002222 → 13700003333（客户来电更正）");
    expect(s).toContain("2026-11-23 11:00");
    expect(s).toContain("作废");
    expect(s).toContain("客户取消");
  });
  it("the letter form shows 改派, 改约 and the forgery's reason", async () => {
    const l: Letter = letter("L-20261123-ccccc", "ls", "2026-11-27T10:00:00+08:00", "优优优", {
      reassignments: [
        { from: "zs", to: "ls", reason: "张三生病", by: "wangzhu", at: "2026-11-24T09:00:00+08:00" },
      ],
      appointment: "2026-11-26T09:00:00+08:00",
      appointments: [
        {
          from: "2026-11-25T10:00:00+08:00",
          to: "2026-11-26T09:00:00+08:00",
          reason: "客户设备未到",
          by: "ls",
          at: "2026-11-24T12:00:00+08:00",
        },
      ],
    });
    l.completion = {
      ...l.completion!,
      forged: { by: "wangzhu", at: "2026-11-28T09:00:00+08:00", reason: "客户否认签字" },
    };
    const s = await text(
      letterForm(l, { people, customers: [], notices: [], letters: [l], amendments: [] }, ctx),
    );
    expect(s).toContain("改派");
    expect(s).toContain("张三 → 李四（张三生病）");
    expect(s).toContain("改约");
    expect(s).toContain("（客户设备未到）");
    expect(s).toContain("客户否认签字");
  });
  it("svc show's history lists an amendment as 更正: path, old → new, reason, who, when", () => {
    expect(amendmentEvent(corrected)).toMatchObject({
      at: corrected.at,
      by: "wangzhu",
      what: expect.stringContaining("更正"),
      detail: expect.stringContaining("/contact/phone 13900002222 → 13700003333：客户来电更正"),
    });
  });
});
