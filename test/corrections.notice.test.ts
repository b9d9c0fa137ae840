// Issue 13, "Corrections (D15)": svc notice edit (before signature), correct (after: an amendment),
// cancel (作废, with its letter while 派工; refused later, saying why) — and the hand edits that do the
// same without the command, rejected by check --history.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import jsyaml from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Letter, Notice } from "../src/schemas/index.ts";
import {
  cleanup,
  ENG,
  freshRepo,
  GM,
  git,
  type Identity,
  openNotice,
  read,
  SALES,
  SUP,
  svcAt,
  svcIn,
} from "./helpers.ts";

let dir: string;
const T0 = "2026-11-23T09:00:00+08:00";
const T1 = "2026-11-23T11:00:00+08:00";
const T2 = "2026-11-24T09:30:00+08:00";

const { ok, run } = svcAt(() => dir);
async function refused(code: 1 | 2, who: Identity, now: string, args: string[], ...messages: string[]) {
  const head = git(dir, ["rev-parse", "HEAD"]);
  const r = await run(who, now, ...args);
  expect(r.code, `${args.join(" ")}: ${r.stderr}`).toBe(code);
  for (const m of messages) expect(r.stderr).toContain(m);
  expect(git(dir, ["rev-parse", "HEAD"]), "a refused correction commits nothing").toBe(head);
}
const file = (id: string) => `${id.startsWith("N") ? "notices" : "letters"}/${id.slice(2, 6)}/${id}.yaml`;
const rec = <T>(id: string) => jsyaml.load(read(dir, file(id)), { schema: jsyaml.CORE_SCHEMA }) as T;
async function opened(): Promise<string> {
  return JSON.parse(
    (await ok(SALES, T0, ...openNotice({ customer: "苏州精工", content: "控制柜维修" }, "--json"))).stdout,
  ).id;
}
const findings = async () =>
  (
    (JSON.parse((await svcIn(dir, ["check", "--history", "--json"], SUP)).stdout || "{}").findings ?? []) as {
      rule: string;
      message: string;
    }[]
  ).filter((f) => f.rule.startsWith("history-") && f.rule !== "history-date-order");

beforeAll(() => {
  dir = freshRepo();
});
afterAll(() => cleanup(dir));

describe("D15 svc notice edit / correct", () => {
  let N: string;
  it("edit: the requester or the supervisor, before signature; an engineer refused; after signature refused with the way to correct", async () => {
    N = await opened();
    await refused(1, ENG, T0, ["notice", "edit", N, "--phone", "13900002222"], "无权修改");
    await refused(2, SALES, T0, ["notice", "edit", N, "--phone", "13800001111"], "没有要改的字段");
    await refused(2, SALES, T0, ["notice", "edit", N, "--priority", "很急"], "无效");
    await ok(SALES, T0, "notice", "edit", N, "--phone", "13900002222");
    await ok(SUP, T0, "notice", "edit", N, "--priority", "重要");
    expect(rec<Notice>(N)).toMatchObject({ contact: { phone: "13900002222" }, priority: "重要" });
    await ok(GM, T1, "sign", N);
    await refused(1, SALES, T1, ["notice", "edit", N, "--phone", "1"], "已于", "svc notice correct");
  });

  it("correct: the supervisor or GM after signature, with a reason, an amendment in the same commit", async () => {
    await refused(1, SALES, T1, ["notice", "correct", N, "--phone", "1", "--reason", "x"], "无权");
    await refused(2, SUP, T1, ["notice", "correct", N, "--phone", "13700003333"], "--reason");
    const r = JSON.parse(
      (
        await ok(
          SUP,
          T1,
          "notice",
          "correct",
          N,
          "--phone",
          "13700003333",
          "--reason",
          "客户来电更正",
          "--json",
        )
      ).stdout,
    );
    expect(r.changes).toEqual([{ path: "/contact/phone", before: "13900002222", after: "13700003333" }]);
    expect(rec<Notice>(N).contact.phone).toBe("13700003333");
    expect(git(dir, ["show", "--stat", "--format=", "HEAD"])).toContain(
      `amendments/2026/${r.amendment}.yaml`,
    );
    expect(await findings()).toEqual([]);
    const show = await svcIn(dir, ["show", N], SUP);
    expect(show.stdout).toContain(`更正（${r.amendment}）`);
    expect(show.stdout).toContain("/contact/phone 13900002222 → 13700003333：客户来电更正");
  });

  it("a signed notice edited by hand (no amendment) is rejected by --history", async () => {
    const n = rec<Notice>(N);
    writeFileSync(join(dir, file(N)), jsyaml.dump({ ...n, contact: { ...n.contact, phone: "110" } }));
    git(dir, ["commit", "-qam", "hand: phone"], SUP);
    expect((await findings()).map((f) => f.rule)).toContain("history-immutable");
    git(dir, ["reset", "-q", "--hard", "HEAD~1"]);
  });
});

