// The dashboard's folder writer (src/render/dashboard/write.ts, issue 17): only what changed is written,
// the pages of deleted records are removed, and nothing is written or removed through a link or
// outside the folder — whatever the manifest says.
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isSiteName, SITE_MANIFEST, SiteWriter, writeSite } from "../src/render/dashboard/write.ts";
import { tempDir } from "./helpers.ts";

const site = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe("dashboard writer (issue 17)", () => {
  it("writes every file once, then only the changed ones, and removes the pages of deleted records", () => {
    const dir = join(tempDir(), "site");
    const first = writeSite(
      dir,
      site({ "index.html": "a", "letters/L-1.html": "b", "letters/L-2.html": "c" }),
    );
    expect(first).toEqual({ written: 3, unchanged: 0, removed: 0 });
    const second = writeSite(dir, site({ "index.html": "a", "letters/L-1.html": "B" }));
    expect(second).toEqual({ written: 1, unchanged: 1, removed: 1 });
    expect(readFileSync(join(dir, "letters/L-1.html"), "utf8")).toBe("B");
    expect(existsSync(join(dir, "letters/L-2.html"))).toBe(false);
    // a page deleted by hand is written again, though its hash is in the manifest
    writeFileSync(join(dir, "index.html"), "changed by hand");
    expect(writeSite(dir, site({ "index.html": "a", "letters/L-1.html": "B" })).written).toBe(1);
    expect(readFileSync(join(dir, "index.html"), "utf8")).toBe("a");
  });

  it("a build interrupted before its end leaves a folder the next build takes up (its manifest comes first)", () => {
    const dir = join(tempDir(), "site");
    const w = new SiteWriter(dir);
    w.put("index.html", "half"); // … and the process is killed: no finish()
    expect(writeSite(dir, site({ "index.html": "a", "letters/L-1.html": "b" })).written).toBe(2);
    expect(readFileSync(join(dir, "index.html"), "utf8")).toBe("a");
  });

  it("never removes a file outside the folder that a tampered manifest names (..)", () => {
    const base = tempDir();
    const dir = join(base, "site");
    writeSite(dir, site({ "index.html": "a" }));
    writeFileSync(join(base, "precious.txt"), "keep me");
    const hash = "0".repeat(64);
    writeFileSync(
      join(dir, SITE_MANIFEST),
      JSON.stringify({ files: { "../precious.txt": { hash, size: 7 }, "index.html": { hash, size: 1 } } }),
    );
    writeSite(dir, site({ "index.html": "a" }));
    expect(readFileSync(join(base, "precious.txt"), "utf8")).toBe("keep me");
    expect(isSiteName("../precious.txt")).toBe(false);
    expect(isSiteName("letters/../x.html")).toBe(false);
    expect(isSiteName("customers/co..ltd.html")).toBe(true); // a slug may hold dots: a name, not a path
    expect(isSiteName("letters/L-20261008-av17s.html")).toBe(true);
  });

  it("refuses a folder inside the site that is a symbolic link, before writing anything", () => {
    const base = tempDir();
    const dir = join(base, "site");
    const elsewhere = join(base, "elsewhere");
    mkdirSync(elsewhere);
    writeSite(dir, site({ "index.html": "a" }));
    symlinkSync(elsewhere, join(dir, "letters"));
    expect(() => writeSite(dir, site({ "index.html": "b", "letters/L-1.html": "x" }))).toThrow(
      /符号链接|symbolic link/,
    );
    expect(existsSync(join(elsewhere, "L-1.html"))).toBe(false);
    expect(readFileSync(join(dir, "index.html"), "utf8")).toBe("a");
  });

  it("refuses a manifest that is a symbolic link, and a page name with ..", () => {
    const base = tempDir();
    const dir = join(base, "site");
    writeSite(dir, site({ "index.html": "a" }));
    const other = join(base, "other.json");
    writeFileSync(other, "{}");
    const m = join(dir, SITE_MANIFEST);
    rmSync(m);
    symlinkSync(other, m);
    expect(() => writeSite(dir, site({ "index.html": "a" }))).toThrow(/不是普通文件|not a regular file/);
    expect(readFileSync(other, "utf8")).toBe("{}");
    const fresh = join(base, "fresh");
    expect(() => writeSite(fresh, site({ "../x.html": "a" }))).toThrow(/无效|invalid/);
    expect(existsSync(join(base, "x.html"))).toBe(false);
  });
});
