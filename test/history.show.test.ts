// Issue 18: `svc show` at department scale — a file's commits remembered in .git/svc/ and carried
// forward (src/store/path-log.ts), the notice's letter through a projection, table widths without
// segmenting plain text. The answer must always be `git log -- PATH`'s, whatever happened to the history.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import stringWidth from "string-width";
import { afterAll, describe, expect, it } from "vitest";
import { width } from "../src/render/table.ts";
import { fileLog } from "../src/store/path-log.ts";
import { cleanup, SUP, sampleRepo, svcIn, tempDir } from "./helpers.ts";

describe("issue 18: svc show's file log (path-log cache) equals git log -- path", () => {
  const dir = tempDir();
  afterAll(() => cleanup(dir));
  let clock = 1_700_000_000;
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], {
      cwd: dir,
      encoding: "utf8",
      env: {
        ...process.env,
        GIT_AUTHOR_DATE: `${clock} +0800`,
        GIT_COMMITTER_DATE: `${clock++} +0800`,
      },
    });
  const put = (rel: string, text: string) => {
    mkdirSync(join(dir, rel, ".."), { recursive: true });
    writeFileSync(join(dir, rel), text);
  };
  const commit = (rel: string, text: string, msg: string) => {
    put(rel, text);
    git("add", "-A");
    git("commit", "-qm", msg);
  };
  const A = "letters/2026/L-20261104-bbbbb.yaml";
  const B = "notices/2026/N-20261103-aaaaa.yaml";
  const expected = (path: string) =>
    git("log", "--format=%H%x1f%an%x1f%ae%x1f%aI%x1f%s", "--", path)
      .split("\n")
      .filter(Boolean)
      .map((l) => {
        const [commit, author, email, at, ...subject] = l.split("\x1f");
        return { commit, author, email, at, subject: subject.join("\x1f") };
      });
  const cacheFile = join(dir, ".git", "svc", "cache", "path-log.json");
  const same = async (path: string, env: NodeJS.ProcessEnv = {}) =>
    expect(await fileLog(dir, join(dir, ".git"), path, env)).toEqual(expected(path));

  git("init", "-q");

  it("before the first commit: none; then the first answer is remembered", async () => {
    expect(await fileLog(dir, join(dir, ".git"), A, {})).toEqual([]);
    commit(B, "id: N-20261103-aaaaa\n", "open N-20261103-aaaaa");
    commit(A, "id: L-20261104-bbbbb\n", "assign L-20261104-bbbbb: 张三");
    commit("README.md", "x\n", "docs");
    commit(A, "id: L-20261104-bbbbb\nstatus: 在建\n", "approve L-20261104-bbbbb");
    await same(A);
    await same(B);
    const saved = JSON.parse(readFileSync(cacheFile, "utf8"));
    expect(saved.tip).toBe(git("rev-parse", "HEAD").trim());
    expect(Object.keys(saved.paths).sort()).toEqual([A, B]);
  });

  it("carries the remembered lists over new commits (only the new ones are read)", async () => {
    commit(A, "id: L-20261104-bbbbb\nstatus: 完工\n", "close L-20261104-bbbbb: rated");
    commit("people/x.yaml", "id: x\n", "people add x");
    commit(B, "id: N-20261103-aaaaa\nsignature: gm\n", "sign N-20261103-aaaaa");
    // a subject with the separators the parser uses, a path with a space and a rename
    commit(A, "id: L-20261104-bbbbb\nstatus: 结案\n", "archive \x1f odd | subject");
    git("mv", A, "letters/2026/L-20261104-moved.yaml");
    git("commit", "-qm", "rename");
    git("mv", "letters/2026/L-20261104-moved.yaml", A);
    git("commit", "-qm", "rename back");
    await same(A);
    // B was carried forward with A (the new commits read once), not dropped and asked afresh
    const saved = JSON.parse(readFileSync(cacheFile, "utf8"));
    expect(saved.tip).toBe(git("rev-parse", "HEAD").trim());
    expect(Object.keys(saved.paths).sort()).toEqual([A, B]);
    await same(B);
  });

  it("a rewritten history (amend, reset, rebase) is never answered from the old lists", async () => {
    await same(A);
    git("commit", "-q", "--amend", "-m", "rename back, amended");
    await same(A);
    expect(Object.keys(JSON.parse(readFileSync(cacheFile, "utf8")).paths)).toEqual([A]); // dropped, asked afresh
    git("reset", "-q", "--hard", "HEAD~3");
    await same(A);
    commit(A, "id: L-20261104-bbbbb\nstatus: 返回\n", "again L-20261104-bbbbb");
    await same(A);
    await same(B);
  });

  it("a merge in the new commits: asked afresh, still git's answer", async () => {
    await same(A);
    git("checkout", "-q", "-b", "side");
    commit(A, "id: L-20261104-bbbbb\nside: 1\n", "side L-20261104-bbbbb");
    git("checkout", "-q", "-");
    commit(B, "id: N-20261103-aaaaa\nmain: 1\n", "main N-20261103-aaaaa");
    git("merge", "-q", "--no-edit", "side");
    await same(A);
    await same(B);
    commit(A, "id: L-20261104-bbbbb\nafter: 1\n", "after merge");
    await same(A);
  });

  it("an unknown tip, a damaged file, SVC_CACHE=0: git's answer all the same", async () => {
    await same(A);
    const saved = JSON.parse(readFileSync(cacheFile, "utf8"));
    writeFileSync(cacheFile, JSON.stringify({ ...saved, tip: "0".repeat(40) }));
    await same(A);
    writeFileSync(cacheFile, "{not json");
    await same(A);
    await same(B, { SVC_CACHE: "0" });
    expect(existsSync(cacheFile)).toBe(true);
  });
});

