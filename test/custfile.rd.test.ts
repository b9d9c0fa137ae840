// Issue 16 (D22): an R&D work order — opened by the letter's engineer with logs attached, the letter
// waiting with a delay of reason D naming it; accepted (or rejected) by R&D's lead with a reason, fixed,
// confirmed by the requester; the monthly report lists the open ones with their age.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { strFromU8, unzipSync } from "fflate";
import jsyaml from "js-yaml";
import { afterAll, beforeAll, expect, test } from "vitest";
import { openOrders, rdStampProblems, rdState } from "../src/domain/rd.ts";
import type { Letter, RdOrder } from "../src/schemas/index.ts";
import {
  approvedLetter,
  cleanup,
  ENG,
  ENG2,
  freshRepo,
  type Identity,
  read,
  SUP,
  svcAt,
  svcIn,
} from "./helpers.ts";

const RD: Identity = { name: "陈研发", email: "rd@example.com" };
let dir: string;
beforeAll(async () => {
  dir = freshRepo();
  const r = await svcIn(
    dir,
    ["people", "add", "chenyf", "--name", "陈研发", "--role", "rd", "--email", RD.email],
    SUP,
  );
  if (r.code !== 0) throw new Error(r.stderr);
});
afterAll(() => cleanup(dir));

const yaml = <T>(rel: string): T => jsyaml.load(read(dir, rel), { schema: jsyaml.CORE_SCHEMA }) as T;
const at = (day: string, time = "10:00") => `${day}T${time}:00+08:00`;
const { json, ok, run } = svcAt(() => dir);

async function started(day: string): Promise<string> {
  const { letter } = await approvedLetter(dir, {
    at: {
      open: at(day, "09:00"),
      sign: at(day, "09:10"),
      assign: at(day, "09:20"),
      site: at(day, "09:30"),
      solution: at(day, "09:40"),
      approve: at(day, "09:50"),
    },
    notice: { customer: "研发客户", content: "软件崩溃", region: "华东" },
    estimate: `${day} 18:00`,
    assign: ["--remote"],
    solution: "远程排查",
  });
  return letter;
}

const rdFile = (id: string) => `rd-orders/2026/${id}.yaml`;

test("issue 16 D22: svc rd open → accept → fixed → confirm; the letter waits with a reason-D delay naming the order", async () => {
  const L = await started("2026-11-02");
  const log = join(dir, "crash.log");
  writeFileSync(log, "panic at 0x0\n");
  const refused = await run(
    ENG2,
    at("2026-11-02", "10:00"),
    "rd",
    "open",
    L,
    "--environment",
    "V2",
    "--steps",
    "1",
    "--symptom",
    "崩溃",
  );
  expect(refused.code).toBe(1);
  const opened = await json(
    ENG,
    at("2026-11-02", "10:00"),
    "rd",
    "open",
    L,
    "--environment",
    "V2.1 Win10",
    "--steps",
    "打开报表",
    "--symptom",
    "程序崩溃",
    "--attach",
    log,
  );
  const RDID = opened.order as string;
  expect(RDID).toMatch(/^RD-20261102-/);
  const l = yaml<Letter>(`letters/2026/${L}.yaml`);
  expect(l.status).toBe("延期");
  expect(l.delays?.at(-1)).toMatchObject({ reason: "D", rd: RDID });
  expect(yaml<RdOrder>(rdFile(RDID)).attachments).toHaveLength(1);
  expect((await run(ENG, at("2026-11-02", "11:00"), "rd", "accept", RDID, "--reason", "x")).code).toBe(1);
  expect((await run(RD, at("2026-11-02", "11:00"), "rd", "accept", RDID)).code).toBe(2);
  expect((await run(RD, at("2026-11-02", "11:00"), "rd", "fixed", RDID)).code).toBe(1);
  const due = (await json(RD, at("2026-11-02", "10:30"), "due", "--mine")).items;
  expect(due).toContainEqual(expect.objectContaining({ kind: "rd-order", ref: RDID, who: ["chenyf"] }));
  await ok(RD, at("2026-11-02", "11:00"), "rd", "accept", RDID, "--reason", "可重现，排期修复");
  await ok(RD, at("2026-11-05", "11:00"), "rd", "fixed", RDID, "--note", "V2.2 修复");
  expect((await run(SUP, at("2026-11-05", "12:00"), "rd", "confirm", RDID)).code).toBe(1);
  expect((await json(ENG, at("2026-11-05", "12:00"), "due", "--mine")).items).toContainEqual(
    expect.objectContaining({ kind: "rd-order", ref: RDID, who: ["zhangsan"] }),
  );
  await ok(ENG, at("2026-11-05", "12:00"), "rd", "confirm", RDID);
  expect(rdState(yaml<RdOrder>(rdFile(RDID)))).toBe("已确认");
  const customer = yaml<{ customer: string }>(
    `notices/2026/${yaml<Letter>(`letters/2026/${L}.yaml`).notice}.yaml`,
  ).customer;
  const shown = (await ok(SUP, at("2026-11-05", "12:30"), "show", customer)).stdout;
  expect(shown).toContain(`研发工作单 ${RDID}（已确认）`);
  expect(shown).toContain("远程");
  const check = await run(SUP, at("2026-11-05", "13:00"), "check", "--history");
  expect(check.code, check.stdout + check.stderr).toBe(0);
});

