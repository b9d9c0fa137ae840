import type { Command } from "commander";
import { Refused, UsageError } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import { parseDate } from "../core/time.ts";
import { ROLES, type Role, TIERS } from "../schemas/enums.ts";
import type { Person } from "../schemas/index.ts";
import { HIRED_YEARS } from "../schemas/limits.ts";
import { action, emit, requireRole, roleName, withJson } from "./kit.ts";

interface PersonOptions {
  name?: string;
  role?: string[];
  region?: string;
  email?: string;
  phone?: string;
  tier?: string;
  hired?: string;
  expert?: string[];
  inactive?: boolean;
  active?: boolean;
  signingKey?: string;
}

const collect = (v: string, prev: string[] = []) => [
  ...prev,
  ...v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean),
];

function personOptions(cmd: Command): Command {
  return cmd
    .option("--name <name>", t("姓名", "full name"))
    .option(
      "--role <role>",
      t(`角色（可重复）：${ROLES.join(" ")}`, `role (repeatable): ${ROLES.join(" ")}`),
      collect,
    )
    .option("--region <region>", t("负责区域，如 华东", "region covered, e.g. 华东"))
    .option("--email <email>", t("git 邮箱（用来识别提交人）", "git email (identifies the person's commits)"))
    .option("--phone <phone>", t("电话", "phone"))
    .option("--tier <tier>", t("工资档次：一等 二等 三等", "salary tier: 一等 二等 三等"))
    .option("--hired <date>", t("入职日期 YYYY-MM-DD", "hire date YYYY-MM-DD"))
    .option(
      "--expert <product>",
      t("精通的产品（产品专家，可重复）", "product the person is expert in (repeatable)"),
      collect,
    )
    .option(
      "--signing-key <key>",
      t(
        '提交签名用的 SSH 公钥：密钥文本（ssh-ed25519 AAAA…）或 .pub 文件路径；"" 删除',
        'SSH public key the person signs commits with: the key text (ssh-ed25519 AAAA…) or a .pub file path; "" removes it',
      ),
    );
}

/** `--signing-key`: the key text or a `.pub` file (relative to the working directory), validated. */
async function signingKey(cwd: string, value: string): Promise<string | undefined> {
  if (value.trim() === "") return undefined;
  const { parseSshPublicKey } = await import("../core/ssh-key.ts");
  let text = value;
  if (!/^\S+ AAAA/.test(value.trim())) {
    const { readFileSync, statSync } = await import("node:fs");
    const { resolve } = await import("node:path");
    const file = resolve(cwd, value);
    if (!statSync(file, { throwIfNoEntry: false })?.isFile())
      throw new UsageError(
        t(
          `--signing-key 既不是 SSH 公钥也不是文件：${value}`,
          `--signing-key is neither an SSH public key nor a file: ${value}`,
        ),
        t("给出公钥文本或 ~/.ssh/id_ed25519.pub", "give the key text or ~/.ssh/id_ed25519.pub"),
      );
    text = readFileSync(file, "utf8");
  }
  const parsed = parseSshPublicKey(text);
  if ("key" in parsed) return parsed.key;
  const why: Record<typeof parsed.problem, [string, string]> = {
    empty: ["是空的", "is empty"],
    private: ["是私钥——只能给出公钥（.pub）", "is a private key: give the public key (.pub)"],
    format: ["不是“类型 base64”格式", 'is not "<type> <base64>"'],
    type: [
      "的类型不是 ssh-ed25519、ssh-rsa、ecdsa-sha2-… 之一",
      "is not of a type ssh signs with (ssh-ed25519, ssh-rsa, ecdsa-sha2-…)",
    ],
    blob: [
      "的 base64 内容不是该类型的公钥（被截断或改动？）",
      "has base64 that is not a key of its type (truncated or edited?)",
    ],
  };
  throw new UsageError(
    t(`--signing-key ${why[parsed.problem][0]}`, `--signing-key ${why[parsed.problem][1]}`),
    t(
      "用 ssh-keygen -t ed25519 生成密钥，给出 .pub 文件",
      "create one with ssh-keygen -t ed25519 and give the .pub file",
    ),
  );
}

