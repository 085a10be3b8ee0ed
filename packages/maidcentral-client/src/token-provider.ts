import type { Clock, Logger } from "@backup-portal/core";
import { z } from "zod";
import { type ExchangeOptions, httpExchange } from "./http-exchange";
import { MaidCentralError } from "./maidcentral-error";
import type { SecretScrubber } from "./secret-scrubber";
import { statusError } from "./status-error";

export type MaidCentralAuth =
  | { kind: "key"; apiKey: string }
  | { kind: "password"; username: string; password: string; tokenUrl?: string };

/** Supplies the bearer credential for API calls. */
export interface TokenProvider {
  token(attempt: number): Promise<string>;
  /** Forget `token` after the API refused it; false when there is nothing to refetch (static key). */
  invalidate(token: string): boolean;
}

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).optional(),
});

/** Refresh this long before expiry (capped at a tenth of the lifetime for short-lived tokens). */
const REFRESH_MARGIN_MS = 60_000;

export function createTokenProvider(
  auth: MaidCentralAuth,
  deps: {
    baseUrl: string;
    clock: Clock;
    logger: Logger;
    exchange: ExchangeOptions;
    scrubber: SecretScrubber;
  },
): TokenProvider {
  if (auth.kind === "key") {
    return { token: async () => auth.apiKey, invalidate: () => false };
  }
  const tokenUrl = new URL(auth.tokenUrl ?? `${deps.baseUrl}/token`);
  const path = tokenUrl.pathname;
  let cached: { token: string; refreshAt: number; expiresAt: number } | undefined;
  let inFlight: Promise<string> | undefined;

  async function fetchToken(attempt: number): Promise<string> {
    const place = { method: "POST", path, attempt };
    const result = await httpExchange(
      {
        method: "POST",
        url: tokenUrl,
        path,
        attempt,
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          accept: "application/json",
        },
        body: new URLSearchParams({
          grant_type: "password",
          username: auth.kind === "password" ? auth.username : "",
          password: auth.kind === "password" ? auth.password : "",
        }).toString(),
      },
      deps.exchange,
    );
    if (result.status < 200 || result.status >= 300) {
      const error = statusError(result, place, deps.clock.now(), deps.scrubber);
      if (result.status === 400 || error.kind === "auth") {
        // invalid_grant and friends: the credentials are wrong, retrying cannot help.
        throw new MaidCentralError(
          `${error.message.replace(/; check the API credentials$/, "")}; the token request was refused, check the username and password`,
          {
            ...place,
            kind: "auth",
            status: result.status,
          },
        );
      }
      throw error;
    }
    let parsed: z.output<typeof tokenResponseSchema>;
    try {
      parsed = tokenResponseSchema.parse(JSON.parse(result.text));
    } catch {
      throw new MaidCentralError(
        `MaidCentral POST ${path}: the token response has no access_token (expected {access_token, token_type, expires_in})`,
        { ...place, kind: "invalid_response", status: result.status },
      );
    }
    deps.scrubber.add(parsed.access_token);
    const now = deps.clock.now().getTime();
    if (parsed.expires_in === undefined) {
      // No lifetime given: keep it until the API refuses it (the 401 path refetches).
      cached = {
        token: parsed.access_token,
        refreshAt: Number.POSITIVE_INFINITY,
        expiresAt: Number.POSITIVE_INFINITY,
      };
    } else {
      const lifetime = parsed.expires_in * 1000;
      const margin = Math.min(REFRESH_MARGIN_MS, lifetime / 10);
      cached = {
        token: parsed.access_token,
        refreshAt: now + lifetime - margin,
        expiresAt: now + lifetime,
      };
    }
    deps.logger.info({ expiresInSeconds: parsed.expires_in ?? null }, "maidcentral token obtained");
    return parsed.access_token;
  }

  return {
    async token(attempt) {
      const now = deps.clock.now().getTime();
      if (cached && now < cached.refreshAt) return cached.token;
      // Single flight: everyone who needs a token now waits for the same request.
      if (!inFlight) {
        const stale = cached;
        inFlight = fetchToken(attempt)
          .catch((error: unknown) => {
            // A failed early refresh is not fatal while the old token is still valid.
            if (stale && deps.clock.now().getTime() < stale.expiresAt) {
              deps.logger.warn(
                { err: error instanceof MaidCentralError ? error.toJSON() : String(error) },
                "maidcentral token refresh failed; using the current token until it expires",
              );
              return stale.token;
            }
            throw error;
          })
          .finally(() => {
            inFlight = undefined;
          });
      }
      return inFlight;
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
      return true;
    },
  };
}
