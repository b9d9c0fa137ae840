// Issue 12 item 7 (identity): with svc.yaml integrity.requireSignedCommits, `svc check --history`
// verifies every commit's SSH signature with git against its claimed author's roster key (the roster
// at the parent); a commit dated before its parent warns; svc's own commits are signed when git is
// configured to sign. Keys are generated here with ssh-keygen; histories are forged with plain git.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import {
  checkSignatures,
  dateOrderFinding,
  fingerprint,
  judgeSignature,
  mustBeSigned,
  vouchingRoster,
} from "../src/check/signatures.ts";
import { parseSshPublicKey } from "../src/core/ssh-key.ts";
import {
  cleanup,
  ENG,
  ENG2,
  env,
  freshRepo,
  GM,
  headOf,
  type Identity,
  SUP,
  svcIn,
  tempDir,
} from "./helpers.ts";

const keys = tempDir("svc-keys-");
const made: string[] = [keys];
const key = (name: string) => {
  const file = join(keys, name);
  const r = spawnSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", name, "-f", file]);
  if (r.status !== 0) throw new Error(`ssh-keygen: ${r.stderr}`);
  return { priv: file, pub: readFileSync(`${file}.pub`, "utf8").trim() };
};
let K: Record<"sup" | "gm" | "eng" | "eng2" | "stranger", { priv: string; pub: string }>;

