// Issues 15/16 at scale, item 2: `svc open --equipment` and the unit's file (`svc show EQ-…`) read only
// the records naming the unit and its notices (the mention index, src/commands/mentioning.ts), never
// every notice and letter. The repeat-fault boundaries hold through that path, and an index line is
// never trusted over the file: a record edited by hand (not staged), staged, or committed by plain git
// is judged by what the file says.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { cleanup, ENG, freshRepo, GM, git, SALES, SUP, svcAt } from "./helpers.ts";

let dir: string;
let EQ: string;
let N0: string;
let L: string;
beforeAll(async () => {
  dir = freshRepo();
  const first = await json(SALES, at("2026-11-20"), ...openArgs("报警"), "--serial", "SN-Q-0001");
  EQ = first.equipment;
  N0 = first.id;
  await ok(GM, at("2026-11-20", "11:00"), "sign", N0);
  L = (
    await json(
      SUP,
      at("2026-11-20", "12:00"),
      "assign",
      N0,
      "--to",
      "zhangsan",
      "--estimate",
      "2026-11-30 18:00",
    )
  ).id;
  await ok(ENG, at("2026-11-21"), "site", L, "--matches");
  await ok(ENG, at("2026-11-21", "11:00"), "solution", L, "更换电源");
  await ok(SUP, at("2026-11-21", "12:00"), "approve", L);
  await ok(ENG, at("2026-11-26", "16:00"), "close", L, "--rating", "优良优", "--signed-by", "刘工");
});
afterAll(() => cleanup(dir));

const at = (day: string, time = "10:00") => `${day}T${time}:00+08:00`;
const { json, ok } = svcAt(() => dir);
const openArgs = (content: string) => [
  "open",
  "--customer",
  "苏州精工",
  "--contact",
  "刘工",
  "--phone",
  "13800001111",
  "--type",
  "维修",
  "--priority",
  "一般",
  "--content",
  content,
  "--region",
  "华东",
];
/** A new notice for the unit opened at `now`: its repeat fault (undefined when none). */
const repeatAt = async (now: string) =>
  (await json(SALES, now, ...openArgs("又报警"), "--equipment", EQ)).repeatFault;
const letterFile = () => join(dir, "letters", "2026", `${L}.yaml`);

test("issue 16 at scale: the 29/30/31-day boundaries of a repeat fault hold through the unit's mention index", async () => {
  expect(await repeatAt(at("2026-12-25", "09:00"))).toMatchObject({ letter: L, notice: N0, days: 29 });
  expect(await repeatAt(at("2026-12-26", "18:00"))).toMatchObject({ letter: L, days: 30 });
  expect(await repeatAt(at("2026-12-27", "09:00"))).toBeUndefined();
  // The index is there (kept by the runs above) — what the following tests must not trust blindly.
  expect(
    readFileSync(join(dir, ".git", "svc", "cache", "mentions-head-letters+notices+rd-orders.txt"), "utf8"),
  ).toContain(EQ);
  // The unit's file is read the same way: its one service, and the new notices as repeat faults.
  const shown = JSON.parse((await ok(SUP, at("2026-12-28"), "show", EQ, "--json")).stdout);
  expect(shown.file.services.map((s: { notice: string }) => s.notice)).toContain(N0);
  expect(shown.file.services.filter((s: { repeat?: unknown }) => s.repeat)).toHaveLength(2);
});

test("issue 16 at scale: a stale index is never trusted — the repeat-fault flag follows the file edited by hand, staged, or committed by plain git", async () => {
  // A notice of the same customer without the unit, its job completed on 2026-12-10 …
  const N1 = (await json(SALES, at("2026-12-01"), ...openArgs("另一台报警"))).id;
  await ok(GM, at("2026-12-01", "11:00"), "sign", N1);
  const L1 = (
    await json(
      SUP,
      at("2026-12-01", "12:00"),
      "assign",
      N1,
      "--to",
      "zhangsan",
      "--estimate",
      "2026-12-12 18:00",
    )
  ).id;
  await ok(ENG, at("2026-12-02"), "site", L1, "--matches");
  await ok(ENG, at("2026-12-02", "11:00"), "solution", L1, "更换模块");
  await ok(SUP, at("2026-12-02", "12:00"), "approve", L1);
  await ok(ENG, at("2026-12-10", "16:00"), "close", L1, "--rating", "优良优", "--signed-by", "刘工");
  expect(await repeatAt(at("2026-12-31", "08:00"))).toBeUndefined(); // L: 35 days ago
  // … then named the unit's notice by hand (not staged): the index line of its blob does not name
  // the unit, the file does — and the file wins.
  const n1File = join(dir, "notices", "2026", `${N1}.yaml`);
  const n1 = readFileSync(n1File, "utf8");
  writeFileSync(n1File, n1.replace(/^(customer: .*\n)/m, `$1equipmentId: ${EQ}\n`));
  expect(await repeatAt(at("2026-12-31", "08:30"))).toMatchObject({ letter: L1, notice: N1, days: 21 });
  writeFileSync(n1File, n1);
  expect(await repeatAt(at("2026-12-31", "08:40"))).toBeUndefined();

  const original = readFileSync(letterFile(), "utf8");
  const completedOn = (day: string) =>
    writeFileSync(letterFile(), original.replaceAll("2026-11-26T16:00", `${day}T16:00`));
  expect(original).toContain("2026-11-26T16:00");
  // Edited by hand, not staged (git's index, hence the index file's key, unchanged): completed on
  // 2026-12-01, so a notice on 2026-12-31 (30 days) is a repeat fault, which the old completion (35
  // days) was not.
  completedOn("2026-12-01");
  expect(git(dir, ["status", "--porcelain", "--", "letters"])).toMatch(/^ M /);
  expect(await repeatAt(at("2026-12-31", "09:00"))).toMatchObject({ letter: L, days: 30 });
  // Staged (git's index changed: the index is re-keyed), then committed by plain git.
  git(dir, ["add", "--", "letters"]);
  expect(await repeatAt(at("2026-12-31", "10:00"))).toMatchObject({ letter: L, days: 30 });
  git(dir, ["commit", "-q", "-m", "letter: completion corrected by hand"], SUP);
  expect(await repeatAt(at("2026-12-31", "11:00"))).toMatchObject({ letter: L, days: 30 });
  // The notice no longer names the unit (edited by hand): nothing to repeat.
  const noticeFile = join(dir, "notices", "2026", `${N0}.yaml`);
  const notice = readFileSync(noticeFile, "utf8");
  writeFileSync(noticeFile, notice.replace(/^equipmentId: .*\n/m, ""));
  expect(await repeatAt(at("2026-12-31", "12:00"))).toBeUndefined();
  writeFileSync(noticeFile, notice);
  expect(await repeatAt(at("2026-12-31", "13:00"))).toMatchObject({ letter: L, days: 30 });
});
