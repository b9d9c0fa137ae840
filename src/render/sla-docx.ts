// D17 服务时限 in the printed reports (monthly report, department weekly report, the engineer's weekly
// report): % met per clock per priority and per engineer, the median first response, the
// first-time-fix rate and the breaches — from SlaFigures (src/domain/sla.ts), as --json prints it.
import type { Paragraph, Table } from "docx";
import { pct } from "../domain/figures.ts";
import { CLOCK_TITLES, CLOCKS, type ClockCounts, hoursText, type SlaFigures } from "../domain/sla.ts";
import { dataTable, heading, ID_WIDTH, note } from "./docx/kit.ts";
import { fmtTime } from "./format.ts";

const cell = (c: ClockCounts[keyof ClockCounts]) =>
  c.met + c.breached ? `${c.met}/${c.met + c.breached}（${pct(c.rate)}）` : "—";
const hours = (x: number | null) => (x === null ? "—" : hoursText(x)[0]);

export function slaSection(
  f: SlaFigures,
  title: string,
  nameOf: (id: string) => string,
  tz: string,
  o: { perEngineer?: boolean } = {},
): (Paragraph | Table)[] {
  const clockCols = CLOCKS.map((c) => ({
    header: CLOCK_TITLES[c][0],
    weight: 1.6,
    align: "center" as const,
  }));
  const out: (Paragraph | Table)[] = [
    heading(title),
    note(
      `完工 ${f.letters} 份（来自服务通知单）；首次响应用时中位数 ${hours(f.medianResponseMs)}（工作时间）；一次修复率 ${pct(f.firstTimeFix.rate)}（${f.firstTimeFix.fixed}/${f.firstTimeFix.letters}）。`,
    ),
    dataTable(
      [{ header: "紧急程度", weight: 1 }, { header: "完工", weight: 0.8, align: "center" }, ...clockCols],
      [
        ...(["紧急", "重要", "一般"] as const).map((p) => {
          const x = f.byPriority[p];
          return [p, x.letters, ...CLOCKS.map((c) => cell(x[c]))];
        }),
        ["全部", f.letters, ...CLOCKS.map((c) => cell(f.total[c]))],
      ],
    ),
  ];
  if (o.perEngineer !== false && f.perEngineer.length)
    out.push(
      dataTable(
        [
          { header: "服务人员", weight: 1.2 },
          { header: "完工", weight: 0.8, align: "center" },
          ...clockCols,
          { header: "首次响应中位数", weight: 1.4, align: "center" },
        ],
        f.perEngineer.map((e) => [
          nameOf(e.engineer),
          e.letters,
          ...CLOCKS.map((c) => cell(e[c])),
          hours(e.medianResponseMs),
        ]),
      ),
    );
  if (f.breaches.length)
    out.push(
      note("超时明细："),
      dataTable(
        [
          { header: "责任书", width: ID_WIDTH },
          { header: "服务人员", weight: 1.2 },
          { header: "紧急程度", weight: 1 },
          { header: "时限", weight: 1.6 },
          { header: "期限", weight: 1.8 },
          { header: "实际", weight: 1.8 },
        ],
        f.breaches.map((b) => [
          b.letter,
          nameOf(b.engineer),
          b.priority,
          CLOCK_TITLES[b.clock][0],
          fmtTime(b.deadline, tz),
          fmtTime(b.at, tz),
        ]),
      ),
    );
  out.push(
    note(
      "时限按工作日的工作时间（svc.yaml workingHours）自出单时间起计，客户原因（C）的已批准延期期间暂停；首次响应 = 现场情况确认或 svc ack，到场 = svc arrive，解决 = 完工。达标率 = 达标数/完工数。一次修复 = 完工后 30 天内同一客户同一设备无新的服务通知单（DOMAIN D17）。",
    ),
  );
  return out;
}
