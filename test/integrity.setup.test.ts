// CI, hooks, editor settings, `svc check --changed`, and the lock between svc processes of one clone.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { list as listTar } from "tar";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import {
  BIN,
  cleanup,
  ENG,
  env,
  freshRepo,
  git,
  type Identity,
  lastCommit,
  ROOT,
  read,
  SAMPLE,
  SUP,
  sampleRepo,
  svc,
  svcIn,
} from "./helpers.ts";

/** The files of a tar archive (ustar: 512-byte headers, name + prefix). */
/** A tarball's files: path → content and mode, as node-tar reads them. */
function untar(file: string): Map<string, { text: string; mode: number }> {
  const out = new Map<string, { text: string; mode: number }>();
  listTar({
    file,
    sync: true,
    onReadEntry: (e) => {
      const chunks: Buffer[] = [];
      e.on("data", (c: Buffer) => chunks.push(c));
      e.on("end", () => out.set(e.path, { text: Buffer.concat(chunks).toString("utf8"), mode: e.mode ?? 0 }));
    },
  });
  return out;
}

const gitIn = (cwd: string, args: string[], who: Identity = SUP) =>
  spawnSync("git", args, { cwd, env: env(who), encoding: "utf8" });

const NOTICE = (id: string, extra: Record<string, unknown> = {}) => ({
  kind: "notice",
  id,
  customer: "acme",
  contact: { name: "刘工", phone: "13800000000" },
  type: "维修",
  priority: "一般",
  channel: "电话",
  content: "PLC 故障",
  issued: { by: "zhaoxs", at: "2026-11-03T09:00:00+08:00" },
  ...extra,
});