test("issue 16 D22: a rejected order names its reason; the monthly report lists open orders with their age", async () => {
  const L1 = await started("2026-11-10");
  const rejected = (
    await json(
      ENG,
      at("2026-11-10", "10:00"),
      "rd",
      "open",
      L1,
      "--environment",
      "e",
      "--steps",
      "s",
      "--symptom",
      "操作错误",
    )
  ).order;
  await ok(RD, at("2026-11-10", "11:00"), "rd", "reject", rejected, "--reason", "非产品缺陷：参数设置错误");
  expect(yaml<RdOrder>(rdFile(rejected)).rejected?.reason).toContain("非产品缺陷");
  const L2 = await started("2026-11-20");
  const open = (
    await json(
      ENG,
      at("2026-11-20", "10:00"),
      "rd",
      "open",
      L2,
      "--environment",
      "e",
      "--steps",
      "s",
      "--symptom",
      "通讯中断",
    )
  ).order;
  const listed = (await json(SUP, at("2026-12-02"), "rd", "list", "--open")) as { id: string; age: number }[];
  expect(listed.map((o) => o.id)).toEqual([open]);
  expect(listed[0].age).toBe(12);
  const r = await json(SUP, at("2026-12-02"), "monthly", "--month", "2026-11", "--out", "out");
  expect(r.rdOrders.map((o: { id: string }) => o.id)).toEqual([open]);
  expect(r.rdOrders[0]).toMatchObject({ age: 10, state: "待受理" });
  const text = strFromU8(unzipSync(readFileSync(r.files[0]))["word/document.xml"]).replace(/<[^>]+>/g, "");
  expect(text).toContain("附：研发工作单");
  expect(text).toContain(open);
  const files = (await json(SUP, at("2026-12-02"), "render", open, "--out", "out")).files;
  const form = strFromU8(unzipSync(readFileSync(files[0]))["word/document.xml"]).replace(/<[^>]+>/g, "");
  for (const s of ["故障处理工作单", "通讯中断", "待受理", L2]) expect(form).toContain(s);
});

test("issue 16 D22: open orders on a day — opened by then, not closed by then, with the state of that day", () => {
  const base = {
    kind: "rd" as const,
    letter: "L-20261101-aaaaa",
    requester: "zhangsan",
    environment: "e",
    steps: "s",
    symptom: "x",
  };
  const orders: RdOrder[] = [
    {
      ...base,
      id: "RD-20261101-aaaaa",
      opened: { by: "zhangsan", at: "2026-11-01T10:00:00+08:00" },
      accepted: { by: "chenyf", at: "2026-11-03T10:00:00+08:00", reason: "r" },
    },
    {
      ...base,
      id: "RD-20261102-aaaaa",
      opened: { by: "zhangsan", at: "2026-11-02T10:00:00+08:00" },
      rejected: { by: "chenyf", at: "2026-11-02T12:00:00+08:00", reason: "r" },
    },
    { ...base, id: "RD-20261201-aaaaa", opened: { by: "zhangsan", at: "2026-12-01T10:00:00+08:00" } },
  ];
  expect(openOrders(orders, "2026-11-02").map((o) => [o.id, o.state, o.age])).toEqual([
    ["RD-20261101-aaaaa", "待受理", 1],
  ]);
  expect(openOrders(orders, "2026-11-30").map((o) => [o.id, o.state, o.age])).toEqual([
    ["RD-20261101-aaaaa", "已受理", 29],
  ]);
});

