// What the workflow commands (open, sign, assign … archive) share: the acting person with --as, the
// time with --at, the state-machine guard, attachments and the one commit per action. Loads only
// kit.ts, core/* and types at start-up; the store and the domain are import()ed when used.
import type { Command } from "commander";
import { Refused, UsageError } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import type { LetterAction } from "../domain/workflow.ts";
import type { AnyRecord, AttachmentRef, Customer, Letter, Person, Stamp } from "../schemas/index.ts";
import type { Kind } from "../schemas/kinds.ts";
import { type Range, rangeText } from "../schemas/limits.ts";
import type { Attach, Store } from "../store/store.ts";
import { type Ctx, emit, roleName } from "./kit.ts";

/** Repeatable option, also accepting comma lists: --tool a --tool b,c. */
export const collect = (v: string, prev: string[] = []) => [
  ...prev,
  ...v
    .split(/[,，]/)
    .map((s) => s.trim())
    .filter(Boolean),
];

export interface Acting {
  /** Who runs the command (git identity); authors the commit. */
  actor: Person;
  /** On whose behalf the step is recorded (--as), else the actor. */
  person: Person;
  /** Set when entered on behalf of someone else. */
  as?: string;
}

export interface When {
  at: string;
  backdated?: true;
  enteredAt?: string;
}

/** Adds --as and --at to a command. */
export function onBehalf(cmd: Command): Command {
  return cmd
    .option(
      "--as <person>",
      t(
        "代他人录入（如从纸质表格转录；须 svc.yaml allowAs 允许）",
        "enter on someone's behalf (from a paper form; svc.yaml allowAs)",
      ),
    )
    .option(
      "--at <time>",
      t("补录：实际发生时间（须 allowAs 允许的角色）", "back-date: when it happened (allowAs roles only)"),
    );
}

function allowed(store: Store, actor: Person): boolean {
  return actor.roles.some((r) => store.config.allowAs.includes(r));
}

function allowedWho(store: Store): string {
  return store.config.allowAs.map(roleName).join(t("或", " or ")) || t("（无人）", "(nobody)");
}

/** The acting person; with --as, the roster entry the step is recorded for. */
export async function acting(
  ctx: Ctx,
  store: Store,
  as: string | undefined,
  writes: Kind[],
): Promise<Acting> {
  store.prepareCommit(writes); // every command that asks who is acting here goes on to commit
  const actor = await ctx.actor();
  if (!as || as === actor.id) return { actor, person: actor };
  if (!allowed(store, actor))
    throw new Refused(
      t(
        `${actor.name} 不能用 --as 代他人录入：svc.yaml allowAs 只允许${allowedWho(store)}`,
        `${actor.name} may not enter on someone's behalf with --as: svc.yaml allowAs allows only ${allowedWho(store)}`,
      ),
    );
  const person = store.person(as) ?? store.people().find((p) => p.name === as);
  if (!person)
    throw new Refused(
      t(`--as ${as}：人员名单中没有此人`, `--as ${as}: no such person in the roster`),
      t("用 svc people list 查看编号", "see svc people list"),
    );
  return { actor, person, as: actor.id };
}

/** The time of the step: now, or --at (back-dated, allowAs roles only). */
export async function when(store: Store, who: Acting, at?: string): Promise<When> {
  const { isoLocal, parseTime, isAfter } = await import("../core/time.ts");
  const now = isoLocal(store.now(), store.tz);
  if (!at) return { at: now };
  if (!allowed(store, who.actor))
    throw new Refused(
      t(
        `${who.actor.name} 不能用 --at 补录：svc.yaml allowAs 只允许${allowedWho(store)}`,
        `${who.actor.name} may not back-date with --at: svc.yaml allowAs allows only ${allowedWho(store)}`,
      ),
    );
  const when = parseTime(at, store.tz, "--at");
  if (isAfter(when, now)) throw new UsageError(t(`--at ${at} 在将来`, `--at ${at} is in the future`));
  return { at: when, backdated: true, enteredAt: now };
}

