// What `svc log L --software V --part P` adds (DOMAIN D21): the unit the letter serves, and who pays
// for each part — free under the unit's warranty (三包) on the day it is replaced, chargeable otherwise.
import { UsageError } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import { equipmentOfNotice, importedLinks, partCharge } from "../domain/equipment.ts";
import type { Equipment, Letter } from "../schemas/index.ts";
import { PART_QTY } from "../schemas/limits.ts";
import type { Store } from "../store/store.ts";
import { warrantyText } from "./equipment.ts";

export interface Part {
  name: string;
  qty?: number;
}

/** `电源模块`, `电源模块*2`, `电源模块 x 2` → name and quantity. */
export function parseParts(values: readonly string[]): Part[] {
  return values.map((v) => {
    const m = /^(.*?)\s*[*x×]\s*(\d+)$/.exec(v.trim());
    const name = (m ? m[1] : v).trim();
    if (!name || name.length > 200)
      throw new UsageError(
        t(`--part "${v}"：配件名称应为 1–200 个字符`, `--part "${v}": a part's name takes 1–200 characters`),
      );
    if (!m) return { name };
    const qty = Number(m[2]);
    if (qty < PART_QTY.min || qty > PART_QTY.max)
      throw new UsageError(
        t(
          `--part "${v}"：数量应在 ${PART_QTY.min}–${PART_QTY.max} 之间`,
          `--part "${v}": the quantity lies in ${PART_QTY.min}–${PART_QTY.max}`,
        ),
      );
    return { name, qty };
  });
}

export function parseSoftware(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  const s = v.trim();
  if (!s || s.length > 80)
    throw new UsageError(t("--software 应为 1–80 个字符", "--software takes 1–80 characters"));
  return s;
}

/** The registered unit a letter serves (through its notice), if any. */
export function unitOfLetter(store: Store, letter: Letter): Equipment | undefined {
  const notice = letter.notice ? store.get("notice", letter.notice) : undefined;
  if (!notice) return undefined;
  const id = notice.equipmentId ?? equipmentOfNotice(notice, importedLinks(store.list("equipment")));
  return id ? store.get("equipment", id) : undefined;
}

export const charge = partCharge;

export function serviceText(
  unit: Equipment | undefined,
  software: string | undefined,
  parts: { name: string; qty?: number; charge: string }[],
): string {
  const lines: string[] = [];
  if (software)
    lines.push(
      unit
        ? t(
            `软件版本 ${unit.software ?? "?"} → ${software}（已记入设备档案 ${unit.id}）`,
            `software ${unit.software ?? "?"} → ${software} (kept on ${unit.id})`,
          )
        : t(
            `软件版本 ${software}（通知单未登记设备，未记入设备档案）`,
            `software ${software} (the notice names no registered unit)`,
          ),
    );
  if (parts.length) {
    const until = unit?.warrantyEnd
      ? t(`，三包至 ${unit.warrantyEnd}`, `, warranty until ${unit.warrantyEnd}`)
      : "";
    lines.push(
      `${t("更换配件", "parts")}: ${parts.map((p) => `${p.name}${p.qty ? `×${p.qty}` : ""}（${p.charge}）`).join("、")}` +
        (unit
          ? `（${warrantyText(unit.warrantyEnd ? (parts[0].charge === "三包" ? "in" : "out") : "unknown")}${until}）`
          : t("（未登记设备：按收费）", " (no registered unit: chargeable)")),
    );
  }
  return lines.join("\n");
}
