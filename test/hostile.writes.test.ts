// Issue 11, what svc WRITES: never through symlinks or non-regular files (records, recovery, output
// documents), attachments byte-exact through crash recovery and verified by `svc check`, attachment
// size and type limits. In-process where the CLI is not the point; a few spawns for crash points and
// what only a process shows.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Refused, UsageError } from "../src/core/errors.ts";
import { outputDir, writeDocument } from "../src/render/output.ts";
import { DEFAULTS } from "../src/schemas/defaults.ts";
import type { Person, Product } from "../src/schemas/index.ts";
import { readAttachment, Store } from "../src/store/store.ts";

const DEFAULT_ATTACHMENT_MAX_BYTES = DEFAULTS.attachments.maxBytes;

import { cleanup, git, type Identity, sampleRepo, svcIn, tempDir } from "./helpers.ts";

const ENV = { ...process.env, LANG: "zh_CN.UTF-8", SVC_CACHE: "0" };
const SUP: Identity = { name: "王志强", email: "wangzhiqiang@dfzk.example.com" };
const ZHANG: Identity = { name: "张伟", email: "zhangwei@dfzk.example.com" };
const WORKING = "L-20261118-ndda8"; // 在建, engineer zhangwei
const SIGNED = "L-20261023-gfe5j"; // names attachments/L-20261023-gfe5j/客户签字.png

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) cleanup(d);
});
function repo(): string {
  const d = sampleRepo();
  dirs.push(d);
  return d;
}
function outside(): string {
  const d = tempDir("svc-outside-");
  dirs.push(d);
  return d;
}
const head = (d: string) => git(d, ["rev-parse", "HEAD"]).trim();
const mkfifo = (path: string) => expect(spawnSync("mkfifo", [path]).status).toBe(0);

async function open(d: string): Promise<{ store: Store; sup: Person }> {
  const store = await Store.open({ cwd: d, env: ENV });
  return { store, sup: store.person("wangzhu")! };
}
const product = (id: string, name: string): Product => ({ kind: "product", id, name }) as Product;

describe("issue 11 · item 2: records are never written through symlinks or non-regular files", () => {
  it("a record file that is a symlink is refused before anything is committed; its target is untouched", async () => {
    const d = repo();
    const away = outside();
    const target = join(away, "PLC-200.yaml");
    cpSync(join(d, "products/PLC-200.yaml"), target);
    const before = readFileSync(target, "utf8");
    rmSync(join(d, "products/PLC-200.yaml"));
    symlinkSync(target, join(d, "products/PLC-200.yaml"));
    const h = head(d);
    const { store, sup } = await open(d);
    const err = await store
      .commit({ put: [{ record: product("PLC-200", "改名") }], message: "product PLC-200", author: sup })
      .catch((e) => e);
    expect(err).toBeInstanceOf(Refused);
    expect(err.message).toContain("products/PLC-200.yaml");
    expect(err.message).toContain("符号链接");
    expect(readFileSync(target, "utf8")).toBe(before);
    expect(head(d)).toBe(h);
  });

  it("a record folder that is a symlink is refused (a new record is not created through it)", async () => {
    const d = repo();
    const away = outside();
    renameSync(join(d, "products"), join(away, "products"));
    symlinkSync(join(away, "products"), join(d, "products"));
    const { store, sup } = await open(d);
    const err = await store
      .commit({ put: [{ record: product("new-1", "新产品"), create: true }], message: "x", author: sup })
      .catch((e) => e);
    expect(err).toBeInstanceOf(Refused);
    expect(err.message).toContain("products");
    expect(existsSync(join(away, "products", "new-1.yaml"))).toBe(false);
  });

  it("a FIFO named like a record is refused without hanging", async () => {
    const d = repo();
    mkfifo(join(d, "products/fifo-1.yaml"));
    const { store, sup } = await open(d);
    const err = await store
      .commit({ put: [{ record: product("fifo-1", "管道") }], message: "x", author: sup })
      .catch((e) => e);
    expect(err).toBeInstanceOf(Refused);
    expect(err.message).toContain("不是普通文件");
  });

  it("crash recovery never writes through a symlink planted after the ref moved", async () => {
    const d = repo();
    const killed = await svcIn(d, ["log", WORKING, "崩溃前的记录"], ZHANG, { SVC_CRASH_AT: "ref" });
    expect(killed.code).not.toBe(0);
    const away = outside();
    const target = join(away, "victim.txt");
    writeFileSync(target, "not svc's\n");
    const rel = `letters/2026/${WORKING}.yaml`;
    rmSync(join(d, rel));
    symlinkSync(target, join(d, rel));
    const next = await svcIn(d, ["log", WORKING, "下一条"], ZHANG);
    expect(next.code).toBe(1);
    expect(next.stderr).toContain(rel);
    expect(next.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(target, "utf8")).toBe("not svc's\n");
    // Once the link is gone, the next command finishes the interrupted one.
    rmSync(join(d, rel));
    expect((await svcIn(d, ["log", WORKING, "下一条"], ZHANG)).code).toBe(0);
    const text = readFileSync(join(d, rel), "utf8");
    expect(text).toContain("崩溃前的记录");
    expect(text).toContain("下一条");
  });
});

