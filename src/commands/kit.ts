// What every command gets: its I/O, the clock, the store, the acting person, prompts, printing.
// Command modules import only this (with git's small helpers, to ask who is acting at once) and types
// at load time; everything heavier is import()ed inside the action (start-up, issue 7).
import type { Command } from "commander";
import { Refused, UsageError } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import { takeNotes } from "../core/notes.ts";
import { page, pagerFor } from "../core/pager.ts";
import { terminalSafe } from "../core/terminal.ts";
import type { Role } from "../schemas/enums.ts";
import type { Person } from "../schemas/index.ts";
import type { Kind } from "../schemas/kinds.ts";
import { authorIdent } from "../store/git.ts";
import type { Store } from "../store/store.ts";

export interface Paint {
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  bold(s: string): string;
  dim(s: string): string;
  cyan(s: string): string;
}

export interface Ctx {
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** --repo as given (the store resolves it). */
  repo?: string;
  json: boolean;
  /** stdin and stdout are terminals: prompts are allowed. */
  interactive: boolean;
  paint: Paint;
  out(text: string): void;
  /** Like out, but long text goes through the pager on a terminal (src/core/pager.ts). */
  page(text: string): void;
  err(text: string): void;
  store(): Promise<Store>;
  /** The acting person: the roster entry whose email is git's author identity. */
  actor(): Promise<Person>;
}

export interface GlobalOptions {
  repo?: string;
  json?: boolean;
  /** false with --no-pager. */
  pager?: boolean;
}

const plain: Paint = {
  red: (s) => s,
  green: (s) => s,
  yellow: (s) => s,
  bold: (s) => s,
  dim: (s) => s,
  cyan: (s) => s,
};

const lineOf = (s: string) => (s.endsWith("\n") ? s : `${s}\n`);

export async function makeCtx(
  opts: GlobalOptions,
  io: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<Ctx> {
  const env = io.env ?? process.env;
  const colour = Boolean(process.stdout.isTTY) && !("NO_COLOR" in env) && env.TERM !== "dumb";
  let paint = plain;
  if (colour) {
    const { default: chalk } = await import("chalk");
    paint = {
      red: chalk.red,
      green: chalk.green,
      yellow: chalk.yellow,
      bold: chalk.bold,
      dim: chalk.dim,
      cyan: chalk.cyan,
    };
  }
  let store: Promise<Store> | undefined;
  let actor: Promise<Person> | undefined;
  const ctx: Ctx = {
    env,
    cwd: io.cwd ?? process.cwd(),
    repo: opts.repo,
    json: Boolean(opts.json),
    interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY) && !env.CI,
    paint,
    // Every line svc prints: control characters from the records shown escaped (issue 11).
    out: (s) => process.stdout.write(lineOf(terminalSafe(s, colour))),
    err: (s) => process.stderr.write(lineOf(terminalSafe(s, colour))),
    page(s) {
      const text = lineOf(terminalSafe(s, colour));
      const lines = text.split("\n").length - 1;
      const cmd = pagerFor(lines, env, process.stdout, opts.pager === false);
      if (cmd && page(text, cmd, env)) return;
      process.stdout.write(text);
    },
    store() {
      store ??= import("../store/store.ts").then(({ Store }) =>
        Store.open({ cwd: ctx.cwd, repo: opts.repo, env, notify: (line) => ctx.err(line) }),
      );
      return store;
    },
    actor() {
      actor ??= ctx.store().then((s) => identify(s));
      return actor;
    },
  };
  return ctx;
}

async function identify(store: Store): Promise<Person> {
  const asked = authorIdent(store.gitTop);
  const people = store.people(); // read while git answers
  const ident = await asked;
  if (!ident?.email) {
    throw new UsageError(
      t("不知道你是谁：git 没有作者身份", "who are you? git has no author identity"),
      t(
        '设置 git config user.email "you@example.com"（或 GIT_AUTHOR_EMAIL）',
        'set git config user.email "you@example.com" (or GIT_AUTHOR_EMAIL)',
      ),
    );
  }
  const email = ident.email.toLowerCase();
  const person = people.find((p) => p.email.toLowerCase() === email);
  if (!person) {
    throw new Refused(
      t(`git 身份 ${ident.email} 不在人员名单中`, `git identity ${ident.email} is not in the roster`),
      t(
        `由主管用 svc people add 添加，或把 git config user.email 改为你在名单中的邮箱`,
        `ask the supervisor to add you with svc people add, or set git config user.email to your roster email`,
      ),
    );
  }
  if (person.active === false) {
    throw new Refused(
      t(`${person.name}（${person.id}）已不在职`, `${person.name} (${person.id}) is no longer active`),
    );
  }
  return person;
}

