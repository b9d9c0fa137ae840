// Issue 14, item 3: a closed stdout (`svc list notices | head`) ends every command quietly (exit 0, no
// EPIPE stack trace); Ctrl-C in a prompt exits 130 (128 + SIGINT), not 2.
import { spawn, spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { BIN, env, freshRepo, SUP, sampleRepo } from "./helpers.ts";

function intoClosedPipe(cwd: string, args: string[]): { code: number; stderr: string } {
  // `true` exits at once, so svc writes into a pipe nobody reads.
  const cmd = `"${process.execPath}" "${BIN}" ${args.join(" ")} 2>err.txt | true; echo "\${PIPESTATUS[0]}"; cat err.txt`;
  const r = spawnSync("bash", ["-c", cmd], { cwd, env: env(SUP), encoding: "utf8" });
  const [code, ...err] = r.stdout.split("\n");
  return { code: Number(code), stderr: err.join("\n").trim() };
}

describe("issue 14: closed stdout, Ctrl-C", () => {
  it("svc list notices | true, svc due --json | true, svc --help …: exit 0, nothing on stderr", () => {
    const dir = sampleRepo();
    for (const args of [
      ["list", "notices"],
      ["due", "--json"],
      ["list", "letters", "--json"],
      ["--help"],
      ["people", "list"],
    ]) {
      const r = intoClosedPipe(dir, args);
      expect(r.stderr, args.join(" ")).toBe("");
      expect(r.code, args.join(" ")).toBe(0);
    }
  });

  it("Ctrl-C in a prompt exits 130 (issue 14 item 3)", async () => {
    const dir = freshRepo();
    const e = { ...env(SUP, { TERM: "xterm-256color" }) };
    const cmd = `"${process.execPath}" "${BIN}" open`;
    const child = spawn("script", ["-qec", cmd, "/dev/null"], { cwd: dir, env: e });
    let out = "";
    let sent = false;
    child.stdout.on("data", (b: Buffer) => {
      out += b.toString();
      // the first question is on the screen: press Ctrl-C
      if (!sent && /\?/.test(out)) {
        sent = true;
        child.stdin.write("\x03");
      }
    });
    const code = await new Promise<number>((res) => child.on("close", (c) => res(c ?? -1)));
    expect(sent).toBe(true);
    expect(out).toMatch(/已取消/);
    expect(code).toBe(130);
  });
});
