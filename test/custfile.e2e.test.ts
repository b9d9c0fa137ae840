// Issue 16 (D21): a unit of equipment through a customer's service — registered with its first
// notice (--serial), parts replaced on and after its warranty end day, a software update kept on the
// unit, then new notices 30 and 31 days after the completion (a repeat fault, then not).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { strFromU8, unzipSync } from "fflate";
import jsyaml from "js-yaml";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Equipment, Letter, Notice } from "../src/schemas/index.ts";
import { cleanup, ENG, freshRepo, GM, openNotice, read, SALES, SUP, svcAt, svcIn } from "./helpers.ts";

let dir: string;
beforeAll(() => {
  dir = freshRepo();
});
afterAll(() => cleanup(dir));

const yaml = <T>(rel: string): T => jsyaml.load(read(dir, rel), { schema: jsyaml.CORE_SCHEMA }) as T;
const at = (day: string, time = "10:00") => `${day}T${time}:00+08:00`;
const { json, ok } = svcAt(() => dir);

const open = (now: string, ...unit: string[]) =>
  json(SALES, now, ...openNotice({ customer: "苏州精工", content: "报警", region: "华东" }, ...unit));

let EQ: string;
let L: string;
let CUST: string;

test("issue 16 D21: svc open --serial registers the unit; the warranty end day decides 三包 or 收费 per part; the software lands on the unit", async () => {
  const first = await open(at("2026-11-20"), "--serial", "SN-0001", "--equipment", "PLC-200 控制柜");
  expect(first.equipmentCreated).toBe(true);
  EQ = first.equipment;
  CUST = first.customer;
  expect(EQ).toMatch(/^EQ-20261120-/);
  const n = yaml<Notice>(`notices/2026/${first.id}.yaml`);
  expect(n.equipmentId).toBe(EQ);
  await ok(
    SUP,
    at("2026-11-20"),
    "equipment",
    "edit",
    EQ,
    "--warranty-end",
    "2026-11-24",
    "--software",
    "V1.0",
    "--installed",
    "2024-11-24",
  );
  await ok(GM, at("2026-11-20", "11:00"), "sign", first.id);
  L = (
    await json(
      SUP,
      at("2026-11-20", "12:00"),
      "assign",
      first.id,
      "--to",
      "zhangsan",
      "--estimate",
      "2026-11-30 18:00",
    )
  ).id;
  await ok(ENG, at("2026-11-21"), "site", L, "--matches");
  await ok(ENG, at("2026-11-21", "11:00"), "solution", L, "更换电源");
  await ok(SUP, at("2026-11-21", "12:00"), "approve", L);
  const onEnd = await json(
    ENG,
    at("2026-11-24", "17:00"),
    "log",
    L,
    "更换电源模块",
    "--part",
    "电源模块*2",
    "--software",
    "V2.1",
  );
  expect(onEnd.entry.parts).toEqual([{ name: "电源模块", qty: 2, charge: "三包" }]);
  expect(onEnd.entry.software).toBe("V2.1");
  const after = await json(ENG, at("2026-11-25", "09:00"), "log", L, "更换风扇", "--part", "风扇");
  expect(after.entry.parts).toEqual([{ name: "风扇", charge: "收费" }]);
  expect(yaml<Equipment>(`equipment/2026/${EQ}.yaml`).software).toBe("V2.1");
  await ok(ENG, at("2026-11-26", "16:00"), "close", L, "--rating", "优良优", "--signed-by", "刘工");
  expect(yaml<Letter>(`letters/2026/${L}.yaml`).status).toBe("完工");
  const check = await svcIn(dir, ["check", "--history"], SUP, { SVC_NOW: at("2026-11-27") });
  expect(check.code, check.stdout + check.stderr).toBe(0);
});

test("issue 16 D21: a notice for the unit 30 days after its completion is a repeat fault, 31 days is not", async () => {
  const day31 = await open(at("2026-12-27", "09:00"), "--equipment", EQ);
  expect(day31.repeatFault).toBeUndefined();
  const day30 = await json(
    SALES,
    at("2026-12-26", "18:00"),
    ...openNotice({ customer: "苏州精工", content: "又报警" }, "--equipment", EQ),
  );
  expect(day30.repeatFault).toMatchObject({ letter: L, days: 30 });
  const human = await ok(
    SALES,
    at("2026-12-26", "18:30"),
    ...openNotice({ customer: "苏州精工", content: "又报警" }, "--serial", "sn-0001"),
  );
  expect(human.stdout).toContain("重复故障");
});

test("issue 16 D21: equipment of another customer is refused on a notice; svc equipment list shows the warranty", async () => {
  const r = await svcIn(
    dir,
    openNotice({ customer: "别家公司", contact: "王", content: "x" }, "--equipment", EQ),
    SALES,
    { SVC_NOW: at("2026-12-27") },
  );
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(EQ);
  const list = await ok(SUP, at("2026-12-27"), "equipment", "list");
  expect(list.stdout).toContain("已过保 2026-11-24");
});

