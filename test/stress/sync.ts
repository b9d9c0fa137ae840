// The sync stress (issue 5, test 1): `clones` clones of one bare remote each run `cycles` open / sign /
// assign / site / approve / close cycles concurrently, syncing every `every` cycles, then a last
// round. Afterwards the remote holds every notice once, every letter closed whole, and `svc check
// --history` is clean. `npm test` runs a small size (test/integrity.sync.test.ts), `npm run stress`
// the 10 × 20 (test/stress/sync.stress.ts).
//
// Each clone is one Node process running the built CLI's `main()` in-process, command after command
// (no start-up per command); the clones still race each other through git exactly as that many
// people's svc processes would.
import { spawn, spawnSync } from "node:child_process";
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { env, freshRepo, type Identity, ROOT, SUP, svcIn, tempDir } from "../helpers.ts";

export interface SyncStress {
  clones: number;
  cycles: number;
  /** Every clone syncs after every `every` cycles. */
  every: number;
}

/** One clone's worker: the built CLI's main() in-process, as the people of the roster in turn. */
const DRIVER = `
const [cli, dir, k, cycles, every] = process.argv.slice(2);
process.chdir(dir);
process.setMaxListeners(0);
const write = process.stdout.write.bind(process.stdout);
let captured = "";
process.stdout.write = (s) => { captured += s; return true; };
process.argv = [process.argv[0], "svc", "--version"]; // what the module runs on import
const { main, ran } = await import(cli);
await ran;
const who = {
  SALES: ["赵销售", "sales@example.com"], GM: ["李总", "gm@example.com"], SUP: ["王主管", "sup@example.com"],
  ENG: ["张三", "zs@example.com"], ENG2: ["李四", "ls@example.com"],
};
async function svc(as, ...args) {
  const [n, e] = who[as];
  Object.assign(process.env, { GIT_AUTHOR_NAME: n, GIT_AUTHOR_EMAIL: e, GIT_COMMITTER_NAME: n, GIT_COMMITTER_EMAIL: e });
  captured = "";
  process.exitCode = undefined;
  const code = (await main(["node", "svc", ...args, "--json"])) || process.exitCode || 0;
  process.exitCode = undefined;
  if (code !== 0) throw new Error("svc " + args.join(" ") + " → " + code + ": " + captured);
  return JSON.parse(captured);
}
const K = Number(k);
const opened = [];
const letters = [];
let attempts = 0;
let syncs = 0;
try {
  for (let i = 0; i < Number(cycles); i++) {
    const n = await svc("SALES", "open", "--customer", "客户" + K, "--contact", "刘工", "--phone", "13800000000",
      "--type", "维修", "--priority", "一般", "--content", "第 " + K + "-" + i + " 单");
    opened.push(n.id);
    await svc("GM", "sign", n.id);
    const eng = K % 2 ? ["lisi", "ENG2"] : ["zhangsan", "ENG"];
    const a = await svc("SUP", "assign", n.id, "--to", eng[0], "--solution", "更换模块", "--estimate", "2030-01-01 18:00");
    letters.push(a.id);
    await svc(eng[1], "site", a.id, "--matches");
    await svc("SUP", "approve", a.id);
    await svc(eng[1], "close", a.id, "--rating", "态度=优,水平=良,结果=良", "--signed-by", "刘工");
    if ((i + 1) % Number(every) === 0) {
      const s = await svc("SUP", "sync", "--retries", "100");
      syncs++;
      attempts += s.attempts;
    }
  }
  write(JSON.stringify({ opened, letters, syncs, attempts }) + "\\n");
} catch (e) {
  write(JSON.stringify({ error: String(e && e.message || e) }) + "\\n");
  process.exitCode = 1;
}
`;

function worker(
  driver: string,
  dir: string,
  k: number,
  { cycles, every }: SyncStress,
): Promise<{ opened: string[]; letters: string[]; syncs: number; attempts: number; error?: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [driver, join(ROOT, "dist", "cli.js"), dir, String(k), String(cycles), String(every)],
      { cwd: dir, env: env(SUP) },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.stderr.on("data", (d) => {
      err += d;
    });
    child.on("close", () => {
      try {
        resolve(JSON.parse(out.trim().split("\n").pop() ?? ""));
      } catch {
        reject(new Error(`clone ${k}: ${out}${err}`));
      }
    });
  });
}

