// The index of which record files mention which dated ids (src/check/mentions.ts).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { mentionIndex, mentionsIn } from "../src/check/mentions.ts";
import { cleanup, tempDir } from "./helpers.ts";

describe("mention index", () => {
  const dir = tempDir();
  afterAll(() => cleanup(dir));
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd: dir });
  const put = (rel: string, text: string) => {
    mkdirSync(join(dir, rel, ".."), { recursive: true });
    writeFileSync(join(dir, rel), text);
  };
  git("init", "-q");
  put("notices/2026/N-20261103-aaaaa.yaml", "kind: notice\nid: N-20261103-aaaaa\n");
  put("letters/2026/L-20261104-bbbbb.yaml", "kind: letter\nid: L-20261104-bbbbb\nnotice: N-20261103-aaaaa\n");
  put(
    "letters/2026/L-20261105-ccccc.yaml",
    "kind: letter\nid: L-20261105-ccccc\nnotice: N-20261103-aaaaa0\n",
  );
  put("README.md", "N-20261103-aaaaa\n");
  git("add", "-A");
  git("commit", "-qm", "records");
  const open = () => mentionIndex(dir, join(dir, ".git"), dir, {});

  it("finds the record files naming an id, whole ids only", async () => {
    expect(mentionsIn("notice: N-20261103-aaaaa\nid: L-20261104-bbbbb")).toEqual([
      "N-20261103-aaaaa",
      "L-20261104-bbbbb",
    ]);
    const index = await open();
    expect([...index.referrers(new Set(["N-20261103-aaaaa"]))].sort()).toEqual([
      "letters/2026/L-20261104-bbbbb.yaml",
      "notices/2026/N-20261103-aaaaa.yaml",
    ]);
    index.save();
    const file = join(dir, ".git", "svc", "cache", "mentions.txt");
    expect(existsSync(file)).toBe(true);
    const [header, ...lines] = readFileSync(file, "utf8").trim().split("\n");
    expect(header).toMatch(/^svc-mentions 2 /);
    expect(lines).toHaveLength(3);
    expect(
      lines.some((l) => l.endsWith(" letters/2026/L-20261104-bbbbb.yaml L-20261104-bbbbb N-20261103-aaaaa")),
    ).toBe(true);
  });

  it("answers from the saved index, and follows a commit", async () => {
    expect([...(await open()).referrers(new Set(["N-20261103-aaaaa0"]))]).toEqual([
      "letters/2026/L-20261105-ccccc.yaml",
    ]);
    put(
      "letters/2026/L-20261105-ccccc.yaml",
      "kind: letter\nid: L-20261105-ccccc\nnotice: N-20261103-aaaaa\n",
    );
    git("commit", "-qam", "fix");
    const index = await open();
    expect([...index.referrers(new Set(["N-20261103-aaaaa"]))].sort()).toEqual([
      "letters/2026/L-20261104-bbbbb.yaml",
      "letters/2026/L-20261105-ccccc.yaml",
      "notices/2026/N-20261103-aaaaa.yaml",
    ]);
  });
});
