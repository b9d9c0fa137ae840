// Issue 11, "what the store and svc check READ": ids that would name a path outside the repository,
// symlinks and files that are not regular, records not in UTF-8, YAML anchors and aliases, and
// schema-invalid records reaching commands. In-process against a copy of the sample (the store, the
// snapshot of `svc check`); the CLI only where the exit code and the message are the point — all of
// those through one Node process (test/fixtures/many.mjs). Fixtures: test/fixtures/hostile/.
import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSnapshot } from "../src/check/snapshot.ts";
import { Refused, type SvcError, UsageError } from "../src/core/errors.ts";
import { isIdOf, KIND_NAMES, pathOf } from "../src/schemas/kinds.ts";
import { decodeUtf8, firstInvalidUtf8 } from "../src/store/read.ts";
import { Store } from "../src/store/store.ts";
import { parseRecordText } from "../src/store/yaml.ts";
import { aliasLetter } from "./fixtures/hostile/alias-letter.ts";
import { ageFiles, cleanup, env, ROOT, sampleRepo, tempDir } from "./helpers.ts";

const HOSTILE = join(ROOT, "test/fixtures/hostile");
const fixture = (name: string) => readFileSync(join(HOSTILE, name));
const LETTER = "L-20261116-0xsgp"; // in the sample: 在建, engineer huangyong
const LETTER_FILE = `letters/2026/${LETTER}.yaml`;
const ENGINEER = { name: "黄勇", email: "huangyong@dfzk.example.com" };
const ALL_IDS = readFileSync(join(HOSTILE, "ids.txt"), "utf8").split("\n").filter(Boolean);
/** Issue 14: a dated id in another case names the record (resolved to its own id before any path is built). */
const CASED = "L-20261116-0XSGP";
const IDS = ALL_IDS.filter((id) => id !== CASED);

let repo: string;
let original: Buffer;
const open = () => Store.open({ cwd: repo, env: { ...process.env, SVC_CACHE: "1" } });
const abs = (rel: string) => join(repo, rel);

/** Plant `content` at `rel` for the duration of `fn`, then put the sample back. */
async function planted<T>(rel: string, content: Buffer | string, fn: () => Promise<T> | T): Promise<T> {
  const file = abs(rel);
  const before = existsSync(file) ? readFileSync(file) : undefined;
  mkdirSync(join(file, ".."), { recursive: true });
  writeFileSync(file, content);
  try {
    return await fn();
  } finally {
    if (before) writeFileSync(file, before);
    else rmSync(file, { force: true });
  }
}

/** What `fn` threw (it must throw). */
async function thrown(fn: () => unknown): Promise<SvcError> {
  try {
    await fn();
  } catch (e) {
    return e as SvcError;
  }
  throw new Error("did not throw");
}

beforeAll(() => {
  repo = sampleRepo();
  original = readFileSync(abs(LETTER_FILE));
});
afterAll(() => cleanup(repo));