export const ROLE_TITLES: Record<Role, [string, string]> = {
  engineer: ["服务人员", "engineer"],
  supervisor: ["技术服务部主管", "supervisor"],
  gm: ["总经理", "general manager"],
  requester: ["任务下达人", "requester"],
  "sales-admin": ["销售内勤", "sales admin"],
  finance: ["财务", "finance"],
  "customer-service": ["客服", "customer service"],
  rd: ["研发负责人", "R&D lead"],
};

export function roleName(role: Role): string {
  const [zh, en] = ROLE_TITLES[role];
  return t(zh, en);
}

export function hasRole(p: Person, ...roles: Role[]): boolean {
  return p.roles.some((r) => roles.includes(r));
}

/** Refuse unless the person holds one of the roles; the refusal says who may do it. */
export function requireRole(p: Person, action: string, ...roles: Role[]): void {
  if (hasRole(p, ...roles)) return;
  const who = roles.map(roleName).join(t("或", " or "));
  throw new Refused(
    t(`${p.name} 无权${action}：只有${who}可以`, `${p.name} may not ${action}: only the ${who} may`),
  );
}

/** A required value: the flag, else a prompt on a terminal, else a usage error naming the flag. */
export async function need(
  ctx: Ctx,
  value: string | undefined,
  flag: string,
  question: string,
  choices?: readonly string[],
  /** Why an answer is not acceptable (undefined: it is): the prompt asks again with the reason. */
  check?: (answer: string) => string | undefined,
): Promise<string> {
  if (value !== undefined && value !== "") return value;
  if (!ctx.interactive) {
    throw new UsageError(
      t(`缺少 ${flag}`, `missing ${flag}`),
      choices ? `${t("可选", "one of")}: ${choices.join(" ")}` : undefined,
    );
  }
  const prompts = await import("@inquirer/prompts");
  if (choices)
    return prompts.select({ message: question, choices: choices.map((c) => ({ value: c, name: c })) });
  // An invalid answer is asked again with the reason, in place: no earlier answer is lost (issue 14).
  return prompts.input({
    message: question,
    required: true,
    ...(check ? { validate: (v: string) => check(v) ?? true } : {}),
  });
}

/** The reason a thrown svc error gives (its message and hint), for a prompt to show and ask again. */
export function reasonOf(f: () => unknown): string | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    const err = e as { message?: string; hint?: string };
    return [err.message, err.hint].filter(Boolean).join(t("；", "; "));
  }
}

/** Print the result: JSON with --json, otherwise the human text (through a pager when long, on a terminal). */
export function emit(ctx: Ctx, data: unknown, human: () => string | undefined): void {
  if (ctx.json) ctx.out(JSON.stringify(data, null, 2));
  else {
    const s = human();
    if (s) ctx.page(s);
  }
}

/** Adds the flags every reporting command shares. */
export function withJson(cmd: Command): Command {
  return cmd.option("--json", t("以 JSON 输出", "print JSON"));
}

/** Wraps a command's action: builds the context from global and local options. */
/** Positional arguments that name a record, by name: the kinds they may be (null: any kind). */
const ID_ARGUMENTS: Record<string, readonly Kind[] | null | undefined> = {
  letter: ["letter"],
  notice: ["notice"],
  incident: ["incident"],
  id: null,
};

export function action<A extends unknown[]>(
  fn: (ctx: Ctx, ...args: A) => Promise<void>,
): (...args: unknown[]) => Promise<void> {
  return async (...args: unknown[]) => {
    const cmd = args[args.length - 1] as Command;
    const opts = cmd.optsWithGlobals() as GlobalOptions;
    const ctx = await makeCtx(opts);
    const given = args.slice(0, -1);
    // Ids as typed (`svc show pj3rq`, `svc close l-20261105-PJ3RQ`): resolved once, by the store, before
    // the command sees them (issue 14), so its messages and commits name the whole id.
    const argNames = cmd.registeredArguments.map((a) => a.name());
    for (let i = 0; i < argNames.length; i++) {
      // `<id>` names an existing record only in show/render and incident's steps (never in `people add`)
      const kinds =
        argNames[i] !== "id"
          ? ID_ARGUMENTS[argNames[i]]
          : cmd.parent?.name() === "incident"
            ? (["incident"] as const)
            : ["show", "render"].includes(cmd.name())
              ? null
              : undefined;
      if (kinds !== undefined && typeof given[i] === "string" && given[i] !== "")
        given[i] = (await ctx.store()).resolveId(given[i] as string, kinds ?? undefined);
    }
    try {
      await fn(ctx, ...(given as A));
    } finally {
      for (const n of takeNotes()) ctx.err(ctx.paint.yellow(`${t("注意", "warning")}: ${n}`));
    }
  };
}
