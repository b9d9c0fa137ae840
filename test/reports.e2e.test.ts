// The report commands through the built CLI: svc weekly (submit, lateness, --all, --department),
// svc monthly (figures = document, charts, identical bytes), svc render (forms). Every document is
// read back from its word/document.xml.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  cleanup,
  ENG,
  ENG2,
  freshRepo,
  git,
  lastCommit,
  SUP,
  sampleRepo,
  svcIn,
  tempDir,
} from "./helpers.ts";

/** The document's paragraphs (table cells are paragraphs too), as plain text. */
function docText(file: string): string {
  const parts = unzipSync(new Uint8Array(readFileSync(file)));
  const xml = strFromU8(parts["word/document.xml"]);
  return xml
    .replace(/<\/w:p>/g, "\n")
    .replace(/<w:tab\/>/g, "\t")
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}

function lines(file: string): string[] {
  return docText(file)
    .split("\n")
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The value cell after a label cell in a field table. */
function field(file: string, label: string): string | undefined {
  const ls = lines(file);
  const i = ls.indexOf(label);
  return i >= 0 ? ls[i + 1] : undefined;
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) cleanup(d);
});

describe("svc weekly", () => {
  let repo: string;
  beforeAll(async () => {
    repo = freshRepo();
    dirs.push(repo);
  });

  it("stores the report, renders 张三周报11-28.docx, on time at Saturday 17:59", async () => {
    const r = await svcIn(
      repo,
      ["weekly", "--summary", "完成某某公司调试", "--plan", "回访客户", "--json"],
      ENG,
      {
        SVC_NOW: "2026-11-28T17:59:00+08:00",
      },
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.id).toBe("W-20261128-zhangsan");
    expect(out.late).toBe(false);
    expect(out.figures.late).toBe(false);
    expect(out.files).toEqual([join(repo, "out", "张三周报11-28.docx")]);
    const rec = parse(readFileSync(join(repo, "weekly/2026/W-20261128-zhangsan.yaml"), "utf8"));
    expect(rec).toMatchObject({
      engineer: "zhangsan",
      week: "2026-11-28",
      summary: "完成某某公司调试",
      plan: "回访客户",
      submitted: "2026-11-28T17:59:00+08:00",
      by: "zhangsan",
    });
    expect(lastCommit(repo)).toMatchObject({
      author: "张三",
      email: ENG.email,
      subject: "weekly W-20261128-zhangsan: 张三周报11-28",
    });
    const file = out.files[0];
    expect(field(file, "姓名")).toBe("张三");
    expect(field(file, "周次（周六）")).toBe("2026-11-28");
    expect(field(file, "提交时间")).toBe("2026-11-28 17:59");
    expect(field(file, "是否按时")).toBe("按时");
    expect(lines(file)).toContain("完成某某公司调试");
    expect(lines(file)).toContain("回访客户");
  });

  it("is late at Saturday 18:01 (supervisor submitting for an engineer)", async () => {
    const r = await svcIn(
      repo,
      ["weekly", "--engineer", "lisi", "--week", "2026-11-26", "--summary", "整理资料", "--json"],
      SUP,
      {
        SVC_NOW: "2026-11-28T18:01:00+08:00",
      },
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.late).toBe(true);
    expect(out.id).toBe("W-20261128-lisi");
    expect(field(out.files[0], "是否按时")).toBe("迟交");
    expect(lastCommit(repo).author).toBe("王主管");
  });

  it("refuses a second submission and an engineer submitting for another", async () => {
    const again = await svcIn(repo, ["weekly", "--summary", "x"], ENG, {
      SVC_NOW: "2026-11-28T19:00:00+08:00",
    });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("已于 2026-11-28 17:59 提交");
    const other = await svcIn(repo, ["weekly", "--engineer", "zhangsan", "--summary", "x"], ENG2, {
      SVC_NOW: "2026-11-28T12:00:00+08:00",
    });
    expect(other.code).toBe(1);
    expect(other.stderr).toContain("主管");
    const none = await svcIn(repo, ["weekly"], ENG, { SVC_NOW: "2026-12-05T12:00:00+08:00" });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("--summary");
  });

  it("--department stores DW- and renders 技术服务周报11-28.docx; --all renders every stored report", async () => {
    const dw = await svcIn(
      repo,
      ["weekly", "--department", "--week", "2026-11-28", "--summary", "本周部门工作正常", "--json"],
      SUP,
      {
        SVC_NOW: "2026-11-29T17:00:00+08:00",
      },
    );
    expect(dw.code).toBe(0);
    const out = JSON.parse(dw.stdout);
    expect(out).toMatchObject({ id: "DW-20261128", late: false });
    expect(out.figures.totals.reportsLate).toBe(1);
    const file = join(repo, "out", "技术服务周报11-28.docx");
    expect(field(file, "是否按时")).toBe("按时");
    expect(lines(file)).toContain("本周部门工作正常");

    const all = await svcIn(repo, ["weekly", "--all", "--week", "2026-11-28", "--out", "printed"], SUP);
    expect(all.code).toBe(0);
    // in roster-id order: lisi, zhangsan
    expect(all.stdout.trim().split("\n")).toEqual([
      "printed/李四周报11-28.docx",
      "printed/张三周报11-28.docx",
    ]);
    // (and the manifest of what svc wrote there, issue 13)
    expect(readdirSync(join(repo, "printed")).sort()).toEqual(
      [".svc-manifest.json", "张三周报11-28.docx", "李四周报11-28.docx"].sort(),
    );
    // the same records give the same bytes
    expect(
      readFileSync(join(repo, "printed", "张三周报11-28.docx")).equals(
        readFileSync(join(repo, "out", "张三周报11-28.docx")),
      ),
    ).toBe(true);
  });
});

