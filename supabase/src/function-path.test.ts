import { describe, expect, it } from "vitest";
import { functionRelativePath } from "./function-path";

describe("functionRelativePath", () => {
  it("keeps the function's own route, with or without the gateway prefix", () => {
    expect(functionRelativePath("/hourly-sync", "hourly-sync")).toBe("/hourly-sync");
    expect(functionRelativePath("/functions/v1/get-schedule", "get-schedule")).toBe(
      "/get-schedule",
    );
    expect(functionRelativePath("/get-schedule/", "get-schedule")).toBe("/get-schedule");
  });

  it("maps the function's sub-paths onto the app's routes", () => {
    expect(functionRelativePath("/get-schedule/health", "get-schedule")).toBe("/health");
    expect(functionRelativePath("/functions/v1/get-schedule/metrics", "get-schedule")).toBe(
      "/metrics",
    );
  });

  it("leaves paths of the app itself and look-alike names alone", () => {
    expect(functionRelativePath("/health", "hourly-sync")).toBe("/health");
    expect(functionRelativePath("/hourly-syncs/health", "hourly-sync")).toBe(
      "/hourly-syncs/health",
    );
  });
});
