// The store: validated, atomic, one commit per change by the acting person, rollback on failure.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Person } from "../src/schemas/index.ts";
import { Store } from "../src/store/store.ts";
import { ageFiles, cleanup, freshRepo, git, SUP, svcIn, tempDir } from "./helpers.ts";

const env = { ...process.env, SVC_NOW: "2026-11-03T01:00:00Z", LANG: "zh_CN.UTF-8" };
let dir: string;
let store: Store;
let sup: Person;

beforeEach(async () => {
  dir = freshRepo();
  store = await Store.open({ cwd: dir, env });
  sup = store.person("wangzhu")!;
});
afterEach(() => cleanup(dir));

const product = (id: string, name = "PLC-200 控制器") => ({ kind: "product" as const, id, name });

describe("store", () => {
  it("finds the repository from a sub-folder, like git", async () => {
    const s = await Store.open({ cwd: join(dir, "notices"), env });
    expect(s.root).toBe(dir);
    expect(s.config.timezone).toBe("Asia/Shanghai");
  });

  it("writes one commit authored by the acting person, with the message given", async () => {
    const head = git(dir, ["rev-parse", "HEAD"]).trim();
    const { commit, files } = await store.commit({
      put: [{ record: product("plc-200"), create: true }],
      message: "product add plc-200",
      author: sup,
    });
    expect(files).toEqual(["products/plc-200.yaml"]);
    expect(git(dir, ["rev-parse", "HEAD"]).trim()).toBe(commit);
    expect(git(dir, ["rev-parse", "HEAD~1"]).trim()).toBe(head);
    expect(git(dir, ["log", "-1", "--format=%an|%ae|%s|%aI"]).trim()).toBe(
      `王主管|${SUP.email}|product add plc-200|2026-11-03T01:00:00+00:00`,
    );
    expect(readFileSync(join(dir, "products/plc-200.yaml"), "utf8")).toContain("name: PLC-200 控制器");
    expect(git(dir, ["status", "--porcelain"])).toBe("");
  });

  it("writes objects, refs and the index as git does: packed refs, fsck, index equal to HEAD", async () => {
    git(dir, ["pack-refs", "--all"]); // the branch now lives only in .git/packed-refs
    const head = git(dir, ["rev-parse", "HEAD"]).trim();
    const { commit } = await store.commit({
      put: [{ record: product("fsck-1"), create: true }],
      message: "product add fsck-1",
      author: sup,
    });
    expect(git(dir, ["rev-parse", "HEAD~1"]).trim()).toBe(head);
    expect(git(dir, ["rev-parse", "HEAD"]).trim()).toBe(commit);
    expect(git(dir, ["cat-file", "-p", "HEAD:products/fsck-1.yaml"])).toBe(
      readFileSync(join(dir, "products/fsck-1.yaml"), "utf8"),
    );
    git(dir, ["fsck", "--strict", "--no-progress", "--no-dangling"]);
    // The user's index is the commit's tree, and nothing looks changed to git (its new entries carry
    // no file times yet, as after `git read-tree`: porcelain refreshes them).
    git(dir, ["diff-index", "--cached", "--quiet", "HEAD"]);
    expect(git(dir, ["ls-files", "--stage", "products/fsck-1.yaml"])).toContain(
      git(dir, ["rev-parse", "HEAD:products/fsck-1.yaml"]).trim(),
    );
    git(dir, ["diff", "--quiet"]);
    expect(git(dir, ["status", "--porcelain"])).toBe("");
    git(dir, ["diff-files", "--quiet"]);
    // A second commit on top of the replaced index.
    await store.commit({
      put: [{ record: product("fsck-2"), create: true }],
      message: "fsck-2",
      author: sup,
    });
    expect(git(dir, ["rev-parse", "HEAD~1"]).trim()).toBe(commit);
    git(dir, ["diff-index", "--cached", "--quiet", "HEAD"]);
  });

  it("works through git itself in a SHA-256 repository", async () => {
    const sha = tempDir();
    try {
      git(sha, ["init", "-q", "--object-format=sha256"]);
      const r = await svcIn(
        sha,
        ["init", ".", "--daily-rate", "100", "--special-rate", "150", "--phone", "50"],
        SUP,
      );
      expect(r.code, r.stderr).toBe(0);
      const s = await Store.open({ cwd: sha, env });
      const before = git(sha, ["rev-parse", "HEAD"]).trim();
      expect(before).toMatch(/^[0-9a-f]{64}$/);
      await s.commit({ put: [{ record: product("sha-1"), create: true }], message: "sha-1", author: sup });
      expect(git(sha, ["rev-parse", "HEAD~1"]).trim()).toBe(before);
      git(sha, ["fsck", "--strict", "--no-progress", "--no-dangling"]);
      expect(git(sha, ["status", "--porcelain"])).toBe("");
    } finally {
      cleanup(sha);
    }
  });

  it("never writes an invalid record", async () => {
    const bad = { kind: "product", id: "x1", name: "" } as any;
    await expect(store.commit({ put: [{ record: bad }], message: "bad", author: sup })).rejects.toThrow(
      /无效|invalid/,
    );
    expect(existsSync(join(dir, "products/x1.yaml"))).toBe(false);
    expect(git(dir, ["status", "--porcelain"])).toBe("");
  });

  it("refuses to create a record that exists", async () => {
    await store.commit({ put: [{ record: product("p1"), create: true }], message: "a", author: sup });
    await expect(
      store.commit({ put: [{ record: product("p1"), create: true }], message: "b", author: sup }),
    ).rejects.toThrow(/已存在/);
  });

  it("leaves the repository exactly as it was when the commit fails", async () => {
    const head = git(dir, ["rev-parse", "HEAD"]).trim();
    // Make the private index unwritable: git read-tree fails half-way through the commit.
    mkdirSync(store.privateIndex, { recursive: true });
    writeFileSync(join(store.privateIndex, "x"), "");
    await expect(
      store.commit({ put: [{ record: product("p2"), create: true }], message: "p2", author: sup }),
    ).rejects.toThrow();
    expect(git(dir, ["rev-parse", "HEAD"]).trim()).toBe(head);
    expect(existsSync(join(dir, "products/p2.yaml"))).toBe(false);
    expect(
      git(dir, ["status", "--porcelain", "--untracked-files=all"]).replace(/.*svc-index.*\n?/g, ""),
    ).toBe("");
  });

  it("does not sweep the user's staged changes into its commit", async () => {
    writeFileSync(join(dir, "notes.txt"), "mine\n");
    git(dir, ["add", "notes.txt"]);
    const { commit } = await store.commit({
      put: [{ record: product("p3"), create: true }],
      message: "p3",
      author: sup,
    });
    expect(git(dir, ["show", "--name-only", "--format=", commit]).trim()).toBe("products/p3.yaml");
    expect(git(dir, ["status", "--porcelain"])).toBe("A  notes.txt\n");
  });

  it("finishes an action whose ref moved before its files were written (crash recovery)", async () => {
    const { commit } = await store.commit({
      put: [{ record: product("p4"), create: true }],
      message: "p4",
      author: sup,
    });
    // Simulate a kill right after update-ref: the file and index entry are missing, the journal remains.
    git(dir, ["rm", "-q", "--cached", "products/p4.yaml"]);
    writeFileSync(
      join(dir, ".git", "svc-pending.json"),
      JSON.stringify({ commit, files: [{ path: "products/p4.yaml" }] }),
    );
    const { rmSync } = await import("node:fs");
    rmSync(join(dir, "products/p4.yaml"));
    await Store.open({ cwd: dir, env });
    expect(readFileSync(join(dir, "products/p4.yaml"), "utf8")).toContain("PLC-200");
    expect(existsSync(join(dir, ".git", "svc-pending.json"))).toBe(false);
    expect(git(dir, ["status", "--porcelain"])).toBe("");
  });

  it("discards the journal of a commit that never landed", async () => {
    writeFileSync(
      join(dir, ".git", "svc-pending.json"),
      JSON.stringify({ commit: "0".repeat(40), files: [{ path: "products/ghost.yaml" }] }),
    );
    await Store.open({ cwd: dir, env });
    expect(existsSync(join(dir, ".git", "svc-pending.json"))).toBe(false);
    expect(existsSync(join(dir, "products/ghost.yaml"))).toBe(false);
  });

  it("serialises concurrent writers with the lock", async () => {
    const other = await Store.open({ cwd: dir, env });
    await Promise.all([
      store.commit({ put: [{ record: product("c1"), create: true }], message: "c1", author: sup }),
      other.commit({ put: [{ record: product("c2"), create: true }], message: "c2", author: sup }),
    ]).catch(() => undefined);
    // Both go through one after the other, or the second is refused cleanly (HEAD moved); never a broken repo.
    expect(git(dir, ["status", "--porcelain"])).toBe("");
    git(dir, ["fsck", "--no-progress"]);
  });

  it("takes over a lock whose process is gone and refuses while a live one holds it", async () => {
    writeFileSync(store.lockPath, "999999\n");
    await store.commit({ put: [{ record: product("l1"), create: true }], message: "l1", author: sup });
    writeFileSync(store.lockPath, `${process.ppid}\n`);
    const s = await Store.open({ cwd: dir, env: { ...env, SVC_LOCK_TIMEOUT: "0.2" } });
    await expect(
      s.commit({ put: [{ record: product("l2"), create: true }], message: "l2", author: sup }),
    ).rejects.toThrow(/另一个 svc 进程/);
  });
});