describe("svc check warns when the records reach a year without holiday data", () => {
  it("names 2027 until svc.yaml calendar.years declares it", async () => {
    const repo = freshRepo();
    dirs.push(repo);
    const sub = await svcIn(repo, ["weekly", "--summary", "元旦后第一周"], ENG, {
      SVC_NOW: "2027-01-09T17:00:00+08:00",
    });
    expect(sub.code).toBe(0);
    const check = await svcIn(repo, ["check"], SUP, { SVC_NOW: "2027-01-09T17:00:00+08:00" });
    expect(check.code).toBe(0); // a warning, not an error
    const text = check.stdout + check.stderr;
    expect(text).toMatch(/weekly\/2027\/W-20270109-zhangsan\.yaml:\d+:\d+: 警告: 2027 年没有法定节假日数据/);
    const yaml = join(repo, "svc.yaml");
    writeFileSync(
      yaml,
      readFileSync(yaml, "utf8")
        .replace(/holidays: \[\]/, 'holidays: ["2027-01-01"]')
        .replace(/years: \[\]/, "years: [2027]"),
    );
    const again = await svcIn(repo, ["check"], SUP, { SVC_NOW: "2027-01-09T17:00:00+08:00" });
    expect(again.code).toBe(0);
    expect(again.stdout + again.stderr).not.toContain("2027 年没有");
  });
});

describe("svc monthly --submit", () => {
  it("records the supervisor's issue of the report and renders it (an empty month too)", async () => {
    const repo = freshRepo();
    dirs.push(repo);
    const eng = await svcIn(repo, ["monthly", "--month", "2026-11", "--submit"], ENG, {
      SVC_NOW: "2026-12-02T10:00:00+08:00",
    });
    expect(eng.code).toBe(1);
    expect(eng.stderr).toContain("主管");
    const r = await svcIn(repo, ["monthly", "--submit", "--summary", "本月无服务单", "--json"], SUP, {
      SVC_NOW: "2026-12-02T10:00:00+08:00",
    });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ id: "M-202611", month: "2026-11" });
    expect(out.figures.report).toMatchObject({ submitted: "2026-12-02T10:00:00+08:00", late: false });
    expect(out.figures.onTime).toMatchObject({ completed: 0, rate: null });
    expect(lastCommit(repo)).toMatchObject({
      author: "王主管",
      subject: "monthly M-202611: 技术服务月度报表2026-11",
    });
    const file = join(repo, "out", "技术服务月度报表2026-11.docx");
    expect(field(file, "提交时间")).toBe("2026-12-02 10:00");
    expect(field(file, "服务及时率")).toBe("—");
    expect(lines(file)).toContain("本月无服务单");
  });
});

