// The monthly report's charts draw Chinese with the font that ships with svc, whatever the machine has.
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { findCjkFont } from "../src/render/charts.ts";

describe("chart font", () => {
  it("is the bundled Noto Sans SC unless SVC_CHART_FONT says otherwise", () => {
    const font = findCjkFont({});
    expect(font?.family).toBe("Noto Sans S Chinese");
    expect(font?.file).toMatch(/@embedpdf[\\/]fonts-sc[\\/]fonts[\\/]NotoSansHans-Regular\.otf$/);
    expect(existsSync(font!.file)).toBe(true);
    expect(findCjkFont({ SVC_CHART_FONT: "none" })).toBeNull();
  });
});
