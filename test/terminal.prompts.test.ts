// Issue 14, item 8: prompts — an invalid answer is asked again with the reason (no earlier answer lost),
// time examples are in the future, a customer name close to an existing one offers that customer, and
// phones are checked as Chinese mobile or landline numbers (on a terminal, through `script`).
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { phoneProblem } from "../src/core/phone.ts";
import { exampleTime } from "../src/core/time.ts";
import { closeNames } from "../src/domain/close-names.ts";
import { BIN, env, sampleRepo, svc } from "./helpers.ts";
import { plainText } from "./tty.ts";

const ZHAO = { name: "赵晓松", email: "zhaoxiaosong@dfzk.example.com" };
const HUANG = { name: "黄勇", email: "huangyong@dfzk.example.com" };
const NOW = { SVC_NOW: "2026-12-01T10:00:00+08:00" };

/** Run svc on a terminal, answering each question when it appears (steps: [text on screen, keys]). */
function dialogue(
  cwd: string,
  args: string[],
  steps: [RegExp, string][],
): Promise<{ code: number; out: string }> {
  const e = { ...env(ZHAO, { TERM: "xterm-256color", ...NOW }) };
  delete e.NO_COLOR;
  const cmd = [process.execPath, BIN, ...args].map((a) => `'${a}'`).join(" ");
  const child = spawn("script", ["-qec", cmd, "/dev/null"], { cwd, env: e });
  let out = "";
  let seen = 0; // how much of the screen the last step has matched
  child.stdout.on("data", (b: Buffer) => {
    out += b.toString();
    const next = steps[0];
    if (next?.[0].test(plainText(out.slice(seen)))) {
      seen = out.length;
      steps.shift();
      child.stdin.write(next[1]);
    }
  });
  return new Promise((res) => child.on("close", (c) => res({ code: c ?? -1, out: plainText(out) })));
}