describe("issue 11 · item 2: output documents are never written through symlinks", () => {
  it("a symlinked output file is refused even with --force; its target is untouched", async () => {
    const away = outside();
    const out = tempDir();
    dirs.push(out);
    const target = join(away, "elsewhere.bin");
    writeFileSync(target, "precious");
    symlinkSync(target, join(out, "张三周报11-07.docx"));
    const err = await writeDocument(out, "张三周报11-07.docx", Buffer.from("docx"), { force: true }).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(Refused);
    expect(err.message).toContain("符号链接");
    expect(readFileSync(target, "utf8")).toBe("precious");
  });

  it("an output path that is a FIFO or a folder is refused (no hang)", async () => {
    const out = tempDir();
    dirs.push(out);
    mkfifo(join(out, "a.docx"));
    mkdirSync(join(out, "b.docx"));
    for (const name of ["a.docx", "b.docx"]) {
      const err = await writeDocument(out, name, Buffer.from("x"), { force: true }).catch((e) => e);
      expect(err).toBeInstanceOf(Refused);
      expect(err.message).toContain("不是普通文件");
    }
  });

  it("the configured output folder may not be a symlink leading outside the repository; --out may", () => {
    const d = tempDir();
    dirs.push(d);
    const away = outside();
    symlinkSync(away, join(d, "out"));
    expect(() => outputDir({ cwd: d, root: d, configured: "out" })).toThrow(/符号链接/);
    expect(outputDir({ out: join(d, "out"), cwd: d, root: d, configured: "out" })).toBe(join(d, "out"));
    // A link inside the repository is fine.
    rmSync(join(d, "out"));
    mkdirSync(join(d, "docs"));
    symlinkSync(join(d, "docs"), join(d, "out"));
    expect(outputDir({ cwd: d, root: d, configured: "out" })).toBe(join(d, "out"));
  });

  it("svc weekly --all --force does not overwrite the target of a symlinked document", async () => {
    const d = repo();
    const first = await svcIn(d, ["weekly", "--all", "--week", "2026-11-20"], SUP);
    if (first.code !== 0) throw new Error(first.stderr + first.stdout);
    const docs = readdirDocx(join(d, "out"));
    expect(docs.length).toBeGreaterThan(0);
    const away = outside();
    const target = join(away, "elsewhere.txt");
    writeFileSync(target, "precious");
    rmSync(join(d, "out", docs[0]));
    symlinkSync(target, join(d, "out", docs[0]));
    const again = await svcIn(d, ["weekly", "--all", "--week", "2026-11-20", "--force"], SUP);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("符号链接");
    expect(readFileSync(target, "utf8")).toBe("precious");
  });
});

function readdirDocx(dir: string): string[] {
  return (spawnSync("ls", [dir], { encoding: "utf8" }).stdout ?? "")
    .split("\n")
    .filter((n) => n.endsWith(".docx"));
}

