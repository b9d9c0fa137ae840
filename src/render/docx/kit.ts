// Building blocks for the department's printed forms (.docx), over the `docx` package.
//
// Every document svc writes is A4, declares Chinese fonts for East Asian text (宋体/SimSun for the
// body, 黑体/SimHei for titles, each with its Chinese name as the fallback name in the font table),
// puts labelled fields and data in fixed-width tables (widths in twips, 1 cm = 567), and carries
// 第 X 页 共 Y 页 in the footer. `packDeterministic` gives byte-identical files for the same input:
// fixed document metadata (from the report's period, never the clock), renumbered drawing ids (docx
// counts them per process), and a re-zip with fixed entry times.
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  type ISectionOptions,
  type IStylesOptions,
  LineRuleType,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  type ParagraphChild,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from "docx";
import { strFromU8, strToU8, unzipSync, type Zippable, zipSync } from "fflate";
import { xmlSafe } from "../xml-safe.ts";

/** Twips (dxa) per centimetre. */
export const CM = 567;
export const A4 = { width: 11906, height: 16838 } as const;
export const MARGIN = {
  top: 2 * CM,
  bottom: 2 * CM,
  left: Math.round(2.2 * CM),
  right: Math.round(2.2 * CM),
};
/** Width available to text and tables, in twips. */
export const CONTENT_WIDTH = {
  portrait: A4.width - MARGIN.left - MARGIN.right,
  landscape: A4.height - MARGIN.left - MARGIN.right,
} as const;

export const FONT_BODY = "SimSun"; // 宋体
export const FONT_TITLE = "SimHei"; // 黑体
export const FONT_LATIN = "Times New Roman";
/** Run fonts: Latin text in Times New Roman, East Asian text in 宋体 (or 黑体 for titles). */
export const bodyFont = { ascii: FONT_LATIN, hAnsi: FONT_LATIN, cs: FONT_LATIN, eastAsia: FONT_BODY };
export const titleFont = { ascii: FONT_LATIN, hAnsi: FONT_LATIN, cs: FONT_LATIN, eastAsia: FONT_TITLE };

/** Half-points: 五号 10.5pt, 小四 12pt, 四号 14pt, 小二 18pt. */
export const SIZE = { small: 18, body: 21, large: 24, heading: 28, title: 36 } as const;
const LABEL_FILL = "E7E6E6";
const HEADER_FILL = "D9D9D9";

const STYLES: IStylesOptions = {
  default: {
    document: {
      run: { font: bodyFont, size: SIZE.body, language: { value: "en-US", eastAsia: "zh-CN" } },
      paragraph: { spacing: { after: 0, line: 300, lineRule: LineRuleType.AUTO } },
    },
  },
};

export type Orientation = "portrait" | "landscape";

/** One A4 section with 第 X 页 共 Y 页 centred in the footer. */
export function section(
  children: ISectionOptions["children"],
  orientation: Orientation = "portrait",
): ISectionOptions {
  return {
    properties: {
      page: {
        // docx swaps width and height for a landscape section itself: always give the portrait size.
        size: {
          width: A4.width,
          height: A4.height,
          orientation: orientation === "landscape" ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT,
        },
        margin: { ...MARGIN, header: CM, footer: CM },
      },
    },
    footers: { default: pageFooter() },
    children,
  };
}

export function pageFooter(): Footer {
  return new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [
          new TextRun({
            size: SIZE.small,
            children: ["第 ", PageNumber.CURRENT, " 页 共 ", PageNumber.TOTAL_PAGES, " 页"],
          }),
        ],
      }),
    ],
  });
}

export interface DocMeta {
  /** Document title (core properties), e.g. 张三周报11-28. */
  title: string;
  /** Who the document is from: the department (never the clock or the machine's user). */
  creator: string;
  /** Fixed creation/modification time, e.g. the end of the report's period: "2026-11-28T18:00:00+08:00". */
  date: string;
  subject?: string;
  description?: string;
}

export interface BuiltDoc {
  doc: Document;
  meta: DocMeta;
}

/** A document of A4 sections with the department's fonts and styles. */
export function makeDocument(meta: DocMeta, sections: ISectionOptions[]): BuiltDoc {
  const doc = new Document({
    title: meta.title,
    subject: meta.subject,
    description: meta.description,
    creator: meta.creator,
    lastModifiedBy: meta.creator,
    revision: 1,
    styles: STYLES,
    sections,
  });
  return { doc, meta };
}

// ------------------------------------------------------------------ paragraphs

/** The form's title: 黑体 小二, centred. */
export function title(text: string, subtitle?: string): Paragraph[] {
  const out = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 120, after: subtitle ? 60 : 240 },
      children: [new TextRun({ text, font: titleFont, size: SIZE.title, bold: true })],
    }),
  ];
  if (subtitle) {
    out.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: { after: 240 },
        children: [new TextRun({ text: subtitle, size: SIZE.body })],
      }),
    );
  }
  return out;
}

