// The CLI contract of assess → sign → payroll: roles, the records and commits written, the documents
// (.docx text, .xlsx read back with exceljs), and the period close (a signed month is not edited).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { cleanup, ENG, freshRepo, GM, git, lastCommit, read, SUP, svcIn } from "./helpers.ts";

const NOW = { SVC_NOW: "2026-12-02T10:00:00+08:00" };

function put(dir: string, rel: string, data: unknown): void {
  mkdirSync(join(dir, rel, ".."), { recursive: true });
  writeFileSync(join(dir, rel), stringify(data));
}

function docxText(path: string): string {
  const parts = unzipSync(new Uint8Array(readFileSync(path)));
  return strFromU8(parts["word/document.xml"]).replace(/<[^>]+>/g, "");
}

describe("svc assess / sign / payroll", () => {
  let dir: string;
  beforeAll(async () => {
    dir = freshRepo();
    // zhangsan: one letter completed in November rated 优/差/优, a 3-day trip, every weekly report on time.
    put(dir, "letters/2026/L-20261102-aaaaa.yaml", {
      kind: "letter",
      id: "L-20261102-aaaaa",
      engineer: "zhangsan",
      status: "已确认",
      assigned: { by: "wangzhu", at: "2026-11-02T09:00:00+08:00" },
      preparation: { tools: ["U盘", "螺丝刀", "笔记本电脑"] },
      estimate: "2026-11-06T18:00:00+08:00",
      travel: { destination: "杭州", days: 3, departed: "2026-11-03", returned: "2026-11-05" },
      log: [],
      completion: {
        at: "2026-11-05T15:00:00+08:00",
        by: "zhangsan",
        ratings: { attitude: "优", skill: "差", result: "优" },
        signature: { signedBy: "刘工" },
        unsigned: false,
      },
    });
    for (const sat of ["07", "14", "21", "28"]) {
      put(dir, `weekly/2026/W-202611${sat}-zhangsan.yaml`, {
        kind: "weekly",
        id: `W-202611${sat}-zhangsan`,
        engineer: "zhangsan",
        week: `2026-11-${sat}`,
        summary: "本周服务",
        submitted: `2026-11-${sat}T12:00:00+08:00`,
        by: "zhangsan",
      });
    }
    git(dir, ["add", "-A"]);
    git(dir, ["commit", "-q", "-m", "records of November"]);
  });
  afterAll(() => cleanup(dir));

  it("drafts, is signed by the GM only, pays, renders, and refuses to edit a signed month", async () => {
    // the payroll needs a signed assessment
    const early = await svcIn(dir, ["payroll", "--month", "2026-11"], SUP, NOW);
    expect(early.code).toBe(1);
    expect(early.stderr).toContain("A-202611");

    const draft = await svcIn(dir, ["assess", "--month", "2026-11", "--json"], SUP, NOW);
    expect(draft.stderr).toBe("");
    expect(draft.code).toBe(0);
    const out = JSON.parse(draft.stdout);
    expect(out.id).toBe("A-202611");
    const byPerson = Object.fromEntries(
      out.people.map((p: { person: string; total: number }) => [p.person, p.total]),
    );
    // zhangsan one 差; lisi four missing weekly reports; the supervisor four missing department reports
    expect(byPerson).toEqual({ zhangsan: -50, lisi: -80, wangzhu: -80 });
    const rec = parse(read(dir, "assessments/2026/A-202611.yaml"));
    expect(rec.signature).toBeUndefined();
    expect(rec.drafted.by).toBe("wangzhu");
    expect(lastCommit(dir)).toMatchObject({ email: SUP.email });
    expect(lastCommit(dir).subject).toMatch(/^assess A-202611: /);
    expect(existsSync(join(dir, "out", "月度考核表-2026-11.docx"))).toBe(true);

    // an engineer sees only their own lines and cannot sign
    const own = await svcIn(dir, ["assess", "--month", "2026-11", "--explain"], ENG, NOW);
    expect(own.code).toBe(0);
    expect(own.stdout).toContain("评价为“差”");
    expect(own.stdout).not.toContain("李四");
    const engSign = await svcIn(dir, ["assess", "sign", "--month", "2026-11"], ENG, NOW);
    expect(engSign.code).toBe(1);
    expect(engSign.stderr).toContain("总经理");

    const none = await svcIn(dir, ["assess", "sign", "--month", "2026-10"], GM, NOW);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("2026-10");
    const sign = await svcIn(dir, ["assess", "sign", "--month", "2026-11"], GM, {
      SVC_NOW: "2026-12-03T09:00:00+08:00",
    });
    expect(sign.code).toBe(0);
    expect(parse(read(dir, "assessments/2026/A-202611.yaml")).signature.by).toBe("lizong");
    expect(lastCommit(dir)).toMatchObject({ email: GM.email, subject: "assess sign A-202611: 总经理签字" });
    const doc = docxText(join(dir, "out", "月度考核表-2026-11.docx"));
    expect(doc).toContain("张三");
    expect(doc).toContain("已由总经理签字");

    // a signed month is closed
    const again = await svcIn(dir, ["assess", "--month", "2026-11"], SUP, NOW);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("svc assess amend");

    const pay = await svcIn(dir, ["payroll", "--month", "2026-11", "--json"], SUP, NOW);
    expect(pay.stderr).toBe("");
    expect(pay.code).toBe(0);
    const p = JSON.parse(pay.stdout);
    expect(p.id).toBe("P-202611");
    const zs = p.rows.find((r: { person: string }) => r.person === "zhangsan");
    // 1500 − 50 + 3 days × 100 + 50
    expect(zs).toMatchObject({
      tier: "三等",
      base: 1500,
      assessment: -50,
      travelDays: 3,
      travel: 300,
      phone: 50,
      total: 1800,
    });
    expect(parse(read(dir, "payroll/2026/P-202611.yaml")).rows).toHaveLength(3);
    const payDoc = docxText(join(dir, "out", "工资表-2026-11.docx"));
    expect(payDoc).toContain("张三");
    expect(payDoc).toContain("1800");
    const ExcelJS = (await import("exceljs")).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, "out", "工资表-2026-11.xlsx"));
    const ws = wb.worksheets[0];
    const rows: unknown[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const zsRow = rows.find((r) => r[0] === "张三");
    expect(zsRow?.slice(2)).toEqual(["三等", 1500, -50, 3, 300, 50, 0, "", 1800]);
    // the notes: Chinese in the document, the user's language on the terminal (found by attack)
    expect(payDoc).toContain("基本工资按 2026-11-01 所在档次");
    const en = await svcIn(dir, ["payroll", "--month", "2026-11"], SUP, { ...NOW, LANG: "en_US.UTF-8" });
    expect(en.code, en.stderr).toBe(0);
    expect(en.stdout).toContain("base pay by the tier held on 2026-11-01");
    expect(en.stdout).toMatch(/张三: L-\S+ trip \S+ to \S+, 3 days × 100 yuan = 300 yuan/);
    expect(en.stdout).not.toMatch(/基本工资|档次依据|出差 .* 共/);

    // a correction is an amendment record; the payroll then records its own amendment
    const amendZhangsan = async (reason: string, line: string, ...extra: string[]) =>
      await svcIn(
        dir,
        [
          "assess",
          "amend",
          "--month",
          "2026-11",
          "--person",
          "zhangsan",
          "--reason",
          reason,
          "--line",
          line,
          ...extra,
        ],
        GM,
        NOW,
      );
    const typo = await amendZhangsan("x", "poorRatng=50");
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("poorRatng");
    const amend = await amendZhangsan("客户撤回差评", "poorRating=50", "--json");
    expect(amend.code).toBe(0);
    const am = JSON.parse(amend.stdout);
    expect(am.total).toBe(0);
    expect(parse(read(dir, `amendments/2026/${am.id}.yaml`)).target).toBe("A-202611");
    // the signed record itself is untouched; the document shows the correction line and the new total
    expect(
      parse(read(dir, "assessments/2026/A-202611.yaml")).people.find(
        (p: { person: string }) => p.person === "zhangsan",
      ).total,
    ).toBe(-50);
    const amendedDoc = docxText(join(dir, "out", "月度考核表-2026-11.docx"));
    expect(amendedDoc).toContain("客户撤回差评");
    expect(amendedDoc).toContain(am.id);
    const stale = await svcIn(dir, ["payroll", "--month", "2026-11"], SUP, NOW);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain("--reason");
    const repay = await svcIn(
      dir,
      ["payroll", "--month", "2026-11", "--reason", "考核更正", "--json"],
      SUP,
      NOW,
    );
    expect(repay.code).toBe(0);
    expect(JSON.parse(repay.stdout).rows.find((r: { person: string }) => r.person === "zhangsan").total).toBe(
      1850,
    );
  });

  it("tier changes only by a GM decision, effective from its date", async () => {
    const args = [
      "tier",
      "set",
      "zhangsan",
      "--tier",
      "二等",
      "--effective",
      "2026-12-01",
      "--reason",
      "满六个月无事故无扣款，考试通过",
    ];
    const eng = await svcIn(dir, args, ENG, NOW);
    expect(eng.code).toBe(1);
    expect(eng.stderr).toContain("总经理");
    const gm = await svcIn(dir, [...args, "--json"], GM, NOW);
    expect(gm.code).toBe(0);
    const { id } = JSON.parse(gm.stdout);
    expect(parse(read(dir, `decisions/2026/${id}.yaml`))).toMatchObject({
      decision: "升档",
      tier: "二等",
      effective: "2026-12-01",
    });
    expect(lastCommit(dir).email).toBe(GM.email);
    const list = JSON.parse(
      (
        await svcIn(dir, ["tier", "--person", "zhangsan", "--json"], SUP, {
          SVC_NOW: "2027-01-05T10:00:00+08:00",
        })
      ).stdout,
    );
    expect(list.people[0].current).toBe("二等");
    expect(list.people[0].history.map((h: { tier: string }) => h.tier)).toEqual(["三等", "二等"]);
  });
});
