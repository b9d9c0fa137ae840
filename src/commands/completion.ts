// svc completion bash|zsh|fish|powershell — shell completion from @bomb.sh/tab (issue 14; the product
// card: a maintained library where one does the job). tab writes the shell scripts and answers the
// shell's `svc complete -- WORDS…` from commander's own command table (its commander adapter); svc adds
// only what the library cannot know: the ids and people of the repository for the arguments and
// options that name them, and the aliases. Loaded only when used (start-up); the library is bundled
// into this command's chunk (scripts/build.mjs).
import type { Command } from "commander";
import { UsageError } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import type { Kind } from "../schemas/kinds.ts";
import type { Store } from "../store/store.ts";
import { action } from "./kit.ts";

const SHELLS = ["bash", "zsh", "fish", "powershell"] as const;

const describe = () =>
  t(
    '输出 shell 补全脚本：eval "$(svc completion bash)"（zsh 同）；fish：svc completion fish | source',
    'print the shell completion script: eval "$(svc completion bash)" (zsh alike); fish: svc completion fish | source',
  );

/** Any record a person names by id (`svc show`, `svc render`). */
const ANY: readonly Kind[] = [
  "notice",
  "letter",
  "incident",
  "customer-complaint",
  "equipment",
  "rd",
  "person",
  "customer",
];

/** Arguments and option values (by name) that name a record or a person: the kinds completing them. */
const BY_NAME: Record<string, readonly Kind[]> = {
  letter: ["letter"],
  notice: ["notice"],
  incident: ["incident"],
  order: ["rd"],
  person: ["person"],
  engineer: ["person"],
  to: ["person"],
  as: ["person"],
  owner: ["person"],
  "agreed-by": ["person"],
  customer: ["customer"],
  product: ["product"],
  equipment: ["equipment"],
};

/** `<id>` by the command it belongs to (its first word; `people add` names a new one). */
function idKinds(path: string): readonly Kind[] {
  if (path === "people add") return [];
  const first = path.split(" ")[0];
  if (first === "people") return ["person"];
  if (first === "incident") return ["incident"];
  if (path.startsWith("complaint customer ")) return ["customer-complaint"];
  if (first === "equipment") return ["equipment"];
  return ANY;
}

export default function register(program: Command): void {
  program
    .command("completion")
    .argument("<shell>", SHELLS.join(" | "))
    .description(describe())
    .action(async (shell: string) => {
      if (!(SHELLS as readonly string[]).includes(shell))
        throw new UsageError(
          t(`不支持的 shell "${shell}"`, `unsupported shell "${shell}"`),
          SHELLS.join(" "),
        );
      const { script } = await import("@bomb.sh/tab");
      const text = printed(() => script(shell, "svc", "svc")).join("\n");
      // bash: file names when svc has no candidates and does not forbid them (a path typed; see answer).
      process.stdout.write(text.replace(/^complete -F /m, "complete -o default -F "));
    });
  // What the scripts call on every TAB: `svc complete -- WORDS…` (tab's protocol), the last word the one typed.
  program
    .command("complete", { hidden: true })
    .argument("[words...]")
    .allowUnknownOption()
    .helpOption(false)
    .action(
      action(async (ctx, words: string[] = []) => {
        // tab's handlers are synchronous: the repository is opened first, unless a flag's name is typed.
        const store = (words.at(-1) ?? "").startsWith("-")
          ? undefined
          : await import("../store/store.ts")
              .then(({ Store }) =>
                Store.open({ cwd: ctx.cwd, repo: repoIn(words) ?? ctx.repo, env: ctx.env }),
              )
              .catch(() => undefined); // outside a repository: commands and options only
        for (const line of await answer(words, store)) ctx.out(line);
      }),
    );
}

/** `-C DIR` / `--repo DIR` among the words typed: the repository whose ids complete. */
function repoIn(words: string[]): string | undefined {
  for (let i = 0; i < words.length - 1; i++) {
    const w = words[i];
    if ((w === "-C" || w === "--repo") && i + 1 < words.length - 1) return words[i + 1];
    if (w.startsWith("--repo=")) return w.slice("--repo=".length);
  }
  return undefined;
}

/** The lines of tab's answer to `svc complete -- WORDS…`: `value\tdescription` lines, then `:directive`. */
export async function answer(words: string[], store: Store | undefined): Promise<string[]> {
  const { model, paths } = await completer(store, commandIn(words));
  const lines = printed(() => model.parse([...words]));
  // A path is typed (`-C DIR`, `--out DIR`, `--attach FILE`): no candidates of svc's, and the directive
  // tab always sends (4, no file completion) becomes 0, so the shell completes file names itself.
  if (paths() && lines.at(-1)?.startsWith(":")) lines[lines.length - 1] = ":0";
  return lines;
}

