// Issue 11, "Schema-invalid records" + "Sane values" (the svc.yaml part): every value of svc.yaml that
// would crash a command or compute nonsense is a located finding of `svc check` and refused by every
// command — an unknown time zone, numbers out of range (negative money, NaN, infinity, fractional
// counts, absurd amounts), an output folder outside the repository, a svc.yaml that is a folder, a
// symlink, a FIFO or not UTF-8 — and SVC_LOCK_TIMEOUT=abc is a usage error instead of a wait forever.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Refused, UsageError } from "../src/core/errors.ts";
import { knownTimeZone, outputProblem } from "../src/schemas/config-rules.ts";
import { lockTimeoutMs } from "../src/store/env.ts";
import { invalidUtf8At, loadConfig, readConfigChecked } from "../src/store/repo.ts";
import { Store } from "../src/store/store.ts";
import { cleanup, ROOT, sampleRepo, svc, tempDir } from "./helpers.ts";

const HOSTILE = join(ROOT, "test", "fixtures", "hostile");
let dir: string;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => cleanup(dir));

async function judge(text: string | Buffer) {
  writeFileSync(join(dir, "svc.yaml"), text);
  return readConfigChecked(dir);
}
/** Every finding as file:line:col message, and what a command (loadConfig) throws. */
async function refusal() {
  try {
    await loadConfig(dir);
  } catch (e) {
    return e;
  }
  return undefined;
}
const at = (fs: { file: string; line: number; col: number }[]) =>
  fs.map((f) => `${f.file}:${f.line}:${f.col}`);