/**
 * The time of an entry that decides someone's fine (D16) — a report's submission, a reflection, an
 * incident notice: now, or `--at` for the roles svc.yaml `allowAs` lists, never in the future, never
 * entered by the person whose fine it decides (`fined`: the GM enters the supervisor's late paper),
 * and never before `notBefore` (a resubmission is not earlier than the report it replaces).
 */
export async function entryTime(
  store: Store,
  actor: Person,
  o: { at?: string; fined: string[]; what: [zh: string, en: string]; notBefore?: string },
): Promise<When> {
  const { isoLocal, isAfter } = await import("../core/time.ts");
  const now = isoLocal(store.now(), store.tz);
  let w: When = { at: now };
  if (o.at) {
    if (o.fined.includes(actor.id))
      throw new Refused(
        t(
          `${actor.name} 不能补录（--at）${o.what[0]}：它的时间决定本人的扣款（D16）`,
          `${actor.name} may not back-date (--at) ${o.what[1]}: its time decides their own fine (D16)`,
        ),
        t(
          "由 svc.yaml allowAs 所列的其他角色（如总经理）补录",
          "have another role that svc.yaml allowAs lists (e.g. the GM) enter it",
        ),
      );
    w = await when(store, { actor, person: actor }, o.at);
  }
  if (o.notBefore && isAfter(o.notBefore, w.at))
    throw new Refused(
      t(
        `未写入：${o.what[0]}的时间 ${w.at} 早于上次提交 ${o.notBefore}`,
        `not written: ${o.what[1]} at ${w.at} would be earlier than its earlier submission at ${o.notBefore}`,
      ),
      w.backdated
        ? t(
            "重新提交不能早于首次提交（D16）",
            "a resubmission is never earlier than the first submission (D16)",
          )
        : t("本机时钟可能不准：校准时钟", "this machine's clock may be wrong: set it"),
    );
  return w;
}

/** A Stamp for the step: by (the person), at, and the marks of --as / --at. */
export function stampOf(who: Acting, w: When): Stamp {
  return {
    by: who.person.id,
    at: w.at,
    ...(w.backdated ? { backdated: true, enteredAt: w.enteredAt } : {}),
    ...(who.as ? { as: who.as } : {}),
  };
}

/**
 * The D16 marks of a stamp (backdated, enteredAt, as) — spread into every step a command records
 * (a log entry, a delay, the site confirmation …), so a transcription is what `svc check` accepts.
 */
export function marks(stamp: Stamp): Pick<Stamp, "backdated" | "enteredAt" | "as"> {
  return {
    ...(stamp.backdated ? { backdated: true, enteredAt: stamp.enteredAt } : {}),
    ...(stamp.as ? { as: stamp.as } : {}),
  };
}

/** The supervisors' ids: whose fine the department's reports and incident notices decide. */
export function supervisors(store: Store): string[] {
  return store
    .people()
    .filter((p) => p.roles.includes("supervisor"))
    .map((p) => p.id);
}

export function peopleMap(store: Store): Map<string, Person> {
  return new Map(store.people().map((p) => [p.id, p]));
}

/** The letter, or a refusal naming the id. */
export function loadLetter(store: Store, id: string): Letter {
  return store.require("letter", id);
}

/** Refuse unless the state machine allows the person to take this step on the letter now. */
export async function guard(
  store: Store,
  action: LetterAction,
  letter: Letter,
  person: Person,
): Promise<void> {
  const { letterRefusal, LETTER_STEPS } = await import("../domain/workflow.ts");
  const r = letterRefusal(action, letter, person, peopleMap(store));
  if (!r) return;
  let hint = r.hint;
  if (r.kind === "role" && !hint && LETTER_STEPS[action].who.includes("self") && allowed(store, person))
    hint = t(
      `代服务人员录入：加 --as ${letter.engineer}`,
      `to enter it for the engineer: --as ${letter.engineer}`,
    );
  throw new Refused(r.message, hint);
}

/**
 * Copy a file into attachments/<sha[0:2]>/<sha><ext>; returns the record's reference and the copy.
 * A file that is not a regular file, or larger than svc.yaml `attachments.maxBytes`, is refused
 * before it is read (store.readAttachment); the bytes hashed are the bytes committed.
 */