describe("svc monthly on the sample", () => {
  let repo: string;
  let figures: {
    onTime: {
      completed: number;
      onTime: number;
      overdue: number;
      rate: number | null;
      perEngineer: { name: string; completed: number; onTime: number; overdue: number }[];
    };
    evaluation: { total: Record<string, number>; dimensions: Record<string, Record<string, number>> };
    documents: {
      letters: { total: number; complete: number };
      weekly: { expected: number; onTime: number; late: number; missing: number };
    };
    incidents: { classI: number; classII: number; list: { id: string; state: string }[] };
  };
  let file: string;
  beforeAll(async () => {
    repo = sampleRepo();
    dirs.push(repo);
    const r = await svcIn(repo, ["monthly", "--month", "2026-10", "--json"], SUP);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    figures = out.figures;
    file = out.files[0];
  });

  it("names the file 技术服务月度报表YYYY-MM.docx and embeds at least two chart images", async () => {
    expect(file).toBe(join(repo, "out", "技术服务月度报表2026-10.docx"));
    const parts = unzipSync(new Uint8Array(readFileSync(file)));
    const images = Object.keys(parts).filter((p) => /^word\/media\/.+\.png$/.test(p));
    expect(images.length).toBeGreaterThanOrEqual(2);
    for (const p of images) expect(Buffer.from(parts[p].slice(1, 4)).toString()).toBe("PNG");
    const xml = strFromU8(parts["word/document.xml"]);
    expect((xml.match(/<w:drawing>/g) ?? []).length).toBe(images.length);
  });

  it("prints the same numbers as --json", async () => {
    const pct = (r: number | null) => (r === null ? "—" : `${(Math.round(r * 1000) / 10).toFixed(1)}%`);
    expect(field(file, "本月完工")).toBe(`${figures.onTime.completed} 份`);
    expect(field(file, "按时完成")).toBe(`${figures.onTime.onTime} 份`);
    expect(field(file, "超期")).toBe(`${figures.onTime.overdue} 份`);
    expect(field(file, "服务及时率")).toBe(pct(figures.onTime.rate));
    const ls = lines(file);
    for (const e of figures.onTime.perEngineer) {
      const i = ls.indexOf(e.name);
      expect(ls.slice(i + 1, i + 4)).toEqual([String(e.completed), String(e.onTime), String(e.overdue)]);
    }
    const total = ls.lastIndexOf("合计");
    expect(ls.slice(total + 1, total + 5)).toEqual(
      ["优", "良", "中", "差"].map((g) => String(figures.evaluation.total[g])),
    );
    const att = ls.indexOf("态度");
    expect(ls.slice(att + 1, att + 5)).toEqual(
      ["优", "良", "中", "差"].map((g) => String(figures.evaluation.dimensions.态度[g])),
    );
    expect(field(file, "应交周报")).toBe(`${figures.documents.weekly.expected} 份`);
    expect(field(file, "完工责任书")).toBe(`${figures.documents.letters.total} 份`);
    expect(ls).toContain(
      `本月 I 类事故 ${figures.incidents.classI} 起，II 类事故 ${figures.incidents.classII} 起。`,
    );
    for (const i of figures.incidents.list) expect(ls).toContain(i.id);
  });

  it("the sample's October figures are those counted by hand from the records", async () => {
    // 20 letters completed in October, one (林峰) after its estimate; 6 engineers × 5 Saturdays of reports.
    expect(figures.onTime).toMatchObject({ completed: 20, onTime: 19, overdue: 1, rate: 0.95 });
    expect(figures.documents.weekly).toMatchObject({ expected: 30, onTime: 29, late: 1, missing: 0 });
    expect(figures.incidents.classI).toBe(1);
  });

  it("gives identical bytes for the same records, and never silently replaces a different file", async () => {
    const other = tempDir();
    dirs.push(other);
    const r = await svcIn(repo, ["monthly", "--month", "2026-10", "--out", other], SUP);
    expect(r.code).toBe(0);
    const copy = join(other, "技术服务月度报表2026-10.docx");
    expect(readFileSync(copy).equals(readFileSync(file))).toBe(true);
    const same = await svcIn(repo, ["monthly", "--month", "2026-10", "--out", other], SUP);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain("（未变）");
    writeFileSync(copy, "changed by hand");
    const kept = await svcIn(repo, ["monthly", "--month", "2026-10", "--out", other], SUP);
    expect(kept.code).toBe(0); // kept, saying so (issue 13: only hand edits are kept)
    expect(kept.stderr).toContain("已保留");
    expect(readFileSync(copy, "utf8")).toBe("changed by hand");
  });

  it("renders the paper forms of a notice, a letter and an incident", async () => {
    const notice = readdirSync(join(repo, "notices/2026"))[0].replace(/\.yaml$/, "");
    const letterId = readdirSync(join(repo, "letters/2026"))[0].replace(/\.yaml$/, "");
    const incident = readdirSync(join(repo, "incidents/2026"))[0].replace(/\.yaml$/, "");
    const r = await svcIn(repo, ["render", notice, "--out", "forms"], SUP);
    expect(r.code, r.stderr).toBe(0);
    const nf = join(repo, "forms", `服务通知单${notice}.docx`);
    expect(r.stdout.trim()).toBe(`forms/服务通知单${notice}.docx`);
    expect(field(nf, "编号")).toBe(notice);
    expect(lines(nf)[0]).toBe("服务通知单");
    const l = await svcIn(repo, ["render", letterId, "--out", "forms", "--json"], SUP);
    expect(l.code).toBe(0);
    const lf = JSON.parse(l.stdout).files[0];
    expect(lf).toBe(join(repo, "forms", `项目责任书${letterId}.docx`));
    expect(field(lf, "编号")).toBe(letterId);
    expect(lines(lf)).toEqual(
      expect.arrayContaining(["一、现场情况确认", "四、服务记录", "五、完工与客户评价", "服务人员签字："]),
    );
    const i = await svcIn(repo, ["render", incident, "--out", "forms"], SUP);
    expect(i.code).toBe(0);
    expect(i.stdout).toContain(`事故反思${incident}.docx`);
    expect(existsSync(join(repo, "forms", `事故反思${incident}.docx`))).toBe(true);
    const bad = await svcIn(repo, ["render", "W-20261003-chenjie"], SUP);
    expect(bad.code).toBe(1);
  });
});

