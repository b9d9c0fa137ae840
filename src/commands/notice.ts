import type { Command } from "commander";
import { Refused, UsageError } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import { CHANNELS, PRIORITIES, SERVICE_TYPES } from "../schemas/enums.ts";
import type { Amendment, Letter, Notice } from "../schemas/index.ts";
import { action, need, requireRole, withJson } from "./kit.ts";
import { acting, onBehalf, save, stampOf, when } from "./workflow-kit.ts";

// `svc notice edit|correct|cancel N` — corrections of a service notice (D15):
// - edit: before it is signed, its requester or the supervisor changes fields in place;
// - correct: once signed, the supervisor or the GM records the change as an amendment (field, old,
//   new, reason) in the same commit as the changed notice; the printed form shows 更正 with who/when;
// - cancel (作废): the GM or the supervisor, with a reason, while its letter (if any) is still 派工 —
//   the letter is cancelled with it; later a notice can no longer be cancelled.

/** The fields a notice's corrections may change: flag → JSON Pointer, title, allowed values. */
const FIELDS: {
  flag: string;
  key: string;
  pointer: string;
  title: [string, string];
  set?: readonly string[];
}[] = [
  { flag: "contact", key: "contact", pointer: "/contact/name", title: ["联系人", "contact"] },
  { flag: "phone", key: "phone", pointer: "/contact/phone", title: ["联系方式", "phone"] },
  { flag: "type", key: "type", pointer: "/type", title: ["服务类型", "service type"], set: SERVICE_TYPES },
  {
    flag: "priority",
    key: "priority",
    pointer: "/priority",
    title: ["紧急程度", "priority"],
    set: PRIORITIES,
  },
  { flag: "channel", key: "channel", pointer: "/channel", title: ["受理渠道", "channel"], set: CHANNELS },
  { flag: "content", key: "content", pointer: "/content", title: ["服务要求或内容", "content"] },
  { flag: "site", key: "site", pointer: "/site", title: ["现场情况", "site"] },
  { flag: "fault", key: "fault", pointer: "/fault", title: ["故障表述", "fault"] },
  { flag: "equipment", key: "equipment", pointer: "/equipment", title: ["设备/产品", "equipment"] },
  { flag: "product", key: "product", pointer: "/product", title: ["产品编号", "product"] },
  { flag: "region", key: "region", pointer: "/region", title: ["服务地区", "region"] },
  { flag: "address", key: "address", pointer: "/address", title: ["服务地址", "address"] },
];

type FieldOptions = Record<string, string | undefined>;

function fieldOptions(cmd: Command): Command {
  for (const f of FIELDS) cmd.option(`--${f.flag} <value>`, t(`新的${f.title[0]}`, `new ${f.title[1]}`));
  return cmd;
}

/** The changes the flags ask for (only values that differ), each as pointer, before, after. */
function changesOf(
  notice: Notice,
  o: FieldOptions,
): { pointer: string; title: string; before?: string; after: string }[] {
  const out: { pointer: string; title: string; before?: string; after: string }[] = [];
  for (const f of FIELDS) {
    const v = o[f.key];
    if (v === undefined) continue;
    if (f.set && !f.set.includes(v))
      throw new UsageError(t(`--${f.flag} "${v}" 无效`, `--${f.flag} "${v}" is invalid`), f.set.join(" "));
    const before = getAt(notice, f.pointer);
    if (before === v) continue;
    out.push({
      pointer: f.pointer,
      title: t(f.title[0], f.title[1]),
      ...(before !== undefined ? { before } : {}),
      after: v,
    });
  }
  if (!out.length)
    throw new UsageError(
      t("没有要改的字段（或新值与原值相同）", "nothing to change (or the values are the same)"),
      FIELDS.map((f) => `--${f.flag}`).join(" "),
    );
  return out;
}

function getAt(rec: unknown, pointer: string): string | undefined {
  let v: unknown = rec;
  for (const seg of pointer.split("/").slice(1))
    v = v && typeof v === "object" ? (v as Record<string, unknown>)[seg] : undefined;
  return typeof v === "string" ? v : undefined;
}

