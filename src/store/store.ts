// The store: the one module that reads and writes records.
//
// A write is validated first (an invalid record is never written) and lands as exactly one git
// commit authored by the acting person. The commit is built with plumbing in a private index
// (blob → update-index → write-tree → commit-tree → update-ref), so nothing the user staged is
// swept in and nothing is staged if a step fails. A journal in .git names the files of a commit whose
// ref moved but whose files were not yet in the work tree; the next svc run finishes it. So an
// interrupted action is either wholly there or wholly absent.
//
// Speed (one mutation ≤ plain git + 100 ms, issue 7): in a plain SHA-1 repository HEAD is read and
// the blobs are written as files, without a process; when the private index began as a copy of the
// user's (nothing staged), it becomes the user's index afterwards, so the new entries carry no file
// times until git's porcelain next refreshes them, as after `git read-tree`.
import { randomBytes } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import type { Finding } from "../check/finding.ts";
import { now as clockNow } from "../core/clock.ts";
import { Refused, UsageError } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import { dateLocal } from "../core/time.ts";
import { DEFAULTS } from "../schemas/defaults.ts";
import type { AnyRecord, Config, Person, RecordOf } from "../schemas/index.ts";
import {
  badId,
  isIdOf,
  KIND_NAMES,
  KIND_TITLES,
  KINDS,
  type Kind,
  kindOfId,
  newId,
  pathOf,
} from "../schemas/kinds.ts";
import { cacheDir, IndexedCache, ParseCache, readCache } from "./cache.ts";
import { lockTimeoutMs } from "./env.ts";
import {
  blobId,
  GitError,
  git,
  gitBlobSync,
  gitDirs,
  gitSync,
  indexBlobs,
  isAncestorSync,
  plainRepository,
  resolveHead,
  signsCommits,
  writeBlob,
} from "./git.ts";
import { acquireLock } from "./lock.ts";
import { listRecordFiles, readRecordFile } from "./read.ts";
import { findRoot, loadConfig } from "./repo.ts";
import { resolveId } from "./resolve.ts";
import { assertSafeTarget, unsafeTarget, writeFileNoFollow } from "./safe-write.ts";
import { stringifyRecord } from "./yaml.ts";

export interface OpenOptions {
  cwd: string;
  repo?: string;
  env: NodeJS.ProcessEnv;
  /** What the person must be told of the repository's state (a line on stderr; `recover`). */
  notify?: (line: string) => void;
}

export interface Put {
  record: AnyRecord;
  /** The record must not exist yet. */
  create?: boolean;
}

export interface Attach {
  /** File to copy into the repository. */
  source: string;
  /** Path relative to the records repository. */
  dest: string;
  /** The bytes already read (and hashed) from `source`: what is committed, whatever `source` holds now. */
  content?: Buffer;
}

export interface Change {
  put?: Put[];
  remove?: { kind: Kind; id: string }[];
  attach?: Attach[];
  /**
   * Records that decided the step but are not written (e.g. the notice a letter is assigned from):
   * like the records written, the commit is refused if another process changed one since this store
   * read the repository.
   */
  basis?: { kind: Kind; id: string }[];
  /** Kinds no new record of which may have appeared meanwhile (e.g. assign: no other letter of the notice). */
  basisNew?: Kind[];
  message: string;
  author: Person;
}

/** A prepared commit: whether git knows a committer, HEAD, and the user's index it copied. */
interface Prepared {
  committerKnown: boolean;
  parent?: string;
  seeded?: IndexFile;
}

/** What tells one version of an index file from another (git replaces it by rename). */
interface IndexFile {
  ino: bigint;
  size: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
  atime: Date;
  mtime: Date;
}

function indexFile(path: string): IndexFile {
  const st = statSync(path, { bigint: true });
  return {
    ino: st.ino,
    size: st.size,
    mtimeNs: st.mtimeNs,
    ctimeNs: st.ctimeNs,
    atime: new Date(Number(st.atimeMs)),
    mtime: new Date(Number(st.mtimeMs)),
  };
}

function sameIndexFile(a: IndexFile, b: IndexFile): boolean {
  return a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs;
}

interface Pending {
  commit: string;
  files: { path: string; remove?: boolean }[];
}

const inProcess = new Map<string, Promise<void>>();
/** The schemas' hash, defined by the build (scripts/build.mjs); absent when running the sources. */
declare const SVC_SCHEMA_HASH: string;
/** What a cached record was judged valid by (the parse cache keeps valid records only, issue 11). */
const JUDGED_BY = typeof SVC_SCHEMA_HASH === "string" ? SVC_SCHEMA_HASH : "sources";

/** Private indexes prepared in this process (removed at exit if no commit used them). */
const preparedIndexes = new Set<string>();
/** Whether the exit handler that removes them is registered: once per process, however many stores. */
let preparedIndexesRemovedAtExit = false;
let stores = 0;

export class Store {
  private cache = new Map<Kind, Map<string, AnyRecord>>();

  private constructor(
    readonly root: string,
    readonly config: Config,
    readonly gitTop: string,
    readonly gitDir: string,
    readonly env: NodeJS.ProcessEnv,
  ) {}

  static async open(opts: OpenOptions): Promise<Store> {
    const root = findRoot(opts.cwd, opts.repo, opts.env);
    const dirs = await gitDirs(root);
    if (!dirs) {
      throw new UsageError(
        t(`${root} 不在 git 仓库中`, `${root} is not inside a git repository`),
        t(
          "在该目录运行 git init，或用 svc init 创建记录库",
          "run git init there, or create a repository with svc init",
        ),
      );
    }
    // HEAD is read before any record (and before the journal is looked at): whatever another svc
    // commits from here on is seen by `commit`, which refuses to overwrite it (see `base`). The
    // validators the reads use are readied meanwhile (issue 11: records are validated as read).
    const [config, base] = await Promise.all([
      loadConfig(root, cacheDir(dirs.gitDir, opts.env)),
      resolveHead(dirs.top, dirs.gitDir, opts.env),
      import("./validate.ts").then((v) => v.prepareValidation()),
    ]);
    const store = new Store(root, config, dirs.top, dirs.gitDir, opts.env);
    store.base = base;
    if (existsSync(store.pendingPath)) {
      await store.withLock(() => store.recover(opts.notify));
      store.base = await store.head(); // the files now show it
    }
    return store;
  }

