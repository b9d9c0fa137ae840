// Shell completion (issue 14; the product card: a maintained library, @bomb.sh/tab), asked of the real
// shells: the script `svc completion SHELL` prints is loaded the way the README says, and the shell
// itself is asked for the completions of a line — bash by calling the function `complete -p svc` names
// with COMP_WORDS/COMP_LINE set (tab's script needs the bash-completion package), zsh by pressing TAB
// in a zpty, fish with `complete -C`. One shell process per case. A shell that cannot be found is
// skipped, the reason in the test's title (.ci/run installs zsh, fish and bash-completion).
// Each shell's first case loads the script as the README says (`eval "$(svc completion bash)"`, …);
// the others load the same script from a file that one `svc completion SHELL` wrote (a Node start-up
// of svc less per case: the completions asked are still svc's own, `svc complete` run by the shell).
import { execFile, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, env, SUP, sampleRepo, tempDir } from "./helpers.ts";

const dir = sampleRepo();
// `svc` on the PATH, as installed; a home of its own, so no rc file of the machine's user is read.
const bin = tempDir("svc-bin-");
writeFileSync(join(bin, "svc"), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
chmodSync(join(bin, "svc"), 0o755);
const home = tempDir("svc-home-");
for (const d of [".config", ".local/share"]) mkdirSync(join(home, d), { recursive: true });
const shellEnv = (extra: NodeJS.ProcessEnv = {}) =>
  env(SUP, {
    PATH: `${bin}:${process.env.PATH}`,
    HOME: home,
    XDG_CONFIG_HOME: join(home, ".config"),
    XDG_DATA_HOME: join(home, ".local/share"),
    TERM: "dumb",
    ...extra,
  });

const onPath = (shell: string) => spawnSync("sh", ["-c", `command -v ${shell}`]).status === 0;
const BASH_COMPLETION = [
  "/usr/share/bash-completion/bash_completion",
  "/etc/bash_completion",
  "/usr/local/share/bash-completion/bash_completion",
  "/opt/homebrew/etc/profile.d/bash_completion.sh",
  "/usr/local/etc/profile.d/bash_completion.sh",
].find((f) => existsSync(f));

const q = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
const values = (out: string) => [...new Set(out.split("\n").filter(Boolean))].map((l) => l.split("\t")[0]);

/** The shell's stdout (the cases run at once: each waits mostly on the shell and svc, not the CPU). */
function run(cmd: string, args: string[], extra?: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(
      cmd,
      args,
      { cwd: dir, env: shellEnv(extra), encoding: "utf8", timeout: 60_000 },
      (e, out, err) => (e ? reject(new Error(`${cmd} failed: ${e.message}\n${err}`)) : resolve(out)),
    ),
  );
}

/**
 * How a case loads `svc completion SHELL`: the README's command for the shell's first case, then the
 * file holding what that first `svc completion SHELL` printed (the same bytes).
 */
const loaded = new Set<string>();
function load(shell: "bash" | "zsh" | "fish"): string {
  const file = join(home, `completion.${shell}`);
  if (!loaded.has(shell)) {
    loaded.add(shell);
    const r = spawnSync("svc", ["completion", shell], { cwd: dir, env: shellEnv(), encoding: "utf8" });
    if (r.status !== 0) throw new Error(`svc completion ${shell}: ${r.stderr}`);
    writeFileSync(file, r.stdout);
    return shell === "fish" ? "svc completion fish | source" : `eval "$(svc completion ${shell})"`;
  }
  return shell === "fish" ? `source ${q(file)}` : `eval "$(cat ${q(file)})"`;
}

/** bash: the completion function of `svc`, called as bash calls it, COMPREPLY printed. */
async function bash(line: string): Promise<string[]> {
  const words = line.split(" ");
  const script = [
    `source ${q(BASH_COMPLETION ?? "")}`,
    load("bash"),
    `COMP_LINE=${q(line)}; COMP_POINT=\${#COMP_LINE}`,
    `COMP_WORDS=(${words.map(q).join(" ")}); COMP_CWORD=${words.length - 1}`,
    `fn=$(complete -p svc | sed -E 's/.* -F ([^ ]+) .*/\\1/')`,
    // compopt only works while bash itself completes: its complaint is not the point here
    `"$fn" svc ${q(words.at(-1) ?? "")} ${q(words.at(-2) ?? "")} 2>/dev/null`,
    `printf '%s\\n' "\${COMPREPLY[@]}"`,
  ].join("\n");
  return values(await run("bash", ["--norc", "--noprofile", "-c", script]));
}

