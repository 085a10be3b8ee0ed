import { parseEnv, pickEnv } from "@backup-portal/core";

export const coordinatorEnvShape = pickEnv(
  "PORT",
  "DATA_DIR",
  "DATABASE_URL",
  "SUPABASE_URL",
  "SUPABASE_SERVICE_ROLE_KEY",
  "STORAGE_BUCKET",
  "SYNC_SECRET",
  "SYNC_CRON",
  "SYNC_SPREAD_SECONDS",
  "DEFAULT_TIME_ZONE",
  "LOG_LEVEL",
  "ALERT_WEBHOOK_URL",
);

/** The coordinator's configuration, parsed once at start. */
export function loadCoordinatorEnv(source: Record<string, string | undefined> = process.env) {
  return parseEnv(coordinatorEnvShape, source);
}

export type CoordinatorEnv = ReturnType<typeof loadCoordinatorEnv>;