  /**
   * The commit the records this store reads come from: HEAD when the store was opened, read before
   * any record file; moved on by this store's own commits. Another process committing meanwhile
   * (a second svc in the same clone, a sync) moves HEAD past it — see `refuseChangedMeanwhile`.
   */
  private base: string | undefined;
  /** Commits this store made (they change records since `base`, but the store knows what they wrote). */
  private readonly own = new Set<string>();

  get tz(): string {
    return this.config.timezone;
  }

  now(): Date {
    return clockNow(this.env);
  }

  abs(rel: string): string {
    return join(this.root, rel);
  }

  /** Path relative to the git work tree's top (the records may live in a sub-folder). */
  private gitPath(rel: string): string {
    const prefix = relative(this.gitTop, this.root);
    return prefix ? `${prefix.split("\\").join("/")}/${rel}` : rel;
  }

  // ---------------------------------------------------------------- reading
  //
  // Every record a command reads is read safely (no symlink, no FIFO, UTF-8), parsed (no anchors or
  // aliases) and validated against its kind's schema (src/store/read.ts, issue 11); the parse cache
  // keeps valid records only, so that costs once per file change. A record that fails is a refusal
  // with its located findings — `get`/`require` for that record, `list` and `listWhere` for any record
  // of the kind (a listing that silently dropped a letter would compute wrong money). `svc check` reads
  // on its own path (src/check/snapshot.ts) and reports everything instead.

  /** Every record of a kind; refused when any file of the kind is not a valid record. */
  list<K extends Kind>(kind: K): RecordOf<K>[] {
    return [...this.loadKind(kind).values()] as RecordOf<K>[];
  }

  /**
   * `project` of every record of a kind — e.g. the few fields a listing shows — cached apart
   * from whole records (keyed by the projection's code), so a listing of 10,000 letters does not load
   * their histories (issue 7).
   */
  projected<K extends Kind, P>(kind: K, name: string, project: (r: RecordOf<K>) => P): P[] {
    if (this.cache.has(kind)) return this.list(kind).map(project);
    const indexed = this.takeIndexed(`${kind}-${name}`);
    if (indexed) return this.readIndexed(kind, indexed.use(`${JUDGED_BY}|${project.toString()}`), project);
    return this.readKind(kind, `${kind}-${name}`, project.toString(), project);
  }

  /** What useIndex read: git's index of some kinds' folders, and their index-keyed caches. */
  private indexed?: {
    view: { blobs: Map<string, string>; modified: Set<string> };
    caches: Map<string, IndexedCache>;
  };

  /**
   * Let the next `projected(kind, name, …)` of these kinds tell changed files by git's index instead
   * of a stat of each file (IndexedCache in src/store/cache.ts; `svc due`, issue 18): git's answer is
   * asked (in its own process) while the caches are read. Nothing changes when caches are off, or
   * git cannot answer (every file is then judged by its stat, as before). `whole`: kinds whose next
   * `list` reads whole records so (kinds may then be empty: `svc dashboard`'s whole reads).
   */
  async useIndex(kinds: readonly Kind[], name: string, whole: readonly Kind[] = []): Promise<void> {
    const dir = cacheDir(this.gitDir, this.env);
    const todo = kinds.filter((k) => !this.cache.has(k));
    const wholeTodo = whole.filter((k) => !this.cache.has(k));
    if (!dir || (!todo.length && !wholeTodo.length)) return;
    const asked = this.askIndex([...todo, ...wholeTodo]);
    const caches = new Map<string, IndexedCache>();
    for (const k of todo) caches.set(`${k}-${name}`, IndexedCache.open(dir, `${k}-${name}`));
    for (const k of wholeTodo) caches.set(k, IndexedCache.open(dir, k));
    const view = await asked;
    if (view) this.indexed = { view, caches };
  }

  /** `kind blob` of the whole records read through git's index, see blobOf. */
  private readonly blobs = new WeakMap<object, string>();

  /**
   * `"<kind> <blob id>"` of a record this store read through git's index (useIndex) from a file git
   * vouched for, the record being the parse of exactly that blob; else undefined. What is made of a
   * record alone may be kept by it (the dashboard's record digests).
   */
  blobOf(rec: object): string | undefined {
    return this.blobs.get(rec);
  }

  /** What the records read from a blob depend on beyond it (the schemas' and the reader's code). */
  get judgedBy(): string {
    return JUDGED_BY;
  }

  /** The index-keyed cache useIndex readied for `key` (`kind-name`, or the kind: whole records), once. */
  private takeIndexed(key: string): IndexedCache | undefined {
    const c = this.indexed?.caches.get(key);
    if (c) this.indexed!.caches.delete(key);
    return c;
  }

  private asking?: { kinds: ReadonlySet<Kind>; view: ReturnType<typeof indexBlobs> };

  /**
   * Ask git's index of these kinds' folders now, for a `useIndex` to come (`svc due` asks as soon as
   * its store is open, so git's answer is ready when the caches are read). An answer asked for more
   * kinds serves.
   */
  askIndex(kinds: readonly Kind[]): ReturnType<typeof indexBlobs> {
    if (!this.asking || !kinds.every((k) => this.asking!.kinds.has(k)))
      this.asking = {
        kinds: new Set(kinds),
        view: indexBlobs(
          this.root,
          kinds.map((k) => KINDS[k].dir),
          this.env,
        ),
      };
    return this.asking.view;
  }

