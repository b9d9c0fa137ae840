// svc dashboard's incremental build (issue 17, performance): a page is made again only when its key —
// what it is made from — changed, so a build after a commit or a hand edit must still equal, byte
// for byte, a full build of the same records into an empty folder (manifest included).
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { build, differences, NOW, warmSample } from "./dashboard.site-kit.ts";
import { git, svcIn, tempDir } from "./helpers.ts";

const edit = (repo: string, rel: string, from: RegExp, to: string) => {
  const file = join(repo, rel);
  const text = readFileSync(file, "utf8");
  expect(text).toMatch(from);
  writeFileSync(file, text.replace(from, to));
};

describe("svc dashboard incremental = full (issue 17 performance)", () => {
  it("after a commit (svc log), after hand edits of a customer, a unit and a notice: byte-identical to a full build", async () => {
    const repo = await warmSample();
    const site = join(tempDir(), "site");
    await build(repo, site);
    expect(await build(repo, site)).toBe("0");

    // a commit that changes one letter
    const log = await svcIn(
      repo,
      ["log", "L-20261117-rq48r", "更换伺服驱动器风扇，运行正常"],
      { name: "陈杰", email: "chenjie@dfzk.example.com" },
      NOW,
    );
    expect(log.code, log.stderr).toBe(0);
    expect(Number(await build(repo, site))).toBeGreaterThan(0);
    expect(await differences(repo, site)).toEqual([]);

    // a hand edit (not committed) of a unit: its page and its customer's file
    edit(repo, "equipment/2026/EQ-20261008-qa1c8.yaml", /^serial: .*$/m, "serial: SNPLC9999999");
    expect(Number(await build(repo, site))).toBeGreaterThan(0);
    expect(readFileSync(join(site, "equipment", "EQ-20261008-qa1c8.html"), "utf8")).toContain("SNPLC9999999");
    expect(await differences(repo, site)).toEqual([]);

    // a customer renamed by hand: every page naming it
    edit(repo, "customers/sz-jinghua.yaml", /^name: .*$/m, "name: 苏州精华电子（新）");
    await build(repo, site);
    expect(await differences(repo, site)).toEqual([]);

    // a notice's content edited and committed by plain git
    const notices = join(repo, "notices", "2026");
    const notice = readdirSync(notices).filter((f) => f.endsWith(".yaml"))[0];
    edit(repo, `notices/2026/${notice}`, /^content: (.*)$/m, "content: $1（补充）");
    git(repo, ["commit", "-qam", `notice ${notice} by hand`]);
    await build(repo, site);
    expect(await differences(repo, site)).toEqual([]);
  });

  it("sees every commit since the cached walk of the history, which a few new commits do not rewrite", async () => {
    const repo = await warmSample();
    const site = join(tempDir(), "site");
    await build(repo, site);
    const cache = join(repo, ".git", "svc", "cache", "dashboard-commits.json");
    const cachedHead = () => (JSON.parse(readFileSync(cache, "utf8")) as { head: string }).head;
    const walked = cachedHead();
    const shas: string[] = [];
    for (const text of ["更换伺服驱动器风扇", "复测温升正常"]) {
      const log = await svcIn(
        repo,
        ["log", "L-20261117-rq48r", text],
        { name: "陈杰", email: "chenjie@dfzk.example.com" },
        NOW,
      );
      expect(log.code, log.stderr).toBe(0);
      shas.push(git(repo, ["rev-parse", "HEAD"]).trim());
      await build(repo, site);
      expect(cachedHead()).toBe(walked); // two commits since: walked again, not written again
      const page = readFileSync(join(site, "letters", "L-20261117-rq48r.html"), "utf8");
      for (const sha of shas) expect(page).toContain(sha.slice(0, 10));
    }
    expect(await differences(repo, site)).toEqual([]);
  });
});
