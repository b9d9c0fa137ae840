// 月度考核表 (.docx) from a computed assessment record — every line with its rule, amount and the
// records that triggered it, the GM-decision flags, the totals, and the signature lines.
import { RULE_TITLES } from "../domain/assessment.ts";
import { lastDayOf } from "../domain/windows.ts";
import type { Assessment } from "../schemas/index.ts";
import {
  CONTENT_WIDTH,
  dataTable,
  heading,
  makeDocument,
  note,
  packDeterministic,
  para,
  section,
  signatures,
  spacer,
  title,
} from "./docx/kit.ts";

export interface AssessmentDocContext {
  department: string;
  company?: string;
  tz: string;
  /** Display names by person id. */
  names: Map<string, string>;
  /** The month has not ended: the draft says its figures may still change (D14). */
  running?: boolean;
}

export function assessmentFileName(month: string): string {
  return `月度考核表-${month}.docx`;
}

/** Amounts as 元 with an explicit sign: −50, +100, 0. */
export function money(n: number): string {
  const v = Math.round(n * 100) / 100;
  if (v === 0) return "0";
  return v > 0 ? `+${v}` : `−${Math.abs(v)}`;
}

const ROLE = { engineer: "服务人员", supervisor: "技术服务部主管" } as const;

export async function renderAssessmentDocx(a: Assessment, c: AssessmentDocContext): Promise<Uint8Array> {
  const name = (id: string) => c.names.get(id) ?? id;
  const status = a.signature
    ? "已由总经理签字"
    : c.running
      ? "草稿（本月尚未结束，数字仍会变化）"
      : "草稿（待总经理签字）";
  const W = CONTENT_WIDTH.landscape;
  const children = [
    ...title("月度考核表", `${c.company ? `${c.company} ` : ""}${c.department}　${a.month}　${status}`),
    heading("一、汇总"),
    dataTable(
      [
        { header: "姓名", weight: 2 },
        { header: "考核角色", weight: 2 },
        { header: "扣款（元）", weight: 2, align: "right" },
        { header: "奖励（元）", weight: 2, align: "right" },
        { header: "合计（元）", weight: 2, align: "right" },
        { header: "报总经理决定", weight: 5 },
      ],
      a.people.map((p) => {
        const fines = p.lines.filter((l) => l.amount < 0).reduce((s, l) => s + l.amount, 0);
        const rewards = p.lines.filter((l) => l.amount > 0).reduce((s, l) => s + l.amount, 0);
        return [
          name(p.person),
          ROLE[p.role],
          money(fines),
          money(rewards),
          money(p.total),
          p.flags.map((f) => `${f.decision}：${f.text}`).join("；"),
        ];
      }),
      W,
    ),
  ];
  a.people.forEach((p, i) => {
    children.push(
      heading(
        `${["二", "三", "四", "五", "六", "七", "八", "九", "十"][i] ?? i + 2}、${name(p.person)}（${ROLE[p.role]}）`,
      ),
    );
    children.push(
      dataTable(
        [
          { header: "日期", weight: 2 },
          { header: "考核项", weight: 3 },
          { header: "说明", weight: 9 },
          { header: "金额（元）", weight: 2, align: "right" },
          { header: "依据记录", weight: 4 },
        ],
        p.lines.map((l) => [
          l.date ?? "",
          RULE_TITLES[l.rule] ?? l.rule,
          l.text,
          l.levels ? `基本工资降 ${l.levels} 级` : money(l.amount),
          l.refs.join("、"),
        ]),
        W,
      ),
    );
    children.push(...para(`合计：${money(p.total)} 元`, { bold: true, align: "right" }));
    for (const f of p.flags)
      children.push(
        ...para(`报总经理决定（${f.decision}）：${f.text}　依据：${f.refs.join("、")}`, { bold: true }),
      );
  });
  children.push(spacer());
  children.push(
    note(
      "依据《技术服务部管理制度》七、考核；金额、阈值取自 svc.yaml。“3 个月内”“6 个月内”指考核月及其前 2 / 5 个自然月；连续三个“中”跨月累计；无客户签字按三个“差”计；时间均为部门时区。",
    ),
  );
  const drafter = a.drafted ? name(a.drafted.by) : undefined;
  children.push(
    signatures(
      [
        { role: "编制（主管）", name: drafter, date: a.drafted?.at.slice(0, 10) },
        {
          role: "总经理",
          name: a.signature ? name(a.signature.by) : undefined,
          date: a.signature?.at.slice(0, 10),
        },
      ],
      W,
    ),
  );
  const built = makeDocument(
    {
      title: `月度考核表 ${a.month}`,
      creator: c.company ? `${c.company} ${c.department}` : c.department,
      date: `${lastDayOf(a.month)}T18:00:00+08:00`,
      subject: "月度考核表",
    },
    [section(children, "landscape")],
  );
  return packDeterministic(built);
}