  /** `project` of every record file of a kind through an index-keyed cache (see useIndex). */
  private readIndexed<K extends Kind, P>(
    kind: K,
    cache: IndexedCache,
    project: (r: RecordOf<K>) => P,
    whole = false,
  ): P[] {
    const { blobs, modified } = this.indexed!.view;
    const dir = KINDS[kind].dir;
    const { files, odd } = cache.listing(this.root, dir, (folders) =>
      listRecordFiles(this.root, dir, folders),
    );
    const findings: Finding[] = [...odd];
    const out: P[] = [];
    for (let i = 0; i < files.length; i++) {
      const rel = files[i]!;
      const blob = modified.has(rel) ? undefined : blobs.get(rel);
      let read: Buffer | undefined;
      let parsed = false;
      const p = cache.get(this.root, rel, i, blob, (onBytes) => {
        parsed = true;
        const r = readRecordFile(this.root, kind, rel, true, (b) => {
          read = b;
          onBytes(b);
        });
        if (r.findings) findings.push(...r.findings);
        return r.record ? project(r.record as RecordOf<K>) : undefined;
      });
      if (p === undefined) continue;
      out.push(p);
      // the record is the parse of that blob: git vouches for the file, and the bytes read were it
      if (whole && blob !== undefined && typeof p === "object" && p !== null)
        if (!parsed || (read && blobId(read, blob.length) === blob)) this.blobs.set(p, `${kind} ${blob}`);
    }
    cache.save();
    if (findings.length) throw invalidRecords(kind, findings);
    return out;
  }

  /** `project` of every record file of a kind, through the parse cache `name`. */
  private readKind<K extends Kind, P>(
    kind: K,
    name: string,
    salt: string,
    project: (r: RecordOf<K>) => P,
  ): P[] {
    const parsed = ParseCache.open(cacheDir(this.gitDir, this.env), name, `${JUDGED_BY}|${salt}`);
    const out: P[] = [];
    const { files, odd } = listRecordFiles(this.root, KINDS[kind].dir);
    const findings: Finding[] = [...odd];
    for (const rel of files) {
      const p = parsed.get(rel, this.abs(rel), () => {
        const r = readRecordFile(this.root, kind, rel, true);
        if (r.findings) findings.push(...r.findings);
        return r.record ? project(r.record as RecordOf<K>) : undefined;
      });
      if (p !== undefined) out.push(p);
    }
    parsed.save();
    if (findings.length) throw invalidRecords(kind, findings);
    return out;
  }

  /**
   * The records of a kind whose id `keep` accepts — e.g. a month's weekly reports, whose ids name
   * their Saturday — reading only their files (issue 7: a month's report at 50k records).
   */
  listWhere<K extends Kind>(kind: K, keep: (id: string) => boolean): RecordOf<K>[] {
    if (this.cache.has(kind)) return this.list(kind).filter((r) => keep(r.id));
    const out: RecordOf<K>[] = [];
    const { files, odd } = listRecordFiles(this.root, KINDS[kind].dir);
    const findings: Finding[] = [...odd];
    for (const rel of files) {
      if (!keep(rel.slice(rel.lastIndexOf("/") + 1, -".yaml".length))) continue;
      const r = readRecordFile(this.root, kind, rel, true);
      if (r.findings) findings.push(...r.findings);
      else if (r.record) out.push(r.record as RecordOf<K>);
    }
    if (findings.length) throw invalidRecords(kind, findings);
    return out;
  }

  /**
   * A record by id, or undefined when there is none — or when `id` is not of the kind's form (a name
   * given where an id or a name may be: no path is built from it). Refused when the file is not a
   * valid record.
   */
  get<K extends Kind>(kind: K, id: string): RecordOf<K> | undefined {
    if (!isIdOf(kind, id)) return undefined;
    const cached = this.cache.get(kind);
    if (cached) return cached.get(id) as RecordOf<K> | undefined;
    const r = readRecordFile(this.root, kind, pathOf(kind, id));
    if (r.findings) throw invalidRecords(kind, r.findings);
    return r.record as RecordOf<K> | undefined;
  }

  /**
   * The id a person typed (issue 14): exact, a dated id in any case, or a unique prefix or suffix of
   * its random part (`pj3rq`); ambiguous ones are refused with the candidates (src/store/resolve.ts).
   * Every command that takes an id goes through here (store.require, store.find, kit.ts `action`).
   */
  resolveId(input: string, kinds: readonly Kind[] = Object.keys(KINDS) as Kind[]): string {
    return resolveId(input, kinds, {
      // a file under the id's name (issue 18: reading and validating it here read every record shown
      // twice); whatever is wrong with it is refused when the caller reads it
      exists: (kind, id) =>
        this.cache.has(kind)
          ? this.get(kind, id) !== undefined
          : isIdOf(kind, id) &&
            lstatSync(this.abs(pathOf(kind, id)), { throwIfNoEntry: false }) !== undefined,
      ids: (kind) => this.ids(kind),
    });
  }

  /** The ids of a kind's record files, of the kind's form, without reading the records (completion, resolveId). */
  ids(kind: Kind): string[] {
    if (this.cache.has(kind)) return this.list(kind).map((r) => r.id);
    return listRecordFiles(this.root, KINDS[kind].dir)
      .files.map((rel) => rel.slice(rel.lastIndexOf("/") + 1, -".yaml".length))
      .filter((id) => isIdOf(kind, id));
  }

  /** A record by id, or a refusal naming what was looked for (an id not of the kind's form: exit 2). */
  require<K extends Kind>(kind: K, typed: string): RecordOf<K> {
    const id = this.resolveId(typed, [kind]);
    if (!isIdOf(kind, id)) throw badId(kind, id);
    const rec = this.get(kind, id);
    if (!rec) {
      const [zh, en] = [kindTitle(kind, true), kindTitle(kind, false)];
      throw new Refused(
        t(`找不到${zh} ${id}`, `no ${en} ${id}`),
        t("用 svc list 查看编号", "see the ids with svc list"),
      );
    }
    return rec;
  }