async function apply(base: Partial<Person>, o: PersonOptions, cwd: string): Promise<Partial<Person>> {
  const p = { ...base };
  if (o.name !== undefined) p.name = o.name;
  if (o.role) {
    for (const r of o.role)
      if (!ROLES.includes(r as Role))
        throw new UsageError(t(`未知角色 ${r}`, `unknown role ${r}`), ROLES.join(" "));
    p.roles = o.role as Role[];
  }
  if (o.region !== undefined) p.region = o.region;
  if (o.email !== undefined) p.email = o.email;
  if (o.phone !== undefined) p.phone = o.phone;
  if (o.tier !== undefined) {
    if (!TIERS.includes(o.tier as Person["tier"] & string))
      throw new UsageError(t(`未知档次 ${o.tier}`, `unknown tier ${o.tier}`), TIERS.join(" "));
    p.tier = o.tier as Person["tier"];
  }
  if (o.hired !== undefined) p.hired = parseDate(o.hired, "--hired", HIRED_YEARS);
  if (o.expert) p.experts = o.expert;
  if (o.inactive) p.active = false;
  if (o.active) delete p.active;
  if (o.signingKey !== undefined) {
    const key = await signingKey(cwd, o.signingKey);
    if (key) p.signingKey = key;
    else delete p.signingKey;
  }
  return p;
}