function run(dir: string, args: string[], e: NodeJS.ProcessEnv) {
  const r = spawnSync("git", args, { cwd: dir, env: e, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  return r.stdout.trim();
}

/** A commit by plain git as `who`, signed with `signWith` (a private key file) when given. */
function commit(
  dir: string,
  who: Identity,
  files: Record<string, string>,
  opts: { signWith?: string; date?: string; msg?: string } = {},
): string {
  for (const [rel, text] of Object.entries(files)) writeFileSync(join(dir, rel), text);
  const e = {
    ...env(who),
    ...(opts.date ? { GIT_AUTHOR_DATE: opts.date, GIT_COMMITTER_DATE: opts.date } : {}),
  };
  run(dir, ["add", "-A"], e);
  const sign = opts.signWith ? ["-c", "gpg.format=ssh", "-c", `user.signingKey=${opts.signWith}`] : [];
  run(
    dir,
    [...sign, "commit", "-q", "--allow-empty", ...(opts.signWith ? ["-S"] : []), "-m", opts.msg ?? "edit"],
    e,
  );
  return headOf(dir);
}

const personFile = (dir: string, id: string) => join(dir, "people", `${id}.yaml`);
function withKey(dir: string, id: string, pub: string | undefined): Record<string, string> {
  const p = parse(readFileSync(personFile(dir, id), "utf8"));
  if (pub) p.signingKey = pub.split(" ").slice(0, 2).join(" ");
  else delete p.signingKey;
  return { [`people/${id}.yaml`]: stringify(p) };
}
function setting(dir: string, on: boolean): Record<string, string> {
  const c = parse(readFileSync(join(dir, "svc.yaml"), "utf8"));
  c.integrity = { requireSignedCommits: on };
  return { "svc.yaml": stringify(c) };
}
function touch(dir: string, id: string, phone: string): Record<string, string> {
  const p = parse(readFileSync(personFile(dir, id), "utf8"));
  p.phone = phone;
  return { [`people/${id}.yaml`]: stringify(p) };
}

const sigs = async (dir: string, range?: string) =>
  (await checkSignatures({ gitTop: dir, root: dir, range })).filter((f) => f.rule === "history-signature");

/** svc init + roster, keys in the roster (unsigned, before the setting), then the setting turned on, signed. */
let base: string;
let before: string[];
let turnedOn: string;
function copy(): string {
  const dir = tempDir();
  made.push(dir);
  spawnSync("cp", ["-a", `${base}/.`, dir]);
  return dir;
}

beforeAll(() => {
  K = { sup: key("sup"), gm: key("gm"), eng: key("eng"), eng2: key("eng2"), stranger: key("stranger") };
  base = freshRepo();
  made.push(base);
  commit(base, SUP, { ...withKey(base, "wangzhu", K.sup.pub), ...withKey(base, "lizong", K.gm.pub) });
  commit(base, SUP, withKey(base, "zhangsan", K.eng.pub));
  before = run(base, ["rev-list", "HEAD"], env()).split("\n");
  turnedOn = commit(base, SUP, setting(base, true), { signWith: K.sup.priv, msg: "signed commits required" });
}, 120_000);

afterAll(() => {
  for (const d of made) cleanup(d);
});

describe("item 7: signed commits (issue 12)", () => {
  it("an honest signed history is clean, and the unsigned commits before the setting stay valid", async () => {
    const dir = copy();
    commit(dir, SUP, touch(dir, "zhaoxs", "13900000001"), { signWith: K.sup.priv });
    commit(dir, GM, touch(dir, "lisi", "13900000002"), { signWith: K.gm.priv });
    expect(before.length).toBeGreaterThan(3); // svc's own unsigned commits and the key edits
    expect(await sigs(dir)).toEqual([]);
    const r = await svcIn(dir, ["check", "--history", "--json"], SUP);
    const out = JSON.parse(r.stdout);
    expect(out.findings.filter((f: { rule: string }) => f.rule.startsWith("history-signature"))).toEqual([]);
  });

  it("an unsigned commit is an error naming the commit and its claimed author", async () => {
    const dir = copy();
    const bad = commit(dir, SUP, touch(dir, "zhaoxs", "13900000003"));
    const found = await sigs(dir);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      commit: bad,
      severity: "error",
      file: "svc.yaml",
      author: `${SUP.name} <${SUP.email}>`,
    });
    expect(found[0].message).toContain(bad.slice(0, 10));
    expect(found[0].message).toContain("没有签名");
    // through the CLI: exit 1, the commit and the rule named, located at the setting in svc.yaml
    const r = await svcIn(dir, ["check", "--history"], SUP);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`svc\\.yaml:\\d+:\\d+: 错误: 提交 ${bad.slice(0, 10)} 没有签名`));
    expect(r.stdout).not.toMatch(/svc\.yaml:1:1: 错误: 提交/);
    expect(r.stdout).toContain("history-signature");
  });

  it("a commit signed with another person's key, or a stranger's, is an error", async () => {
    const dir = copy();
    const other = commit(dir, ENG, touch(dir, "zhangsan", "13900000004"), { signWith: K.gm.priv });
    const stranger = commit(dir, ENG, touch(dir, "zhangsan", "13900000005"), { signWith: K.stranger.priv });
    const found = await sigs(dir);
    expect(found.map((f) => f.commit)).toEqual([other, stranger]);
    expect(found[0].message).toContain(fingerprint(K.gm.pub));
    expect(found[0].message).toContain("lizong");
    expect(found[1].message).toContain("名单中没有这个密钥");
    expect(found.every((f) => f.author === `${ENG.name} <${ENG.email}>`)).toBe(true);
  });

  it("a commit cannot add its own key and vouch for itself (the roster at the parent decides)", async () => {
    const dir = copy();
    // lisi has no key; a commit adding his key, signed with it, is judged by the roster before it
    const self = commit(dir, ENG2, withKey(dir, "lisi", K.eng2.pub), { signWith: K.eng2.priv });
    const next = commit(dir, ENG2, touch(dir, "lisi", "13900000006"), { signWith: K.eng2.priv });
    const found = await sigs(dir);
    expect(found.map((f) => f.commit)).toEqual([self]);
    expect(found[0].message).toContain("没有签名密钥");
    expect(next).toBeTruthy(); // once the key is in the parent's roster, his commits verify
  });

  it("the commit that turns the setting on, and one that turns it off, must be signed", async () => {
    const dir = copy();
    const off = commit(dir, SUP, setting(dir, false));
    commit(dir, ENG, touch(dir, "zhangsan", "13900000007")); // unsigned: the setting is off now
    const on = commit(dir, SUP, setting(dir, true));
    const found = await sigs(dir);
    expect(found.map((f) => f.commit)).toEqual([off, on]);
    // the signed commit that turned it on first is not reported
    expect(found.map((f) => f.commit)).not.toContain(turnedOn);
  });

  it("a merge commit is verified like any other: an unsigned merge of two signed sides is an error", async () => {
    const dir = copy();
    const e = env(SUP);
    const main = run(dir, ["rev-parse", "--abbrev-ref", "HEAD"], e);
    run(dir, ["switch", "-q", "-c", "side"], e);
    const side = commit(dir, ENG, touch(dir, "zhangsan", "13900000040"), { signWith: K.eng.priv });
    run(dir, ["switch", "-q", main], e);
    const ours = commit(dir, SUP, touch(dir, "zhaoxs", "13900000041"), { signWith: K.sup.priv });
    run(dir, ["merge", "-q", "--no-ff", "-m", "merge side", "side"], e);
    const merge = run(dir, ["rev-parse", "HEAD"], e);
    const found = await sigs(dir);
    expect(found.map((f) => f.commit)).toEqual([merge]);
    expect([side, ours]).not.toContain(merge);
  });

  it("a bad signature (a signed commit's content altered) is an error", async () => {
    const dir = copy();
    const good = commit(dir, SUP, touch(dir, "zhaoxs", "13900000008"), { signWith: K.sup.priv });
    // the same signed header over another author line: git's verification fails
    const raw = run(dir, ["cat-file", "commit", good], env()).replace(SUP.name, "王 主管");
    const r = spawnSync("git", ["hash-object", "-t", "commit", "-w", "--stdin"], {
      cwd: dir,
      input: `${raw}\n`,
      encoding: "utf8",
    });
    const sha = r.stdout.trim();
    run(dir, ["update-ref", "HEAD", sha], env());
    const found = await sigs(dir);
    expect(found.map((f) => f.commit)).toEqual([sha]);
    expect(found[0].message).toContain("签名无效");
  });

  it("a commit dated before its parent is a warning (history-date-order)", async () => {
    const dir = copy();
    const late = commit(dir, SUP, touch(dir, "zhaoxs", "13900000009"), {
      signWith: K.sup.priv,
      date: "2030-01-02T10:00:00+08:00",
    });
    const early = commit(dir, SUP, touch(dir, "zhaoxs", "13900000010"), {
      signWith: K.sup.priv,
      date: "2030-01-01T10:00:00+08:00",
    });
    const found = (await checkSignatures({ gitTop: dir, root: dir })).filter(
      (f) => f.rule === "history-date-order",
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ commit: early, severity: "warning" });
    expect(found[0].message).toContain(late.slice(0, 10));
  });

  it("svc's own commit is signed when git is configured to sign (commit-tree gets -S), and verifies", async () => {
    const dir = copy();
    for (const [k, v] of [
      ["gpg.format", "ssh"],
      ["user.signingKey", K.sup.priv],
      ["commit.gpgSign", "true"],
    ])
      run(dir, ["config", k, v], env());
    const r = await svcIn(
      dir,
      [
        "open",
        "--customer",
        "某某公司",
        "--region",
        "华东",
        "--contact",
        "刘工",
        "--phone",
        "13800000000",
        "--type",
        "维修",
        "--priority",
        "一般",
        "--content",
        "PLC 故障",
        "--json",
      ],
      SUP,
    );
    expect(r.stderr).toBe("");
    const { commit: sha } = JSON.parse(r.stdout);
    expect(run(dir, ["cat-file", "commit", sha], env())).toContain("-----BEGIN SSH SIGNATURE-----");
    expect(await sigs(dir)).toEqual([]);
  });

  it("svc refuses cleanly when git is configured to sign but cannot (exit 2, no stack)", async () => {
    const dir = copy();
    run(dir, ["config", "gpg.format", "ssh"], env());
    run(dir, ["config", "user.signingKey", join(keys, "missing-key")], env());
    run(dir, ["config", "commit.gpgSign", "true"], env());
    const r = await svcIn(dir, ["people", "edit", "zhaoxs", "--phone", "13900000011"], SUP);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("git 无法签名");
  });
});