  /**
   * Any record by id: the prefix names its kind; otherwise people, customers, products are tried.
   * An id of no kind's form is refused (exit 2).
   */
  find(typed: string): AnyRecord | undefined {
    const id = this.resolveId(typed);
    const kind = kindOfId(id);
    if (kind) {
      if (!isIdOf(kind, id)) throw badId(kind, id);
      return this.get(kind, id);
    }
    if (!isIdOf("person", id))
      throw new UsageError(
        t(`${JSON.stringify(id)} 不是记录编号`, `${JSON.stringify(id)} is not a record id`),
        t("用 svc list 查看编号", "see the ids with svc list"),
      );
    for (const k of ["person", "customer", "product"] as const) {
      const r = this.get(k, id);
      if (r) return r;
    }
    return undefined;
  }

  people(): Person[] {
    return this.list("person");
  }

  person(id: string): Person | undefined {
    return this.get("person", id);
  }

  /**
   * Serve a kind from records this run has already read and validated — `svc start`'s check, whose
   * snapshot holds every record (src/check/snapshot.ts validKinds: only kinds whose every file is a
   * valid record) — instead of reading the folder again (issue 18). A kind already read is kept.
   */
  adopt(kind: Kind, records: readonly AnyRecord[]): void {
    if (!this.cache.has(kind)) this.cache.set(kind, new Map(records.map((r) => [r.id, r])));
  }

  /** Whether this store holds every record of the kind already (read, or adopted). */
  holds(kind: Kind): boolean {
    return this.cache.has(kind);
  }

  private loadKind(kind: Kind): Map<string, AnyRecord> {
    let map = this.cache.get(kind);
    if (!map) {
      const indexed = this.takeIndexed(kind);
      const records = indexed
        ? this.readIndexed(kind, indexed.use(`${JUDGED_BY}|`), (r: AnyRecord) => r, true)
        : this.readKind(kind, kind, "", (r: AnyRecord) => r);
      map = new Map(records.map((r) => [r.id, r]));
      this.cache.set(kind, map);
    }
    return map;
  }

  /** A fresh id for a new record, unused in this clone (random part: no collision between clones). */
  newId(kind: Kind): string {
    for (;;) {
      const id = newId(kind, dateLocal(this.now(), this.tz), randomBytes(5));
      if (!existsSync(this.abs(pathOf(kind, id)))) return id;
    }
  }

  // ---------------------------------------------------------------- writing

  get lockPath(): string {
    return join(this.gitDir, "svc.lock");
  }

  private get pendingPath(): string {
    return join(this.gitDir, "svc-pending.json");
  }

  async withLock<T>(fn: () => Promise<T>): Promise<T> {
    // In one process, writers queue on a promise chain; across processes, on the lock file.
    const previous = inProcess.get(this.lockPath) ?? Promise.resolve();
    let done!: () => void;
    const mine = new Promise<void>((r) => {
      done = r;
    });
    inProcess.set(this.lockPath, mine);
    await previous;
    try {
      const timeout = lockTimeoutMs(this.env); // a usage error for a value that is not seconds
      const release = await acquireLock(this.lockPath, timeout);
      try {
        return await fn();
      } finally {
        release();
      }
    } finally {
      done();
      if (inProcess.get(this.lockPath) === mine) inProcess.delete(this.lockPath);
    }
  }

  /** Validate, then commit the change as one commit by `change.author`. Returns the commit id. */
  async commit(change: Change): Promise<{ commit: string; files: string[] }> {
    const { validateData } = await import("./validate.ts");
    const files: { rel: string; content?: Buffer; remove?: boolean }[] = [];
    for (const { record } of change.put ?? []) {
      const problems = await validateData(record.kind, record);
      if (problems.length) {
        const list = problems.map((p) => `${p.path.join(".") || "/"}: ${p.message}`).join("; ");
        throw new Refused(
          t(
            `记录 ${record.id} 无效，未写入：${list}`,
            `record ${record.id} is invalid and was not written: ${list}`,
          ),
        );
      }
      const rel = pathOf(record.kind, record.id);
      files.push({ rel, content: Buffer.from(stringifyRecord(record), "utf8") });
    }
    for (const { kind, id } of change.remove ?? []) files.push({ rel: pathOf(kind, id), remove: true });
    for (const a of change.attach ?? [])
      files.push({ rel: a.dest, content: a.content ?? readAttachment(a.source, this.maxAttachmentBytes) });
    await this.pausePoint();

    return this.withLock(async () => {
      await this.recover();
      // Under the lock: what this commit replaces is still what the command read, a record it
      // creates does not exist yet, and no path it writes is a symlink or not a regular file.
      const head = await this.refuseChangedMeanwhile(change);
      for (const { record, create } of change.put ?? []) {
        if (create && lstatSync(this.abs(pathOf(record.kind, record.id)), { throwIfNoEntry: false }))
          throw new Refused(t(`记录 ${record.id} 已存在`, `record ${record.id} already exists`));
      }
      for (const f of files) assertSafeTarget(this.root, f.rel, f.rel);
      const commit = await this.writeCommit(files, change);
      this.own.add(commit);
      if (head === this.base) this.base = commit;
      for (const { record } of change.put ?? []) this.cache.get(record.kind)?.set(record.id, record);
      for (const { kind, id } of change.remove ?? []) this.cache.get(kind)?.delete(id);
      // git's index as asked before this commit no longer tells which files changed (useIndex)
      this.indexed = undefined;
      this.asking = undefined;
      return { commit, files: files.map((f) => f.rel) };
    });
  }