describe("renderSampleReports (npm start)", () => {
  // Through svc start (its caller), in the runner: the rendering loaded into this worker (vega, docx,
  // resvg through vitest's transform) cost ~3 s of CPU and grew the worker every later git forks from.
  it("renders the sample's weekly reports, department weekly report and monthly report into out/", async () => {
    const repo = sampleRepo();
    dirs.push(repo);
    const NOW = { SVC_NOW: "2026-11-23T09:00:00+08:00" };
    const r = await svcIn(repo, ["start"], SUP, NOW);
    expect(r.code, r.stderr).toBe(0);
    const report = r.stdout.slice(r.stdout.indexOf("2026-11-21 所在周的周报与 2026-10 月度报表："));
    const names = report
      .split("\n")
      .slice(1)
      .filter((l) => l.startsWith("  out/"))
      .map((l) => l.trim().slice("out/".length));
    expect(names).toEqual(
      expect.arrayContaining([
        "陈杰周报11-21.docx",
        "张伟周报11-21.docx",
        "技术服务周报11-21.docx",
        "技术服务月度报表2026-10.docx",
      ]),
    );
    expect(names).toHaveLength(8);
    for (const n of names) expect(existsSync(join(repo, "out", n)), n).toBe(true);
    // again: the same bytes, nothing replaced (each file as the first run left it)
    const times = names.map((n) => statSync(join(repo, "out", n)).mtimeMs);
    const again = await svcIn(repo, ["start"], SUP, NOW);
    expect(again.stdout).toBe(r.stdout);
    expect(names.map((n) => statSync(join(repo, "out", n)).mtimeMs)).toEqual(times);
  });
});

describe("a person's name as part of a file name (found by attack)", () => {
  it("a name with / (黄勇/Huang Yong) names the weekly report 黄勇_Huang Yong周报11-14.docx; the document keeps the name", async () => {
    const repo = sampleRepo();
    dirs.push(repo);
    const file = join(repo, "people", "huangyong.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace(/^name: 黄勇$/m, "name: 黄勇/Huang Yong"));
    git(repo, ["commit", "-qam", "黄勇's name as he writes it"]);
    const check = await svcIn(repo, ["check"], SUP, { SVC_NOW: "2026-11-23T09:00:00+08:00" });
    expect(check.code, check.stdout).toBe(0);
    // before: `svc weekly --all` stopped at his report (文件名无效), the others never rendered
    const all = await svcIn(repo, ["weekly", "--all", "--week", "2026-11-14", "--out", "printed"], SUP, {
      SVC_NOW: "2026-11-23T09:00:00+08:00",
    });
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout.split("\n")).toContain("printed/黄勇_Huang Yong周报11-14.docx");
    const written = all.stdout.split("\n").filter((l) => l.startsWith("printed/"));
    expect(written.length).toBeGreaterThan(4); // every engineer's, after his too
    for (const f of written) expect(existsSync(join(repo, f)), f).toBe(true);
    expect(lines(join(repo, "printed", "黄勇_Huang Yong周报11-14.docx"))).toContain("黄勇/Huang Yong");
    expect(readdirSync(repo).some((f) => f.startsWith("Huang"))).toBe(false);
  });
});
