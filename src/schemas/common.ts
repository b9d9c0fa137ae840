// Building blocks shared by the record schemas. The schemas are written once with TypeBox; the
// TypeScript types of the records are derived from them (Static<…>), never kept by hand.
import { type TSchema, type TUnsafe, Type } from "@sinclair/typebox";
import { MONEY, type Range, YEARS, yearPattern } from "./limits.ts";

export type { Static } from "@sinclair/typebox";
export { Type };

/** A closed set of strings, emitted as a JSON Schema `enum` (clear messages, editor completion). */
export function Enum<const V extends readonly string[]>(values: V, title: string): TUnsafe<V[number]> {
  return Type.Unsafe<V[number]>({ type: "string", enum: [...values], title });
}

export const Id = (title: string) =>
  Type.String({ title, pattern: "^[A-Za-z0-9][A-Za-z0-9_.-]*$", maxLength: 80 });
export const PersonId = (title = "人员") => Id(title);
/** Dates and times carry a year in the sane range (src/schemas/limits.ts): the pattern checks it. */
/**
 * A time as RFC 3339 writes it, and only as JavaScript's Date reads it: the `date-time` format also
 * takes a leap second (07:59:60) and a zone of hours alone (+08), which Date reads as NaN — a
 * deadline, a fine or a due list computed from it crashed or went silently wrong (found by attack).
 */
const TIME_OF_DAY =
  "(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])[Tt ]([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d{1,9})?([Zz]|[+-]([01]\\d|2[0-3]):?[0-5]\\d)$";
export const DateTime = (title: string, years: Range = YEARS) =>
  Type.String({ title, format: "date-time", pattern: `${yearPattern(years)}${TIME_OF_DAY}` });
export const DateOnly = (title: string, years: Range = YEARS) =>
  Type.String({ title, format: "date", pattern: yearPattern(years) });
export const Month = (title = "月份") =>
  Type.String({ title, pattern: `${yearPattern(YEARS)}(0[1-9]|1[0-2])$` });
export const Text = (title: string, maxLength = 20000) => Type.String({ title, minLength: 1, maxLength });
/** A number within a range (which also keeps out YAML's .nan and .inf). */
export const Bounded = (title: string, r: Range) => Type.Number({ title, minimum: r.min, maximum: r.max });
export const Count = (title: string, r: Range) => Type.Integer({ title, minimum: r.min, maximum: r.max });
export const Money = (title: string, r: Range = MONEY) => Bounded(title, r);

/**
 * The marks of a step entered from paper (D16): `backdated` (`--at`) with the real entry time, and `as`,
 * who typed it in for the person named in `by` (`--as`). Every step that records a person and a time
 * carries them, so a transcription is a record `svc check` accepts.
 */
export const StepMarks = () => ({
  backdated: Type.Optional(Type.Boolean({ title: "补录（由纸质表格转录）" })),
  enteredAt: Type.Optional(DateTime("录入时间")),
  as: Type.Optional(PersonId("代为录入人")),
});

/** Who did a step and when. `backdated` marks an entry transcribed later from paper (`--at`). */
export const Stamp = (title: string) =>
  Type.Object(
    {
      by: PersonId("操作人"),
      at: DateTime("时间"),
      ...StepMarks(),
    },
    { title, additionalProperties: false },
  );

export const Attachment = Type.Object(
  {
    path: Type.String({ title: "附件路径（相对于记录库）", minLength: 1, maxLength: 300 }),
    sha256: Type.String({ title: "SHA-256 摘要", pattern: "^[0-9a-f]{64}$" }),
    name: Type.Optional(Type.String({ title: "原文件名", maxLength: 255 })),
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
