// Charts of the monthly report, drawn by libraries: Vega-Lite specs compiled by vega-lite, rendered
// to SVG by vega (headless, no canvas), rasterised to PNG by resvg (@resvg/resvg-js, a prebuilt
// binary). Chinese labels need a CJK font: SVC_CHART_FONT if set, else the Noto Sans SC that ships
// with svc (@embedpdf/fonts-sc, OFL) — the same font on every machine, so the same records give the
// same chart bytes everywhere — else fontconfig's `fc-list :lang=zh`, then the usual font folders
// (an installation without the font package). Without one the charts are drawn with ASCII
// labels (roster ids, English titles) instead of boxes of missing glyphs; if charting fails
// altogether the report is still written, with a note in place of the charts. Never a failure.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, join, sep } from "node:path";
import { t } from "../core/i18n.ts";
import type { MonthFigures } from "../domain/figures.ts";
import { subsetFontFile } from "./font-subset.ts";
import { xmlSafe } from "./xml-safe.ts";

export interface ChartImage {
  title: string;
  png: Uint8Array;
  /** Size to place in the document, in pixels at 96 dpi. */
  width: number;
  height: number;
}

export interface ChartResult {
  charts: ChartImage[];
  /** Font the labels were drawn with, or null (ASCII labels). */
  font: string | null;
  warnings: string[];
}

export interface CjkFont {
  file: string;
  family: string;
}

const KNOWN: [RegExp, string][] = [
  [/NotoSansCJK.*Regular/i, "Noto Sans CJK SC"],
  [/NotoSerifCJK.*Regular/i, "Noto Serif CJK SC"],
  [/SourceHanSans.*Regular/i, "Source Han Sans SC"],
  [/wqy-microhei/i, "WenQuanYi Micro Hei"],
  [/wqy-zenhei/i, "WenQuanYi Zen Hei"],
  [/^simsun\.tt[cf]$/i, "SimSun"],
  [/^simhei\.ttf$/i, "SimHei"],
  [/^msyh\.tt[cf]$/i, "Microsoft YaHei"],
  [/DroidSansFallback/i, "Droid Sans Fallback"],
];

const FONT_DIRS = [
  "/usr/share/fonts",
  "/usr/local/share/fonts",
  "/System/Library/Fonts",
  "/Library/Fonts",
  "C:\\Windows\\Fonts",
];

let cachedFont: CjkFont | null | undefined;

/** A font with Chinese glyphs, or null. Cached for the process. */
export function findCjkFont(env: NodeJS.ProcessEnv = process.env): CjkFont | null {
  if (env.SVC_CHART_FONT === "none") return null;
  if (cachedFont !== undefined) return cachedFont;
  cachedFont = lookForFont(env);
  return cachedFont;
}

function lookForFont(env: NodeJS.ProcessEnv): CjkFont | null {
  if (env.SVC_CHART_FONT && existsSync(env.SVC_CHART_FONT)) {
    const file = env.SVC_CHART_FONT;
    const known = KNOWN.find(([re]) => re.test(basename(file)));
    return { file, family: env.SVC_CHART_FONT_FAMILY ?? known?.[1] ?? "sans-serif" };
  }
  const bundled = bundledFont();
  if (bundled) return bundled;
  const fc = spawnSync("fc-list", [":lang=zh", "file", "family", "style"], { encoding: "utf8" });
  if (fc.status === 0 && fc.stdout) {
    const fonts = fc.stdout
      .split("\n")
      .map((line) => /^(.+?):\s*([^:]+?)(?::style=(.*))?$/.exec(line.trim()))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => ({ file: m[1], family: m[2].split(",")[0], style: m[3] ?? "" }));
    const regular = fonts.filter((f) => /Regular|Book|Normal|^$/i.test(f.style.split(",")[0]));
    const pick =
      regular.find((f) => /Sans CJK SC/.test(f.family)) ??
      regular.find((f) => /Sans|Hei/i.test(f.family)) ??
      regular[0] ??
      fonts[0];
    if (pick) {
      const fam =
        /CJK/.test(pick.family) && !/ SC$/.test(pick.family)
          ? `${pick.family.split(" CJK")[0]} CJK SC`
          : pick.family;
      return { file: pick.file, family: fam };
    }
  }
  for (const dir of FONT_DIRS) {
    const found = scan(dir, 0);
    if (found) return found;
  }
  return null;
}

