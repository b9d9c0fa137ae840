import type { Command } from "commander";
import { inBackground } from "../core/background.ts";
import { Refused, UsageError } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import { CHANNELS, PRIORITIES, SERVICE_TYPES } from "../schemas/enums.ts";
import type { Customer, Equipment, Notice, Product } from "../schemas/index.ts";
import { action, need, requireRole, withJson } from "./kit.ts";
import { acting, closeCustomer, onBehalf, save, stampOf, when } from "./workflow-kit.ts";

interface OpenOptions {
  customer?: string;
  contact?: string;
  phone?: string;
  newCustomer?: boolean;
  type?: string;
  priority?: string;
  content?: string;
  site?: string;
  fault?: string;
  equipment?: string;
  serial?: string;
  product?: string;
  channel?: string;
  region?: string;
  address?: string;
  as?: string;
  at?: string;
}

function oneOf(value: string, set: readonly string[], flag: string): string {
  if (!set.includes(value))
    throw new UsageError(t(`${flag} "${value}" 无效`, `${flag} "${value}" is invalid`), set.join(" "));
  return value;
}

// `svc open`: the requester fills the service notice (服务通知单, DOMAIN §2.1).
export default function register(program: Command): void {
  withJson(
    onBehalf(
      program
        .command("open")
        .description(
          t(
            "填写服务通知单（下达人、主管或总经理）；须经总经理签字后才能派工",
            "fill a service notice (requester, supervisor or GM); it must be signed before assignment",
          ),
        )
        .option(
          "--customer <name>",
          t("服务单位（客户编号或名称；新客户自动建档）", "customer (id or name; new ones are created)"),
        )
        .option("--contact <name>", t("联系人", "contact person"))
        .option("--phone <phone>", t("联系方式", "contact phone"))
        .option(
          "--type <type>",
          t(`服务类型：${SERVICE_TYPES.join(" ")}`, `service type: ${SERVICE_TYPES.join(" ")}`),
        )
        .option("--priority <p>", t(`紧急程度：${PRIORITIES.join(" ")}`, `priority: ${PRIORITIES.join(" ")}`))
        .option("--content <text>", t("服务要求或内容", "service requirements"))
        .option("--site <text>", t("现场情况", "on-site situation"))
        .option("--fault <text>", t("故障表述", "fault description"))
        .option(
          "--equipment <id|text>",
          t(
            "设备：设备档案编号 EQ-…（见 svc equipment list），或设备的文字描述",
            "equipment: its record's id EQ-… (svc equipment list), or a description",
          ),
        )
        .option(
          "--serial <sn>",
          t("设备序列号（未登记的设备随通知单建档）", "the unit's serial number (a new one is registered)"),
        )
        .option("--product <id>", t("产品编号（用于匹配产品专家）", "product id (finds the product expert)"))
        .option(
          "--channel <c>",
          t(`受理渠道：${CHANNELS.join(" ")}（默认 电话）`, `channel: ${CHANNELS.join(" ")} (default 电话)`),
        )
        .option("--region <region>", t("服务地区（默认客户的区域）", "region (default: the customer's)"))
        .option("--address <text>", t("服务地址", "service address"))
        .option(
          "--new-customer",
          t(
            "客户名与已有客户相近时仍新建客户",
            "create the customer even when its name is close to an existing one",
          ),
        ),
    ),
  ).action(
    action(async (ctx, o: OpenOptions) => {
      const store = await ctx.store();
      // D21: the unit's records are found through the mention index; its git processes start now.
      if (o.equipment || o.serial)
        inBackground(
          import("./mentioning.ts")
            .then((m) => m.mentionsOf(store, ["notice", "letter", "rd"]))
            .catch(() => {}),
        );
      const who = await acting(ctx, store, o.as, ["notice"]);
      requireRole(who.person, t("填写服务通知单", "open a service notice"), "requester", "supervisor", "gm");
      const customerName = await need(ctx, o.customer, "--customer", t("服务单位", "customer"));
      const contact = await need(ctx, o.contact, "--contact", t("联系人", "contact person"));
      const { phoneProblem } = await import("../core/phone.ts");
      const phone = (
        await need(ctx, o.phone, "--phone", t("联系方式", "contact phone"), undefined, phoneProblem)
      ).trim();
      const badPhone = phoneProblem(phone);
      if (badPhone)
        throw new UsageError(
          `--phone: ${badPhone}`,
          t(
            "例如 13812345678、0512-66881234 或 0512-66881234转8001",
            "e.g. 13812345678, 0512-66881234 or 0512-66881234转8001",
          ),
        );
      const type = oneOf(
        await need(ctx, o.type, "--type", t("服务类型", "service type"), SERVICE_TYPES),
        SERVICE_TYPES,
        "--type",
      );
      const priority = oneOf(
        await need(ctx, o.priority, "--priority", t("紧急程度", "priority"), PRIORITIES),
        PRIORITIES,
        "--priority",
      );
      const content = await need(ctx, o.content, "--content", t("服务要求或内容", "service requirements"));
      const channel = oneOf(o.channel ?? "电话", CHANNELS, "--channel");
      const w = await when(store, who, o.at);

      const put: { record: Customer | Notice | Product | Equipment; create?: boolean }[] = [];
      // By id (one file), else by name (every customer).
      let customer =
        store.get("customer", customerName) ??
        store.list("customer").find((c) => c.name === customerName.trim());
      let created = false;
      if (!customer && !o.newCustomer) customer = await closeCustomer(ctx, store, customerName);
      if (!customer) {
        const { randomBytes } = await import("node:crypto");
        const { customerSlug } = await import("../domain/letters.ts");
        let id = customerSlug(randomBytes(5));
        while (store.get("customer", id)) id = customerSlug(randomBytes(5));
        customer = {
          kind: "customer",
          id,
          name: customerName.trim(),
          ...(o.region ? { region: o.region } : {}),
          ...(o.address ? { address: o.address } : {}),
          contacts: [{ name: contact, phone }],
          createdBy: who.person.id,
        };
        put.push({ record: customer, create: true });
        created = true;
      } else if (o.region && !customer.region) {
        // The customer's region, learned from the first notice that names it, serves later notices.
        customer = { ...customer, region: o.region };
        put.push({ record: customer });
      }
      if (o.product && !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(o.product))
        throw new UsageError(
          t(
            `--product "${o.product}" 不是产品编号（ascii，如 PLC-200）`,
            `--product "${o.product}" is not a product id (ascii, e.g. PLC-200)`,
          ),
        );
      const twin = o.product
        ? store
            .list("product")
            .find((p) => p.id !== o.product && p.id.toLowerCase() === o.product!.toLowerCase())
        : undefined;
      if (twin)
        throw new Refused(
          t(
            `--product ${o.product} 与已有产品 ${twin.id} 只差大小写：在不区分大小写的文件系统上是同一个文件`,
            `--product ${o.product} differs from the existing product ${twin.id} only in case: one file on a case-insensitive file system`,
          ),
          t(`用 --product ${twin.id}`, `use --product ${twin.id}`),
        );
      if (o.product && !store.get("product", o.product)) {
        // A product named for the first time gets its record in the same commit (name = id).
        put.push({ record: { kind: "product", id: o.product, name: o.product }, create: true });
      }
      const id = store.newId("notice");
      // D21: the unit the notice is for — by its record's id, or by serial number (registered when new).
      const { unitOf } = await import("./open-equipment.ts");
      const unit = await unitOf(store, o, customer, created, who.person.id, w.at, id);
      if (unit?.create) put.push({ record: unit.equipment, create: true });
      const region = o.region ?? customer.region;
      const notice: Notice = {
        kind: "notice",
        id,
        customer: customer.id,
        contact: { name: contact, phone },
        ...(region ? { region } : {}),
        ...((o.address ?? customer.address) ? { address: o.address ?? customer.address } : {}),
        type: type as Notice["type"],
        priority: priority as Notice["priority"],
        channel: channel as Notice["channel"],
        content,
        ...(o.site ? { site: o.site } : {}),
        ...(o.fault ? { fault: o.fault } : {}),
        ...(o.equipment && !unit?.byId ? { equipment: o.equipment } : {}),
        ...(unit ? { equipmentId: unit.equipment.id } : {}),
        ...((o.product ?? unit?.equipment.product) ? { product: o.product ?? unit?.equipment.product } : {}),
        issued: stampOf(who, w),
      };
      if (store.get("notice", id)) throw new Refused(t(`记录 ${id} 已存在`, `record ${id} already exists`));
      // 上次服务时间 (DOMAIN §2.1) is derived from the history on the printed form (svc render N-…):
      // working it out here would read every letter on each new notice (one mutation ≤ git + 100 ms, issue 7).
      put.unshift({ record: notice, create: true });
      await save(ctx, store, {
        put,
        action: "open",
        id,
        summary: `${type} ${customer.name}`,
        author: who.actor,
        data: {
          customer: customer.id,
          customerCreated: created,
          status: "待签字",
          ...(region ? { region } : {}),
          ...(unit ? { equipment: unit.equipment.id, equipmentCreated: Boolean(unit.create) } : {}),
          ...(unit?.repeat ? { repeatFault: unit.repeat } : {}),
        },
        human: [
          id,
          created
            ? t(
                `（新客户已建档：${customer.id} ${customer.name}）`,
                `(new customer: ${customer.id} ${customer.name})`,
              )
            : "",
          unit?.create
            ? t(`（新设备已建档：${unit.equipment.id}）`, `(new equipment: ${unit.equipment.id})`)
            : "",
          unit?.repeat
            ? t(
                `重复故障：该设备 ${unit.repeat.days} 天前（${unit.repeat.completed.slice(0, 10)}）刚由责任书 ${unit.repeat.letter} 完工`,
                `repeat fault: this unit was completed ${unit.repeat.days} days ago (${unit.repeat.completed.slice(0, 10)}) by letter ${unit.repeat.letter}`,
              )
            : "",
          region
            ? ""
            : t(
                "注意：没有服务地区，派工推荐无法按区域排序；加 --region 华东（会记入客户档案）",
                "warning: no region, so the assignment cannot rank by region; add --region (it is kept on the customer)",
              ),
          t(`下一步：总经理签字 svc sign ${id}`, `next: the GM signs with svc sign ${id}`),
        ]
          .filter(Boolean)
          .join("\n"),
      });
    }),
  );
}
