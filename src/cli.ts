// The svc entry: one table of commands, one mapping of errors to exit codes.
// 0 ok · 1 the records are wrong or the action is refused · 2 usage or environment error.

import { resolve } from "node:path";
import { Command, CommanderError } from "commander";
import { COMMANDS } from "./commands/index.ts";
import { settled } from "./core/background.ts";
import { SvcError } from "./core/errors.ts";
import { isEnglish, setEnglish, t } from "./core/i18n.ts";
import { terminalSafe } from "./core/terminal.ts";
import { askAuthorAhead } from "./store/git.ts";

declare const SVC_VERSION: string;

/** 128 + SIGINT: the exit code of a command interrupted with Ctrl-C (in a prompt too). */
export const INTERRUPTED = 130;

/**
 * A closed stdout (`svc list notices | head`, `| true`) ends the command quietly, for every command
 * (issue 14): no EPIPE stack trace; exit 0, or the code the command had already set (a failing
 * `svc check | head` still fails). Writes svc makes after the reader left are dropped.
 */
export function quietOnClosedPipe(stream: NodeJS.WriteStream = process.stdout): void {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE") throw e;
    process.exit(typeof process.exitCode === "number" ? process.exitCode : 0);
  });
}
quietOnClosedPipe(process.stdout);
quietOnClosedPipe(process.stderr);

/**
 * The program with the commands `argv` may run: only the named command's module when the first word
 * after the global options is a command's name (start-up, issue 7), else all of them (help, unknown
 * commands and their suggestions).
 */
export async function program(argv: string[]): Promise<Command> {
  const p = new Command("svc")
    .description(
      t(
        "技术服务部的记录库工具：服务通知单、项目责任书、周报、考核与工资",
        "technical service department toolkit on a git repository of records",
      ),
    )
    .version(
      typeof SVC_VERSION === "string" ? SVC_VERSION : "dev",
      "-V, --version",
      t("显示版本", "show the version"),
    )
    .helpOption("-h, --help", t("显示帮助", "show help"))
    .helpCommand(false)
    .option(
      "-C, --repo <dir>",
      t(
        "记录库目录（默认：向上查找 svc.yaml；或 SVC_REPO）",
        "records repository (default: walk up to svc.yaml; or SVC_REPO)",
      ),
    )
    .option("--no-pager", t("不用分页器显示长输出", "do not page long output"))
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({ outputError: () => {} });
  const { name, repo } = invocation(argv.slice(2));
  const named = COMMANDS.filter((c) => name !== undefined && c.names.includes(name));
  // Who is acting is asked of git while the command's module loads (start-up, issue 7).
  askAuthorAhead(named.some((c) => c.actor) ? resolve(repo ?? process.env.SVC_REPO ?? ".") : undefined);
  const modules = await Promise.all((named.length ? named : COMMANDS).map((c) => c.load()));
  for (const m of modules) m.default(p);
  return p;
}

/** The first word that is not a global option, and the -C/--repo given before it. */
function invocation(args: string[]): { name?: string; repo?: string } {
  let repo: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--no-pager") continue;
    if (a === "-C" || a === "--repo") repo = args[++i];
    else if (a.startsWith("--repo=")) repo = a.slice("--repo=".length);
    else if (a.startsWith("-C") && a.length > 2) repo = a.slice(2);
    else return a.startsWith("-") ? { repo } : { name: a, repo };
  }
  return { repo };
}

/** `svc help CMD …` is `svc CMD … --help` (so only CMD's module is loaded); `svc help` is `svc --help`. */
export function helpArgs(argv: string[]): string[] {
  const i = argv.slice(2).findIndex((a) => !a.startsWith("-"));
  if (i < 0 || argv[2 + i] !== "help") return argv;
  const rest = argv.slice(3 + i).filter((a) => !a.startsWith("-"));
  return [...argv.slice(0, 2 + i), ...rest, "--help"];
}

/** The command the words of `argv` name, deepest first (`incident reflect`), for the hint of an error. */
function commandPath(p: Command | undefined, argv: string[]): string {
  const path: string[] = [];
  let at = p;
  for (const w of argv.slice(2)) {
    if (w.startsWith("-")) continue;
    const sub = at?.commands.find((c) => c.name() === w || c.aliases().includes(w));
    if (!sub) break;
    path.push(sub.name());
    at = sub;
  }
  return path.join(" ");
}

