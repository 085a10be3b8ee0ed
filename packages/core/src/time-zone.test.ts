import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BackupPortalError } from "./errors";
import { instantToZonedIso, resolveTimeZone, wallClockAt } from "./time-zone";
import { TimeZoneError } from "./time-zone-error";
import { zonedWallTimeToIso } from "./zoned-wall-time";

describe("resolveTimeZone", () => {
  it("keeps IANA names and maps MaidCentral's Windows ids", () => {
    expect(resolveTimeZone("America/New_York")).toBe("America/New_York");
    expect(resolveTimeZone("Asia/Kolkata")).toBe("Asia/Kolkata");
    expect(resolveTimeZone("america/chicago")).toBe("America/Chicago");
    expect(resolveTimeZone("Eastern Standard Time")).toBe("America/New_York");
    expect(resolveTimeZone("Pacific Standard Time")).toBe("America/Los_Angeles");
    expect(resolveTimeZone("AUS Eastern Standard Time")).toBe("Australia/Sydney");
    expect(resolveTimeZone("India Standard Time")).toMatch(/^Asia\/(Kolkata|Calcutta)$/);
    expect(resolveTimeZone("UTC")).toBe("UTC");
  });

  it("rejects unknown zones and bare offsets with a typed error", () => {
    for (const zone of ["Mars/Olympus_Mons", "Eastern Time", "", "+05:00"]) {
      let thrown: unknown;
      try {
        resolveTimeZone(zone);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(TimeZoneError);
      expect(thrown).toBeInstanceOf(BackupPortalError);
      expect((thrown as TimeZoneError).code).toBe("unknown_time_zone");
      expect((thrown as TimeZoneError).retryable).toBe(false);
      expect((thrown as TimeZoneError).message).toContain(JSON.stringify(zone));
    }
  });
});

describe("zonedWallTimeToIso", () => {
  it("uses the offset in force at that wall time on the US spring-forward day", () => {
    expect(zonedWallTimeToIso("2026-03-08T09:00:00", "America/New_York")).toBe(
      "2026-03-08T09:00:00-04:00",
    );
    expect(zonedWallTimeToIso("2026-03-08T01:30:00", "America/New_York")).toBe(
      "2026-03-08T01:30:00-05:00",
    );
    expect(zonedWallTimeToIso("2026-03-08T09:00:00", "Eastern Standard Time")).toBe(
      "2026-03-08T09:00:00-04:00",
    );
  });

  it("moves a skipped wall time forward and takes the earlier offset of a repeated one", () => {
    expect(zonedWallTimeToIso("2026-03-08T02:30:00", "America/New_York")).toBe(
      "2026-03-08T03:30:00-04:00",
    );
    expect(zonedWallTimeToIso("2026-11-01T01:30:00", "America/New_York")).toBe(
      "2026-11-01T01:30:00-04:00",
    );
    expect(zonedWallTimeToIso("2026-11-01T02:30:00", "America/New_York")).toBe(
      "2026-11-01T02:30:00-05:00",
    );
    expect(zonedWallTimeToIso("2026-03-29T01:30:00", "Europe/London")).toBe(
      "2026-03-29T02:30:00+01:00",
    );
    expect(zonedWallTimeToIso("2026-04-05T02:30:00", "Australia/Sydney")).toBe(
      "2026-04-05T02:30:00+11:00",
    );
    expect(zonedWallTimeToIso("2026-10-04T02:30:00", "Australia/Sydney")).toBe(
      "2026-10-04T03:30:00+11:00",
    );
  });

  it("handles half-hour zones, zones ahead of UTC, minutes-only and fractional seconds", () => {
    expect(zonedWallTimeToIso("2026-03-08T09:00", "Asia/Kolkata")).toBe(
      "2026-03-08T09:00:00+05:30",
    );
    expect(zonedWallTimeToIso("2026-01-15T23:59:59.9000000", "Pacific/Auckland")).toBe(
      "2026-01-15T23:59:59+13:00",
    );
    expect(zonedWallTimeToIso("2026-07-15T00:00:00", "Pacific/Auckland")).toBe(
      "2026-07-15T00:00:00+12:00",
    );
  });

  it("rejects strings that are not wall times", () => {
    for (const bad of ["2026-02-30T09:00:00", "2026-03-08", "2026-03-08T24:00:00", "9am"]) {
      expect(() => zonedWallTimeToIso(bad, "America/New_York")).toThrow(RangeError);
    }
  });

  it("reads back every instant's own wall time as that instant (or the earlier twin)", () => {
    const zones = [
      "America/New_York",
      "Europe/London",
      "Australia/Sydney",
      "Asia/Kolkata",
      "Pacific/Auckland",
      "America/St_Johns",
    ];
    fc.assert(
      fc.property(
        fc.date({
          min: new Date("2020-01-01T00:00:00Z"),
          max: new Date("2030-12-31T00:00:00Z"),
          noInvalidDate: true,
        }),
        fc.constantFrom(...zones),
        (instant, zone) => {
          const iso = instantToZonedIso(instant, zone);
          const wholeSeconds = Math.floor(instant.getTime() / 1000) * 1000;
          expect(Date.parse(iso)).toBe(wholeSeconds);
          const back = zonedWallTimeToIso(iso.slice(0, 19), zone);
          expect(back.slice(0, 19)).toBe(iso.slice(0, 19));
          // In a fall-back hour the same wall time names two instants; we pick the earlier.
          expect(Date.parse(back)).toBeLessThanOrEqual(wholeSeconds);
          expect(wholeSeconds - Date.parse(back)).toBeLessThanOrEqual(3_600_000);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("wallClockAt", () => {
  it("reads the same fields as the formatter's formatToParts, at any instant and zone", () => {
    const zones = [
      "America/New_York",
      "Australia/Lord_Howe",
      "Asia/Kathmandu",
      "UTC",
      "Pacific/Chatham",
    ];
    fc.assert(
      fc.property(
        fc.integer({
          min: -62_135_596_800_000 - 86_400_000 * 400,
          max: 253_402_300_799_999 + 86_400_000 * 400,
        }),
        fc.constantFrom(...zones),
        (ms, zone) => {
          const instant = new Date(ms);
          const parts = new Intl.DateTimeFormat("en-US", {
            timeZone: zone,
            hourCycle: "h23",
            year: "numeric",
            month: "2-digit",
            day: "2-digit",
            hour: "2-digit",
            minute: "2-digit",
            second: "2-digit",
          }).formatToParts(instant);
          const field = (type: string): number =>
            Number(parts.find((part) => part.type === type)?.value ?? Number.NaN);
          expect(wallClockAt(instant, zone)).toEqual({
            year: field("year"),
            month: field("month"),
            day: field("day"),
            hour: field("hour"),
            minute: field("minute"),
            second: field("second"),
          });
        },
      ),
      { numRuns: 400 },
    );
  });
});