function applied(notice: Notice, changes: { pointer: string; after: string }[]): Notice {
  const out = structuredClone(notice) as unknown as Record<string, Record<string, unknown>>;
  for (const c of changes) {
    const [a, b] = c.pointer.split("/").slice(1);
    if (b !== undefined) out[a] = { ...out[a], [b]: c.after };
    else (out as Record<string, unknown>)[a] = c.after;
  }
  return out as unknown as Notice;
}

const listed = (cs: { title: string; before?: string; after: string }[]) =>
  cs.map((c) => `${c.title}：${c.before ?? "—"} → ${c.after}`).join(t("；", "; "));

function refuseCancelled(n: Notice): void {
  if (n.cancelled)
    throw new Refused(
      t(
        `通知单 ${n.id} 已于 ${n.cancelled.at} 作废（${n.cancelled.reason}）`,
        `notice ${n.id} was cancelled at ${n.cancelled.at} (${n.cancelled.reason})`,
      ),
    );
}

export default function register(program: Command): void {
  const notice = program
    .command("notice")
    .description(
      t(
        "服务通知单的更正：修改（签字前）、更正（签字后）、作废",
        "correct a notice: edit (unsigned), correct (signed), cancel",
      ),
    );

  withJson(
    fieldOptions(
      onBehalf(
        notice
          .command("edit")
          .argument("<notice>", t("服务通知单编号", "notice id"))
          .description(
            t(
              "签字前修改通知单（下达人或主管）",
              "edit an unsigned notice (its requester or the supervisor)",
            ),
          ),
      ),
    ),
  ).action(
    action(async (ctx, id: string, o: FieldOptions & { as?: string; at?: string }) => {
      const store = await ctx.store();
      const n = store.require("notice", id);
      const who = await acting(ctx, store, o.as, ["notice"]);
      refuseCancelled(n);
      if (n.signature)
        throw new Refused(
          t(
            `通知单 ${id} 已于 ${n.signature.at} 签字生效，不能再直接修改`,
            `notice ${id} was signed at ${n.signature.at}; it is no longer edited`,
          ),
          t(
            `签字后由主管或总经理更正：svc notice correct ${id} --字段 新值 --reason 原因`,
            `after signature the supervisor or GM corrects it: svc notice correct ${id} --FIELD VALUE --reason WHY`,
          ),
        );
      if (who.person.id !== n.issued.by && !who.person.roles.includes("supervisor"))
        throw new Refused(
          t(
            `${who.person.name} 无权修改通知单 ${id}：只有其下达人（${store.person(n.issued.by)?.name ?? n.issued.by}）或主管可以`,
            `${who.person.name} may not edit notice ${id}: only its requester (${n.issued.by}) or the supervisor may`,
          ),
        );
      const changes = changesOf(n, o);
      await when(store, who, o.at); // --at is checked as anywhere; an edit keeps no stamp of its own
      await save(ctx, store, {
        put: [{ record: applied(n, changes) }],
        action: "notice edit",
        id,
        summary: listed(changes),
        author: who.actor,
        data: { changes: changes.map((c) => ({ path: c.pointer, before: c.before, after: c.after })) },
        human: t(`通知单 ${id} 已修改：${listed(changes)}`, `notice ${id} edited: ${listed(changes)}`),
      });
    }),
  );

  withJson(
    fieldOptions(
      notice
        .command("correct")
        .argument("<notice>", t("服务通知单编号", "notice id"))
        .description(
          t(
            "签字后更正通知单（主管或总经理；记为更正记录）",
            "correct a signed notice (supervisor or GM; an amendment)",
          ),
        )
        .option("--reason <text>", t("更正原因", "why"))
        .option("--at <time>", t("补录：实际更正时间（allowAs 角色）", "back-date (allowAs roles)")),
    ),
  ).action(
    action(async (ctx, id: string, o: FieldOptions & { reason?: string; at?: string }) => {
      const store = await ctx.store();
      const n = store.require("notice", id);
      const who = await acting(ctx, store, undefined, ["notice", "amendment"]);
      requireRole(who.person, t("更正已签字的通知单", "correct a signed notice"), "supervisor", "gm");
      refuseCancelled(n);
      if (!n.signature)
        throw new Refused(
          t(`通知单 ${id} 尚未签字：直接修改即可`, `notice ${id} is not signed yet: edit it`),
          `svc notice edit ${id} …`,
        );
      const changes = changesOf(n, o);
      const reason = await need(ctx, o.reason, "--reason", t("更正原因", "why"));
      const w = await when(store, who, o.at);
      const amendment: Amendment = {
        kind: "amendment",
        id: store.newId("amendment"),
        target: id,
        reason,
        changes: changes.map((c) => ({
          path: c.pointer,
          ...(c.before !== undefined ? { before: c.before } : {}),
          after: c.after,
        })),
        at: w.at,
        by: who.person.id,
      };
      await save(ctx, store, {
        put: [{ record: applied(n, changes) }, { record: amendment, create: true }],
        action: "notice correct",
        id,
        summary: `${listed(changes)} ${reason}`,
        author: who.actor,
        data: { amendment: amendment.id, changes: amendment.changes },
        human: t(
          `通知单 ${id} 已更正（更正记录 ${amendment.id}）：${listed(changes)}；原因：${reason}`,
          `notice ${id} corrected (amendment ${amendment.id}): ${listed(changes)}; reason: ${reason}`,
        ),
      });
    }),
  );

  withJson(
    notice
      .command("cancel")
      .argument("<notice>", t("服务通知单编号", "notice id"))
      .description(
        t(
          "作废通知单（总经理或主管；其责任书仍为派工时随之作废）",
          "cancel a notice (GM or supervisor; its letter, still 派工, with it)",
        ),
      )
      .option("--reason <text>", t("作废原因", "why"))
      .option("--at <time>", t("补录：实际作废时间（allowAs 角色）", "back-date (allowAs roles)")),
  ).action(
    action(async (ctx, id: string, o: { reason?: string; at?: string }) => {
      const store = await ctx.store();
      const n = store.require("notice", id);
      const who = await acting(ctx, store, undefined, ["notice", "letter"]);
      requireRole(who.person, t("作废通知单", "cancel a notice"), "gm", "supervisor");
      refuseCancelled(n);
      const letters = store.list("letter").filter((l) => l.notice === id && !l.cancelled);
      const started = letters.find((l) => l.status !== "派工");
      if (started)
        throw new Refused(
          t(
            `通知单 ${id} 不能再作废：其责任书 ${started.id} 已是「${started.status}」（只有派工状态的责任书能随通知单作废）`,
            `notice ${id} can no longer be cancelled: its letter ${started.id} is ${started.status} (only a letter still 派工 is cancelled with it)`,
          ),
          t(
            "已开工的工作须完工或改派；通知单内容有误用 svc notice correct",
            "work begun is finished or reassigned; a wrong notice is corrected with svc notice correct",
          ),
        );
      const reason = await need(ctx, o.reason, "--reason", t("作废原因", "why"));
      const w = await when(store, who, o.at);
      const stamp = stampOf(who, w);
      const { isAfter } = await import("../core/time.ts");
      for (const l of letters)
        if (isAfter(l.assigned.at, w.at))
          throw new Refused(
            t(
              `未写入：作废时间 ${w.at} 早于派工时间 ${l.assigned.at}`,
              `not written: the cancellation at ${w.at} is before the assignment at ${l.assigned.at}`,
            ),
          );
      const cancelledLetters: Letter[] = letters.map((l) => ({
        ...l,
        cancelled: { ...stamp, reason, notice: id },
      }));
      await save(ctx, store, {
        put: [
          { record: { ...n, cancelled: { by: stamp.by, at: stamp.at, reason } } },
          ...cancelledLetters.map((record) => ({ record })),
        ],
        action: "notice cancel",
        id,
        summary: reason,
        author: who.actor,
        data: { status: "已作废", letters: cancelledLetters.map((l) => l.id) },
        human: [
          t(`通知单 ${id} 已作废（${reason}）`, `notice ${id} cancelled (${reason})`),
          ...cancelledLetters.map((l) => t(`责任书 ${l.id} 随之作废`, `letter ${l.id} cancelled with it`)),
        ].join("\n"),
      });
    }),
  );
}