  /**
   * Refuse, naming the records, when a commit made since `base` by anyone but this store changed a
   * record this change writes, removes or rests on (`basis`): the command built its change from the
   * version before, and writing it would silently drop the other change (issue 11: two `svc log` at
   * once kept one entry). Called under the lock, so nothing moves HEAD between this and the commit.
   * Returns HEAD. Costs nothing while HEAD is still `base` (the usual case); else one `git log`.
   */
  private async refuseChangedMeanwhile(change: Change): Promise<string | undefined> {
    const head = await this.head();
    if (head === this.base || !head) return head;
    const touched = new Map<string, string>();
    for (const { record } of change.put ?? [])
      touched.set(this.gitPath(pathOf(record.kind, record.id)), record.id);
    for (const { kind, id } of [...(change.remove ?? []), ...(change.basis ?? [])])
      touched.set(this.gitPath(pathOf(kind, id)), id);
    const dirs = (change.basisNew ?? []).map((k) => this.gitPath(KINDS[k].dir));
    if (!touched.size && !dirs.length) return head;
    const range = this.base ? `${this.base}..${head}` : head;
    const r = await git(
      [
        "-c",
        "core.quotePath=false",
        "log",
        "--format=%x00%H",
        "--name-status",
        "--no-renames",
        range,
        "--",
        ...touched.keys(),
        ...dirs,
      ],
      { cwd: this.gitTop, allowFail: true },
    );
    const changed = new Set<string>();
    if (r.code !== 0) for (const id of touched.values()) changed.add(id); // base gone (history rewritten)
    for (const chunk of r.stdout.split("\0").slice(1)) {
      const [sha, ...lines] = chunk.split("\n").filter(Boolean);
      if (this.own.has(sha)) continue;
      for (const line of lines) {
        const [status, p] = line.split("\t");
        const id = touched.get(p);
        if (id) changed.add(id);
        else if (status === "A" && dirs.some((d) => p.startsWith(`${d}/`)))
          changed.add(p.slice(p.lastIndexOf("/") + 1).replace(/\.yaml$/, ""));
      }
    }
    if (!changed.size) return head;
    const ids = [...changed].join(", ");
    throw new Refused(
      t(
        `在此命令读取之后，另一个 svc（或 git）修改了 ${ids}；为免覆盖对方的修改，未写入任何内容`,
        `another svc (or git) changed ${ids} meanwhile, after this command read it; nothing was written, so that change is not lost`,
      ),
      t(
        "重新运行该命令（它会基于最新的记录）",
        "run the command again (it then starts from the current records)",
      ),
    );
  }

  /**
   * Test hook for the concurrency tests: with SVC_PAUSE_BEFORE_LOCK=FILE a commit, its records read
   * and built, creates FILE.ready and waits until FILE exists before it takes the lock.
   */
  private async pausePoint(): Promise<void> {
    const gate = this.env.SVC_PAUSE_BEFORE_LOCK;
    if (!gate) return;
    writeFileSync(`${gate}.ready`, `${process.pid}\n`);
    while (!existsSync(gate)) await new Promise((r) => setTimeout(r, 10));
  }

  /** svc.yaml `attachments.maxBytes` (optional; 20 MB by default). */
  get maxAttachmentBytes(): number {
    return this.config.attachments.maxBytes ?? DEFAULTS.attachments.maxBytes;
  }

  /** The index a commit is built in, apart from the user's (see the header). */
  get privateIndex(): string {
    return join(this.gitDir, `svc-index-${process.pid}-${this.serial}`);
  }

  /** Tells apart the stores of one process (the in-process stress test runs many). */
  private readonly serial = ++stores;

  private prepared?: Promise<Prepared>;

  /**
   * Start, in the background, what a commit asks before its records are ready — the committer
   * identity, HEAD, the private index seeded from it, the validators of the kinds it `writes` —
   * while the command reads and builds (one mutation ≤ plain git + 100 ms, issue 7). The commit uses
   * it if HEAD has not moved meanwhile; if no commit follows, the private index is removed at exit.
   */
  prepareCommit(writes: Kind[] = []): void {
    if (this.prepared) return;
    const index = this.privateIndex;
    preparedIndexes.add(index);
    if (!preparedIndexesRemovedAtExit) {
      preparedIndexesRemovedAtExit = true;
      process.once("exit", () => {
        for (const f of preparedIndexes) rmSync(f, { force: true });
        preparedIndexes.clear();
      });
    }
    this.prepared = Promise.all([this.committerKnown(), this.head()]).then(
      async ([committerKnown, parent]) => {
        const seeded = parent ? await this.seedIndex(index, parent, { GIT_INDEX_FILE: index }) : undefined;
        return { committerKnown, parent, seeded };
      },
    );
    this.prepared.catch(() => {}); // a failure only means the commit prepares for itself
    // Loaded again, with any error, when the commit validates and writes its blobs.
    if (writes.length)
      import("./validate.ts")
        .then(({ validatorOf }) => Promise.all(writes.map((kind) => validatorOf(kind))))
        .catch(() => {});
    import("node:zlib").catch(() => {});
  }

  /** Whether git has a committer identity (else the author commits too). */
  private async committerKnown(): Promise<boolean> {
    if (this.env.GIT_COMMITTER_NAME?.trim() && this.env.GIT_COMMITTER_EMAIL?.trim()) return true; // git's first choice
    const r = await git(["var", "GIT_COMMITTER_IDENT"], { cwd: this.gitTop, allowFail: true });
    return r.code === 0;
  }

  private signs?: Promise<boolean>;

  /** Whether git is configured to sign commits here (`commit.gpgSign`); asked once per store. */
  private signing(): Promise<boolean> {
    this.signs ??= signsCommits(this.gitTop, this.env).catch(() => false);
    return this.signs;
  }