export async function attachment(ctx: Ctx, file: string): Promise<{ ref: AttachmentRef; attach: Attach }> {
  const { createHash } = await import("node:crypto");
  const { basename, resolve } = await import("node:path");
  const { attachmentPath } = await import("../domain/letters.ts");
  const { readAttachment } = await import("../store/store.ts");
  const store = await ctx.store();
  const source = resolve(ctx.cwd, file);
  const data = readAttachment(source, store.maxAttachmentBytes, file);
  const sha256 = createHash("sha256").update(data).digest("hex");
  const path = attachmentPath(sha256, basename(source));
  return { ref: { path, sha256, name: basename(source) }, attach: { source, dest: path, content: data } };
}

export interface Save {
  put: { record: AnyRecord; create?: boolean }[];
  attach?: Attach[];
  /** Records (and kinds of new records) the step rests on without writing them: see store `Change`. */
  basis?: { kind: Kind; id: string }[];
  basisNew?: Kind[];
  /** `<action> <id>: <summary>` */
  action: string;
  id: string;
  summary: string;
  author: Person;
  /** Extra fields of the --json output. */
  data?: Record<string, unknown>;
  human: string;
}

/**
 * D16: a step is never recorded before the step it follows — typed with --at, or stamped "now" by a
 * machine whose clock is behind. Refused with both times named; problems the letter already had are
 * left to svc check.
 */
export function refuseOutOfOrder(
  order: (l: Letter) => { path: string[]; message: string }[],
  before: Letter,
  after: Letter,
  w: When,
): void {
  const known = new Set(order(before).map((p) => p.path.join(".")));
  const fresh = order(after).find((p) => !known.has(p.path.join(".")));
  if (!fresh) return;
  throw new Refused(
    t(`未写入：${fresh.message}`, `not written: ${fresh.message}`),
    w.backdated
      ? t("检查 --at 的时间", "check the time given with --at")
      : t(
          `本机时钟可能不准（现在是 ${w.at}）：校准时钟，或用 --at 写明实际时间`,
          `this machine's clock may be wrong (it says ${w.at}): set the clock, or give the real time with --at`,
        ),
  );
}

/** One commit for the action, then the output (`--json`: id, commit and the extra fields). */
export async function save(ctx: Ctx, store: Store, s: Save): Promise<string> {
  const summary = s.summary.replace(/\s+/g, " ").trim().slice(0, 80);
  const { commit } = await store.commit({
    put: s.put,
    attach: s.attach,
    basis: s.basis,
    basisNew: s.basisNew,
    message: `${s.action} ${s.id}: ${summary}`,
    author: s.author,
  });
  emit(ctx, { id: s.id, commit, ...s.data }, () => s.human);
  return commit;
}

/** Parse a typed time in the department's zone (usage error naming the flag when invalid). */
export async function timeOf(store: Store, value: string, flag: string): Promise<string> {
  const { parseTime } = await import("../core/time.ts");
  return parseTime(value, store.tz, flag);
}

/** A positive integer flag value (a position: which delay, which change); at most 1000. */
export function positiveInt(value: string, flag: string): number {
  return intIn(value, flag, { min: 1, max: 1000 });
}

/**
 * A whole number typed for a flag, within the range (src/schemas/limits.ts): plain digits only (no
 * 1e9, 0x10 or 5.0), else a usage error naming the flag, the value and the range.
 */
export function intIn(value: string, flag: string, r: Range): number {
  const s = value.trim();
  const n = /^[+-]?\d{1,16}$/.test(s) ? Number(s) : Number.NaN;
  if (!(n >= r.min && n <= r.max))
    throw new UsageError(
      t(
        `${flag} 应为 ${rangeText(r)} 之间的整数：${value}`,
        `${flag} must be a whole number from ${r.min} to ${r.max}: ${value}`,
      ),
    );
  return n;
}

