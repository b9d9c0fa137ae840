// The customer's file (《客户服务档案》) and the unit's file (设备档案) for `svc show CUSTOMER|EQ-…` and
// `svc render CUSTOMER|EQ-…` (DOMAIN D21): a customer's records are found through the store's cached
// projections, a unit's through the mention index (src/commands/mentioning.ts) — only the customer's
// (the unit's) own notices and letters are loaded whole — then the pure domain computes it.
import { t } from "../core/i18n.ts";
import { type CustomerFile, customerFile } from "../domain/equipment.ts";
import { ratingsText } from "../domain/letters.ts";
import { rdState } from "../domain/rd.ts";
import type { Customer, Equipment } from "../schemas/index.ts";
import type { Store } from "../store/store.ts";
import { warrantyText } from "./equipment.ts";

export async function loadFile(
  store: Store,
  record: Customer | Equipment,
  today: string,
): Promise<CustomerFile> {
  const customerId = record.kind === "customer" ? record.id : record.customer;
  const customer = store.get("customer", customerId) ?? { id: customerId, name: customerId };
  if (record.kind === "equipment") {
    // The unit's file: only the records naming it, its notices and their letters are read.
    const { unitRecords } = await import("./open-equipment.ts");
    const { records: r } = await unitRecords(store, record);
    const rdOrders = r.mentions
      .naming("rd", new Set(r.letters.map((l) => l.id)))
      .filter((o) => r.letters.some((l) => l.id === o.letter))
      .map((o) => ({ id: o.id, letter: o.letter, state: rdState(o) }));
    return customerFile({
      customer,
      equipment: [record],
      notices: r.notices,
      letters: r.letters,
      today,
      repeatDays: store.config.equipment.repeatFaultDays,
      equipmentId: record.id,
      rdOrders,
    });
  }
  const noticeIds = new Set(
    store
      .projected("notice", "by-customer", (n) => ({ id: n.id, customer: n.customer }))
      .filter((n) => n.customer === customerId)
      .map((n) => n.id),
  );
  const letterIds = store
    .projected("letter", "by-customer", (l) => ({
      id: l.id,
      notice: l.notice,
      customer: l.unplanned?.customer,
    }))
    .filter((l) => (l.notice && noticeIds.has(l.notice)) || l.customer === customerId)
    .map((l) => l.id);
  const notices = [...noticeIds].flatMap((id) => store.get("notice", id) ?? []);
  const letters = letterIds.flatMap((id) => store.get("letter", id) ?? []);
  const equipment = store.list("equipment").filter((e) => e.customer === customerId);
  const mine = new Set(letters.map((l) => l.id));
  const rdOrders = store
    .list("rd")
    .filter((o) => mine.has(o.letter))
    .map((o) => ({ id: o.id, letter: o.letter, state: rdState(o) }));
  return customerFile({
    customer,
    equipment,
    notices,
    letters,
    today,
    repeatDays: store.config.equipment.repeatFaultDays,
    rdOrders,
  });
}

const day = (iso?: string) => iso?.slice(0, 10) ?? "";

/** The file as text lines (the tables come from render/table.ts). */
export function fileLines(
  f: CustomerFile,
  person: (id: string | undefined) => string,
  table: (head: string[], rows: string[][]) => string,
): string[] {
  const lines: string[] = [];
  lines.push(
    `${t("上次服务时间", "last service")}: ${day(f.lastService) || t("（无）", "(none)")}    ${t(
      `服务 ${f.services.length} 次，重复故障 ${f.services.filter((s) => s.repeat).length} 次`,
      `${f.services.length} services, ${f.services.filter((s) => s.repeat).length} repeat faults`,
    )}`,
  );
  lines.push("");
  lines.push(t("设备", "equipment"));
  lines.push(
    f.equipment.length
      ? table(
          [
            t("编号", "id"),
            t("产品/型号", "product/model"),
            t("序列号", "serial"),
            t("安装/验收", "installed/accepted"),
            t("软件", "software"),
            t("三包", "warranty"),
            t("上次服务", "last service"),
            t("位置", "location"),
          ],
          f.equipment.map(({ equipment: e, warranty, lastService }) => [
            e.id,
            [e.product, e.model].filter(Boolean).join(" ") || (e.description ?? ""),
            e.serial ?? "",
            [e.installed, e.accepted].filter(Boolean).join(" / "),
            e.software ?? "",
            `${warrantyText(warranty)}${e.warrantyEnd ? ` ${e.warrantyEnd}` : ""}`,
            day(lastService),
            e.location ?? "",
          ]),
        )
      : t("（未登记设备）", "(no equipment registered)"),
  );
  lines.push("");
  lines.push(t("服务记录", "service history"));
  lines.push(
    f.services.length
      ? table(
          [
            t("出单", "issued"),
            t("通知单", "notice"),
            t("责任书", "letter"),
            t("类型", "type"),
            t("设备", "equipment"),
            t("状态", "state"),
            t("服务人员", "engineer"),
            t("完工", "completed"),
            t("评价", "ratings"),
            t("回访", "follow-up"),
            t("备注", "notes"),
          ],
          f.services.map((s) => [
            day(s.issued),
            s.notice ?? "",
            s.letter ?? "",
            s.type ?? t("现场意外", "unplanned"),
            s.equipment ?? s.equipmentText ?? "",
            s.state,
            s.engineer ? person(s.engineer) : "",
            day(s.completed),
            s.ratings ? ratingsText(s.ratings) : s.unsigned ? t("无签字", "unsigned") : "",
            s.followup ? `${day(s.followup.at)}${s.followup.note ? ` ${s.followup.note}` : ""}` : "",
            [
              s.repeat
                ? t(
                    `重复故障（${s.repeat.days} 天前 ${s.repeat.letter}）`,
                    `repeat fault (${s.repeat.days} days after ${s.repeat.letter})`,
                  )
                : "",
              s.remote ? t("远程", "remote") : "",
              ...(s.rd ?? []).map((o) =>
                t(`研发工作单 ${o.id}（${o.state}）`, `R&D order ${o.id} (${o.state})`),
              ),
              s.software?.length ? t(`软件 ${s.software.join("→")}`, `software ${s.software.join("→")}`) : "",
              ...(s.parts ?? []).map((p) => `${p.name}${p.qty ? `×${p.qty}` : ""}（${p.charge}）`),
            ]
              .filter(Boolean)
              .join("；"),
          ]),
        )
      : t("（无）", "(none)"),
  );
  return lines;
}
