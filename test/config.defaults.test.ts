// Issue 11, "Settings that grow without breaking anyone": every svc.yaml key but the department's name
// is optional with its default in ONE layer (src/schemas/defaults.ts), which the template repeats; the
// previous release's svc.yaml and a minimal one load and compute the same money as today.
import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import jsyaml from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadInput } from "../src/commands/assess-kit.ts";
import { assessMonth } from "../src/domain/assessment.ts";
import { trips } from "../src/domain/pay.ts";
import { ConfigSchema, RevisionSchema } from "../src/schemas/config.ts";
import { applyDefaults, DEFAULTS, deepMerge, MONTH_KEYS } from "../src/schemas/defaults.ts";
import { loadConfig } from "../src/store/repo.ts";
import { Store } from "../src/store/store.ts";
import { validateData } from "../src/store/validate.ts";
import { cleanup, ROOT, sampleRepo, tempDir } from "./helpers.ts";

const FIXTURES = join(ROOT, "test", "fixtures", "config");
const yaml = (file: string) => jsyaml.load(readFileSync(file, "utf8"), { schema: jsyaml.CORE_SCHEMA }) as any;
const env = { TZ: "UTC", LANG: "zh_CN.UTF-8", SVC_NOW: "2026-12-01T09:00:00+08:00", SVC_CACHE: "0" };

async function load(text: string) {
  const dir = tempDir();
  try {
    writeFileSync(join(dir, "svc.yaml"), text);
    return await loadConfig(dir);
  } finally {
    cleanup(dir);
  }
}

/** Dotted paths of every leaf a schema object declares (records and lists are leaves). */
function schemaLeaves(schema: any, prefix = ""): string[] {
  if (schema?.type !== "object" || !schema.properties) return [prefix];
  return Object.entries(schema.properties).flatMap(([k, s]) =>
    schemaLeaves(s, prefix ? `${prefix}.${k}` : k),
  );
}
function valueLeaves(v: any, prefix = ""): string[] {
  if (!v || typeof v !== "object" || Array.isArray(v) || prefix.endsWith("pools")) return [prefix];
  return Object.entries(v).flatMap(([k, x]) => valueLeaves(x, prefix ? `${prefix}.${k}` : k));
}