describe("issue 11 · item 3: attachments survive crash recovery byte for byte, and svc check verifies them", () => {
  it("SVC_CRASH_AT=ref with a binary attachment: recovery writes the very bytes, check passes", async () => {
    const d = repo();
    const photo = join(outside(), "photo.jpg");
    const bytes = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x80, 0x00]), randomBytes(2994)]);
    writeFileSync(photo, bytes);
    const killed = await svcIn(d, ["log", WORKING, "现场照片", "--attach", photo], ZHANG, {
      SVC_CRASH_AT: "ref",
    });
    expect(killed.code).not.toBe(0);
    const check = await svcIn(d, ["check"], ZHANG); // recovers, then checks
    expect(check.code, check.stdout + check.stderr).toBe(0);
    const text = readFileSync(join(d, `letters/2026/${WORKING}.yaml`), "utf8");
    const path = /path: (attachments\/\S+\.jpg)/.exec(text)?.[1];
    expect(path).toBeDefined();
    expect(Buffer.compare(readFileSync(join(d, path!)), bytes)).toBe(0);
    expect(git(d, ["status", "--porcelain"])).toBe("");
  });

  it("svc check: a changed, missing or symlinked attachment is a located error; an unnamed one a warning", async () => {
    const d = repo();
    const rel = `letters/2026/${SIGNED}.yaml`;
    const png = join(d, "attachments", SIGNED, "客户签字.png");
    const original = readFileSync(png);
    const changed = Buffer.from(original);
    changed[changed.length - 1] ^= 0xff;
    writeFileSync(png, changed);
    writeFileSync(join(d, "attachments", "stray.bin"), "by hand");
    const r = await svcIn(d, ["check", "--json"], SUP);
    expect(r.code).toBe(1);
    const findings = JSON.parse(r.stdout).findings as {
      file: string;
      line: number;
      rule: string;
      message: string;
    }[];
    const sha = findings.find((f) => f.rule === "attachment-sha256");
    expect(sha?.file).toBe(rel);
    expect(sha?.line).toBeGreaterThan(1);
    expect(sha?.message).toContain(`attachments/${SIGNED}/客户签字.png`);
    const text = readFileSync(join(d, rel), "utf8").split("\n");
    expect(text[sha!.line - 1]).toContain("sha256:");
    expect(findings.find((f) => f.rule === "attachment-orphan")?.file).toBe("attachments/stray.bin");

    rmSync(png);
    const away = join(outside(), "sig.png");
    writeFileSync(away, original);
    symlinkSync(away, png);
    const linked = JSON.parse((await svcIn(d, ["check", "--json"], SUP)).stdout).findings as {
      file: string;
      rule: string;
    }[];
    expect(linked.some((f) => f.rule === "attachment-file" && f.file === rel)).toBe(true);
    rmSync(png);
    const missing = JSON.parse((await svcIn(d, ["check", "--json"], SUP)).stdout).findings as {
      rule: string;
      message: string;
    }[];
    expect(missing.some((f) => f.rule === "attachment-file" && f.message.includes("不存在"))).toBe(true);
  });
});

describe("issue 11 · item 4: attachment size limit and file type", () => {
  it("refuses, before reading it, a file over the limit (default 20 MB), naming the file and the limit", () => {
    const big = join(outside(), "huge.bin");
    writeFileSync(big, "");
    truncateSync(big, 1024 * 1024 * 1024); // 1 GB, sparse: reading it would take seconds and a GB
    expect(DEFAULT_ATTACHMENT_MAX_BYTES).toBe(20 * 1024 * 1024);
    expect(() => readAttachment(big, DEFAULT_ATTACHMENT_MAX_BYTES, "huge.bin")).toThrow(Refused);
    expect(() => readAttachment(big, DEFAULT_ATTACHMENT_MAX_BYTES, "huge.bin")).toThrow(
      /huge\.bin.*20\.0 MB/,
    );
    const small = join(outside(), "ok.bin");
    writeFileSync(small, "12345");
    expect(readAttachment(small, 5).toString()).toBe("12345");
    expect(() => readAttachment(small, 4)).toThrow(Refused);
  });

  it("refuses an attachment that is not a regular file: FIFO, /dev/zero, a folder", () => {
    const fifo = join(outside(), "pipe.jpg");
    mkfifo(fifo);
    for (const f of [fifo, "/dev/zero", outside()])
      expect(() => readAttachment(f, DEFAULT_ATTACHMENT_MAX_BYTES)).toThrow(UsageError);
  });

  it("svc.yaml attachments.maxBytes is honoured by svc log --attach (nothing committed)", async () => {
    const d = repo();
    writeFileSync(
      join(d, "svc.yaml"),
      readFileSync(join(d, "svc.yaml"), "utf8").replace(/^( {2}maxBytes:) \d+/m, "$1 1000"),
    );
    git(d, ["commit", "-qam", "limit"]);
    expect(readFileSync(join(d, "svc.yaml"), "utf8")).toMatch(/^ {2}maxBytes: 1000/m);
    const photo = join(outside(), "photo.jpg");
    writeFileSync(photo, randomBytes(3000));
    const h = head(d);
    const r = await svcIn(d, ["log", WORKING, "照片", "--attach", photo], ZHANG);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(photo);
    expect(r.stderr).toContain("1000 B");
    expect(r.stderr).toContain("attachments.maxBytes");
    expect(head(d)).toBe(h);
  });
});