describe("issue 11: path traversal in ids", () => {
  it("every kind's sample ids pass its form, and pathOf refuses one with ../ before building a path", () => {
    expect(isIdOf("letter", LETTER)).toBe(true);
    expect(isIdOf("weekly", "W-20261121-huangyong")).toBe(true);
    expect(isIdOf("assessment", "A-202611")).toBe(true);
    expect(isIdOf("person", "huangyong")).toBe(true);
    for (const id of IDS) {
      expect(isIdOf("letter", id), id).toBe(false);
      // Slugs may hold dots ("plc-2.0"), never a separator, a NUL or a leading dot.
      if (/[/\\\0]|^\./.test(id))
        for (const kind of KIND_NAMES) expect(isIdOf(kind, id), `${kind} ${id}`).toBe(false);
    }
    expect(() => pathOf("letter", "L-2026/../../../../../x/letter")).toThrow(UsageError);
    expect(() => pathOf("person", "../people/huangyong")).toThrow(/不是有效的人员编号/);
  });

  it("require/find refuse every hostile id naming it (exit 2); get answers none, so a name still finds a person", async () => {
    // An outside "letter" the traversal id would reach: it must never be read.
    const outside = tempDir("svc-outside-");
    mkdirSync(join(outside, "x"));
    writeFileSync(join(outside, "x", "letter.yaml"), original);
    const up = "../".repeat(repo.split("/").length + 2);
    const store = await open();
    expect(store.require("letter", CASED).id).toBe("L-20261116-0xsgp");
    expect(isIdOf("letter", CASED)).toBe(false);
    for (const id of [...IDS, `L-2026/${up}${outside.slice(1)}/x/letter`]) {
      const e = await thrown(() => store.require("letter", id));
      expect(e, id).toBeInstanceOf(UsageError);
      expect(e.message).toContain(JSON.stringify(id));
      expect(await thrown(() => store.find(id)), id).toBeInstanceOf(UsageError);
      expect(store.get("letter", id)).toBeUndefined();
    }
    expect(store.person("黄勇")).toBeUndefined(); // a name, not an id: the caller then looks by name
    expect(store.person("huangyong")?.name).toBe("黄勇");
    cleanup(outside);
  });
});

describe("issue 11: path traversal in ids — what check reads", () => {
  it("a record whose id is not of its kind's form is an id-format error, where a command refuses it", async () => {
    const rel = "letters/2026/L-20261201.yaml"; // where its path would follow from the id: check passed it
    await planted(rel, original.toString("utf8").replace(`id: ${LETTER}`, "id: L-20261201"), async () => {
      const snap = await loadSnapshot(repo);
      expect(snap.findings.find((f) => f.file === rel)).toMatchObject({ rule: "id-format", line: 2 });
      const store = await open();
      expect((await thrown(() => store.list("letter"))).message).toContain(`${rel}:2:1:`);
    });
  });
});