describe("item 7: roster keys (issue 12)", () => {
  it("svc people edit --signing-key takes a .pub file or the key text, and refuses a broken key", async () => {
    const dir = copy();
    const a = await svcIn(dir, ["people", "edit", "lisi", "--signing-key", `${K.eng2.priv}.pub`], SUP);
    expect(a.code).toBe(0);
    expect(parse(readFileSync(personFile(dir, "lisi"), "utf8")).signingKey).toBe(
      K.eng2.pub.split(" ").slice(0, 2).join(" "),
    );
    const truncated = K.stranger.pub.split(" ").slice(0, 2).join(" ").slice(0, -6);
    const b = await svcIn(dir, ["people", "edit", "lisi", "--signing-key", truncated], SUP);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain("--signing-key");
    const c = await svcIn(dir, ["people", "edit", "lisi", "--signing-key", K.eng2.priv], SUP); // the private key
    expect(c.code).toBe(2);
    expect(c.stderr).toContain("私钥");
    const d = await svcIn(dir, ["people", "edit", "lisi", "--signing-key", ""], SUP);
    expect(d.code).toBe(0);
    expect(parse(readFileSync(personFile(dir, "lisi"), "utf8")).signingKey).toBeUndefined();
  });

  it("the date warning reads committer dates: a rebased offline commit (older author date) is no warning", () => {
    const stamp = (sha: string, authorDate: string, committerDate: string) => ({
      sha,
      parents: [],
      email: "a@x",
      name: "A",
      authorDate,
      committerDate,
    });
    const parent = stamp("p", "2026-11-02T10:00:00+08:00", "2026-11-02T10:00:00+08:00");
    const rebased = stamp("r", "2026-11-01T09:00:00+08:00", "2026-11-02T11:00:00+08:00");
    const backdated = stamp("b", "2026-11-01T09:00:00+08:00", "2026-11-01T09:00:00+08:00");
    expect(dateOrderFinding(rebased, [parent])).toBeUndefined();
    expect(dateOrderFinding(backdated, [parent])?.severity).toBe("warning");
    expect(dateOrderFinding(backdated, [undefined])).toBeUndefined(); // a parent outside what git has
  });

  it("parseSshPublicKey checks the key blob; fingerprint matches ssh-keygen -l", () => {
    expect(parseSshPublicKey(K.eng.pub)).toEqual({ key: K.eng.pub.split(" ").slice(0, 2).join(" ") });
    expect(parseSshPublicKey("ssh-ed25519 AAAAC3NzaC1yc2EAAAADAQAB")).toEqual({ problem: "blob" });
    expect(parseSshPublicKey("ssh-dss AAAAB3NzaC1kc3M=")).toEqual({ problem: "type" });
    expect(parseSshPublicKey(readFileSync(K.eng.priv, "utf8"))).toEqual({ problem: "private" });
    const l = spawnSync("ssh-keygen", ["-l", "-f", `${K.eng.priv}.pub`], { encoding: "utf8" }).stdout;
    expect(l.split(" ")[1]).toBe(fingerprint(K.eng.pub));
  });

  it("the roster at the parent vouches; an empty one (bootstrap) defers to the commit's own; the setting at a parent counts", () => {
    const a = [{ id: "a", email: "a@x", signingKey: "k" }];
    const rosters: Record<string, typeof a> = { p: [], c: a, q: a, d: [] };
    expect(vouchingRoster({ sha: "c", parents: ["p"] }, (s) => rosters[s])).toBe(a);
    expect(vouchingRoster({ sha: "d", parents: ["q"] }, (s) => rosters[s])).toBe(a);
    expect(mustBeSigned({ sha: "x", parents: ["y"] }, (s) => s === "y")).toBe(true);
    expect(mustBeSigned({ sha: "x", parents: ["y"] }, () => false)).toBe(false);
    expect(judgeSignature(undefined, { status: "N", key: "", signer: "" }, [])).toEqual({});
    expect(judgeSignature(undefined, { status: "N", key: "", signer: "" }, a).problem).toBe("unsigned");
    const broken = {
      id: "b",
      email: "b@x",
      signingKey: `${K.eng.pub.split(" ").slice(0, 2).join(" ").slice(0, -8)}`,
    };
    expect(judgeSignature(broken, { status: "U", key: "SHA256:x", signer: "" }, [broken]).problem).toBe(
      "roster-key",
    );
  });
});