describe("issue 11 · item 5: svc init / svc ci never overwrite a file they did not write", () => {
  it("svc init records inside an existing project keeps its .gitlab-ci.yml and says how to merge; svc ci too", async () => {
    const project = tempDir();
    dirs.push(project);
    git(project, ["init", "-q", "-b", "main"]);
    const theirs = "# the project's own CI\nbuild:\n  script: make\n";
    writeFileSync(join(project, ".gitlab-ci.yml"), theirs);
    // An earlier svc's GitHub workflow (svc's marker line): svc may replace it.
    mkdirSync(join(project, ".github", "workflows"), { recursive: true });
    writeFileSync(
      join(project, ".github/workflows/svc.yml"),
      "# Written by `svc ci` — old version\nname: svc\n",
    );
    writeFileSync(join(project, ".gitignore"), "node_modules/\n");
    git(project, ["add", "-A"]);
    git(project, ["commit", "-qm", "project"]);
    const init = await svcIn(project, ["init", "records", "--daily-rate", "100"], SUP);
    expect(init.code, init.stderr).toBe(0);
    expect(readFileSync(join(project, ".gitlab-ci.yml"), "utf8")).toBe(theirs);
    expect(git(project, ["show", "--stat", "--format=", "HEAD"])).not.toContain(".gitlab-ci.yml");
    expect(git(project, ["status", "--porcelain", "--", ".gitlab-ci.yml"])).toBe("");
    expect(init.stdout).toContain(".gitlab-ci.yml");
    expect(init.stdout).toContain("未覆盖");
    const proposal = join(project, ".git", "svc", "proposed", ".gitlab-ci.yml");
    expect(init.stdout).toContain(".git/svc/proposed/.gitlab-ci.yml");
    expect(readFileSync(proposal, "utf8")).toContain("check --history");
    expect(readFileSync(join(project, ".github/workflows/svc.yml"), "utf8")).toContain("check --history");
    // The project's .gitignore at the top is not touched (the records' own is in records/).
    expect(readFileSync(join(project, ".gitignore"), "utf8")).toBe("node_modules/\n");

    const records = join(project, "records");
    expect(
      (
        await svcIn(
          records,
          ["people", "add", "wangzhu", "--name", "王志强", "--role", "supervisor", "--email", SUP.email],
          SUP,
        )
      ).code,
    ).toBe(0);
    const ci = await svcIn(records, ["ci", "--json"], SUP);
    expect(ci.code, ci.stderr).toBe(0);
    const out = JSON.parse(ci.stdout);
    expect(out.kept.map((k: { path: string }) => k.path)).toEqual([".gitlab-ci.yml"]);
    expect(out.files).not.toContain(".gitlab-ci.yml");
    expect(readFileSync(join(project, ".gitlab-ci.yml"), "utf8")).toBe(theirs);
  });

  it("a CI file or folder that is a symlink is left alone, never written through", async () => {
    const d = tempDir();
    dirs.push(d);
    git(d, ["init", "-q", "-b", "main"]);
    const away = outside();
    writeFileSync(join(away, "ci.yml"), "theirs\n");
    symlinkSync(join(away, "ci.yml"), join(d, ".gitlab-ci.yml"));
    mkdirSync(join(away, "gitea"));
    symlinkSync(join(away, "gitea"), join(d, ".gitea"));
    const { writeCi } = await import("../src/store/setup.ts");
    const r = await writeCi(d, "some-svc@1.0.0");
    expect(r.kept.map((k) => k.path).sort()).toEqual([".gitea/workflows/svc.yml", ".gitlab-ci.yml"]);
    expect(r.files).toEqual([".github/workflows/svc.yml"]);
    expect(readFileSync(join(away, "ci.yml"), "utf8")).toBe("theirs\n");
    expect(existsSync(join(away, "gitea", "workflows"))).toBe(false);
  });

  it("an editor's settings.json (comments, its own formatting) is left alone; one formatted as svc writes it is merged", async () => {
    const d = tempDir();
    dirs.push(d);
    git(d, ["init", "-q", "-b", "main"]);
    mkdirSync(join(d, ".vscode"));
    const theirs = '{\n    // mine\n    "editor.tabSize": 4\n}\n';
    writeFileSync(join(d, ".vscode/settings.json"), theirs);
    const { writeEditorSettings } = await import("../src/store/setup.ts");
    const r = await writeEditorSettings(d);
    expect(r.kept.map((k) => k.path)).toEqual([".vscode/settings.json"]);
    expect(readFileSync(join(d, ".vscode/settings.json"), "utf8")).toBe(theirs);
    expect(readFileSync(r.kept[0].proposal, "utf8")).toContain("yaml.schemas");
    writeFileSync(join(d, ".vscode/settings.json"), `${JSON.stringify({ "editor.tabSize": 4 }, null, 2)}\n`);
    const again = await writeEditorSettings(d);
    expect(again.kept).toEqual([]);
    const merged = JSON.parse(readFileSync(join(d, ".vscode/settings.json"), "utf8"));
    expect(merged["editor.tabSize"]).toBe(4);
    expect(Object.keys(merged["yaml.schemas"])).toContain("./schemas/letter.schema.json");
  });
});
