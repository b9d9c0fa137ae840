// `svc init`: a ready records repository — git (when needed), svc.yaml from the template with the
// regulation's defaults, one folder per record kind, .gitignore — committed.
import { existsSync, lstatSync, mkdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import type { Ctx } from "../commands/kit.ts";
import { Refused, UsageError } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import { KINDS } from "../schemas/kinds.ts";
import { git } from "./git.ts";
import { CONFIG_FILE, checkConfigText } from "./repo.ts";
import { assertSafeTarget, writeFileNoFollow } from "./safe-write.ts";

export const TEMPLATES = new URL("../templates/", import.meta.url);

export function template(name: string): string {
  // dist/cli.js and src/store/init.ts both sit one level below the package root's templates/.
  for (const base of [TEMPLATES, new URL("../../templates/", import.meta.url)]) {
    const file = new URL(name, base);
    if (existsSync(file)) return readFileSync(file, "utf8");
  }
  throw new UsageError(`template ${name} is missing from the svc installation`);
}

function amount(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0)
    throw new UsageError(
      t(`${flag} 应为非负数：${value}`, `${flag} must be a non-negative number: ${value}`),
    );
  return n;
}

export async function initRepository(
  ctx: Ctx,
  dir: string,
  opts: {
    department?: string;
    company?: string;
    timezone?: string;
    dailyRate?: string;
    specialRate?: string;
    phone?: string;
    requireSigned?: boolean;
    signingKey?: string;
    since?: string;
  },
): Promise<{
  root: string;
  commit: string;
  files: string[];
  kept: import("./setup.ts").Kept[];
  top: string;
  signing?: Signing;
}> {
  const root = resolve(ctx.cwd, dir);
  if (lstatSync(join(root, CONFIG_FILE), { throwIfNoEntry: false })) {
    throw new Refused(
      t(
        `${root} 已经是记录库（已有 ${CONFIG_FILE}）`,
        `${root} is already a records repository (${CONFIG_FILE} exists)`,
      ),
    );
  }
  const rates = {
    dailyRate: amount(opts.dailyRate, "--daily-rate"),
    specialRate: amount(opts.specialRate, "--special-rate"),
    phone: amount(opts.phone, "--phone"),
  };
  if (opts.timezone) {
    try {
      new Intl.DateTimeFormat("en", { timeZone: opts.timezone });
    } catch {
      throw new UsageError(t(`未知时区 ${opts.timezone}`, `unknown time zone ${opts.timezone}`));
    }
  }
  if (ctx.interactive && rates.dailyRate === undefined) {
    // D10: the regulation leaves the travel rates blank; the department must set them.
    const { input } = await import("@inquirer/prompts");
    const ask = async (q: string) => {
      const a = await input({ message: q, default: "" });
      return a.trim() === "" ? undefined : amount(a, q);
    };
    rates.dailyRate = await ask(
      t("出差补助（元/天，可留空以后填写）", "travel allowance per day (blank: later)"),
    );
    rates.specialRate = await ask(t("特殊地区出差补助（元/天）", "special-region allowance per day"));
    rates.phone ??= await ask(t("话费补助（元/月）", "phone allowance per month"));
  }

  if (opts.signingKey !== undefined && !opts.requireSigned)
    throw new UsageError(
      t("--signing-key 需要与 --require-signed 一起使用", "--signing-key goes with --require-signed"),
    );
  const signingKey =
    opts.signingKey === undefined ? undefined : signingKeyFile(resolve(ctx.cwd, opts.signingKey));
  const { parseDocument } = await import("yaml");
  const doc = parseDocument(template("svc.yaml"));
  if (opts.department) doc.set("department", opts.department);
  if (opts.company) doc.set("company", opts.company);
  if (opts.timezone) doc.set("timezone", opts.timezone);
  // D13: the records begin today (department time), or on --since to bring in earlier history.
  const { dateLocal, parseDate } = await import("../core/time.ts");
  const { now } = await import("../core/clock.ts");
  const since = opts.since
    ? parseDate(opts.since, "--since")
    : dateLocal(now(ctx.env), opts.timezone ?? String(doc.get("timezone") ?? "Asia/Shanghai"));
  const { Pair, isMap } = await import("yaml");
  if (isMap(doc.contents)) {
    const at = doc.contents.items.findIndex(
      (p) => String((p.key as { value?: unknown })?.value) === "output",
    );
    const value = doc.createNode(since);
    value.comment = " 记录起始日：此前的周报、报表、考核不计未交或迟交（DOMAIN D13）";
    (doc.contents.items as unknown[]).splice(at + 1, 0, new Pair(doc.createNode("since"), value));
  }
  if (rates.dailyRate !== undefined) doc.setIn(["pay", "travel", "dailyRate"], rates.dailyRate);
  if (rates.specialRate !== undefined) doc.setIn(["pay", "travel", "specialRate"], rates.specialRate);
  if (rates.phone !== undefined) doc.setIn(["pay", "phone"], rates.phone);
  if (opts.requireSigned) doc.setIn(["integrity", "requireSignedCommits"], true);

  // svc never writes a svc.yaml that svc check would reject (an absurd --daily-rate, say).
  const configText = doc.toString({ lineWidth: 0 });
  const { findings } = await checkConfigText(configText);
  if (findings.length)
    throw new UsageError(
      findings.map((f) => `${f.file}:${f.line}:${f.col}: ${f.message}`).join("\n"),
      t("检查 svc init 的参数", "check the options given to svc init"),
    );

  mkdirSync(root, { recursive: true });
  const created = (await git(["rev-parse", "--git-dir"], { cwd: root, allowFail: true })).code !== 0;
  if (created) {
    await git(["init", "-q"], { cwd: root });
    // Performance (issue 7): a records repository grows to tens of thousands of small files. These
    // make every index write cheaper (one commit in a 50k-file repository: ~115 → ~80 ms for plain
    // git), and svc's own commits with it. Only for a repository svc creates: an existing one keeps
    // its owner's settings.
    // Issue 18: git keeps its commit-graph up to date after every fetch (each `svc sync`), with the
    // changed-path filters the first one below has — so `git log -- path` (svc show) reads a filter
    // per commit instead of a tree: ~12× less work on a history of 70,000 commits.
    for (const [key, value] of [
      ["feature.manyFiles", "true"],
      ["core.splitIndex", "true"],
      ["fetch.writeCommitGraph", "true"],
    ])
      await git(["config", key, value], { cwd: root });
  }

  const signing = opts.requireSigned ? await setUpSigning(root, signingKey) : undefined;

  const files = [CONFIG_FILE, ".gitignore"];
  // Never through a symlink (issue 11): svc.yaml is new (refused above if present in any form).
  for (const rel of [CONFIG_FILE, ".gitignore"]) assertSafeTarget(root, rel, rel);
  writeFileNoFollow(join(root, CONFIG_FILE), Buffer.from(configText));
  // An existing .gitignore is kept: svc's lines are appended only when it lacks them.
  const ignore = join(root, ".gitignore");
  const ours = template("gitignore");
  const had = existsSync(ignore) ? readFileSync(ignore, "utf8") : undefined;
  const lines = new Set((had ?? "").split("\n").map((l) => l.trim()));
  const missing = ours.split("\n").filter((l) => l.trim() && !l.startsWith("#") && !lines.has(l.trim()));
  if (had === undefined) writeFileNoFollow(ignore, Buffer.from(ours));
  else if (missing.length) writeFileNoFollow(ignore, Buffer.from(`${had.trimEnd()}\n${ours}`));
  for (const { dir: folder } of Object.values(KINDS)) {
    const keep = `${folder}/.gitkeep`;
    assertSafeTarget(root, keep, keep);
    mkdirSync(join(root, folder), { recursive: true });
    if (!existsSync(join(root, keep))) writeFileNoFollow(join(root, keep), Buffer.alloc(0));
    files.push(keep);
  }
  // CI running svc check --history, and editor settings mapping each folder to its JSON Schema. A
  // file of the same name that svc did not write (an existing project's CI) is left alone (issue 11).
  const { writeCi, writeEditorSettings } = await import("./setup.ts");
  const kept: import("./setup.ts").Kept[] = [];
  let top = root;
  for (const w of [await writeCi(root), await writeEditorSettings(root)]) {
    for (const f of w.files) files.push(relative(root, join(w.top, f)).split("\\").join("/"));
    kept.push(...w.kept);
    top = w.top;
  }
  await git(["add", "--", ...files], { cwd: root });
  const r = await git(
    ["commit", "-q", "-m", t("init: 创建记录库", "init: create the records repository"), "--", ...files],
    {
      cwd: root,
      allowFail: true,
    },
  );
  if (r.code !== 0) {
    await git(["reset", "-q", "--", ...files], { cwd: root, allowFail: true });
    throw new UsageError(
      t(`git 提交失败：${r.stderr.trim()}`, `git commit failed: ${r.stderr.trim()}`),
      t("先设置 git config user.name 和 user.email", "set git config user.name and user.email first"),
    );
  }
  const commit = (await git(["rev-parse", "HEAD"], { cwd: root })).stdout.trim();
  // The first commit-graph, with changed-path filters: git's later writes (fetch, gc) keep them.
  if (created)
    await git(["commit-graph", "write", "--reachable", "--changed-paths"], { cwd: root, allowFail: true });
  return { root, commit, files, kept, top, signing };
}