// zsh: an interactive zsh in a pseudo-terminal (zpty), compinit, the script eval'ed, the line typed and
// TAB pressed; compadd is wrapped to write what it adds (after zsh's own matching) to a file.
const ZSH_HARNESS = `out=$1 line=$2 load=$3
zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z "PROMPT='' RPROMPT='' LISTMAX=1000000; autoload -Uz compinit && compinit -u -D"
zpty -w z "$load"
zpty -w z "compadd() { if [[ \\\${@[1,(i)(-|--)]} != *-(O|A|D)\\\\ * ]]; then local -a h; builtin compadd -O h \\"\\$@\\"; print -rl -- \\$h >> \${(q)out}; fi; builtin compadd \\"\\$@\\" }"
zpty -w z "_svc_tab() { zle complete-word; print -n 'TAB''DONE' }; zle -N _svc_tab; bindkey '^I' _svc_tab"
zpty -w z "$line"$'\\t'
zpty -r z _ '*TABDONE*'
zpty -d z
`;
const harness = join(tempDir("svc-zsh-"), "harness.zsh");
writeFileSync(harness, ZSH_HARNESS);
let zshRuns = 0;
async function zsh(line: string): Promise<string[]> {
  const out = join(home, `zsh-${zshRuns++}.out`);
  writeFileSync(out, "");
  await run("zsh", ["-f", harness, out, line, load("zsh")]);
  return values(readFileSync(out, "utf8"));
}

/** fish: `complete -C LINE` after `svc completion fish | source` (value TAB description). */
async function fishLines(line: string, extra?: NodeJS.ProcessEnv): Promise<string[]> {
  const script = `${load("fish")}; complete -C $argv[1]`;
  return (await run("fish", ["--no-config", "-c", script, line], extra)).split("\n").filter(Boolean);
}
const fish = async (line: string) => values((await fishLines(line)).join("\n"));

const SHELLS = [
  { name: "bash", ask: bash, missing: !onPath("bash") ? "bash" : !BASH_COMPLETION ? "bash-completion" : "" },
  { name: "zsh", ask: zsh, missing: onPath("zsh") ? "" : "zsh" },
  { name: "fish", ask: fish, missing: onPath("fish") ? "" : "fish" },
];

for (const shell of SHELLS) {
  const title = shell.missing
    ? `${shell.name}: skipped — ${shell.missing} not found (apt-get install -y ${shell.missing})`
    : `${shell.name}: svc completion ${shell.name}, asked of ${shell.name} itself`;
  describe.skipIf(Boolean(shell.missing)).concurrent(title, () => {
    it("a command by its first letters: svc ass → assign, assess", async () => {
      expect((await shell.ask("svc ass")).sort()).toEqual(["assess", "assign"]);
    });

    it("svc assign <TAB>: the service notices of the repository", async () => {
      const ids = await shell.ask("svc assign ");
      expect(ids).toContain("N-20261119-tt9hm");
      expect(ids.length).toBeGreaterThan(10);
      expect(ids.every((id) => /^N-\d{8}-[0-9a-z]{5}$/.test(id))).toBe(true);
    });

    it("svc close L-2026111<TAB>: the letters of those days", async () => {
      const ids = await shell.ask("svc close L-2026111");
      expect(ids).toContain("L-20261116-0xsgp");
      expect(ids.every((id) => id.startsWith("L-2026111"))).toBe(true);
    });

    it("people for --to and --engineer: svc assign N --to zh, svc list letters --engineer <TAB>", async () => {
      expect((await shell.ask("svc assign N-20261119-tt9hm --to zh")).sort()).toEqual([
        "zhangwei",
        "zhaoxs",
        "zhoumin",
      ]);
      const people = await shell.ask("svc list letters --engineer ");
      expect(people).toEqual(expect.arrayContaining(["huangyong", "zhangwei", "chenjie", "wangzhu"]));
      expect(people.some((p) => p.startsWith("N-") || p.startsWith("--"))).toBe(false);
    });

    it("a path is the shell's own: svc -C no<TAB>, svc weekly --out no<TAB> → notices/", async () => {
      for (const line of ["svc -C no", "svc weekly --out no"]) {
        const got = (await shell.ask(line)).map((p) => p.replace(/\/$/, ""));
        // bash: svc offers nothing and readline's own file names follow (`complete -o default`, which
        // the function cannot show; test/completion.protocol checks the script registers it)
        expect(got).toEqual(shell.name === "bash" ? [] : ["notices"]);
      }
    });

    it("an option by its first letters, and an alias: svc close --rat, svc prep", async () => {
      expect(await shell.ask("svc close --rat")).toEqual(["--rating"]);
      expect(await shell.ask("svc prep")).toEqual(["prepare"]);
    });
  });
}

describe.skipIf(!onPath("fish"))("descriptions (fish shows them)", () => {
  it("commands described in Chinese, in English under LANG=en; people by their names", async () => {
    expect(await fishLines("svc ass")).toContain(
      "assign\t主管派工：为已签字的通知单生成项目责任书（不加 --to 时按区域、产品专家、在办数量推荐）",
    );
    const en = (await fishLines("svc ass", { LANG: "en_US.UTF-8" })).find((l) => l.startsWith("assign\t"));
    expect(en).toMatch(/^assign\tthe supervisor assigns a signed notice/);
    expect(await fishLines("svc assign N-20261119-tt9hm --to zhang")).toEqual(["zhangwei\t张伟"]);
  });
});
