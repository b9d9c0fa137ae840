// The record kinds: one JSON Schema each, where its files live, and how its ids look (DOMAIN §2, D12).
import type { Static } from "@sinclair/typebox";
import { ConfigSchema } from "./config.ts";
import { CustomerComplaintSchema } from "./customer-complaint.ts";
import { EquipmentSchema } from "./equipment.ts";
import { ComplaintSchema, ExamSchema, IncidentSchema } from "./incident.ts";
import { LetterSchema } from "./letter.ts";
import { AmendmentSchema, AssessmentSchema, DecisionSchema, PayrollSchema } from "./money.ts";
import { NoticeSchema } from "./notice.ts";
import { CustomerSchema, PersonSchema, ProductSchema } from "./people.ts";
import { RdOrderSchema } from "./rd.ts";
import { DepartmentWeeklySchema, MonthlySchema, WeeklySchema } from "./reports.ts";

export const SCHEMAS = {
  person: PersonSchema,
  customer: CustomerSchema,
  product: ProductSchema,
  notice: NoticeSchema,
  letter: LetterSchema,
  weekly: WeeklySchema,
  "department-weekly": DepartmentWeeklySchema,
  monthly: MonthlySchema,
  incident: IncidentSchema,
  exam: ExamSchema,
  complaint: ComplaintSchema,
  assessment: AssessmentSchema,
  payroll: PayrollSchema,
  amendment: AmendmentSchema,
  decision: DecisionSchema,
  "customer-complaint": CustomerComplaintSchema,
  equipment: EquipmentSchema,
  rd: RdOrderSchema,
} as const;

export type { Config, ConfigFile, MonthSettings, MonthSettingsPatch, Revision } from "./config.ts";
export { ConfigSchema };
export type Person = Static<typeof PersonSchema>;
export type Customer = Static<typeof CustomerSchema>;
export type Product = Static<typeof ProductSchema>;
export type Notice = Static<typeof NoticeSchema>;
export type Letter = Static<typeof LetterSchema>;
export type Weekly = Static<typeof WeeklySchema>;
export type DepartmentWeekly = Static<typeof DepartmentWeeklySchema>;
export type Monthly = Static<typeof MonthlySchema>;
export type Incident = Static<typeof IncidentSchema>;
export type Exam = Static<typeof ExamSchema>;
export type Complaint = Static<typeof ComplaintSchema>;
export type Assessment = Static<typeof AssessmentSchema>;
export type Payroll = Static<typeof PayrollSchema>;
export type Amendment = Static<typeof AmendmentSchema>;
export type Decision = Static<typeof DecisionSchema>;
export type CustomerComplaint = Static<typeof CustomerComplaintSchema>;
export type Equipment = Static<typeof EquipmentSchema>;
export type RdOrder = Static<typeof RdOrderSchema>;
export type Stamp = Letter["assigned"];
export type Ratings = NonNullable<NonNullable<Letter["completion"]>["ratings"]>;
export type AttachmentRef = NonNullable<Letter["log"][number]["attachments"]>[number];
export * from "./common.ts";
export * from "./kinds.ts";

import type { Kind } from "./kinds.ts";
export type RecordOf<K extends Kind> = Static<(typeof SCHEMAS)[K]>;
export type AnyRecord = { [K in Kind]: RecordOf<K> }[Kind];
