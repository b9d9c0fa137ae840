// The monthly report's charts draw Chinese with the font that ships with svc, whatever the machine has.
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { findCjkFont, monthChartSpecs } from "../src/render/charts.ts";
import { subsetFontFile } from "../src/render/font-subset.ts";

describe("chart font", () => {
  it("is the bundled Noto Sans SC unless SVC_CHART_FONT says otherwise", () => {
    const font = findCjkFont({});
    expect(font?.family).toBe("Noto Sans S Chinese");
    expect(font?.file).toMatch(/@embedpdf[\\/]fonts-sc[\\/]fonts[\\/]NotoSansHans-Regular\.otf$/);
    expect(existsSync(font!.file)).toBe(true);
    expect(findCjkFont({ SVC_CHART_FONT: "none" })).toBeNull();
  });
});

describe("the chart font's subset", () => {
  it("holds the characters asked for in a small private file, removed after", async () => {
    const font = findCjkFont({})!;
    const tmp = mkdtempSync(join(tmpdir(), "svc-font-test-"));
    const sub = await subsetFontFile(font.file, "按时完成率 张三 李四 0123456789%", { TMPDIR: tmp });
    expect(sub).not.toBeNull();
    expect(dirname(dirname(sub!.file))).toBe(tmp);
    const size = statSync(sub!.file).size;
    expect(size).toBeGreaterThan(1000);
    expect(size).toBeLessThan(statSync(font.file).size / 50);
    expect(statSync(dirname(sub!.file)).mode & 0o777).toBe(0o700);
    expect(statSync(sub!.file).mode & 0o777).toBe(0o600);
    sub!.remove();
    expect(existsSync(dirname(sub!.file))).toBe(false);
    rmSync(tmp, { recursive: true });
  });

  it("is not made of a collection or of a file that is not a font: the whole file is drawn with", async () => {
    const dir = mkdtempSync(join(tmpdir(), "svc-font-test-"));
    try {
      const fake = join(dir, "fake.otf");
      writeFileSync(fake, "not a font");
      expect(await subsetFontFile(fake, "张三")).toBeNull();
      expect(await subsetFontFile(join(dir, "missing.otf"), "张三")).toBeNull();
      expect(await subsetFontFile(join(dir, "fonts.ttc"), "张三")).toBeNull();
      // no temporary folder to be had: the whole font, nothing written
      const font = findCjkFont({})!;
      expect(await subsetFontFile(font.file, "张三", { TMPDIR: join(fake, "sub") })).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("charts of a large department", () => {
  it("show the 30 engineers needing most attention, and say so", () => {
    const perEngineer = Array.from({ length: 40 }, (_, i) => ({
      engineer: `e${i}`,
      name: `工程师${i}`,
      completed: 3,
      onTime: 3 - (i % 4 === 0 ? 1 : 0),
      overdue: i % 4 === 0 ? 1 : 0,
      rate: null,
    }));
    const weekly = perEngineer.map((e, i) => ({ ...e, onTime: 4, late: i === 7 ? 1 : 0, missing: 0 }));
    const fig = {
      onTime: { onTime: 110, completed: 120, perEngineer },
      evaluation: { dimensions: { 态度: { 优: 1, 良: 0, 中: 0, 差: 0 } } },
      documents: { weekly: { perEngineer: weekly } },
    } as unknown as Parameters<typeof monthChartSpecs>[0];
    const [onTime, , reports] = monthChartSpecs(fig, true);
    expect(onTime.title).toContain("超期最多的 30 人，共 40 人见表");
    const rows = (onTime.spec as { data: { values: { engineer: string; count: number; order: number }[] } })
      .data.values;
    const shown = [...new Set(rows.map((r) => r.engineer))];
    expect(shown).toHaveLength(30);
    // every engineer with an overdue letter is among them, in the table's order
    for (const e of perEngineer.filter((x) => x.overdue)) expect(shown).toContain(e.name);
    expect(shown).toEqual(perEngineer.filter((e) => shown.includes(e.name)).map((e) => e.name));
    expect(reports.title).toContain("迟交未交最多的 30 人，共 40 人见表");
    const small = monthChartSpecs(
      { ...fig, onTime: { ...fig.onTime, perEngineer: perEngineer.slice(0, 6) } },
      true,
    );
    expect(small[0].title).not.toContain("见表");
  });
});