test("issue 16 D21: svc show CUSTOMER and svc show EQ-… print the file: equipment, every notice and letter, 上次服务时间, warranty, repeats", async () => {
  const now = at("2026-12-28");
  const shown = await ok(SUP, now, "show", CUST);
  expect(shown.stdout).toContain("客户服务档案");
  expect(shown.stdout).toContain("上次服务时间: 2026-11-26");
  expect(shown.stdout).toContain("已过保 2026-11-24");
  expect(shown.stdout).toContain("重复故障（30 天前");
  expect(shown.stdout).toContain("电源模块×2（三包）");
  expect(shown.stdout).toContain("风扇（收费）");
  const file = (await json(SUP, now, "show", CUST)).file;
  expect(file.equipment).toHaveLength(1);
  expect(file.services.map((s: { state: string }) => s.state)).toEqual(["完工", "待签", "待签", "待签"]);
  expect(file.services[0]).toMatchObject({ letter: L, engineer: "zhangsan", ratings: { attitude: "优" } });
  const unit = (await json(SUP, now, "show", EQ)).file;
  expect(unit.equipment[0]).toMatchObject({ warranty: "out", services: 4, repeats: 2 });
});

test("issue 16 D21: svc render CUSTOMER writes the .docx 客户服务档案 (and EQ-… its 设备档案)", async () => {
  const now = at("2026-12-28");
  const files = (await json(SUP, now, "render", CUST, "--out", "out")).files as string[];
  expect(files[0]).toMatch(/客户服务档案.*\.docx$/);
  const text = strFromU8(unzipSync(readFileSync(files[0]))["word/document.xml"]).replace(/<[^>]+>/g, " ");
  for (const s of [
    "客户服务档案",
    "上次服务时间",
    "2026-11-26",
    "SN-0001",
    "已过保（至 2026-11-24）",
    "重复故障：30 天前",
    "电源模块×2（三包）",
    "风扇（收费）",
    "优",
  ])
    expect(text).toContain(s);
  const unit = (await json(SUP, now, "render", EQ, "--out", "out")).files as string[];
  expect(unit[0]).toContain(`设备档案${EQ}.docx`);
});

test("issue 16 D21: svc due lists the open repeat faults for the supervisor", async () => {
  const due = await json(SUP, at("2026-12-28"), "due");
  const repeats = due.items.filter((i: { kind: string }) => i.kind === "repeat-fault");
  expect(repeats).toHaveLength(2);
  expect(repeats[0].who).toContain("wangzhu");
  expect((await ok(SUP, at("2026-12-28"), "due")).stdout).toContain(
    `重复故障：设备 ${EQ} 30 天前由责任书 ${L}`,
  );
});

test("issue 16 D21: the monthly report counts the month's repeat faults by product and engineer", async () => {
  const r = await json(SUP, at("2026-12-28"), "monthly", "--month", "2026-12", "--out", "out");
  expect(r.repeatFaults).toMatchObject({
    month: "2026-12",
    count: 2,
    byEngineer: [{ engineer: "zhangsan", count: 2 }],
  });
  const text = strFromU8(unzipSync(readFileSync(r.files[0]))["word/document.xml"]).replace(/<[^>]+>/g, "");
  expect(text).toContain("附：重复故障");
  expect(text).toContain("天内再次报修的 2 单");
  const nov = await json(SUP, at("2026-12-28"), "monthly", "--month", "2026-11", "--out", "out");
  expect(nov.repeatFaults.count).toBe(0);
});

test("issue 16 D21: svc check — a part's charge against the unit's warranty (warning), a unit of another customer (error)", async () => {
  const letterRel = `letters/2026/${L}.yaml`;
  const unitRel = `equipment/2026/${EQ}.yaml`;
  const letter = read(dir, letterRel);
  const unit = read(dir, unitRel);
  try {
    writeFileSync(join(dir, letterRel), letter.replace("charge: 三包", "charge: 收费"));
    const warned = await svcIn(dir, ["check"], SUP, { SVC_NOW: at("2026-12-28") });
    expect(warned.code, warned.stdout).toBe(0);
    expect(warned.stdout).toMatch(/part-charge|配件 电源模块 记为收费/);
    writeFileSync(join(dir, unitRel), unit.replace(`customer: ${CUST}`, "customer: someone-else"));
    const wrong = await svcIn(dir, ["check"], SUP, { SVC_NOW: at("2026-12-28") });
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain(`设备 ${EQ} 属于客户 someone-else`);
  } finally {
    writeFileSync(join(dir, letterRel), letter);
    writeFileSync(join(dir, unitRel), unit);
  }
});
