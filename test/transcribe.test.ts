// D16: transcribing paper with --at / --as, and honest times (issue 13): a future time is refused;
// --at only for allowAs roles; nobody back-dates what decides his own fine (the GM enters the
// supervisor's late paper); a resubmitted report is never earlier than the one it replaces.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { cleanup, ENG, freshRepo, GM, git, openNotice, read, SUP, svcIn } from "./helpers.ts";

const NOW = { SVC_NOW: "2026-12-01T10:00:00+08:00" };

describe("D16: transcription and honest times", () => {
  let dir: string;
  let incident: string;
  beforeAll(async () => {
    dir = freshRepo();
    // The GM may transcribe too (svc.yaml allowAs), so he can enter the supervisor's late paper.
    const cfg = join(dir, "svc.yaml");
    writeFileSync(
      cfg,
      readFileSync(cfg, "utf8").replace(/^allowAs: \[ ?supervisor ?\]/m, "allowAs: [supervisor, gm]"),
    );
    git(dir, ["commit", "-qam", "allowAs: the GM transcribes too"], SUP);
    const open = await svcIn(
      dir,
      [
        "incident",
        "open",
        "--class",
        "II",
        "--engineer",
        "zhangsan",
        "--cause",
        "漏报",
        "--date",
        "2026-11-20",
        "--json",
      ],
      SUP,
      NOW,
    );
    expect(open.code, open.stderr).toBe(0);
    incident = JSON.parse(open.stdout).id;
  });
  afterAll(() => cleanup(dir));

  const week = ["--week", "2026-11-28", "--summary", "现场服务"];

  it("weekly --at: a future time is a usage error; the engineer himself may not back-date", async () => {
    const future = await svcIn(
      dir,
      ["weekly", "--engineer", "zhangsan", ...week, "--at", "2026-12-05 10:00"],
      SUP,
      NOW,
    );
    expect(future.code).toBe(2);
    expect(future.stderr).toContain("在将来");
    const own = await svcIn(dir, ["weekly", ...week, "--at", "2026-11-28 17:00"], ENG, NOW);
    expect(own.code).toBe(1);
    expect(read(dir, "svc.yaml")).toContain("allowAs");
    expect(own.stderr).toMatch(/不能用 --at 补录|不能补录/);
  });

  it("weekly --at by the supervisor for the engineer is marked back-dated; a resubmission is never earlier", async () => {
    const ok = await svcIn(
      dir,
      ["weekly", "--engineer", "zhangsan", ...week, "--at", "2026-11-28 17:30"],
      SUP,
      NOW,
    );
    expect(ok.code, ok.stderr).toBe(0);
    const rec = parse(read(dir, "weekly/2026/W-20261128-zhangsan.yaml"));
    expect(rec).toMatchObject({ submitted: "2026-11-28T17:30:00+08:00", backdated: true, by: "wangzhu" });
    const head = git(dir, ["rev-parse", "HEAD"]);
    const earlier = await svcIn(
      dir,
      ["weekly", "--engineer", "zhangsan", ...week, "--force", "--at", "2026-11-28 17:00"],
      SUP,
      NOW,
    );
    expect(earlier.code).toBe(1);
    expect(earlier.stderr).toContain("早于上次提交 2026-11-28T17:30:00+08:00");
    expect(git(dir, ["rev-parse", "HEAD"])).toBe(head);
  });

  it("the department report: the supervisor may not back-date his own; the GM transcribes it", async () => {
    const dept = [
      "weekly",
      "--department",
      "--week",
      "2026-11-28",
      "--summary",
      "本周部门",
      "--at",
      "2026-11-29 17:00",
    ];
    const own = await svcIn(dir, dept, SUP, NOW);
    expect(own.code).toBe(1);
    expect(own.stderr).toContain("决定本人的扣款");
    const gm = await svcIn(dir, dept, GM, NOW);
    expect(gm.code, gm.stderr).toBe(0);
    expect(parse(read(dir, "department-weekly/2026/DW-20261128.yaml"))).toMatchObject({
      submitted: "2026-11-29T17:00:00+08:00",
      backdated: true,
      by: "lizong",
    });
  });

  it("incident: the supervisor transcribes the engineer's paper reflection (--as) but does not back-date it", async () => {
    const backdated = await svcIn(
      dir,
      ["incident", "reflect", incident, "反思", "--as", "zhangsan", "--at", "2026-11-21 09:00"],
      SUP,
      NOW,
    );
    expect(backdated.code).toBe(1);
    expect(backdated.stderr).toContain("决定本人的扣款");
    const r = await svcIn(
      dir,
      ["incident", "reflect", incident, "反思：未及时上报", "--as", "zhangsan"],
      SUP,
      NOW,
    );
    expect(r.code, r.stderr).toBe(0);
    const rec = parse(read(dir, `incidents/2026/${incident}.yaml`));
    expect(rec.reflection).toMatchObject({ by: "zhangsan", as: "wangzhu", at: "2026-12-01T10:00:00+08:00" });
    expect(git(dir, ["log", "-1", "--format=%ae"]).trim()).toBe(SUP.email);
  });

  it("incident notify: not back-dated by the supervisor, never before the reflection; the GM transcribes", async () => {
    const own = await svcIn(
      dir,
      ["incident", "notify", incident, "通报", "--at", "2026-12-01 09:00"],
      SUP,
      NOW,
    );
    expect(own.code).toBe(1);
    const before = await svcIn(
      dir,
      ["incident", "notify", incident, "通报", "--at", "2026-11-30 09:00"],
      GM,
      NOW,
    );
    expect(before.code).toBe(1);
    expect(before.stderr).toContain("早于事故反思时间");
    const gm = await svcIn(
      dir,
      ["incident", "notify", incident, "通报", "--at", "2026-12-01 10:00"],
      GM,
      NOW,
    );
    expect(gm.code, gm.stderr).toBe(0);
    expect(parse(read(dir, `incidents/2026/${incident}.yaml`)).notification).toMatchObject({
      by: "lizong",
      backdated: true,
    });
  });

  it("monthly --submit --at: not by the supervisor himself; --at alone is a usage error", async () => {
    const own = await svcIn(
      dir,
      ["monthly", "--month", "2026-11", "--submit", "--at", "2026-12-01 09:00"],
      SUP,
      NOW,
    );
    expect(own.code).toBe(1);
    expect(
      (await svcIn(dir, ["monthly", "--month", "2026-11", "--at", "2026-12-01 09:00"], GM, NOW)).code,
    ).toBe(2);
    const gm = await svcIn(
      dir,
      ["monthly", "--month", "2026-11", "--submit", "--at", "2026-12-01 09:00"],
      GM,
      NOW,
    );
    expect(gm.code, gm.stderr).toBe(0);
    expect((await svcIn(dir, ["check"], SUP, NOW)).code).toBe(0);
  });

  it("sign --as: the supervisor types in the GM's paper signature", async () => {
    const open = await svcIn(dir, openNotice({ content: "PLC 无法启动", region: "华东" }, "--json"), SUP, {
      SVC_NOW: "2026-11-30T09:00:00+08:00",
    });
    expect(open.code, open.stderr).toBe(0);
    const id = JSON.parse(open.stdout).id as string;
    const eng = await svcIn(dir, ["sign", id, "--as", "lizong"], ENG, NOW);
    expect(eng.code).toBe(1);
    const r = await svcIn(dir, ["sign", id, "--as", "lizong", "--at", "2026-11-30 15:00"], SUP, NOW);
    expect(r.code, r.stderr).toBe(0);
    const n = parse(read(dir, `notices/2026/${id}.yaml`));
    expect(n.signature).toMatchObject({
      by: "lizong",
      as: "wangzhu",
      at: "2026-11-30T15:00:00+08:00",
      backdated: true,
      gmAbsent: false,
    });
    const check = await svcIn(dir, ["check", "--history", "--json"], SUP, NOW);
    const findings = JSON.parse(check.stdout).findings.filter(
      (f: { commit?: string; rule: string }) => f.commit && f.rule !== "history-date-order",
    );
    expect(findings).toEqual([]);
  });

  it("every letter step transcribed with --as/--at is a record check --history accepts; a step before the assignment is refused", async () => {
    const at = (t: string) => ({ SVC_NOW: t });
    const open = await svcIn(
      dir,
      openNotice({ content: "变频器报警", region: "华东" }, "--json"),
      SUP,
      at("2026-12-01T09:00:00+08:00"),
    );
    const n = JSON.parse(open.stdout).id as string;
    // The signature typed in before the notice was issued: both times named.
    const early = await svcIn(
      dir,
      ["sign", n, "--as", "lizong", "--at", "2026-11-30 15:00"],
      SUP,
      at("2026-12-01T09:10:00+08:00"),
    );
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(
      /签字时间 2026-11-30T15:00:00\+08:00 早于出单时间 2026-12-01T09:00:00\+08:00/,
    );
    expect((await svcIn(dir, ["sign", n], GM, at("2026-12-01T09:20:00+08:00"))).code).toBe(0);
    const assign = await svcIn(
      dir,
      ["assign", n, "--to", "zhangsan", "--estimate", "2026-12-04 18:00", "--json"],
      SUP,
      at("2026-12-01T09:30:00+08:00"),
    );
    expect(assign.code, assign.stderr).toBe(0);
    const l = JSON.parse(assign.stdout).id as string;
    const later = at("2026-12-01T15:00:00+08:00");
    const site = await svcIn(
      dir,
      ["site", l, "--matches", "--as", "zhangsan", "--at", "2026-12-01 11:00"],
      SUP,
      later,
    );
    expect(site.code, site.stderr).toBe(0);
    expect(parse(read(dir, `letters/2026/${l}.yaml`)).site).toMatchObject({
      by: "zhangsan",
      as: "wangzhu",
      backdated: true,
    });
    const log = await svcIn(
      dir,
      ["log", l, "电话联系客户", "--as", "zhangsan", "--at", "2026-12-01 12:00"],
      SUP,
      later,
    );
    expect(log.code, log.stderr).toBe(0);
    const before = await svcIn(
      dir,
      ["log", l, "太早", "--as", "zhangsan", "--at", "2026-12-01 09:00"],
      SUP,
      later,
    );
    expect(before.code).toBe(1);
    expect(before.stderr).toContain("早于派工时间 2026-12-01T09:30:00+08:00");
    const history = await svcIn(dir, ["check", "--history", "--json"], SUP, later);
    const findings = JSON.parse(history.stdout).findings.filter(
      (f: { commit?: string; rule: string; file: string }) =>
        f.commit && f.rule !== "history-date-order" && f.file.includes(l),
    );
    expect(findings).toEqual([]);
  });

  it("assess --at: the supervisor may not back-date his own sheet; the GM transcribes it, marked back-dated", async () => {
    const now = { SVC_NOW: "2026-12-08T10:00:00+08:00" };
    const own = await svcIn(dir, ["assess", "--month", "2026-11", "--at", "2026-12-02 10:00"], SUP, now);
    expect(own.code).toBe(1);
    expect(own.stderr).toContain("决定本人的扣款");
    const gm = await svcIn(
      dir,
      ["assess", "--month", "2026-11", "--at", "2026-12-02 10:00", "--json"],
      GM,
      now,
    );
    expect(gm.code, gm.stderr).toBe(0);
    expect(parse(read(dir, "assessments/2026/A-202611.yaml")).drafted).toMatchObject({
      by: "lizong",
      at: "2026-12-02T10:00:00+08:00",
      backdated: true,
    });
  });
});