describe("store with a split index", () => {
  it("pushes a large split index back into a new shared index, so the user's index stays small", async () => {
    const dir = freshRepo();
    try {
      git(dir, ["config", "splitIndex.maxPercentChange", "100"]); // git itself would not rewrite it
      mkdirSync(join(dir, "products", "bulk"), { recursive: true });
      // Long names: an index past 256 KB from 1,500 entries (~240 bytes each), not 4,000 short ones.
      const long = "x".repeat(200);
      for (let i = 0; i < 1500; i++)
        writeFileSync(join(dir, "products", "bulk", `f${i}-${long}.txt`), `${i}\n`);
      // Written a minute ago: not racily clean, which git would note in the split part again.
      ageFiles(dir, "products/bulk");
      git(dir, ["add", "products/bulk"]);
      git(dir, ["commit", "-q", "-m", "bulk"]);
      const big = statSync(join(dir, ".git", "index")).size;
      expect(big).toBeGreaterThan(256 * 1024);
      const s = await Store.open({ cwd: dir, env });
      await s.commit({
        put: [{ record: product("split-1"), create: true }],
        message: "split-1",
        author: s.person("wangzhu")!,
      });
      expect(statSync(join(dir, ".git", "index")).size).toBeLessThan(64 * 1024);
      git(dir, ["diff-index", "--cached", "--quiet", "HEAD"]);
      expect(git(dir, ["status", "--porcelain"])).toBe("");
      expect(git(dir, ["ls-files", "products/bulk"]).split("\n").filter(Boolean)).toHaveLength(1500);
    } finally {
      cleanup(dir);
    }
  }, 60_000);
});