  /**
   * `git commit-tree`, signed when `args` carry `-S` (git signs with `user.signingKey` in the format
   * of `gpg.format`, as `git commit` would); a signing failure is an environment error, not a crash.
   */
  private async commitTree(args: string[], env: NodeJS.ProcessEnv, message: string): Promise<string> {
    const r = await git(args, { cwd: this.gitTop, env, input: `${message}\n`, allowFail: true });
    if (r.code === 0) return r.stdout.trim();
    if (!args.includes("-S")) throw new GitError(args, r);
    throw new UsageError(
      t(
        `git 无法签名这个提交（commit.gpgSign 已打开）：${r.stderr.trim().split("\n")[0]}`,
        `git could not sign the commit (commit.gpgSign is on): ${r.stderr.trim().split("\n")[0]}`,
      ),
      t(
        "检查 git config gpg.format、user.signingKey（SSH：私钥或公钥文件路径）和 ssh-keygen；或 git config commit.gpgSign false",
        "check git config gpg.format and user.signingKey (SSH: a key file path) and ssh-keygen; or git config commit.gpgSign false",
      ),
    );
  }

  private head(): Promise<string | undefined> {
    return resolveHead(this.gitTop, this.gitDir, this.env);
  }

  private async writeCommit(
    files: { rel: string; content?: Buffer; remove?: boolean }[],
    change: Change,
  ): Promise<string> {
    const cwd = this.gitTop;
    const index = this.privateIndex;
    const signing = this.signing(); // asked while the blobs are written
    const when = this.now().toISOString();
    const env: NodeJS.ProcessEnv = {
      GIT_INDEX_FILE: index,
      GIT_AUTHOR_NAME: change.author.name,
      GIT_AUTHOR_EMAIL: change.author.email,
      GIT_AUTHOR_DATE: when,
    };
    if (this.env.SVC_NOW) env.GIT_COMMITTER_DATE = when;
    // Independent steps run side by side (one mutation ≤ plain git + 100 ms, issue 7); a blob written
    // for a commit that then fails is only an unreferenced object.
    const prepared = this.prepared ? await this.prepared.catch(() => undefined) : undefined;
    this.prepared = undefined;
    const plain = plainRepository(this.gitDir, this.env);
    const [committerKnown, parent, blobs] = await Promise.all([
      prepared?.committerKnown ?? this.committerKnown(),
      this.head(),
      Promise.all(
        files.map((f) =>
          f.remove || !f.content
            ? undefined
            : plain
              ? writeBlob(this.gitDir, f.content)
              : git(["hash-object", "-w", "--stdin"], { cwd, input: f.content }).then((r) => r.stdout.trim()),
        ),
      ),
    ]);
    if (!committerKnown) {
      env.GIT_COMMITTER_NAME = change.author.name;
      env.GIT_COMMITTER_EMAIL = change.author.email;
    }
    try {
      // Seeded already by prepareCommit, unless HEAD moved since (another svc committed first).
      let seeded = prepared?.seeded;
      if (parent && prepared?.parent !== parent) seeded = await this.seedIndex(index, parent, env);
      else if (!parent) rmSync(index, { force: true });
      const cacheinfo: string[] = [];
      const removed: string[] = [];
      files.forEach((f, i) => {
        const path = this.gitPath(f.rel);
        if (f.remove) removed.push(path);
        else cacheinfo.push("--cacheinfo", `100644,${blobs[i]},${path}`);
      });
      if (cacheinfo.length) await git(["update-index", "--add", ...cacheinfo], { cwd, env });
      if (removed.length) await git(["update-index", "--force-remove", "--", ...removed], { cwd, env });
      // Every object the tree names exists (the parent's, and the blobs just written): git need not
      // look each one up again (~3,000 in a year's folder).
      const tree = (await git(["write-tree", "--missing-ok"], { cwd, env })).stdout.trim();
      const args = ["commit-tree", tree, "-F", "-"];
      if (parent) args.push("-p", parent);
      if (await signing) args.push("-S"); // commit-tree ignores commit.gpgSign (issue 12 item 7)
      const commit = await this.commitTree(args, env, change.message);
      // Journal first: once the ref moves, the work tree must follow even if we are killed.
      const pending: Pending = { commit, files: files.map((f) => ({ path: f.rel, remove: f.remove })) };
      writeFileSync(`${this.pendingPath}.tmp`, JSON.stringify(pending));
      renameSync(`${this.pendingPath}.tmp`, this.pendingPath); // whole or absent
      this.crashPoint("journal");
      const moved = await git(
        ["update-ref", "-m", `svc: ${change.message.split("\n")[0]}`, "HEAD", commit, parent ?? ""],
        {
          cwd,
          allowFail: true,
        },
      );
      if (moved.code !== 0) {
        unlinkSync(this.pendingPath);
        throw new Refused(
          t(
            "提交失败：HEAD 已被其他进程改变，未写入任何内容",
            "commit failed: HEAD changed underneath; nothing was written",
          ),
          t("重试该命令", "run the command again"),
        );
      }
      this.crashPoint("ref");
      await this.materialize(pending, files, seeded && { index, seeded });
      return commit;
    } finally {
      rmSync(index, { force: true });
      preparedIndexes.delete(index); // gone: not to be removed again at exit
    }
  }

  /**
   * Fill the private index with the parent commit's tree (performance, issue 7). `git read-tree`
   * rebuilds the whole index from the trees: ~150 ms in a 50,000-file repository. A copy of the
   * user's index is the same thing when nothing is staged, costs a few ms and keeps the cache-tree
   * (so write-tree rehashes only the changed folders). The check runs on the copy itself, so a
   * change staged meanwhile cannot slip in: if the copy differs from the parent in any way (staged
   * changes, conflicts), or there is no index, the tree is read as before. The user's staged changes
   * are never swept into an svc commit. Returns the user's index file as it was copied (see
   * `materialize`), or undefined when the tree was read.
   */
  private async seedIndex(
    index: string,
    parent: string,
    env: NodeJS.ProcessEnv,
  ): Promise<IndexFile | undefined> {
    const cwd = this.gitTop;
    const user = join(this.gitDir, "index");
    try {
      const before = indexFile(user);
      copyFileSync(user, index);
      // The copy keeps the original's times, so git judges racily clean entries as it would in it.
      utimesSync(index, before.atime, before.mtime);
      const same = await git(["diff-index", "--cached", "--quiet", parent, "--"], {
        cwd,
        env,
        allowFail: true,
      });
      if (same.code === 0) {
        await this.resplit(before, env); // env names the private index
        return sameIndexFile(before, indexFile(user)) ? before : undefined;
      }
    } catch {
      // no index yet (or unreadable): read the tree
    }
    await git(["read-tree", parent], { cwd, env });
    return undefined;
  }

