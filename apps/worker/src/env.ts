import { parseEnv, pickEnv } from "@backup-portal/core";

export const workerEnvShape = pickEnv(
  "PORT",
  "DATA_DIR",
  "DATABASE_URL",
  "SUPABASE_URL",
  "SUPABASE_SERVICE_ROLE_KEY",
  "STORAGE_BUCKET",
  "SYNC_SECRET",
  "MAIDCENTRAL_API_URL",
  "MAIDCENTRAL_API_KEY",
  "MAIDCENTRAL_USERNAME",
  "MAIDCENTRAL_PASSWORD",
  "MAIDCENTRAL_TOKEN_URL",
  "ENABLE_NEW_COMPANIES",
  "DEFAULT_TIME_ZONE",
  "WORKER_CONCURRENCY",
  "LOG_LEVEL",
);

/** The worker's configuration, parsed once at start. */
export function loadWorkerEnv(source: Record<string, string | undefined> = process.env) {
  return parseEnv(workerEnvShape, source);
}

export type WorkerEnv = ReturnType<typeof loadWorkerEnv>;