/** A section heading inside a document: 黑体 四号. */
export function heading(text: string): Paragraph {
  return new Paragraph({
    spacing: { before: 240, after: 120 },
    keepNext: true,
    children: [new TextRun({ text, font: titleFont, size: SIZE.heading, bold: true })],
  });
}

/** Plain text; line breaks in the text become separate paragraphs. */
export function para(
  text: string,
  opts: { bold?: boolean; size?: number; align?: "left" | "center" | "right"; keepNext?: boolean } = {},
): Paragraph[] {
  const lines = text.split(/\r?\n/);
  return lines.map(
    (line) =>
      new Paragraph({
        alignment: align(opts.align),
        keepNext: opts.keepNext,
        children: [new TextRun({ text: line, bold: opts.bold, size: opts.size })],
      }),
  );
}

/** A small note (e.g. how a figure is computed). */
export function note(text: string): Paragraph {
  return new Paragraph({
    spacing: { before: 60, after: 60 },
    children: [new TextRun({ text, size: SIZE.small, color: "595959" })],
  });
}

export function spacer(after = 120): Paragraph {
  return new Paragraph({ spacing: { after }, children: [] });
}

function align(a?: "left" | "center" | "right") {
  return a === "center" ? AlignmentType.CENTER : a === "right" ? AlignmentType.RIGHT : AlignmentType.LEFT;
}

// ------------------------------------------------------------------ tables

const border = { style: BorderStyle.SINGLE, size: 4, color: "000000" };
const BORDERS = {
  top: border,
  bottom: border,
  left: border,
  right: border,
  insideHorizontal: border,
  insideVertical: border,
};

function textCell(
  text: string,
  width: number,
  opts: {
    fill?: string;
    bold?: boolean;
    columnSpan?: number;
    align?: "left" | "center" | "right";
    keepNext?: boolean;
  } = {},
): TableCell {
  const lines = (text === "" ? " " : text).split(/\r?\n/);
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    columnSpan: opts.columnSpan,
    verticalAlign: VerticalAlign.CENTER,
    margins: { top: 50, bottom: 50, left: 100, right: 100 },
    shading: opts.fill ? { fill: opts.fill, type: ShadingType.CLEAR, color: "auto" } : undefined,
    children: lines.map(
      (line) =>
        new Paragraph({
          alignment: align(opts.align),
          keepNext: opts.keepNext,
          children: [new TextRun({ text: line, bold: opts.bold })],
        }),
    ),
  });
}

/** A field of a form: label and value; `wide` spans the full row. */
export interface Field {
  label: string;
  value: string;
  wide?: boolean;
}

/**
 * The labelled-field table of a paper form: shaded label cells, two label/value pairs per row
 * (a `wide` field takes a whole row). Widths in twips over the given total width.
 */
export function fieldTable(fields: Field[], total: number = CONTENT_WIDTH.portrait): Table {
  const label = Math.round(total * 0.16);
  const value = Math.round(total / 2) - label;
  const widths = [label, value, label, total - 2 * label - value];
  // Rows first, then cells: every row but the last keeps with the next, so a form's block of fields
  // is not split across pages (Word and LibreOffice move the whole small table instead).
  const specs: [Field, Field | undefined][] = [];
  let pending: Field | undefined;
  for (const f of fields) {
    if (f.wide) {
      if (pending) specs.push([pending, undefined]);
      specs.push([f, undefined]);
      pending = undefined;
    } else if (!pending) pending = f;
    else {
      specs.push([pending, f]);
      pending = undefined;
    }
  }
  if (pending) specs.push([pending, undefined]);
  const rows = specs.map(([a, b], i) => {
    const keepNext = i < specs.length - 1;
    const lab = (f: Field, w: number) => textCell(f.label, w, { fill: LABEL_FILL, bold: true, keepNext });
    return new TableRow({
      cantSplit: true,
      children: b
        ? [
            lab(a, widths[0]),
            textCell(a.value, widths[1], { keepNext }),
            lab(b, widths[2]),
            textCell(b.value, widths[3], { keepNext }),
          ]
        : [
            lab(a, widths[0]),
            textCell(a.value, widths[1] + widths[2] + widths[3], { columnSpan: 3, keepNext }),
          ],
    });
  });
  return new Table({
    width: { size: total, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: BORDERS,
    rows,
  });
}

export interface Column {
  header: string;
  /** Relative weight of the column's width (shares what the fixed-width columns leave). */
  weight?: number;
  /** A fixed width in twips, e.g. ID_WIDTH for a record id that must stay on one line. */
  width?: number;
  align?: "left" | "center" | "right";
}

/** Width of a column holding a record id such as L-20261102-z2k93 (3.45 cm): one line in 五号 with the cell margins. */
export const ID_WIDTH = 1960;

/** A data table: shaded header row repeated on every page, fixed column widths from the weights. */
export function dataTable(
  columns: Column[],
  rows: (string | number)[][],
  total: number = CONTENT_WIDTH.portrait,
): Table {
  const weights = columns.map((c) => (c.width ? 0 : (c.weight ?? 1)));
  const sum = weights.reduce((a, b) => a + b, 0) || 1;
  const free = total - columns.reduce((a, c) => a + (c.width ?? 0), 0);
  const widths = columns.map((c, i) => c.width ?? Math.floor((free * weights[i]) / sum));
  widths[widths.length - 1] += total - widths.reduce((a, b) => a + b, 0);
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: columns.map((c, i) =>
      textCell(c.header, widths[i], { fill: HEADER_FILL, bold: true, align: "center" }),
    ),
  });
  const body = rows.length
    ? rows.map(
        (r) =>
          new TableRow({
            cantSplit: true,
            children: columns.map((c, i) => textCell(String(r[i] ?? ""), widths[i], { align: c.align })),
          }),
      )
    : [
        new TableRow({
          children: [textCell("（无）", total, { columnSpan: columns.length, align: "center" })],
        }),
      ];
  return new Table({
    width: { size: total, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: BORDERS,
    rows: [header, ...body],
  });
}

