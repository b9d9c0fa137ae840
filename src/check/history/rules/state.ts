// Letter status changes follow the workflow's state machine (src/domain/workflow.ts, DOMAIN §2.2).
import { t } from "../../../core/i18n.ts";
import { LETTER_STEPS, stepTo } from "../../../domain/workflow.ts";
import { LETTER_STATES, type LetterState } from "../../../schemas/enums.ts";
import type { ChangeRule } from "../rule.ts";

/**
 * Legal letter state changes between two consecutive versions: the `from → to` pairs of the steps of
 * the workflow's state machine — 派工 → 在建 (approved) → 延期 → 完工 (closed) → 已确认 → (回访) → 结案.
 */
export const LETTER_TRANSITIONS: Record<LetterState, readonly LetterState[]> = (() => {
  const table = Object.fromEntries(LETTER_STATES.map((s) => [s, [] as LetterState[]])) as Record<
    LetterState,
    LetterState[]
  >;
  for (const step of Object.values(LETTER_STEPS))
    for (const from of step.from) {
      const to = stepTo(step, from);
      if (to && !table[from].includes(to)) table[from].push(to);
    }
  return table;
})();

/** States a letter may be created in: assigned; unplanned work may be written once done (§2.2). */
const START_STATES: readonly string[] = ["派工"];
const UNPLANNED_START_STATES: readonly string[] = ["派工", "在建"];

export function legalTransition(from: string, to: string): boolean {
  if (from === to) return true;
  return (LETTER_TRANSITIONS[from as LetterState] ?? []).includes(to as LetterState);
}

export const state: ChangeRule = {
  id: "history-state",
  domain: "§2.2",
  forbids: [
    "不合状态机的责任书状态变化；新责任书不从派工（现场意外工作：在建）开始",
    "letter status changes the workflow's state machine does not allow; a new letter not starting in 派工 (unplanned work: 在建)",
  ],
  kinds: ["letter"],
  check({ id, before, after }) {
    if (!after) return [];
    const from = before?.status as string | undefined;
    const to = after.status as string;
    if (!before) {
      const starts = after.unplanned ? UNPLANNED_START_STATES : START_STATES;
      if (starts.includes(to)) return [];
      return [
        {
          path: ["status"],
          message: t(`责任书 ${id} 以状态 ${to} 创建`, `letter ${id} was created in state ${to}`),
          hint: t(`新责任书应为 ${starts.join("/")}`, `a new letter starts as ${starts.join("/")}`),
          value: to,
        },
      ];
    }
    if (!from || !to || legalTransition(from, to)) return [];
    const next = (LETTER_TRANSITIONS[from as LetterState] ?? []).join("/");
    return [
      {
        path: ["status"],
        message: t(
          `责任书 ${id} 的状态从 ${from} 直接变为 ${to}，不合流程`,
          `letter ${id} jumped from ${from} to ${to}, an illegal state change`,
        ),
        hint: t(`${from} 之后只能是 ${next || "（终态）"}`, `after ${from} only ${next || "(final state)"}`),
        value: `${from} → ${to}`,
      },
    ];
  },
};
