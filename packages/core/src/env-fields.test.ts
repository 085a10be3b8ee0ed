import { describe, expect, it } from "vitest";
import { EnvError, parseEnv, pickEnv } from "./env-fields";

describe("parseEnv", () => {
  const shape = pickEnv(
    "PORT",
    "DATA_DIR",
    "MAIDCENTRAL_API_URL",
    "SYNC_SECRET",
    "ENABLE_NEW_COMPANIES",
    "CORS_ORIGINS",
  );

  it("applies the contract's defaults", () => {
    const env = parseEnv(shape, {});
    expect(env).toEqual({ PORT: 8787, DATA_DIR: "./.data", CORS_ORIGINS: [] });
  });

  it("parses values", () => {
    const env = parseEnv(shape, {
      PORT: "9000",
      MAIDCENTRAL_API_URL: "https://api.maidcentral.example",
      ENABLE_NEW_COMPANIES: "false",
      CORS_ORIGINS: "https://a.example, https://b.example",
      SYNC_SECRET: "",
    });
    expect(env.PORT).toBe(9000);
    expect(env.ENABLE_NEW_COMPANIES).toBe(false);
    expect(env.CORS_ORIGINS).toEqual(["https://a.example", "https://b.example"]);
    expect(env.SYNC_SECRET).toBeUndefined();
  });

  it("names the bad variable in one line", () => {
    expect(() => parseEnv(shape, { MAIDCENTRAL_API_URL: "api.example" })).toThrow(
      /^Invalid environment: MAIDCENTRAL_API_URL must be a URL like https:\/\/example.com \(got "api.example"\)$/,
    );
    expect(() => parseEnv(shape, { PORT: "eighty" })).toThrow(EnvError);
  });

  it("never echoes a secret", () => {
    try {
      parseEnv(shape, { SYNC_SECRET: "short-secret" });
      expect.unreachable();
    } catch (error) {
      expect(String(error)).toContain("SYNC_SECRET must be at least 16 characters");
      expect(String(error)).not.toContain("short-secret");
    }
  });
});
