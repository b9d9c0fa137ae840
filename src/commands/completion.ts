// svc completion bash|zsh|fish — shell completion from commander's own command table (issue 14): the
// shell script asks `svc __complete WORDS…` for the candidates of the last word; the commands, their
// subcommands and options come from the registered commands, ids and people from the repository.
// Loaded only when used (start-up).
import type { Command, Option } from "commander";
import { UsageError } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import { action } from "./kit.ts";

const SHELLS = ["bash", "zsh", "fish"] as const;

const SCRIPTS: Record<(typeof SHELLS)[number], string> = {
  bash: `# svc completion for bash: eval "$(svc completion bash)" (e.g. in ~/.bashrc)
_svc_complete() {
  local IFS=$'\\n'
  COMPREPLY=($(svc __complete -- "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null))
}
complete -o default -F _svc_complete svc
`,
  zsh: `#compdef svc
# svc completion for zsh: eval "$(svc completion zsh)" (e.g. in ~/.zshrc, after compinit)
_svc_complete() {
  local -a candidates
  candidates=("\${(@f)$(svc __complete -- "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  compadd -a candidates
}
compdef _svc_complete svc
`,
  fish: `# svc completion for fish: svc completion fish | source (e.g. in ~/.config/fish/config.fish)
complete -c svc -f -a '(svc __complete -- (commandline -opc)[2..-1] (commandline -ct) 2>/dev/null)'
`,
};

/** Arguments and option values that name a record or a person: what completes them. */
const ID_ARGS: Record<string, readonly ("notice" | "letter" | "incident" | "person" | "customer")[]> = {
  letter: ["letter"],
  notice: ["notice"],
  incident: ["incident"],
  id: ["notice", "letter", "incident", "person", "customer"],
  person: ["person"],
  engineer: ["person"],
  to: ["person"],
  as: ["person"],
  customer: ["customer"],
};

export default function register(program: Command): void {
  program
    .command("completion")
    .argument("<shell>", "bash | zsh | fish")
    .description(
      t(
        '输出 shell 补全脚本：eval "$(svc completion bash)"（zsh 同）；fish：svc completion fish | source',
        'print the shell completion script: eval "$(svc completion bash)" (zsh alike); fish: svc completion fish | source',
      ),
    )
    .action((shell: string) => {
      if (!(SHELLS as readonly string[]).includes(shell))
        throw new UsageError(t(`不支持的 shell "${shell}"`, `unsupported shell "${shell}"`), `bash zsh fish`);
      process.stdout.write(SCRIPTS[shell as (typeof SHELLS)[number]]);
    });
  program
    .command("__complete", { hidden: true })
    .argument("[words...]")
    .allowUnknownOption()
    .helpOption(false)
    .action(
      action(async (ctx, words: string[] = []) => {
        const list = await candidates(words, async () => {
          try {
            return await ctx.store();
          } catch {
            return undefined; // outside a repository: commands and options only
          }
        });
        if (list.length) process.stdout.write(`${list.join("\n")}\n`);
      }),
    );
}

/** The completions of the last of `words` (the words after `svc`, the last one being typed). */
export async function candidates(
  words: string[],
  store: () => Promise<import("../store/store.ts").Store | undefined>,
): Promise<string[]> {
  const { Command } = await import("commander");
  const { COMMANDS } = await import("./index.ts");
  const root = new Command("svc");
  for (const c of COMMANDS) (await c.load()).default(root);
  const prev = words.slice(0, -1);
  const cur = words.at(-1) ?? "";
  let at: Command = root;
  let positional = 0;
  let pendingOption: Option | undefined;
  for (const w of prev) {
    if (pendingOption) {
      pendingOption = undefined;
      continue;
    }
    if (w.startsWith("-")) {
      const o = at.options.find((x) => x.long === w || x.short === w);
      if (o && (o.required || o.optional) && !w.includes("=")) pendingOption = o;
      continue;
    }
    const sub = at.commands.find((c) => c.name() === w || c.aliases().includes(w));
    if (sub && positional === 0) at = sub;
    else positional++;
  }
  const starts = (xs: Iterable<string>) => [...new Set(xs)].filter((x) => x.startsWith(cur)).sort();
  if (pendingOption) return starts(await idsFor(pendingOption.attributeName(), store));
  if (cur.startsWith("-"))
    return starts(at.options.flatMap((o) => (o.hidden ? [] : [o.long ?? o.short ?? ""])).filter(Boolean));
  const subs = at.commands.filter((c) => !(c as unknown as { _hidden?: boolean })._hidden);
  if (subs.length && positional === 0) return starts(subs.flatMap((c) => [c.name(), ...c.aliases()]));
  const arg = at.registeredArguments[positional];
  return arg ? starts(await idsFor(arg.name(), store)) : [];
}

async function idsFor(
  name: string,
  open: () => Promise<import("../store/store.ts").Store | undefined>,
): Promise<string[]> {
  const kinds = ID_ARGS[name];
  if (!kinds) return [];
  const store = await open();
  if (!store) return [];
  return kinds.flatMap((k) => store.ids(k));
}
