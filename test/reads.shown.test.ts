// Issue 16 / 18 (branch wt/shown): what `svc show N-…` and `svc open --equipment` no longer pay for.
import { mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import stringWidth from "string-width";
import { afterAll, beforeAll, expect, test } from "vitest";
import { statusOffHead } from "../src/store/git.ts";
import { cleanup, git, ROOT, sampleRepo, svc, svcIn, tempDir } from "./helpers.ts";

let dir: string;
let scratch: string;
beforeAll(() => {
  dir = sampleRepo();
  scratch = tempDir("svc-shown-");
});
afterAll(() => {
  cleanup(dir);
  cleanup(scratch);
});

/** Text whose width only string-width knows (emoji, a ZWJ sequence, combining marks, Hangul jamo). */
const WIDE = [
  "😀",
  "👩‍💻 ok",
  "e\u0301te\u0301",
  "\u1100\u1161\u11a8",
  "Ａｂ ｶﾞ",
  "中文😀\u200dabc",
  "\x1b[31m红\x1b[0m",
];

test("issue 16: svc show N-… builds no Intl.Segmenter (string-width is loaded at the first wide text)", () => {
  const notice = readdirSync(join(dir, "notices/2026"))[0]!.replace(/\.yaml$/, "");
  const count = join(scratch, "segmenters.txt");
  const preload = join(scratch, "count-segmenters.cjs");
  writeFileSync(
    preload,
    `let n = 0; const S = Intl.Segmenter;
     Intl.Segmenter = class extends S { constructor(...a) { super(...a); n++; } };
     process.on("exit", () => require("node:fs").writeFileSync(${JSON.stringify(count)}, String(n)));`,
  );
  const r = svc(dir, ["show", notice], undefined, { NODE_OPTIONS: `--require ${preload}` });
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  expect(r.stdout).toContain(notice);
  expect(readFileSync(count, "utf8")).toBe("0");
});

test("issue 16: the table measures wide text as string-width does, in the sources and in the build", async () => {
  const src = await import("../src/render/table.ts");
  const chunk = readdirSync(join(ROOT, "dist/chunks")).find((f) => /^table-.*\.js$/.test(f));
  const built = (await import(join(ROOT, "dist/chunks", chunk!))) as typeof src;
  for (const s of WIDE) {
    expect(src.width(s)).toBe(stringWidth(s));
    expect(built.width(s)).toBe(stringWidth(s));
  }
  expect(built.table(["a", "b"], [["😀", "x"]])).toBe(src.table(["a", "b"], [["😀", "x"]]));
});

test("issue 16: one git status says what differs from HEAD — staged, modified, deleted, untracked, not stat-only", async () => {
  const repo = tempDir("svc-status-");
  try {
    git(repo, ["init", "-q", "-b", "main"]);
    mkdirSync(join(repo, "r/a"), { recursive: true });
    for (const f of ["same", "edited", "staged", "gone", "touched", "with space"])
      writeFileSync(join(repo, "r/a", `${f}.yaml`), `x: ${f}\n`);
    writeFileSync(join(repo, "outside.yaml"), "x: 1\n");
    git(repo, ["add", "-A"]);
    git(repo, ["-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "one"]);
    writeFileSync(join(repo, "r/a/edited.yaml"), "x: edited by hand\n");
    writeFileSync(join(repo, "r/a/staged.yaml"), "x: staged by hand\n");
    git(repo, ["add", "r/a/staged.yaml"]);
    writeFileSync(join(repo, "r/a/with space.yaml"), "x: 2\n");
    rmSync(join(repo, "r/a/gone.yaml"));
    utimesSync(join(repo, "r/a/touched.yaml"), new Date(), new Date(Date.now() + 5000)); // stat-dirty only
    mkdirSync(join(repo, "r/new"));
    writeFileSync(join(repo, "r/new/untracked.yaml"), "x: new\n");
    writeFileSync(join(repo, "outside.yaml"), "x: 2\n");
    const index = readFileSync(join(repo, ".git/index"));
    const got = await statusOffHead(repo, ["r"]);
    expect(got?.off.sort()).toEqual([
      "r/a/edited.yaml",
      "r/a/gone.yaml",
      "r/a/staged.yaml",
      "r/a/with space.yaml",
    ]);
    expect(got?.untracked).toEqual(["r/new/untracked.yaml"]);
    expect(readFileSync(join(repo, ".git/index")).equals(index)).toBe(true); // git's index not written
    expect(await statusOffHead(join(repo, "r"), ["/nowhere"])).toBeUndefined();
  } finally {
    cleanup(repo);
  }
});

test("issue 16: svc show N-… after a hand edit between two runs (unstaged, staged, untracked) shows the work tree", async () => {
  const letters = readdirSync(join(dir, "letters/2026"));
  const [a, b] = [
    ...new Set(
      letters.map((f) => /^notice: (\S+)$/m.exec(readFileSync(join(dir, "letters/2026", f), "utf8"))?.[1]),
    ),
  ].filter(Boolean);
  const moved = letters.find((f) =>
    readFileSync(join(dir, "letters/2026", f), "utf8").includes(`notice: ${a}\n`),
  )!;
  const id = moved.replace(/\.yaml$/, "");
  const lettersOf = async (notice: string) => {
    const r = await svcIn(dir, ["show", notice, "--json"]);
    expect(r.stderr).toBe("");
    return (JSON.parse(r.stdout).letters ?? []) as string[];
  };
  expect(await lettersOf(a!)).toContain(id);
  expect(await lettersOf(b!)).not.toContain(id);
  const file = join(dir, "letters/2026", moved);
  const text = readFileSync(file, "utf8");
  writeFileSync(file, text.replace(`notice: ${a}\n`, `notice: ${b}\n`)); // by hand, unstaged
  expect(await lettersOf(a!)).not.toContain(id);
  expect(await lettersOf(b!)).toContain(id);
  git(dir, ["add", "--", `letters/2026/${moved}`]); // staged
  expect(await lettersOf(b!)).toContain(id);
  git(dir, ["reset", "-q", "--", `letters/2026/${moved}`]);
  writeFileSync(file, text); // back as committed
  expect(await lettersOf(a!)).toContain(id);
  expect(await lettersOf(b!)).not.toContain(id);
  // a new letter, untracked, naming b
  const copy = text.replace(`id: ${id}`, "id: L-20261130-zzzzz").replace(`notice: ${a}\n`, `notice: ${b}\n`);
  writeFileSync(join(dir, "letters/2026/L-20261130-zzzzz.yaml"), copy);
  expect(await lettersOf(b!)).toContain("L-20261130-zzzzz");
  rmSync(join(dir, "letters/2026/L-20261130-zzzzz.yaml"));
  expect(await lettersOf(b!)).not.toContain("L-20261130-zzzzz");
});

test("issue 16: blobOf gives each candidate's committed blob (kept from the search), none for a hand-edited file", async () => {
  const { headMentions } = await import("../src/check/mentions-head.ts");
  const ask = () =>
    headMentions(dir, join(dir, ".git"), dir, { SVC_CACHE: "1" }, "letters+notices+rd-orders", [
      "letters",
      "notices",
      "rd-orders",
    ]);
  const notices = readdirSync(join(dir, "notices/2026")).map((f) => f.replace(/\.yaml$/, ""));
  const edited = `letters/2026/${readdirSync(join(dir, "letters/2026"))[0]}`;
  const text = readFileSync(join(dir, edited), "utf8");
  writeFileSync(join(dir, edited), `${text}# by hand\n`);
  try {
    for (const m of [await ask(), await ask()]) {
      const found = [...m.candidates(new Set(notices))];
      expect(found.length).toBeGreaterThan(notices.length);
      expect(found).toContain(edited);
      const heads = git(dir, ["rev-parse", ...found.map((f) => `HEAD:${f}`)]).split("\n");
      for (const [i, f] of found.entries())
        expect([f, m.blobOf(f)]).toEqual([f, f === edited ? undefined : heads[i]]);
      m.save();
    }
  } finally {
    writeFileSync(join(dir, edited), text);
  }
});
