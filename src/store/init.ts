// `svc init`: a ready records repository — git (when needed), svc.yaml from the template with the
// regulation's defaults, one folder per record kind, .gitignore — committed.
import { existsSync, lstatSync, mkdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import type { Ctx } from "../commands/kit.ts";
import { Refused, UsageError } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import { KINDS } from "../schemas/kinds.ts";
import { git } from "./git.ts";
import { CONFIG_FILE } from "./repo.ts";
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
  },
): Promise<{
  root: string;
  commit: string;
  files: string[];
  kept: import("./setup.ts").Kept[];
  top: string;
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

  mkdirSync(root, { recursive: true });
  if ((await git(["rev-parse", "--git-dir"], { cwd: root, allowFail: true })).code !== 0) {
    await git(["init", "-q"], { cwd: root });
    // Performance (issue 7): a records repository grows to tens of thousands of small files. These
    // make every index write cheaper (one commit in a 50k-file repository: ~115 → ~80 ms for plain
    // git), and svc's own commits with it. Only for a repository svc creates: an existing one keeps
    // its owner's settings.
    for (const [key, value] of [
      ["feature.manyFiles", "true"],
      ["core.splitIndex", "true"],
    ])
      await git(["config", key, value], { cwd: root });
  }

  const { parseDocument } = await import("yaml");
  const doc = parseDocument(template("svc.yaml"));
  if (opts.department) doc.set("department", opts.department);
  if (opts.company) doc.set("company", opts.company);
  if (opts.timezone) doc.set("timezone", opts.timezone);
  if (rates.dailyRate !== undefined) doc.setIn(["pay", "travel", "dailyRate"], rates.dailyRate);
  if (rates.specialRate !== undefined) doc.setIn(["pay", "travel", "specialRate"], rates.specialRate);
  if (rates.phone !== undefined) doc.setIn(["pay", "phone"], rates.phone);

  const files = [CONFIG_FILE, ".gitignore"];
  // Never through a symlink (issue 11): svc.yaml is new (refused above if present in any form).
  for (const rel of [CONFIG_FILE, ".gitignore"]) assertSafeTarget(root, rel, rel);
  writeFileNoFollow(join(root, CONFIG_FILE), Buffer.from(doc.toString({ lineWidth: 0 })));
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
  return { root, commit, files, kept, top };
}