describe("issue 11: symlinks and non-regular files on the read side", () => {
  const LINK = "letters/2026/L-20261201-aaaaa.yaml";
  const FIFO = "letters/2026/L-20261201-bbbbb.yaml";

  it("a record that is a symlink (to /dev/zero, to a letter outside) is refused, never followed", async () => {
    const outside = tempDir("svc-outside-");
    writeFileSync(join(outside, "letter.yaml"), original.toString().replace(LETTER, "L-20261201-aaaaa"));
    for (const target of ["/dev/zero", join(outside, "letter.yaml")]) {
      symlinkSync(target, abs(LINK));
      try {
        const store = await open();
        const e = await thrown(() => store.get("letter", "L-20261201-aaaaa"));
        expect(e).toBeInstanceOf(Refused);
        expect(e.message).toContain(`${LINK}:1:1:`);
        expect(e.message).toMatch(/符号链接/);
        expect((await thrown(() => store.list("letter"))).message).toContain(LINK);
      } finally {
        unlinkSync(abs(LINK));
      }
    }
    cleanup(outside);
  });

  it("a FIFO named like a record is refused at once (no hang)", async () => {
    spawnSync("mkfifo", [abs(FIFO)]);
    try {
      const store = await open();
      const e = await thrown(() => store.get("letter", "L-20261201-bbbbb"));
      expect(e.message).toContain(`${FIFO}:1:1:`);
      expect(e.message).toMatch(/不是普通文件/);
      expect((await thrown(() => store.list("letter"))).message).toContain(FIFO);
    } finally {
      unlinkSync(abs(FIFO));
    }
  });

  it("a record file beyond 16 MB is refused without being read into memory", async () => {
    const { truncateSync } = await import("node:fs");
    const big = "letters/2026/L-20261201-ccccc.yaml";
    writeFileSync(abs(big), "kind: letter\n");
    truncateSync(abs(big), 17 * 1024 * 1024); // sparse: nothing written
    try {
      const store = await open();
      expect((await thrown(() => store.get("letter", "L-20261201-ccccc"))).message).toMatch(/过大/);
      const snap = await loadSnapshot(repo);
      expect(snap.findings.find((f) => f.file === big)).toMatchObject({
        rule: "file-size",
        severity: "error",
      });
    } finally {
      rmSync(abs(big));
    }
  });

  it("svc check --changed reports a changed record that is a link (dangling too) or a FIFO", async () => {
    symlinkSync("/nonexistent/letter.yaml", abs(LINK));
    spawnSync("mkfifo", [abs(FIFO)]);
    try {
      const snap = await loadSnapshot(repo, { kinds: new Set(["letter"]), files: new Set([LINK, FIFO]) });
      expect(snap.findings.filter((f) => f.rule === "file-type").map((f) => f.file)).toEqual([LINK, FIFO]);
    } finally {
      unlinkSync(abs(LINK));
      unlinkSync(abs(FIFO));
    }
  });

  it("a symlinked folder inside a kind's folder: listing and reading through it are refused", async () => {
    const elsewhere = tempDir("svc-elsewhere-");
    writeFileSync(join(elsewhere, "L-20250101-aaaaa.yaml"), original);
    symlinkSync(elsewhere, abs("letters/2025"));
    try {
      const store = await open();
      expect((await thrown(() => store.list("letter"))).message).toContain("letters/2025:1:1:");
      const e = await thrown(() => store.get("letter", "L-20250101-aaaaa"));
      expect(e.message).toMatch(/letters\/2025 是符号链接的文件夹/);
    } finally {
      unlinkSync(abs("letters/2025"));
      cleanup(elsewhere);
    }
  });

  it("svc check reports every symlink, FIFO and symlinked folder among the records and attachments", async () => {
    const made = [LINK, FIFO, "letters/2025", "attachments/ab/link.png", "attachments/ab/fifo.png"];
    mkdirSync(abs("attachments/ab"), { recursive: true });
    symlinkSync("/dev/zero", abs(LINK));
    spawnSync("mkfifo", [abs(FIFO)]);
    symlinkSync(tempDir("svc-elsewhere-"), abs("letters/2025"));
    symlinkSync("/etc/passwd", abs("attachments/ab/link.png"));
    spawnSync("mkfifo", [abs("attachments/ab/fifo.png")]);
    try {
      const snap = await loadSnapshot(repo);
      const named = snap.findings.filter((f) => f.rule === "file-type").map((f) => f.file);
      expect(named.sort()).toEqual([...made].sort());
      for (const f of snap.findings.filter((f) => f.rule === "file-type")) expect(f.severity).toBe("error");
    } finally {
      for (const f of made) rmSync(abs(f), { force: true });
      rmSync(abs("attachments/ab"), { recursive: true, force: true });
    }
  });
});

/** Line and column of the first non-ASCII character of a UTF-8 text (where its GBK copy goes wrong). */
function firstNonAscii(text: string): { line: number; col: number } {
  const i = [...text].findIndex((c) => c.charCodeAt(0) > 0x7f);
  const before = [...text].slice(0, i).join("");
  const lines = before.split("\n");
  return { line: lines.length, col: [...lines[lines.length - 1]].length + 1 };
}