  /**
   * With core.splitIndex (svc init sets it), entries changed since git last wrote the shared index
   * pile up in .git/index — refreshed file times too, a megabyte after a `git reset --hard` — and every
   * git process merges them in again: ~12 ms of each `write-tree` at 50,000 files. Past 256 KB they
   * are pushed back into a new shared index while the command builds its record; the user's index,
   * replaced by this one after the commit, is then small too (issue 7).
   */
  private async resplit(file: IndexFile, env: NodeJS.ProcessEnv): Promise<void> {
    if (file.size < 256n * 1024n) return;
    if (
      !/^\s*splitindex\s*=\s*true\s*$/im.test(readCache(join(this.gitDir, "config"))?.toString("utf8") ?? "")
    )
      return;
    await git(["update-index", "--split-index"], { cwd: this.gitTop, env, allowFail: true });
  }

  /**
   * Bring the work tree and the index in line with a commit whose ref has moved. The user's index
   * becomes the private one the commit was built in (rename under git's index.lock) when that was a
   * copy of it and it has not changed since: the same entries plus this commit's, a valid cache-tree,
   * no 50,000-entry rewrite (issue 7). Otherwise (staged changes, recovery) git updates its paths.
   */
  private async materialize(
    pending: Pending,
    contents?: { rel: string; content?: Buffer }[],
    built?: { index: string; seeded: IndexFile },
  ): Promise<void> {
    const cwd = this.gitTop;
    const paths: string[] = [];
    for (const f of pending.files) {
      const abs = this.abs(f.path);
      // A write cut short by a kill leaves <file>.<n> behind; only recovery (no contents) meets one.
      if (!contents && !unsafeTarget(this.root, f.path)) removeTempSiblings(abs);
      if (f.remove) {
        assertSafeTarget(this.root, f.path, f.path);
        rmSync(abs, { force: true });
      } else {
        let content = contents?.find((c) => c.rel === f.path)?.content;
        // Byte for byte: an attachment is binary (issue 11: read as text it came back 5,379 bytes of 3,000).
        content ??= gitBlobSync(cwd, `${pending.commit}:${this.gitPath(f.path)}`);
        // Never through a symlink, also when one appeared after the commit was checked.
        assertSafeTarget(this.root, f.path, f.path);
        mkdirSync(dirname(abs), { recursive: true }); // dated records live in <folder>/<YYYY>/
        writeFileNoFollow(abs, content); // sync: one file, no thread-pool round trips (issue 7)
      }
      paths.push(this.gitPath(f.path));
    }
    this.crashPoint("files");
    if (!built || !this.replaceIndex(built.index, built.seeded))
      try {
        await git(["update-index", "--add", "--remove", "--", ...paths], { cwd });
      } catch (e) {
        // The commit is made and the files written; only git's index is behind, and the journal kept
        // says so: the next svc command brings it up to date (`recover`). Not an internal error: the
        // index is locked by another git, or not writable (found by attack).
        if (!(e instanceof GitError)) throw e;
        throw new UsageError(
          t(
            `已提交 ${pending.commit.slice(0, 10)}，文件已写好；但 git 的索引暂时无法更新：${e.result.stderr.trim().split("\n")[0]}`,
            `committed ${pending.commit.slice(0, 10)} and wrote its files, but git's index could not be updated: ${e.result.stderr.trim().split("\n")[0]}`,
          ),
          t(
            "下一次 svc 命令会补上；若没有 git 在运行，删除 .git/index.lock。在那之前不要用 git commit",
            "the next svc command completes it; if no git is running, remove .git/index.lock. Do not git commit before that",
          ),
        );
      }
    rmSync(this.pendingPath, { force: true });
  }

  /**
   * Put `index` in place of the user's index if that is still the file `seeded` describes. Done under
   * git's index.lock, so no git process writes the index meanwhile; the lock says "svc <pid>" (made
   * whole by a hard link), so that one left by a kill is told from git's and removed by `recover`.
   */
  private replaceIndex(index: string, seeded: IndexFile): boolean {
    const user = join(this.gitDir, "index");
    const lock = `${user}.lock`;
    const mine = `${lock}.svc-${process.pid}`;
    try {
      writeFileSync(mine, `svc ${process.pid}\n`);
      linkSync(mine, lock); // fails if git (or another svc) holds the lock
    } catch {
      return false;
    } finally {
      rmSync(mine, { force: true });
    }
    this.crashPoint("index");
    try {
      if (!sameIndexFile(seeded, indexFile(user))) return false;
      renameSync(index, user);
      return true;
    } catch {
      return false;
    } finally {
      rmSync(lock, { force: true });
    }
  }

  /**
   * Fault injection for the crash tests: SVC_CRASH_AT=journal|ref|files|index kills this process with
   * SIGKILL right after that step of a commit (journal written / ref moved / files written / git's
   * index lock taken).
   */
  private crashPoint(point: string): void {
    if (this.env.SVC_CRASH_AT === point) process.kill(process.pid, "SIGKILL");
  }

