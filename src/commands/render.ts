// svc render ID — the paper form of one record as .docx: a service notice (服务通知单N-….docx), a
// responsibility letter (项目责任书L-….docx), an incident's reflection and notice (事故反思I-….docx,
// 事故通报I-….docx). Prints the paths written.
import type { Command } from "commander";
import { Refused } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import { action, type Ctx, emit, withJson } from "./kit.ts";

interface RenderOptions {
  out?: string;
  force?: boolean;
  form?: string;
}

export default function register(program: Command): void {
  withJson(
    program
      .command("render")
      .argument(
        "<id>",
        t("记录编号：N-… 通知单、L-… 责任书、I-… 事故", "record id: N-… notice, L-… letter, I-… incident"),
      )
      .description(
        t(
          "生成纸质表格 .docx：服务通知单、项目责任书、事故反思 / 事故通报",
          "render the paper form as .docx: service notice, responsibility letter, incident reflection / notice",
        ),
      )
      .option(
        "--form <form>",
        t(
          "事故：reflection（反思）或 notice（通报），默认两者",
          "incident: reflection or notice (default: both that exist)",
        ),
      )
      .option(
        "--out <dir>",
        t("输出目录（默认 svc.yaml output，即 out/）", "output folder (default: svc.yaml output, out/)"),
      )
      .option("--force", t("也替换有人手工改过的文档", "also replace a document changed by hand")),
  ).action(action((ctx, id: string, o: RenderOptions) => run(ctx, id, o)));
}

async function run(ctx: Ctx, id: string, o: RenderOptions): Promise<void> {
  const store = await ctx.store();
  const { kindOfId } = await import("../schemas/kinds.ts");
  const kind = kindOfId(id);
  // D21: 客户服务档案 of a customer, 设备档案 of a unit (src/commands/show-file.ts).
  const filed =
    kind === "equipment" ? store.require("equipment", id) : kind ? undefined : store.get("customer", id);
  if (filed) return renderFile(ctx, store, filed, o);
  if (kind === "rd") return renderRd(ctx, store, store.require("rd", id), o);
  if (kind !== "notice" && kind !== "letter" && kind !== "incident") {
    throw new Refused(
      t(
        `${id}：只能生成服务通知单（N-…）、项目责任书（L-…）、事故（I-…）的表格，或客户、设备（EQ-…）的服务档案`,
        `${id}: only notices (N-…), letters (L-…), incidents (I-…), customers and equipment (EQ-…) have paper forms`,
      ),
    );
  }
  const forms = await import("../render/forms.ts");
  const { packDeterministic } = await import("../render/docx/kit.ts");
  const { writeDocument, shownPath, outLock } = await import("../render/output.ts");
  const { docContext, outDirFor } = await import("../render/reports.ts");
  const data = {
    people: store.people(),
    customers: store.list("customer"),
    amendments: store.list("amendment"),
    notices: store.list("notice"),
    letters: store.list("letter").filter((l) => !l.cancelled), // a letter cancelled with its notice (D15) counts nowhere
  };
  const c = docContext(store);
  const docs: { name: string; build: () => ReturnType<typeof forms.noticeForm> }[] = [];
  if (kind === "notice") {
    const n = store.require("notice", id);
    docs.push({ name: forms.formFileName("notice", id), build: () => forms.noticeForm(n, data, c) });
  } else if (kind === "letter") {
    const l = store.require("letter", id);
    docs.push({ name: forms.formFileName("letter", id), build: () => forms.letterForm(l, data, c) });
  } else {
    const i = store.require("incident", id);
    const want = o.form ?? "both";
    if (!["both", "reflection", "notice", "notification"].includes(want)) {
      const { UsageError } = await import("../core/errors.ts");
      throw new UsageError(t(`--form ${want} 无效`, `--form ${want} is invalid`), "reflection notice");
    }
    if ((want === "both" || want === "reflection") && i.reflection)
      docs.push({
        name: forms.formFileName("reflection", id),
        build: () => forms.incidentForm(i, "reflection", data, c),
      });
    if ((want === "both" || want === "notice" || want === "notification") && i.notification)
      docs.push({
        name: forms.formFileName("notification", id),
        build: () => forms.incidentForm(i, "notification", data, c),
      });
    if (!docs.length) {
      throw new Refused(
        want === "notice" || want === "notification"
          ? t(`事故 ${id} 还没有事故通报`, `incident ${id} has no incident notice yet`)
          : t(`事故 ${id} 还没有事故反思`, `incident ${id} has no reflection yet`),
        t(`先用 svc incident 提交反思或通报`, `submit the reflection or notice with svc incident first`),
      );
    }
  }
  const dir = outDirFor(store, { out: o.out, cwd: ctx.cwd });
  const written: import("../render/output.ts").Written[] = [];
  for (const d of docs)
    written.push(
      await writeDocument(dir, d.name, await packDeterministic(d.build()), {
        force: o.force,
        lock: outLock(store),
      }),
    );
  emit(ctx, { id, files: written.map((w) => w.path) }, () =>
    written
      .map(
        (w) =>
          `${shownPath(w.path, ctx.cwd)}${w.status === "unchanged" ? t("（未变）", " (unchanged)") : ""}`,
      )
      .join("\n"),
  );
}