/** What tab prints with console.log, as lines (so svc prints it itself: ctx.out, in-process tests). */
function printed(run: () => void): string[] {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...xs: unknown[]) => void lines.push(xs.join(" "));
  try {
    run();
  } finally {
    console.log = log;
  }
  return lines;
}

/**
 * The command the words name, when it is typed in full and a later word is being completed (the
 * global options and their values skipped): `assign` of `svc -C dir assign N --to zh`.
 */
function commandIn(words: string[]): string | undefined {
  for (let i = 0; i < words.length - 1; i++) {
    const w = words[i];
    if (w === "-C" || w === "--repo") i++;
    else if (!w.startsWith("-")) return w;
  }
  return undefined;
}

/**
 * tab's completion model of svc: every command, subcommand and option with its description from the
 * command table, the aliases, and handlers giving the ids and people of `store` (if open). With
 * `command` (a word typed in full before the one being completed) only that command's module is
 * loaded, not all forty: what tab answers about it is the same, in half the time of a TAB.
 */
export async function completer(
  store: Store | undefined,
  command?: string,
): Promise<{ model: import("@bomb.sh/tab").RootCommand; paths: () => boolean }> {
  const { Command } = await import("commander");
  const { COMMANDS } = await import("./index.ts");
  const { default: tab } = await import("@bomb.sh/tab/commander");
  // tab's model is one object per process (the package's default export, which tab() fills): what an
  // earlier answer in the same process put there (svc's main() embedded, the tests' runner) is let go,
  // so each answer is a fresh process's — the commands in the table's order, however few the last loaded.
  const { default: shared } = await import("@bomb.sh/tab");
  shared.commands.clear();
  shared.options.clear();
  shared.arguments.clear();
  shared.completions.length = 0;
  const root = new Command("svc");
  // The global options, as src/cli.ts gives them (-C/--repo, --no-pager).
  root
    .option("-C, --repo <dir>", t("记录库目录", "records repository"))
    .option("--no-pager", t("不用分页器显示长输出", "do not page long output"));
  // This module's own commands are the adapter's (`completion <shell>`, the hidden `complete`).
  const named = command === undefined ? undefined : COMMANDS.find((c) => c.names.includes(command));
  for (const c of named ? [named] : COMMANDS)
    if (!c.names.includes("completion")) (await c.load()).default(root);
  const model = tab(root, { completionCommandName: "completion" });
  const self = model.commands.get("completion");
  if (self) self.description = describe();
  // Aliases (`prepare` for `solution`): the same options and arguments under the other name.
  for (const c of root.commands)
    for (const alias of c.aliases()) {
      const of = model.commands.get(c.name());
      if (!of) continue;
      const copy = model.command(alias, of.description);
      copy.options = of.options;
      copy.arguments = of.arguments;
    }
  const names = store ? namesOf(store) : new Map<string, string>();
  const ids = (kinds: readonly Kind[]) => (complete: (value: string, description: string) => void) => {
    if (!store) return;
    for (const kind of kinds)
      for (const id of store.ids(kind).sort()) complete(id, kind === "person" ? (names.get(id) ?? "") : "");
  };
  let typingPath = false;
  const path = () => {
    typingPath = true;
  };
  const table = commandsOf(root);
  for (const [at, cmd] of [["", model] as const, ...model.commands]) {
    const own = table.get(at);
    for (const [name, arg] of cmd.arguments) {
      const kinds = name === "id" ? idKinds(at) : BY_NAME[name];
      if (kinds?.length) arg.handler = ids(kinds);
      if (PATH_ARGS.includes(name)) arg.handler = path;
    }
    for (const [name, opt] of cmd.options) {
      const kinds = BY_NAME[name];
      if (kinds && !opt.isBoolean) opt.handler = ids(kinds);
      const flags = own?.options.find((o) => o.long === `--${name}`)?.flags ?? "";
      if (/<(file|dir)>/.test(flags)) opt.handler = path;
    }
  }
  return { model, paths: () => typingPath };
}

/** Arguments that name a file or folder (`svc init [dir]`, `svc import [paths...]`). */
const PATH_ARGS = ["dir", "paths", "file"];

/** Every command of the tree by its path as tab's model keys it (`incident reflect`; the root ""). */
function commandsOf(root: Command): Map<string, Command> {
  const table = new Map<string, Command>();
  const walk = (c: Command, at: string) => {
    table.set(at, c);
    for (const sub of c.commands) walk(sub, at ? `${at} ${sub.name()}` : sub.name());
  };
  walk(root, "");
  return table;
}

/** The roster's names (张三), shown beside the ids by the shells that show descriptions. */
function namesOf(store: Store): Map<string, string> {
  try {
    // One line per candidate in tab's protocol: a name's own tabs and line breaks become spaces.
    return new Map(store.list("person").map((p) => [p.id, p.name.replace(/\s+/g, " ")]));
  } catch {
    return new Map(); // a roster svc check would reject: the ids alone
  }
}
