// The file names of the weekly and monthly documents, apart from their builders: `svc start` finds a
// document up to date by its name without loading docx (issue 18). weekly-docx.ts and monthly-docx.ts
// re-export them.
import { mmdd } from "./format.ts";

export function engineerWeeklyFileName(name: string, saturday: string): string {
  return `${name}周报${mmdd(saturday)}.docx`;
}

export function departmentWeeklyFileName(saturday: string): string {
  return `技术服务周报${mmdd(saturday)}.docx`;
}

export function monthlyFileName(month: string): string {
  return `技术服务月度报表${month}.docx`;
}
