import { DateOnly, Id, PersonId, Record, Text, Type } from "./common.ts";
import { HIRED_YEARS } from "./limits.ts";

/**
 * 设备档案 — one unit of equipment at a customer (DOMAIN D21): what it is, where it stands, since when,
 * and until when it is under warranty (三包). Notices name it (`equipment` id), letters record its
 * software updates and the parts replaced; its service history is derived from them (svc show EQ-…).
 */
export const EquipmentSchema = Record("equipment", "设备档案", {
  customer: Id("客户编号"),
  product: Type.Optional(Id("产品编号")),
  model: Type.Optional(Text("型号", 120)),
  serial: Type.Optional(Text("序列号", 80)),
  installed: Type.Optional(DateOnly("安装日期", HIRED_YEARS)),
  accepted: Type.Optional(DateOnly("验收日期", HIRED_YEARS)),
  warrantyEnd: Type.Optional(DateOnly("三包截止日期（含当日）", HIRED_YEARS)),
  software: Type.Optional(Text("软件版本", 80)),
  location: Type.Optional(Text("安装位置", 300)),
  description: Type.Optional(Text("说明（如导入时通知单上的设备描述）", 200)),
  createdBy: Type.Optional(PersonId("建档人")),
  notices: Type.Optional(
    Type.Array(Id("通知单编号"), {
      title: "由旧通知单导入：这些通知单的设备描述指此设备（svc equipment import）",
      uniqueItems: true,
    }),
  ),
});
