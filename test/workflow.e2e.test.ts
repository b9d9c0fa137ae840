// One notice through every state of the workflow, as the department would type it: requester, GM,
// supervisor and engineer each under their own git identity — with the refusals the regulation demands.
import { createHash } from "node:crypto";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import jsyaml from "js-yaml";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Letter, Notice } from "../src/schemas/index.ts";
import {
  cleanup,
  ENG,
  freshRepo,
  GM,
  git,
  type Identity,
  lastCommit,
  read,
  SALES,
  SUP,
  svcAt,
} from "./helpers.ts";

let dir: string;
beforeAll(async () => {
  dir = freshRepo();
});
afterAll(() => cleanup(dir));

const yaml = <T>(rel: string): T => jsyaml.load(read(dir, rel), { schema: jsyaml.CORE_SCHEMA }) as T;
const noticeFile = (id: string) => `notices/${id.slice(2, 6)}/${id}.yaml`;
const letterFile = (id: string) => `letters/${id.slice(2, 6)}/${id}.yaml`;

const { ok, run } = svcAt(() => dir);
async function refused(code: 1 | 2, who: Identity, now: string, args: string[], ...messages: string[]) {
  const before = git(dir, ["rev-parse", "HEAD"]);
  const r = await run(who, now, ...args);
  expect(r.code, `${args.join(" ")}: ${r.stderr}`).toBe(code);
  for (const m of messages) expect(r.stderr).toContain(m);
  expect(git(dir, ["rev-parse", "HEAD"]), "a refused action commits nothing").toBe(before);
  return r;
}
function committed(who: Identity, subject: string) {
  const c = lastCommit(dir);
  expect(c.email).toBe(who.email);
  expect(c.author).toBe(who.name);
  expect(c.subject).toBe(subject);
}

const D1 = "2026-11-23T09:00:00+08:00";
const D1b = "2026-11-23T11:00:00+08:00";
const D2 = "2026-11-24T09:30:00+08:00";
const D3 = "2026-11-25T16:00:00+08:00";
const D4 = "2026-11-26T17:00:00+08:00";
const D5 = "2026-11-27T10:00:00+08:00";