/** Noto Sans SC Regular from the @embedpdf/fonts-sc package, when installed. */
function bundledFont(): CjkFont | null {
  try {
    // The package exports only its index (dist/index.cjs); the fonts sit next to dist/.
    const index = createRequire(import.meta.url).resolve("@embedpdf/fonts-sc");
    const file = join(index, "..", "..", "fonts", "NotoSansHans-Regular.otf");
    return existsSync(file) ? { file, family: "Noto Sans S Chinese" } : null;
  } catch {
    return null;
  }
}

function scan(dir: string, depth: number): CjkFont | null {
  if (depth > 4) return null;
  let entries: import("node:fs").Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return null;
  }
  for (const e of entries) {
    if (e.isFile()) {
      const known = KNOWN.find(([re]) => re.test(e.name));
      if (known) return { file: join(dir, e.name), family: known[1] };
    }
  }
  for (const e of entries) {
    if (e.isDirectory()) {
      const found = scan(join(dir, e.name), depth + 1);
      if (found) return found;
    }
  }
  return null;
}

const GRADE_EN: Record<string, string> = { 优: "Excellent", 良: "Good", 中: "Fair", 差: "Poor" };
const DIM_EN: Record<string, string> = { 态度: "Attitude", 水平: "Skill", 结果: "Result" };
const GRADE_COLORS = ["#2e7d32", "#7cb342", "#f9a825", "#c62828"];

type Spec = Record<string, unknown>;

/** The Vega-Lite specs of the monthly charts (exported for tests). */
/**
 * A chart shows at most this many engineers: beyond it the bars are too thin to read on A4 (and every
 * label costs resvg several milliseconds). A large department's chart shows the engineers with the
 * most overdue letters / late reports, says so in its title, and the table beside it lists everyone.
 */
export const MAX_CHART_ENGINEERS = 30;

function mostNeedingAttention<T>(rows: readonly T[], weight: (r: T) => number[]): T[] {
  if (rows.length <= MAX_CHART_ENGINEERS) return [...rows];
  const cmp = (a: number[], b: number[]) => {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return b[i] - a[i];
    return 0;
  };
  const kept = new Set(
    rows
      .map((r, i) => ({ r, i }))
      .sort((a, b) => cmp(weight(a.r), weight(b.r)) || a.i - b.i)
      .slice(0, MAX_CHART_ENGINEERS)
      .map((x) => x.r),
  );
  return rows.filter((r) => kept.has(r));
}