describe("issue 11 · svc.yaml values that would crash a command", () => {
  it("timezone: Mars/Olympus is a located finding and every command refuses it (UTC and aliases pass)", async () => {
    const r = await judge(readFileSync(join(HOSTILE, "config-timezone-mars.svc.yaml")));
    expect(r.config).toBeUndefined();
    expect(at(r.findings)).toEqual(["svc.yaml:3:11"]);
    expect(r.findings[0].message).toMatch(/Mars\/Olympus/);
    const e = await refusal();
    expect(e).toBeInstanceOf(Refused);
    expect((e as Error).message).toMatch(/^svc\.yaml:3:11: .*Mars\/Olympus/);
    for (const zone of ["UTC", "Etc/UTC", "Asia/Shanghai", "Asia/Calcutta", "Asia/Urumqi"]) {
      expect(knownTimeZone(zone), zone).toBe(true);
      expect((await judge(`department: x\ntimezone: ${zone}\n`)).findings, zone).toEqual([]);
    }
    expect(knownTimeZone("Mars/Olympus")).toBe(false);
    // …in a revision too.
    const rev = await judge(
      "department: x\nrevisions:\n  - from: 2027-01\n    set: { timezone: Moon/Base }\n",
    );
    expect(at(rev.findings)).toEqual(["svc.yaml:4:22"]);
  });

  it("negative, NaN, infinite, fractional and absurd numbers: one located finding each, refused by every command", async () => {
    const r = await judge(readFileSync(join(HOSTILE, "config-bad-numbers.svc.yaml")));
    const got = r.findings
      .sort((a, b) => a.line - b.line || a.col - b.col)
      .map((f) => `${f.line}:${f.col} ${f.message}`);
    expect(got).toEqual([
      expect.stringMatching(/^5:24 fines\.engineer\.overdue 的值 -50 超出范围（应 >= 0）/),
      expect.stringMatching(/^5:41 fines\.engineer\.weeklyLate 须是有限的数/),
      expect.stringMatching(/^5:57 fines\.engineer\.unsigned 须是有限的数/),
      expect.stringMatching(/^6:28 rewards\.engineerMonths .*integer/),
      expect.stringMatching(/^8:16 pay\.tiers\.一等 的值 .* 超出范围（应 >= 0）/),
      expect.stringMatching(/^8:27 pay\.tiers\.二等 的值 .* 超出范围（应 <= 1000000）/),
      expect.stringMatching(/^9:24 pay\.travel\.dailyRate 的值 .* 超出范围（应 >= 0）/),
      expect.stringMatching(/^10:32 pay\.bonus\.coefficients\.1 的值 .* 超出范围（应 >= 0）/),
      expect.stringMatching(/^10:57 pay\.bonus\.pools\.华东 的值 .* 超出范围（应 >= 0）/),
    ]);
    expect(r.findings.find((f) => /weeklyLate/.test(f.message))?.value).toBe("NaN");
    expect(await refusal()).toBeInstanceOf(Refused);
    // The output folder is judged once the numbers are right.
    const text = readFileSync(join(HOSTILE, "config-bad-numbers.svc.yaml"), "utf8")
      .split("\n")
      .slice(0, 3)
      .join("\n");
    const out = await judge(text);
    expect(at(out.findings)).toEqual(["svc.yaml:3:9"]);
    expect(out.findings[0].message).toMatch(/记录库之外/);
  });

  it("a value's problems are one finding; each missing or unknown key its own", async () => {
    const r = await judge(
      "department: x\ndeadlines:\n  engineerWeekly: {}\nfines: { engineer: { overdu: 5, weeklylate: 1 } }\n",
    );
    expect(r.findings.map((f) => `${f.line}:${f.col} ${f.message}`).sort()).toEqual([
      expect.stringMatching(/^3:19 缺少必填字段 time/),
      expect.stringMatching(/^3:19 缺少必填字段 weekday/),
      expect.stringMatching(/^4:22 未知字段 overdu/),
      expect.stringMatching(/^4:33 未知字段 weeklylate/),
    ]);
    const one = await judge("department: x\npay: { phone: -1 }\n");
    expect(one.findings.map((f) => f.message)).toEqual(["pay.phone 的值 -1 超出范围（应 >= 0）"]);
  });

  it("output must be a folder inside the repository: .., absolute, .git and the root itself are refused", async () => {
    for (const bad of ["../../escape", "a/../../b", "/tmp/out", "C:\\out", "~/out", ".git/out", ".", "./"])
      expect(outputProblem(bad), bad).toBeTruthy();
    for (const good of ["out", "docs/out", "a/../b", "./out"])
      expect(outputProblem(good), good).toBeUndefined();
    expect(at((await judge("department: x\noutput: /etc\n")).findings)).toEqual(["svc.yaml:2:9"]);
    await expect(loadConfig(dir)).rejects.toThrow(/^svc\.yaml:2:9: /);
  });

  it("revisions out of order (or two for one month) are a located finding", async () => {
    const r = await judge(
      "department: x\nrevisions:\n  - { from: 2027-03, set: { fines: { engineer: { overdue: 60 } } } }\n  - { from: 2027-01, set: { fines: { engineer: { overdue: 70 } } } }\n",
    );
    expect(at(r.findings)).toEqual(["svc.yaml:4:13"]);
  });

  it("a working day that ends before it starts (or at once) is a located finding, refused by every command (found by attack)", async () => {
    const r = await judge('department: x\nworkingHours:\n  start: "09:00"\n  end: "09:00"\n');
    expect(at(r.findings)).toEqual(["svc.yaml:4:8"]);
    expect(r.findings[0].message).toMatch(/09:00–09:00/);
    await expect(loadConfig(dir)).rejects.toThrow(/^svc\.yaml:4:8: /);
    // the start alone past the default end, and in a revision against the day it revises
    expect(at((await judge('department: x\nworkingHours: { start: "20:00" }\n')).findings)).toEqual([
      "svc.yaml:2:24",
    ]);
    const rev = await judge(
      'department: x\nworkingHours: { start: "08:00", end: "17:00" }\nrevisions:\n  - { from: 2027-01, set: { workingHours: { start: "17:30" } } }\n',
    );
    expect(at(rev.findings)).toEqual(["svc.yaml:4:52"]);
    expect((await judge('department: x\nworkingHours: { start: "08:30", end: "17:30" }\n')).findings).toEqual(
      [],
    );
  });

  it("svc.yaml as a folder, a symlink or a FIFO: a located finding, a refusal, never EISDIR or a hang", async () => {
    mkdirSync(join(dir, "svc.yaml"));
    let r = await readConfigChecked(dir);
    expect(r.findings.map((f) => `${f.file}:${f.line}:${f.col} ${f.rule}`)).toEqual([
      "svc.yaml:1:1 config-file",
    ]);
    expect(r.findings[0].message).toMatch(/目录/);
    let e = await refusal();
    expect(e).toBeInstanceOf(Refused);
    expect((e as Error).message).toMatch(/^svc\.yaml:1:1: /);
    cleanup(join(dir, "svc.yaml"));

    writeFileSync(join(dir, "real.yaml"), "department: x\n");
    symlinkSync(join(dir, "real.yaml"), join(dir, "svc.yaml"));
    r = await readConfigChecked(dir);
    expect(r.findings[0].message).toMatch(/符号链接/);
    expect(await refusal()).toBeInstanceOf(Refused);
    cleanup(join(dir, "svc.yaml"));

    expect(spawnSync("mkfifo", [join(dir, "svc.yaml")]).status).toBe(0);
    r = await readConfigChecked(dir); // would block forever if it opened the FIFO
    expect(r.findings[0].message).toMatch(/不是普通文件/);
    e = await refusal();
    expect(e).toBeInstanceOf(Refused);
  });

  it("a svc.yaml that is not UTF-8 (saved as GBK) is a located finding", async () => {
    // "department: 更换" in GBK, on line 2 after a comment.
    const gbk = Buffer.concat([
      Buffer.from("# x\ndepartment: "),
      Buffer.from([0xb8, 0xfc, 0xbb, 0xbb]),
      Buffer.from("\n"),
    ]);
    expect(invalidUtf8At(gbk)).toEqual({ line: 2, col: 13 });
    expect(invalidUtf8At(Buffer.from("部门: 技术服务部\n"))).toBeUndefined();
    const r = await judge(gbk);
    expect(r.findings.map((f) => `${f.file}:${f.line}:${f.col}`)).toEqual(["svc.yaml:2:13"]);
    expect(r.findings[0].message).toMatch(/UTF-8/);
    await expect(loadConfig(dir)).rejects.toThrow(/^svc\.yaml:2:13: .*UTF-8/);
  });
});