/** An amount of money in yuan (at most two decimals) within the range, else a usage error. */
export function amountIn(value: string, flag: string, r: Range): number {
  const s = value.trim();
  const n = /^[+-]?\d{1,16}(\.\d{1,2})?$/.test(s) ? Number(s) : Number.NaN;
  if (!(n >= r.min && n <= r.max))
    throw new UsageError(
      t(
        `${flag} 应为 ${rangeText(r)} 元之间的金额（最多两位小数）：${value}`,
        `${flag} must be an amount from ${r.min} to ${r.max} yuan (at most two decimals): ${value}`,
      ),
    );
  return n;
}

export interface StepResult {
  letter: Letter;
  summary: string;
  human: string;
  attach?: Attach[];
  /** Other records the step changes in the same commit (e.g. the unit's software version, D21). */
  put?: Save["put"];
  data?: Record<string, unknown>;
}

export interface StepEnv {
  store: Store;
  who: Acting;
  w: When;
  stamp: Stamp;
  letter: Letter;
}

/**
 * One step of the letter workflow: load the letter, find the acting person (--as) and the time
 * (--at), ask the state machine, apply the change with the resulting status, commit once.
 * The commit message is `<commit action> <letter id>: <summary>`.
 */
export async function letterStep(
  ctx: Ctx,
  id: string,
  o: { as?: string; at?: string },
  act: LetterAction,
  change: (env: StepEnv) => Promise<StepResult> | StepResult,
  commitAction: string = act.replace("-", " "),
): Promise<void> {
  const store = await ctx.store();
  const letter = loadLetter(store, id);
  const who = await acting(ctx, store, o.as, ["letter"]);
  await guard(store, act, letter, who.person);
  const w = await when(store, who, o.at);
  const r = await change({ store, who, w, stamp: stampOf(who, w), letter });
  const { nextState } = await import("../domain/workflow.ts");
  const { ordered, stepOrderProblems } = await import("../domain/letters.ts");
  const updated: Letter = ordered({ ...r.letter, status: nextState(act, letter) });
  refuseOutOfOrder(stepOrderProblems, letter, updated, w);
  await save(ctx, store, {
    put: [{ record: updated }, ...(r.put ?? [])],
    attach: r.attach,
    action: commitAction,
    id,
    summary: r.summary,
    author: who.actor,
    data: { status: updated.status, ...r.data },
    human: r.human,
  });
}

/**
 * The existing customer a new name is close to (苏州精工 / 苏州精工机械, issue 14): offered on a terminal;
 * without one, refused naming them (`--new-customer` creates it anyway). Undefined: create the customer.
 */
export async function closeCustomer(
  ctx: Ctx,
  store: Store,
  customerName: string,
): Promise<Customer | undefined> {
  // A name close to an existing customer's (苏州精工 / 苏州精工机械): offer those, never a silent twin.
  const { closeNames } = await import("../domain/close-names.ts");
  const close = closeNames(customerName, store.list("customer"));
  if (close.length && ctx.interactive) {
    const { select } = await import("@inquirer/prompts");
    const NEW = "\u0000new";
    const picked = await select({
      message: t(
        `已有名称相近的客户，“${customerName}”是其中之一吗？`,
        `customers with a close name exist: is "${customerName}" one of them?`,
      ),
      choices: [
        ...close.map((c) => ({ value: c.id, name: `${c.name}（${c.id}）` })),
        {
          value: NEW,
          name: t(`不是，新建客户“${customerName.trim()}”`, `no, a new customer "${customerName.trim()}"`),
        },
      ],
    });
    if (picked !== NEW) return close.find((c) => c.id === picked);
  } else if (close.length)
    throw new Refused(
      t(
        `没有名为“${customerName}”的客户，但有名称相近的：${close.map((c) => `${c.name}（${c.id}）`).join("、")}`,
        `no customer named "${customerName}", but close ones exist: ${close.map((c) => `${c.name} (${c.id})`).join(", ")}`,
      ),
      t(
        `用 --customer ${close[0].id} 选已有客户，或加 --new-customer 新建`,
        `use --customer ${close[0].id} for an existing one, or add --new-customer to create it`,
      ),
    );
  return undefined;
}