describe("issue 11: records not in UTF-8", () => {
  it("a GBK-saved letter is a located error in check and a refusal in the store", async () => {
    const gbk = fixture("letter-gbk.yaml");
    const { line, col } = firstNonAscii(original.toString("utf8"));
    await planted(LETTER_FILE, gbk, async () => {
      const snap = await loadSnapshot(repo);
      const f = snap.findings.find((f) => f.file === LETTER_FILE);
      expect(f).toMatchObject({ rule: "encoding", severity: "error", line, col });
      const store = await open();
      const e = await thrown(() => store.require("letter", LETTER));
      expect(e).toBeInstanceOf(Refused);
      expect(e.message).toContain(`${LETTER_FILE}:${line}:${col}:`);
      expect(e.message).toMatch(/UTF-8/);
      expect(readFileSync(abs(LETTER_FILE)).equals(gbk)).toBe(true);
    });
  });

  it("the first bad byte is found exactly; a byte order mark is accepted and dropped (decision)", () => {
    const bytes = (...b: number[]) => Uint8Array.from(b);
    expect(firstInvalidUtf8(Buffer.from("a: 更换模块\n"))).toBe(Buffer.byteLength("a: 更换模块\n"));
    expect(firstInvalidUtf8(bytes(0x61, 0xc0, 0x80))).toBe(1); // overlong
    expect(firstInvalidUtf8(bytes(0x61, 0x62, 0xed, 0xa0, 0x80))).toBe(2); // a surrogate
    expect(firstInvalidUtf8(bytes(0xe6, 0x9b))).toBe(0); // cut short
    expect(firstInvalidUtf8(bytes(0xf4, 0x90, 0x80, 0x80))).toBe(0); // beyond U+10FFFF
    const d = decodeUtf8(
      Buffer.concat([Buffer.from("a: 1\nb: "), Buffer.from([0xb8, 0xfc]), Buffer.from("\n")]),
    );
    expect(d).toMatchObject({ ok: false, finding: { line: 2, col: 4, rule: "encoding" } });
    expect(decodeUtf8(Buffer.from("\ufeffkind: letter\n"))).toEqual({ ok: true, text: "kind: letter\n" });
  });

  it("a letter with a byte order mark reads as the same record", async () => {
    await planted(LETTER_FILE, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), original]), async () => {
      const store = await open();
      expect(store.require("letter", LETTER).id).toBe(LETTER);
    });
  });
});

describe("issue 11: YAML anchors and aliases", () => {
  it("the billion laughs is a located error, refused at once with a short message", async () => {
    const text = fixture("letter-billion-laughs.yaml");
    const lines = text.toString("utf8").split("\n");
    const line = lines.findIndex((l) => l.includes("&a ")) + 1;
    const col = lines[line - 1].indexOf("&a") + 1;
    const parsed = parseRecordText(text.toString("utf8"));
    expect(parsed).toMatchObject({ ok: false, finding: { rule: "yaml-alias", line, col, value: "&a" } });
    await planted(LETTER_FILE, text, async () => {
      const store = await open();
      const e = await thrown(() => store.require("letter", LETTER));
      expect(e.message).toContain(`${LETTER_FILE}:${line}:${col}:`);
      expect(e.message.length).toBeLessThan(1000);
      const snap = await loadSnapshot(repo);
      expect(snap.findings.find((f) => f.file === LETTER_FILE)).toMatchObject({ rule: "yaml-alias", line });
    });
  });

  it("a 440 KB schema-valid letter with 60,000 aliases is refused at once", async () => {
    const text = aliasLetter(original.toString("utf8"));
    expect(text.length).toBeGreaterThan(400_000);
    await planted(LETTER_FILE, text, async () => {
      const store = await open();
      expect((await thrown(() => store.require("letter", LETTER))).message).toMatch(/锚点与别名/);
      expect((await thrown(() => store.list("letter"))).message).toContain(LETTER_FILE);
    });
  });

  it("the parse cache never holds such a record, nor serves one an earlier svc cached", async () => {
    ageFiles(repo, "letters"); // the valid letters are old enough to be cached, however fast the tests before ran
    const text = aliasLetter(original.toString("utf8"), 10);
    await planted(LETTER_FILE, text, async () => {
      // Files written just now are never cached (racy stat): the letters are dated back first.
      ageFiles(repo, "letters");
      // An entry as an earlier svc (cache format 2, no judgement of aliases or schema) wrote it.
      const { lstatSync } = await import("node:fs");
      const s = lstatSync(abs(LETTER_FILE));
      const jsyaml = (await import("js-yaml")).default;
      const data = jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA });
      const cacheFile = join(repo, ".git/svc/cache/letter.json");
      mkdirSync(join(cacheFile, ".."), { recursive: true });
      const key = `${s.size}:${s.mtimeMs}:${s.ctimeMs}:${s.ino}`;
      writeFileSync(cacheFile, JSON.stringify({ v: 2, salt: "", entries: { [LETTER_FILE]: { key, data } } }));
      const store = await open();
      expect((await thrown(() => store.list("letter"))).message).toContain(LETTER_FILE);
      const saved = JSON.parse(readFileSync(cacheFile, "utf8"));
      expect(saved.entries[LETTER_FILE]).toBeUndefined();
      expect(Object.keys(saved.entries).length).toBeGreaterThan(10); // the valid letters are cached
    });
  });

  it("& and * inside text are not anchors", () => {
    const r = parseRecordText("title: R&D 维修 a & b\nnote: '5 *3 &x'\nbody: |\n  &notanchor\n");
    expect(r).toEqual({
      ok: true,
      data: { title: "R&D 维修 a & b", note: "5 *3 &x", body: "&notanchor\n" },
    });
  });
});

