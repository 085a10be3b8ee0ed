import { base64url, createLocalJWKSet, exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { AuthError } from "./auth-error";
import { createTokenVerifier } from "./token-verifier";

const SECRET = "test-secret-with-at-least-32-characters!!";
const USER = "5b0f3c1e-2d7a-4e43-9f0a-1c2d3e4f5a61";

let esPrivate: CryptoKey;
let esPublicJwk: JWK;
let otherPrivate: CryptoKey;
let rsPrivate: CryptoKey;
let rsPublicJwk: JWK;

beforeAll(async () => {
  const es = await generateKeyPair("ES256", { extractable: true });
  esPrivate = es.privateKey;
  esPublicJwk = { ...(await exportJWK(es.publicKey)), kid: "es-1", alg: "ES256" };
  otherPrivate = (await generateKeyPair("ES256")).privateKey;
  const rs = await generateKeyPair("RS256", { extractable: true });
  rsPrivate = rs.privateKey;
  rsPublicJwk = { ...(await exportJWK(rs.publicKey)), kid: "rs-1", alg: "RS256" };
});

function verifier() {
  return createTokenVerifier({
    hsSecret: SECRET,
    jwks: createLocalJWKSet({ keys: [esPublicJwk, rsPublicJwk] }),
  });
}

function claims(overrides: Record<string, unknown> = {}) {
  return { sub: USER, aud: "authenticated", role: "authenticated", ...overrides };
}

async function hs(payload = claims(), exp: string | number = "1h") {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt()
    .setExpirationTime(exp)
    .sign(new TextEncoder().encode(SECRET));
}

async function es(key = esPrivate, kid = "es-1") {
  return new SignJWT(claims())
    .setProtectedHeader({ alg: "ES256", kid })
    .setIssuedAt()
    .setExpirationTime("1h")
    .sign(key);
}

async function rejection(header: string | undefined): Promise<AuthError> {
  const error = await verifier()
    .verify(header)
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(error).toBeInstanceOf(AuthError);
  return error as AuthError;
}

describe("token verifier", () => {
  it("accepts a valid HS256 token and returns the subject", async () => {
    const token = await hs();
    const verified = await verifier().verify(`Bearer ${token}`);
    expect(verified.userId).toBe(USER);
    expect(verified.expiresAt.getTime()).toBeGreaterThan(Date.now());
  });

  it("accepts valid ES256 and RS256 tokens against the key set", async () => {
    expect((await verifier().verify(`Bearer ${await es()}`)).userId).toBe(USER);
    const rs = await new SignJWT(claims())
      .setProtectedHeader({ alg: "RS256", kid: "rs-1" })
      .setExpirationTime("1h")
      .sign(rsPrivate);
    expect((await verifier().verify(`bearer ${rs}`)).userId).toBe(USER);
  });

  it("refuses an expired token", async () => {
    const token = await hs(claims(), Math.floor(Date.now() / 1000) - 60);
    expect((await rejection(`Bearer ${token}`)).code).toBe("expired_token");
  });

  it("refuses a token it verified before once the token has expired", async () => {
    let now = Date.now();
    const cached = createTokenVerifier({ hsSecret: SECRET, now: () => now });
    const header = `Bearer ${await hs(claims(), "10m")}`;
    expect((await cached.verify(header)).userId).toBe(USER);
    now += 5_000;
    expect((await cached.verify(header)).userId).toBe(USER);
    now += 11 * 60_000;
    const error = await cached.verify(header).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).code).toBe("expired_token");
  });

  it("refuses a token for another audience", async () => {
    const token = await hs(claims({ aud: "anon" }));
    const error = await rejection(`Bearer ${token}`);
    expect(error.code).toBe("invalid_token");
    expect(error.message).toContain("aud");
  });

  it("refuses a token without exp", async () => {
    const token = await new SignJWT(claims())
      .setProtectedHeader({ alg: "HS256" })
      .sign(new TextEncoder().encode(SECRET));
    expect((await rejection(`Bearer ${token}`)).code).toBe("invalid_token");
  });

  it("refuses a token signed with another key", async () => {
    const wrongHs = await new SignJWT(claims())
      .setProtectedHeader({ alg: "HS256" })
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode("another-secret-another-secret-another"));
    expect((await rejection(`Bearer ${wrongHs}`)).message).toContain("signature");
    expect((await rejection(`Bearer ${await es(otherPrivate)}`)).code).toBe("invalid_token");
  });

  it("refuses a tampered payload", async () => {
    const [header, , signature] = (await hs()).split(".");
    const forged = base64url.encode(JSON.stringify(claims({ sub: "someone-else" })));
    expect((await rejection(`Bearer ${header}.${forged}.${signature}`)).code).toBe("invalid_token");
  });

  it("refuses alg none", async () => {
    const header = base64url.encode(JSON.stringify({ alg: "none", typ: "JWT" }));
    const payload = base64url.encode(
      JSON.stringify({ ...claims(), exp: Math.floor(Date.now() / 1000) + 3600 }),
    );
    const error = await rejection(`Bearer ${header}.${payload}.`);
    expect(error.message).toContain("none");
  });

  it("refuses an HS256 token signed with the public key (algorithm confusion)", async () => {
    const publicKeyBytes = new TextEncoder().encode(JSON.stringify(esPublicJwk));
    const confused = await new SignJWT(claims())
      .setProtectedHeader({ alg: "HS256", kid: "es-1" })
      .setExpirationTime("1h")
      .sign(publicKeyBytes);
    expect((await rejection(`Bearer ${confused}`)).code).toBe("invalid_token");
    // Without an HS secret configured, HS256 is not accepted at all.
    const jwksOnly = createTokenVerifier({ jwks: createLocalJWKSet({ keys: [esPublicJwk] }) });
    await expect(jwksOnly.verify(`Bearer ${confused}`)).rejects.toThrow(/HS256 is not accepted/);
  });

  it("refuses a missing or malformed header", async () => {
    expect((await rejection(undefined)).code).toBe("missing_token");
    expect((await rejection("Basic dXNlcjpwYXNz")).code).toBe("invalid_token");
    expect((await rejection("Bearer not-a-jwt")).code).toBe("invalid_token");
    expect((await rejection("Bearer")).code).toBe("invalid_token");
  });
});