describe("issue 14: prompts", () => {
  it("phones: mobiles, landlines with area code, 400 numbers; 1390000 is not one", () => {
    for (const ok of [
      "13912345678",
      "+86 139 1234 5678",
      "0512-66881234",
      "(010)62345678",
      "0512-66881234转8001",
      "400-820-8820",
    ])
      expect(phoneProblem(ok), ok).toBeUndefined();
    for (const bad of ["1390000", "12345678901", "66881234", "abc"])
      expect(phoneProblem(bad), bad).toBeDefined();
  });

  it("close customer names: 苏州精工 and 苏州精工机械有限公司", () => {
    const existing = [
      { id: "c1", name: "苏州精工机械有限公司" },
      { id: "c2", name: "无锡重工" },
    ];
    expect(closeNames("苏州精工", existing).map((c) => c.id)).toEqual(["c1"]);
    expect(closeNames("无锡轻工", existing)).toEqual([]);
  });

  it("a time's example is tomorrow, not a date in the past", () => {
    expect(exampleTime("Asia/Shanghai", new Date("2026-12-01T02:00:00Z"))).toBe("2026-12-02T14:00:00+08:00");
    const dir = sampleRepo();
    const r = svc(
      dir,
      ["letter", "--unplanned", "--customer", "x", "--content", "y", "--estimate", "12月5日"],
      HUANG,
      NOW,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("2026-12-02 14:00");
  });

  it("flags: a bad phone is a usage error; a close customer name is refused unless --new-customer", () => {
    const dir = sampleRepo();
    const base = ["open", "--contact", "何工", "--type", "维修", "--priority", "一般", "--content", "x"];
    const phone = svc(dir, [...base, "--customer", "新客户甲", "--phone", "1390000"], ZHAO, NOW);
    expect(phone.code).toBe(2);
    expect(phone.stderr).toContain("不是手机号");
    const close = svc(dir, [...base, "--customer", "苏州精华电子", "--phone", "13912345678"], ZHAO, NOW);
    expect(close.code).toBe(1);
    expect(close.stderr).toContain("苏州精华电子科技有限公司");
    const forced = svc(
      dir,
      [...base, "--customer", "苏州精华电子", "--phone", "13912345678", "--new-customer"],
      ZHAO,
      NOW,
    );
    expect(forced.code, forced.stderr).toBe(0);
  });

  it("on a terminal: a bad phone is asked again with the reason, earlier answers kept; the close customer is offered", async () => {
    const dir = sampleRepo();
    const r = await dialogue(
      dir,
      ["open"],
      [
        [/服务单位/, "苏州精华电子\r"],
        [/联系人/, "何工\r"],
        [/联系方式/, "1390000\r"],
        [/不是手机号/, "\x15"], // the reason is shown; clear the line (Ctrl-U) and type again
        [/联系方式/, "13912345678\r"],
        [/服务类型/, "\r"],
        [/紧急程度/, "\r"],
        [/服务要求或内容/, "检查变频器\r"],
        [/名称相近/, "\r"], // the first choice: the existing customer
      ],
    );
    expect(r.code, r.out).toBe(0);
    const notices = JSON.parse(
      svc(dir, ["list", "notices", "--grep", "检查变频器", "--json"], ZHAO, NOW).stdout,
    );
    expect(notices).toHaveLength(1);
    expect(notices[0].customerName).toBe("苏州精华电子科技有限公司");
    const shown = JSON.parse(svc(dir, ["show", notices[0].id, "--json"], ZHAO, NOW).stdout);
    expect(shown.record.contact).toEqual({ name: "何工", phone: "13912345678" });
  }, 30_000);
});

describe("a required value missing: asked on a terminal, else exit 2 (found by attack: exit 1, never asked)", () => {
  it("svc close without --signed-by asks who signed on a terminal; in a script it is a usage error; svc assign without --to too", async () => {
    const dir = sampleRepo();
    const close = ["close", "L-20261116-0xsgp", "--rating", "态度=优,水平=良,结果=优"];
    const script = svc(dir, close, HUANG, NOW);
    expect(script.code, script.stderr).toBe(2);
    expect(script.stderr).toContain("--signed-by");
    expect(script.stderr).toContain("--unsigned");
    const assign = svc(
      dir,
      ["assign", "N-20261119-tt9hm"],
      { name: "王志强", email: "wangzhiqiang@dfzk.example.com" },
      NOW,
    );
    expect(assign.code).toBe(2);
    expect(assign.stdout).toContain("maxin"); // the proposals are still printed
    const e = { ...env(HUANG, { TERM: "xterm-256color", ...NOW }) };
    delete e.NO_COLOR;
    const cmd = [process.execPath, BIN, ...close].map((a) => `'${a}'`).join(" ");
    const child = spawn("script", ["-qec", cmd, "/dev/null"], { cwd: dir, env: e });
    let out = "";
    let asked = false;
    child.stdout.on("data", (b: Buffer) => {
      out += b.toString();
      if (!asked && /客户签字人/.test(plainText(out))) {
        asked = true;
        child.stdin.write("王工\r");
      }
    });
    const code = await new Promise((res) => child.on("close", (c) => res(c)));
    expect(code, plainText(out)).toBe(0);
    const shown = JSON.parse(svc(dir, ["show", "L-20261116-0xsgp", "--json"], HUANG, NOW).stdout);
    expect(JSON.stringify(shown.record.completion)).toContain("王工");
  }, 30_000);
});

describe("issue 14: close customer names for unplanned letters too", () => {
  it("svc letter --unplanned --customer 苏州精华电子 is refused naming the existing customer", () => {
    const dir = sampleRepo();
    const HUANG = { name: "黄勇", email: "huangyong@dfzk.example.com" };
    const args = [
      "letter",
      "--unplanned",
      "--customer",
      "苏州精华电子",
      "--content",
      "y",
      "--estimate",
      "2026-12-02 18:00",
    ];
    const r = svc(dir, args, HUANG, NOW);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("苏州精华电子科技有限公司");
    expect(svc(dir, [...args, "--new-customer"], HUANG, NOW).code).toBe(0);
  });
});
