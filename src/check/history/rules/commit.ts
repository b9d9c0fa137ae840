// Rules of a whole commit: who made it, where it comes from, which guarded files it touched.
import { t } from "../../../core/i18n.ts";
import { type CommitRule, can } from "../rule.ts";

/** Who is this? The roster before the commit decides; an empty roster may be started by anyone (§1). */
export const author: CommitRule = {
  id: "history-author",
  domain: "§1",
  forbids: [
    "名单之外（按 git 邮箱）或已离职的人提交记录修改（已离职的人改 svc.yaml、CI 与钩子也算）；空名单可由任何人建立；仓库的第一个提交按快照检查",
    "record changes by someone not in the roster (by git email) or no longer active (one no longer active changing svc.yaml, CI or the hooks too); an empty roster may be started by anyone; the repository's first commit is checked as a snapshot",
  ],
  kinds: "commit",
  anyone: true,
  check(cx) {
    const c = cx.commit;
    if (!cx.actor) {
      // The repository's first commit is where its history starts (svc init, or a department bringing
      // its records in): nobody is in a roster before it, so what it holds is checked as a snapshot.
      if (cx.commit.root === "first") return [];
      const bootstrap = cx.roster.length === 0 && cx.changes.every((f) => f.kind === "person");
      if (bootstrap) return [];
      return [
        {
          message: t(
            `提交作者 ${c.email} 不在当时的人员名单中，无权修改记录`,
            `the commit's author ${c.email} was not in the roster at the time and may not change records`,
          ),
          hint: t(
            "每个提交须由名单中的人员（按 git 邮箱识别）完成",
            "every commit must be made by a roster member (by git email)",
          ),
        },
      ];
    }
    // records, svc.yaml or the CI and hooks that check them (found by attack: a departed supervisor
    // changed `since`, which waives fines, and the CI workflow)
    if (cx.actor.active === false && (cx.changes.length || cx.settings || cx.other.some(guardedFile)))
      return [
        {
          message: t(
            `${cx.actor.id} 已离职，仍提交了记录修改`,
            `${cx.actor.id} is no longer active but committed record changes`,
          ),
        },
      ];
    return [];
  },
};

/**
 * Only the repository's own first commit may start a history (and bootstrap the roster): another root
 * in the range is a grafted history — an orphan branch merged with --allow-unrelated-histories, whose
 * commits were judged by a roster of its own making (issue 12, case 2).
 */
export const root: CommitRule = {
  id: "history-root",
  domain: "§1, D11",
  forbids: [
    "仓库第一个提交之外的根提交（嫁接的历史：孤立分支以 --allow-unrelated-histories 合并）",
    "a root commit other than the repository's first (a grafted history: an orphan branch merged with --allow-unrelated-histories)",
  ],
  kinds: "commit",
  anyone: true,
  check(cx) {
    if (cx.commit.root !== "other") return [];
    return [
      {
        message: t(
          `提交 ${cx.commit.sha} 是另一段历史的根提交：只有仓库的第一个提交可以开始历史、建立人员名单`,
          `commit ${cx.commit.sha} is the root of another history: only the repository's first commit may start the history and the roster`,
        ),
        hint: t(
          "不要合并无关的历史（--allow-unrelated-histories）；把记录作为普通提交加入",
          "do not merge unrelated histories (--allow-unrelated-histories); add the records as ordinary commits",
        ),
        value: cx.commit.sha,
      },
    ];
  },
};

/**
 * Files that decide how the records are checked: the department's settings, the CI that runs
 * `svc check --history`, and the svc tarball that CI installs (`svc ci`). Whoever may change them may
 * switch the check off. Paths relative to the records folder (when that is a subfolder, the CI files
 * at the git top are outside its history).
 */
export function guardedFile(rel: string): boolean {
  return (
    rel === "svc.yaml" ||
    rel === ".gitlab-ci.yml" ||
    rel.startsWith(".github/workflows/") ||
    rel.startsWith(".gitea/workflows/") ||
    rel.startsWith(".svc/")
  );
}

export const config: CommitRule = {
  id: "history-config",
  domain: "§1 (settings), D11",
  forbids: [
    "主管与总经理之外的人修改 svc.yaml、CI 文件或 CI 安装的 svc（.svc/）",
    "svc.yaml, the CI files or the svc CI installs (.svc/) changed by anyone but the supervisor or the GM",
  ],
  kinds: "commit",
  check(cx) {
    if (can(cx, "supervisor", "gm")) return [];
    const id = cx.actor?.id ?? cx.commit.email;
    return cx.other.filter(guardedFile).map((file) => ({
      file,
      message:
        file === "svc.yaml"
          ? t(
              `${id} 无权修改部门设置 svc.yaml（主管或总经理）`,
              `${id} may not change svc.yaml (supervisor or GM)`,
            )
          : t(
              `${id} 无权修改 CI 或 CI 安装的 svc：${file}（主管或总经理，用 svc ci）`,
              `${id} may not change the CI or the svc it installs: ${file} (supervisor or GM, with svc ci)`,
            ),
    }));
  },
};

// Item 4 of issue 12 (effective-dated money settings) plugs in here as one more CommitRule:
// `settingsViolations(before, after, signedMonths)` over svc.yaml before and after the commit
// (cx.signedMonths is the set of months signed before it).

/**
 * A merge holds its parents' work, merged: what it holds otherwise — a record put back to an older
 * parent's version, a record deleted, an edit — is a change of the merger's own that no other rule sees,
 * since a merge's combined diff leaves out every file equal to one parent (found by attack: a merge
 * with an old commit as its second parent took back a GM's signature and deleted an incident). The
 * files git itself could not merge are the merger's to resolve and are judged by the other rules.
 */
export const mergeOwn: CommitRule = {
  id: "history-merge-own-change",
  domain: "D11, §1",
  forbids: [
    "合并提交中夹带自己的改动：合并结果不同于 git 自动合并其父提交的结果（冲突文件除外）",
    "a change of the merger's own inside a merge: the merge holds a file otherwise than git's automatic merge of its parents (conflicted files aside)",
  ],
  kinds: "commit",
  anyone: true,
  check(cx) {
    return (cx.mergeOwn ?? []).map((file) => ({
      file,
      message: t(
        `合并提交中 ${file} 不同于 git 自动合并的结果：这是合并者自己的改动，未经检查`,
        `in the merge, ${file} differs from git's automatic merge of its parents: a change of the merger's own, unchecked`,
      ),
      hint: t(
        "改动请作为普通提交完成（svc 命令），合并只合并",
        "make a change as a commit of its own (an svc command); a merge only merges",
      ),
    }));
  },
};
