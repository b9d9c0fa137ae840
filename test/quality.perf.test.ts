// Issue 15 at scale (the monthly report ≤ 3 s at 50k): the SLA clocks ask for two instants of every
// working day a letter's clocks span. Those come by arithmetic for fixed-offset zones — exactly what
// dayjs's time-zone conversion gives (atLocal, addDays) — and each day's window once per calendar.
import dayjs from "dayjs";
import customParseFormat from "dayjs/plugin/customParseFormat.js";
import timezone from "dayjs/plugin/timezone.js";
import utc from "dayjs/plugin/utc.js";
import { describe, expect, it } from "vitest";
import { addDays, atLocal } from "../src/core/time.ts";
import { makeCalendar } from "../src/domain/calendar.ts";
import { addWorking, workingBetween } from "../src/domain/sla.ts";

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.extend(customParseFormat);

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe("issue 15 at scale: local instants and dates without dayjs", () => {
  it("atLocal matches dayjs for the fixed-offset zones, 1992–2030, at the working day's edges and midnight", () => {
    for (const tz of ["Asia/Shanghai", "Asia/Urumqi", "Asia/Tokyo", "UTC"])
      for (let ms = Date.UTC(1992, 0, 2); ms < Date.UTC(2030, 0, 1); ms += 86_400_000 * 37)
        for (const hhmm of ["00:00", "09:00", "18:00", "23:59"])
          expect(atLocal(day(ms), hhmm, tz), `${day(ms)} ${hhmm} ${tz}`).toBe(
            dayjs.tz(`${day(ms)} ${hhmm}`, "YYYY-MM-DD HH:mm", tz).format("YYYY-MM-DDTHH:mm:ssZ"),
          );
  });

  it("atLocal leaves other zones, earlier instants and odd input to dayjs", () => {
    expect(atLocal("2026-07-01", "09:00", "Europe/Berlin")).toBe("2026-07-01T09:00:00+02:00");
    expect(atLocal("1980-07-01", "09:00", "Asia/Shanghai")).toBe(
      dayjs.tz("1980-07-01 09:00", "YYYY-MM-DD HH:mm", "Asia/Shanghai").format("YYYY-MM-DDTHH:mm:ssZ"),
    );
    expect(atLocal("2026-11-20", "9:00", "Asia/Shanghai")).toBe("2026-11-20T09:00:00+08:00");
  });

  it("addDays matches dayjs across months, leap days and years, both ways", () => {
    for (let ms = Date.UTC(2019, 0, 1); ms < Date.UTC(2029, 0, 1); ms += 86_400_000 * 11)
      for (const n of [-400, -31, -1, 0, 1, 6, 29, 366])
        expect(addDays(day(ms), n), `${day(ms)} ${n}`).toBe(
          dayjs(day(ms), "YYYY-MM-DD").add(n, "day").format("YYYY-MM-DD"),
        );
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
  });

  it("the SLA clocks give the same instants with the windows memoised: a night, a weekend, a holiday, a pause", () => {
    const s = {
      sla: { targets: {}, atRisk: "2h", fine: 0 },
      workingHours: { start: "09:00", end: "18:00" },
      timezone: "Asia/Shanghai",
    } as never;
    const cal = makeCalendar(undefined);
    // Friday 17:00 + 2 working hours → Monday 10:00; over the National Day holiday.
    expect(addWorking("2026-11-20T17:00:00+08:00", 2 * 3_600_000, s, cal)).toBe("2026-11-23T10:00:00+08:00");
    expect(addWorking("2026-09-30T17:00:00+08:00", 2 * 3_600_000, s, cal)).toBe("2026-10-08T10:00:00+08:00");
    // asked twice of the same calendar: the memoised windows give the same answers
    for (let i = 0; i < 2; i++) {
      expect(workingBetween("2026-11-20T17:00:00+08:00", "2026-11-23T10:00:00+08:00", s, cal)).toBe(
        2 * 3_600_000,
      );
      const pause: [number, number][] = [
        [Date.parse("2026-11-23T09:00:00+08:00"), Date.parse("2026-11-23T12:00:00+08:00")],
      ];
      expect(addWorking("2026-11-20T17:00:00+08:00", 2 * 3_600_000, s, cal, pause)).toBe(
        "2026-11-23T13:00:00+08:00",
      );
    }
  });
});