/** Signature lines: 「role 签字：＿＿＿ 日期：＿＿＿」 one per signer, with the known name/date filled in. */
export function signatures(
  signers: { role: string; name?: string; date?: string }[],
  total: number = CONTENT_WIDTH.portrait,
): Table {
  const none = { style: BorderStyle.NONE, size: 0, color: "FFFFFF" };
  const under = { style: BorderStyle.SINGLE, size: 4, color: "000000" };
  const w = [Math.round(total * 0.28), Math.round(total * 0.3), Math.round(total * 0.1)];
  w.push(total - w[0] - w[1] - w[2]);
  const cell = (text: string, width: number, line: boolean, keep: boolean) =>
    new TableCell({
      width: { size: width, type: WidthType.DXA },
      verticalAlign: VerticalAlign.BOTTOM,
      margins: { top: 240, bottom: 30, left: 60, right: 60 },
      borders: { top: none, left: none, right: none, bottom: line ? under : none },
      children: [
        new Paragraph({
          alignment: line ? AlignmentType.CENTER : AlignmentType.RIGHT,
          keepNext: keep,
          keepLines: true,
          children: [new TextRun(text)],
        }),
      ],
    });
  return new Table({
    width: { size: total, type: WidthType.DXA },
    columnWidths: w,
    layout: TableLayoutType.FIXED,
    borders: {
      top: none,
      bottom: none,
      left: none,
      right: none,
      insideHorizontal: none,
      insideVertical: none,
    },
    rows: signers.map(
      (s, i) =>
        new TableRow({
          cantSplit: true,
          children: [
            cell(`${s.role}签字：`, w[0], false, i < signers.length - 1),
            cell(s.name ?? "", w[1], true, i < signers.length - 1),
            cell("日期：", w[2], false, i < signers.length - 1),
            cell(s.date ?? "", w[3], true, i < signers.length - 1),
          ],
        }),
    ),
  });
}

/** A run list helper for mixed bold label + text in one paragraph. */
export function labelled(label: string, text: string): Paragraph {
  const children: ParagraphChild[] = [new TextRun({ text: `${label}：`, bold: true }), new TextRun(text)];
  return new Paragraph({ spacing: { after: 60 }, children });
}

// ------------------------------------------------------------------ packing

/**
 * Fixed zip entry time. Zip (DOS) times are local wall-clock fields and fflate reads them with the
 * local getters, so the date is built in local time: the same bytes in every time zone.
 */
const ZIP_MTIME = new Date(1980, 0, 1, 0, 0, 0);

