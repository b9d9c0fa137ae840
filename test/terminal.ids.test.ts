// Issue 14, item 4: ids like short git hashes — the whole id in any case, or a unique prefix or suffix
// of its random part, finds the record; an ambiguous one lists the candidates. One resolver, in the store.
import { describe, expect, it } from "vitest";
import { Refused } from "../src/core/errors.ts";
import { Store } from "../src/store/store.ts";
import { SUP, sampleRepo, svcIn } from "./helpers.ts";

describe("issue 14: short and any-case ids", () => {
  const dir = sampleRepo();

  it("store.resolveId: any case, prefix, suffix; ambiguous refused with the candidates", async () => {
    const store = await Store.open({ cwd: dir, env: { ...process.env, SVC_REPO: undefined } });
    expect(store.resolveId("L-20261008-AV17S")).toBe("L-20261008-av17s");
    expect(store.resolveId("l-20261008-av17s")).toBe("L-20261008-av17s");
    expect(store.resolveId("AV17S")).toBe("L-20261008-av17s");
    expect(store.resolveId("av1")).toBe("L-20261008-av17s");
    expect(store.resolveId("17s")).toBe("L-20261008-av17s");
    expect(store.require("letter", "av17s").id).toBe("L-20261008-av17s");
    // nt2: an exam and a notice
    let err: unknown;
    try {
      store.resolveId("nt2");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(Refused);
    expect((err as Error).message).toContain("E-20261113-nt273");
    expect((err as Error).message).toContain("N-20261022-nt2wr");
    // … unless the kind decides it
    expect(store.resolveId("nt2", ["notice"])).toBe("N-20261022-nt2wr");
    // people are found by their slug, and input that is no id passes through unchanged (no path built)
    expect(store.resolveId("wangzhu")).toBe("wangzhu");
    expect(store.resolveId("../../etc")).toBe("../../etc");
    expect(() => store.require("letter", "../../etc")).toThrow(/不是有效的|not a valid/);
  });

  it("svc show pj3rq-style ids on the command line; an ambiguous one lists the candidates", async () => {
    const up = await svcIn(dir, ["show", "AV17S"], SUP);
    expect(up.code).toBe(0);
    expect(up.stdout).toContain("L-20261008-av17s");
    const full = await svcIn(dir, ["show", "L-20261008-AV17S", "--json"], SUP);
    expect(full.code).toBe(0);
    expect(JSON.parse(full.stdout).record?.id ?? JSON.parse(full.stdout).id).toBe("L-20261008-av17s");
    const amb = await svcIn(dir, ["show", "nt2"], SUP);
    expect(amb.code).toBe(1);
    expect(amb.stderr).toContain("E-20261113-nt273");
    expect(amb.stderr).toContain("N-20261022-nt2wr");
  });
});

describe("issue 14: a new id is never resolved", () => {
  it("svc people add av1 creates the person av1, not the letter whose random part starts with av1", async () => {
    const dir = sampleRepo();
    const r = await svcIn(
      dir,
      ["people", "add", "av1", "--name", "新人", "--role", "engineer", "--email", "av1@example.com"],
      { name: "王志强", email: "wangzhiqiang@dfzk.example.com" },
    );
    expect(r.code, r.stderr).toBe(0);
    expect((await svcIn(dir, ["people", "list", "--json"], SUP)).stdout).toContain('"id": "av1"');
  });
});