describe("CI, editor settings and hooks", () => {
  let dir: string;
  beforeAll(() => {
    dir = freshRepo();
  }, 60_000);
  afterAll(() => cleanup(dir));

  it("svc init writes and commits CI for GitHub, GitLab and Gitea running svc check --history", () => {
    const tracked = gitIn(dir, ["ls-files"]).stdout;
    for (const f of [".github/workflows/svc.yml", ".gitlab-ci.yml", ".gitea/workflows/svc.yml"]) {
      expect(tracked).toContain(f);
      const text = read(dir, f);
      expect(text).toContain("svc --repo . check --history");
      expect(text).toMatch(/npm install -g/);
    }
    const gh = read(dir, ".github/workflows/svc.yml");
    expect(gh).toMatch(/on:\n\s+push:\n\s+pull_request:/);
    expect(gh).toContain("fetch-depth: 0");
    expect(read(dir, ".gitlab-ci.yml")).toContain('GIT_DEPTH: "0"');
    expect(read(dir, ".gitlab-ci.yml")).toContain("merge_request_event");
    // What CI installs: this very svc, kept in the repository as an npm tarball.
    const version = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version;
    const tgz = `.svc/svc-${version}.tgz`;
    expect(tracked).toContain(tgz);
    for (const f of [".github/workflows/svc.yml", ".gitlab-ci.yml", ".gitea/workflows/svc.yml"])
      expect(read(dir, f)).toContain(`npm install -g --no-audit --no-fund ./${tgz}`);
    const files = untar(join(dir, tgz));
    const manifest = JSON.parse(files.get("package/package.json")?.text ?? "{}");
    expect(manifest).toMatchObject({ name: "svc", version, bin: { svc: "bin/svc.js" } });
    expect(manifest.scripts).toBeUndefined(); // nothing to build or run at install
    expect(Object.keys(manifest.dependencies)).toContain("yaml");
    expect(files.has("package/dist/cli.js")).toBe(true);
    const dist = [...files].filter(([name]) => name.startsWith("package/dist/"));
    expect(dist.some(([, f]) => f.text.includes("check --history"))).toBe(true); // the commands' chunks
    expect(files.has("package/dist/validators/letter.cjs")).toBe(true); // CommonJS: loaded synchronously by the store
    expect(files.get("package/bin/svc.js")?.mode).toBe(0o755);
    expect(files.get("package/dist/cli.js")?.mode).toBe(0o644);
    expect(files.has("package/templates/ci/github.yml")).toBe(true);
    expect([...files.keys()].some((f) => f.endsWith(".map"))).toBe(false);
  });

  it("svc init writes JSON Schemas (draft-07, what editors support) and maps each records folder to its schema", async () => {
    const schema = JSON.parse(read(dir, "schemas/notice.schema.json"));
    expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
    expect(schema.$id).toBe("urn:svc:schema:notice");
    const settings = JSON.parse(read(dir, ".vscode/settings.json"));
    expect(settings["yaml.schemas"]["./schemas/notice.schema.json"]).toContain("notices/**/*.yaml");
    expect(settings["yaml.schemas"]["./schemas/letter.schema.json"]).toContain("letters/**/*.yaml");
    expect(settings["yaml.schemas"]["./schemas/config.schema.json"]).toEqual(["svc.yaml"]);
    // The exported schema is what an editor would use: it accepts a real notice and rejects a bad one.
    const ajvMod: any = await import("ajv");
    const formatsMod: any = await import("ajv-formats");
    const Ajv = ajvMod.default?.default ?? ajvMod.default;
    const addFormats = formatsMod.default?.default ?? formatsMod.default;
    const ajv = new Ajv({ strict: true, allErrors: true });
    addFormats(ajv);
    // Every exported schema compiles under a strict draft-07 validator, and each folder's schema accepts
    // that folder's records in the sample repository (what a person editing by hand would open).
    const settingsMap = settings["yaml.schemas"] as Record<string, string[]>;
    const { KIND_NAMES } = await import("../src/schemas/kinds.ts");
    expect(Object.keys(settingsMap)).toHaveLength(KIND_NAMES.length + 1); // every kind, and svc.yaml
    const { parse } = await import("yaml");
    const { readdirSync } = await import("node:fs");
    let sampled = 0;
    for (const [path, globs] of Object.entries(settingsMap)) {
      const v = ajv.compile(JSON.parse(read(dir, path)));
      const folder = globs[0].replace(/\/\*\.yaml$/, "");
      if (folder === "svc.yaml") {
        expect(v(parse(readFileSync(join(SAMPLE, "svc.yaml"), "utf8"))), JSON.stringify(v.errors)).toBe(true);
        continue;
      }
      const walk = (d: string): string[] =>
        existsSync(d)
          ? readdirSync(d, { withFileTypes: true }).flatMap((e) =>
              e.isDirectory() ? walk(join(d, e.name)) : e.name.endsWith(".yaml") ? [join(d, e.name)] : [],
            )
          : [];
      for (const f of walk(join(SAMPLE, folder))) {
        expect(v(parse(readFileSync(f, "utf8"))), `${f}: ${JSON.stringify(v.errors)}`).toBe(true);
        sampled++;
      }
    }
    expect(sampled).toBeGreaterThan(100);
    const validate = ajv.getSchema(schema.$id) as (data: unknown) => boolean;
    expect(validate(NOTICE("N-20261103-aaaaa"))).toBe(true);
    expect(validate(NOTICE("N-20261103-aaaaa", { priority: "特急" }))).toBe(false);
  });

  it("svc ci rewrites and commits only when something changed; supervisor or GM only", async () => {
    const r = await svcIn(dir, ["ci", "--package", "git+https://git.example.com/it/svc.git", "--json"], SUP);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(read(dir, ".github/workflows/svc.yml")).toContain(
      "npm install -g --no-audit --no-fund git+https://git.example.com/it/svc.git",
    );
    // The vendored tarball is no longer what CI installs: removed in the same commit.
    expect(gitIn(dir, ["ls-files", ".svc"]).stdout).toBe("");
    expect(gitIn(dir, ["show", "--stat", "--format=", "HEAD"]).stdout).toMatch(/\.svc\/svc-.*\.tgz/);
    expect(lastCommit(dir).email).toBe(SUP.email);
    const again = await svcIn(
      dir,
      ["ci", "--package", "git+https://git.example.com/it/svc.git", "--json"],
      SUP,
    );
    expect(JSON.parse(again.stdout).commit).toBeUndefined();
    const eng = await svcIn(dir, ["ci"], ENG);
    expect(eng.code).toBe(1);
    expect(eng.stderr).toContain("svc:");
    // A shell-hostile package spec is quoted, never run.
    expect((await svcIn(dir, ["ci", "--package", "x; touch pwned", "--no-commit"], SUP)).code).toBe(0);
    expect(read(dir, ".gitlab-ci.yml")).toContain("npm install -g --no-audit --no-fund 'x; touch pwned'");
    expect(existsSync(join(dir, "pwned"))).toBe(false);
    gitIn(dir, ["checkout", "--", ".github", ".gitlab-ci.yml", ".gitea"]);
  });

  it("svc hooks install: the pre-commit hook stops a broken record and a forged signature", async () => {
    const r = await svcIn(dir, ["hooks", "install"], SUP);
    expect(r.code, r.stderr).toBe(0);
    const hook = join(dir, ".git", "hooks", "pre-commit");
    expect(statSync(hook).mode & 0o111).not.toBe(0);
    expect(readFileSync(hook, "utf8")).toContain("check --changed");

    // A broken file is refused by the hook.
    mkdirSync(join(dir, "notices", "2026"), { recursive: true });
    writeFileSync(join(dir, "notices/2026/N-20261103-bbbbb.yaml"), "kind: notice\nid: [\n");
    gitIn(dir, ["add", "notices/2026/N-20261103-bbbbb.yaml"]);
    const c1 = gitIn(dir, ["commit", "-m", "bad"]);
    expect(c1.status).not.toBe(0);
    expect(c1.stdout + c1.stderr).toContain("notices/2026/N-20261103-bbbbb.yaml");
    gitIn(dir, ["rm", "-q", "--cached", "notices/2026/N-20261103-bbbbb.yaml"]);
    gitIn(dir, ["clean", "-qf", "notices"]);
    mkdirSync(join(dir, "notices", "2026"), { recursive: true });

    // A good notice from the requester goes through.
    writeFileSync(
      join(dir, "customers/acme.yaml"),
      stringify({ kind: "customer", id: "acme", name: "某某公司" }),
    );
    writeFileSync(join(dir, "notices/2026/N-20261103-ccccc.yaml"), stringify(NOTICE("N-20261103-ccccc")));
    gitIn(dir, ["add", "customers/acme.yaml", "notices/2026/N-20261103-ccccc.yaml"]);
    const c2 = gitIn(dir, ["commit", "-m", "open"], SUP);
    expect(c2.status, c2.stdout + c2.stderr).toBe(0);

    // An engineer signing it as the GM is stopped before the commit exists.
    const signed = NOTICE("N-20261103-ccccc", {
      signature: { by: "lizong", at: "2026-11-03T10:00:00+08:00", gmAbsent: false },
    });
    writeFileSync(join(dir, "notices/2026/N-20261103-ccccc.yaml"), stringify(signed));
    gitIn(dir, ["add", "notices/2026/N-20261103-ccccc.yaml"]);
    const head = gitIn(dir, ["rev-parse", "HEAD"]).stdout;
    const c3 = gitIn(dir, ["commit", "-m", "sign"], ENG);
    expect(c3.status).not.toBe(0);
    expect(c3.stdout + c3.stderr).toMatch(/history-role|只有 gm|only a gm/);
    expect(gitIn(dir, ["rev-parse", "HEAD"]).stdout).toBe(head);
    gitIn(dir, ["checkout", "HEAD", "--", "notices/2026/N-20261103-ccccc.yaml"]);

    // Someone else's hook is kept unless --force.
    writeFileSync(hook, "#!/bin/sh\nexit 0\n");
    expect((await svcIn(dir, ["hooks", "install"], SUP)).code).toBe(1);
    expect((await svcIn(dir, ["hooks", "install", "--force"], SUP)).code).toBe(0);
    expect(readFileSync(`${hook}.before-svc`, "utf8")).toContain("exit 0");
  });

  it("svc check --changed looks at what changed since a revision, and what refers to it", async () => {
    // An old broken file committed past the hook, then an unrelated good commit.
    mkdirSync(join(dir, "notices", "2026"), { recursive: true });
    writeFileSync(join(dir, "notices/2026/N-20261103-ddddd.yaml"), "kind: notice\nid: [\n");
    gitIn(dir, ["add", "notices/2026/N-20261103-ddddd.yaml"]);
    expect(gitIn(dir, ["commit", "-q", "--no-verify", "-m", "old mistake"]).status).toBe(0);
    expect((await svcIn(dir, ["people", "edit", "lisi", "--region", "华北"], SUP)).code).toBe(0);
    const changed = await svcIn(dir, ["check", "--changed", "--json"], SUP);
    const report = JSON.parse(changed.stdout);
    expect(report.findings.map((f: { file: string }) => f.file)).not.toContain(
      "notices/2026/N-20261103-ddddd.yaml",
    );
    expect(changed.code).toBe(0);
    // Since further back it is found; so is an uncommitted change.
    const since = await svcIn(dir, ["check", "--changed", "--since", "HEAD~2", "--json"], SUP);
    expect(JSON.parse(since.stdout).findings.map((f: { file: string }) => f.file)).toContain(
      "notices/2026/N-20261103-ddddd.yaml",
    );
    writeFileSync(join(dir, "people/lisi.yaml"), read(dir, "people/lisi.yaml").replace("engineer", "wizard"));
    const dirty = await svcIn(dir, ["check", "--changed"], SUP);
    expect(dirty.code).toBe(1);
    expect(dirty.stdout).toContain("people/lisi.yaml");
    gitIn(dir, ["checkout", "--", "people/lisi.yaml"]);
    // The full check still sees the old mistake.
    expect((await svcIn(dir, ["check"], SUP)).code).toBe(1);
  });
});