  /** Finish (or discard) the action a killed svc left behind. Call with the lock held. */
  private async recover(notify?: (line: string) => void): Promise<void> {
    // What killed svc processes left in .git: private indexes, and the file git's index.lock was
    // linked from (replaceIndex); then an index.lock that says it is a dead svc's.
    for (const name of readdirSync(this.gitDir)) {
      const pid = /^(?:svc-index-(\d+)(?:-\d+)?|index\.lock\.svc-(\d+))$/.exec(name)?.slice(1).find(Boolean);
      if (pid && !processAlive(Number(pid))) rmSync(join(this.gitDir, name), { force: true });
    }
    const lock = join(this.gitDir, "index.lock");
    const holder = /^svc (\d+)\n$/.exec(readCache(lock)?.toString("utf8") ?? "")?.[1];
    if (holder && !processAlive(Number(holder))) rmSync(lock, { force: true });
    if (!existsSync(this.pendingPath)) return;
    let pending: Pending | undefined;
    try {
      pending = JSON.parse(readFileSync(this.pendingPath, "utf8")) as Pending;
    } catch {
      pending = undefined;
    }
    const head = await this.head();
    if (pending && head === pending.commit) await this.materialize(pending);
    else {
      if (pending && head) this.tellUndone(pending, head, notify);
      rmSync(this.pendingPath, { force: true });
    }
  }

  /**
   * The interrupted commit's files were never written to the work tree, and something else moved HEAD
   * since — a plain `git commit -a` then commits the old files back, undoing svc's change under the
   * committer's name. The journal is dropped (there is nothing left to finish), but not silently: the
   * person is told which commit was undone, which files, and how to get it back (found by attack).
   */
  private tellUndone(pending: Pending, head: string, notify?: (line: string) => void): void {
    const short = pending.commit.slice(0, 10);
    const onBranch = isAncestorSync(this.gitTop, pending.commit, head);
    const blob = (rev: string, rel: string) =>
      gitSync(["rev-parse", "-q", "--verify", `${rev}:${this.gitPath(rel)}`], this.gitTop).stdout.trim();
    const lost = pending.files
      .map((f) => f.path)
      .filter((rel) => !onBranch || blob(pending.commit, rel) !== blob(head, rel));
    if (!lost.length) return;
    const files = lost.join(", ");
    notify?.(
      onBranch
        ? t(
            `注意：svc 的提交 ${short} 被中断时文件尚未写入工作区，之后的提交又把 ${files} 改回了别的内容——那次操作的改动可能已被撤销。查看：git log -p ${short}..HEAD -- ${lost.join(" ")}；要恢复：git checkout ${short} -- ${lost.join(" ")}，再提交（或重做那条 svc 命令）`,
            `note: svc's commit ${short} was interrupted before its files reached the work tree, and a later commit holds ${files} otherwise — that action's change may have been undone. See git log -p ${short}..HEAD -- ${lost.join(" ")}; to restore: git checkout ${short} -- ${lost.join(" ")} and commit (or run that svc command again)`,
          )
        : t(
            `注意：上次被中断的 svc 操作（提交 ${short}，${files}）没有生效；需要时重做那条 svc 命令`,
            `note: the svc action interrupted last (commit ${short}, ${files}) did not happen; run it again if it should`,
          ),
    );
  }
}

/**
 * An attachment's bytes, refused before anything is read when it is not a regular file (a FIFO,
 * /dev/zero, a folder) or larger than `maxBytes` (a 1 GB file was committed).
 */
export function readAttachment(source: string, maxBytes: number, shown = source): Buffer {
  let st: import("node:fs").Stats | undefined;
  try {
    st = statSync(source);
  } catch {
    st = undefined;
  }
  if (!st?.isFile())
    throw new UsageError(
      t(`附件 ${shown} 不存在或不是普通文件`, `attachment ${shown} does not exist or is not a regular file`),
    );
  const tooBig = () =>
    new Refused(
      t(
        `附件 ${shown} 有 ${mb(st.size)}，超过上限 ${mb(maxBytes)}（svc.yaml attachments.maxBytes）`,
        `attachment ${shown} is ${mb(st.size)}, over the limit of ${mb(maxBytes)} (svc.yaml attachments.maxBytes)`,
      ),
      t(
        "缩小文件（如压缩图片）后重试，或由主管调高上限",
        "make the file smaller (e.g. compress the photo), or have the supervisor raise the limit",
      ),
    );
  if (st.size > maxBytes) throw tooBig();
  const data = readFileSync(source);
  if (data.length > maxBytes) throw tooBig(); // grew since the stat
  return data;
}

function mb(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${bytes} B`;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Removes the temporary files `<file>.<digits>` a write cut short leaves next to a file (safe-write.ts; write-file-atomic named them so too). */
function removeTempSiblings(abs: string): void {
  const dir = dirname(abs);
  const base = basename(abs);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const n of names)
    if (n.startsWith(`${base}.`) && /^\d+$/.test(n.slice(base.length + 1)))
      rmSync(join(dir, n), { force: true });
}

export function kindTitle(kind: Kind, zh: boolean): string {
  return KIND_TITLES[kind][zh ? 0 : 1];
}

/**
 * Relative paths of the .yaml files under a folder of the repository (recursively), never through a
 * symbolic link (src/store/read.ts `listRecordFiles` also names the entries it leaves out).
 */
export function listYaml(root: string, dir: string): string[] {
  return listRecordFiles(root, dir).files;
}

/** The refusal of a kind's records that are not valid: the first few findings, and where to see all. */
export function invalidRecords(kind: Kind, findings: Finding[]): Refused {
  // One file: its first three findings; several: the first finding of each of the first three files.
  const files = new Set(findings.map((f) => f.file)).size;
  const first =
    files === 1 ? findings : findings.filter((f, i) => i === 0 || findings[i - 1].file !== f.file);
  const shown = first.slice(0, 3).map((f) => `${f.file}:${f.line}:${f.col}: ${f.message}`);
  const more = findings.length - shown.length;
  if (more > 0)
    shown.push(t(`……另有 ${more} 处（共 ${files} 个文件）`, `… and ${more} more (${files} files in all)`));
  const [zh, en] = KIND_TITLES[kind];
  return new Refused(
    t(
      `${zh}记录无效，未执行：\n${shown.join("\n")}`,
      `invalid ${en} records, nothing done:\n${shown.join("\n")}`,
    ),
    t("运行 svc check 查看全部问题并改正", "run svc check to see every problem, and correct them"),
  );
}

export { KIND_NAMES };