describe("issue 11: schema-invalid records reaching commands", () => {
  it("a letter without log, or with a log that is not a list, is refused with its located findings", async () => {
    await planted(LETTER_FILE, fixture("letter-no-log.yaml"), async () => {
      const store = await open();
      const e = await thrown(() => store.require("letter", LETTER));
      expect(e).toBeInstanceOf(Refused);
      expect(e.message).toContain(`${LETTER_FILE}:1:1: 缺少必填字段 log`);
      expect(e.hint).toMatch(/svc check/);
    });
    const text = fixture("letter-log-not-list.yaml");
    const line = text.toString("utf8").split("\n").indexOf("log: 无") + 1;
    await planted(LETTER_FILE, text, async () => {
      const store = await open();
      expect((await thrown(() => store.list("letter"))).message).toContain(`${LETTER_FILE}:${line}:6:`);
    });
  });

  it("a person without email: the roster is refused naming the file, check still reports", async () => {
    await planted("people/huangyong.yaml", fixture("person-no-email.yaml"), async () => {
      const store = await open();
      const e = await thrown(() => store.people());
      expect(e.message).toContain("people/huangyong.yaml:1:1: 缺少必填字段 email");
      const snap = await loadSnapshot(repo);
      expect(snap.findings.some((f) => f.file === "people/huangyong.yaml" && f.rule === "schema")).toBe(true);
    });
  });

  it("a listing refuses when any record of the kind is invalid: the first few findings, then how many more", async () => {
    const broken = ["aaaaa", "bbbbb", "ccccc", "ddddd", "eeeee"].map(
      (s) => `letters/2026/L-20261201-${s}.yaml`,
    );
    for (const f of broken) writeFileSync(abs(f), "kind: letter\nid: x\n");
    try {
      const store = await open();
      const e = await thrown(() => store.list("letter"));
      for (const f of broken.slice(0, 3)) expect(e.message).toContain(`${f}:1:1:`); // one line per file
      expect(e.message).not.toContain(broken[3]);
      expect(e.message).toMatch(/另有 \d+ 处（共 5 个文件）/);
      expect(e.hint).toMatch(/svc check/);
      // …and so is a listing that reads only the files whose ids it wants (listWhere)
      expect(
        (await thrown(() => store.listWhere("letter", (id) => id.startsWith("L-202612")))).message,
      ).toContain(broken[0]);
    } finally {
      for (const f of broken) rmSync(abs(f));
    }
  });
});

