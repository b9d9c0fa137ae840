// End-to-end: incidents (open → reflect → notify, with the notice deadline on the working-day
// calendar across National Day 2026), exams, complaints, and the views list/show/due/ledger.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { cleanup, ENG, ENG2, freshRepoIn, GM, git, lastCommit, read, SALES, SUP, svcIn } from "./helpers.ts";

let dir: string;
const at = (iso: string) => ({ SVC_NOW: iso });
const json = (r: { stdout: string }) => JSON.parse(r.stdout);

beforeAll(async () => {
  dir = await freshRepoIn(at("2026-09-28T09:00:00+08:00"));
});
afterAll(() => cleanup(dir));

describe("incidents", () => {
  let id: string;

  it("only the supervisor or GM records an incident; bad flags are usage errors", async () => {
    const byEng = await svcIn(
      dir,
      ["incident", "open", "--class", "I", "--engineer", "lisi", "--cause", "x"],
      ENG,
    );
    expect(byEng.code).toBe(1);
    expect(byEng.stderr).toContain("只有技术服务部主管或总经理可以");
    const badClass = await svcIn(
      dir,
      ["incident", "open", "--class", "III", "--engineer", "zhangsan", "--cause", "x"],
      SUP,
    );
    expect(badClass.code).toBe(2);
    expect(badClass.stderr).toContain("事故类别");
    const nobody = await svcIn(
      dir,
      ["incident", "open", "--class", "I", "--engineer", "nobody", "--cause", "x"],
      SUP,
    );
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toContain("nobody");
    const future = await svcIn(
      dir,
      ["incident", "open", "--class", "I", "--engineer", "zhangsan", "--cause", "x", "--date", "2026-12-01"],
      SUP,
      at("2026-09-28T10:00:00+08:00"),
    );
    expect(future.code).toBe(2);
  });

  it("open: one record, one commit by the supervisor", async () => {
    const r = await svcIn(
      dir,
      [
        "incident",
        "open",
        "--class",
        "II",
        "--engineer",
        "zhangsan",
        "--cause",
        "现场问题未及时上报，公司另派人员",
        "--date",
        "2026-09-27",
        "--json",
      ],
      SUP,
      at("2026-09-28T10:00:00+08:00"),
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    id = json(r).id;
    expect(id).toMatch(/^I-20260928-[0-9a-z]{5}$/);
    const rec = parse(read(dir, `incidents/2026/${id}.yaml`));
    expect(rec).toMatchObject({
      kind: "incident",
      class: "II",
      engineer: "zhangsan",
      date: "2026-09-27",
      opened: { by: "wangzhu", at: "2026-09-28T10:00:00+08:00" },
    });
    expect(lastCommit(dir)).toEqual({
      author: "王主管",
      email: SUP.email,
      subject: `incident open ${id}: II类 张三 现场问题未及时上报，公司另派人员`,
    });
  });

  it("reflect: only the engineer concerned, once; notify needs the reflection", async () => {
    const early = await svcIn(dir, ["incident", "notify", id, "通报"], SUP, at("2026-09-28T11:00:00+08:00"));
    expect(early.code).toBe(1);
    expect(early.stderr).toContain("尚无事故反思");
    const other = await svcIn(
      dir,
      ["incident", "reflect", id, "不是我"],
      ENG2,
      at("2026-09-29T10:00:00+08:00"),
    );
    expect(other.code).toBe(1);
    expect(other.stderr).toContain("只有责任服务人员 张三（zhangsan）本人可以");
    const r = await svcIn(
      dir,
      ["incident", "reflect", id, "未及时上报，今后当天书面上报。", "--json"],
      ENG,
      at("2026-09-29T10:00:00+08:00"),
    );
    expect(r.code).toBe(0);
    // 3 working days after Tue 09-29: 09-30, then National Day 10-01..07, 10-08, 10-09.
    expect(json(r).noticeDeadline).toBe("2026-10-09T23:59:59+08:00");
    expect(lastCommit(dir)).toMatchObject({ author: "张三", email: ENG.email });
    expect(lastCommit(dir).subject).toMatch(new RegExp(`^incident reflect ${id}: 张三 `));
    const again = await svcIn(dir, ["incident", "reflect", id, "再写"], ENG, at("2026-09-29T11:00:00+08:00"));
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("已于 2026-09-29T10:00:00+08:00 提交");
  });

  it("due shows the incident notice for the supervisor, overdue after the working-day deadline", async () => {
    const onTime = json(
      await svcIn(dir, ["due", "--engineer", "wangzhu", "--json"], SUP, at("2026-10-09T20:00:00+08:00")),
    );
    const item = onTime.items.find((i: { ref: string }) => i.ref === id);
    expect(item).toMatchObject({
      kind: "incident-notice",
      deadline: "2026-10-09T23:59:59+08:00",
      overdue: false,
    });
    const late = await svcIn(dir, ["due", "--engineer", "wangzhu"], SUP, at("2026-10-10T09:00:00+08:00"));
    expect(late.code).toBe(0);
    const line = late.stdout.split("\n").find((l) => l.includes(id))!;
    expect(line).toContain("逾期");
    expect(line).toContain("2026-10-09 23:59");
    // Not the engineer's item.
    const eng = json(
      await svcIn(dir, ["due", "--engineer", "zhangsan", "--json"], SUP, at("2026-10-10T09:00:00+08:00")),
    );
    expect(eng.items.some((i: { ref: string }) => i.ref === id)).toBe(false);
  });

  it("notify: supervisor only; a late notice is marked and shown by show", async () => {
    const byEng = await svcIn(dir, ["incident", "notify", id, "通报"], ENG, at("2026-10-10T09:00:00+08:00"));
    expect(byEng.code).toBe(1);
    expect(byEng.stderr).toContain("只有技术服务部主管可以");
    const r = await svcIn(
      dir,
      ["incident", "notify", id, "通报：张三 II类事故，扣款 50 元。", "--json"],
      SUP,
      at("2026-10-10T09:00:00+08:00"),
    );
    expect(r.code).toBe(0);
    expect(json(r)).toMatchObject({ id, late: true, deadline: "2026-10-09T23:59:59+08:00" });
    expect(lastCommit(dir).subject).toBe(`incident notify ${id}: 通报：张三 II类事故，扣款 50 元。 (逾期)`);
    const twice = await svcIn(dir, ["incident", "notify", id, "再发"], SUP, at("2026-10-10T10:00:00+08:00"));
    expect(twice.code).toBe(1);

    const shown = json(await svcIn(dir, ["show", id, "--json"], ENG2, at("2026-10-12T09:00:00+08:00")));
    expect(shown.status).toBe("已通报");
    expect(shown.incidentNotice).toEqual({ deadline: "2026-10-09T23:59:59+08:00", sent: true, late: true });
    expect(shown.history.map((h: { what: string; by: string }) => `${h.what}/${h.by}`)).toEqual([
      "登记/wangzhu",
      "事故反思/zhangsan",
      "事故通报/wangzhu",
    ]);
    expect(shown.commits.map((c: { author: string }) => c.author)).toEqual(["王主管", "张三", "王主管"]);
    const text = (await svcIn(dir, ["show", id], ENG2, at("2026-10-12T09:00:00+08:00"))).stdout;
    expect(text).toContain(`事故 ${id}  [已通报]`);
    expect(text).toContain("事故通报期限: 2026-10-09T23:59:59+08:00（逾期发出）");
    expect(text).toMatch(/事故经过与原因\s+现场问题未及时上报/);
    expect(text).toMatch(/责任服务人员\s+张三（zhangsan）/);
    expect(text).toMatch(/09-29 10:00\s+张三\s+事故反思/); // issue 14: times at a glance
    expect((await svcIn(dir, ["show", "I-20260101-zzzzz"], ENG2)).code).toBe(1);
  });

  it("list incidents: table, filters, json", async () => {
    const r = await svcIn(dir, ["list", "incidents"], ENG2, at("2026-10-12T09:00:00+08:00"));
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[0]).toMatch(/^编号\s+类别\s+状态\s+日期\s+服务人员/);
    expect(r.stdout).toMatch(new RegExp(`${id}\\s+II类\\s+已通报\\s+2026-09-27\\s+张三.*迟交$`, "m"));
    expect(json(await svcIn(dir, ["list", "incidents", "--engineer", "lisi", "--json"], ENG2))).toEqual([]);
    expect(json(await svcIn(dir, ["list", "incidents", "--status", "已通报", "--json"], ENG2))).toHaveLength(
      1,
    );
    expect(json(await svcIn(dir, ["list", "incidents", "--mine", "--json"], ENG))).toHaveLength(1);
    const bad = await svcIn(dir, ["list", "things"], ENG2);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("notices letters incidents");
  });
});