describe("issue 11 · SVC_LOCK_TIMEOUT=abc", () => {
  it("is a usage error (exit 2) naming the variable and the expected value, not a wait forever", async () => {
    for (const bad of ["abc", "-1", "1e9", "NaN", "Infinity", "10s"]) {
      let e: unknown;
      try {
        lockTimeoutMs({ SVC_LOCK_TIMEOUT: bad });
      } catch (x) {
        e = x;
      }
      expect(e, bad).toBeInstanceOf(UsageError);
      expect((e as UsageError).exitCode).toBe(2);
      expect((e as Error).message).toMatch(/SVC_LOCK_TIMEOUT=.*秒数/);
    }
    expect(lockTimeoutMs({})).toBe(30_000);
    expect(lockTimeoutMs({ SVC_LOCK_TIMEOUT: "0.5" })).toBe(500);
    expect(lockTimeoutMs({ SVC_LOCK_TIMEOUT: "0" })).toBe(0);
    // The store's lock reads it so: a write is refused at once.
    const repo = sampleRepo();
    try {
      const store = await Store.open({ cwd: repo, env: { SVC_LOCK_TIMEOUT: "abc", SVC_CACHE: "0" } });
      await expect(store.withLock(async () => 1)).rejects.toBeInstanceOf(UsageError);
    } finally {
      cleanup(repo);
    }
  });
});

describe("issue 11 · what a process shows (built CLI)", () => {
  it("timezone: Mars/Olympus: svc check exits 1 with the location, a command exits 1 with no stack trace", () => {
    const repo = sampleRepo();
    try {
      const file = join(repo, "svc.yaml");
      writeFileSync(file, readFileSync(file, "utf8").replace(/^timezone: .*$/m, "timezone: Mars/Olympus"));
      const check = svc(repo, ["check"]);
      expect(check.code).toBe(1);
      expect(check.stdout).toMatch(/^svc\.yaml:5:11: 错误: 未知时区 Mars\/Olympus/m);
      const list = svc(repo, ["list", "letters"]);
      expect(list.code).toBe(1);
      expect(list.stderr).toMatch(/^svc: svc\.yaml:5:11: 未知时区 Mars\/Olympus/);
      expect(list.stderr).not.toMatch(/\bat \S+:\d+:\d+|RangeError/);
    } finally {
      cleanup(repo);
    }
  });
});
