// The file names of the weekly and monthly documents (the regulation names the engineer's weekly
// report 姓名+周报+月-日, e.g. 张三周报11-28.docx), apart from their builders: `svc start` finds a
// document up to date by its name without loading docx (issue 18), and the due list names the
// report it waits for. weekly-docx.ts and monthly-docx.ts re-export them.

/**
 * `text` as part of a file name on every system the documents are opened on: the characters that
 * separate folders or that Windows refuses (/ \ : * ? " < > |, control characters) become "_", and a
 * leading dot (a hidden file) or trailing dots and spaces (which Windows drops) are taken off. A
 * person named "黄勇/Huang Yong" gets 黄勇_Huang Yong周报11-14.docx, not a failed rendering.
 */
export function fileNamePart(text: string): string {
  const safe = text
    .replace(/[/\\:*?"<>|\u0000-\u001f\u007f]/g, "_")
    .replace(/^[.\s]+/, "")
    .replace(/[.\s]+$/, "");
  return safe || "_";
}

export function engineerWeeklyFileName(name: string, saturday: string): string {
  return `${fileNamePart(name)}周报${saturday.slice(5, 10)}.docx`;
}

export function departmentWeeklyFileName(saturday: string): string {
  return `技术服务周报${saturday.slice(5, 10)}.docx`;
}

export function monthlyFileName(month: string): string {
  return `技术服务月度报表${month}.docx`;
}