export const gitIn = (cwd: string, args: string[], who: Identity = SUP) => {
  const r = spawnSync("git", args, { cwd, env: env(who), encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
};

function listIds(dir: string, folder: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name.endsWith(".yaml")) out.push(e.name.slice(0, -5));
    }
  };
  walk(join(dir, folder));
  return out;
}

/** A bare remote seeded with a fresh records repository (roster included), and `n` clones of it. */
export function setup(n: number): { base: string; remote: string; clones: string[]; seed: string } {
  const base = tempDir("svc-sync-");
  const remote = join(base, "remote.git");
  gitIn(base, ["init", "-q", "--bare", "-b", "main", remote]);
  const seed = freshRepo();
  gitIn(seed, ["branch", "-M", "main"]);
  gitIn(seed, ["remote", "add", "origin", remote]);
  gitIn(seed, ["push", "-q", "-u", "origin", "main"]);
  const clones = Array.from({ length: n }, (_, i) => {
    const dir = join(base, `clone${i}`);
    gitIn(base, ["clone", "-q", remote, dir]);
    return dir;
  });
  return { base, remote, clones, seed };
}

/** Runs the stress; the temporary folders it made are pushed onto `dirs` (the caller removes them). */
export async function syncStress(size: SyncStress, dirs: string[]): Promise<void> {
  const { base, clones, seed } = setup(size.clones);
  dirs.push(base, seed);
  const driver = join(base, "driver.mjs");
  writeFileSync(driver, DRIVER);
  const results = await Promise.all(clones.map((dir, k) => worker(driver, dir, k, size)));
  for (const r of results) expect(r.error).toBeUndefined();
  const opened = results.flatMap((r) => r.opened);
  expect(opened).toHaveLength(size.clones * size.cycles);
  // Syncing as they went: every clone synced after every `every` cycles.
  for (const r of results) expect(r.syncs).toBe(Math.floor(size.cycles / size.every));
  console.log(
    `sync stress: ${results.reduce((n, r) => n + r.attempts, 0)} sync attempts for ${results.reduce((n, r) => n + r.syncs, 0)} syncs`,
  );
  // A last round so every clone has everything, then look at the remote through a fresh clone.
  for (const dir of clones) {
    const r = await svcIn(dir, ["sync", "--retries", "60", "--json"], SUP);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).outgoing).toEqual([]); // each clone's own last sync pushed its work
  }
  const check = join(base, "final");
  gitIn(base, ["clone", "-q", join(base, "remote.git"), check]);
  const notices = listIds(check, "notices");
  expect(notices.length).toBe(size.clones * size.cycles);
  expect(new Set(notices).size).toBe(notices.length);
  expect(new Set(notices)).toEqual(new Set(opened));
  const letters = listIds(check, "letters");
  expect(letters).toHaveLength(size.clones * size.cycles);
  expect(new Set(letters)).toEqual(new Set(results.flatMap((r) => r.letters)));
  // Every cycle's work arrived whole: each letter closed with its rating, by its engineer.
  for (const id of letters.slice(0, 20)) {
    const text = gitIn(check, ["show", `HEAD:letters/${id.slice(2, 6)}/${id}.yaml`]);
    expect(text).toMatch(/status: 完工/);
    expect(text).toMatch(/signedBy: 刘工/);
  }
  // Each notice was opened by the requester and signed by the GM, in commits by those people.
  const authors = gitIn(check, ["log", "--format=%ae %s"]).split("\n");
  expect(authors.filter((l) => l.startsWith("sales@example.com open "))).toHaveLength(
    size.clones * size.cycles,
  );
  expect(authors.filter((l) => l.startsWith("gm@example.com sign "))).toHaveLength(size.clones * size.cycles);
  const r = await svcIn(check, ["check", "--history", "--json"], SUP);
  const report = JSON.parse(r.stdout);
  expect(report.errors, JSON.stringify(report.findings, null, 1)).toBe(0);
  expect(r.code).toBe(0);
  // Linear history: rebased, never merged.
  expect(gitIn(check, ["rev-list", "--merges", "--count", "HEAD"]).trim()).toBe("0");
  // Every clone ends up identical to the remote.
  const head = gitIn(check, ["rev-parse", "HEAD"]).trim();
  for (const dir of clones) expect(gitIn(dir, ["rev-parse", "HEAD"]).trim()).toBe(head);
}
