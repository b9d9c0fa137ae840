// Building blocks shared by the record schemas. The schemas are written once with TypeBox; the
// TypeScript types of the records are derived from them (Static<…>), never kept by hand.
import { type TSchema, type TUnsafe, Type } from "@sinclair/typebox";

export type { Static } from "@sinclair/typebox";
export { Type };

/** A closed set of strings, emitted as a JSON Schema `enum` (clear messages, editor completion). */
export function Enum<const V extends readonly string[]>(values: V, title: string): TUnsafe<V[number]> {
  return Type.Unsafe<V[number]>({ type: "string", enum: [...values], title });
}

export const Id = (title: string) =>
  Type.String({ title, pattern: "^[A-Za-z0-9][A-Za-z0-9_.-]*$", maxLength: 80 });
export const PersonId = (title = "人员") => Id(title);
export const DateTime = (title: string) => Type.String({ title, format: "date-time" });
export const DateOnly = (title: string) => Type.String({ title, format: "date" });
export const Month = (title = "月份") => Type.String({ title, pattern: "^\\d{4}-(0[1-9]|1[0-2])$" });
export const Text = (title: string, maxLength = 20000) => Type.String({ title, minLength: 1, maxLength });
export const Money = (title: string) => Type.Number({ title });

/** Who did a step and when. `backdated` marks an entry transcribed later from paper (`--at`). */
export const Stamp = (title: string) =>
  Type.Object(
    {
      by: PersonId("操作人"),
      at: DateTime("时间"),
      backdated: Type.Optional(Type.Boolean({ title: "补录（由纸质表格转录）" })),
      enteredAt: Type.Optional(DateTime("录入时间")),
      as: Type.Optional(PersonId("代为录入人")),
    },
    { title, additionalProperties: false },
  );

export const Attachment = Type.Object(
  {
    path: Type.String({ title: "附件路径（相对于记录库）", minLength: 1 }),
    sha256: Type.String({ title: "SHA-256 摘要", pattern: "^[0-9a-f]{64}$" }),
    name: Type.Optional(Type.String({ title: "原文件名" })),
  },
  { title: "附件", additionalProperties: false },
);

export const Record = <const K extends string, P extends Record<string, TSchema>>(
  kind: K,
  title: string,
  props: P,
) =>
  Type.Object(
    {
      kind: Type.Literal(kind, { title: "记录类型" }),
      id: Id("编号"),
      ...props,
    },
    { title, additionalProperties: false },
  );

export * from "./enums.ts";
