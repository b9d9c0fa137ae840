// `svc check --history`, identity (issue 12 item 7): with svc.yaml `integrity.requireSignedCommits`,
// every commit must carry an SSH signature that git verifies against the signing key its claimed
// author has in the roster; and, whatever the setting, a commit dated before its parent is a warning.
//
// Which roster vouches for a commit: the roster at its (first) parent, so a commit cannot add its own
// key and sign with it. Only while that roster is empty (the repository's bootstrap, when anyone may
// add the first person) is the commit's own roster used; a commit whose own roster is empty as well
// (`svc init`) has nobody to be verified against. Which commits must be signed: those where
// svc.yaml at the commit or at a parent has the setting on — from the commit that turns it on (that
// one included) until a signed commit turns it off; the history before stays valid.
//
// The pure parts (which commits, which roster, the allowed-signers text, the verdict → finding) are
// exported for tests; git's work is in src/store/git.ts.
import { createHash } from "node:crypto";
import { relative } from "node:path";
import { t } from "../core/i18n.ts";
import { keyBody, parseSshPublicKey } from "../core/ssh-key.ts";
import {
  type CommitStamp,
  commitStampStream,
  GitError,
  objectContents,
  objectIds,
  type SignatureVerdict,
  stampsOf,
  treeBlobs,
  verifySignatures,
} from "../store/git.ts";
import { parseRecordText } from "../store/yaml.ts";
import type { Finding } from "./finding.ts";

export const SIGNATURE_RULE = "history-signature";
/** Commits per git verification process (so that several run side by side). */
const VERIFY_SLICE = 100;
/** Commits whose identity is judged together (their objects asked of git at once). */
const SIGNATURE_SLICE = 2000;
export const DATE_ORDER_RULE = "history-date-order";

/** A roster entry as far as signatures go. */
export interface Signer {
  id: string;
  name?: string;
  email: string;
  signingKey?: string;
}

/** svc.yaml's `integrity.requireSignedCommits` in a version of its text (false when unreadable). */
export function requiresSigned(configText: string | undefined): boolean {
  if (configText === undefined) return false;
  const r = parseRecordText(configText);
  if (!r.ok || !r.data || typeof r.data !== "object") return false;
  const integrity = (r.data as { integrity?: { requireSignedCommits?: unknown } }).integrity;
  return integrity?.requireSignedCommits === true;
}

/** Whether a commit must be signed: the setting is on at the commit or at one of its parents. */
export function mustBeSigned(c: { sha: string; parents: string[] }, on: (sha: string) => boolean): boolean {
  return on(c.sha) || c.parents.some(on);
}

/**
 * The roster that vouches for a commit: its first parent's, unless that is empty (bootstrap) or
 * there is no parent (a root) — then the commit's own.
 */
export function vouchingRoster(
  c: { sha: string; parents: string[] },
  rosterAt: (sha: string) => Signer[],
): Signer[] {
  const parent = c.parents[0];
  const before = parent ? rosterAt(parent) : [];
  return before.length ? before : rosterAt(c.sha);
}

/** The roster entries whose email is the commit's author email (case-insensitive, as history.ts). */
export function claimedAuthor(roster: Signer[], email: string): Signer | undefined {
  const e = email.toLowerCase();
  return roster.find((p) => p.email.toLowerCase() === e);
}

/**
 * An allowed-signers file (ssh-keygen(1) ALLOWED SIGNERS) naming only `person`'s key, for git's
 * namespace: a good signature by any other key is then not "G". The principal is the roster id
 * (the schema's id pattern has no wildcard or comma).
 */
export function allowedSigners(person: Signer | undefined): string {
  if (!person?.signingKey || !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(person.id)) return "";
  return `${person.id} namespaces="git" ${keyBody(person.signingKey)}\n`;
}

/** A key's fingerprint as ssh-keygen and git's `%GK` print it: `SHA256:` + unpadded base64. */
export function fingerprint(key: string): string {
  const data = keyBody(key).split(" ")[1] ?? "";
  const digest = createHash("sha256").update(Buffer.from(data, "base64")).digest("base64");
  return `SHA256:${digest.replace(/=+$/, "")}`;
}

export interface SignatureJudgement {
  problem?:
    | "unsigned"
    | "no-key"
    | "roster-key"
    | "wrong-key"
    | "bad"
    | "unverifiable"
    | "expired"
    | "revoked";
  /** For a wrong key: the fingerprint, and whose roster key it is when someone's. */
  key?: string;
  owner?: Signer;
}