describe("a closed month (D11)", () => {
  it("an incident in a month whose assessment is signed needs a reason and carries an amendment", async () => {
    const yaml = [
      "kind: assessment",
      "id: A-202608",
      "month: 2026-08",
      "people: []",
      "drafted: { by: wangzhu, at: '2026-09-02T10:00:00+08:00' }",
      "signature: { by: lizong, at: '2026-09-03T10:00:00+08:00' }",
      "",
    ].join("\n");
    mkdirSync(join(dir, "assessments/2026"), { recursive: true });
    writeFileSync(join(dir, "assessments/2026/A-202608.yaml"), yaml);
    git(dir, ["add", "assessments"]);
    git(dir, ["commit", "-qm", "assessment 2026-08 signed"]);
    const args = [
      "incident",
      "open",
      "--class",
      "II",
      "--engineer",
      "lisi",
      "--cause",
      "补登",
      "--date",
      "2026-08-20",
    ];
    const refused = await svcIn(dir, args, SUP, at("2026-10-12T09:00:00+08:00"));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("2026-08 的考核表已签字");
    const r = await svcIn(
      dir,
      [...args, "--amend-reason", "纸质记录遗漏", "--json"],
      SUP,
      at("2026-10-12T09:00:00+08:00"),
    );
    expect(r.code).toBe(0);
    const out = json(r);
    const amendment = parse(read(dir, `amendments/2026/${out.amendment}.yaml`));
    expect(amendment).toMatchObject({ target: out.id, reason: "纸质记录遗漏", by: "wangzhu" });
    const files = git(dir, ["show", "--name-only", "--format=", "HEAD"]).trim().split("\n").sort();
    expect(files).toEqual([`amendments/2026/${out.amendment}.yaml`, `incidents/2026/${out.id}.yaml`]);
  });
});