export function monthChartSpecs(fig: MonthFigures, cjk: boolean): { title: string; spec: Spec }[] {
  const L = (zh: string, en: string) => (cjk ? zh : en);
  const who = (e: { engineer: string; name: string }) => (cjk ? e.name : e.engineer);
  const cut = (shown: number, all: number, zh: string, en: string) =>
    shown < all
      ? L(
          `（${zh}的 ${shown} 人，共 ${all} 人见表）`,
          ` (${shown} of ${all} with the most ${en}; all in the table)`,
        )
      : "";

  const onTimeShown = mostNeedingAttention(fig.onTime.perEngineer, (e) => [e.overdue, e.onTime]);
  const onTimeRows = onTimeShown.flatMap((e) => [
    { engineer: who(e), status: L("按时", "on time"), order: 0, count: e.onTime },
    { engineer: who(e), status: L("超期", "overdue"), order: 1, count: e.overdue },
  ]);
  const onTimeTitle =
    L(
      `服务及时率（按时 ${fig.onTime.onTime} / 完工 ${fig.onTime.completed}）`,
      `On-time service (${fig.onTime.onTime} of ${fig.onTime.completed} on time)`,
    ) + cut(onTimeShown.length, fig.onTime.perEngineer.length, "超期最多", "overdue");
  const grades = ["优", "良", "中", "差"];
  const evalRows = Object.entries(fig.evaluation.dimensions).flatMap(([dim, counts]) =>
    grades.map((g, i) => ({
      dimension: cjk ? dim : DIM_EN[dim],
      grade: cjk ? g : GRADE_EN[g],
      order: i,
      count: counts[g as keyof typeof counts],
    })),
  );
  const weeklyShown = mostNeedingAttention(fig.documents.weekly.perEngineer, (e) => [
    e.missing + e.late,
    e.missing,
  ]);
  const weeklyTitle =
    L("周报提交情况", "Weekly reports") +
    cut(weeklyShown.length, fig.documents.weekly.perEngineer.length, "迟交未交最多", "late or missing");
  const weeklyRows = weeklyShown.flatMap((e) => [
    { engineer: who(e), status: L("按时", "on time"), order: 0, count: e.onTime },
    { engineer: who(e), status: L("迟交", "late"), order: 1, count: e.late },
    { engineer: who(e), status: L("未交", "missing"), order: 2, count: e.missing },
  ]);

  const base = (title: string, values: unknown[], bars = 6): Spec => ({
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: title, fontSize: 15 },
    width: 480,
    // about 14 px a bar, at least the 200 px a small department's chart has always had
    height: Math.max(200, bars * 14),
    background: "white",
    data: { values },
  });
  const countAxis = (title: string) => ({
    field: "count",
    type: "quantitative",
    title,
    stack: "zero",
    axis: { tickMinStep: 1, format: "d" },
  });

  // D18: per engineer, the surveys that agree and disagree with the ratings he collected.
  // like the other charts, at most MAX_CHART_ENGINEERS engineers: those with the most disagreeing surveys
  const surveyAll = fig.survey?.perEngineer ?? [];
  const surveyShown = mostNeedingAttention(surveyAll, (e) => [e.disagree, e.unreachable]);
  const surveyTitle =
    L("客服回访与服务人员收集的评价", "Surveys against the ratings the engineer collected") +
    cut(surveyShown.length, surveyAll.length, "不一致最多", "disagreeing surveys");
  const surveyRows = surveyShown.flatMap((e) => {
    const name = cjk
      ? (fig.onTime.perEngineer.find((x) => x.engineer === e.engineer)?.name ?? e.engineer)
      : e.engineer;
    return [
      { engineer: name, status: L("一致", "agree"), order: 0, count: e.reached - e.disagree },
      { engineer: name, status: L("不一致", "disagree"), order: 1, count: e.disagree },
      { engineer: name, status: L("无法联系", "unreachable"), order: 2, count: e.unreachable },
    ];
  });
  const surveyChart = fig.survey
    ? [
        {
          title: surveyTitle,
          spec: {
            ...base(surveyTitle, surveyRows, surveyShown.length),
            mark: { type: "bar" },
            encoding: {
              y: { field: "engineer", type: "nominal", title: null, sort: null },
              x: countAxis(L("回访（份）", "surveys")),
              color: {
                field: "status",
                type: "nominal",
                title: null,
                scale: {
                  domain: [L("一致", "agree"), L("不一致", "disagree"), L("无法联系", "unreachable")],
                  range: ["#2e7d32", "#c62828", "#9e9e9e"],
                },
              },
              order: { field: "order" },
            },
          },
        },
      ]
    : [];

  return [
    {
      title: onTimeTitle,
      spec: {
        ...base(onTimeTitle, onTimeRows, onTimeShown.length),
        mark: { type: "bar" },
        encoding: {
          y: { field: "engineer", type: "nominal", title: null, sort: null },
          x: countAxis(L("完工责任书（份）", "letters completed")),
          color: {
            field: "status",
            type: "nominal",
            title: null,
            scale: { range: ["#2e7d32", "#c62828"] },
            sort: [L("按时", "on time"), L("超期", "overdue")],
          },
          order: { field: "order" },
        },
      },
    },
    {
      title: L("客户评价分布（无签字按三个“差”）", "Customer evaluation (unsigned = three Poor)"),
      spec: {
        ...base(
          L("客户评价分布（无签字按三个“差”）", "Customer evaluation (unsigned = three Poor)"),
          evalRows,
        ),
        mark: { type: "bar" },
        encoding: {
          y: { field: "dimension", type: "nominal", title: null, sort: null },
          x: countAxis(L("评价个数", "ratings")),
          color: {
            field: "grade",
            type: "nominal",
            title: null,
            scale: { domain: grades.map((g) => (cjk ? g : GRADE_EN[g])), range: GRADE_COLORS },
          },
          order: { field: "order" },
        },
      },
    },
    {
      title: weeklyTitle,
      spec: {
        ...base(weeklyTitle, weeklyRows, weeklyShown.length),
        mark: { type: "bar" },
        encoding: {
          y: { field: "engineer", type: "nominal", title: null, sort: null },
          x: countAxis(L("周报（份）", "reports")),
          color: {
            field: "status",
            type: "nominal",
            title: null,
            scale: {
              domain: [L("按时", "on time"), L("迟交", "late"), L("未交", "missing")],
              range: ["#2e7d32", "#f9a825", "#c62828"],
            },
          },
          order: { field: "order" },
        },
      },
    },
    ...surveyChart,
  ];
}

const SCALE = 2;