/** git's verdict on a commit that must be signed, read against the claimed author's roster entry. */
export function judgeSignature(
  person: Signer | undefined,
  verdict: SignatureVerdict | undefined,
  roster: Signer[],
): SignatureJudgement {
  // An empty roster (a repository's first commit, before anyone is on it) vouches for no key: there
  // is nothing to verify against yet. Emptying a roster takes a commit that was itself verified.
  if (!roster.length) return {};
  const status = verdict?.status ?? "E";
  if (status === "N") return { problem: "unsigned" };
  if (status === "G" && person?.signingKey && verdict?.signer === person.id) return {};
  if (!person?.signingKey) return { problem: "no-key" };
  if ("problem" in parseSshPublicKey(person.signingKey)) return { problem: "roster-key" };
  if (status === "B") return { problem: "bad" };
  if (status === "X" || status === "Y") return { problem: "expired" };
  if (status === "R") return { problem: "revoked" };
  if (status === "E" || !verdict?.key) return { problem: "unverifiable" };
  const owner = roster.find((p) => p.signingKey && fingerprint(p.signingKey) === verdict.key);
  return { problem: "wrong-key", key: verdict.key, owner };
}

type At = { line: number; col: number };

/** The message of a signature finding; undefined when the commit is properly signed. */
export function signatureFinding(c: CommitStamp, j: SignatureJudgement, at: At): Finding | undefined {
  if (!j.problem) return undefined;
  const short = c.sha.slice(0, 10);
  const who = `${c.name} <${c.email}>`;
  const [zh, en] = ((): [string, string] => {
    switch (j.problem) {
      case "unsigned":
        return [
          `提交 ${short} 没有签名（声称的作者：${who}）`,
          `commit ${short} is not signed (claimed author: ${who})`,
        ];
      case "no-key":
        return [
          `提交 ${short} 的声称作者 ${who} 在其父提交的人员名单中没有签名密钥（signingKey），签名无法验证`,
          `commit ${short}: its claimed author ${who} has no signingKey in the roster at its parent, so its signature cannot be verified`,
        ];
      case "roster-key":
        return [
          `提交 ${short}：声称作者 ${who} 在人员名单中的 signingKey 不是有效的 SSH 公钥（被截断或改动？），签名无法验证`,
          `commit ${short}: the roster's signingKey of its claimed author ${who} is not a valid SSH public key (truncated or edited?), so its signature cannot be verified`,
        ];
      case "wrong-key":
        return [
          `提交 ${short} 的签名密钥 ${j.key} 不是声称作者 ${who} 在人员名单中的签名密钥${j.owner ? `（是 ${j.owner.name ?? j.owner.id}（${j.owner.id}）的密钥）` : "（名单中没有这个密钥）"}`,
          `commit ${short} is signed with key ${j.key}, which is not the roster's signing key of its claimed author ${who}${j.owner ? ` (it is ${j.owner.name ?? j.owner.id}'s (${j.owner.id}) key)` : " (no one in the roster has this key)"}`,
        ];
      case "bad":
        return [
          `提交 ${short} 的签名无效：提交内容与签名不符（声称的作者：${who}）`,
          `commit ${short} has a bad signature: the commit does not match what was signed (claimed author: ${who})`,
        ];
      case "expired":
        return [
          `提交 ${short} 的签名或密钥已过期（声称的作者：${who}）`,
          `commit ${short}: the signature or key has expired (claimed author: ${who})`,
        ];
      case "revoked":
        return [
          `提交 ${short} 的签名密钥已被吊销（声称的作者：${who}）`,
          `commit ${short} is signed with a revoked key (claimed author: ${who})`,
        ];
      default:
        return [
          `提交 ${short} 的签名无法验证（不是 SSH 签名，或没有 ssh-keygen）（声称的作者：${who}）`,
          `commit ${short}'s signature could not be checked (not an SSH signature, or ssh-keygen is missing) (claimed author: ${who})`,
        ];
    }
  })();
  return {
    file: "svc.yaml",
    ...at,
    rule: SIGNATURE_RULE,
    severity: "error",
    message: t(
      `${zh}；svc.yaml 要求签名提交（integrity.requireSignedCommits）`,
      `${en}; svc.yaml requires signed commits (integrity.requireSignedCommits)`,
    ),
    hint:
      j.problem === "unverifiable"
        ? t("CI 需要 git 与 ssh-keygen（openssh-client）", "CI needs git and ssh-keygen (openssh-client)")
        : t(
            "提交人用自己的 SSH 密钥签名（git config gpg.format ssh、user.signingKey、commit.gpgSign true），且该公钥在此前的人员名单中（svc people edit ID --signing-key FILE.pub）",
            "the author signs with their own SSH key (git config gpg.format ssh, user.signingKey, commit.gpgSign true) whose public key was in the roster before (svc people edit ID --signing-key FILE.pub)",
          ),
    commit: c.sha,
    author: who,
  };
}

/**
 * A commit whose committer date is before a parent's (a rebase sets it to the time of the rebase, so
 * it only moves forward in honest work): back-dating a commit below its parent is seen.
 */
export function dateOrderFinding(c: CommitStamp, parents: (CommitStamp | undefined)[]): Finding | undefined {
  const mine = Date.parse(c.committerDate);
  const later = parents.find((p) => p && Date.parse(p.committerDate) > mine);
  if (!later || Number.isNaN(mine)) return undefined;
  const short = c.sha.slice(0, 10);
  return {
    file: short,
    line: 1,
    col: 1,
    rule: DATE_ORDER_RULE,
    severity: "warning",
    message: t(
      `提交 ${short} 的日期 ${c.committerDate} 早于其父提交 ${later.sha.slice(0, 10)} 的日期 ${later.committerDate}（日期被倒填？）`,
      `commit ${short} is dated ${c.committerDate}, before its parent ${later.sha.slice(0, 10)} (${later.committerDate}): back-dated?`,
    ),
    commit: c.sha,
    author: `${c.name} <${c.email}>`,
  };
}

/** Where svc.yaml's `requireSignedCommits` is (findings point at the setting), else 1:1. */
export function settingAt(configText: string | undefined): At {
  const lines = (configText ?? "").split("\n");
  const i = lines.findIndex((l) => /^\s*requireSignedCommits\s*:/.test(l));
  return i < 0 ? { line: 1, col: 1 } : { line: i + 1, col: lines[i].indexOf("requireSignedCommits") + 1 };
}

function signersIn(text: string | undefined): Signer | undefined {
  if (text === undefined) return undefined;
  const r = parseRecordText(text);
  const p = r.ok ? (r.data as Partial<Signer> & { kind?: unknown }) : undefined;
  if (!p || typeof p !== "object" || typeof p.id !== "string" || typeof p.email !== "string")
    return undefined;
  return {
    id: p.id,
    email: p.email,
    name: typeof p.name === "string" ? p.name : undefined,
    signingKey: typeof p.signingKey === "string" ? p.signingKey : undefined,
  };
}

export interface SignatureOptions {
  gitTop: string;
  /** The records folder (svc.yaml's). */
  root: string;
  range?: string;
  /** svc.yaml of the work tree, to point findings at the setting. */
  configText?: string;
  /** Commits judged together (SIGNATURE_SLICE; tests make it small). */
  slice?: number;
}

/** The identity findings of a range: signatures where required, commit dates always. */
export async function checkSignatures(o: SignatureOptions): Promise<Finding[]> {
  const prefix = relative(o.gitTop, o.root).split("\\").join("/");
  // svc.yaml's verdict by blob, shared by the slices (a department has few versions of it).
  const onByBlob = new Map<string, boolean>();
  const findings: Finding[] = [];
  // Slices of the range, oldest first, as git writes them (issue 18: the stamps and objects of
  // 164,000 commits at once took 400 MB). A parent is usually in the slice or the one before; others
  // are asked of git.
  const size = Math.max(1, o.slice ?? SIGNATURE_SLICE);
  let before = new Map<string, CommitStamp>();
  let slice: CommitStamp[] = [];
  const judge = async () => {
    const stamps = new Map(slice.map((c) => [c.sha, c]));
    const outside = [...new Set(slice.flatMap((c) => c.parents))].filter(
      (p) => !stamps.has(p) && !before.has(p),
    );
    for (const x of await stampsOf(o.gitTop, outside)) stamps.set(x.sha, x);
    for (const c of slice)
      for (const p of c.parents) if (before.has(p)) stamps.set(p, before.get(p) as CommitStamp);
    findings.push(...(await sliceFindings(o, slice, stamps, onByBlob)));
    before = new Map(slice.map((c) => [c.sha, c]));
    slice = [];
  };
  try {
    for await (const c of commitStampStream(o.gitTop, o.range, prefix || undefined)) {
      slice.push(c);
      if (slice.length >= size) await judge();
    }
  } catch (e) {
    // An unknown range is reported by the history walk (history.ts); nothing to add here.
    if (e instanceof GitError) return [];
    throw e;
  }
  if (slice.length) await judge();
  return findings;
}

/** The findings of a slice of the range's commits (their parents' stamps in `stamps`). */
async function sliceFindings(
  o: SignatureOptions,
  commits: CommitStamp[],
  stamps: Map<string, CommitStamp>,
  onByBlob: Map<string, boolean>,
): Promise<Finding[]> {
  const prefix = relative(o.gitTop, o.root).split("\\").join("/");
  const sub = (p: string) => (prefix ? `${prefix}/${p}` : p);
  const findings: Finding[] = [];
  for (const c of commits) {
    const f = dateOrderFinding(
      c,
      c.parents.map((p) => stamps.get(p)),
    );
    if (f) findings.push(f);
  }

  // svc.yaml at every commit and parent: ids first, each distinct version read once.
  const all = [...new Set(commits.flatMap((c) => [c.sha, ...c.parents]))];
  const configIds = await objectIds(
    o.gitTop,
    all.map((s) => `${s}:${sub("svc.yaml")}`),
  );
  const unread = [...new Set([...configIds.values()].map((v) => v.oid))].filter((b) => !onByBlob.has(b));
  const configBlobs = await objectContents(o.gitTop, unread);
  for (const [oid, body] of configBlobs) onByBlob.set(oid, requiresSigned(body.toString("utf8")));
  const on = (sha: string) => {
    const id = configIds.get(`${sha}:${sub("svc.yaml")}`);
    return id ? (onByBlob.get(id.oid) ?? false) : false;
  };
  const required = commits.filter((c) => mustBeSigned(c, on));
  if (!required.length) return findings;

  // The roster at each commit that may vouch (parents, and the commits themselves for bootstrap).
  const rosterRevs = [...new Set(required.flatMap((c) => [c.sha, ...c.parents.slice(0, 1)]))];
  const peopleIds = await objectIds(
    o.gitTop,
    rosterRevs.map((s) => `${s}:${sub("people")}`),
  );
  const trees = await objectContents(o.gitTop, [
    ...new Set([...peopleIds.values()].filter((v) => v.type === "tree").map((v) => v.oid)),
  ]);
  const entries = new Map<string, string[]>();
  for (const [oid, body] of trees) {
    const blobs = treeBlobs(body, oid.length / 2);
    entries.set(
      oid,
      [...blobs].filter(([name]) => name.endsWith(".yaml")).map(([, b]) => b),
    );
  }
  const people = await objectContents(o.gitTop, [...new Set([...entries.values()].flat())]);
  const signerByBlob = new Map<string, Signer | undefined>();
  for (const [oid, body] of people) signerByBlob.set(oid, signersIn(body.toString("utf8")));
  const rosterAt = (sha: string): Signer[] => {
    const tree = peopleIds.get(`${sha}:${sub("people")}`);
    return (tree ? (entries.get(tree.oid) ?? []) : [])
      .map((b) => signerByBlob.get(b))
      .filter((p): p is Signer => Boolean(p));
  };

  // One git verification per distinct allowed-signers text (a roster version × an author).
  const groups = new Map<string, CommitStamp[]>();
  const context = new Map<string, { person?: Signer; roster: Signer[] }>();
  for (const c of required) {
    const roster = vouchingRoster(c, rosterAt);
    const person = claimedAuthor(roster, c.email);
    context.set(c.sha, { person, roster });
    const text = allowedSigners(person);
    const group = groups.get(text);
    if (group) group.push(c);
    else groups.set(text, [c]);
  }
  // git runs ssh-keygen twice per signed commit (~25 ms): the work is split over the cores.
  const verdicts = new Map<string, SignatureVerdict>();
  const queue: [string, CommitStamp[]][] = [];
  for (const [text, list] of groups)
    for (let k = 0; k < list.length; k += VERIFY_SLICE) queue.push([text, list.slice(k, k + VERIFY_SLICE)]);
  const worker = async () => {
    for (let g = queue.shift(); g; g = queue.shift()) {
      const [text, list] = g;
      const got = await verifySignatures(
        o.gitTop,
        list.map((c) => c.sha),
        text,
      );
      for (const [sha, v] of got) verdicts.set(sha, v);
    }
  };
  const { availableParallelism } = await import("node:os");
  await Promise.all(Array.from({ length: Math.min(4, Math.max(1, availableParallelism())) }, worker));

  const at = settingAt(o.configText);
  const bySha = new Map<string, Finding[]>();
  for (const f of findings) bySha.set(f.commit!, [f]);
  for (const c of required) {
    const { person, roster } = context.get(c.sha)!;
    const f = signatureFinding(c, judgeSignature(person, verdicts.get(c.sha), roster), at);
    if (f) bySha.set(c.sha, [f, ...(bySha.get(c.sha) ?? [])]);
  }
  // Oldest commit first, its signature before its date.
  return commits.flatMap((c) => bySha.get(c.sha) ?? []);
}
