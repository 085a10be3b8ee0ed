import { describe, expect, it } from "vitest";
import { parseRetryAfter } from "./retry-after";

const NOW = new Date("2026-03-07T12:00:00Z");

describe("parseRetryAfter", () => {
  it("reads delta-seconds and HTTP dates", () => {
    expect(parseRetryAfter("120", NOW)).toBe(120_000);
    expect(parseRetryAfter("Sat, 07 Mar 2026 12:00:30 GMT", NOW)).toBe(30_000);
  });

  it("treats past dates as now and unreadable values as absent", () => {
    expect(parseRetryAfter("Sat, 07 Mar 2026 11:00:00 GMT", NOW)).toBe(0);
    expect(parseRetryAfter("soon", NOW)).toBeUndefined();
    expect(parseRetryAfter("-5", NOW)).toBeUndefined();
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
  });
});