/**
 * The month's charts as PNG images. Never throws: failures become warnings. `subset: false` draws
 * with the whole font file instead of its subset (the same bytes: test/reports.figures.test.ts).
 */
export async function monthCharts(
  fig: MonthFigures,
  env: NodeJS.ProcessEnv = process.env,
  o: { subset?: boolean } = {},
): Promise<ChartResult> {
  const warnings: string[] = [];
  const font = findCjkFont(env);
  if (!font) {
    warnings.push(
      t(
        "未找到中文字体：图表使用英文标签（安装 Noto CJK 字体或设置 SVC_CHART_FONT=字体文件）",
        "no CJK font: charts use English labels (install Noto CJK or set SVC_CHART_FONT)",
      ),
    );
  }
  let libs: {
    vl: typeof import("vega-lite");
    vega: typeof import("vega");
    renderAsync: typeof import("@resvg/resvg-js").renderAsync;
  };
  try {
    const [vl, vega, resvg] = await Promise.all([
      import("vega-lite"),
      import("vega"),
      import("@resvg/resvg-js"),
    ]);
    libs = { vl, vega, renderAsync: resvg.renderAsync };
  } catch (e) {
    warnings.push(
      t(`图表库无法加载：${(e as Error).message}`, `chart libraries unavailable: ${(e as Error).message}`),
    );
    return { charts: [], font: font?.family ?? null, warnings };
  }
  const fail = (title: string, e: unknown) =>
    warnings.push(
      t(
        `图表“${title}”未能生成：${(e as Error).message}`,
        `chart "${title}" failed: ${(e as Error).message}`,
      ),
    );
  // Vega draws each chart as SVG; resvg rasterises them on libuv's thread pool, with the font cut down
  // to the characters of these SVGs (src/render/font-subset.ts: resvg-js 2.6 reads the whole font
  // file again for each text run it shapes).
  const drawn: { title: string; svg: string }[] = [];
  for (const { title, spec } of monthChartSpecs(fig, font !== null)) {
    try {
      const withFont = font ? { ...spec, config: { font: font.family } } : spec;
      const compiled = libs.vl.compile(withFont as never).spec;
      const view = new libs.vega.View(libs.vega.parse(compiled), { renderer: "none" });
      // A label holding an XML-illegal character (a name with U+FFFF) would fail resvg's parse.
      drawn.push({ title, svg: xmlSafe(await view.toSVG()) });
      view.finalize();
    } catch (e) {
      fail(title, e);
    }
  }
  const subset =
    font && drawn.length && o.subset !== false
      ? await subsetFontFile(font.file, drawn.map((d) => d.svg).join(""), env)
      : null;
  const options = {
    background: "white",
    fitTo: { mode: "zoom" as const, value: SCALE },
    font: font
      ? { fontFiles: [subset?.file ?? font.file], loadSystemFonts: false, defaultFontFamily: font.family }
      : { loadSystemFonts: true },
  };
  // One chart at a time: side by side on a loaded 2-core machine the renders contended for the
  // cores and the page cache (seconds of system time); the same images either way.
  const charts: ChartImage[] = [];
  try {
    for (const { title, svg } of drawn) {
      try {
        const img = await libs.renderAsync(svg, options);
        charts.push({
          title,
          png: img.asPng(),
          width: Math.round(img.width / SCALE),
          height: Math.round(img.height / SCALE),
        });
      } catch (e) {
        fail(title, e);
      }
    }
  } finally {
    subset?.remove();
  }
  return { charts, font: font?.family ?? null, warnings };
}

/** A chart drawn as SVG text (the dashboard's inline charts); its title is drawn in it. */
export interface ChartSvg {
  svg: string;
}

/**
 * The month's charts as SVG text — the same Vega-Lite specs as the .docx's PNGs (monthChartSpecs), so
 * the dashboard and the monthly report show the same figures. `cjk`: Chinese labels (names), else the
 * English ones (ids). The labels use a CSS font list the browser resolves. Never throws.
 */
export async function monthChartSvgs(
  fig: MonthFigures,
  cjk: boolean,
  cache?: SvgCache,
): Promise<{ charts: ChartSvg[]; warnings: string[] }> {
  const warnings: string[] = [];
  const charts: ChartSvg[] = [];
  for (const { title, spec } of monthChartSpecs(fig, cjk)) {
    try {
      charts.push({ svg: await drawSvg({ ...spec, config: { font: CHART_FONTS } }, cache) });
    } catch (e) {
      warnings.push(
        t(
          `图表“${title}”未能生成：${(e as Error).message}`,
          `chart "${title}" failed: ${(e as Error).message}`,
        ),
      );
    }
  }
  return { charts, warnings };
}

