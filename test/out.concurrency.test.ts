// Issue 18 item 5: two svc processes writing documents into one output folder at the same moment
// (`svc start` and `svc weekly` …) each read the manifest, wrote a document and wrote the manifest back
// from what they had read — one's entries could be lost, and its documents were then taken for hand
// edits ("kept", until --force). writeDocument now holds the output folder's lock (in .git/svc/) from
// reading the manifest to writing it: both processes' entries are kept.
import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { afterAll, expect, test } from "vitest";
import { MANIFEST, writeDocument } from "../src/render/output.ts";
import { cleanup, tempDir } from "./helpers.ts";

const ROOT = join(import.meta.dirname, "..");
const tmp = tempDir("svc-out-race-");
afterAll(() => cleanup(tmp));

/** A process that waits for `gate`, then writes `n` documents named `who-i.docx` as svc does. */
async function writer(): Promise<string> {
  const src = join(tmp, "writer.ts");
  writeFileSync(
    src,
    `import { existsSync } from "node:fs";
import { writeDocument } from ${JSON.stringify(join(ROOT, "src", "render", "output.ts"))};
const [dir, gitDir, who, n, gate] = process.argv.slice(2);
while (!existsSync(gate)) await new Promise((r) => setTimeout(r, 1));
for (let i = 0; i < Number(n); i++)
  await writeDocument(dir, \`\${who}-\${i}.docx\`, Buffer.from(\`\${who} \${i}\`), { lock: { gitDir, env: process.env } });
`,
  );
  const out = join(tmp, "writer.mjs");
  await build({
    entryPoints: [src],
    outfile: out,
    bundle: true,
    platform: "node",
    format: "esm",
    packages: "external",
    logLevel: "error",
  });
  return out;
}

const run = (script: string, args: string[]) =>
  new Promise<{ code: number; stderr: string }>((resolve) => {
    const p = spawn(process.execPath, [script, ...args], { cwd: ROOT });
    let stderr = "";
    p.stderr.on("data", (b) => {
      stderr += b;
    });
    p.on("close", (code) => resolve({ code: code ?? -1, stderr }));
  });

test("issue 18 item 5: two processes writing into one output folder at once lose no manifest entry (both kept, none taken for a hand edit)", async () => {
  const script = await writer();
  const gitDir = join(tmp, "repo", ".git");
  mkdirSync(gitDir, { recursive: true });
  const out = join(tmp, "repo", "out");
  const gate = join(tmp, "go");
  const n = 60;
  const both = Promise.all(["a", "b"].map((who) => run(script, [out, gitDir, who, String(n), gate])));
  setTimeout(() => writeFileSync(gate, ""), 300); // both are waiting by then, or start at once
  for (const r of await both) expect(r.code, r.stderr).toBe(0);
  const manifest = JSON.parse(readFileSync(join(out, MANIFEST), "utf8")) as { files: Record<string, string> };
  const docs = readdirSync(out).filter((f) => f.endsWith(".docx"));
  expect(docs).toHaveLength(2 * n);
  expect(Object.keys(manifest.files).sort()).toEqual(docs.sort());
  // every document is svc's own: a new rendering replaces it, nothing is "kept"
  const lock = { gitDir, env: process.env };
  expect((await writeDocument(out, "a-0.docx", Buffer.from("a 0, again"), { lock })).status).toBe("replaced");
  expect((await writeDocument(out, `b-${n - 1}.docx`, Buffer.from("b, again"), { lock })).status).toBe(
    "replaced",
  );
  // the lock is released after each document
  expect(readdirSync(join(gitDir, "svc")).filter((f) => f.endsWith(".lock"))).toEqual([]);
}, 60_000);
