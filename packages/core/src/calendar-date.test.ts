import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, isValidDate } from "./calendar-date";

describe("isValidDate", () => {
  it("accepts only strict YYYY-MM-DD real calendar days", () => {
    for (const good of ["2026-03-08", "2024-02-29", "2000-02-29", "2026-12-31", "0001-01-01"]) {
      expect(isValidDate(good)).toBe(true);
    }
    for (const bad of [
      "2026-02-29",
      "1900-02-29",
      "2026-04-31",
      "2026-13-01",
      "2026-00-10",
      "2026-3-8",
      "2026-03-08T00:00:00",
      " 2026-03-08",
      "20260308",
      "",
    ]) {
      expect(isValidDate(bad)).toBe(false);
    }
  });
});

describe("addDays", () => {
  it("crosses months, leap days and years", () => {
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(addDays("2026-03-08", 0)).toBe("2026-03-08");
  });

  it("rejects invalid dates and fractional days", () => {
    expect(() => addDays("2026-02-30", 1)).toThrow(RangeError);
    expect(() => addDays("2026-03-08", 0.5)).toThrow(RangeError);
  });

  it("is invertible and always yields valid dates", () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date("1900-01-01T00:00:00Z"),
          max: new Date("2100-01-01T00:00:00Z"),
          noInvalidDate: true,
        }),
        fc.integer({ min: -4000, max: 4000 }),
        (instant, n) => {
          const date = instant.toISOString().slice(0, 10);
          const moved = addDays(date, n);
          expect(isValidDate(moved)).toBe(true);
          expect(addDays(moved, -n)).toBe(date);
          expect((Date.parse(moved) - Date.parse(date)) / 86_400_000).toBe(n);
        },
      ),
    );
  });
});
