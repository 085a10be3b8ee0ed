import { describe, expect, it } from "vitest";
import { bearerMatches, requireSyncSecret, safeEqual } from "./secret-compare";

describe("bearerMatches", () => {
  it("accepts the exact secret and nothing else", () => {
    expect(bearerMatches("Bearer s3cret-value", "s3cret-value")).toBe(true);
    expect(bearerMatches("bearer s3cret-value ", "s3cret-value")).toBe(true);
    expect(bearerMatches("Bearer s3cret-valuf", "s3cret-value")).toBe(false);
    expect(bearerMatches("Bearer s3cret-value2", "s3cret-value")).toBe(false);
    expect(bearerMatches("Bearer s3cret", "s3cret-value")).toBe(false);
    expect(bearerMatches("s3cret-value", "s3cret-value")).toBe(false);
    expect(bearerMatches(undefined, "s3cret-value")).toBe(false);
  });

  it("never authorizes with an empty secret", () => {
    expect(safeEqual("", "")).toBe(false);
    expect(bearerMatches("Bearer ", "")).toBe(false);
  });
});

describe("requireSyncSecret", () => {
  it("lets the secret through and answers anything else with a 401 challenge", async () => {
    expect(requireSyncSecret("Bearer s3cret-value", "s3cret-value")).toBeUndefined();
    const denied = requireSyncSecret("Bearer nope", "s3cret-value");
    expect(denied?.status).toBe(401);
    expect(denied?.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(await denied?.json()).toEqual({
      error: { code: "unauthorized", message: "Authorization: Bearer $SYNC_SECRET is required." },
    });
  });
});
