import { type Logger, systemClock } from "@backup-portal/core";
import { createMaidCentralClient, type MaidCentralAuth } from "@backup-portal/maidcentral-client";
import { createJobQueue, createMetadataStore } from "@backup-portal/storage";
import { ConfigError } from "@backup-portal/storage/runtime";
import {
  createSupabaseAuthProvisioner,
  createWorker,
  createWorkerApp,
} from "@backup-portal/worker";
import { type EdgeEnv, parseEdgeEnv, requireSecret } from "./edge-env";
import { createEdgeHandler, type FetchHandler } from "./edge-handler";
import { openEdgeStorage } from "./edge-storage";

export const backgroundWorkerFunctionName = "background-worker";

/**
 * `POST /background-worker` (the worker's handler): each invocation works the queue within its
 * time budget; nothing stays resident between invocations, so pg_cron calls it every minute.
 */
export function createBackgroundWorkerFunction(
  source: Record<string, string | undefined>,
  logger: Logger,
): FetchHandler {
  const env = parseEdgeEnv(source);
  const syncSecret = requireSecret(env.SYNC_SECRET, "SYNC_SECRET");
  const baseUrl = env.MAIDCENTRAL_API_URL;
  if (!baseUrl) {
    throw new ConfigError(
      "MAIDCENTRAL_API_URL is required on Supabase Edge Functions (the built-in simulator runs only on Node)",
    );
  }
  const storage = openEdgeStorage({
    databaseUrl: env.DATABASE_URL,
    supabaseUrl: env.SUPABASE_URL,
    serviceRoleKey: env.SUPABASE_SERVICE_ROLE_KEY,
    bucket: env.STORAGE_BUCKET,
    maxConnections: env.WORKER_CONCURRENCY + 2,
    applicationName: "backup-portal-edge-worker",
    logger,
  });
  // The platform's fetch: undici's keep-alive pool is a Node-process optimisation.
  const client = createMaidCentralClient({
    baseUrl,
    auth: maidCentralAuth(env),
    maxConcurrency: env.WORKER_CONCURRENCY,
    logger: logger.child({ component: "maidcentral-client" }),
  });
  const runner = createWorker({
    queue: createJobQueue({ db: storage.db }),
    metadata: createMetadataStore({ db: storage.db }),
    blobs: storage.blobs,
    client,
    clock: systemClock,
    logger,
    workerId: `edge:${crypto.randomUUID()}`,
    concurrency: env.WORKER_CONCURRENCY,
    enableNewCompanies: env.ENABLE_NEW_COMPANIES ?? false,
    defaultTimeZone: env.DEFAULT_TIME_ZONE,
    provisioner: createSupabaseAuthProvisioner({
      url: env.SUPABASE_URL,
      serviceRoleKey: env.SUPABASE_SERVICE_ROLE_KEY,
    }),
  });
  const app = createWorkerApp({ runner, syncSecret, logger });
  return createEdgeHandler({
    name: backgroundWorkerFunctionName,
    fetch: app.fetch,
    ensureSchema: storage.ensureSchema,
    logger,
  });
}

function maidCentralAuth(env: EdgeEnv): MaidCentralAuth {
  if (env.MAIDCENTRAL_API_KEY) return { kind: "key", apiKey: env.MAIDCENTRAL_API_KEY };
  if (env.MAIDCENTRAL_USERNAME && env.MAIDCENTRAL_PASSWORD) {
    return {
      kind: "password",
      username: env.MAIDCENTRAL_USERNAME,
      password: env.MAIDCENTRAL_PASSWORD,
      ...(env.MAIDCENTRAL_TOKEN_URL ? { tokenUrl: env.MAIDCENTRAL_TOKEN_URL } : {}),
    };
  }
  throw new ConfigError(
    "MAIDCENTRAL_API_KEY, or MAIDCENTRAL_USERNAME and MAIDCENTRAL_PASSWORD, is required on Supabase Edge Functions",
  );
}
