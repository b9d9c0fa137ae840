// Pass one of `svc check`: read every record file, then structure — YAML, schema, file name ↔ id,
// unique ids. Every file is read; one bad file never hides the findings in the others. Files are read
// as the store reads them (src/store/read.ts): a symbolic link, a FIFO or device, a file that is not
// UTF-8, a record with YAML anchors is an error here exactly where a command would refuse it (issue 11).
import { existsSync, lstatSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { t } from "../core/i18n.ts";
import type { AnyRecord } from "../schemas/index.ts";
import { ID_FORMS, isIdOf, KIND_NAMES, KINDS, type Kind, kindOfPath, pathOf } from "../schemas/kinds.ts";
import { cacheDir, ParseCache } from "../store/cache.ts";
import { gitDirs } from "../store/git.ts";
import { listRecordFiles, readRecordText } from "../store/read.ts";
import { locateProblems, validateData } from "../store/validate.ts";
import { parseRecordText } from "../store/yaml.ts";
import type { Finding } from "./finding.ts";
import { vouch } from "./vouch.ts";

export interface LoadedFile {
  file: string;
  kind: Kind;
  text: string;
  record?: AnyRecord;
}

export interface Snapshot {
  root: string;
  files: LoadedFile[];
  /** Valid records by id. */
  byId: Map<string, { kind: Kind; file: string; record: AnyRecord; text: string }>;
  findings: Finding[];
  /** The kinds read whole (every file of the folder, not just those a change names). */
  whole: ReadonlySet<Kind>;
}

declare const SVC_SCHEMA_HASH: string;

/**
 * Records vouched for (read, parsed, schema-valid) in an earlier check, by file stat, one cache per
 * kind (issue 7): a warm full check re-reads only the files that changed. Only from the build (the
 * schemas it was built with are the salt), and only for a kind read whole; SVC_CACHE=0 turns it off.
 */
async function vouchedCaches(root: string, whole: Set<Kind>): Promise<(kind: Kind) => ParseCache> {
  const none = ParseCache.open(undefined, "");
  if (typeof SVC_SCHEMA_HASH !== "string") return () => none;
  const dir = cacheDir((await gitDirs(root))?.gitDir);
  const caches = new Map<Kind, ParseCache>();
  return (kind) => {
    if (!whole.has(kind) || !dir) return none;
    let cache = caches.get(kind);
    if (!cache) {
      cache = ParseCache.open(dir, `check-${kind}`, SVC_SCHEMA_HASH);
      caches.set(kind, cache);
    }
    return cache;
  };
}

/**
 * Below this many files the workers' start-up (~50 ms each) is not worth it. SVC_CHECK_WORKERS=N (a
 * whole number ≥ 1) sets another threshold — a machine with slow cores, or a test of the workers' path
 * on a small department; 0 turns the workers off.
 */
function parallelMinFiles(): number {
  const asked = process.env.SVC_CHECK_WORKERS;
  return asked && /^[1-9]\d{0,8}$/.test(asked) ? Number(asked) : 3000;
}

/** dist/check-worker.js next to the bundle, when running from the build (not from the sources). */
function workerScript(): URL | undefined {
  if (process.env.SVC_CHECK_WORKERS === "0") return undefined;
  for (const rel of ["./check-worker.js", "../check-worker.js"]) {
    const url = new URL(rel, import.meta.url);
    if (url.protocol === "file:" && url.pathname.includes("/dist/") && existsSync(url)) return url;
  }
  return undefined;
}

/**
 * Performance (issue 7): with thousands of files, reading and parsing YAML is most of a full check.
 * The files are dealt round-robin (so big and small kinds spread evenly) to this thread and to worker
 * threads; each vouches for its files (read, parsed, schema-valid). Returns, per entry, the vouched
 * record, null (not vouched: the full path reports it), or undefined everywhere when not parallel.
 * A worker that fails leaves its files to the full path: the check is slower, never wrong.
 */
async function prevalidate(
  root: string,
  entries: { file: string; kind: Kind; listed: boolean }[],
): Promise<(AnyRecord | null | undefined)[] | undefined> {
  const script = workerScript();
  const threads = Math.min(availableParallelism(), 4);
  if (!script || threads < 2 || entries.length < parallelMinFiles()) return undefined;
  if (process.env.SVC_DEBUG)
    process.stderr.write(`svc check: ${threads - 1} worker thread(s) for ${entries.length} files\n`);
  const pre: (AnyRecord | null | undefined)[] = new Array(entries.length);
  const jobs: Promise<void>[] = [];
  for (let w = 1; w < threads; w++) {
    const idx: number[] = [];
    for (let i = w; i < entries.length; i += threads) idx.push(i);
    const files = idx.map((i) => [entries[i].file, entries[i].kind, entries[i].listed]);
    jobs.push(
      new Promise<void>((resolve) => {
        const worker = new Worker(script, { workerData: { root, files } });
        worker.once("message", (m: (AnyRecord | null)[]) => {
          for (let k = 0; k < idx.length; k++) pre[idx[k]] = m[k];
          resolve();
          void worker.terminate();
        });
        worker.once("error", () => resolve());
        worker.once("exit", () => resolve());
      }),
    );
  }
  for (let i = 0; i < entries.length; i += threads)
    pre[i] = await vouch(root, entries[i].file, entries[i].kind, entries[i].listed);
  await Promise.all(jobs);
  return pre;
}

/**
 * Every record file — or, with `given`, for these kinds just these files (the existing ones) instead
 * of their whole folders: `svc check --changed` reading only what a change touches.
 */
export async function loadSnapshot(
  root: string,
  given?: { kinds: ReadonlySet<Kind>; files: ReadonlySet<string> },
): Promise<Snapshot> {
  const findings: Finding[] = [];
  const files: LoadedFile[] = [];
  const byId: Snapshot["byId"] = new Map();
  const seen = new Map<string, string>();
  const entries: { file: string; kind: Kind; listed: boolean }[] = [];
  const whole = new Set<Kind>();
  for (const kind of KIND_NAMES) {
    if (given?.kinds.has(kind)) {
      // lstat: a link, dangling or not, is there (and reported), not skipped as gone
      const files = [...given.files].filter((f) => kindOfPath(f) === kind && lexists(join(root, f)));
      for (const file of files.sort()) entries.push({ file, kind, listed: false });
      continue;
    }
    whole.add(kind);
    const { files, odd } = listRecordFiles(root, KINDS[kind].dir);
    for (const file of files) entries.push({ file, kind, listed: true });
    findings.push(...odd);
  }
  // Attachments are read by nobody but git; a link or a FIFO among them is reported all the same.
  if (!given) findings.push(...listRecordFiles(root, "attachments").odd);
  /** File name ↔ id, unique ids; then the record is in the snapshot. */
  const accept = async (lf: LoadedFile, record: AnyRecord): Promise<void> => {
    const { file, kind } = lf;
    lf.record = record;
    if (!isIdOf(kind, record.id)) {
      findings.push({
        file,
        ...(await locateFirst(lf.text, ["id"])),
        rule: "id-format",
        severity: "error",
        value: record.id,
        message: t(
          `编号 ${record.id} 不符合格式 ${ID_FORMS[kind].form}`,
          `the id ${record.id} does not have the form ${ID_FORMS[kind].form}`,
        ),
        hint: t("改正编号（并相应地移动文件）", "correct the id (and move the file to match)"),
      });
      return;
    }
    const expected = pathOf(kind, record.id);
    if (expected !== file) {
      findings.push({
        file,
        ...(await locateFirst(lf.text, ["id"])),
        rule: "id-path",
        severity: "error",
        value: record.id,
        message: t(
          `文件名与编号不符：编号 ${record.id} 的文件应为 ${expected}`,
          `file name does not match the id: ${record.id} belongs in ${expected}`,
        ),
        hint: t("移动文件，或改正编号", "move the file, or correct the id"),
      });
    }
    const other = seen.get(record.id);
    if (other) {
      findings.push({
        file,
        ...(await locateFirst(lf.text, ["id"])),
        rule: "id-unique",
        severity: "error",
        value: record.id,
        message: t(
          `编号重复：${other} 中已有 ${record.id}`,
          `duplicate id: ${record.id} is also in ${other}`,
        ),
      });
      return;
    }
    seen.set(record.id, file);
    byId.set(record.id, {
      kind,
      file,
      record,
      get text() {
        return lf.text;
      },
    });
  };
  const cacheOf = await vouchedCaches(root, whole);
  const peeked = entries.map((e) => cacheOf(e.kind).peek(e.file, join(root, e.file)));
  const missed = entries.flatMap((_, i) => (peeked[i].data === undefined ? [i] : []));
  const pre = await prevalidate(
    root,
    missed.map((i) => entries[i]),
  );
  const vouchedAt = new Map<number, AnyRecord | null | undefined>(missed.map((i, k) => [i, pre?.[k]]));
  for (let i = 0; i < entries.length; i++) {
    const { file, kind } = entries[i];
    const vouched = (peeked[i].data as AnyRecord | undefined) ?? vouchedAt.get(i);
    if (vouched && peeked[i].data === undefined) cacheOf(kind).keep(file, peeked[i], vouched);
    if (vouched) {
      // Read, parsed and valid (vouched for); the text is read again only if a rule reports on it.
      let text: string | undefined;
      const lf = {
        file,
        kind,
        record: vouched,
        get text() {
          if (text === undefined) {
            const read = readRecordText(root, file, entries[i].listed);
            text = read.ok ? read.text : "";
          }
          return text;
        },
      } as LoadedFile;
      files.push(lf);
      await accept(lf, vouched);
      continue;
    }
    {
      const read = readRecordText(root, file, entries[i].listed);
      if (!read.ok) {
        if (!read.missing) findings.push({ file, ...read.finding });
        continue;
      }
      const text = read.text;
      const lf: LoadedFile = { file, kind, text };
      files.push(lf);
      const parsed = parseRecordText(text);
      if (!parsed.ok) {
        findings.push({ file, ...parsed.finding });
        continue;
      }
      const data = parsed.data as Record<string, unknown> | null;
      if (!data || typeof data !== "object" || Array.isArray(data)) {
        findings.push({
          file,
          line: 1,
          col: 1,
          rule: "yaml",
          severity: "error",
          message: t("记录应为键值映射", "a record must be a mapping of fields"),
        });
        continue;
      }
      if (data.kind !== kind) {
        const pos = await locateFirst(text, ["kind"]);
        findings.push({
          file,
          ...pos,
          rule: "kind",
          severity: "error",
          value: data.kind,
          message: t(
            `${KINDS[kind].dir}/ 下的记录类型应为 ${kind}`,
            `records under ${KINDS[kind].dir}/ must have kind ${kind}`,
          ),
        });
        continue;
      }
      const problems = await validateData(kind, data);
      if (problems.length) {
        findings.push(...(await locateProblems(file, text, problems)));
        continue;
      }
      cacheOf(kind).keep(file, peeked[i], data);
      await accept(lf, data as unknown as AnyRecord);
    }
  }
  for (const kind of whole) cacheOf(kind).save();
  return { root, files, byId, findings, whole };
}

/**
 * The records of every kind the snapshot read whole whose every file is a valid record — no finding
 * of pass one under the kind's folder (a link, an unreadable file, YAML, schema, id form, path or
 * duplicate): exactly the kinds the store would read without refusing, with the records it would
 * read (svc start hands them to its store instead of reading them again: issue 18).
 */
export function validKinds(snap: Snapshot): Map<Kind, AnyRecord[]> {
  const bad = new Set(snap.findings.map((f) => kindOfPath(f.file)));
  const out = new Map<Kind, AnyRecord[]>();
  for (const kind of KIND_NAMES) if (!bad.has(kind) && snap.whole.has(kind)) out.set(kind, []);
  for (const f of snap.files) if (f.record) out.get(f.kind)?.push(f.record);
  return out;
}

function lexists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

async function locateFirst(text: string, path: string[]): Promise<{ line: number; col: number }> {
  const { locate } = await import("../store/yaml.ts");
  return locate(text, path, true);
}

export { kindOfPath };