describe("issue 11 · settings that grow: one defaults layer", () => {
  it("only department is required; every other key of svc.yaml has its default in DEFAULTS", async () => {
    expect((ConfigSchema as any).required).toEqual(["department"]);
    // No default, on purpose: company; revisions; since (D13: before it, records begin with the first
    // record); integrity.requireSignedCommits (off).
    const declared = schemaLeaves(ConfigSchema).filter(
      (k) => !["department", "company", "revisions", "since", "integrity.requireSignedCommits"].includes(k),
    );
    expect(declared.sort()).toEqual(valueLeaves(DEFAULTS).sort());
    // The defaults are themselves a valid svc.yaml (with a department).
    expect(await validateData("config", { department: "技术服务部", ...DEFAULTS })).toEqual([]);
  });

  it("templates/svc.yaml (what svc init writes) holds exactly the defaults layer's values", () => {
    const { department, company, ...rest } = yaml(join(ROOT, "templates", "svc.yaml"));
    expect(department).toBe("技术服务部");
    expect(typeof company).toBe("string");
    expect(rest).toEqual(DEFAULTS);
  });

  it("svc init never writes a svc.yaml svc check would reject (an absurd --daily-rate), and creates nothing then", async () => {
    const parent = tempDir();
    try {
      const { initRepository } = await import("../src/store/init.ts");
      const ctx = { cwd: parent, interactive: false } as unknown as Parameters<typeof initRepository>[0];
      await expect(initRepository(ctx, "dept", { dailyRate: "1e9" })).rejects.toThrow(
        /svc\.yaml:\d+:\d+: pay\.travel\.dailyRate 的值 1000000000 超出范围（应 <= 1000000）/,
      );
      expect(existsSync(join(parent, "dept"))).toBe(false);
    } finally {
      cleanup(parent);
    }
  });

  it("a revision may change exactly the month settings (MONTH_KEYS)", () => {
    expect(Object.keys((RevisionSchema as any).properties.set.properties)).toEqual([...MONTH_KEYS]);
  });

  it("the previous release's (0.1.0) svc.yaml and template load with the same values as today", async () => {
    for (const name of ["svc-0.1.0.yaml", "svc-0.1.0-template.yaml"]) {
      const file = join(FIXTURES, name);
      const config = await load(readFileSync(file, "utf8"));
      // 0.1.0 wrote every key then known: only keys added since are filled in, with their defaults.
      expect(config, name).toEqual(deepMerge(structuredClone(DEFAULTS) as any, yaml(file)));
    }
    const template = await load(readFileSync(join(FIXTURES, "svc-0.1.0-template.yaml"), "utf8"));
    const { department, company, ...rest } = template;
    expect({ department, company }).toEqual({ department: "技术服务部", company: "某某科技有限公司" });
    expect(rest).toEqual(DEFAULTS);
  });

  it("a svc.yaml with only the department loads: every other value is the default", async () => {
    const config = await load(readFileSync(join(FIXTURES, "minimal.yaml"), "utf8"));
    expect(config).toEqual({ department: "技术服务部", ...DEFAULTS });
    // A partly written section keeps the rest of its defaults.
    const partial = await load("department: 技术服务部\nfines: { engineer: { overdue: 80 } }\n");
    expect(partial.fines.engineer).toEqual({ ...DEFAULTS.fines.engineer, overdue: 80 });
    expect(partial.fines.supervisor).toEqual(DEFAULTS.fines.supervisor);
  });

  it("applyDefaults never shares or changes the defaults, and a __proto__ key is data", () => {
    const a = applyDefaults({ department: "x" });
    a.fines.engineer.overdue = 999;
    a.pay.bonus.months.push(3);
    expect(DEFAULTS.fines.engineer.overdue).toBe(50);
    expect(DEFAULTS.pay.bonus.months).toEqual([6, 12]);
    const polluted = applyDefaults(
      JSON.parse('{"department":"x","pay":{"bonus":{"pools":{"__proto__":{"a":1}}}}}'),
    );
    expect(({} as any).a).toBeUndefined();
    expect(Object.getPrototypeOf(polluted.pay.bonus.pools)).toBe(Object.prototype);
  });
});

describe("issue 11 · the same money under the previous release's svc.yaml and a minimal one", () => {
  let repo: string;
  beforeAll(() => {
    repo = sampleRepo();
  });
  afterAll(() => cleanup(repo));

  async function money(svcYaml: string) {
    writeFileSync(join(repo, "svc.yaml"), svcYaml);
    const store = await Store.open({ cwd: repo, env });
    const out: Record<string, unknown> = {};
    for (const month of ["2026-10", "2026-11"]) {
      const input = loadInput(store, month);
      const sheet = assessMonth(input);
      const engineers = input.people.filter((p) => p.roles.includes("engineer"));
      out[month] = {
        people: sheet.people.map((p) => ({ person: p.person, total: p.total, lines: p.lines })),
        trips: engineers.map((e) => trips(input.letters, e.id, month, input.config)),
      };
    }
    return { config: store.config, out };
  }

  it("the sample assessed under 0.1.0's svc.yaml, and under one holding only what differs from the defaults", async () => {
    copyFileSync(join(FIXTURES, "svc-0.1.0.yaml"), join(repo, "svc.yaml"));
    const old = await money(readFileSync(join(FIXTURES, "svc-0.1.0.yaml"), "utf8"));
    const minimal = await money(
      [
        "department: 技术服务部",
        "company: 东方智控装备有限公司",
        "pay:",
        "  bonus: { pools: { 华东: 6000, 华南: 5000, 华北: 5000 } }",
        "  travel: { dailyRate: 80, specialRate: 120, specialRegions: [西北] }",
        "  phone: 100",
        "",
      ].join("\n"),
    );
    expect(minimal.config).toEqual(old.config);
    expect(minimal.out).toEqual(old.out);
    // …and the money is real: the sample has fines and trips in these months.
    const all = JSON.stringify(old.out);
    expect(all).toMatch(/"amount":-\d+/);
    expect(all).toMatch(/"days":\d+/);
  });
});
