// svc check on what a record says of itself that its schema cannot, and the ids it names (found by
// attack: each passed svc check and then reached the money or a page silently — a double exam fine, an
// incident's fine charged to nobody, a trip back before it left, a weekly report naming no letter).
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import jsyaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { env, git, SUP, sampleRepo, svcIn, tempDir } from "./helpers.ts";

const NOW = { SVC_NOW: "2026-11-23T10:00:00+08:00" };
/** The sample department's supervisor and GM (records/people). */
const sup = { name: "王志强", email: "wangzhiqiang@dfzk.example.com" };
const gm = { name: "刘建国", email: "liujianguo@dfzk.example.com" };

function edit(repo: string, file: string, from: string | RegExp, to: string) {
  const p = join(repo, file);
  const before = readFileSync(p, "utf8");
  const after = before.replace(from, to);
  expect(after, file).not.toBe(before);
  writeFileSync(p, after);
}

describe("svc check: a record's own consistency and the ids it names", () => {
  it("a person twice in an exam, an incident charged to the GM, a trip back before it left, a weekly report naming a letter that does not exist: each a located error", async () => {
    const repo = sampleRepo();
    const clean = await svcIn(repo, ["check", "--json"], SUP, NOW);
    expect(JSON.parse(clean.stdout).findings).toEqual([]);
    edit(
      repo,
      "exams/2026/E-20261022-7negd.yaml",
      "  - person: maxin\n",
      "  - person: maxin\n    score: 95\n    passed: true\n  - person: maxin\n",
    );
    edit(repo, "incidents/2026/I-20261020-2tadc.yaml", /^engineer: \w+$/m, "engineer: liuzong");
    edit(repo, "letters/2026/L-20261012-kefba.yaml", "departed: 2026-10-13", "departed: 2026-10-20");
    edit(
      repo,
      "weekly/2026/W-20261114-chenjie.yaml",
      "  - L-20261110-dvnsx",
      "  - L-20261110-dvnsx\n  - L-20991231-zzzzz",
    );
    edit(
      repo,
      "customer-complaints/2026/K-20261109-z0z6b.yaml",
      /^incident: .*$/m,
      "incident: I-20991231-zzzzz",
    );
    git(repo, ["commit", "-qam", "hand edits"]);
    const r = await svcIn(repo, ["check", "--json"], SUP, NOW);
    expect(r.code).toBe(1);
    const found = (
      JSON.parse(r.stdout).findings as { file: string; line: number; rule: string; message: string }[]
    ).map((f) => `${f.file}:${f.line} ${f.rule}`);
    expect(found.sort()).toEqual(
      [
        "exams/2026/E-20261022-7negd.yaml:18 exam-once",
        "incidents/2026/I-20261020-2tadc.yaml:4 role",
        "letters/2026/L-20261012-kefba.yaml:40 trip",
        "weekly/2026/W-20261114-chenjie.yaml:9 ref",
        "customer-complaints/2026/K-20261109-z0z6b.yaml:33 ref",
      ].sort(),
    );
  });

  it("a hire date after the person's own work is a located warning (found by attack: a year typed wrong dropped him and his fines from the month's assessment silently); his first employment's records stay valid (a rehire)", async () => {
    const repo = sampleRepo();
    edit(repo, "people/zhangwei.yaml", /^hired: .*$/m, "hired: 2026-10-09");
    git(repo, ["commit", "-qam", "hire date typed wrong"]);
    const r = await svcIn(repo, ["check", "--json"], SUP, NOW);
    expect(r.code).toBe(0); // a warning
    const found = (
      JSON.parse(r.stdout).findings as {
        file: string;
        line: number;
        rule: string;
        severity: string;
        message: string;
      }[]
    ).filter((f) => f.rule === "hired-after-work");
    // his first work on record: the weekly report he submitted on 2026-09-30
    expect(found.map((f) => [f.file, f.line, f.severity])).toEqual([["people/zhangwei.yaml", 9, "warning"]]);
    expect(found[0].message).toContain("W-20261003-zhangwei");
    expect(found[0].message).toContain("2026-09-30");
    // hired on the day of his first work: nothing to say
    edit(repo, "people/zhangwei.yaml", /^hired: .*$/m, "hired: 2026-09-30");
    const same = await svcIn(repo, ["check", "--json"], SUP, NOW);
    expect(
      JSON.parse(same.stdout).findings.filter((f: { rule: string }) => f.rule === "hired-after-work"),
    ).toEqual([]);
  });

  it("nobody moves his own hire date but the GM, nor gives himself a role: svc people edit refuses, a hand edit is history-self-grant, and the supervisor's own stamps are his work for hired-after-work (found by attack: the supervisor left November's sheet, −220 with him)", async () => {
    const repo = sampleRepo();
    const dec = { SVC_NOW: "2026-12-02T10:00:00+08:00" };
    const head = git(repo, ["rev-parse", "HEAD"]).trim();
    for (const flags of [
      ["--hired", "2026-12-01"],
      ["--role", "supervisor", "--role", "gm"],
    ]) {
      const r = await svcIn(repo, ["people", "edit", "wangzhu", ...flags], sup, dec);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toMatch(/自己的入职日期|给自己增加角色|只有总经理可以授予总经理角色/);
    }
    expect(git(repo, ["rev-parse", "HEAD"]).trim()).toBe(head);
    // by hand, under his own name: history-self-grant at the hire date, and the warning in svc check
    edit(repo, "people/wangzhu.yaml", /^hired: .*$/m, "hired: 2026-12-01");
    git(repo, ["commit", "-qam", "hire date"], sup);
    const history = JSON.parse((await svcIn(repo, ["check", "--history", "--json"], sup, dec)).stdout)
      .findings as { file: string; line: number; rule: string; severity: string }[];
    expect(
      history.filter((f) => f.file === "people/wangzhu.yaml").map((f) => [f.rule, f.line, f.severity]),
    ).toEqual(
      expect.arrayContaining([
        ["history-self-grant", 9, "error"],
        ["hired-after-work", 9, "warning"],
      ]),
    );
    // the GM may correct it
    git(repo, ["reset", "-q", "--hard", head]);
    const byGm = await svcIn(repo, ["people", "edit", "wangzhu", "--hired", "2018-06-05"], gm, dec);
    expect(byGm.code, byGm.stderr).toBe(0);
    // a letter reassigned to someone hired since is not work before his hire date
    const add = ["people", "add", "xiaoli", "--name", "小李", "--role", "engineer", "--region", "华东"];
    expect(
      (await svcIn(repo, [...add, "--email", "xl@example.com", "--hired", "2026-12-01"], sup, dec)).code,
    ).toBe(0);
    const moved = await svcIn(
      repo,
      ["reassign", "L-20261118-ndda8", "--to", "xiaoli", "--reason", "休假"],
      sup,
      dec,
    );
    expect(moved.code, moved.stderr).toBe(0);
    const after = JSON.parse((await svcIn(repo, ["check", "--history", "--json"], sup, dec)).stdout);
    expect(
      after.findings.filter((f: { rule: string }) => /hired-after-work|self-grant/.test(f.rule)),
    ).toEqual([]);
  });

  it("the GM's powers stay the GM's: a second GM, the GM's entry, a tier, one's own signed line — refused by the commands, found by --history when committed by hand; a late department report and an offline late weekly report of the signed month pass (found by attack)", async () => {
    const repo = sampleRepo();
    const dec = { SVC_NOW: "2026-12-02T10:00:00+08:00" };
    const head = git(repo, ["rev-parse", "HEAD"]).trim();
    for (const args of [
      ["people", "add", "boss2", "--name", "王总", "--role", "gm", "--email", "boss2@example.com"],
      ["people", "edit", "liuzong", "--email", "wz.alias@example.com"],
      ["people", "edit", "maxin", "--tier", "一等"],
      ["people", "edit", "wangzhu", "--tier", "一等"],
    ]) {
      const r = await svcIn(repo, args, sup, dec);
      expect(r.code, `${args.join(" ")}: ${r.stderr}`).toBe(1);
    }
    expect(git(repo, ["rev-parse", "HEAD"]).trim()).toBe(head);
    for (const [who, args] of [
      [sup, ["assess", "--month", "2026-11"]],
      [gm, ["assess", "sign", "--month", "2026-11"]],
    ] as const)
      expect((await svcIn(repo, [...args], who, dec)).code).toBe(0);
    const own = ["assess", "amend", "--month", "2026-11", "--person", "wangzhu", "--reason", "核减"];
    const mine = await svcIn(repo, [...own, "--line", "deptWeeklyLate=20"], sup, dec);
    expect(mine.code, mine.stderr).toBe(1);
    expect(mine.stderr).toContain("总经理");
    expect((await svcIn(repo, [...own, "--line", "deptWeeklyLate=20"], gm, dec)).code).toBe(0);
    // the supervisor's department report of the last week of November, late, after the signature
    const dept = await svcIn(
      repo,
      ["weekly", "--department", "--week", "2026-11-28", "--summary", "补交"],
      sup,
      {
        SVC_NOW: "2026-12-03T09:00:00+08:00",
      },
    );
    expect(dept.code, dept.stderr).toBe(0);
    const errors = async () =>
      (
        JSON.parse((await svcIn(repo, ["check", "--history", "--json"], sup, dec)).stdout).findings as {
          file: string;
          rule: string;
          severity: string;
        }[]
      )
        .filter((f) => f.severity === "error")
        .map((f) => [f.file, f.rule]);
    expect(await errors()).toEqual([]);
    // an engineer's report written offline on 11-30 (late already), synced after the signature: no money moves
    const clean = git(repo, ["rev-parse", "HEAD"]).trim();
    writeFileSync(
      join(repo, "weekly/2026/W-20261128-zhangwei.yaml"),
      "kind: weekly\nid: W-20261128-zhangwei\nengineer: zhangwei\nweek: 2026-11-28\nsummary: s\nplan: p\nletters: []\nsubmitted: 2026-11-30T09:00:00+08:00\nby: zhangwei\n",
    );
    git(repo, ["add", "-A"]);
    const offline = "2026-11-30T09:00:00+08:00";
    const zw = { name: "张伟", email: "zhangwei@dfzk.example.com" };
    const made = spawnSync("git", ["commit", "-qm", "offline"], {
      cwd: repo,
      env: env(zw, { GIT_AUTHOR_DATE: offline, GIT_COMMITTER_DATE: offline }),
    });
    expect(made.status, String(made.stderr)).toBe(0);
    expect(await errors()).toEqual([]);
    // by hand, under the supervisor's name: each of the refused roster changes is history-role's
    git(repo, ["reset", "-q", "--hard", clean]);
    writeFileSync(
      join(repo, "people/boss2.yaml"),
      "kind: person\nid: boss2\nname: 王总\nroles:\n  - gm\nemail: boss2@example.com\nactive: true\n",
    );
    edit(repo, "people/liuzong.yaml", /^email: .*$/m, "email: wz.alias@example.com");
    edit(repo, "people/maxin.yaml", /^tier: .*$/m, "tier: 一等");
    git(repo, ["add", "-A"]);
    git(repo, ["commit", "-qm", "roster"], sup);
    expect((await errors()).sort()).toEqual(
      [
        ["people/boss2.yaml", "history-role"],
        ["people/liuzong.yaml", "history-role"],
        ["people/maxin.yaml", "history-role"],
      ].sort(),
    );
  });

  it("a second supervisor is the GM's to appoint; the GM gives himself a role; a sheet amendment's before must be what the sheet held (found by attack: a before copied from after hid the supervisor's own line)", async () => {
    const repo = sampleRepo();
    const dec = { SVC_NOW: "2026-12-02T10:00:00+08:00" };
    const deputy = [
      "people",
      "add",
      "wz3",
      "--name",
      "王三",
      "--role",
      "supervisor",
      "--email",
      "wz3@example.com",
    ];
    const bySup = await svcIn(repo, deputy, sup, dec);
    expect(bySup.code, bySup.stderr).toBe(1);
    expect(bySup.stderr).toContain("主管角色");
    expect((await svcIn(repo, deputy, gm, dec)).code).toBe(0);
    const self = await svcIn(
      repo,
      ["people", "edit", "liuzong", "--role", "gm", "--role", "engineer"],
      gm,
      dec,
    );
    expect(self.code, self.stderr).toBe(0);
    for (const [who, args] of [
      [sup, ["assess", "--month", "2026-11"]],
      [gm, ["assess", "sign", "--month", "2026-11"]],
    ] as const)
      expect((await svcIn(repo, [...args], who, dec)).code).toBe(0);
    // the whole list "changed" from itself to itself — but the supervisor's own line is not what the sheet holds
    const file = "assessments/2026/A-202611.yaml";
    const sheet = jsyaml.load(readFileSync(join(repo, file), "utf8")) as {
      people: { person: string; total: number }[];
    };
    const people = structuredClone(sheet.people);
    const mine = people.find((p) => p.person === "wangzhu");
    expect(mine).toBeDefined();
    if (mine) mine.total += 120;
    writeFileSync(
      join(repo, "amendments/2026/X-20261202-wz009.yaml"),
      jsyaml.dump(
        {
          kind: "amendment",
          id: "X-20261202-wz009",
          target: "A-202611",
          reason: "核减",
          changes: [{ path: "/people", before: people, after: people }],
          at: "2026-12-02T10:00:00+08:00",
          by: "wangzhu",
        },
        { noRefs: true },
      ),
    );
    git(repo, ["add", "-A"]);
    git(repo, ["commit", "-qm", "amend"], sup);
    const r = await svcIn(repo, ["check", "--history", "--json"], sup, dec);
    expect(r.code).toBe(1);
    const found = (JSON.parse(r.stdout).findings as { file: string; rule: string; message: string }[]).filter(
      (f) => f.file === "amendments/2026/X-20261202-wz009.yaml",
    );
    expect(found.map((f) => f.rule)).toContain("amendment");
    expect(found.find((f) => f.rule === "amendment")?.message).toContain("不符");
    const clean = (JSON.parse(r.stdout).findings as { file: string; severity: string }[]).filter(
      (f) => f.severity === "error" && f.file !== "amendments/2026/X-20261202-wz009.yaml",
    );
    expect(clean).toEqual([]);
  });

  it("the GM's signature before the draft it signs (a clock behind the supervisor's) is refused by svc assess sign; by hand it is an order error (D16, found by attack)", async () => {
    const repo = sampleRepo();
    expect(
      (await svcIn(repo, ["assess", "--month", "2026-11"], sup, { SVC_NOW: "2026-12-02T10:00:00+08:00" }))
        .code,
    ).toBe(0);
    const early = await svcIn(repo, ["assess", "sign", "--month", "2026-11"], gm, {
      SVC_NOW: "2026-12-01T09:00:00+08:00",
    });
    expect(early.code, early.stderr).toBe(1);
    expect(early.stderr).toContain("时钟");
    const file = "assessments/2026/A-202611.yaml";
    writeFileSync(
      join(repo, file),
      `${readFileSync(join(repo, file), "utf8")}signature:\n  by: liuzong\n  at: 2026-12-01T09:00:00+08:00\n`,
    );
    const r = await svcIn(repo, ["check", "--json"], sup, { SVC_NOW: "2026-12-02T11:00:00+08:00" });
    expect(r.code).toBe(1);
    expect(
      JSON.parse(r.stdout)
        .findings.filter((f: { rule: string }) => f.rule === "order")
        .map((f: { file: string }) => f.file),
    ).toEqual([file]);
  });

  it("an amendment by an engineer is a located error unless it is the note of his own weekly report or incident reflection (D11/D15; found by attack)", async () => {
    const repo = sampleRepo();
    const amendment = (id: string, target: string, path: string, after: string) =>
      writeFileSync(
        join(repo, `amendments/2026/${id}.yaml`),
        [
          "kind: amendment",
          `id: ${id}`,
          `target: ${target}`,
          "reason: 录错",
          "changes:",
          `  - path: ${path}`,
          `    after: ${after}`,
          "at: 2026-11-20T09:00:00+08:00",
          "by: zhangwei",
          "",
        ].join("\n"),
      );
    amendment("X-20261120-zw001", "L-20261008-av17s", "/estimate", "2026-10-20T18:00:00+08:00");
    amendment("X-20261120-zw002", "W-20261003-zhangwei", "/summary", "补充国庆值班记录");
    git(repo, ["add", "-A"]);
    git(repo, ["commit", "-qm", "amendments"]);
    const r = await svcIn(repo, ["check", "--json"], SUP, NOW);
    expect(r.code).toBe(1);
    const found = (
      JSON.parse(r.stdout).findings as { file: string; line: number; rule: string; message: string }[]
    )
      .filter((f) => f.file.startsWith("amendments/"))
      .map((f) => [f.file, f.line, f.rule]);
    expect(found).toEqual([["amendments/2026/X-20261120-zw001.yaml", 9, "role"]]);
  });

  it("a signed payroll's total raised by hand, or an assessment total that is not the sum of its lines, is a located error (found by attack: both passed svc check)", async () => {
    const repo = sampleRepo();
    const at = { SVC_NOW: "2026-11-03T09:00:00+08:00" };
    for (const [who, args] of [
      [sup, ["assess", "--month", "2026-10"]],
      [gm, ["assess", "sign", "--month", "2026-10"]],
      [sup, ["payroll", "--month", "2026-10"]],
    ] as const) {
      const r = await svcIn(repo, [...args], who, at);
      expect(r.code, r.stderr).toBe(0);
    }
    expect(JSON.parse((await svcIn(repo, ["check", "--json"], SUP, NOW)).stdout).findings).toEqual([]);
    const only = (dir: string) =>
      git(repo, ["ls-files", dir])
        .trim()
        .split("\n")
        .filter((f) => f.endsWith(".yaml"));
    const [payroll] = only("payroll");
    const [assessment] = only("assessments");
    const total = /^( {4}total: )(-?[\d.]+)$/m;
    const raise = (file: string, by: number) => {
      const text = readFileSync(join(repo, file), "utf8");
      const m = text.match(total);
      expect(m, file).not.toBeNull();
      writeFileSync(
        join(repo, file),
        text.replace(total, (_, k, v) => `${k}${Number(v) + by}`),
      );
      return text.slice(0, m?.index).split("\n").length; // the line edited
    };
    const payLine = raise(payroll, 500);
    const sheetLine = raise(assessment, 100);
    git(repo, ["commit", "-qam", "hand edits of the money"]);
    const r = await svcIn(repo, ["check", "--json"], SUP, NOW);
    expect(r.code).toBe(1);
    const found = (
      JSON.parse(r.stdout).findings as { file: string; line: number; rule: string; message: string }[]
    ).filter((f) => f.rule === "total");
    expect(found.map((f) => `${f.file}:${f.line}`).sort()).toEqual(
      [`${payroll}:${payLine}`, `${assessment}:${sheetLine}`].sort(),
    );
    expect(found.find((f) => f.file === payroll)?.message).toContain("应发合计");
    // an amendment that raises only a row's total: the payroll as amended (the one printed) disagrees
    git(repo, ["reset", "-q", "--hard", "HEAD~1"]);
    const id = payroll.split("/").at(-1)?.replace(".yaml", "");
    const am = "amendments/2026/X-20261104-tttt1.yaml";
    writeFileSync(
      join(repo, am),
      `kind: amendment\nid: X-20261104-tttt1\ntarget: ${id}\nreason: 补发\nchanges:\n  - path: /rows/0/total\n    after: 99999\nat: 2026-11-04T09:00:00+08:00\nby: wangzhu\n`,
    );
    git(repo, ["add", "-A"]);
    git(repo, ["commit", "-qm", "an amendment of the total alone"]);
    const amended = JSON.parse((await svcIn(repo, ["check", "--json"], SUP, NOW)).stdout).findings as {
      file: string;
      rule: string;
    }[];
    expect(amended.map((f) => `${f.file} ${f.rule}`)).toEqual([`${am} total`]);
    // the boundary: one fen off is off
    git(repo, ["reset", "-q", "--hard", "HEAD~1"]);
    raise(assessment, 0.01);
    git(repo, ["commit", "-qam", "a fen more"]);
    const fen = JSON.parse((await svcIn(repo, ["check", "--json"], SUP, NOW)).stdout).findings as {
      file: string;
      rule: string;
    }[];
    expect(fen.map((f) => `${f.file} ${f.rule}`)).toEqual([`${assessment} total`]);
  });

  it("a trip of more than a year is an error, a trip of a day is not", async () => {
    const repo = sampleRepo();
    edit(repo, "letters/2026/L-20261012-kefba.yaml", "departed: 2026-10-13", "departed: 2025-10-13");
    git(repo, ["commit", "-qam", "a year away"]);
    const r = await svcIn(repo, ["check", "--json"], SUP, NOW);
    const f = JSON.parse(r.stdout).findings;
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ file: "letters/2026/L-20261012-kefba.yaml", rule: "trip" });
    edit(repo, "letters/2026/L-20261012-kefba.yaml", "departed: 2025-10-13", "departed: 2026-10-14");
    git(repo, ["commit", "-qam", "back the same day"]);
    expect(JSON.parse((await svcIn(repo, ["check", "--json"], SUP, NOW)).stdout).findings).toEqual([]);
  });

  it("an amendment whose change leaves its record invalid (a phone null, a rating not 优良中差) or whose path leads nowhere is a located error at that change; svc render no longer crashes on it", async () => {
    const repo = sampleRepo();
    edit(repo, "amendments/2026/X-20261008-sm4g2.yaml", '    after: "13751242487"', "    after: null");
    const rated = join(repo, "amendments/2026/X-20261015-m4g7f.yaml");
    const text = readFileSync(rated, "utf8");
    const at = text.lastIndexOf("      result: 优");
    writeFileSync(
      rated,
      `${text.slice(0, at)}      result: 很好${text.slice(at + "      result: 优".length)}`,
    );
    git(repo, ["commit", "-qam", "hand edits of two amendments"]);
    const r = await svcIn(repo, ["check", "--json"], SUP, NOW);
    expect(r.code).toBe(1);
    const f = JSON.parse(r.stdout).findings as {
      file: string;
      line: number;
      rule: string;
      message: string;
    }[];
    expect(f.map((x) => `${x.file}:${x.line} ${x.rule}`).sort()).toEqual([
      "amendments/2026/X-20261008-sm4g2.yaml:8 amendment",
      "amendments/2026/X-20261015-m4g7f.yaml:12 amendment",
    ]);
    expect(f[0].message).toMatch(/N-20261008-qsfvz|L-20261010-cz31n/);
    // before, `svc render` of the notice stopped with 内部错误 (Object.values of null)
    const render = await svcIn(repo, ["render", "N-20261008-qsfvz", "--out", "printed"], SUP, NOW);
    expect(render.stderr).not.toMatch(/内部错误|internal error/);
    expect(render.code).toBe(0);
    // a path that leads nowhere
    edit(
      repo,
      "amendments/2026/X-20261008-sm4g2.yaml",
      "  - path: /contact/phone",
      "  - path: /contact/nowhere/phone",
    );
    git(repo, ["commit", "-qam", "a path that leads nowhere"]);
    const p = JSON.parse((await svcIn(repo, ["check", "--json"], SUP, NOW)).stdout).findings;
    expect(p.map((x: { file: string; line: number }) => `${x.file}:${x.line}`)).toContain(
      "amendments/2026/X-20261008-sm4g2.yaml:6",
    );
  });

  it("svc check --history of a shallow clone says the history is cut (found by attack: it passed as the whole)", async () => {
    const repo = sampleRepo();
    edit(
      repo,
      "weekly/2026/W-20261114-chenjie.yaml",
      "  - L-20261110-dvnsx",
      "  - L-20261110-dvnsx\n  - L-20261109-ttran",
    );
    git(repo, ["commit", "-qam", "a second commit"]);
    const shallow = join(tempDir(), "shallow");
    git(repo, ["clone", "-q", "--depth", "1", `file://${repo}`, shallow]);
    const r = await svcIn(shallow, ["check", "--history", "--json"], SUP, NOW);
    const f = JSON.parse(r.stdout).findings as { rule: string; severity: string; file: string }[];
    expect(f).toContainEqual(
      expect.objectContaining({ rule: "history-shallow", severity: "warning", file: ".git/shallow" }),
    );
    const full = await svcIn(repo, ["check", "--history", "--json"], SUP, NOW);
    expect(JSON.parse(full.stdout).findings.map((x: { rule: string }) => x.rule)).not.toContain(
      "history-shallow",
    );
  });
});