describe("the calendar in svc due", () => {
  it("warns about a year without holiday data until svc.yaml supplies and declares it", async () => {
    const when = at("2027-01-04T09:00:00+08:00");
    const r = await svcIn(dir, ["due", "--engineer", "wangzhu"], SUP, when);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("2027 年没有法定节假日数据");
    expect(r.stdout).toMatch(/待办\s+2027-01-05 23:59\?\s+王主管\s+A-202612/);
    const cfg = join(dir, "svc.yaml");
    const before = readFileSync(cfg, "utf8");
    writeFileSync(
      cfg,
      before
        .replace(/holidays: \[\]/, "holidays: [2027-01-01, 2027-01-04]")
        .replace(/years: \[\]/, "years: [2027]"),
    );
    const declared = json(await svcIn(dir, ["due", "--engineer", "wangzhu", "--json"], SUP, when));
    expect(declared.uncovered).toEqual([]);
    expect(declared.items.find((i: { ref: string }) => i.ref === "A-202612")).toMatchObject({
      deadline: "2027-01-07T23:59:59+08:00",
      overdue: false,
    });
    expect(declared.items.find((i: { ref: string }) => i.ref === "A-202612").uncertain).toBeUndefined();
    writeFileSync(cfg, before);
  });
});

describe("exams and complaints", () => {
  it("exam record: the supervisor records one exam with every result", async () => {
    const args = ["exam", "record", "--title", "PLC-200 培训", "--date", "2026-10-09"];
    expect(
      (await svcIn(dir, [...args, "--result", "zhangsan=85:pass"], ENG, at("2026-10-09T17:00:00+08:00")))
        .code,
    ).toBe(1);
    const bad = await svcIn(dir, [...args, "--result", "zhangsan=85"], SUP, at("2026-10-09T17:00:00+08:00"));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("zhangsan=85:pass");
    const r = await svcIn(
      dir,
      [...args, "--result", "zhangsan=85:pass", "--result", "lisi=40:fail", "--json"],
      SUP,
      at("2026-10-09T17:00:00+08:00"),
    );
    expect(r.code).toBe(0);
    const { id } = json(r);
    const rec = parse(read(dir, `exams/2026/${id}.yaml`));
    expect(rec.results).toEqual([
      { person: "zhangsan", score: 85, passed: true },
      { person: "lisi", score: 40, passed: false },
    ]);
    expect(rec.date).toBe("2026-10-09");
    expect(lastCommit(dir)).toMatchObject({ author: "王主管" });
    expect(lastCommit(dir).subject).toContain(`exam record ${id}: PLC-200 培训 2026-10-09`);
  });

  it("complaint add is refused until svc.yaml enables the rule set", async () => {
    const args = ["complaint", "add", "--person", "zhangsan", "--subject", "投诉-某某电厂项目沟通问题"];
    const off = await svcIn(dir, args, SUP, at("2026-10-12T09:00:00+08:00"));
    expect(off.code).toBe(1);
    expect(off.stderr).toContain("complaints.enabled: true");
    const cfg = join(dir, "svc.yaml");
    writeFileSync(cfg, readFileSync(cfg, "utf8").replace(/enabled: false/, "enabled: true"));
    git(dir, ["commit", "-qam", "enable complaints"]);
    expect((await svcIn(dir, [...args.slice(0, 4), "--subject", "沟通不好"], SUP)).code).toBe(2);
    expect((await svcIn(dir, args, ENG2, at("2026-10-12T09:00:00+08:00"))).code).toBe(1);
    const r = await svcIn(dir, [...args, "--json"], SUP, at("2026-10-12T09:00:00+08:00"));
    expect(r.code).toBe(0);
    const out = json(r);
    expect(out.monthCount).toBe(1);
    expect(parse(read(dir, `complaints/2026/${out.id}.yaml`))).toMatchObject({
      person: "zhangsan",
      project: "某某电厂",
      subject: "投诉-某某电厂项目沟通问题",
      date: "2026-10-12",
    });
  });
});

