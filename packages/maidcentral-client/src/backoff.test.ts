import { describe, expect, it } from "vitest";
import { backoffDelay } from "./backoff";

describe("backoffDelay", () => {
  const options = { baseDelayMs: 500, maxDelayMs: 3000 };

  it("doubles the ceiling per attempt up to the cap", () => {
    const top = () => 0.9999;
    expect([1, 2, 3, 4, 5].map((attempt) => backoffDelay(attempt, options, top))).toEqual([
      499, 999, 1999, 2999, 2999,
    ]);
  });

  it("draws anywhere from zero (full jitter)", () => {
    expect(backoffDelay(3, options, () => 0)).toBe(0);
  });
});
