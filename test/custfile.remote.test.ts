// Issue 16 (D22): remote work — no travel, no advance, the plan approved, completed by the customer's
// written confirmation — and remote then on site (the supervisor's order approves the trip).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import jsyaml from "js-yaml";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Letter } from "../src/schemas/index.ts";
import { cleanup, ENG, freshRepo, GM, openNotice, read, SALES, SUP, svcAt } from "./helpers.ts";

let dir: string;
beforeAll(() => {
  dir = freshRepo();
});
afterAll(() => cleanup(dir));

const letterOf = (id: string) =>
  jsyaml.load(read(dir, `letters/2026/${id}.yaml`), { schema: jsyaml.CORE_SCHEMA }) as Letter;
const at = (day: string, time = "10:00") => `${day}T${time}:00+08:00`;
const { json, ok, run } = svcAt(() => dir);

async function letter(day: string, ...assign: string[]): Promise<string> {
  const n = (
    await json(
      SALES,
      at(day, "09:00"),
      ...openNotice({ customer: "远程客户", type: "技术咨询", content: "软件报错", region: "华东" }),
    )
  ).id;
  await ok(GM, at(day, "09:10"), "sign", n);
  return (
    await json(
      SUP,
      at(day, "09:20"),
      "assign",
      n,
      "--to",
      "zhangsan",
      "--estimate",
      `${day} 18:00`,
      ...assign,
    )
  ).id;
}

test("issue 16 D22: svc assign --remote — no travel, no advance; approve approves the plan; --confirmation FILE completes it; svc check --history agrees", async () => {
  const L = await letter("2026-11-23", "--remote");
  expect(letterOf(L).remote?.by).toBe("wangzhu");
  const both = await run(
    SUP,
    at("2026-11-23", "09:25"),
    "assign",
    "N-x",
    "--to",
    "zhangsan",
    "--remote",
    "--destination",
    "苏州",
    "--days",
    "1",
  );
  expect(both.code).toBe(2);
  await ok(ENG, at("2026-11-23", "09:30"), "site", L, "--matches");
  await ok(ENG, at("2026-11-23", "09:40"), "solution", L, "远程登录修改配置");
  await ok(SUP, at("2026-11-23", "09:50"), "approve", L);
  expect(letterOf(L).status).toBe("在建");
  const advance = await run(SUP, at("2026-11-23", "10:00"), "approve", L, "--advance", "500");
  expect(advance.code).toBe(1);
  const checkin = await run(ENG, at("2026-11-23", "10:05"), "checkin", L, "出发");
  expect(checkin.code).toBe(1);
  const mail = join(dir, "confirm.eml");
  writeFileSync(mail, "From: liu@example.com\n\n问题已解决，确认。\n");
  const none = await run(
    ENG,
    at("2026-11-23", "11:00"),
    "close",
    L,
    "--rating",
    "优优优",
    "--confirmation",
    mail,
  );
  expect(none.code).toBe(2);
  await ok(
    ENG,
    at("2026-11-23", "11:00"),
    "close",
    L,
    "--rating",
    "优优优",
    "--confirmation",
    mail,
    "--confirmed-by",
    "刘工",
  );
  const l = letterOf(L);
  expect(l.status).toBe("完工");
  expect(l.completion).toMatchObject({ unsigned: false, confirmation: { confirmedBy: "刘工" } });
  expect(l.travel).toBeUndefined();
  await ok(SUP, at("2026-11-23", "12:00"), "confirm", L);
  const check = await run(SUP, at("2026-11-23", "13:00"), "check", "--history");
  expect(check.code, check.stdout + check.stderr).toBe(0);
});

test("issue 16 D22: remote then on site — svc remote L, approve, svc remote L --on-site approves the trip, the advance follows; a signature closes it", async () => {
  const L = await letter("2026-11-24", "--destination", "苏州", "--days", "2");
  await ok(SUP, at("2026-11-24", "09:30"), "remote", L);
  expect(letterOf(L).travel).toBeUndefined();
  expect((await run(SUP, at("2026-11-24", "09:31"), "remote", L)).code).toBe(1);
  await ok(ENG, at("2026-11-24", "09:40"), "site", L, "--matches");
  await ok(ENG, at("2026-11-24", "09:50"), "solution", L, "远程诊断");
  await ok(SUP, at("2026-11-24", "10:00"), "approve", L);
  expect(
    (
      await run(
        ENG,
        at("2026-11-24", "10:30"),
        "remote",
        L,
        "--on-site",
        "--destination",
        "苏州",
        "--days",
        "2",
      )
    ).code,
  ).toBe(1);
  await ok(SUP, at("2026-11-24", "14:00"), "remote", L, "--on-site", "--destination", "苏州", "--days", "2");
  expect(letterOf(L).remote?.onSite?.by).toBe("wangzhu");
  await ok(SUP, at("2026-11-24", "14:10"), "approve", L, "--advance", "500");
  expect(letterOf(L).travel).toMatchObject({ destination: "苏州", days: 2, advance: 500 });
  const mail = join(dir, "confirm2.eml");
  writeFileSync(mail, "ok\n");
  const written = await run(
    ENG,
    at("2026-11-25", "11:00"),
    "close",
    L,
    "--rating",
    "优优优",
    "--confirmation",
    mail,
    "--confirmed-by",
    "刘工",
  );
  expect(written.code).toBe(1);
  expect(written.stderr).toContain("不是远程处理");
  await ok(ENG, at("2026-11-25", "11:00"), "close", L, "--rating", "优优优", "--signed-by", "刘工");
  await ok(ENG, at("2026-11-25", "12:00"), "return", L);
  await ok(SUP, at("2026-11-25", "13:00"), "confirm", L);
  const check = await run(SUP, at("2026-11-25", "14:00"), "check", "--history");
  expect(check.code, check.stdout + check.stderr).toBe(0);
});