test("a notice walks 待签字 → 派工 → 在建 → 延期 → 完工 → 已确认 → 回访 → 结案, refusals included", async () => {
  // ---- open (requester): new customer created in the same commit
  const opened = await ok(
    SALES,
    D1,
    "open",
    "--customer",
    "苏州精工机械有限公司",
    "--contact",
    "刘工",
    "--phone",
    "13800001111",
    "--type",
    "维修",
    "--priority",
    "紧急",
    "--content",
    "PLC 控制柜无法启动",
    "--fault",
    "上电后报警 E12",
    "--region",
    "华东",
    "--product",
    "PLC-200",
    "--json",
  );
  const { id: N, commit, customer } = JSON.parse(opened.stdout);
  expect(N).toMatch(/^N-20261123-[0-9a-z]{5}$/);
  expect(commit).toBe(git(dir, ["rev-parse", "HEAD"]).trim());
  committed(SALES, `open ${N}: 维修 苏州精工机械有限公司`);
  const notice = yaml<Notice>(noticeFile(N));
  expect(notice).toMatchObject({
    customer,
    contact: { name: "刘工", phone: "13800001111" },
    type: "维修",
    priority: "紧急",
    channel: "电话",
    region: "华东",
    product: "PLC-200",
    fault: "上电后报警 E12",
    issued: { by: "zhaoxs", at: D1 },
  });
  expect(notice.signature).toBeUndefined();
  expect(yaml<{ name: string }>(`customers/${customer}.yaml`).name).toBe("苏州精工机械有限公司");
  expect(git(dir, ["show", "--stat", "--format=", "HEAD"])).toContain(`customers/${customer}.yaml`);

  // ---- an unsigned notice cannot be assigned
  await refused(
    1,
    SUP,
    D1b,
    ["assign", N, "--to", "zhangsan", "--estimate", "2026-11-26 18:00"],
    "「待签字」",
    "不能派工",
    `svc sign ${N}`,
  );

  // ---- signing: only the GM; the supervisor only as GM-absent
  await refused(1, ENG, D1b, ["sign", N], "张三 无权签署通知单", "总经理");
  await refused(1, SUP, D1b, ["sign", N], "主管只能在总经理不在时代签", "--gm-absent");
  await ok(GM, D1b, "sign", N);
  committed(GM, `sign ${N}: 李总`);
  expect(yaml<Notice>(noticeFile(N)).signature).toEqual({ by: "lizong", at: D1b, gmAbsent: false });
  await refused(1, GM, D1b, ["sign", N], "不能重复签字");

  // ---- assign: without --to, the ranked proposal and exit 2 (a required value missing); an engineer may not assign
  const proposal = await refused(2, SUP, D1b, ["assign", N, "--estimate", "2026-11-26 18:00"], "--to");
  expect(proposal.stdout).toMatch(/1\. zhangsan\s+张三\s+— 负责华东区域；PLC-200的产品专家；在办责任书 0 份/);
  expect(proposal.stdout).toMatch(/2\. lisi/);
  const assigned = JSON.parse(
    (
      await ok(
        SUP,
        D1b,
        "assign",
        N,
        "--to",
        "zhangsan",
        "--estimate",
        "2026-11-26 18:00",
        "--appointment",
        "2026-11-25 09:00",
        "--tool",
        "万用表",
        "--part",
        "电源模块",
        "--destination",
        "苏州",
        "--days",
        "3",
        "--json",
      )
    ).stdout,
  );
  const L = assigned.id as string;
  expect(L).toMatch(/^L-20261123-/);
  expect(assigned).toMatchObject({ notice: N, engineer: "zhangsan", status: "派工" });
  committed(SUP, `assign ${L}: ${N} → 张三`);
  let letter = yaml<Letter>(letterFile(L));
  expect(letter).toMatchObject({
    notice: N,
    engineer: "zhangsan",
    status: "派工",
    estimate: "2026-11-26T18:00:00+08:00",
    appointment: "2026-11-25T09:00:00+08:00",
    preparation: { tools: ["U盘", "螺丝刀", "笔记本电脑", "万用表"], spareParts: ["电源模块"] },
    travel: { destination: "苏州", days: 3, region: "华东" },
    assigned: { by: "wangzhu", at: D1b },
  });
  await refused(
    1,
    SUP,
    D1b,
    ["assign", N, "--to", "lisi", "--estimate", "2026-11-26 18:00"],
    "「已派工」",
    L,
  );

  // ---- approval: not by an engineer; not without site confirmation and solution
  await refused(1, ENG, D2, ["approve", L], "张三 无权批准出差计划", "技术服务部主管");
  await refused(
    1,
    SUP,
    D2,
    ["approve", L],
    "状态：派工",
    "现场情况确认",
    "解决方案",
    "没有确认现场情况和解决方案，不得出差",
  );
  await ok(ENG, D2, "site", L, "--differs", "实际为两台控制柜", "--followup", "已与赵销售确认两台一并维修");
  committed(ENG, `site ${L}: 现场不一致：实际为两台控制柜`);
  // the site is confirmed once: a second confirmation would overwrite the recorded difference
  await refused(
    1,
    ENG,
    D2,
    ["site", L, "--matches"],
    "不能重复确认",
    "不一致：实际为两台控制柜",
    `svc log ${L}`,
  );
  await ok(ENG, D2, "solution", L, "更换电源模块并升级固件", "--doc", "PLC-200 维修手册");
  letter = yaml<Letter>(letterFile(L));
  expect(letter.site).toEqual({
    matches: false,
    difference: "实际为两台控制柜",
    followUp: "已与赵销售确认两台一并维修",
    by: "zhangsan",
    at: D2,
  });
  expect(letter.preparation).toMatchObject({
    solution: "更换电源模块并升级固件",
    documents: ["PLC-200 维修手册"],
  });
  await refused(
    1,
    ENG,
    D2,
    ["close", L, "--rating", "优良优", "--signed-by", "刘工"],
    "「派工」",
    `svc approve ${L}`,
  );
  const approved = JSON.parse((await ok(SUP, D2, "approve", L, "--json")).stdout);
  expect(approved).toMatchObject({ id: L, status: "在建" });
  committed(SUP, `approve ${L}: 苏州 3天`);
  letter = yaml<Letter>(letterFile(L));
  expect(letter.status).toBe("在建");
  expect(letter.approval).toEqual({ by: "wangzhu", at: D2 });
  expect(letter.travel?.advance).toBeUndefined();
  // the travel advance, once the letter is approved: the supervisor's, its own commit
  await refused(1, ENG, D2, ["approve", L, "--advance", "800"], "张三 无权批准预支出差款");
  const advanced = JSON.parse((await ok(SUP, D2, "approve", L, "--advance", "800", "--json")).stdout);
  expect(advanced).toMatchObject({ id: L, status: "在建", advance: 800 });
  committed(SUP, `advance ${L}: 预支出差款 800`);
  expect(yaml<Letter>(letterFile(L)).travel?.advance).toBe(800);

  // ---- on site: log with attachment, check-in, same-day escalation, change request
  const photo = join(dir, "..", `photo-${Date.now()}.jpg`);
  writeFileSync(photo, "not really a jpeg");
  await ok(ENG, D3, "checkin", L, "已出发，下午到达现场", "--departed", "2026-11-25");
  await ok(ENG, D3, "log", L, "更换电源模块，报警消除", "--attach", photo);
  committed(ENG, `log ${L}: 记录 更换电源模块，报警消除`);
  letter = yaml<Letter>(letterFile(L));
  const att = letter.log[1].attachments![0];
  expect(att.sha256).toBe(createHash("sha256").update("not really a jpeg").digest("hex"));
  expect(git(dir, ["show", `HEAD:${att.path}`])).toBe("not really a jpeg");
  expect(att.path).toBe(`attachments/${att.sha256.slice(0, 2)}/${att.sha256}.jpg`);
  expect(existsSync(join(dir, att.path))).toBe(true);
  expect(git(dir, ["ls-files", att.path]).trim()).toBe(att.path);
  expect(letter.travel?.departed).toBe("2026-11-25");
  await ok(ENG, D3, "escalate", L, "第二台固件无法升级，已拍照");
  await ok(ENG, D3, "market", L, "新需求", "客户计划明年新增两条产线");
  expect(yaml<Letter>(letterFile(L)).market).toEqual([
    { topic: "新需求", content: "客户计划明年新增两条产线" },
  ]);
  expect(yaml<Letter>(letterFile(L)).log.map((e) => e.type)).toEqual(["汇报", "记录", "上报"]);
  expect(yaml<Letter>(letterFile(L)).log[2]).toMatchObject({ to: "产品专家", by: "zhangsan", at: D3 });
  await ok(ENG, D3, "change", L, "--description", "客户要求加装远程模块", "--confirmed-by", "刘工");
  await ok(GM, D3, "change", "approve", L);
  committed(GM, `change approve ${L}: #1 客户要求加装远程模块`);
  expect(yaml<Letter>(letterFile(L)).changes?.[0]).toMatchObject({
    customerConfirmation: { name: "刘工" },
    gmApproval: { by: "lizong", at: D3 },
  });

  // ---- delay (status 延期) and the supervisor's approval
  await ok(ENG, D3, "delay", L, "--reason", "B", "--until", "2026-11-28 18:00", "--note", "远程模块缺货");
  committed(ENG, `delay ${L}: B 人员或物料不足 → 2026-11-28T18:00:00+08:00`);
  expect(yaml<Letter>(letterFile(L)).status).toBe("延期");
  await ok(SUP, D3, "delay", "approve", L);
  expect(yaml<Letter>(letterFile(L)).delays?.[0]).toMatchObject({ reason: "B", approval: { by: "wangzhu" } });

  // ---- completion: ratings outside 优良中差 are usage errors; a signature is needed or --unsigned
  await refused(
    2,
    ENG,
    D4,
    ["close", L, "--rating", "态度=优,水平=好,结果=良", "--signed-by", "刘工"],
    '评价 "好" 无效',
    "优 良 中 差",
  );
  await refused(2, ENG, D4, ["close", L, "--rating", "态度=优,水平=良,结果=优"], "--signed-by", "--unsigned");
  const sig = join(dir, "..", `sig-${Date.now()}.png`);
  writeFileSync(sig, "signature scan");
  await ok(
    ENG,
    D4,
    "close",
    L,
    "--rating",
    "态度=优,水平=良,结果=优",
    "--signed-by",
    "刘工",
    "--signature",
    sig,
  );
  committed(ENG, `close ${L}: 态度=优,水平=良,结果=优 签字 刘工`);
  letter = yaml<Letter>(letterFile(L));
  expect(letter.status).toBe("完工");
  expect(letter.completion).toMatchObject({
    at: D4,
    by: "zhangsan",
    unsigned: false,
    ratings: { attitude: "优", skill: "良", result: "优" },
    signature: { signedBy: "刘工", file: { name: expect.stringMatching(/^sig-.*\.png$/) } },
  });
  expect(existsSync(join(dir, letter.completion!.signature!.file!.path))).toBe(true);
  await refused(
    1,
    ENG,
    D4,
    ["close", L, "--rating", "优良优", "--signed-by", "刘工"],
    "不能重复完工",
    "完工",
  );

  // ---- confirmation needs the return (the letter had travel); then follow-up and archive
  await refused(1, SUP, D4, ["confirm", L], "返回确认", `svc return ${L}`);
  await ok(ENG, D5, "return", L, "--plan", "乘高铁返回");
  expect(yaml<Letter>(letterFile(L)).travel?.returned).toBe("2026-11-27");
  await ok(SUP, D5, "confirm", L);
  committed(SUP, `confirm ${L}: 已确认`);
  expect(yaml<Letter>(letterFile(L))).toMatchObject({
    status: "已确认",
    confirmation: { by: "wangzhu", at: D5 },
  });
  await ok(SUP, D5, "followup", L, "--note", "客户满意，设备运行正常");
  expect(yaml<Letter>(letterFile(L))).toMatchObject({
    status: "回访",
    followup: { note: "客户满意，设备运行正常" },
  });
  // issue 15 (D18): the archive needs the 回访 survey, by the sales admin or customer service
  await refused(1, SUP, D5, ["archive", L], "客服回访");
  const ADMIN: Identity = { name: "钱内勤", email: "admin@example.com" };
  await ok(
    SUP,
    D5,
    "people",
    "add",
    "qianneiqin",
    "--name",
    "钱内勤",
    "--role",
    "sales-admin",
    "--email",
    ADMIN.email,
  );
  await ok(
    ADMIN,
    D5,
    "survey",
    L,
    "--reached",
    "yes",
    "--signed-personally",
    "yes",
    "--explained",
    "yes",
    "--rating",
    "态度=优,质量=优,速度=良",
  );
  const archived = JSON.parse((await ok(SUP, D5, "archive", L, "--json")).stdout);
  expect(archived).toMatchObject({ id: L, status: "结案" });
  committed(SUP, `archive ${L}: 结案`);
  await refused(1, ENG, D5, ["log", L, "补充"], "「结案」");

  // ---- the records pass svc check; the history shows who did what
  const check = await run(SUP, D5, "check");
  expect(check.code, check.stdout + check.stderr).toBe(0);
  // svc check asks the same state machine: an approval by an engineer, hand-edited in, is reported
  const file = join(dir, letterFile(L));
  const text = read(dir, letterFile(L));
  writeFileSync(file, text.replace("approval:\n  by: wangzhu", "approval:\n  by: zhangsan"));
  const tampered = await run(SUP, D5, "check");
  expect(tampered.code).toBe(1);
  expect(tampered.stdout + tampered.stderr).toMatch(
    new RegExp(`${letterFile(L)}:\\d+:\\d+: 错误: 张三（zhangsan）无权批准出差计划：只有技术服务部主管可以`),
  );
  writeFileSync(file, text);
  const authors = git(dir, ["log", "--format=%ae %s", "--", letterFile(L)])
    .trim()
    .split("\n")
    .reverse();
  expect(authors[0]).toBe(`${SUP.email} assign ${L}: ${N} → 张三`);
  expect(authors.at(-1)).toBe(`${SUP.email} archive ${L}: 结案`);
});

