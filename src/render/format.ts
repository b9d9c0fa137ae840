// How times, dates and grades are printed in the documents (department time, no seconds).
import { isoLocal, local } from "../core/time.ts";

/**
 * The local ISO time, by arithmetic in a fixed-offset zone (issue 18: dayjs's zone conversion was
 * ~45 ms of a `svc show`), else through dayjs as before; undefined for what is no time.
 */
function wall(iso: string, tz: string): string | undefined {
  const s = isoLocal(iso, tz);
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(s) ? s : undefined;
}

/** 2026-11-28 17:59 in the department's zone; "" for null. */
export function fmtTime(iso: string | null | undefined, tz: string): string {
  if (!iso) return "";
  const w = wall(iso, tz);
  return w ? `${w.slice(0, 10)} ${w.slice(11, 16)}` : local(iso, tz).format("YYYY-MM-DD HH:mm");
}

/**
 * A time for reading at a glance (issue 14): `11-05 18:00` in the department's zone, with the year
 * (`2025-11-05 18:00`) when it is not the year of `now`. Full ISO times stay in `--json`.
 */
export function shortTime(iso: string | null | undefined, tz: string, now: Date = new Date()): string {
  if (!iso) return "";
  const w = wall(iso, tz);
  const year = wall(now.toISOString(), tz)?.slice(0, 4);
  if (w && year)
    return w.slice(0, 4) === year
      ? `${w.slice(5, 10)} ${w.slice(11, 16)}`
      : `${w.slice(0, 10)} ${w.slice(11, 16)}`;
  const d = local(iso, tz);
  return d.format(d.year() === local(now.toISOString(), tz).year() ? "MM-DD HH:mm" : "YYYY-MM-DD HH:mm");
}

export function fmtDate(iso: string | null | undefined, tz: string): string {
  return iso ? local(iso, tz).format("YYYY-MM-DD") : "";
}

/** MM-DD of a YYYY-MM-DD date, as in 张三周报11-28.docx. */
export function mmdd(date: string): string {
  return date.slice(5, 10);
}

export function yesNo(v: boolean | null | undefined, yes = "是", no = "否"): string {
  return v === null || v === undefined ? "" : v ? yes : no;
}

/** 优2 良1 中0 差0 */
export function gradeLine(c: { 优: number; 良: number; 中: number; 差: number }): string {
  return `优 ${c.优}　良 ${c.良}　中 ${c.中}　差 ${c.差}`;
}
