// svc reassign without --to on a terminal (D15, issue 14's leftover): the supervisor is asked "改派给谁？"
// with the engineers in the ranking of svc assign (region, product expert, open load) — the engineer
// holding the letter left out, each with the reasons of his place — and the one chosen with the arrow
// keys gets the letter. What the person sees is what `svc reassign` without a terminal proposes.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, env, type Identity, sampleRepo, svc } from "./helpers.ts";
import { plainText } from "./tty.ts";

const WANG: Identity = { name: "王志强", email: "wangzhiqiang@dfzk.example.com" }; // the sample's supervisor
const NOW = { SVC_NOW: "2026-12-01T10:00:00+08:00" };
const LETTER = "L-20261116-0xsgp"; // 在建, held by huangyong, a 华南 notice for a VFD-500

/** svc on a terminal (util-linux `script`): when `question` appears, the screen so far is kept and `keys` typed. */
function answer(
  cwd: string,
  args: string[],
  question: RegExp,
  keys: string,
): Promise<{ code: number; asked: string; out: string }> {
  const e = { ...env(WANG, { TERM: "xterm-256color", COLUMNS: "200", SVC_PAGER: "cat", ...NOW }) };
  delete e.NO_COLOR;
  const cmd = [process.execPath, BIN, ...args].map((a) => `'${a}'`).join(" ");
  const child = spawn("script", ["-qec", `stty cols 200 2>/dev/null; ${cmd}`, "/dev/null"], { cwd, env: e });
  let out = "";
  let asked = "";
  child.stdout.setEncoding("utf8"); // a character split across two reads stays one character
  child.stdout.on("data", (text: string) => {
    out += text;
    if (!asked && question.test(plainText(out))) {
      asked = plainText(out);
      child.stdin.write(keys);
    }
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), 30_000); // a hang fails the test, not the suite
  return new Promise((res) =>
    child.on("close", (c) => {
      clearTimeout(timer);
      res({ code: c ?? -1, asked, out: plainText(out) });
    }),
  );
}

describe("svc reassign on a terminal: the ranked engineers (D15)", () => {
  it("asks 改派给谁？ with the ranking of svc assign, the holder left out; ↓ Enter gives the letter to the second", async () => {
    const dir = sampleRepo();
    // Without a terminal the same ranking is the refusal's hint: "1. linfeng  林峰  — reasons" …
    const proposed = svc(dir, ["reassign", LETTER, "--reason", "人手调整"], WANG, NOW);
    expect(proposed.code).toBe(2);
    const ranking = proposed.stderr
      .split("\n")
      .map((l) => /^(\d+)\. (\S+) {2}(\S+) {2}— (.+)$/.exec(l.trim()))
      .filter((m) => m !== null);
    expect(ranking.map((m) => m[2])).toEqual(["linfeng", "liuyang", "chenjie", "zhangwei", "maxin"]);

    const r = await answer(
      dir,
      ["reassign", LETTER, "--reason", "人手调整"],
      /改派给谁？[\s\S]*maxin/,
      "\x1b[B\r",
    );
    expect(r.code, r.out).toBe(0);
    // The question, then every candidate as a line of the ranking, in its order, the first one selected.
    const shown = r.asked.slice(r.asked.indexOf("改派给谁？"));
    const lines = ranking.map((m) => m[0]);
    const at = lines.map((l) => shown.indexOf(l));
    expect(at.every((i) => i > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(shown).toMatch(
      /❯ 1\. linfeng {2}林峰 {2}— 负责华南区域；VFD-500 通用变频器的产品专家；在办责任书 1 份/,
    );
    expect(shown).not.toContain("huangyong");
    // The second of the list chosen: the letter is now his.
    expect(r.out).toContain(`责任书 ${LETTER} 已由 黄勇 改派给 刘洋（人手调整）`);
    expect(readFileSync(join(dir, "letters/2026", `${LETTER}.yaml`), "utf8")).toMatch(/^engineer: liuyang$/m);
  });
});
