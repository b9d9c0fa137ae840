// `svc check --changed` reads only what a change touches (the changed records, what they name, what
// names them, and the small kinds) and must find what the full check finds about them — on both sides
// of a reference — without inventing dangling references for records it did not read.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { cleanup, SAMPLE, sampleRepo, svcIn } from "./helpers.ts";

const SUPERVISOR = parse(
  readFileSync(
    join(
      SAMPLE,
      "people",
      readdirSync(join(SAMPLE, "people"))
        .filter((f) => f.endsWith(".yaml"))
        .find((f) => {
          const p = parse(readFileSync(join(SAMPLE, "people", f), "utf8")) as { roles: string[] };
          return p.roles.includes("supervisor");
        })!,
    ),
    "utf8",
  ),
) as { name: string; email: string };

interface Report {
  files: number;
  errors: number;
  findings: { file: string; rule: string; message: string; commit?: string }[];
}

describe("svc check --changed on the sample department", () => {
  const dir = sampleRepo();
  afterAll(() => cleanup(dir));
  // git as the supervisor, whose commits may change these records (no history findings)
  const git = (...args: string[]) =>
    execFileSync(
      "git",
      ["-c", `user.name=${SUPERVISOR.name}`, "-c", `user.email=${SUPERVISOR.email}`, ...args],
      { cwd: dir, encoding: "utf8" },
    );
  const commit = (file: string, edit: (text: string) => string) => {
    writeFileSync(join(dir, file), edit(readFileSync(join(dir, file), "utf8")));
    git("commit", "-qam", `edit ${file}`);
  };
  // The record findings (history findings name a commit; the full check walks no history).
  const check = async (...args: string[]): Promise<Report> => {
    const r = JSON.parse((await svcIn(dir, ["check", ...args, "--json"])).stdout) as Report;
    return { ...r, findings: r.findings.filter((f) => !f.commit) };
  };
  // A letter made from a notice, both in the sample.
  const letterFile = readdirSync(join(SAMPLE, "letters", "2026"))
    .map((f) => `letters/2026/${f}`)
    .find((f) => (parse(readFileSync(join(SAMPLE, f), "utf8")) as { notice?: string }).notice)!;
  const letter = parse(readFileSync(join(SAMPLE, letterFile), "utf8")) as { id: string; notice: string };
  const noticeFile = `notices/${letter.notice.slice(2, 6)}/${letter.notice}.yaml`;

  it("a harmless change: nothing found, and only a few files read", async () => {
    commit(letterFile, (t) => `${t}# 已核对\n`);
    commit(noticeFile, (t) => `${t}# 已核对\n`);
    const r = await check("--changed");
    expect(r.errors).toBe(0);
    expect(r.findings).toEqual([]);
    expect(r.files).toBeLessThan((await check()).files);
  });

  it("a dangling reference in the changed record is found", async () => {
    commit(letterFile, (t) => t.replace(/^notice: .*$/m, "notice: N-20261001-zzzzz"));
    const r = await check("--changed");
    expect(r.errors).toBeGreaterThan(0);
    expect(r.findings.some((f) => f.file === letterFile && f.message.includes("N-20261001-zzzzz"))).toBe(
      true,
    );
    git("revert", "--no-edit", "HEAD");
  });

  it("a change to a notice is reported on the letter that names it, as the full check does", async () => {
    commit(noticeFile, (t) => t.replace(/^signature:\n(?: {2}.*\n)+/m, ""));
    const changed = await check("--changed");
    const full = await check();
    const onLetter = (r: Report) => r.findings.filter((f) => f.file === letterFile);
    expect(onLetter(changed).length).toBeGreaterThan(0);
    expect(onLetter(changed)).toEqual(onLetter(full));
    // Whatever --changed reports, the full check reports too.
    for (const f of changed.findings) expect(full.findings).toContainEqual(f);
  });
});