test("issue 16 D22 history-rd-order: an acceptance by someone without the rd role, or a changed decision, is a finding", async () => {
  const { rdOrder } = await import("../src/check/history/rules/rd.ts");
  const people = [
    { id: "chenyf", roles: ["rd"], email: "rd@example.com" },
    { id: "wangzhu", roles: ["supervisor"], email: "sup@example.com" },
    { id: "zhangsan", roles: ["engineer"], email: "zs@example.com" },
  ];
  const cx = (actor: string) =>
    ({ actor: people.find((p) => p.id === actor), people: new Map(people.map((p) => [p.id, p])) }) as never;
  const before = {
    kind: "rd",
    id: "RD-20261101-aaaaa",
    requester: "zhangsan",
    opened: { by: "zhangsan", at: "2026-11-01T10:00:00+08:00" },
  };
  const accepted = { ...before, accepted: { by: "wangzhu", at: "2026-11-01T11:00:00+08:00", reason: "r" } };
  const ch = (b: object, a: object) =>
    ({ kind: "rd", file: "x", id: before.id, before: b, after: a }) as never;
  expect(rdOrder.check(ch(before, accepted), cx("wangzhu"))).toHaveLength(1);
  const ok = { ...before, accepted: { ...accepted.accepted, by: "chenyf" } };
  expect(rdOrder.check(ch(before, ok), cx("chenyf"))).toEqual([]);
  expect(
    rdOrder.check(ch(ok, { ...ok, accepted: { ...ok.accepted, reason: "改了" } }), cx("chenyf")),
  ).toHaveLength(1);
  expect(
    rdOrder.check(
      ch(ok, { ...ok, confirmed: { by: "wangzhu", at: "2026-11-02T10:00:00+08:00" } }),
      cx("wangzhu"),
    ),
  ).toHaveLength(1);
});

test("D22 rd-state: an order's stamps are one path of its steps — accepted and rejected, fixed without accepted, confirmed without fixed, a step before the one it follows (found by attack: svc check passed each, rdState read one silently)", () => {
  const o = (extra: Partial<RdOrder>): RdOrder => ({
    kind: "rd",
    id: "RD-20261101-aaaaa",
    letter: "L-20261101-aaaaa",
    requester: "zhangsan",
    environment: "e",
    steps: "s",
    symptom: "x",
    opened: { by: "zhangsan", at: "2026-11-01T10:00:00+08:00" },
    ...extra,
  });
  const acc = { by: "chenyf", at: "2026-11-01T11:00:00+08:00", reason: "r" };
  const fix = { by: "chenyf", at: "2026-11-02T11:00:00+08:00" };
  const conf = { by: "zhangsan", at: "2026-11-03T11:00:00+08:00" };
  expect(rdStampProblems(o({ accepted: acc, fixed: fix, confirmed: conf }))).toEqual([]);
  expect(rdStampProblems(o({ rejected: acc }))).toEqual([]);
  expect(rdStampProblems(o({ accepted: acc, rejected: acc }))).toEqual([
    { step: "accept", problem: "both", other: "rejected" },
  ]);
  expect(rdStampProblems(o({ fixed: fix }))).toEqual([
    { step: "fixed", problem: "unreached", other: "accepted" },
  ]);
  expect(rdStampProblems(o({ accepted: acc, confirmed: conf }))).toEqual([
    { step: "confirm", problem: "unreached", other: "fixed" },
  ]);
  expect(rdStampProblems(o({ accepted: { ...acc, at: "2026-11-01T09:00:00+08:00" } }))).toEqual([
    { step: "accept", problem: "earlier", other: "opened" },
  ]);
  expect(rdStampProblems(o({ accepted: acc, fixed: { ...fix, at: "2026-11-01T10:30:00+08:00" } }))).toEqual([
    { step: "fixed", problem: "earlier", other: "accepted" },
  ]);
});

test("D22 rd-state in svc check: an accepted order also rejected by hand is a located error; svc rd with a clock behind the step before refuses and writes nothing (D16)", async () => {
  const L = await started("2026-11-09");
  const opened = await json(
    ENG,
    at("2026-11-09", "10:00"),
    ...["rd", "open", L, "--environment", "V2", "--steps", "1", "--symptom", "崩溃"],
  );
  const RDID = opened.order as string;
  await ok(RD, at("2026-11-10", "11:00"), "rd", "accept", RDID, "--reason", "可重现");
  // the other clone's clock was ahead: "fixed" now would be before the acceptance
  const head = read(dir, rdFile(RDID));
  const behind = await run(RD, at("2026-11-10", "10:00"), "rd", "fixed", RDID, "--note", "x");
  expect(behind.code).toBe(1);
  expect(behind.stderr).toContain("2026-11-10T11:00:00+08:00");
  expect(read(dir, rdFile(RDID))).toBe(head);
  // a hand edit: rejected as well as accepted
  writeFileSync(
    join(dir, rdFile(RDID)),
    `${head}rejected:\n  by: chenyf\n  at: 2026-11-10T12:00:00+08:00\n  reason: 改判\n`,
  );
  const check = await run(SUP, at("2026-11-10", "13:00"), "check", "--json");
  expect(check.code).toBe(1);
  const found = JSON.parse(check.stdout).findings.filter((f: { rule: string }) => f.rule === "rd-state");
  expect(found.map((f: { file: string; message: string }) => [f.file, f.message])).toEqual([
    [rdFile(RDID), "工作单既已受理又已驳回：二者只能有其一"],
  ]);
  writeFileSync(join(dir, rdFile(RDID)), head);
});
