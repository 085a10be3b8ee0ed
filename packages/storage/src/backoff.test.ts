import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backoffDelayMs } from "./backoff";

describe("backoffDelayMs", () => {
  it("stays within [0, min(maxMs, baseMs·2^(attempt-1))] for every input", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 1, max: 60_000 }),
        fc.integer({ min: 1, max: 3_600_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (attempt, baseMs, maxMs, r) => {
          const delay = backoffDelayMs(attempt, { baseMs, maxMs }, () => r);
          const cap = Math.min(maxMs, baseMs * 2 ** (attempt - 1));
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThanOrEqual(Math.round(cap));
        },
      ),
    );
  });

  it("doubles the ceiling per attempt until the cap", () => {
    const options = { baseMs: 1_000, maxMs: 10_000 };
    expect([1, 2, 3, 4, 5].map((attempt) => backoffDelayMs(attempt, options, () => 1))).toEqual([
      1_000, 2_000, 4_000, 8_000, 10_000,
    ]);
  });
});