describe("the lock between svc processes of one clone", () => {
  let dir: string;
  beforeAll(() => {
    dir = freshRepo();
  }, 60_000);
  afterAll(() => cleanup(dir));

  it("concurrent svc processes wait for each other: every write lands", async () => {
    const n = 6;
    const before = Number(gitIn(dir, ["rev-list", "--count", "HEAD"]).stdout);
    const codes = await Promise.all(
      Array.from(
        { length: n },
        (_, i) =>
          new Promise<number | null>((resolve) => {
            const child = spawn(
              process.execPath,
              [
                BIN,
                "people",
                "add",
                `c${i}`,
                "--name",
                `并发${i}`,
                "--role",
                "engineer",
                "--email",
                `c${i}@example.com`,
              ],
              { cwd: dir, env: env(SUP), stdio: "ignore" },
            );
            child.on("exit", (code) => resolve(code));
          }),
      ),
    );
    expect(codes).toEqual(Array(n).fill(0));
    expect(Number(gitIn(dir, ["rev-list", "--count", "HEAD"]).stdout)).toBe(before + n);
    expect(gitIn(dir, ["status", "--porcelain"]).stdout).toBe("");
    expect((await svcIn(dir, ["check"], SUP)).code).toBe(0);
  }, 60_000);

  it("a lock held by a live process times out with a clear message; a dead owner's lock is taken over", async () => {
    const lock = join(dir, ".git", "svc.lock");
    writeFileSync(lock, `${process.pid}\n`); // this test process: alive
    const r = svc(
      dir,
      ["people", "add", "late", "--name", "迟", "--role", "engineer", "--email", "late@example.com"],
      SUP,
      {
        SVC_LOCK_TIMEOUT: "1",
      },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(String(process.pid));
    expect(r.stderr).toMatch(/提示/);
    expect(existsSync(join(dir, "people/late.yaml"))).toBe(false);
    // A pid that no longer exists: the lock is stale and taken over at once.
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], {
      encoding: "utf8",
    }).stdout;
    writeFileSync(lock, `${dead}\n`);
    const ok = await svcIn(
      dir,
      ["people", "add", "late", "--name", "迟", "--role", "engineer", "--email", "late@example.com"],
      SUP,
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(existsSync(lock)).toBe(false);
  });
});

describe("git's index locked by another git when svc has committed (found by attack)", () => {
  it("says the commit is made and how it completes (exit 2, not an internal error); the next svc brings the index up to date", async () => {
    const dir = sampleRepo();
    const GM = { name: "刘建国", email: "liujianguo@dfzk.example.com" };
    const now = { SVC_NOW: "2026-11-23T10:00:00+08:00" };
    const head = git(dir, ["rev-parse", "HEAD"]).trim();
    writeFileSync(join(dir, ".git", "index.lock"), "");
    const r = await svcIn(dir, ["sign", "N-20261122-eep5b"], GM, now);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain("已提交");
    expect(r.stderr).toContain(".git/index.lock");
    expect(r.stderr).not.toMatch(/内部错误|internal error/);
    expect(git(dir, ["rev-parse", "HEAD^"]).trim()).toBe(head); // one commit, made
    rmSync(join(dir, ".git", "index.lock"));
    const c = await svcIn(dir, ["check"], GM, now);
    expect(c.code, c.stderr).toBe(0);
    expect(git(dir, ["status", "--porcelain"])).toBe("");
  });
});