describe("issue 18: svc show on the sample — a notice's letters and clocks through the projection", () => {
  const repo = sampleRepo();
  afterAll(() => cleanup(repo));

  it("shows the same commits, letters and clocks with and without the caches", async () => {
    const ids = execFileSync("git", ["ls-files", "notices", "letters"], { cwd: repo, encoding: "utf8" })
      .split("\n")
      .filter(Boolean)
      .map((f) => f.slice(f.lastIndexOf("/") + 1, -".yaml".length));
    const notice = ids.find((id) => id.startsWith("N-"))!;
    const letter = ids.find((id) => id.startsWith("L-"))!;
    for (const id of [notice, letter]) {
      const cold = await svcIn(repo, ["show", id, "--json"], SUP, { SVC_CACHE: "0" });
      const warm1 = await svcIn(repo, ["show", id, "--json"], SUP);
      const warm2 = await svcIn(repo, ["show", id, "--json"], SUP);
      expect(cold.code).toBe(0);
      const a = JSON.parse(cold.stdout);
      expect(JSON.parse(warm1.stdout)).toEqual(a);
      expect(JSON.parse(warm2.stdout)).toEqual(a);
      expect(a.commits.length).toBeGreaterThan(0);
      const log = execFileSync("git", ["log", "--format=%H", "--", a.path], { cwd: repo, encoding: "utf8" });
      expect(a.commits.map((c: { commit: string }) => c.commit).reverse()).toEqual(
        log.split("\n").filter(Boolean),
      );
    }
    // the notice lists the letter that names it
    const shown = JSON.parse((await svcIn(repo, ["show", notice, "--json"], SUP)).stdout);
    const named = ids.filter(
      (id) =>
        id.startsWith("L-") &&
        readFileSync(join(repo, "letters", id.slice(2, 6), `${id}.yaml`), "utf8").includes(
          `notice: ${notice}`,
        ),
    );
    expect(shown.letters ?? []).toEqual(named);
  });
});

describe("issue 18: table widths without segmenting plain text", () => {
  it("counts ASCII, CJK and the narrow signs as string-width does; defers the rest", () => {
    const samples = [
      "",
      "abc 123",
      "项目责任书（结案）",
      "派工·时间",
      "11-05 18:00 — 完工 → 结案…",
      "《规程》【注】、。，：",
      "a\u0301",
      "👍🏽 ok",
      "\x1b[1m粗\x1b[0m",
      "e\u0301\u200d中",
      "ｶﾀｶﾅ",
      "한국어",
    ];
    for (const s of samples) expect(width(s), s).toBe(stringWidth(s));
  });
});

describe("issue 18: a local wall-clock time in a fixed-offset zone without dayjs (the SLA clocks of svc show)", () => {
  it("atLocal matches dayjs for every day of several years and the working hours", async () => {
    const dayjs = (await import("dayjs")).default;
    dayjs.extend((await import("dayjs/plugin/utc.js")).default);
    dayjs.extend((await import("dayjs/plugin/timezone.js")).default);
    const { atLocal } = await import("../src/core/time.ts");
    for (const tz of ["Asia/Shanghai", "Asia/Urumqi", "Asia/Tokyo", "UTC", "Europe/Berlin"])
      for (let ms = Date.UTC(1999, 11, 25); ms < Date.UTC(2030, 0, 10); ms += 86_400_000 * 13) {
        const date = new Date(ms).toISOString().slice(0, 10);
        for (const hhmm of ["00:00", "08:30", "12:00", "17:59", "23:59"])
          expect(atLocal(date, hhmm, tz), `${date} ${hhmm} ${tz}`).toBe(
            dayjs.tz(`${date} ${hhmm}`, "YYYY-MM-DD HH:mm", tz).format("YYYY-MM-DDTHH:mm:ssZ"),
          );
      }
  });
});

describe("issue 18: document and terminal times without dayjs in fixed-offset zones", () => {
  it("fmtTime and shortTime print what dayjs printed", async () => {
    const dayjs = (await import("dayjs")).default;
    dayjs.extend((await import("dayjs/plugin/utc.js")).default);
    dayjs.extend((await import("dayjs/plugin/timezone.js")).default);
    const { fmtTime, shortTime } = await import("../src/render/format.ts");
    const now = new Date("2026-12-31T17:30:00Z"); // already 2027 in Shanghai and Tokyo
    for (const tz of ["Asia/Shanghai", "Asia/Tokyo", "UTC", "Europe/Berlin"])
      for (
        let ms = Date.UTC(2024, 0, 1);
        ms < Date.UTC(2028, 0, 1);
        ms += 86_400_000 * 5 + 3_600_000 * 5 + 7_000
      ) {
        const iso = new Date(ms).toISOString();
        const d = dayjs(iso).tz(tz);
        expect(fmtTime(iso, tz)).toBe(d.format("YYYY-MM-DD HH:mm"));
        const same = d.year() === dayjs(now.toISOString()).tz(tz).year();
        expect(shortTime(iso, tz, now)).toBe(d.format(same ? "MM-DD HH:mm" : "YYYY-MM-DD HH:mm"));
      }
    expect(fmtTime(undefined, "Asia/Shanghai")).toBe("");
  });
});
