// The dashboard's record digests kept by blob (src/render/dashboard/build.ts recordDigests) say too
// whether a record carries an attachment, so that a build from the cache walks only those records for
// their attachments (issue 17's incremental build): a site built from the cache still has every
// attachment, equal to a full build without any cache.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { build, differences } from "./dashboard.site-kit.ts";
import { ageFiles, git, sampleRepo, tempDir } from "./helpers.ts";

const SIGNED = "letters/2026/L-20261023-gfe5j.yaml"; // the customer's signature scan attached
const PLAIN = "letters/2026/L-20261117-rq48r.yaml";
const SCAN = "assets/files/52e8b2b912cecc831015dd3ef9f948b7ec62f22e976def87fa2bb1ba23c94a99.png";

/** Until the clock is in a later second than now (a blob-keyed entry is made only of an older file). */
async function nextSecond(): Promise<void> {
  const start = Math.floor(Date.now() / 1000);
  while (Math.floor((Date.now() - 100) / 1000) <= start) await new Promise((r) => setTimeout(r, 50));
}

describe("svc dashboard: the records' digests and their attachments (issue 17)", () => {
  it("issue 17: a record's cached digest says it carries an attachment; a site built from the cache has every attachment", async () => {
    const repo = sampleRepo();
    ageFiles(repo, "letters");
    await nextSecond();
    const first = join(tempDir(), "site");
    await build(repo, first);
    expect(existsSync(join(first, SCAN))).toBe(true);
    const kept = JSON.parse(
      readFileSync(join(repo, ".git", "svc", "cache", "dashboard-digests.json"), "utf8"),
    ) as {
      d: Record<string, string>;
    };
    const of = (rel: string) => kept.d[`letter ${git(repo, ["hash-object", rel]).trim()}`];
    expect(of(SIGNED)).toMatch(/^[0-9a-f]{64}\+$/);
    expect(of(PLAIN)).toMatch(/^[0-9a-f]{64}$/);
    // a new site from the warm caches (every digest from the cache): the scan copied, linked, and
    // every file as a build without any cache makes it
    const second = join(tempDir(), "again");
    await build(repo, second);
    expect(existsSync(join(second, SCAN))).toBe(true);
    expect(readFileSync(join(second, "letters", "L-20261023-gfe5j.html"), "utf8")).toContain(SCAN);
    expect(await differences(repo, second)).toEqual([]);
  });
});
