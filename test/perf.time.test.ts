// The fixed-offset fast path of src/core/time.ts (performance, issue 7) gives exactly what dayjs's
// time-zone conversion gives, for the zones it covers; other zones still go through dayjs.
import dayjs from "dayjs";
import timezone from "dayjs/plugin/timezone.js";
import utc from "dayjs/plugin/utc.js";
import { describe, expect, it } from "vitest";
import { dateLocal, isoLocal, monthLocal } from "../src/core/time.ts";
import { compareDue, type DueItem } from "../src/domain/due.ts";
import { localDate } from "../src/domain/windows.ts";
import { knownTimeZone } from "../src/schemas/config-rules.ts";

dayjs.extend(utc);
dayjs.extend(timezone);

describe("department-local time without Intl", () => {
  it("matches dayjs for the fixed-offset zones, 1992–2030", () => {
    for (const tz of ["Asia/Shanghai", "Asia/Urumqi", "Asia/Tokyo", "UTC", "Asia/Taipei", "Asia/Hong_Kong"]) {
      for (
        let ms = Date.UTC(1992, 0, 1);
        ms < Date.UTC(2030, 0, 1);
        ms += 86_400_000 * 97 + 3_600_000 * 7 + 61_000
      ) {
        const d = new Date(ms);
        const ref = dayjs(d).tz(tz);
        expect(isoLocal(d, tz)).toBe(ref.format("YYYY-MM-DDTHH:mm:ssZ"));
        expect(dateLocal(d, tz)).toBe(ref.format("YYYY-MM-DD"));
        expect(monthLocal(d, tz)).toBe(ref.format("YYYY-MM"));
      }
    }
  });

  it("a time written in the zone's own offset is read as written — also where Date would carry a day over (issue 17 speed)", () => {
    for (const tz of ["Asia/Shanghai", "Asia/Urumqi", "Asia/Tokyo", "UTC"]) {
      const offset = dayjs("2026-01-01T00:00:00Z").tz(tz).format("Z");
      for (
        let ms = Date.UTC(1991, 11, 25);
        ms < Date.UTC(2031, 0, 1);
        ms += 86_400_000 * 17 + 3_600_000 * 5 + 61_000
      ) {
        const text = dayjs(ms).tz(tz).format("YYYY-MM-DDTHH:mm:ss") + offset; // as a record writes it
        const ref = dayjs(text).tz(tz);
        expect(isoLocal(text, tz)).toBe(ref.format("YYYY-MM-DDTHH:mm:ssZ"));
        expect(dateLocal(text, tz)).toBe(ref.format("YYYY-MM-DD"));
        expect(localDate(text, tz)).toBe(ref.format("YYYY-MM-DD")); // the assessment's windows
      }
    }
    // texts Date reads into another day: the 29th–31st of a short month, hour 24 — never as written
    expect(isoLocal("2026-02-30T10:00:00+08:00", "Asia/Shanghai")).toBe("2026-03-02T10:00:00+08:00");
    expect(dateLocal("2026-04-31T10:00:00+08:00", "Asia/Shanghai")).toBe("2026-05-01");
    expect(dateLocal("2026-11-23T24:00:00+08:00", "Asia/Shanghai")).toBe("2026-11-24");
    expect(dateLocal("2026-11-23T09:30:00+09:00", "Asia/Shanghai")).toBe("2026-11-23");
    expect(isoLocal("2026-11-23T07:30:00+09:00", "Asia/Shanghai")).toBe("2026-11-23T06:30:00+08:00");
  });

  it("crosses the day boundary in the department's zone", () => {
    expect(isoLocal("2026-11-20T16:30:00Z", "Asia/Shanghai")).toBe("2026-11-21T00:30:00+08:00");
    expect(dateLocal("2026-12-31T16:00:00Z", "Asia/Shanghai")).toBe("2027-01-01");
  });

  it("leaves zones with daylight saving to dayjs", () => {
    expect(isoLocal("2026-07-01T12:00:00Z", "Europe/Berlin")).toBe("2026-07-01T14:00:00+02:00");
    expect(isoLocal("2026-01-01T12:00:00Z", "Europe/Berlin")).toBe("2026-01-01T13:00:00+01:00");
  });
});

describe("svc's everyday commands without ICU (issue 18)", () => {
  it("a fixed-offset zone in svc.yaml is known without asking Intl; another zone still asks it, and a wrong one is refused", () => {
    const made: unknown[] = [];
    const Real = Intl.DateTimeFormat;
    // Every construction of a DateTimeFormat counted, the real one made (a Proxy: what Intl's callers get)
    Intl.DateTimeFormat = new Proxy(Real, {
      construct(target, args: ConstructorParameters<typeof Real>) {
        made.push(args[1]?.timeZone);
        return new target(...args);
      },
    });
    try {
      for (const tz of ["Asia/Shanghai", "Asia/Urumqi", "UTC", "Asia/Tokyo"])
        expect(knownTimeZone(tz)).toBe(true);
      expect(made).toEqual([]);
      expect(knownTimeZone("Europe/Berlin")).toBe(true);
      expect(knownTimeZone("Asia/Calcutta")).toBe(true);
      expect(knownTimeZone("Mars/Olympus")).toBe(false);
      expect(made).toEqual(["Europe/Berlin", "Asia/Calcutta", "Mars/Olympus"]);
    } finally {
      Intl.DateTimeFormat = Real;
    }
  });

  it("the due list's last tie-break (the ids) orders as collation would, without a collator", () => {
    const refs = [
      "W-20261121-maxin",
      "W-20261121-liuyang",
      "DW-20261121",
      "L-20261009-4qyg8",
      "L-20261009-z0000",
      "L-20261009-40000",
      "N-20261121-weyf7",
      "A-202610",
      "AB-202610",
      "M-202610",
      "I-20261102-3",
      "I-20261102-10",
      "CC-20261101-ab12c",
    ];
    const item = (ref: string) => ({ ref, overdue: false }) as DueItem;
    const byDue = refs
      .map(item)
      .sort((a, b) => compareDue(a, b))
      .map((i) => i.ref);
    for (const locale of ["en", "zh", undefined])
      expect(byDue).toEqual([...refs].sort((a, b) => a.localeCompare(b, locale)));
  });
});