interface Signing {
  /** The key git signs with here (user.signingKey), when one is known. */
  key?: string;
  /** Its public half, for `svc people add … --signing-key`. */
  publicKey?: string;
}

/** `--signing-key`: a private key file, or a `.pub` (with ssh-agent holding its private key). */
function signingKeyFile(file: string): { file: string; publicKey?: string } {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new UsageError(t(`找不到签名密钥文件：${file}`, `no such signing key file: ${file}`));
  }
  if (/PRIVATE KEY/.test(text))
    return { file, publicKey: existsSync(`${file}.pub`) ? `${file}.pub` : undefined };
  if (/^\S+ AAAA/.test(text.trim())) return { file, publicKey: file };
  throw new UsageError(
    t(`${file} 不是 SSH 密钥文件`, `${file} is not an SSH key file`),
    t("用 ssh-keygen -t ed25519 生成", "create one with ssh-keygen -t ed25519"),
  );
}

/**
 * `svc init --require-signed` (issue 12 item 7): git in this repository signs with SSH (`gpg.format
 * ssh`); with a key given (or one already configured for this user), every commit is signed
 * (`commit.gpgSign`) — the init commit itself, and svc's own (store.ts passes `-S` to commit-tree).
 */
async function setUpSigning(
  root: string,
  key: { file: string; publicKey?: string } | undefined,
): Promise<Signing> {
  await git(["config", "gpg.format", "ssh"], { cwd: root });
  if (key) await git(["config", "user.signingKey", key.file], { cwd: root });
  const configured = (
    await git(["config", "--get", "user.signingKey"], { cwd: root, allowFail: true })
  ).stdout.trim();
  if (configured) await git(["config", "commit.gpgSign", "true"], { cwd: root });
  const publicKey = key?.publicKey ?? (configured.endsWith(".pub") ? configured : undefined);
  return { key: configured || undefined, publicKey };
}