test("unplanned work on site: written by the engineer, closed unsigned on paper, countersigned", async () => {
  const D6 = "2026-11-27T15:00:00+08:00";
  const created = JSON.parse(
    (
      await ok(
        ENG,
        D6,
        "letter",
        "--unplanned",
        "--customer",
        "苏州精工机械有限公司",
        "--content",
        "顺带检修相邻产线变频器",
        "--estimate",
        "2026-11-27 18:00",
        "--json",
      )
    ).stdout,
  );
  const U = created.id as string;
  expect(created.status).toBe("在建");
  committed(ENG, `letter unplanned ${U}: 苏州精工机械有限公司 顺带检修相邻产线变频器`);
  // the supervisor transcribes the paper form later, on the engineer's behalf, back-dated
  await refused(
    1,
    ENG,
    "2026-11-30T09:00:00+08:00",
    ["close", U, "--unsigned", "--at", "2026-11-27 17:00"],
    "不能用 --at 补录",
  );
  await ok(
    SUP,
    "2026-11-30T09:00:00+08:00",
    "close",
    U,
    "--unsigned",
    "--as",
    "zhangsan",
    "--at",
    "2026-11-27 17:00",
  );
  committed(SUP, `close ${U}: 无客户签字`);
  const l = yaml<Letter>(letterFile(U));
  expect(l.completion).toEqual({
    at: "2026-11-27T17:00:00+08:00",
    by: "zhangsan",
    as: "wangzhu",
    backdated: true,
    unsigned: true,
  });
  await refused(1, SUP, "2026-11-30T09:10:00+08:00", ["confirm", U], "补签", `svc letter countersign ${U}`);
  await refused(1, ENG, "2026-11-30T09:10:00+08:00", ["letter", "countersign", U], "无权补签");
  await ok(SUP, "2026-11-30T09:10:00+08:00", "letter", "countersign", U);
  committed(SUP, `countersign ${U}: 补签`);
  const confirmed = await ok(SUP, "2026-11-30T09:20:00+08:00", "confirm", U);
  expect(confirmed.stderr).toContain("没有客户签字");
  expect(yaml<Letter>(letterFile(U)).status).toBe("已确认");
}, 60_000);

