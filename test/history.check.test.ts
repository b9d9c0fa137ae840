// Issue 18: `svc check --history RANGE` is the full check plus the range — the full check must not
// read what it does not need. The attachment check read the text of every record (a destructured lazy
// getter), 50,000 files on every check.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkAttachments } from "../src/check/attachments.ts";
import type { Snapshot } from "../src/check/snapshot.ts";
import { cleanup, tempDir } from "./helpers.ts";

describe("issue 18: the attachment check reads a record's text only to locate a finding", () => {
  const root = tempDir();
  afterAll(() => cleanup(root));

  it("reads no text when every attachment is in order, and the one it reports on", async () => {
    mkdirSync(join(root, "attachments"), { recursive: true });
    writeFileSync(join(root, "attachments", "a.pdf"), "pdf");
    const { createHash } = await import("node:crypto");
    const sha = createHash("sha256").update("pdf").digest("hex");
    const reads: string[] = [];
    const entry = (id: string, record: object, text: string) => ({
      kind: "letter" as const,
      file: `letters/2026/${id}.yaml`,
      record: { id, ...record } as { id: string },
      get text() {
        reads.push(id);
        return text;
      },
    });
    const byId = new Map(
      [
        entry(
          "L-20261104-aaaaa",
          { log: [{ at: "x", files: [{ path: "attachments/a.pdf", sha256: sha }] }] },
          "",
        ),
        entry("L-20261104-bbbbb", { status: "在建" }, ""),
        entry(
          "L-20261104-ccccc",
          { log: [{ files: [{ path: "attachments/missing.pdf", sha256: sha }] }] },
          `id: L-20261104-ccccc\nlog:\n  - files:\n      - path: attachments/missing.pdf\n        sha256: ${sha}\n`,
        ),
      ].map((e) => [e.record.id, e]),
    );
    const snap = { root, files: [], byId, findings: [] } as unknown as Snapshot;
    const findings = await checkAttachments(snap);
    expect(reads).toEqual(["L-20261104-ccccc"]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      file: "letters/2026/L-20261104-ccccc.yaml",
      rule: "attachment-file",
      line: 4,
      value: "attachments/missing.pdf",
    });
  });
});