describe("notices, letters, due and the ledger", () => {
  it("walks a notice through the views", async () => {
    const now = at("2026-10-12T09:00:00+08:00");
    const opened = await svcIn(
      dir,
      [
        "open",
        "--customer",
        "某某电厂",
        "--contact",
        "刘工",
        "--phone",
        "13800000000",
        "--type",
        "维修",
        "--priority",
        "紧急",
        "--content",
        "PLC 通讯故障",
        "--json",
      ],
      SALES,
      now,
    );
    expect(opened.stderr).toBe("");
    const notice = json(opened).id as string;

    const unsigned = json(await svcIn(dir, ["list", "notices", "--json"], SUP, now));
    expect(unsigned.find((n: { id: string }) => n.id === notice).status).toBe("待签字");
    const due = json(await svcIn(dir, ["due", "--engineer", "lizong", "--json"], GM, now));
    expect(due.items.map((i: { kind: string; ref: string }) => `${i.kind} ${i.ref}`)).toContain(
      `sign-notice ${notice}`,
    );
    // The whole department's list contains the September assessment due at the end of 10-10 (3rd working day of October).
    const dept = json(await svcIn(dir, ["due", "--json"], SUP, now));
    expect(dept.items.find((i: { kind: string }) => i.kind === "assessment")).toMatchObject({
      ref: "A-202609",
      deadline: "2026-10-10T23:59:59+08:00",
      overdue: true,
      who: ["wangzhu"],
    });

    expect((await svcIn(dir, ["sign", notice], GM, now)).code).toBe(0);
    const list = await svcIn(dir, ["list", "notices", "--status", "已签"], SUP, now);
    expect(list.stdout).toMatch(
      new RegExp(`${notice}\\s+已生效\\s+2026-10-12 09:00\\s+某某电厂\\s+维修\\s+紧急\\s+赵销售\\s+李总`),
    );

    const assigned = await svcIn(
      dir,
      ["assign", notice, "--to", "zhangsan", "--estimate", "2026-10-14 18:00", "--json"],
      SUP,
      at("2026-10-12T10:00:00+08:00"),
    );
    expect(assigned.stderr).toBe("");
    const letter = json(assigned).id as string;
    expect(
      json(await svcIn(dir, ["list", "notices", "--status", "已派工", "--json"], SUP))[0].letters,
    ).toEqual([letter]);
    expect(json(await svcIn(dir, ["list", "letters", "--mine", "--json"], ENG))).toHaveLength(1);
    expect(json(await svcIn(dir, ["list", "letters", "--mine", "--json"], ENG2))).toHaveLength(0);

    const t1 = at("2026-10-12T11:00:00+08:00");
    expect((await svcIn(dir, ["site", letter, "--matches"], ENG, t1)).code).toBe(0);
    expect((await svcIn(dir, ["solution", letter, "更换通讯模块"], ENG, t1)).code).toBe(0);
    const toApprove = json(await svcIn(dir, ["due", "--engineer", "wangzhu", "--json"], SUP, t1));
    expect(
      toApprove.items.some((i: { kind: string; ref: string }) => i.kind === "approve" && i.ref === letter),
    ).toBe(true);
    expect((await svcIn(dir, ["approve", letter], SUP, t1)).code).toBe(0);
    const closed = await svcIn(
      dir,
      ["close", letter, "--rating", "态度=优,水平=良,结果=中", "--signed-by", "刘工"],
      ENG,
      at("2026-10-13T16:00:00+08:00"),
    );
    expect(closed.stderr).toBe("");
    const toConfirm = json(
      await svcIn(dir, ["due", "--engineer", "wangzhu", "--json"], SUP, at("2026-10-13T17:00:00+08:00")),
    );
    expect(
      toConfirm.items.some((i: { kind: string; ref: string }) => i.kind === "confirm" && i.ref === letter),
    ).toBe(true);

    expect(json(await svcIn(dir, ["ledger", "--json"], SALES)).rows).toEqual([]);
    expect((await svcIn(dir, ["confirm", letter], SUP, at("2026-10-14T09:00:00+08:00"))).code).toBe(0);
    const ledger = await svcIn(dir, ["ledger", "--month", "2026-10"], SALES);
    expect(ledger.code).toBe(0);
    expect(ledger.stdout).toMatch(
      new RegExp(
        `2026-10-13\\s+${letter}\\s+某某电厂\\s+张三\\s+维修\\s+优\\s+良\\s+中\\s+刘工\\s+2026-10-14`,
      ),
    );
    expect(ledger.stdout).toContain("共 1 份，未签字 0 份");
    expect(json(await svcIn(dir, ["ledger", "--month", "2026-11", "--json"], SALES)).count).toBe(0);
    expect((await svcIn(dir, ["ledger", "--month", "2026-13"], SALES)).code).toBe(2);

    const shown = json(await svcIn(dir, ["show", letter, "--json"], SALES));
    expect(shown.status).toBe("已确认");
    const steps = shown.history.map((h: { what: string }) => h.what);
    expect(steps).toEqual(
      expect.arrayContaining(["派工", "现场情况确认", "批准", "完工（客户评价）", "主管确认"]),
    );
    expect(shown.commits.length).toBeGreaterThanOrEqual(5);
    expect(shown.commits[0].author).toBe("王主管");
  });
});
