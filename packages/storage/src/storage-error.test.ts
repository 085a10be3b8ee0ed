import { describe, expect, it } from "vitest";
import { toStorageError } from "./storage-error";

const driverError = (code: string) => Object.assign(new Error(`write ${code}`), { code });

describe("toStorageError", () => {
  it("marks a lost or unopenable connection retryable, so a job is retried rather than failed", () => {
    for (const code of [
      "CONNECT_TIMEOUT",
      "CONNECTION_DESTROYED",
      "CONNECTION_CLOSED",
      "ECONNRESET",
      "EPIPE",
    ]) {
      expect(toStorageError(driverError(code), {}).retryable, code).toBe(true);
    }
  });

  it("decides from the SQLSTATE: admin shutdown retries, a syntax error does not", () => {
    expect(toStorageError(driverError("57P01"), {}).retryable).toBe(true);
    expect(toStorageError(driverError("42601"), {}).retryable).toBe(false);
  });
});