describe("issue 11: what the CLI answers (exit codes, messages, nothing written)", () => {
  it("hostile ids, a GBK letter, aliases, a letter without log, a person without email, a FIFO", () => {
    const base = repo;
    const copies: string[] = [];
    const copy = (setup: (dir: string) => void): string => {
      const dir = tempDir("svc-hostile-");
      cpSync(base, dir, { recursive: true });
      setup(dir);
      copies.push(dir);
      return dir;
    };
    const put = (rel: string, content: Buffer | string) => (dir: string) =>
      writeFileSync(join(dir, rel), content);
    const cases: { cwd: string; args: string[]; expect: number; says: RegExp; file?: string }[] = [];
    const clean = copy(() => {});
    for (const id of IDS) {
      cases.push({ cwd: clean, args: ["show", id], expect: 2, says: /不是有效的|不是记录编号/ });
      if (!id.includes("/")) continue; // the traversals also through a mutation (log, close)
      cases.push({ cwd: clean, args: ["log", id, "测试"], expect: 2, says: /不是有效的项目责任书编号/ });
      cases.push({
        cwd: clean,
        args: ["close", id, "--rating", "态度=优,水平=优,结果=优", "--unsigned"],
        expect: 2,
        says: /不是有效的项目责任书编号/,
      });
    }
    const states: [string, (dir: string) => void, string, RegExp][] = [
      ["gbk", put(LETTER_FILE, fixture("letter-gbk.yaml")), LETTER_FILE, /不是 UTF-8/],
      ["laughs", put(LETTER_FILE, fixture("letter-billion-laughs.yaml")), LETTER_FILE, /锚点与别名/],
      ["aliases", put(LETTER_FILE, aliasLetter(original.toString("utf8"))), LETTER_FILE, /锚点与别名/],
      ["no-log", put(LETTER_FILE, fixture("letter-no-log.yaml")), LETTER_FILE, /缺少必填字段 log/],
      [
        "no-email",
        put("people/huangyong.yaml", fixture("person-no-email.yaml")),
        "people/huangyong.yaml",
        /缺少必填字段 email/,
      ],
      [
        "fifo",
        (dir) => {
          renameSync(join(dir, LETTER_FILE), join(dir, `${LETTER_FILE}.orig`));
          spawnSync("mkfifo", [join(dir, LETTER_FILE)]);
        },
        LETTER_FILE,
        /不是普通文件/,
      ],
    ];
    const plantedBytes: Buffer[] = [];
    for (const [name, setup, file, says] of states) {
      const dir = copy(setup);
      if (existsSync(join(dir, `${file}.orig`)) === false) plantedBytes.push(readFileSync(join(dir, file)));
      cases.push({ cwd: dir, args: ["log", LETTER, "测试"], expect: 1, says, file });
      if (!/laughs|aliases|no-log/.test(name))
        cases.push({ cwd: dir, args: ["check"], expect: 1, says, file });
    }
    const results = runMany(cases.map((c) => ({ cwd: c.cwd, args: c.args })));
    results.forEach((r, i) => {
      const c = cases[i];
      const what = `${c.args.join(" ")} in ${c.cwd}`;
      expect(r.code, `${what}: ${r.stderr}${r.stdout}`).toBe(c.expect);
      expect(`${r.stderr}${r.stdout}`, what).toMatch(c.says);
      if (c.file) expect(`${r.stderr}${r.stdout}`, what).toContain(c.file);
      expect(r.stderr, what).not.toMatch(/\n\s+at .+[:(]\d+:\d+|THREW/);
      expect(r.head, what).toBe(r.headBefore);
    });
    // Nothing rewritten: every planted file still has its bytes.
    states.slice(0, 5).forEach(([name, , file], k) => {
      const dir = copies[1 + k];
      expect(readFileSync(join(dir, file)).equals(plantedBytes[k]), name).toBe(true);
    });
    for (const d of copies) cleanup(d);
  });
});

/** Cases through one Node process running the CLI's main() (fixtures/many.mjs), as `who` huangyong. */
function runMany(cases: { cwd: string; args: string[] }[]) {
  const dir = tempDir("svc-many-");
  const input = join(dir, "cases.json");
  const output = join(dir, "results.json");
  writeFileSync(input, JSON.stringify(cases.map((c) => ({ ...c, env: env(ENGINEER) }))));
  const r = spawnSync(process.execPath, [join(ROOT, "test/fixtures/many.mjs"), input, output], {
    env: env(ENGINEER),
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  if (r.status !== 0) throw new Error(`runner failed (${r.status}): ${r.stderr}`);
  const results = JSON.parse(readFileSync(output, "utf8")) as {
    code: number;
    stdout: string;
    stderr: string;
    head: string;
    headBefore: string;
  }[];
  cleanup(dir);
  return results;
}
