import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, describe, expect, it } from "vitest";
import {
  CONTENT_WIDTH,
  dataTable,
  fieldTable,
  ID_WIDTH,
  makeDocument,
  packDeterministic,
  section,
  signatures,
  title,
} from "../src/render/docx/kit.ts";
import { outputDir, writeDocument } from "../src/render/output.ts";
import { cleanup, tempDir } from "./helpers.ts";

const build = (value = "张三") =>
  makeDocument({ title: "张三周报11-28", creator: "技术服务部", date: "2026-11-28T18:00:00+08:00" }, [
    section([
      ...title("服务人员工作周报", "2026-11-22 至 2026-11-28"),
      fieldTable([
        { label: "姓名", value },
        { label: "区域", value: "华东" },
        { label: "本周总结", value: "第一行\n第二行", wide: true },
      ]),
      dataTable([{ header: "编号", weight: 2 }, { header: "状态" }], [["L-1", "完工"]]),
      signatures([{ role: "服务人员", name: value }]),
    ]),
    section([dataTable([{ header: "a" }], [], CONTENT_WIDTH.landscape)], "landscape"),
  ]);

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) cleanup(d);
});

describe("docx kit", () => {
  it("packs byte-identical documents for the same input, across time", async () => {
    const a = await packDeterministic(build());
    await new Promise((r) => setTimeout(r, 1100));
    const b = await packDeterministic(build());
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const c = await packDeterministic(build("李四"));
    expect(Buffer.from(a).equals(Buffer.from(c))).toBe(false);
  });

  it("declares A4, Chinese fonts, page numbers and fixed metadata", async () => {
    const parts = unzipSync(await packDeterministic(build()));
    const doc = strFromU8(parts["word/document.xml"]);
    expect(doc).toContain('w:w="11906"');
    expect(doc).toContain('w:h="16838"');
    expect(doc).toContain('w:orient="landscape"');
    expect(doc).toContain("张三");
    expect(doc).toContain("<w:tblHeader/>");
    const styles = strFromU8(parts["word/styles.xml"]);
    expect(styles).toMatch(/w:eastAsia="SimSun"/);
    expect(strFromU8(parts["word/fontTable.xml"])).toContain('<w:altName w:val="宋体"/>');
    const footer = Object.keys(parts).find((p) => /^word\/footer\d*\.xml$/.test(p));
    expect(footer).toBeDefined();
    const f = strFromU8(parts[footer!]);
    expect(f).toContain("PAGE");
    expect(f).toContain("NUMPAGES");
    const core = strFromU8(parts["docProps/core.xml"]);
    expect(core).toContain(
      '<dcterms:created xsi:type="dcterms:W3CDTF">2026-11-28T10:00:00Z</dcterms:created>',
    );
    expect(core).toContain("<dc:creator>技术服务部</dc:creator>");
  });

  it("gives an id column a fixed width and shares the rest by weight", async () => {
    const table = dataTable(
      [{ header: "责任书", width: ID_WIDTH }, { header: "单位", weight: 3 }, { header: "状态" }],
      [["L-20261102-z2k93", "北京中科仪表有限公司", "完工"]],
    );
    const doc = strFromU8(
      unzipSync(
        await packDeterministic(
          makeDocument({ title: "t", creator: "c", date: "2026-11-28" }, [section([table])]),
        ),
      )["word/document.xml"],
    );
    const cols = [...doc.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => Number(m[1]));
    const free = CONTENT_WIDTH.portrait - ID_WIDTH;
    expect(cols).toEqual([ID_WIDTH, Math.floor((free * 3) / 4), free - Math.floor((free * 3) / 4)]);
  });

  it("keeps the rows of a form's field table together (every row but the last keeps with the next)", async () => {
    const table = fieldTable([
      { label: "完工时间", value: "2026-10-09 19:05" },
      { label: "是否按时", value: "按时" },
      { label: "态度", value: "优" },
      { label: "水平", value: "优" },
      { label: "返回后补签", value: "王志强", wide: true },
    ]);
    const doc = strFromU8(
      unzipSync(
        await packDeterministic(
          makeDocument({ title: "t", creator: "c", date: "2026-11-28" }, [section([table])]),
        ),
      )["word/document.xml"],
    );
    const rows = doc.split("<w:tr>").slice(1);
    expect(rows).toHaveLength(3);
    expect(rows.map((r) => r.includes("<w:keepNext/>"))).toEqual([true, true, false]);
  });

  it("replaces what svc rendered, never silently a document changed by hand (issue 13: out/ is svc's output)", async () => {
    const dir = tempDir();
    dirs.push(dir);
    const bytes = await packDeterministic(build());
    const first = await writeDocument(dir, "张三周报11-28.docx", bytes);
    expect(first.status).toBe("written");
    expect((await writeDocument(dir, "张三周报11-28.docx", bytes)).status).toBe("unchanged");
    const other = await packDeterministic(build("李四"));
    expect((await writeDocument(dir, "张三周报11-28.docx", other)).status).toBe("replaced"); // svc's own
    writeFileSync(join(dir, "张三周报11-28.docx"), "changed by hand");
    expect((await writeDocument(dir, "张三周报11-28.docx", bytes)).status).toBe("kept");
    expect(readFileSync(join(dir, "张三周报11-28.docx"), "utf8")).toBe("changed by hand");
    expect((await writeDocument(dir, "张三周报11-28.docx", other, { force: true })).status).toBe("replaced");
    writeFileSync(join(dir, "x"), "");
    expect(existsSync(join(dir, "x"))).toBe(true);
  });

  it("resolves the output folder from --out or svc.yaml", () => {
    expect(outputDir({ out: "docs", cwd: "/a", root: "/r", configured: "out" })).toBe("/a/docs");
    expect(outputDir({ cwd: "/a", root: "/r", configured: "out" })).toBe("/r/out");
    expect(outputDir({ cwd: "/a", root: "/r", configured: "/abs" })).toBe("/abs");
  });
});
