// The dashboard's charts (issue 17): the monthly report's specs drawn as SVG; at 200 engineers the
// survey chart is capped like the others (it made the department page 300 KB), and the SVG is compact.
import { describe, expect, it } from "vitest";
import { compactSvg, MAX_CHART_ENGINEERS, monthChartSpecs, trendChartSpec } from "../src/render/charts.ts";

describe("dashboard charts (issue 17)", () => {
  it("the survey chart shows at most MAX_CHART_ENGINEERS engineers, those with the most disagreeing surveys", () => {
    const survey = Array.from({ length: 200 }, (_, i) => ({
      engineer: `e${i}`,
      letters: 4,
      surveyed: 2,
      reached: 2,
      unreachable: 0,
      coverage: 0.5,
      disagree: i % 50 === 0 ? 1 : 0,
      disagreeRate: null,
      notSignedPersonally: 0,
    }));
    const fig = {
      onTime: { onTime: 1, completed: 1, perEngineer: [] },
      evaluation: { dimensions: { 态度: { 优: 1, 良: 0, 中: 0, 差: 0 } } },
      documents: { weekly: { perEngineer: [] } },
      survey: { perEngineer: survey },
    } as unknown as Parameters<typeof monthChartSpecs>[0];
    const chart = monthChartSpecs(fig, true)[3];
    expect(chart.title).toContain(`不一致最多的 ${MAX_CHART_ENGINEERS} 人，共 200 人见表`);
    const rows = (chart.spec as { data: { values: { engineer: string }[] } }).data.values;
    const shown = new Set(rows.map((r) => r.engineer));
    expect(shown.size).toBe(MAX_CHART_ENGINEERS);
    for (const i of [0, 50, 100, 150]) expect(shown.has(`e${i}`)).toBe(true);
  });

  it("rounds the SVG's coordinates, not its labels", () => {
    expect(compactSvg('<g transform="translate(-7,19.166666666666657)"><text>3.14159</text></g>')).toBe(
      '<g transform="translate(-7,19.2)"><text>3.14159</text></g>',
    );
  });

  it("the trend leaves out months without a rate and keeps the months in order", () => {
    const spec = trendChartSpec(
      [
        { month: "2026-10", onTimeRate: null, documentsRate: null, weeklyRate: 0.5 },
        { month: "2026-11", onTimeRate: 0.875, documentsRate: 0.625, weeklyRate: 0.7083 },
      ],
      false,
    ) as { data: { values: unknown[] }; encoding: { x: { sort: string[] } } };
    expect(spec.data.values).toHaveLength(4);
    expect(spec.encoding.x.sort).toEqual(["2026-10", "2026-11"]);
  });
});
