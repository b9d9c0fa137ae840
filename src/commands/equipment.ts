// `svc equipment add | edit | list | import`: the equipment register (设备档案, DOMAIN D21).
import type { Command } from "commander";
import { Refused, UsageError } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import type { Customer, Equipment } from "../schemas/index.ts";
import { HIRED_YEARS } from "../schemas/limits.ts";
import type { Store } from "../store/store.ts";
import { action, emit, requireRole, withJson } from "./kit.ts";
import { acting, save } from "./workflow-kit.ts";

interface Fields {
  customer?: string;
  product?: string;
  model?: string;
  serial?: string;
  installed?: string;
  accepted?: string;
  warrantyEnd?: string;
  software?: string;
  location?: string;
  description?: string;
}

const fieldOptions = (cmd: Command) =>
  cmd
    .option("--product <id>", t("产品编号", "product id"))
    .option("--model <text>", t("型号", "model"))
    .option("--serial <sn>", t("序列号", "serial number"))
    .option("--installed <date>", t("安装日期 YYYY-MM-DD", "installed on YYYY-MM-DD"))
    .option("--accepted <date>", t("验收日期 YYYY-MM-DD", "accepted on YYYY-MM-DD"))
    .option(
      "--warranty-end <date>",
      t("三包截止日期 YYYY-MM-DD（当日仍在三包期内）", "warranty end YYYY-MM-DD (the day itself is covered)"),
    )
    .option("--software <version>", t("软件版本", "software version"))
    .option("--location <text>", t("安装位置", "location"))
    .option("--description <text>", t("说明", "description"));

/** A customer by id, else by name; refused when there is none. */
export function customerOf(store: Store, key: string): Customer {
  const c = store.get("customer", key) ?? store.list("customer").find((x) => x.name === key.trim());
  if (!c)
    throw new Refused(
      t(`没有客户 ${key}`, `no customer ${key}`),
      t("用 svc list customers 查看，或先 svc open 建档", "see svc list customers"),
    );
  return c;
}

/** The unit with this serial number (case and width ignored), if any. */
export function bySerial(store: Store, serial: string): Equipment | undefined {
  const n = (s: string) => s.normalize("NFKC").trim().toLowerCase();
  return store.list("equipment").find((e) => e.serial && n(e.serial) === n(serial));
}

/** The flags' values as record fields (dates checked); `undefined` where a flag was not given. */
export async function fieldsOf(store: Store, o: Fields): Promise<Partial<Equipment>> {
  const { parseDate } = await import("../core/time.ts");
  const date = (v: string | undefined, flag: string) =>
    v === undefined ? undefined : parseDate(v, flag, HIRED_YEARS);
  const text = (v: string | undefined, flag: string, max: number) => {
    if (v === undefined) return undefined;
    const s = v.trim();
    if (!s || s.length > max)
      throw new UsageError(t(`${flag} 应为 1–${max} 个字符`, `${flag} takes 1–${max} characters`));
    return s;
  };
  if (o.product !== undefined && !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$/.test(o.product))
    throw new UsageError(
      t(`--product "${o.product}" 不是产品编号`, `--product "${o.product}" is not a product id`),
    );
  if (o.product && !store.get("product", o.product))
    throw new Refused(t(`没有产品 ${o.product}`, `no product ${o.product}`));
  const f: Partial<Equipment> = {
    product: o.product,
    model: text(o.model, "--model", 120),
    serial: text(o.serial, "--serial", 80),
    installed: date(o.installed, "--installed"),
    accepted: date(o.accepted, "--accepted"),
    warrantyEnd: date(o.warrantyEnd, "--warranty-end"),
    software: text(o.software, "--software", 80),
    location: text(o.location, "--location", 300),
    description: text(o.description, "--description", 200),
  };
  for (const k of Object.keys(f) as (keyof Equipment)[]) if (f[k] === undefined) delete f[k];
  return f;
}

