import { parseEnv, pickEnv } from "@backup-portal/core";

export const apiEnvShape = pickEnv(
  "PORT",
  "DATA_DIR",
  "DATABASE_URL",
  "SUPABASE_URL",
  "SUPABASE_SERVICE_ROLE_KEY",
  "STORAGE_BUCKET",
  "SUPABASE_JWT_SECRET",
  "SUPABASE_JWKS_URL",
  "DEFAULT_TIME_ZONE",
  "CORS_ORIGINS",
  "CACHE_MAX_MB",
  "LOG_LEVEL",
);

/** The API's configuration, parsed once at start. */
export function loadApiEnv(source: Record<string, string | undefined> = process.env) {
  return parseEnv(apiEnvShape, source);
}

export type ApiEnv = ReturnType<typeof loadApiEnv>;