/** Commander's own suggestion ("(Did you mean list?)"), in the user's language. */
function suggestion(e: CommanderError): string {
  const m = /\(Did you mean (?:one of )?(.+)\?\)/.exec(e.message)?.[1];
  return m ? `\n${t(`你是不是想输入 ${m}？`, `did you mean ${m}?`)}` : "";
}

function commanderMessage(e: CommanderError): string {
  const arg = /'([^']+)'/.exec(e.message)?.[1] ?? "";
  switch (e.code) {
    case "commander.unknownOption":
      return t(`未知选项 ${arg}`, `unknown option ${arg}`) + suggestion(e);
    case "commander.unknownCommand":
      return t(`未知命令 ${arg}`, `unknown command ${arg}`) + suggestion(e);
    case "commander.missingArgument":
      return t(`缺少参数 ${arg}`, `missing argument ${arg}`);
    case "commander.optionMissingArgument":
      return t(`选项 ${arg} 需要一个值`, `option ${arg} needs a value`);
    case "commander.missingMandatoryOptionValue":
      return t(`缺少必需选项 ${arg}`, `missing required option ${arg}`);
    case "commander.excessArguments":
      return t("参数过多", "too many arguments");
    default:
      return e.message.replace(/^error: /, "");
  }
}

export async function main(given: string[]): Promise<number> {
  try {
    return await run(given);
  } finally {
    // What the command left running (git it started ahead, writes put off until idle) has finished
    // when main() returns, as it has when a process of its own exits (src/core/background.ts).
    await settled();
  }
}

async function run(given: string[]): Promise<number> {
  // The language of this run's environment (the same as at load in a process that runs once; tests
  // run many in one process, each with its own LANG).
  setEnglish(isEnglish());
  const argv = helpArgs(given);
  let p: Command | undefined;
  try {
    p = await program(argv);
    await p.parseAsync(argv);
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (
        e.code === "commander.helpDisplayed" ||
        e.code === "commander.version" ||
        e.code === "commander.help"
      )
        return 0;
      // The hint names the command's own help (`svc close --help`), as git and gh do.
      const cmd = e.code === "commander.unknownCommand" ? "" : commandPath(p, argv);
      const help = cmd ? `svc ${cmd} --help` : "svc --help";
      process.stderr.write(
        `svc: ${terminalSafe(commanderMessage(e))}\n${t(`用 ${help} 查看用法`, `see ${help}`)}\n`,
      );
      return 2;
    }
    if (e instanceof SvcError) {
      // A refusal may quote a record (a name, a title): its control characters shown escaped.
      process.stderr.write(`svc: ${terminalSafe(e.message)}\n`);
      if (e.hint) process.stderr.write(`  ${t("提示", "hint")}: ${terminalSafe(e.hint)}\n`);
      return e.exitCode;
    }
    if ((e as { name?: string }).name === "ExitPromptError") {
      // Ctrl-C in a prompt: the shell's code for an interrupt (128 + SIGINT), as git and gh exit.
      process.stderr.write(`svc: ${t("已取消", "cancelled")}\n`);
      return INTERRUPTED;
    }
    const err = e as Error;
    process.stderr.write(
      `svc: ${t("内部错误", "internal error")}: ${terminalSafe(err?.message ?? String(e))}\n`,
    );
    if (process.env.SVC_DEBUG) process.stderr.write(`${err?.stack}\n`);
    else
      process.stderr.write(
        `  ${t("设置 SVC_DEBUG=1 查看详情并报告此问题", "set SVC_DEBUG=1 for details and report this")}\n`,
      );
    return 2;
  }
}

process.on("unhandledRejection", (e) => {
  process.stderr.write(`svc: ${t("内部错误", "internal error")}: ${(e as Error)?.message ?? String(e)}\n`);
  process.exit(2);
});

/** The run of this process's own argv (test/fixtures/many.mjs waits for it before its own runs). */
export const ran = main(process.argv).then((code) => {
  // A command that reports (svc check) sets process.exitCode itself; errors return theirs.
  if (code !== 0 || process.exitCode === undefined) process.exitCode = code || process.exitCode;
});
