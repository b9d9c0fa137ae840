// Who should take a notice (DOMAIN §2.2, §2.7): engineers of the notice's region first, then the
// expert of the notice's product, then the one with fewer open letters. Pure; the reasons are shown to
// the supervisor, who decides.
import { t } from "../core/i18n.ts";
import type { Customer, Letter, Notice, Person, Product } from "../schemas/index.ts";
import type { LetterState } from "./workflow.ts";
import { OPEN_STATES } from "./workflow.ts";

export interface Candidate {
  person: Person;
  sameRegion: boolean;
  expert: boolean;
  /** Letters of this engineer still 派工 / 在建 / 延期. */
  openLoad: number;
  reasons: string[];
}

export interface RankInput {
  notice: Notice;
  people: readonly Person[];
  letters: readonly Letter[];
  customer?: Customer;
  product?: Product;
}

/** The region a notice is served in: its own, else its customer's. */
export function noticeRegion(notice: Notice, customer?: Customer): string | undefined {
  return notice.region ?? customer?.region;
}

function isExpert(p: Person, notice: Notice, product?: Product): boolean {
  const experts = p.experts ?? [];
  if (!experts.length) return false;
  if (notice.product) return experts.includes(notice.product);
  // No product id on the notice: an expert whose product is named in the equipment text.
  const text = `${notice.equipment ?? ""} ${product?.name ?? ""}`.toLowerCase();
  return experts.some((e) => e.length >= 2 && text.includes(e.toLowerCase()));
}

/** Active engineers ranked for the notice, best first, each with the reasons of its place. */
export function rankEngineers(input: RankInput): Candidate[] {
  const region = noticeRegion(input.notice, input.customer);
  const load = new Map<string, number>();
  for (const l of input.letters)
    if (OPEN_STATES.includes(l.status as LetterState)) load.set(l.engineer, (load.get(l.engineer) ?? 0) + 1);
  const productName = input.product?.name ?? input.notice.product;
  const list: Candidate[] = input.people
    .filter((p) => p.active !== false && p.roles.includes("engineer"))
    .map((person) => {
      const sameRegion = Boolean(region && person.region === region);
      const expert = isExpert(person, input.notice, input.product);
      const openLoad = load.get(person.id) ?? 0;
      const reasons: string[] = [];
      if (region)
        reasons.push(
          sameRegion
            ? t(`负责${region}区域`, `covers ${region}`)
            : t(
                `区域为${person.region ?? "未设"}（通知单：${region}）`,
                `region ${person.region ?? "unset"} (notice: ${region})`,
              ),
        );
      if (expert)
        reasons.push(
          t(`${productName ?? "该产品"}的产品专家`, `product expert for ${productName ?? "the product"}`),
        );
      reasons.push(t(`在办责任书 ${openLoad} 份`, `${openLoad} open letter(s)`));
      return { person, sameRegion, expert, openLoad, reasons };
    });
  return list.sort(
    (a, b) =>
      Number(b.sameRegion) - Number(a.sameRegion) ||
      Number(b.expert) - Number(a.expert) ||
      a.openLoad - b.openLoad ||
      a.person.id.localeCompare(b.person.id),
  );
}