export default function register(program: Command): void {
  const people = program
    .command("people")
    .description(t("人员名单：添加、修改、列出", "the roster: add, edit, list"));

  withJson(
    personOptions(
      people
        .command("add")
        .argument("<id>", t("人员编号（ascii，如 zhangsan）", "roster id (ascii, e.g. zhangsan)")),
    ),
  )
    .description(
      t(
        "添加人员（主管或总经理；名单为空时任何人可添加第一人）",
        "add a person (supervisor or GM; anyone may add the first)",
      ),
    )
    .action(
      action(async (ctx, id: string, o: PersonOptions) => {
        const store = await ctx.store();
        const roster = store.people();
        const author = roster.length ? await ctx.actor() : undefined;
        if (author) requireRole(author, t("维护人员名单", "keep the roster"), "supervisor", "gm");
        const same = roster.find((p) => p.id.toLowerCase() === id.toLowerCase()) ?? store.person(id);
        if (same)
          throw new Refused(
            same.id === id
              ? t(`人员 ${id} 已存在`, `person ${id} already exists`)
              : t(
                  `人员 ${id} 与已有的 ${same.id}（${same.name}）只差大小写：在不区分大小写的文件系统上是同一个文件`,
                  `person ${id} differs from the existing ${same.id} (${same.name}) only in case: one file on a case-insensitive file system`,
                ),
            same.id === id
              ? t("用 svc people edit 修改", "use svc people edit")
              : t(
                  `换一个编号，或用 svc people edit ${same.id}`,
                  `choose another id, or svc people edit ${same.id}`,
                ),
          );
        if (!o.name || !o.email || !o.role?.length)
          throw new UsageError(
            t("需要 --name、--role 和 --email", "--name, --role and --email are required"),
          );
        if (roster.some((p) => p.email.toLowerCase() === o.email!.toLowerCase())) {
          throw new Refused(
            t(`邮箱 ${o.email} 已被他人使用`, `email ${o.email} is already used by someone else`),
          );
        }
        const person = { kind: "person", id, ...(await apply({}, o, ctx.cwd)) } as Person;
        if (person.roles.includes("engineer") && !person.tier) person.tier = "三等"; // starting salary (DOMAIN §4)
        if (author) await refuseGmOnly(undefined, person, author, roster);
        const by = author ?? person;
        const { commit } = await store.commit({
          put: [{ record: person, create: true }],
          message: `people add ${id}: ${person.name}`,
          author: by,
        });
        emit(ctx, { id, commit, person }, () =>
          t(`已添加 ${person.name}（${id}）`, `added ${person.name} (${id})`),
        );
      }),
    );

  withJson(personOptions(people.command("edit").argument("<id>", t("人员编号", "roster id"))))
    .option("--inactive", t("标记为离职", "mark as no longer active"))
    .option("--active", t("恢复在职", "mark as active again"))
    .description(t("修改人员信息（主管或总经理）", "edit a person (supervisor or GM)"))
    .action(
      action(async (ctx, id: string, o: PersonOptions) => {
        const store = await ctx.store();
        const author = await ctx.actor();
        requireRole(author, t("维护人员名单", "keep the roster"), "supervisor", "gm");
        const before = store.require("person", id);
        const person = (await apply(before, o, ctx.cwd)) as Person;
        if (JSON.stringify(person) === JSON.stringify(before))
          throw new UsageError(t("没有要修改的内容", "nothing to change"));
        await refuseGmOnly(before, person, author, store.people());
        if (id === author.id) {
          const { selfEditProblems } = await import("../domain/roster.ts");
          const problem = selfEditProblems(before, person, author.roles)[0];
          if (problem)
            throw new Refused(
              problem.field === "roles"
                ? t(
                    `不能给自己增加角色（${problem.added?.join("/")}）`,
                    `you cannot give yourself a role (${problem.added?.join("/")})`,
                  )
                : t(
                    "不能修改自己的入职日期：它决定本人哪些月份进考核表",
                    "you cannot change your own hire date: it decides the months you are assessed in",
                  ),
              problem.field === "roles"
                ? t("角色由其他主管或总经理授予", "another supervisor or the GM grants roles")
                : t("由总经理修改", "the GM changes it"),
            );
        }
        const { commit } = await store.commit({
          put: [{ record: person }],
          message: `people edit ${id}: ${person.name}`,
          author,
        });
        emit(ctx, { id, commit, person }, () =>
          t(`已修改 ${person.name}（${id}）`, `updated ${person.name} (${id})`),
        );
      }),
    );

  withJson(people.command("list"))
    .option("--role <role>", t("只列出该角色", "only this role"))
    .description(t("列出人员名单", "list the roster"))
    .action(
      action(async (ctx, o: { role?: Role }) => {
        const store = await ctx.store();
        const list = store.people().filter((p) => !o.role || p.roles.includes(o.role));
        const { table } = await import("../render/table.ts");
        emit(ctx, list, () =>
          table(
            [
              t("编号", "id"),
              t("姓名", "name"),
              t("角色", "roles"),
              t("区域", "region"),
              t("档次", "tier"),
              t("产品专家", "expert in"),
              t("邮箱", "email"),
            ],
            list.map((p) => [
              p.id,
              p.name + (p.active === false ? t("（离职）", " (left)") : ""),
              p.roles.map(roleName).join(t("、", ", ")),
              p.region ?? "",
              p.tier ?? "",
              (p.experts ?? []).join(","),
              p.email,
            ]),
          ),
        );
      }),
    );
}

/** What of a roster change only the GM may make (rosterChangeProblems): refused before it is written. */
async function refuseGmOnly(
  before: Person | undefined,
  after: Person,
  author: Person,
  roster: readonly Person[],
): Promise<void> {
  const { rosterChangeProblems } = await import("../domain/roster.ts");
  const gmExists = roster.some((p) => p.roles.includes("gm"));
  const problem = rosterChangeProblems(before, after, author.roles, gmExists)[0];
  if (!problem) return;
  throw new Refused(
    problem === "grant-gm"
      ? t("只有总经理可以授予总经理角色", "only the GM grants the GM role")
      : problem === "grant-supervisor"
        ? t("只有总经理可以授予主管角色", "only the GM grants the supervisor role")
        : problem === "gm-entry"
          ? t(
              "总经理的名单条目（邮箱、签名密钥、角色）只有总经理本人可以修改",
              "only the GM changes the GM's roster entry (email, signing key, roles)",
            )
          : t("工资档次只随总经理的决定改变", "a salary tier changes only by the GM's decision"),
    problem === "tier"
      ? t("总经理用 svc tier set 记录升降档", "the GM records it with svc tier set")
      : undefined,
  );
}