/** Charts already drawn, by their spec (the dashboard keeps them between builds). */
export interface SvgCache {
  get(key: string): string | undefined;
  set(key: string, svg: string): void;
}

let libs: Promise<{ vl: typeof import("vega-lite"); vega: typeof import("vega") }> | undefined;
let libVersions: string | undefined;

/** vega's and vega-lite's versions, read from their package.json (without loading them). */
function chartLibVersions(): string {
  if (libVersions === undefined) {
    const req = createRequire(import.meta.url);
    libVersions = ["vega", "vega-lite"]
      .map((name) => {
        try {
          const entry = req.resolve(name);
          const root = entry.slice(
            0,
            entry.lastIndexOf(`node_modules${sep}${name}${sep}`) + `node_modules${sep}${name}`.length,
          );
          return `${name}@${JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version}`;
        } catch {
          return `${name}@?${Math.random()}`; // unknown: never reuse a drawing
        }
      })
      .join(",");
  }
  return libVersions;
}

/** A Vega-Lite spec drawn as compact SVG — from `cache` when the same spec was drawn by the same libraries. */
async function drawSvg(spec: Spec, cache?: SvgCache): Promise<string> {
  const key = cache
    ? createHash("sha256").update(chartLibVersions()).update(JSON.stringify(spec)).digest("hex")
    : "";
  const known = cache?.get(key);
  if (known !== undefined) return known;
  libs ??= Promise.all([import("vega-lite"), import("vega")]).then(([vl, vega]) => ({ vl, vega }));
  const { vl, vega } = await libs;
  const compiled = vl.compile(spec as never).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  const svg = compactSvg(xmlSafe(await view.toSVG()));
  view.finalize();
  cache?.set(key, svg);
  return svg;
}

const CHART_FONTS =
  "'Noto Sans CJK SC','Noto Sans SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif";

/** A month of the dashboard's trend (each figure from that month's monthFigures). */
export interface TrendPoint {
  month: string;
  onTimeRate: number | null;
  documentsRate: number | null;
  weeklyRate: number | null;
}

/** The dashboard's 12-month trend of the three rates, as a Vega-Lite spec. */
export function trendChartSpec(points: readonly TrendPoint[], cjk: boolean): Spec {
  const L = (zh: string, en: string) => (cjk ? zh : en);
  const series: [keyof TrendPoint, string][] = [
    ["onTimeRate", L("服务及时率", "on-time service")],
    ["documentsRate", L("文档完整率", "complete documents")],
    ["weeklyRate", L("周报按时率", "weekly reports on time")],
  ];
  const values = points.flatMap((p) =>
    series.flatMap(([key, name]) =>
      p[key] === null ? [] : [{ month: p.month, series: name, rate: p[key] as number }],
    ),
  );
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: L("近 12 个月趋势", "The last 12 months"), fontSize: 15 },
    width: 480,
    height: 200,
    background: "white",
    data: { values },
    mark: { type: "line", point: true },
    encoding: {
      x: { field: "month", type: "ordinal", title: null, sort: points.map((p) => p.month) },
      y: {
        field: "rate",
        type: "quantitative",
        title: null,
        scale: { domain: [0, 1] },
        axis: { format: "%" },
      },
      color: {
        field: "series",
        type: "nominal",
        title: null,
        scale: { domain: series.map(([, n]) => n), range: ["#1565c0", "#2e7d32", "#f9a825"] },
      },
    },
    config: { font: CHART_FONTS },
  };
}

/** The trend chart as SVG text; never throws (a warning instead). */
export async function trendChartSvg(
  points: readonly TrendPoint[],
  cjk: boolean,
  cache?: SvgCache,
): Promise<{ svg: string | null; warning?: string }> {
  try {
    return { svg: await drawSvg(trendChartSpec(points, cjk), cache) };
  } catch (e) {
    return { svg: null, warning: `趋势图未能生成 / trend chart failed: ${(e as Error).message}` };
  }
}

/**
 * Vega's SVG with its coordinates rounded to a tenth of a pixel (19.166666666666657 → 19.2) — a third
 * of the bytes of a 200-engineer chart, the same picture. Only inside tags: labels are left alone.
 */
export function compactSvg(svg: string): string {
  return svg.replace(/<[^>]+>/g, (tag) =>
    tag.replace(/-?\d+\.\d{2,}/g, (n) => String(Math.round(Number(n) * 10) / 10)),
  );
}
