// svc check: one located finding per problem, every file read, exit codes 0 / 1 / 2.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanup, freshRepo, git, SUP, svcIn, tempDir } from "./helpers.ts";

let dir: string;

const NOTICE = `kind: notice
id: N-20261103-k3f9a
customer: cust-a1
contact:
  name: 刘工
  phone: "13800000000"
type: 维修
priority: 紧急
channel: 电话
content: 设备无法启动
issued:
  by: zhaoxs
  at: 2026-11-03T08:30:00+08:00
`;

function put(rel: string, text: string) {
  mkdirSync(join(dir, rel, ".."), { recursive: true });
  writeFileSync(join(dir, rel), text);
}

beforeAll(async () => {
  dir = freshRepo();
  put("customers/cust-a1.yaml", "kind: customer\nid: cust-a1\nname: 某某机械有限公司\n");
});
afterAll(() => cleanup(dir));

async function check(...args: string[]) {
  const r = await svcIn(dir, ["check", ...args], SUP);
  expect(r.stderr).not.toMatch(/\n\s+at /); // never a stack trace
  return r;
}

describe("svc check", () => {
  it("passes a fresh repository", async () => {
    const r = await check();
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/0 个错误/);
  });

  it("passes a valid notice and reports nothing", async () => {
    put("notices/2026/N-20261103-k3f9a.yaml", NOTICE);
    expect((await check()).code).toBe(0);
  });

  it("locates a wrong enum value, with the allowed values as hint", async () => {
    put(
      "notices/2026/N-20261103-bad01.yaml",
      NOTICE.replace("k3f9a", "bad01").replace("type: 维修", "type: 修理"),
    );
    const r = await check("--json");
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    const f = out.findings.find((x: any) => x.file === "notices/2026/N-20261103-bad01.yaml");
    expect(f).toMatchObject({ line: 7, col: 7, rule: "schema", value: "修理" });
    expect(f.hint).toContain("维修");
  });

  it("locates a file that is not YAML, an empty file and a duplicate key — one finding each", async () => {
    put("notices/2026/N-20261103-bad02.yaml", "kind: notice\nid: [unclosed\n");
    put("notices/2026/N-20261103-bad03.yaml", "");
    put(
      "notices/2026/N-20261103-bad04.yaml",
      NOTICE.replace("k3f9a", "bad04").replace("type: 维修", "type: 维修\ntype: 安装"),
    );
    const r = await check();
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/notices\/2026\/N-20261103-bad02\.yaml:\d+:\d+: 错误: 不是有效的 YAML/);
    expect(r.stdout).toMatch(/notices\/2026\/N-20261103-bad03\.yaml:1:1: 错误: 文件为空/);
    expect(r.stdout).toMatch(/notices\/2026\/N-20261103-bad04\.yaml:8:1: 错误: 重复的键/);
    // the bad files do not hide the enum finding of the other file
    expect(r.stdout).toMatch(/N-20261103-bad01\.yaml:7:7/);
  });

  it("locates a dangling reference and a file whose name does not match its id", async () => {
    put(
      "notices/2026/N-20261104-bad05.yaml",
      NOTICE.replace("k3f9a", "bad05").replace("customer: cust-a1", "customer: cust-zz"),
    );
    put("notices/2026/N-20261104-bad06.yaml", NOTICE.replace("k3f9a", "bad77"));
    const r = await check("--json");
    const out = JSON.parse(r.stdout);
    const ref = out.findings.find((x: any) => x.file.endsWith("bad05.yaml") && x.rule === "ref");
    expect(ref).toMatchObject({ rule: "ref", line: 3, col: 11, value: "cust-zz" });
    const name = out.findings.find((x: any) => x.file.endsWith("bad06.yaml"));
    expect(name).toMatchObject({ rule: "id-path", line: 2 });
  });

  it("checks only the paths given", async () => {
    const r = await check("notices/2026/N-20261103-k3f9a.yaml");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/检查了 1 个记录文件/);
  });

  it("reports a broken svc.yaml as a located finding, not a crash", async () => {
    const copy = freshRepo();
    writeFileSync(join(copy, "svc.yaml"), "department: 技术服务部\ntimezone: [\n");
    const r = await svcIn(copy, ["check"], SUP);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^svc\.yaml:3:1: 错误: 不是有效的 YAML/m);
    const r2 = await svcIn(copy, ["people", "list"], SUP);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toMatch(/svc\.yaml:3:1/);
    cleanup(copy);
  });

  it("speaks English when LANG starts with en", async () => {
    const r = await svcIn(dir, ["check"], SUP, { LANG: "en_US.UTF-8" });
    expect(r.stdout).toMatch(/error: not valid YAML/);
    expect(r.stdout).toMatch(/checked \d+ record files: \d+ errors/);
  });

  it("exits 2 outside a records repository and on unknown options", async () => {
    const empty = tempDir();
    const r = await svcIn(empty, ["check"], SUP);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/找不到记录库/);
    expect((await svcIn(dir, ["check", "--bogus"], SUP)).code).toBe(2);
    cleanup(empty);
  });
});

describe("svc init and the roster", () => {
  it("creates a repository that svc check passes, committed", async () => {
    const d = tempDir();
    const r = await svcIn(d, ["init", "--department", "售后服务部"], SUP);
    expect(r.code).toBe(0);
    expect(git(d, ["log", "--format=%s"]).trim()).toBe("init: 创建记录库");
    expect(git(d, ["status", "--porcelain"])).toBe("");
    const c = await svcIn(d, ["check"], SUP);
    expect(c.code).toBe(0);
    expect(c.stdout).toMatch(/警告/); // travel rates are unset (D10)
    expect((await svcIn(d, ["init"], SUP)).code).toBe(1);
    cleanup(d);
  });

  it("refuses an identity that is not in the roster, naming the email", async () => {
    const r = await svcIn(
      dir,
      ["people", "add", "x1", "--name", "某人", "--role", "engineer", "--email", "x@example.com"],
      { name: "Mallory", email: "mallory@example.com" },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("mallory@example.com");
  });

  it("lets only the supervisor or GM edit the roster", async () => {
    const r = await svcIn(dir, ["people", "edit", "lisi", "--region", "华北"], {
      name: "张三",
      email: "zs@example.com",
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/只有技术服务部主管或总经理可以/);
    const ok = await svcIn(dir, ["people", "edit", "lisi", "--region", "华北", "--json"], SUP);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ id: "lisi", person: { region: "华北" } });
    expect(git(dir, ["log", "-1", "--format=%an %s"]).trim()).toBe("王主管 people edit lisi: 李四");
  });
});
