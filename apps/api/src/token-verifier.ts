import {
  createRemoteJWKSet,
  customFetch,
  decodeProtectedHeader,
  errors,
  type JWTVerifyGetKey,
  jwtVerify,
} from "jose";
import { AuthError } from "./auth-error";

export interface VerifiedToken {
  userId: string;
  expiresAt: Date;
}

export interface TokenVerifierOptions {
  /** Supabase's legacy HS256 secret (`SUPABASE_JWT_SECRET`). */
  hsSecret?: string | undefined;
  /** JWKS URL for asymmetric (ES256/RS256) tokens. */
  jwksUrl?: string | undefined;
  /** A key set to use instead of fetching `jwksUrl` (tests, or a pinned key set). */
  jwks?: JWTVerifyGetKey | undefined;
  fetch?: typeof fetch | undefined;
  audience?: string;
  /** Milliseconds since the epoch, for `exp` and the verified-token cache. Default: system time. */
  now?: (() => number) | undefined;
}

export interface TokenVerifier {
  verify(authorizationHeader: string | undefined | null): Promise<VerifiedToken>;
}

const ASYMMETRIC = ["ES256", "RS256"] as const;

/** How long a verified token is trusted without checking its signature again (never past exp). */
const VERIFIED_TTL_MS = 60_000;
const VERIFIED_MAX_ENTRIES = 10_000;

/**
 * Verifies Supabase access tokens. Each algorithm family is checked only against its own kind of
 * key, so an HS256 token "signed" with a public key (algorithm confusion) or `alg: none` never passes.
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const audience = options.audience ?? "authenticated";
  const secret = options.hsSecret ? new TextEncoder().encode(options.hsSecret) : undefined;
  const jwks =
    options.jwks ??
    (options.jwksUrl
      ? createRemoteJWKSet(new URL(options.jwksUrl), {
          cacheMaxAge: 10 * 60_000,
          cooldownDuration: 30_000,
          ...(options.fetch ? { [customFetch]: options.fetch } : {}),
        })
      : undefined);
  if (!secret && !jwks) {
    throw new Error("token verifier needs SUPABASE_JWT_SECRET or a JWKS URL");
  }

  const now = options.now ?? Date.now;
  // A front end sends the same token on every request; the signature check is most of a warm
  // request's CPU. Keyed by the whole token, so a changed byte is a miss and is verified afresh.
  const verified = new Map<string, { token: VerifiedToken; until: number }>();

  return {
    async verify(header) {
      const token = bearerToken(header);
      const at = now();
      const hit = verified.get(token);
      if (hit && at < hit.until) return hit.token;
      if (hit) verified.delete(token); // past its trust window or exp: jose decides again
      const result = await verifySignature(token);
      if (verified.size >= VERIFIED_MAX_ENTRIES) {
        for (const [key, entry] of verified) {
          if (at >= entry.until || verified.size >= VERIFIED_MAX_ENTRIES) verified.delete(key);
          else break;
        }
      }
      verified.set(token, {
        token: result,
        until: Math.min(at + VERIFIED_TTL_MS, result.expiresAt.getTime()),
      });
      return result;
    },
  };

  async function verifySignature(token: string): Promise<VerifiedToken> {
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch (cause) {
      throw new AuthError("invalid_token", "access token is not a JWT", cause);
    }
    try {
      const common = { audience, requiredClaims: ["exp", "sub"], currentDate: new Date(now()) };
      const { payload } =
        alg === "HS256" && secret
          ? await jwtVerify(token, secret, { ...common, algorithms: ["HS256"] })
          : jwks && (ASYMMETRIC as readonly (string | undefined)[]).includes(alg)
            ? await jwtVerify(token, jwks, { ...common, algorithms: [...ASYMMETRIC] })
            : rejectAlgorithm(alg);
      if (
        typeof payload.sub !== "string" ||
        payload.sub === "" ||
        typeof payload.exp !== "number"
      ) {
        throw new AuthError("invalid_token", "access token has no subject or expiry");
      }
      return { userId: payload.sub, expiresAt: new Date(payload.exp * 1000) };
    } catch (cause) {
      if (cause instanceof AuthError) throw cause;
      if (cause instanceof errors.JWTExpired) {
        throw new AuthError("expired_token", "access token has expired", cause);
      }
      throw new AuthError("invalid_token", describe(cause), cause);
    }
  }
}

function rejectAlgorithm(alg: string | undefined): never {
  throw new AuthError("invalid_token", `access token algorithm ${alg ?? "(none)"} is not accepted`);
}

function bearerToken(header: string | undefined | null): string {
  if (!header)
    throw new AuthError("missing_token", "Authorization: Bearer <access token> is required");
  const match = /^Bearer\s+([^\s]+)\s*$/i.exec(header);
  if (!match?.[1]) {
    throw new AuthError("invalid_token", "Authorization header must be 'Bearer <access token>'");
  }
  return match[1];
}

function describe(cause: unknown): string {
  if (cause instanceof errors.JWTClaimValidationFailed) {
    return `access token claim '${cause.claim}' is invalid`;
  }
  if (cause instanceof errors.JWSSignatureVerificationFailed) {
    return "access token signature is invalid";
  }
  if (cause instanceof errors.JWKSNoMatchingKey) return "access token key is unknown";
  return "access token is invalid";
}