const WARRANTY: Record<string, [string, string]> = {
  in: ["三包期内", "under warranty"],
  out: ["已过保", "out of warranty"],
  unknown: ["未登记三包期", "warranty not recorded"],
};
export const warrantyText = (w: string) => t(...(WARRANTY[w] ?? [w, w]));

export default function register(program: Command): void {
  const eq = program
    .command("equipment")
    .description(
      t("设备档案：登记、修改、列出、从旧通知单导入", "the equipment register: add, edit, list, import"),
    );

  withJson(
    fieldOptions(
      eq.command("add").requiredOption("--customer <id>", t("客户（编号或名称）", "customer (id or name)")),
    ),
  )
    .description(t("登记一台设备", "register a unit of equipment"))
    .action(
      action(async (ctx, o: Fields) => {
        const store = await ctx.store();
        const who = await acting(ctx, store, undefined, ["equipment"]);
        requireRole(
          who.person,
          t("登记设备", "register equipment"),
          "requester",
          "supervisor",
          "gm",
          "engineer",
          "sales-admin",
        );
        const customer = customerOf(store, o.customer!);
        const f = await fieldsOf(store, o);
        const twin = f.serial ? bySerial(store, f.serial) : undefined;
        if (twin)
          throw new Refused(
            t(
              `序列号 ${f.serial} 已登记为 ${twin.id}`,
              `serial ${f.serial} is already registered as ${twin.id}`,
            ),
            t(`用 svc equipment edit ${twin.id}`, `use svc equipment edit ${twin.id}`),
          );
        const id = store.newId("equipment");
        const record: Equipment = {
          kind: "equipment",
          id,
          customer: customer.id,
          ...f,
          createdBy: who.person.id,
        };
        await save(ctx, store, {
          put: [{ record, create: true }],
          action: "equipment add",
          id,
          summary: `${customer.name} ${f.model ?? f.product ?? ""} ${f.serial ?? ""}`,
          author: who.actor,
          data: { customer: customer.id },
          human: t(`已登记设备 ${id}（${customer.name}）`, `equipment ${id} registered (${customer.name})`),
        });
      }),
    );

  withJson(fieldOptions(eq.command("edit").argument("<id>", t("设备编号", "equipment id"))))
    .description(t("修改设备档案（如三包期、安装位置）", "edit a unit's record (warranty, location…)"))
    .action(
      action(async (ctx, id: string, o: Fields) => {
        const store = await ctx.store();
        const who = await acting(ctx, store, undefined, ["equipment"]);
        requireRole(
          who.person,
          t("修改设备档案", "edit equipment"),
          "requester",
          "supervisor",
          "gm",
          "engineer",
          "sales-admin",
        );
        const before = store.require("equipment", id);
        const f = await fieldsOf(store, o);
        if (!Object.keys(f).length) throw new UsageError(t("没有要修改的内容", "nothing to change"));
        const twin = f.serial ? bySerial(store, f.serial) : undefined;
        if (twin && twin.id !== id)
          throw new Refused(
            t(
              `序列号 ${f.serial} 已登记为 ${twin.id}`,
              `serial ${f.serial} is already registered as ${twin.id}`,
            ),
          );
        const record: Equipment = { ...before, ...f };
        await save(ctx, store, {
          put: [{ record }],
          action: "equipment edit",
          id,
          summary: Object.entries(f)
            .map(([k, v]) => `${k}=${v}`)
            .join(" "),
          author: who.actor,
          data: { changed: Object.keys(f) },
          human: t(
            `设备 ${id} 已修改：${Object.keys(f).join("、")}`,
            `equipment ${id} changed: ${Object.keys(f).join(", ")}`,
          ),
        });
      }),
    );

  withJson(eq.command("list").option("--customer <id>", t("只列此客户的设备", "only this customer's")))
    .description(t("列出设备（三包状态按今天）", "list equipment (warranty as of today)"))
    .action(
      action(async (ctx, o: { customer?: string }) => {
        const store = await ctx.store();
        const { warrantyStatus } = await import("../domain/equipment.ts");
        const { dateLocal } = await import("../core/time.ts");
        const { table } = await import("../render/table.ts");
        const today = dateLocal(store.now().toISOString(), store.tz);
        const only = o.customer ? customerOf(store, o.customer).id : undefined;
        const names = new Map(store.list("customer").map((c) => [c.id, c.name]));
        const rows = store
          .list("equipment")
          .filter((e) => !only || e.customer === only)
          .sort((a, b) => a.customer.localeCompare(b.customer) || a.id.localeCompare(b.id))
          .map((e) => ({ ...e, warranty: warrantyStatus(e, today) }));
        emit(ctx, rows, () =>
          rows.length
            ? table(
                [
                  t("编号", "id"),
                  t("客户", "customer"),
                  t("产品/型号", "product/model"),
                  t("序列号", "serial"),
                  t("软件", "software"),
                  t("三包", "warranty"),
                ],
                rows.map((e) => [
                  e.id,
                  names.get(e.customer) ?? e.customer,
                  [e.product, e.model].filter(Boolean).join(" ") || (e.description ?? ""),
                  e.serial ?? "",
                  e.software ?? "",
                  `${warrantyText(e.warranty)}${e.warrantyEnd ? ` ${e.warrantyEnd}` : ""}`,
                ]),
              )
            : t("（没有设备）", "(no equipment)"),
        );
      }),
    );

  withJson(
    eq
      .command("import")
      .option(
        "--apply",
        t("建立所列设备档案（默认只列出，不写入）", "create the proposed records (default: dry run)"),
      ),
  )
    .description(
      t(
        "从旧通知单的设备描述中提出设备档案（默认试运行）",
        "propose equipment records from the free texts of existing notices (a dry run unless --apply)",
      ),
    )
    .action(
      action(async (ctx, o: { apply?: boolean }) => {
        const store = await ctx.store();
        const { importProposals } = await import("../domain/equipment.ts");
        const proposals = importProposals(store.list("notice"), store.list("equipment"));
        const names = new Map(store.list("customer").map((c) => [c.id, c.name]));
        const human = () => {
          const lines = proposals.map(
            (p) =>
              `${names.get(p.customer) ?? p.customer}：${p.description}${p.serial ? `（SN ${p.serial}）` : ""} ← ${p.notices.join(" ")}`,
          );
          return lines.length
            ? lines.join("\n")
            : t("没有可导入的设备描述", "no free-text equipment to import");
        };
        if (!o.apply || !proposals.length) {
          emit(ctx, { dryRun: true, proposals }, () =>
            proposals.length
              ? `${human()}\n${t(`共 ${proposals.length} 台；确认后运行 svc equipment import --apply`, `${proposals.length} in all; run svc equipment import --apply to create them`)}`
              : human(),
          );
          return;
        }
        const who = await acting(ctx, store, undefined, ["equipment"]);
        requireRole(who.person, t("导入设备档案", "import equipment"), "supervisor", "gm", "sales-admin");
        const put: { record: Equipment; create: true }[] = [];
        for (const p of proposals) {
          let id = store.newId("equipment");
          while (put.some((x) => x.record.id === id)) id = store.newId("equipment");
          put.push({
            record: {
              kind: "equipment",
              id,
              customer: p.customer,
              ...(p.product && store.get("product", p.product) ? { product: p.product } : {}),
              ...(p.model ? { model: p.model.slice(0, 120) } : {}),
              ...(p.serial ? { serial: p.serial } : {}),
              description: p.description.slice(0, 200),
              createdBy: who.person.id,
              notices: p.notices,
            },
            create: true,
          });
        }
        await save(ctx, store, {
          put,
          action: "equipment import",
          id: put[0].record.id,
          summary: t(`从通知单导入 ${put.length} 台设备`, `${put.length} units from notices`),
          author: who.actor,
          data: { created: put.map((x) => x.record.id), proposals },
          human: `${human()}\n${t(`已建立 ${put.length} 份设备档案`, `${put.length} equipment records created`)}`,
        });
      }),
    );
}
