import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { localDate, syncWindow } from "./sync-window";
import { TimeZoneError } from "./time-zone-error";

const ZONES = [
  "America/New_York",
  "Europe/London",
  "Australia/Sydney",
  "Asia/Kolkata",
  "Pacific/Auckland",
  "America/Los_Angeles",
  "Pacific/Chatham",
  "Eastern Standard Time",
  "AUS Eastern Standard Time",
  "India Standard Time",
];

/** The 2026 clock changes of the zones the issue names. */
const TRANSITIONS_2026 = [
  "2026-03-08T07:00:00Z", // America/New_York spring forward
  "2026-11-01T06:00:00Z", // America/New_York fall back
  "2026-03-29T01:00:00Z", // Europe/London
  "2026-10-25T01:00:00Z",
  "2026-04-04T16:00:00Z", // Australia/Sydney fall back (03:00 AEDT → 02:00 AEST)
  "2026-10-03T16:00:00Z", // Australia/Sydney spring forward
].map((iso) => Date.parse(iso));

/** Independent oracle: en-CA formats dates as YYYY-MM-DD. */
function oracleLocalDate(instant: Date, ianaZone: string): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: ianaZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(instant);
}

const IANA: Record<string, string> = {
  "Eastern Standard Time": "America/New_York",
  "AUS Eastern Standard Time": "Australia/Sydney",
  "India Standard Time": "Asia/Kolkata",
};

const anyInstant = fc.date({
  min: new Date("2024-01-01T00:00:00Z"),
  max: new Date("2028-12-31T00:00:00Z"),
  noInvalidDate: true,
});
const nearTransition = fc
  .tuple(fc.constantFrom(...TRANSITIONS_2026), fc.integer({ min: -36 * 3600, max: 36 * 3600 }))
  .map(([at, seconds]) => new Date(at + seconds * 1000));

describe("syncWindow", () => {
  it("is N consecutive dates starting at the company's local date", () => {
    fc.assert(
      fc.property(
        fc.oneof(anyInstant, nearTransition),
        fc.constantFrom(...ZONES),
        fc.integer({ min: 1, max: 14 }),
        (instant, zone, days) => {
          const window = syncWindow(instant, zone, days);
          expect(window).toHaveLength(days);
          expect(window[0]).toBe(oracleLocalDate(instant, IANA[zone] ?? zone));
          for (let i = 1; i < window.length; i++) {
            const step =
              Date.parse(`${window[i]}T00:00:00Z`) - Date.parse(`${window[i - 1]}T00:00:00Z`);
            expect(step).toBe(86_400_000);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("defaults to 7 days and turns over at local midnight, not UTC midnight", () => {
    expect(syncWindow(new Date("2026-03-08T04:59:59Z"), "America/New_York")).toEqual([
      "2026-03-07",
      "2026-03-08",
      "2026-03-09",
      "2026-03-10",
      "2026-03-11",
      "2026-03-12",
      "2026-03-13",
    ]);
    expect(localDate(new Date("2026-03-08T05:00:00Z"), "America/New_York")).toBe("2026-03-08");
    // Auckland is a day ahead: 11:00 UTC on the 7th is already 00:00 on the 8th there.
    expect(localDate(new Date("2026-03-07T10:59:59Z"), "Pacific/Auckland")).toBe("2026-03-07");
    expect(localDate(new Date("2026-03-07T11:00:00Z"), "Pacific/Auckland")).toBe("2026-03-08");
    // Kolkata turns over at 18:30 UTC.
    expect(localDate(new Date("2026-03-07T18:29:59Z"), "Asia/Kolkata")).toBe("2026-03-07");
    expect(localDate(new Date("2026-03-07T18:30:00Z"), "Asia/Kolkata")).toBe("2026-03-08");
  });

  it("rejects unknown zones and negative lengths", () => {
    expect(() => syncWindow(new Date(), "Atlantis/Central")).toThrow(TimeZoneError);
    expect(() => syncWindow(new Date(), "UTC", -1)).toThrow(RangeError);
    expect(syncWindow(new Date(), "UTC", 0)).toEqual([]);
  });
});