describe("D15 svc notice cancel", () => {
  it("GM or supervisor; a notice still 待签字 is cancelled alone; no further step", async () => {
    const N = await opened();
    await refused(1, SALES, T1, ["notice", "cancel", N, "--reason", "重复开单"], "无权作废通知单");
    await ok(GM, T1, "notice", "cancel", N, "--reason", "重复开单");
    expect(rec<Notice>(N).cancelled).toMatchObject({ by: "lizong", reason: "重复开单" });
    await refused(1, GM, T1, ["sign", N], "已作废");
    await refused(1, SUP, T1, ["notice", "cancel", N, "--reason", "x"], "已于");
  });

  it("with its letter while 派工 (the letter cancelled too, no step on it after); refused once the letter started", async () => {
    const N = await opened();
    await ok(SUP, T0, "sign", N, "--gm-absent");
    const L = JSON.parse(
      (await ok(SUP, T1, "assign", N, "--to", "zhangsan", "--estimate", "2026-11-26 18:00", "--json")).stdout,
    ).id;
    const r = JSON.parse((await ok(SUP, T2, "notice", "cancel", N, "--reason", "客户取消", "--json")).stdout);
    expect(r.letters).toEqual([L]);
    expect(rec<Letter>(L).cancelled).toMatchObject({ by: "wangzhu", reason: "客户取消", notice: N });
    await refused(1, ENG, T2, ["site", L, "--matches"], "作废");
    const list = JSON.parse((await svcIn(dir, ["list", "letters", "--json"], SUP)).stdout) as {
      id: string;
      status: string;
    }[];
    expect(list.find((x) => x.id === L)?.status).toBe("作废");
    expect((await svcIn(dir, ["due", "--json"], SUP)).stdout).not.toContain(L);
    // a started one
    const N2 = await opened();
    await ok(SUP, T0, "sign", N2, "--gm-absent");
    const L2 = JSON.parse(
      (await ok(SUP, T1, "assign", N2, "--to", "zhangsan", "--estimate", "2026-11-26 18:00", "--json"))
        .stdout,
    ).id;
    await ok(ENG, T1, "site", L2, "--matches");
    await ok(ENG, T1, "solution", L2, "换");
    await ok(SUP, T2, "approve", L2);
    await refused(1, SUP, T2, ["notice", "cancel", N2, "--reason", "x"], "不能再作废", L2, "在建");
    expect(await findings()).toEqual([]);
    expect((await svcIn(dir, ["check"], SUP)).code).toBe(0);
  });

  it("a letter cancelled by hand without its notice is rejected by --history", async () => {
    const N = await opened();
    await ok(SUP, T0, "sign", N, "--gm-absent");
    const L = JSON.parse(
      (await ok(SUP, T1, "assign", N, "--to", "zhangsan", "--estimate", "2026-11-26 18:00", "--json")).stdout,
    ).id;
    const l = rec<Letter>(L);
    writeFileSync(
      join(dir, file(L)),
      jsyaml.dump({ ...l, cancelled: { by: "wangzhu", at: T2, reason: "x", notice: N } }),
    );
    git(dir, ["commit", "-qam", "hand: cancel letter"], SUP);
    expect((await findings()).map((f) => f.message).join("\n")).toContain("没有作废其通知单");
    git(dir, ["reset", "-q", "--hard", "HEAD~1"]);
  });
});