const FONT_TABLE = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:font w:name="Times New Roman"><w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font><w:font w:name="SimSun"><w:altName w:val="宋体"/><w:panose1 w:val="02010600030101010101"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font><w:font w:name="SimHei"><w:altName w:val="黑体"/><w:panose1 w:val="02010609060101010101"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font></w:fonts>`;

const TABLE_GAP =
  '<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="160" w:lineRule="exact"/></w:pPr></w:p>';

function xmlEscape(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** W3CDTF in UTC, seconds precision. */
function w3c(date: string): string {
  const d = new Date(date);
  if (Number.isNaN(d.getTime())) throw new Error(`packDeterministic: bad date ${date}`);
  return `${d.toISOString().slice(0, 19)}Z`;
}

function coreXml(meta: DocMeta): string {
  const opt = (tag: string, v?: string) => (v ? `<${tag}>${xmlEscape(v)}</${tag}>` : "");
  const when = w3c(meta.date);
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
    opt("dc:title", meta.title) +
    opt("dc:subject", meta.subject) +
    opt("dc:creator", meta.creator) +
    opt("dc:description", meta.description) +
    `<dc:language>zh-CN</dc:language>` +
    opt("cp:lastModifiedBy", meta.creator) +
    `<cp:revision>1</cp:revision>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified>` +
    `</cp:coreProperties>`
  );
}

/** Every XML part of an Office package (.docx, .xlsx) cleaned of XML-illegal characters, in place. */
export function xmlSafeParts(parts: Record<string, Uint8Array>): void {
  for (const name of Object.keys(parts)) {
    if (!/\.(xml|rels)$/.test(name)) continue;
    const xml = strFromU8(parts[name]);
    const clean = xmlSafe(xml);
    if (clean !== xml) parts[name] = strToU8(clean);
  }
}

/** Parts in a fixed order: [Content_Types].xml first (as Word writes it), then by name. */
function partOrder(a: string, b: string): number {
  const rank = (p: string) => (p === "[Content_Types].xml" ? 0 : p.startsWith("_rels/") ? 1 : 2);
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

type DocxCompiler = {
  compile(file: unknown, prettify?: unknown, overrides?: unknown[]): Iterable<[string, unknown]>;
};

/**
 * The document's parts (path → bytes) as docx writes them. `Packer.toBuffer` deflates every part at
 * the default level only for packDeterministic to inflate them again and re-zip them its own way —
 * a third of a 50k-record monthly report's time. The parts come from docx's compiler (the step
 * before its zip) when it is there; otherwise from its zip, as before. The same bytes either way
 * (test/quality.docx.test.ts).
 */
export async function docxParts(doc: Document): Promise<Record<string, Uint8Array>> {
  const compiler = (Packer as unknown as { compiler?: Partial<DocxCompiler> }).compiler;
  if (typeof compiler?.compile !== "function" || process.env.SVC_DOCX_VIA_ZIP === "1")
    return unzipSync(new Uint8Array(await Packer.toBuffer(doc)));
  const parts: Record<string, Uint8Array> = {};
  for (const [path, data] of (compiler as DocxCompiler).compile(doc, undefined, [])) {
    if (typeof data === "string") parts[path] = strToU8(data);
    else if (ArrayBuffer.isView(data))
      parts[path] = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    else if (data instanceof ArrayBuffer) parts[path] = new Uint8Array(data);
    else return unzipSync(new Uint8Array(await Packer.toBuffer(doc))); // a part of a kind not known here
  }
  return parts;
}

/**
 * Pack the document into .docx bytes that depend only on its content and metadata: the same input
 * gives the same bytes on every run and machine.
 */
export async function packDeterministic(built: BuiltDoc): Promise<Uint8Array> {
  const parts = await docxParts(built.doc);
  parts["docProps/core.xml"] = strToU8(coreXml(built.meta));
  parts["word/fontTable.xml"] = strToU8(FONT_TABLE);
  // Two tables in a row would be merged into one by Word and LibreOffice (the second table's widths
  // and borders lost): keep a thin empty paragraph between them.
  const body = strFromU8(parts["word/document.xml"]);
  if (body.includes("</w:tbl><w:tbl>")) {
    parts["word/document.xml"] = strToU8(body.replaceAll("</w:tbl><w:tbl>", `</w:tbl>${TABLE_GAP}<w:tbl>`));
  }
  // Drawing ids come from a per-process counter in docx: renumber them in document order.
  let id = 0;
  const drawingParts = Object.keys(parts)
    .filter((p) => /^word\/(document|header\d*|footer\d*)\.xml$/.test(p))
    .sort(partOrder);
  for (const p of drawingParts) {
    const xml = strFromU8(parts[p]);
    if (!xml.includes("<wp:docPr ")) continue;
    parts[p] = strToU8(xml.replace(/<wp:docPr id="\d+"/g, () => `<wp:docPr id="${++id}"`));
  }
  xmlSafeParts(parts);
  const zippable: Zippable = {};
  for (const name of Object.keys(parts).sort(partOrder)) {
    // Images are compressed already: stored as they are. The XML is deflated at the fastest level
    // (a few per cent larger, a third of the time: the monthly report's table has a row per engineer).
    zippable[name] = [parts[name], { mtime: ZIP_MTIME, level: name.startsWith("word/media/") ? 0 : 1 }];
  }
  return zipSync(zippable, { mtime: ZIP_MTIME });
}