describe("item 7: svc sync and a force push elsewhere (issue 12)", () => {
  it("svc sync tells which commits it pushes back that the remote's history dropped", async () => {
    const { runSync } = await import("../src/store/sync.ts");
    const top = tempDir();
    made.push(top);
    const remote = join(top, "remote.git");
    run(top, ["clone", "-q", "--bare", base, remote], env());
    const clone = (name: string, who: Identity) => {
      const d = join(top, name);
      run(top, ["clone", "-q", remote, d], env());
      run(d, ["config", "user.name", who.name], env());
      run(d, ["config", "user.email", who.email], env());
      return d;
    };
    const a = clone("a", SUP);
    const b = clone("b", GM);
    const opts = { retries: 2, env: process.env };
    // b pushes X; a syncs and so knows X
    commit(b, GM, touch(b, "lisi", "13900000020"), { msg: "X: lisi phone" });
    run(b, ["push", "-q", "origin", "HEAD"], env());
    const first = await runSync(a, opts);
    expect(first.incoming.map((c) => c.subject)).toEqual(["X: lisi phone"]);
    // someone drops X from the remote with a force push, and adds Y
    run(b, ["reset", "-q", "--hard", "HEAD~1"], env());
    commit(b, GM, touch(b, "zhaoxs", "13900000021"), { msg: "Y: zhaoxs phone" });
    run(b, ["push", "-q", "-f", "origin", "HEAD"], env());
    // a's next sync rebases X (and its own L) onto Y and pushes X back: told
    commit(a, SUP, touch(a, "zhangsan", "13900000022"), { msg: "L: zhangsan phone" });
    const r = await runSync(a, opts);
    expect(r.outgoing.map((c) => c.subject)).toEqual(["X: lisi phone", "L: zhangsan phone"]);
    expect(r.pushedBack.map((c) => c.subject)).toEqual(["X: lisi phone"]);
    // an ordinary sync after it warns of nothing
    commit(a, SUP, touch(a, "zhangsan", "13900000023"), { msg: "M" });
    expect((await runSync(a, opts)).pushedBack).toEqual([]);
  });
});

