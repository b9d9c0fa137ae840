// Issue 11, "Concurrency inside one clone": two svc processes changing the same record. The first
// is held (SVC_PAUSE_BEFORE_LOCK) after it has read and built its change, the second runs whole, then
// the first goes on. Either the first is refused naming the record, or both changes are there —
// never one silently lost.
import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, env, git, type Identity, type RunResult, SAMPLE, sampleRepo, svc } from "./helpers.ts";

const SUP: Identity = { name: "王志强", email: "wangzhiqiang@dfzk.example.com" };
const HUANG: Identity = { name: "黄勇", email: "huangyong@dfzk.example.com" };
const ZHANG: Identity = { name: "张伟", email: "zhangwei@dfzk.example.com" };
/** 派工, site confirmed, a solution and travel: approvable with an advance. */
const PLANNED = "L-20261119-832ww";
/** The sample's engineer of a letter (the sample's corrections may have reassigned it), as git identity. */
function engineerOf(letter: string): Identity {
  const id = /^engineer: (\S+)$/m.exec(
    readFileSync(join(SAMPLE, "letters/2026", `${letter}.yaml`), "utf8"),
  )?.[1];
  const person = readFileSync(join(SAMPLE, "people", `${id}.yaml`), "utf8");
  return { name: /^name: (.+)$/m.exec(person)![1], email: /^email: (.+)$/m.exec(person)![1] };
}
/** 在建, engineer zhangwei: closable. */
const WORKING = "L-20261118-ndda8";
const OTHER_WORKING = "L-20261116-0xsgp"; // 在建, engineer huangyong

/** Run `first` until it has built its change, run `second` whole, then let `first` finish. */
async function race(
  dir: string,
  first: { args: string[]; who: Identity },
  second: { args: string[]; who: Identity },
): Promise<{ first: RunResult; second: RunResult }> {
  const gate = join(dir, ".git", "test-gate");
  const child = spawn(process.execPath, [BIN, ...first.args], {
    cwd: dir,
    env: env(first.who, { SVC_PAUSE_BEFORE_LOCK: gate }),
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => {
    stdout += d;
  });
  child.stderr.on("data", (d) => {
    stderr += d;
  });
  const exited = new Promise<number>((resolve) => child.on("close", (code) => resolve(code ?? -1)));
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  while (!existsSync(`${gate}.ready`) && !gone) await new Promise((r) => setTimeout(r, 10));
  if (gone) throw new Error(`the first command ended before its commit: ${stderr}${stdout}`);
  const secondResult = svc(dir, second.args, second.who);
  writeFileSync(gate, "go");
  const code = await exited;
  return { first: { code, stdout, stderr }, second: secondResult };
}

function letterText(dir: string, id: string): string {
  return readFileSync(join(dir, "letters", "2026", `${id}.yaml`), "utf8");
}

/** The outcome the issue allows: the first refused naming the record, or both applied. */
function neitherLost(first: RunResult, id: string, firstApplied: boolean): void {
  if (first.code === 0) expect(firstApplied).toBe(true);
  else {
    expect(first.code).toBe(1);
    expect(first.stderr).toContain(id);
    expect(first.stderr).toContain("另一个 svc");
    expect(first.stderr).not.toMatch(/\n\s+at /); // no stack trace
  }
}

describe("issue 11 · concurrency inside one clone", () => {
  it("log vs log on one letter: neither entry is silently lost", async () => {
    const dir = sampleRepo();
    const { first, second } = await race(
      dir,
      { args: ["log", WORKING, "第一条记录"], who: ZHANG },
      { args: ["log", WORKING, "第二条记录"], who: ZHANG },
    );
    expect(second.code, second.stderr).toBe(0);
    const text = letterText(dir, WORKING);
    expect(text).toContain("第二条记录");
    neitherLost(first, WORKING, text.includes("第一条记录"));
    expect(first.code).toBe(1); // this store refuses (it does not rebuild)
    expect(git(dir, ["status", "--porcelain"])).toBe("");
  });

  it("close vs log: the ratings and the signature are not lost, and the history stays clean", async () => {
    const dir = sampleRepo();
    const sample = git(dir, ["rev-parse", "HEAD"]).trim();
    const { first, second } = await race(
      dir,
      {
        args: ["close", WORKING, "--rating", "态度=优,水平=良,结果=优", "--signed-by", "王经理"],
        who: ZHANG,
      },
      { args: ["log", WORKING, "收尾记录"], who: ZHANG },
    );
    expect(second.code, second.stderr).toBe(0);
    const text = letterText(dir, WORKING);
    expect(text).toContain("收尾记录");
    neitherLost(first, WORKING, text.includes("王经理"));
    const check = svc(dir, ["check", "--history", `${sample}..HEAD`], ZHANG);
    expect(check.code, check.stdout).toBe(0);
  });

  it("approve --advance vs log: the advance is not lost", async () => {
    const dir = sampleRepo();
    const { first, second } = await race(
      dir,
      { args: ["approve", PLANNED, "--advance", "500"], who: SUP },
      { args: ["log", PLANNED, "出发前记录"], who: engineerOf(PLANNED) },
    );
    expect(second.code, second.stderr).toBe(0);
    const text = letterText(dir, PLANNED);
    expect(text).toContain("出发前记录");
    neitherLost(first, PLANNED, /advance: 500/.test(text));
  });

  it("two logs on different letters at once both land (no refusal without a conflict)", async () => {
    const dir = sampleRepo();
    const { first, second } = await race(
      dir,
      { args: ["log", OTHER_WORKING, "甲"], who: HUANG },
      { args: ["log", WORKING, "乙"], who: ZHANG },
    );
    expect(second.code, second.stderr).toBe(0);
    expect(first.code, first.stderr).toBe(0);
    expect(letterText(dir, OTHER_WORKING)).toContain("甲");
    expect(letterText(dir, WORKING)).toContain("乙");
    expect(git(dir, ["status", "--porcelain"])).toBe("");
  });

  it("assign vs assign of one notice: the notice decided the step, so no second letter for it", async () => {
    const dir = sampleRepo();
    const notice = "N-20261119-tt9hm"; // 已签, no letter yet
    const assign = (to: string) => ({
      args: ["assign", notice, "--to", to, "--estimate", "2026-12-20 18:00"],
      who: SUP,
    });
    const { first, second } = await race(dir, assign("huangyong"), assign("zhangwei"));
    expect(second.code, second.stderr).toBe(0);
    expect(first.code).toBe(1);
    expect(first.stderr).toContain("另一个 svc");
    const letters = git(dir, ["grep", "-l", `notice: ${notice}`, "--", "letters"])
      .trim()
      .split("\n");
    expect(letters).toHaveLength(1);
  });
});
