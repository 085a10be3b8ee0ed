import { parseEnv, pickEnv } from "@backup-portal/core";
import { ConfigError } from "@backup-portal/storage/runtime";

/** Every contract variable an Edge Function reads; each function uses its part. */
export const edgeEnvShape = pickEnv(
  "DATABASE_URL",
  "SUPABASE_URL",
  "SUPABASE_SERVICE_ROLE_KEY",
  "STORAGE_BUCKET",
  "SUPABASE_JWT_SECRET",
  "SUPABASE_JWKS_URL",
  "SYNC_SECRET",
  "SYNC_SPREAD_SECONDS",
  "MAIDCENTRAL_API_URL",
  "MAIDCENTRAL_API_KEY",
  "MAIDCENTRAL_USERNAME",
  "MAIDCENTRAL_PASSWORD",
  "MAIDCENTRAL_TOKEN_URL",
  "ENABLE_NEW_COMPANIES",
  "DEFAULT_TIME_ZONE",
  "WORKER_CONCURRENCY",
  "CORS_ORIGINS",
  "CACHE_MAX_MB",
  "LOG_LEVEL",
  "DATA_DIR",
);

export type EdgeEnv = ReturnType<typeof parseEdgeEnv>;

/**
 * The environment of an Edge Function. There is no disk worth keeping and no PGlite at the edge,
 * so the embedded defaults do not apply: DATABASE_URL and the Supabase project are required.
 */
export function parseEdgeEnv(source: Record<string, string | undefined>) {
  const env = parseEnv(edgeEnvShape, source);
  const databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    throw new ConfigError(
      "DATABASE_URL is required on Supabase Edge Functions (there is no embedded database at the edge): set it to the project's session-pooler connection string",
    );
  }
  const supabaseUrl = env.SUPABASE_URL;
  const serviceRoleKey = env.SUPABASE_SERVICE_ROLE_KEY;
  if (!supabaseUrl || !serviceRoleKey) {
    throw new ConfigError(
      "SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY are required on Supabase Edge Functions (schedule blobs live in Supabase Storage)",
    );
  }
  return {
    ...env,
    DATABASE_URL: databaseUrl,
    SUPABASE_URL: supabaseUrl,
    SUPABASE_SERVICE_ROLE_KEY: serviceRoleKey,
  };
}

/** A secret the function cannot run without; the message names the variable. */
export function requireSecret(value: string | undefined, name: string): string {
  if (!value) throw new ConfigError(`${name} is required on Supabase Edge Functions`);
  return value;
}