async function renderFile(
  ctx: Ctx,
  store: import("../store/store.ts").Store,
  record: import("../schemas/index.ts").Customer | import("../schemas/index.ts").Equipment,
  o: RenderOptions,
): Promise<void> {
  const { loadFile } = await import("./show-file.ts");
  const { dateLocal } = await import("../core/time.ts");
  const { customerFileDoc, customerFileName } = await import("../render/customer-file-docx.ts");
  const { packDeterministic } = await import("../render/docx/kit.ts");
  const { writeDocument, shownPath, outLock } = await import("../render/output.ts");
  const { docContext, outDirFor } = await import("../render/reports.ts");
  const file = await loadFile(store, record, dateLocal(store.now(), store.tz));
  const unit = record.kind === "equipment" ? record.id : undefined;
  const names = new Map(store.people().map((p) => [p.id, p.name]));
  const doc = customerFileDoc(file, (p) => (p ? (names.get(p) ?? p) : ""), docContext(store), unit);
  const dir = outDirFor(store, { out: o.out, cwd: ctx.cwd });
  const w = await writeDocument(
    dir,
    customerFileName(record.id, Boolean(unit)),
    await packDeterministic(doc),
    { force: o.force, lock: outLock(store) },
  );
  emit(
    ctx,
    { id: record.id, files: [w.path] },
    () => `${shownPath(w.path, ctx.cwd)}${w.status === "unchanged" ? t("（未变）", " (unchanged)") : ""}`,
  );
}

async function renderRd(
  ctx: Ctx,
  store: import("../store/store.ts").Store,
  order: import("../schemas/index.ts").RdOrder,
  o: RenderOptions,
): Promise<void> {
  const { rdForm, rdFormFileName } = await import("../render/rd-form-docx.ts");
  const { packDeterministic } = await import("../render/docx/kit.ts");
  const { writeDocument, shownPath, outLock } = await import("../render/output.ts");
  const { docContext, outDirFor } = await import("../render/reports.ts");
  const letter = store.get("letter", order.letter);
  const notice = letter?.notice ? store.get("notice", letter.notice) : undefined;
  const customerId = notice?.customer ?? letter?.unplanned?.customer;
  const customer = customerId ? store.get("customer", customerId) : undefined;
  const doc = rdForm(order, { people: store.people(), letter, notice, customer }, docContext(store));
  const dir = outDirFor(store, { out: o.out, cwd: ctx.cwd });
  const w = await writeDocument(dir, rdFormFileName(order.id), await packDeterministic(doc), {
    force: o.force,
    lock: outLock(store),
  });
  emit(
    ctx,
    { id: order.id, files: [w.path] },
    () => `${shownPath(w.path, ctx.cwd)}${w.status === "unchanged" ? t("（未变）", " (unchanged)") : ""}`,
  );
}
