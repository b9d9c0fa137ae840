// The git side of `svc sync` (src/commands/sync.ts): fetch → (fast-forward | rebase) → push, with a
// retry and backoff when another clone pushed first. A file changed on both sides is a conflict: it
// is reported with both versions before anything is touched, so the local commits and the work tree
// stay exactly as they were. Runs with the store's lock held, so no svc commit interleaves.
import { existsSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Refused, UsageError } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import { git } from "./git.ts";

export interface SyncCommit {
  sha: string;
  author: string;
  subject: string;
}

export interface Conflict {
  path: string;
  theirs: { author: string; text?: string };
  ours: { author: string; text?: string };
}

export interface SyncResult {
  remote: string;
  branch: string;
  incoming: SyncCommit[];
  outgoing: SyncCommit[];
  attempts: number;
  conflicts: Conflict[];
  /**
   * Commits this sync pushes that the remote had and then dropped (its branch was force-pushed
   * elsewhere since the last fetch): pushing puts them back (issue 12 item 7). Told, not refused.
   */
  pushedBack: SyncCommit[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const safeName = (s: string) => /^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(s) && !s.includes("..");

async function commitsIn(cwd: string, range: string): Promise<SyncCommit[]> {
  const r = await git(["log", "--reverse", "--format=%H%x1f%an <%ae>%x1f%s", range, "--"], {
    cwd,
    allowFail: true,
  });
  if (r.code !== 0) return [];
  return r.stdout
    .split("\n")
    .filter(Boolean)
    .map((l) => {
      const [sha, author, subject] = l.split("\x1f");
      return { sha, author, subject };
    });
}

async function changedFiles(cwd: string, from: string, to: string): Promise<Map<string, string>> {
  const r = await git(["diff", "--name-only", "-z", "--no-renames", from, to, "--"], { cwd });
  const out = new Map<string, string>();
  for (const p of r.stdout.split("\0")) if (p) out.set(p, "");
  return out;
}

async function show(cwd: string, rev: string, path: string): Promise<string | undefined> {
  const r = await git(["show", `${rev}:${path}`], { cwd, allowFail: true });
  return r.code === 0 ? r.stdout : undefined;
}

async function lastAuthor(cwd: string, range: string, path: string): Promise<string> {
  const r = await git(["log", "-1", "--format=%an <%ae>", range, "--", path], { cwd, allowFail: true });
  return r.stdout.trim() || "?";
}

async function conflictsBetween(
  cwd: string,
  base: string,
  theirs: string,
  ours: string,
): Promise<Conflict[]> {
  const a = await changedFiles(cwd, base, theirs);
  const b = await changedFiles(cwd, base, ours);
  const out: Conflict[] = [];
  for (const path of a.keys()) {
    if (!b.has(path)) continue;
    const tt = await show(cwd, theirs, path);
    const ot = await show(cwd, ours, path);
    if (tt === ot) continue; // the same change on both sides
    out.push({
      path,
      theirs: { author: await lastAuthor(cwd, `${base}..${theirs}`, path), text: tt },
      ours: { author: await lastAuthor(cwd, `${base}..${ours}`, path), text: ot },
    });
  }
  return out;
}

async function revParse(cwd: string, ref: string): Promise<string | undefined> {
  const r = await git(["rev-parse", "--verify", "-q", ref], { cwd, allowFail: true });
  return r.code === 0 ? r.stdout.trim() : undefined;
}

/** A commit as a rebase keeps it (author, author date, subject): its sha changes, this does not. */
async function identities(cwd: string, revs: string[]): Promise<Map<string, string>> {
  const r = await git(["log", "--format=%H%x1f%an <%ae>%x1f%aI%x1f%s", ...revs, "--"], {
    cwd,
    allowFail: true,
  });
  const out = new Map<string, string>();
  for (const l of r.code === 0 ? r.stdout.split("\n") : []) {
    const i = l.indexOf("\x1f");
    if (i > 0) out.set(l.slice(0, i), l.slice(i + 1));
  }
  return out;
}

/**
 * The commits the remote had (`known`, the tracking ref before the fetch) and no longer has (`now`
 * after it) — a force push elsewhere — as identities. Empty when the remote only moved forward.
 */
async function droppedBy(cwd: string, known: string, now: string): Promise<string[]> {
  const forward = await git(["merge-base", "--is-ancestor", known, now], { cwd, allowFail: true });
  if (forward.code === 0) return [];
  return [...(await identities(cwd, [known, "--not", now])).values()];
}

async function resolveRemote(cwd: string, wanted?: string): Promise<{ remote: string; branch: string }> {
  const head = await git(["symbolic-ref", "--short", "-q", "HEAD"], { cwd, allowFail: true });
  if (head.code !== 0)
    throw new UsageError(
      t("当前不在任何分支上（HEAD 游离），无法同步", "HEAD is detached (not on a branch); cannot sync"),
      t("git switch main", "git switch main"),
    );
  const local = head.stdout.trim();
  const remotes = (await git(["remote"], { cwd })).stdout.split("\n").filter(Boolean);
  if (wanted !== undefined) {
    if (!safeName(wanted) || !remotes.includes(wanted))
      throw new UsageError(
        t(`没有名为 ${wanted} 的远程`, `no remote named ${wanted}`),
        remotes.length ? remotes.join(" ") : undefined,
      );
  }
  const up = await git(["rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}"], {
    cwd,
    allowFail: true,
  });
  if (up.code === 0 && wanted === undefined) {
    const full = up.stdout.trim();
    const remote = remotes.find((r) => full.startsWith(`${r}/`));
    if (remote) return { remote, branch: full.slice(remote.length + 1) };
  }
  const remote =
    wanted ?? (remotes.includes("origin") ? "origin" : remotes.length === 1 ? remotes[0] : undefined);
  if (!remote)
    throw new UsageError(
      remotes.length
        ? t(
            `有多个远程（${remotes.join(" ")}），请用 --remote 指定`,
            `several remotes (${remotes.join(" ")}); pick one with --remote`,
          )
        : t("这个记录库没有远程仓库", "this records repository has no remote"),
      t("git remote add origin <地址>", "git remote add origin <url>"),
    );
  return { remote, branch: local };
}

export async function runSync(
  cwd: string,
  opts: {
    remote?: string;
    retries: number;
    env: NodeJS.ProcessEnv;
    /**
     * The records' errors as `svc check` finds them in the work tree now (one line each): asked after
     * our commits were put on top of theirs, before anything is pushed.
     */
    recordErrors?: () => Promise<string[]>;
    /**
     * The errors `svc check --history RANGE` finds (one line each, without the commits' ids, which a
     * rebase changes): asked of our commits on top of theirs, and of the same commits where they were.
     */
    historyErrors?: (range: string) => Promise<string[]>;
  },
): Promise<SyncResult> {
  // A sync killed during its rebase leaves git mid-rebase (HEAD detached): the marker says the rebase
  // was svc's own, so it is undone here (the local commits are as before it). Someone's own rebase is
  // theirs to finish.
  const gitDir = (await git(["rev-parse", "--absolute-git-dir"], { cwd })).stdout.trim();
  const marker = join(gitDir, "svc-sync-rebase");
  const rebasing = () => existsSync(join(gitDir, "rebase-merge")) || existsSync(join(gitDir, "rebase-apply"));
  if (existsSync(marker)) {
    if (rebasing()) await git(["rebase", "--abort"], { cwd, allowFail: true });
    unlinkSync(marker);
  }
  if (rebasing())
    throw new Refused(
      t("有一个未完成的 git rebase，不能同步", "a git rebase is in progress; cannot sync"),
      t(
        "先完成它（解决冲突后 git add，git rebase --continue）或放弃（git rebase --abort），再运行 svc sync",
        "finish it (resolve, git add, git rebase --continue) or drop it (git rebase --abort), then run svc sync",
      ),
    );
  const { remote, branch } = await resolveRemote(cwd, opts.remote);
  const dirty = await git(["status", "--porcelain", "--untracked-files=no"], { cwd });
  if (dirty.stdout.trim()) {
    const files = dirty.stdout
      .split("\n")
      .filter(Boolean)
      .map((l) => l.slice(3))
      .slice(0, 10);
    throw new Refused(
      t(
        `有未提交的修改，不能同步：${files.join("、")}`,
        `uncommitted changes; cannot sync: ${files.join(", ")}`,
      ),
      t("先提交（或放弃）这些修改，再运行 svc sync", "commit (or discard) them first, then run svc sync"),
    );
  }
  const tracking = `refs/remotes/${remote}/${branch}`;
  const result: SyncResult = {
    remote,
    branch,
    incoming: [],
    outgoing: [],
    attempts: 0,
    conflicts: [],
    pushedBack: [],
  };
  const seen = new Set<string>();
  const dropped = new Set<string>();
  for (let attempt = 1; ; attempt++) {
    result.attempts = attempt;
    const known = await revParse(cwd, tracking); // what the remote had at the last fetch
    const fetched = await git(["fetch", "--quiet", remote, `+refs/heads/${branch}:${tracking}`], {
      cwd,
      allowFail: true,
    });
    const exists =
      (await git(["rev-parse", "--verify", "-q", tracking], { cwd, allowFail: true })).code === 0;
    if (fetched.code !== 0 && !/couldn't find remote ref/i.test(fetched.stderr)) {
      throw new UsageError(
        t(`无法从 ${remote} 拉取`, `could not fetch from ${remote}`),
        fetched.stderr.trim().split("\n").slice(-2).join(" "),
      );
    }
    const remoteHas = fetched.code === 0 && exists;
    if (known && remoteHas) for (const sha of await droppedBy(cwd, known, tracking)) dropped.add(sha);
    if (remoteHas) {
      const base = (await git(["merge-base", "HEAD", tracking], { cwd, allowFail: true })).stdout.trim();
      if (!base)
        throw new Refused(
          t(`本地与 ${remote}/${branch} 没有共同的历史`, `no common history with ${remote}/${branch}`),
          t("这是另一个记录库吗？用 git clone 重新获取", "is it another records repository? clone it afresh"),
        );
      const incoming = await commitsIn(cwd, `HEAD..${tracking}`);
      const outgoing = await commitsIn(cwd, `${tracking}..HEAD`);
      for (const c of incoming)
        if (!seen.has(c.sha)) {
          seen.add(c.sha);
          result.incoming.push(c);
        }
      if (incoming.length && outgoing.length) {
        result.conflicts = await conflictsBetween(cwd, base, tracking, "HEAD");
        if (result.conflicts.length) return result;
        writeFileSync(marker, `${tracking}\n`);
        const mine = (await git(["rev-parse", "HEAD"], { cwd })).stdout.trim();
        const rb = await git(["rebase", "--quiet", tracking], { cwd, allowFail: true });
        if (rb.code !== 0) {
          const u = await git(["diff", "--name-only", "--diff-filter=U"], { cwd, allowFail: true });
          await git(["rebase", "--abort"], { cwd, allowFail: true });
          unlinkSync(marker);
          result.conflicts = u.stdout
            .split("\n")
            .filter(Boolean)
            .map((path) => ({ path, theirs: { author: "?" }, ours: { author: "?" } }));
          if (!result.conflicts.length)
            throw new Refused(
              t("变基失败，已恢复原状", "the rebase failed and was undone"),
              rb.stderr.trim().split("\n").slice(-2).join(" "),
            );
          for (const c of result.conflicts) {
            c.theirs.text = await show(cwd, tracking, c.path);
            c.ours.text = await show(cwd, "HEAD", c.path);
          }
          return result;
        }
        unlinkSync(marker);
        // Each side's commits were checked on its side; together they may not hold (found by attack:
        // two supervisors assigning one notice, a notice cancelled on one side and assigned on the
        // other — both synced, and svc check then refused the records). What the rebase made wrong
        // that our own commits were not is refused here, our commits put back as they were.
        const after = opts.recordErrors ? await opts.recordErrors() : [];
        if (after.length) {
          await git(["reset", "--quiet", "--hard", mine], { cwd });
          const before = new Set(await (opts.recordErrors as () => Promise<string[]>)());
          const made = after.filter((e) => !before.has(e));
          if (made.length)
            throw new Refused(
              t(
                `你的提交放到 ${remote}/${branch} 的新提交之上后记录不成立，未推送，本地提交保持原样：\n  ${made.join("\n  ")}`,
                `your commits on top of the new ones of ${remote}/${branch} make the records wrong; nothing pushed, your commits are as they were:\n  ${made.join("\n  ")}`,
              ),
              t(
                "与对方商量由谁来做；撤回自己的提交（git reset --hard " + tracking + "）后再用 svc 命令重做",
                `agree who does it; drop your commits (git reset --hard ${tracking}) and redo what is still to do with svc`,
              ),
            );
          // the errors were ours already: the rebase stands
          writeFileSync(marker, `${tracking}\n`);
          await git(["rebase", "--quiet", tracking], { cwd });
          unlinkSync(marker);
        }
        // The same for what the history says of our commits in their new place (found by attack: a
        // letter closed offline on 10-30, synced after the GM signed October, put a completion into
        // a closed month without an amendment — and every later `svc check --history` failed).
        const moved = opts.historyErrors ? await opts.historyErrors(`${tracking}..HEAD`) : [];
        if (moved.length && opts.historyErrors) {
          const before = new Set(await opts.historyErrors(`${base}..${mine}`));
          const made = moved.filter((e) => !before.has(e));
          if (made.length) {
            await git(["reset", "--quiet", "--hard", mine], { cwd });
            throw new Refused(
              t(
                `你的提交放到 ${remote}/${branch} 的新提交之上后，提交历史不成立，未推送，本地提交保持原样：\n  ${made.join("\n  ")}`,
                `your commits on top of the new ones of ${remote}/${branch} make the history wrong; nothing pushed, your commits are as they were:\n  ${made.join("\n  ")}`,
              ),
              t(
                `撤回自己的提交（git reset --hard ${tracking}），再用 svc 命令重做（其间该月已结账时，计入重做时所在的月份），并告知主管`,
                `drop your commits (git reset --hard ${tracking}) and redo them with svc (where the month was closed meanwhile they count in the month they are redone in); tell the supervisor`,
              ),
            );
          }
        }
      } else if (incoming.length) {
        const ff = await git(["merge", "--ff-only", "--quiet", tracking], { cwd, allowFail: true });
        if (ff.code !== 0)
          throw new Refused(
            t(
              `无法快进到 ${remote}/${branch}，本地未改动`,
              `could not fast-forward to ${remote}/${branch}; nothing changed`,
            ),
            ff.stderr.trim().split("\n").slice(0, 3).join(" "),
          );
      }
    }
    const out = await commitsIn(cwd, remoteHas ? `${tracking}..HEAD` : "HEAD");
    if (!out.length) {
      result.outgoing = [];
      return result;
    }
    // The identities of what goes out, read before the push moves the tracking ref.
    const ids = dropped.size ? await identities(cwd, [remoteHas ? `${tracking}..HEAD` : "HEAD"]) : new Map();
    const hasUpstream =
      (await git(["rev-parse", "--abbrev-ref", "@{u}"], { cwd, allowFail: true })).code === 0;
    const push = await git(
      ["push", "--quiet", ...(hasUpstream ? [] : ["--set-upstream"]), remote, `HEAD:refs/heads/${branch}`],
      { cwd, allowFail: true },
    );
    if (push.code === 0) {
      result.pushedBack = out.filter((c) => dropped.has(ids.get(c.sha) ?? ""));
      await git(["update-ref", tracking, "HEAD"], { cwd, allowFail: true });
      result.outgoing = out;
      return result;
    }
    const raced =
      /rejected|fetch first|non-fast-forward|failed to update ref|cannot lock ref|stale info/i.test(
        push.stderr,
      );
    if (!raced)
      throw new UsageError(
        t(`推送到 ${remote} 失败`, `push to ${remote} failed`),
        push.stderr.trim().split("\n").slice(-2).join(" "),
      );
    if (attempt > opts.retries)
      throw new Refused(
        t(
          `推送了 ${attempt} 次都被其他人的推送抢先，放弃；本地提交都还在`,
          `gave up after ${attempt} pushes raced with others; your commits are all still here`,
        ),
        t("稍后再运行 svc sync", "run svc sync again in a moment"),
      );
    // Someone pushed first: back off (exponential, jittered) and go round again.
    await sleep(Math.random() * Math.min(2000, 40 * 2 ** attempt));
  }
}
