// Closed sets of the domain, free of the schema library so commands can import them at start-up.

/** `rd`: R&D's lead, who accepts or rejects R&D work orders and reports them fixed (D22). */
export const ROLES = [
  "engineer",
  "supervisor",
  "gm",
  "requester",
  "sales-admin",
  "finance",
  "customer-service",
  "rd",
] as const;
export type Role = (typeof ROLES)[number];
export const TIERS = ["一等", "二等", "三等"] as const;
export type Tier = (typeof TIERS)[number];
export const GRADES = ["优", "良", "中", "差"] as const;
export type Grade = (typeof GRADES)[number];
export const SERVICE_TYPES = ["安装", "调试", "培训", "维护", "维修", "回访", "测试", "技术咨询"] as const;
export const PRIORITIES = ["紧急", "重要", "一般"] as const;
export const CHANNELS = ["电话", "邮件", "在线", "现场"] as const;
/** States of an R&D work order (故障处理工作单, D22), in order; 已驳回 ends it as well as 已确认. */
export const RD_STATES = ["待受理", "已受理", "已修复", "已确认", "已驳回"] as const;
export type RdState = (typeof RD_STATES)[number];
export const DELAY_REASONS = ["A", "B", "C", "D"] as const;
/** What each delay reason means (DOMAIN D3), in Chinese and English. */
export const DELAY_REASON_TITLES: Record<(typeof DELAY_REASONS)[number], [zh: string, en: string]> = {
  A: ["接单未服务（计入考核）", "took the job but did not serve (counts in the assessment)"],
  B: ["人员或物料不足", "staffing or materials insufficient"],
  C: ["客户原因", "the customer's reasons"],
  D: ["其他", "other"],
};
export const MANDATORY_TOOLS = ["U盘", "螺丝刀", "笔记本电脑"] as const;
/** Letter states [001, 003]: 派工 → 在建 → 延期 → 完工 → 已确认 → 回访 → 结案. */
export const LETTER_STATES = ["派工", "在建", "延期", "完工", "已确认", "回访", "结案"] as const;
export type LetterState = (typeof LETTER_STATES)[number];
