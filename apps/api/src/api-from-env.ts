import type { Clock, Logger } from "@backup-portal/core";
import { createJobQueue, createMetadataStore } from "@backup-portal/storage";
import { type OpenStorage, resolveSecret, type StorageEnv } from "@backup-portal/storage/runtime";
import type { Hono } from "hono";
import { createApiApp } from "./app";
import { createApiMetrics } from "./metrics";
import { createStorageSources } from "./storage-sources";
import { createTokenVerifier } from "./token-verifier";

export interface ApiSettings extends StorageEnv {
  SUPABASE_JWT_SECRET?: string | undefined;
  SUPABASE_JWKS_URL?: string | undefined;
  DEFAULT_TIME_ZONE: string;
  CORS_ORIGINS: string[];
  CACHE_MAX_MB: number;
}

/**
 * The read API over open storage. Tokens: HS256 with SUPABASE_JWT_SECRET (generated into DATA_DIR
 * on embedded defaults) and/or ES256/RS256 against the project's JWKS.
 */
export async function createApiFromEnv(
  env: ApiSettings,
  storage: OpenStorage,
  deps: { logger: Logger; clock: Clock },
): Promise<{ app: Hono; jwtSecret: string | undefined }> {
  const jwksUrl =
    env.SUPABASE_JWKS_URL ??
    (env.SUPABASE_URL
      ? `${env.SUPABASE_URL.replace(/\/+$/, "")}/auth/v1/.well-known/jwks.json`
      : undefined);
  // With a real project, asymmetric keys alone are fine; embedded mode always has an HS256 secret.
  const jwtSecret =
    env.SUPABASE_JWT_SECRET ??
    (env.DATABASE_URL
      ? undefined
      : await resolveSecret({ value: undefined, envName: "SUPABASE_JWT_SECRET", env }));
  if (!jwtSecret && !jwksUrl) {
    throw new Error(
      "SUPABASE_JWT_SECRET or SUPABASE_JWKS_URL (or SUPABASE_URL) is required when DATABASE_URL is set",
    );
  }
  const metadata = createMetadataStore({ db: storage.db, clock: deps.clock });
  const queue = createJobQueue({ db: storage.db, clock: deps.clock });
  const app = createApiApp({
    verifier: createTokenVerifier({ hsSecret: jwtSecret, jwksUrl }),
    ...createStorageSources(metadata),
    blobs: storage.blobs,
    clock: deps.clock,
    logger: deps.logger,
    metrics: createApiMetrics(),
    defaultTimeZone: env.DEFAULT_TIME_ZONE,
    corsOrigins: env.CORS_ORIGINS,
    cacheMaxBytes: env.CACHE_MAX_MB * 1024 * 1024,
    ready: async () => {
      await storage.db.query("SELECT 1");
    },
    queueStats: () => queue.stats(),
  });
  return { app, jwtSecret };
}
