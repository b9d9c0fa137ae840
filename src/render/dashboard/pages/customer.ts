// The customers list (customers.html), a customer's page and an equipment's page: the customer's file
// (its equipment and every service, repeat faults marked).
import { t } from "../../../core/i18n.ts";
import type { CustomerFile } from "../../../domain/equipment.ts";
import type { Customer, Equipment } from "../../../schemas/index.ts";
import {
  type Ctx,
  customerLink,
  day,
  dl,
  esc,
  grade,
  link,
  makeH,
  page,
  personLink,
  phoneField,
  recordLink,
  table,
} from "./layout.ts";

export function customersPage(c: Ctx, customers: readonly Customer[]): string {
  const h = makeH(c);
  const rows = [...customers]
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map((x) => [link("", "customers", x.id, h(x.name), "customer-link"), h(x.id), h(x.region ?? "")]);
  const body = `<h1>${t("客户", "Customers")}</h1>${table([t("客户", "customer"), t("编号", "id"), t("区域", "region")], rows, "customers")}`;
  return page(c, { title: t("客户", "Customers"), root: "", body, kind: "customers" });
}

// ------------------------------------------------------------------ customers and equipment

function fileHtml(c: Ctx, root: string, f: CustomerFile): string {
  const h = makeH(c);
  const eq = table(
    [
      t("设备", "equipment"),
      t("产品/型号", "product/model"),
      t("序列号", "serial"),
      t("三包", "warranty"),
      t("上次服务", "last service"),
      t("服务次数", "services"),
    ],
    f.equipment.map((e) => [
      recordLink(c, root, e.equipment.id),
      h([e.equipment.product, e.equipment.model].filter(Boolean).join(" ")),
      esc(e.equipment.serial ?? ""), // an identifier: an all-digit serial is not a phone
      h(
        {
          in: t("三包期内", "in warranty"),
          out: t("已过三包", "out of warranty"),
          unknown: t("不详", "unknown"),
        }[e.warranty],
      ),
      h(day(e.lastService)),
      h(e.services),
    ]),
    "equipment-table",
  );
  const services = table(
    [
      t("出单", "issued"),
      t("通知单", "notice"),
      t("责任书", "letter"),
      t("类型", "type"),
      t("内容", "content"),
      t("状态", "state"),
      t("服务人员", "engineer"),
      t("完工", "completed"),
      t("评价", "rating"),
    ],
    f.services.map((s) => [
      h(day(s.issued)),
      recordLink(c, root, s.notice),
      recordLink(c, root, s.letter),
      h(s.type ?? ""),
      h(s.content ?? ""),
      h(s.state) + (s.repeat ? ` <span class="warn">${t("重复故障", "repeat fault")}</span>` : ""),
      personLink(c, root, s.engineer),
      h(day(s.completed)),
      s.unsigned
        ? h(t("无签字", "unsigned"))
        : s.ratings
          ? h(`${grade(s.ratings.attitude)}/${grade(s.ratings.skill)}/${grade(s.ratings.result)}`)
          : "—",
    ]),
    "services-table",
  );
  return `<p data-testid="last-service">${h(t(`上次服务：${day(f.lastService)}；服务 ${f.services.length} 次，重复故障 ${f.services.filter((s) => s.repeat).length} 次`, `last service: ${day(f.lastService)}; ${f.services.length} services, ${f.services.filter((s) => s.repeat).length} repeat faults`))}</p>
<section><h2>${t("设备", "Equipment")}</h2>${eq}</section>
<section><h2>${t("服务记录", "Services")}</h2>${services}</section>`;
}

export function customerPage(c: Ctx, d: { customer: Customer; file: CustomerFile }): string {
  const h = makeH(c);
  const root = "../";
  const x = d.customer;
  const body = `<h1 data-testid="customer-name">${h(x.name)} <small>${h(x.id)}</small></h1>
${dl([
  [t("区域", "region"), h(x.region ?? "—")],
  [t("地址", "address"), h(x.address ?? "—")],
  [
    t("联系人", "contacts"),
    (x.contacts ?? []).map((k) => `${h(k.name)} ${phoneField(c, k.phone)}`.trim()).join("；") || "—",
  ],
])}
${fileHtml(c, root, d.file)}`;
  return page(c, { title: x.name, root, body, kind: "customer" });
}

export function equipmentPage(c: Ctx, d: { equipment: Equipment; file: CustomerFile }): string {
  const h = makeH(c);
  const root = "../";
  const e = d.equipment;
  const body = `<h1>${t("设备档案", "Equipment")} <span data-testid="record-id">${h(e.id)}</span></h1>
${dl([
  [t("客户", "customer"), customerLink(c, root, e.customer)],
  [t("产品/型号", "product/model"), h([e.product, e.model].filter(Boolean).join(" ") || "—")],
  [t("序列号", "serial"), esc(e.serial ?? "—")],
])}
${fileHtml(c, root, d.file)}`;
  return page(c, { title: e.id, root, body, kind: "equipment" });
}
