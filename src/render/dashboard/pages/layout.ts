// The frame every page of the dashboard shares (header, search box, footer) and the small pieces the
// pages are made of: escaping (`h`, which also masks phone numbers unless --include-contacts), times in
// the department's zone, links to the site's pages, tables and field lists.
import { t } from "../../../core/i18n.ts";
import { isoLocal } from "../../../core/time.ts";
import { xmlSafe } from "../../xml-safe.ts";

export interface Ctx {
  english: boolean;
  contacts: boolean;
  pay: boolean;
  department: string;
  company?: string;
  tz: string;
  month: string;
  asOf: string;
  person(id: string): string;
  customer(id: string): string;
  hasPerson(id: string): boolean;
  hasCustomer(id: string): boolean;
}

// ------------------------------------------------------------------ text

export const ESC: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Phone numbers as people write them: a mobile (1[3-9] and nine digits, +86 allowed), a landline with
 * its area code, a 400/800 number — digits possibly separated by spaces or dashes.
 */
const PHONE =
  /(?<![\dA-Za-z])(?:\+?86[ -]?)?(?:1[3-9]\d(?:[ -]?\d){8}|0\d{2,3}[ -]?\d{3,4}[ -]?\d{4}|[48]00[ -]?\d{3}[ -]?\d{4})(?![\dA-Za-z])/g;

/** A phone number masked: its first three and last two digits kept (138******78). */
export function maskPhones(s: string): string {
  return s.replace(PHONE, (m) => {
    const digits = m.replace(/\D/g, "");
    return `${digits.slice(0, 3)}${"*".repeat(Math.max(4, digits.length - 5))}${digits.slice(-2)}`;
  });
}

/**
 * A field that holds a phone number (a contact's, a person's), masked whole whatever its format — an
 * 8-digit local number, +852 9123 4567, (0512)62345678, full-width digits, "tel139…" all slipped past
 * the pattern of maskPhones (found by attack): its first three and last two digits kept, the rest a *
 * each; a field of five digits or fewer is all stars. HTML-escaped; whole with --include-contacts.
 */
export function phoneField(c: Ctx, phone: string | undefined): string {
  if (!phone) return "";
  if (c.contacts) return esc(phone);
  const digits = phone
    .replace(/[\uFF10-\uFF19]/g, (d) => String(d.charCodeAt(0) - 0xff10))
    .replace(/\D/g, "");
  if (!digits) return esc(maskPhones(phone));
  if (digits.length <= 5) return "*".repeat(digits.length);
  return `${digits.slice(0, 3)}${"*".repeat(digits.length - 5)}${digits.slice(-2)}`;
}