describe("item 7: svc init --require-signed (issue 12)", () => {
  it("sets up a repository whose every commit — git's and svc's — is signed and verifies", async () => {
    const dir = tempDir();
    made.push(dir);
    const init = await svcIn(
      dir,
      ["init", ".", "--daily-rate", "100", "--require-signed", "--signing-key", K.sup.priv],
      SUP,
    );
    expect(init.stderr).toBe("");
    expect(init.stdout).toContain(`--signing-key ${K.sup.priv}.pub`);
    expect(parse(readFileSync(join(dir, "svc.yaml"), "utf8")).integrity).toEqual({
      requireSignedCommits: true,
    });
    expect(run(dir, ["config", "gpg.format"], env())).toBe("ssh");
    expect(run(dir, ["config", "commit.gpgSign"], env())).toBe("true");
    const add = (id: string, role: string, who: Identity, pub: string) =>
      svcIn(
        dir,
        ["people", "add", id, "--name", who.name, "--role", role, "--email", who.email, "--signing-key", pub],
        SUP,
      );
    expect((await add("wangzhu", "supervisor", SUP, `${K.sup.priv}.pub`)).code).toBe(0); // bootstrap: his own key vouches
    expect((await add("lizong", "gm", GM, K.gm.pub)).code).toBe(0); // the key text
    for (const sha of run(dir, ["rev-list", "HEAD"], env()).split("\n"))
      expect(run(dir, ["cat-file", "commit", sha], env())).toContain("BEGIN SSH SIGNATURE");
    const r = await svcIn(dir, ["check", "--history"], SUP);
    expect(r.stdout).not.toContain("history-signature");
    expect(r.code).toBe(0);
    // and an unsigned commit by plain git is then caught
    run(dir, ["config", "commit.gpgSign", "false"], env());
    const bad = commit(dir, SUP, touch(dir, "lizong", "13900000030"), { msg: "unsigned" });
    const r2 = await svcIn(dir, ["check", "--history"], SUP);
    expect(r2.code).toBe(1);
    expect(r2.stdout).toContain(bad.slice(0, 10));
  });

  it("--signing-key without --require-signed, or a file that is no key, is a usage error", async () => {
    const dir = tempDir();
    made.push(dir);
    expect((await svcIn(dir, ["init", ".", "--signing-key", K.sup.priv], SUP)).code).toBe(2);
    writeFileSync(join(dir, "note.txt"), "hello");
    const r = await svcIn(dir, ["init", ".", "--require-signed", "--signing-key", "note.txt"], SUP);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("不是 SSH 密钥文件");
  });
});