test("a job taken but not yet served is delayed with reason A: recorded and approved, still 派工", async () => {
  const D7 = "2026-11-28T09:00:00+08:00";
  const N = JSON.parse(
    (
      await ok(
        SALES,
        D7,
        "open",
        "--customer",
        "苏州精工机械有限公司",
        "--contact",
        "刘工",
        "--phone",
        "13800001111",
        "--type",
        "维护",
        "--priority",
        "一般",
        "--content",
        "季度保养",
        "--region",
        "华东",
        "--json",
      )
    ).stdout,
  ).id as string;
  await ok(GM, D7, "sign", N);
  const L = JSON.parse(
    (await ok(SUP, D7, "assign", N, "--to", "zhangsan", "--estimate", "2026-11-30 18:00", "--json")).stdout,
  ).id as string;
  const r = await ok(
    ENG,
    "2026-11-30T19:00:00+08:00",
    "delay",
    L,
    "--reason",
    "A",
    "--until",
    "2026-12-02 18:00",
  );
  expect(r.stdout).toContain("状态仍为派工");
  committed(ENG, `delay ${L}: A 接单未服务（计入考核） → 2026-12-02T18:00:00+08:00`);
  const l = yaml<Letter>(letterFile(L));
  expect(l.status).toBe("派工");
  expect(l.delays).toEqual([
    { reason: "A", until: "2026-12-02T18:00:00+08:00", by: "zhangsan", at: "2026-11-30T19:00:00+08:00" },
  ]);
  await ok(SUP, "2026-11-30T20:00:00+08:00", "delay", "approve", L);
  expect(yaml<Letter>(letterFile(L)).status).toBe("派工");
  const check = await run(SUP, "2026-11-30T20:00:00+08:00", "check", "--history");
  expect(check.code, check.stdout + check.stderr).toBe(0);
});
