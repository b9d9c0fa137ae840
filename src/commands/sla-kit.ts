// D17 for the commands (loaded with import() inside their actions): the clocks of a notice and its
// letter with the department's settings, and their one-line text for svc show / svc list.
import { t } from "../core/i18n.ts";
import { isoLocal } from "../core/time.ts";
import { makeCalendar } from "../domain/calendar.ts";
import { CLOCK_TITLES, type Clock, clocksOf, hoursText } from "../domain/sla.ts";
import { type NoticeLink, noticeLink } from "../domain/views.ts";
import { fmtTime } from "../render/format.ts";
import type { Letter, Notice } from "../schemas/index.ts";
import type { Store } from "../store/store.ts";

export function settingsOf(store: Store) {
  return { sla: store.config.sla, workingHours: store.config.workingHours, timezone: store.tz };
}

/** Every notice's clocks (with its letter), computed once per command. */
export function allClocks(store: Store): Map<string, { notice: Notice; letter?: Letter; clocks: Clock[] }> {
  const cal = makeCalendar(store.config.calendar);
  const now = isoLocal(store.now(), store.tz);
  const s = settingsOf(store);
  const letterOf = new Map(
    store
      .list("letter")
      .filter((l) => l.notice)
      .map((l) => [l.notice as string, l]),
  );
  const out = new Map<string, { notice: Notice; letter?: Letter; clocks: Clock[] }>();
  for (const n of store.list("notice")) {
    if (n.cancelled) continue;
    const letter = letterOf.get(n.id);
    out.set(n.id, { notice: n, letter, clocks: clocksOf(n, letter, s, cal, now) });
  }
  return out;
}

/**
 * The clocks of a notice or a letter's notice (undefined for an unplanned letter or a cancelled notice).
 * `links`, `known`: the letters' notice links and the record itself when the caller has read them
 * already (svc show).
 */
export function clocksForRecord(
  store: Store,
  id: string,
  links?: readonly NoticeLink[],
  known?: ReturnType<Store["find"]>,
  /** The notice's letters when the caller has read them whole already (svc show N-…). */
  letters?: readonly Letter[],
) {
  const rec = known?.id === id ? known : store.find(id);
  const noticeId = rec?.kind === "notice" ? rec.id : rec?.kind === "letter" ? rec.notice : undefined;
  if (!noticeId) return undefined;
  const notice = store.get("notice", noticeId);
  if (!notice || notice.cancelled) return undefined;
  // A letter's own clocks are its own (one letter per notice: svc check rejects a second one); a
  // notice's letter is found through a cached projection, then read whole — not every letter (issue 18).
  const link =
    rec?.kind === "letter"
      ? rec
      : (links ?? store.projected("letter", "notice-link", noticeLink)).find((l) => l.notice === notice.id);
  const letter =
    link === rec
      ? (rec as Letter)
      : link
        ? (letters?.find((l) => l.id === link.id) ?? store.get("letter", link.id))
        : undefined;
  const cal = makeCalendar(store.config.calendar);
  return {
    notice,
    clocks: clocksOf(notice, letter, settingsOf(store), cal, isoLocal(store.now(), store.tz)),
  };
}

export const STATE_TEXT: Record<Clock["state"], [string, string]> = {
  met: ["达标", "met"],
  breached: ["超时", "breached"],
  "at-risk": ["即将超时", "at risk"],
  running: ["计时中", "running"],
};

/** "首次响应（2h）：期限 11-03 12:00，11-03 11:30 达标（用时 1 小时 30 分钟）" */
export function clockText(c: Clock, tz: string): [string, string] {
  const when = (iso: string) => fmtTime(iso, tz);
  const [zh, en] = CLOCK_TITLES[c.clock];
  const [sz, se] = STATE_TEXT[c.state];
  const [ez, ee] = hoursText(c.elapsedMs);
  const [lz, le] = hoursText(c.leftMs);
  return [
    `${zh}（${c.target}）：期限 ${when(c.deadline)}，${c.at ? `${when(c.at)} ` : ""}${sz}（用时 ${ez}${!c.at && c.leftMs > 0 ? `，剩余 ${lz}` : ""}）`,
    `${en} (${c.target}): due ${when(c.deadline)}, ${c.at ? `${when(c.at)} ` : ""}${se} (took ${ee}${!c.at && c.leftMs > 0 ? `, ${le} left` : ""})`,
  ];
}

export const clockLabel = (c: Clock) => t(...CLOCK_TITLES[c.clock]);
