// 《客户服务档案》 (DOMAIN D21) as .docx: the customer, the equipment register with warranty status and
// last service, and every notice and letter — from the computed file (src/domain/equipment.ts).
import type { CustomerFile } from "../domain/equipment.ts";
import { ratingsText } from "../domain/letters.ts";
import {
  type BuiltDoc,
  CONTENT_WIDTH,
  dataTable,
  fieldTable,
  heading,
  ID_WIDTH,
  makeDocument,
  para,
  section,
  title,
} from "./docx/kit.ts";
import { fmtDate } from "./format.ts";
import { creatorOf, type DocContext } from "./weekly-docx.ts";

const WARRANTY = { in: "三包期内", out: "已过保", unknown: "未登记" } as const;

export function customerFileName(id: string, unit?: boolean): string {
  return `${unit ? "设备档案" : "客户服务档案"}${id}.docx`;
}

export function customerFileDoc(
  f: CustomerFile,
  person: (id?: string) => string,
  c: DocContext,
  unit?: string,
): BuiltDoc {
  const tz = c.tz;
  const W = CONTENT_WIDTH.landscape;
  const cu = f.customer;
  const repeats = f.services.filter((s) => s.repeat).length;
  const children = [
    ...title(unit ? "设备档案" : "客户服务档案", `${cu.name}${unit ? `　${unit}` : ""}　截至 ${f.today}`),
    fieldTable(
      [
        { label: "服务单位", value: cu.name },
        { label: "客户编号", value: cu.id },
        { label: "区域", value: cu.region ?? "" },
        { label: "上次服务时间", value: fmtDate(f.lastService, tz) || "无" },
        { label: "地址", value: cu.address ?? "", wide: true },
        {
          label: "联系人",
          value: (cu.contacts ?? []).map((x) => `${x.name}${x.phone ? ` ${x.phone}` : ""}`).join("；"),
          wide: true,
        },
        { label: "服务次数", value: String(f.services.length) },
        { label: "重复故障", value: String(repeats) },
      ],
      W,
    ),
    heading("设备"),
    dataTable(
      [
        { header: "设备编号", width: ID_WIDTH },
        { header: "产品/型号", weight: 2 },
        { header: "序列号", weight: 2 },
        { header: "安装/验收", weight: 2 },
        { header: "软件版本" },
        { header: "三包", weight: 2 },
        { header: "上次服务", weight: 1.5 },
        { header: "服务/重复", align: "center" },
        { header: "安装位置", weight: 2 },
      ],
      f.equipment.map(({ equipment: e, warranty, lastService, services, repeats }) => [
        e.id,
        [e.product, e.model].filter(Boolean).join(" ") || (e.description ?? ""),
        e.serial ?? "",
        [e.installed, e.accepted].filter(Boolean).join(" / "),
        e.software ?? "",
        `${WARRANTY[warranty]}${e.warrantyEnd ? `（至 ${e.warrantyEnd}）` : ""}`,
        fmtDate(lastService, tz),
        `${services}/${repeats}`,
        e.location ?? "",
      ]),
      W,
    ),
    heading("服务记录"),
    dataTable(
      [
        { header: "出单", weight: 1.3 },
        { header: "通知单 / 责任书", width: ID_WIDTH },
        { header: "类型" },
        { header: "设备", weight: 2 },
        { header: "状态" },
        { header: "服务人员" },
        { header: "完工", weight: 1.3 },
        { header: "态度/水平/结果", weight: 1.3 },
        { header: "回访", weight: 2 },
        { header: "备注", weight: 3 },
      ],
      f.services.map((s) => [
        fmtDate(s.issued, tz),
        [s.notice, s.letter].filter(Boolean).join("\n"),
        s.type ?? "现场意外",
        s.equipment ?? s.equipmentText ?? "",
        s.state,
        person(s.engineer),
        fmtDate(s.completed, tz),
        s.ratings ? ratingsText(s.ratings) : s.unsigned ? "无客户签字" : "",
        s.followup ? `${fmtDate(s.followup.at, tz)} ${s.followup.note ?? ""}`.trim() : "",
        [
          s.repeat ? `重复故障：${s.repeat.days} 天前 ${s.repeat.letter} 完工` : "",
          s.remote ? "远程处理" : "",
          ...(s.rd ?? []).map((o) => `研发工作单 ${o.id}（${o.state}）`),
          s.software?.length ? `软件升级至 ${s.software.at(-1)}` : "",
          ...(s.parts ?? []).map((p) => `${p.name}${p.qty ? `×${p.qty}` : ""}（${p.charge}）`),
        ]
          .filter(Boolean)
          .join("；"),
      ]),
      W,
    ),
    ...para(
      `三包期内（含截止当日）更换的配件免费，三包期外或未登记三包期的收费；重复故障：设备完工后 ${f.repeatDays} 天内再次报修。`,
    ),
  ];
  const last = [...f.services.flatMap((s) => [s.issued, s.completed])].filter(Boolean).sort().at(-1);
  return makeDocument(
    {
      title: `${unit ? "设备档案" : "客户服务档案"} ${cu.name}`,
      subject: "客户服务档案",
      creator: creatorOf(c),
      date: last ?? `${f.today}T00:00:00+08:00`,
    },
    [section(children, "landscape")],
  );
}
