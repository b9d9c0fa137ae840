// D16 on customer complaints (D19): the working steps (investigate, reply, callback, close) take
// --as and --at like every step — the supervisor transcribes the owner's paper ledger; the stamp
// names the owner, `as` the supervisor who entered it, the commit is the supervisor's; a time before
// the step it follows, in the future, or entered by a role allowAs does not list is refused.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanup, ENG, freshRepo, type Identity, SALES, SUP, svcIn } from "./helpers.ts";

let dir: string;
let K: string;
let customer: string;
const NOW = { SVC_NOW: "2026-11-27T17:00:00+08:00" };
const run = (who: Identity, ...args: string[]) => svcIn(dir, args, who, NOW);
async function ok(who: Identity, ...args: string[]) {
  const r = await run(who, ...args);
  if (r.code !== 0) throw new Error(`svc ${args.join(" ")} → ${r.code}\n${r.stderr}${r.stdout}`);
  return args.includes("--json") ? JSON.parse(r.stdout) : undefined;
}
const record = () =>
  yaml.load(
    readFileSync(
      join(dir, execFileSync("git", ["ls-files", `*${K}.yaml`], { cwd: dir, encoding: "utf8" }).trim()),
      "utf8",
    ),
    { schema: yaml.CORE_SCHEMA },
  ) as Record<string, Record<string, unknown>>;
const lastAuthor = () =>
  execFileSync("git", ["log", "-1", "--format=%an"], { cwd: dir, encoding: "utf8" }).trim();

beforeAll(async () => {
  dir = freshRepo();
  const n = await ok(
    SALES,
    ...["open", "--customer", "苏州精工机械有限公司", "--contact", "刘工", "--phone", "13800001111"],
    ...["--type", "维修", "--priority", "一般", "--content", "x", "--region", "华东", "--json"],
  );
  customer = (await ok(SUP, "show", n.id, "--json")).record.customer;
  K = (
    await ok(
      SALES,
      ...["complaint", "customer", "open", "--customer", customer, "--channel", "电话", "--to", "other"],
      ...["--about", "service", "--grade", "一般", "--content", "等了三天无人联系", "--json"],
      "--received",
      "2026-11-23T09:00",
    )
  ).id;
}, 60_000);
afterAll(() => cleanup(dir));

describe("D16 customer complaint steps transcribed with --as/--at", () => {
  it("D16 the supervisor enters the owner's investigation and reply from paper: stamped for the owner, as the supervisor, committed by him", async () => {
    await ok(
      SUP,
      "complaint",
      "customer",
      "investigate",
      K,
      "电话核实：备件缺货",
      "--as",
      "zhaoxs",
      "--at",
      "2026-11-23T14:00",
    );
    const inv = record().investigation;
    expect(inv).toMatchObject({
      by: "zhaoxs",
      at: "2026-11-23T14:00:00+08:00",
      as: "wangzhu",
      backdated: true,
    });
    expect(inv.enteredAt).toBe("2026-11-27T17:00:00+08:00");
    expect(lastAuthor()).toBe("王主管");
    const r = await ok(
      SUP,
      ...["complaint", "customer", "reply", K, "--result", "补发备件", "--how", "电话告知刘工"],
      ...["--as", "zhaoxs", "--at", "2026-11-24T10:00", "--json"],
    );
    expect(r.late).toBe(false); // replied within 3 working days of the 23rd, by the paper's time
    expect(record().reply).toMatchObject({ by: "zhaoxs", at: "2026-11-24T10:00:00+08:00", as: "wangzhu" });
  });

  it("D16 a step before the one it follows, in the future, or --as by a role allowAs does not list is refused, nothing written", async () => {
    const before = record();
    const early = await run(
      SUP,
      "complaint",
      "customer",
      "callback",
      K,
      "--satisfied",
      "yes",
      "--at",
      "2026-11-24T09:00",
    );
    expect(early.code).toBe(1);
    expect(early.stderr).toContain("2026-11-24T10:00");
    const future = await run(
      SUP,
      "complaint",
      "customer",
      "callback",
      K,
      "--satisfied",
      "yes",
      "--at",
      "2026-11-30T09:00",
    );
    expect(future.code).toBe(2);
    const notAllowed = await run(
      ENG,
      "complaint",
      "customer",
      "callback",
      K,
      "--satisfied",
      "yes",
      "--as",
      "zhaoxs",
    );
    expect(notAllowed.code).toBe(1);
    expect(notAllowed.stderr).toContain("allowAs");
    expect(record()).toEqual(before);
  });

  it("D16 the owner closes it himself now; the history of the transcribed steps is clean", async () => {
    await ok(SALES, "complaint", "customer", "callback", K, "--satisfied", "yes");
    await ok(SALES, "complaint", "customer", "close", K);
    expect(record().closed).toMatchObject({ by: "zhaoxs", at: "2026-11-27T17:00:00+08:00" });
    expect(record().closed.as).toBeUndefined();
    const h = await run(SUP, "check", "--history", "--json");
    expect(h.code, h.stdout + h.stderr).toBe(0);
  });
});
