// `svc --version` and `svc --help` are answered by bin/svc.js without loading the command table
// (start-up, issue 7); what they print must be exactly what the command table prints.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers.ts";

const run = (file: string, args: string[], lang: string) =>
  spawnSync(process.execPath, [join(ROOT, file), ...args], {
    env: { PATH: process.env.PATH, LANG: lang, NO_COLOR: "1" },
    encoding: "utf8",
  });

describe("start-up fast paths", () => {
  for (const lang of ["zh_CN.UTF-8", "en_US.UTF-8"]) {
    it(`svc --help and -h print the command table's help (${lang})`, () => {
      const table = run("dist/cli.js", ["--help"], lang);
      expect(table.status).toBe(0);
      expect(table.stdout).toContain("Usage: svc");
      for (const flag of ["--help", "-h"]) {
        const fast = run("bin/svc.js", [flag], lang);
        expect(fast.status).toBe(0);
        expect(fast.stdout).toBe(table.stdout);
      }
    });
  }

  it("svc --version prints package.json's version", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    expect(run("bin/svc.js", ["--version"], "C").stdout).toBe(`${pkg.version}\n`);
  });
});

describe("the command table", () => {
  it("names every command (and alias) each module registers, so only the one run needs loading", async () => {
    const { Command } = await import("commander");
    const { COMMANDS } = await import("../src/commands/index.ts");
    const seen = new Set<string>();
    for (const entry of COMMANDS) {
      const p = new Command("svc");
      (await entry.load()).default(p);
      const registered = p.commands.flatMap((c) => [c.name(), ...c.aliases()]);
      expect(registered.sort()).toEqual([...entry.names].sort());
      for (const name of entry.names) {
        expect(seen.has(name)).toBe(false);
        seen.add(name);
      }
    }
  });

  it("runs a command with only its own module registered (-C before the command name too)", () => {
    const one = run("dist/cli.js", ["-C", "/nonexistent", "open", "--help"], "en_US.UTF-8");
    expect(one.status).toBe(0);
    expect(one.stdout).toContain("Usage: svc open");
    const unknown = run("dist/cli.js", ["opne"], "en_US.UTF-8");
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("unknown command opne");
  });
});
