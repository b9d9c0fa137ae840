// Issue 11 "Sane values": every number and date a flag takes has a range (src/schemas/limits.ts) and
// a value outside it is a usage error (exit 2) naming the flag, the value and the range, with nothing
// committed; the record schemas carry the same ranges, so `svc check` rejects a hand-edited record
// holding such a value. Flag cases run in one Node process (test/fixtures/many.mjs), the parsers and
// schemas in-process.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { amountIn, intIn } from "../src/commands/workflow-kit.ts";
import { parseDate, parseMonth, parseTime } from "../src/core/time.ts";
import { parseExamResult } from "../src/domain/incidents.ts";
import { parseRatings } from "../src/domain/letters.ts";
import { type Kind, pathOf } from "../src/schemas/kinds.ts";
import { ADVANCE, TRAVEL_DAYS, YEARS, yearPattern } from "../src/schemas/limits.ts";
import { validateData } from "../src/store/validate.ts";
import { cleanup, env, type Identity, ROOT, sampleRepo, tempDir } from "./helpers.ts";

const HOSTILE = join(ROOT, "test/fixtures/hostile");
/** The git identity of a sample roster entry. */
function identity(id: string): Identity {
  const p = parse(readFileSync(join(ROOT, "records/people", `${id}.yaml`), "utf8"));
  return { name: p.name, email: p.email };
}
const SUP = identity("wangzhu");
const NOW = { SVC_NOW: "2026-11-25T10:00:00+08:00" };
const STACK = /\n\s+at .+[:(]\d+:\d+|THREW|内部错误|internal error/;

interface Result {
  args: string[];
  code: number;
  stdout: string;
  stderr: string;
  headBefore: string;
  head: string;
  status: string;
}

/** Cases through one Node process running the built CLI's main() (see fixtures/many.mjs). */
function runMany(cases: { cwd: string; args: string[]; who: Identity }[]): Result[] {
  const dir = tempDir("svc-many-");
  const input = join(dir, "cases.json");
  const output = join(dir, "results.json");
  writeFileSync(
    input,
    JSON.stringify(cases.map((c) => ({ cwd: c.cwd, args: c.args, env: env(c.who, NOW) }))),
  );
  const r = spawnSync(process.execPath, [join(ROOT, "test/fixtures/many.mjs"), input, output], {
    env: env(SUP),
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  if (r.status !== 0) throw new Error(`runner failed (${r.status}): ${r.stderr}`);
  const results = JSON.parse(readFileSync(output, "utf8")) as Result[];
  cleanup(dir);
  return results;
}

describe("issue 11 sane values: the flag parsers", () => {
  it("dates and times outside 2000–2099 are usage errors naming the flag, the value and the range", () => {
    for (const bad of ["0000-01-01", "1999-12-31", "2100-01-01", "9999-12-31"]) {
      expect(() => parseDate(bad, "--date")).toThrow(/--date.*2000–2099/);
      expect(() => parseTime(`${bad} 10:00`, "Asia/Shanghai", "--estimate")).toThrow(/--estimate.*2000–2099/);
      expect(() => parseTime(`${bad}T10:00:00+08:00`, "Asia/Shanghai", "--at")).toThrow(/2000–2099/);
      expect(() => parseMonth(bad.slice(0, 7))).toThrow(/2000–2099/);
    }
    try {
      parseDate("0000-01-01", "--hired");
    } catch (e) {
      expect((e as { exitCode: number }).exitCode).toBe(2);
      expect((e as Error).message).toContain('"0000-01-01"');
    }
    expect(parseDate("2026-11-23", "--date")).toBe("2026-11-23");
    expect(parseDate("1995-03-01", "--hired", { min: 1970, max: 2099 })).toBe("1995-03-01");
    expect(parseTime("2026-11-23 14:00", "Asia/Shanghai")).toBe("2026-11-23T14:00:00+08:00");
    // An instant whose department-local year leaves the range is refused too.
    expect(() => parseTime("2099-12-31T20:00:00Z", "Asia/Shanghai", "--at")).toThrow(/2000–2099/);
  });

  it("--days 1e9, 0, 5.5, 0x10 and --advance -5, 1e12, 1.234, NaN are refused with the range", () => {
    for (const bad of ["1e9", "1000000000", "0", "-1", "5.5", "0x10", "", "Infinity", "366"])
      expect(() => intIn(bad, "--days", TRAVEL_DAYS), bad).toThrow(/--days.*1–365/);
    expect(intIn("365", "--days", TRAVEL_DAYS)).toBe(365);
    expect(intIn(" 3 ", "--days", TRAVEL_DAYS)).toBe(3);
    for (const bad of ["-5", "1e12", "1000000000000", "100001", "1.234", "NaN", "Infinity", "0x10", "abc"])
      expect(() => amountIn(bad, "--advance", ADVANCE), bad).toThrow(/--advance.*0–100000/);
    expect(amountIn("3000", "--advance", ADVANCE)).toBe(3000);
    expect(amountIn("1500.50", "--advance", ADVANCE)).toBe(1500.5);
  });

  it("--rating 态度=优,…,态度=差 (a key given twice, also through its English alias) is an error", () => {
    const twice = parseRatings("态度=优,水平=良,结果=中,态度=差");
    expect(twice.ok).toBe(false);
    expect(!twice.ok && twice.error).toContain("态度");
    expect(parseRatings("态度=优,attitude=差,水平=良,结果=中").ok).toBe(false);
    expect(parseRatings("态度=优,水平=良,结果=中").ok).toBe(true);
  });

  it("exam scores outside 0–100 are refused", () => {
    expect(parseExamResult("zhangwei=101:pass")).toMatch(/0–100/);
    expect(parseExamResult("zhangwei=85:pass")).toEqual({ person: "zhangwei", score: 85, passed: true });
  });

  it("the year pattern the schemas carry matches exactly the years of the range", () => {
    const re = new RegExp(yearPattern(YEARS));
    expect([1999, 2000, 2050, 2099, 2100].map((y) => re.test(`${y}-01-01`))).toEqual([
      false,
      true,
      true,
      true,
      false,
    ]);
    const hired = new RegExp(yearPattern({ min: 1970, max: 2099 }));
    expect([1969, 1970, 1985, 1999, 2000, 2099, 2100].map((y) => hired.test(`${y}-`))).toEqual([
      false,
      true,
      true,
      true,
      true,
      true,
      false,
    ]);
  });
});

describe("issue 11 sane values: the record schemas reject the same values", () => {
  const letter = () =>
    parse(readFileSync(join(ROOT, "records/letters/2026/L-20261119-832ww.yaml"), "utf8")) as Record<
      string,
      any
    >;

  it("a letter's travel days, advance, estimate and log times", async () => {
    expect(await validateData("letter", letter())).toEqual([]);
    const cases: [string, (l: Record<string, any>) => void, RegExp][] = [
      ["days 1e9", (l) => (l.travel.days = 1e9), /travel\.days.*1000000000.*365/],
      ["days 0", (l) => (l.travel.days = 0), /travel\.days/],
      ["advance -5", (l) => (l.travel.advance = -5), /travel\.advance/],
      ["advance 1e12", (l) => (l.travel.advance = 1e12), /travel\.advance/],
      ["advance .nan", (l) => (l.travel.advance = Number.NaN), /travel\.advance/],
      ["advance .inf", (l) => (l.travel.advance = Number.POSITIVE_INFINITY), /travel\.advance/],
      ["estimate 0000", (l) => (l.estimate = "0000-01-01T10:00:00+08:00"), /estimate.*0000/],
      ["appointment 9999", (l) => (l.appointment = "9999-01-01T10:00:00+08:00"), /appointment.*9999/],
      ["assigned 1999", (l) => (l.assigned.at = "1999-12-31T10:00:00+08:00"), /assigned\.at.*1999/],
      ["departed 2100", (l) => (l.travel.departed = "2100-01-01"), /travel\.departed/],
    ];
    for (const [name, edit, want] of cases) {
      const l = letter();
      edit(l);
      const problems = await validateData("letter", l);
      expect(problems.map((p) => p.message).join("\n"), name).toMatch(want);
    }
  });

  it("a person's hire date, an exam score, money lines and payroll days", async () => {
    const person = { kind: "person", id: "x", name: "某", roles: ["engineer"], email: "x@example.com" };
    expect(await validateData("person", { ...person, hired: "1988-05-01" })).toEqual([]);
    expect((await validateData("person", { ...person, hired: "0000-01-01" }))[0].message).toMatch(/0000/);
    const exam = {
      kind: "exam",
      id: "E-20261101-aaaaa",
      date: "2026-11-01",
      title: "t",
      results: [{ person: "x", score: 101, passed: true }],
      recorded: { by: "x", at: "2026-11-01T10:00:00+08:00" },
    };
    expect((await validateData("exam", exam))[0].message).toMatch(/score.*101/);
    const sheet = (amount: number) => ({
      kind: "assessment",
      id: "A-202611",
      month: "2026-11",
      people: [
        {
          person: "x",
          role: "engineer",
          lines: [{ rule: "overdue", text: "t", amount, refs: [] }],
          total: amount,
          flags: [],
        },
      ],
      drafted: { by: "x", at: "2026-12-01T10:00:00+08:00" },
    });
    expect(await validateData("assessment", sheet(-50))).toEqual([]);
    expect((await validateData("assessment", sheet(Number.NaN))).length).toBeGreaterThan(0);
    expect((await validateData("assessment", sheet(-1e12))).length).toBeGreaterThan(0);
    expect((await validateData("assessment", { ...sheet(0), month: "0000-11" })).length).toBeGreaterThan(0);
  });
});

describe("issue 11 sane values: schema messages", () => {
  it("a year outside the range is named as such; a bad month in a good year is not", async () => {
    const m = (month: string) => ({
      kind: "monthly",
      id: "M-202611",
      month,
      submitted: "2026-12-01T10:00:00+08:00",
      by: "x",
    });
    const [year] = await validateData("monthly", m("1999-11"));
    expect(year.message).toContain("1999");
    expect(year.hint).toContain("2000–2099");
    const [month] = await validateData("monthly", m("2026-13"));
    expect(month.message).not.toContain("2026 ");
    expect(month.hint).toBeUndefined();
  });
});

describe("issue 11 sane values: through the CLI", () => {
  let dir: string;
  let results: Result[];
  /** test/fixtures/hostile/values-flags.json: argv, who runs it, what the message must name. */
  const cases = (
    JSON.parse(readFileSync(join(HOSTILE, "values-flags.json"), "utf8")) as {
      as: string;
      args: string[];
      names: string[];
    }[]
  ).map((c) => ({ args: c.args, who: identity(c.as), want: c.names }));

  beforeAll(() => {
    dir = sampleRepo();
    results = runMany(cases.map((c) => ({ cwd: dir, args: c.args, who: c.who })));
  }, 120_000);
  afterAll(() => cleanup(dir));

  it("each absurd flag value is a usage error (exit 2) naming the flag, the value and the range; nothing is committed", () => {
    expect(results).toHaveLength(cases.length);
    results.forEach((r, i) => {
      const what = r.args.join(" ");
      expect(r.stderr, what).not.toMatch(STACK);
      for (const w of cases[i].want) expect(r.stderr, what).toContain(w);
      expect(r.code, `${what}\n${r.stderr}`).toBe(2);
      expect(r.head, what).toBe(r.headBefore);
      expect(r.status, what).toBe("");
    });
  });
});

describe("issue 11: ids that differ only in case (one file on a case-insensitive file system)", () => {
  const REQ: Identity = { name: "赵晓松", email: "zhaoxiaosong@dfzk.example.com" };
  it("svc people add ZhangWei (zhangwei exists) and svc open --product plc-200 (PLC-200 exists) are refused", () => {
    const dir = sampleRepo();
    try {
      const [person, product] = runMany([
        {
          cwd: dir,
          args: [
            "people",
            "add",
            "ZhangWei",
            "--name",
            "张威",
            "--role",
            "engineer",
            "--email",
            "zw2@example.com",
          ],
          who: SUP,
        },
        {
          cwd: dir,
          args: [
            ...["open", "--customer", "sjz-huabei", "--contact", "赵工", "--phone", "13900000001"],
            ...["--type", "维修", "--priority", "一般", "--content", "c", "--product", "plc-200"],
          ],
          who: REQ,
        },
      ]);
      for (const r of [person, product]) {
        expect(r.stderr).not.toMatch(STACK);
        expect(r.code, r.stderr).toBe(1);
        expect(r.head).toBe(r.headBefore);
        expect(r.status).toBe("");
      }
      expect(person.stderr).toContain("zhangwei");
      expect(product.stderr).toContain("PLC-200");
    } finally {
      cleanup(dir);
    }
  }, 60_000);

  it("svc check reports two person files (and two product files) whose ids differ only in case", () => {
    const dir = sampleRepo();
    try {
      const p = parse(readFileSync(join(dir, "people/zhangwei.yaml"), "utf8"));
      writeFileSync(
        join(dir, "people/ZhangWei.yaml"),
        stringify({ ...p, id: "ZhangWei", email: "zw2@example.com" }),
      );
      writeFileSync(
        join(dir, "products/plc-200.yaml"),
        stringify({ kind: "product", id: "plc-200", name: "p" }),
      );
      const [r] = runMany([{ cwd: dir, args: ["check", "--json"], who: SUP }]);
      expect(r.code).toBe(1);
      const findings = JSON.parse(r.stdout).findings as { file: string; rule: string }[];
      expect(
        findings
          .filter((f) => f.rule === "id-case")
          .map((f) => f.file)
          .sort(),
      ).toEqual([
        "people/ZhangWei.yaml",
        "people/zhangwei.yaml",
        "products/PLC-200.yaml",
        "products/plc-200.yaml",
      ]);
    } finally {
      cleanup(dir);
    }
  }, 60_000);
});

describe("issue 11 sane values: the hostile record corpus (test/fixtures/hostile/values-records)", () => {
  const FIXTURES = join(HOSTILE, "values-records");
  /** One mutation per kind of the record its fixture replaces: the store must refuse to write it back. */
  const MUTATION: Record<string, { fixture: string; who: Identity; args: string[] }> = {
    letter: {
      fixture: "letter-travel-days-1e9.yaml",
      who: identity("huangyong"),
      args: ["log", "L-20261119-832ww", "到达现场"],
    },
    person: {
      fixture: "person-hired-0000-01-01.yaml",
      who: SUP,
      args: ["people", "edit", "huangyong", "--region", "华北"],
    },
  };
  it("every fixture is a located schema error in one svc check; a mutation of such a record is refused, nothing written", () => {
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith(".yaml"));
    expect(files.length).toBeGreaterThanOrEqual(10);
    // All fixtures in one repository, each under an id of its own (one check names every one of them).
    const all = sampleRepo();
    const installed = files.map((f, n) => {
      const record = parse(readFileSync(join(FIXTURES, f), "utf8")) as { kind: Kind; id: string };
      const id = record.id.includes("-")
        ? record.id.replace(/-[0-9a-z]{5}$/, `-h${String(n).padStart(4, "0")}`)
        : `hostile${n}`;
      const file = pathOf(record.kind, id);
      writeFileSync(
        join(all, file),
        readFileSync(join(FIXTURES, f), "utf8").replace(`id: ${record.id}`, `id: ${id}`),
      );
      return { f, file };
    });
    const dirs = [all];
    try {
      const cases = [{ cwd: all, args: ["check", "--json"], who: SUP }];
      for (const [kind, m] of Object.entries(MUTATION)) {
        const dir = sampleRepo();
        dirs.push(dir);
        const { id } = parse(readFileSync(join(FIXTURES, m.fixture), "utf8")) as { id: string };
        writeFileSync(join(dir, pathOf(kind as Kind, id)), readFileSync(join(FIXTURES, m.fixture), "utf8"));
        cases.push({ cwd: dir, args: m.args, who: m.who });
      }
      const [check, ...mutations] = runMany(cases);
      expect(check.stderr).not.toMatch(STACK);
      expect(check.code).toBe(1);
      const findings = JSON.parse(check.stdout).findings as { file: string; rule: string; line: number }[];
      for (const { f, file } of installed) {
        const mine = findings.filter((x) => x.file === file && x.rule === "schema");
        expect(mine.length, f).toBeGreaterThan(0);
        expect(mine[0].line, f).toBeGreaterThan(1);
      }
      for (const m of mutations) {
        const what = m.args.join(" ");
        expect(m.stderr, what).not.toMatch(STACK);
        expect(m.code, `${what}: ${m.stderr}`).toBe(1);
        expect(m.head, what).toBe(m.headBefore);
      }
    } finally {
      for (const d of dirs) cleanup(d);
    }
  }, 120_000);
});