/** HTML-escaped, nothing masked: for what is an identifier, never a phone (a commit's id). */
export const esc = (s: string): string => xmlSafe(s).replace(/[&<>"']/g, (ch) => ESC[ch]);

export function makeH(c: Ctx) {
  return (v: unknown): string => {
    const s = v === undefined || v === null ? "" : String(v);
    return esc(c.contacts ? s : maskPhones(s));
  };
}

const shown = new Map<string, string>();
/** YYYY-MM-DD HH:mm in the department's zone (isoLocal: arithmetic for fixed-offset zones), memoised. */
export function when(c: Ctx, iso: string | null | undefined): string {
  if (!iso) return "—";
  const key = `${c.tz}|${iso}`;
  let s = shown.get(key);
  if (s === undefined) {
    s = isoLocal(iso, c.tz).slice(0, 16).replace("T", " ");
    if (shown.size > 200_000) shown.clear();
    shown.set(key, s);
  }
  return s;
}
export const day = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : "—");

// ------------------------------------------------------------------ the frame

interface Frame {
  title: string;
  /** "" for pages at the top, "../" for pages in a folder. */
  root: string;
  body: string;
  kind: string;
}

export function page(c: Ctx, f: Frame): string {
  const h = makeH(c);
  const lang = c.english ? "en" : "zh-CN";
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(f.title)} · ${h(c.department)}</title>
<link rel="icon" href="${f.root}assets/icon.svg" type="image/svg+xml">
<link rel="stylesheet" href="${f.root}assets/site.css">
</head>
<body data-root="${f.root}" data-page="${f.kind}">
<header class="top">
<a class="home" href="${f.root}index.html" data-testid="home">${h(c.department)}</a>
<nav><a href="${f.root}due.html">${t("待办", "Due")}</a> <a href="${f.root}people.html">${t("人员", "People")}</a> <a href="${f.root}customers.html">${t("客户", "Customers")}</a></nav>
<div class="search" role="search"><input id="search" data-testid="search" type="search" autocomplete="off" placeholder="${h(t("搜索编号、客户、人员、内容", "Search ids, customers, people, contents"))}" aria-label="${h(t("搜索", "Search"))}"><ol id="search-results" data-testid="search-results" hidden></ol></div>
</header>
<main>
${f.body}
</main>
<footer>${h(c.department)}${c.company ? ` · ${h(c.company)}` : ""} · svc dashboard</footer>
<script src="${f.root}assets/app.js"></script>
</body>
</html>
`;
}

export const link = (root: string, folder: string, id: string, text: string, testid?: string) =>
  `<a href="${root}${folder}/${encodeURIComponent(id)}.html"${testid ? ` data-testid="${testid}"` : ""}>${text}</a>`;

export function personLink(c: Ctx, root: string, id: string | undefined): string {
  const h = makeH(c);
  if (!id) return "—";
  return c.hasPerson(id) ? link(root, "engineers", id, h(c.person(id)), "person-link") : h(id);
}

export function customerLink(c: Ctx, root: string, id: string | undefined): string {
  const h = makeH(c);
  if (!id) return "—";
  return c.hasCustomer(id) ? link(root, "customers", id, h(c.customer(id)), "customer-link") : h(id);
}

export function recordLink(c: Ctx, root: string, id: string | undefined): string {
  const h = makeH(c);
  if (!id) return "—";
  if (/^L-/.test(id)) return link(root, "letters", id, h(id));
  if (/^N-/.test(id)) return link(root, "notices", id, h(id));
  if (/^EQ-/.test(id)) return link(root, "equipment", id, h(id));
  return h(id);
}

/**
 * Tables of short cells — figures, names, ids — read best as tables on a phone too (scrolled sideways
 * when wider, the first column kept in view); every other table becomes a block a row there.
 */
const GRID_TABLES = new Set([
  "due-by-kind",
  "due-by-person",
  "trend-table",
  "engineers-table",
  "payroll",
  "customers",
  "people",
]);

export function table(head: string[], rows: string[][], testid?: string): string {
  if (!rows.length) return `<p class="none">${t("（无）", "(none)")}</p>`;
  // data-label: on a phone each row is a block of "label value" lines (site.css)
  const labels = head.map((x) =>
    x ? ` data-label="${x.replace(/<[^>]*>/g, "").replace(/"/g, "&quot;")}"` : "",
  );
  return `<div class="scroll${testid && GRID_TABLES.has(testid) ? " grid" : ""}"><table${testid ? ` data-testid="${testid}"` : ""}><thead><tr>${head.map((x) => `<th>${x}</th>`).join("")}</tr></thead><tbody>
${rows.map((r) => `<tr>${r.map((x, i) => `<td${labels[i] ?? ""}${short(x) ? ' class="nw"' : ""}>${x}</td>`).join("")}</tr>`).join("\n")}
</tbody></table></div>`;
}

/** A cell short enough to keep on one line (a date, an id, a state). */
const short = (cell: string) => cell.replace(/<[^>]*>/g, "").length <= 19;

export function dl(pairs: [string, string][]): string {
  return `<dl class="fields">${pairs.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join("")}</dl>`;
}

const GRADE_EN: Record<string, string> = { 优: "Excellent", 良: "Good", 中: "Fair", 差: "Poor" };
export const grade = (g: string | undefined) => (g ? t(g, GRADE_EN[g] ?? g) : "—");
