import { createCoordinator, createCoordinatorApp } from "@backup-portal/coordinator";
import { type Logger, systemClock } from "@backup-portal/core";
import { createJobQueue, createMetadataStore } from "@backup-portal/storage";
import { parseEdgeEnv, requireSecret } from "./edge-env";
import { createEdgeHandler, type FetchHandler } from "./edge-handler";
import { openEdgeStorage } from "./edge-storage";

export const hourlySyncFunctionName = "hourly-sync";

/** `POST /hourly-sync` (the coordinator's handler), composed from the function's environment. */
export function createHourlySyncFunction(
  source: Record<string, string | undefined>,
  logger: Logger,
): FetchHandler {
  const env = parseEdgeEnv(source);
  const syncSecret = requireSecret(env.SYNC_SECRET, "SYNC_SECRET");
  const storage = openEdgeStorage({
    databaseUrl: env.DATABASE_URL,
    supabaseUrl: env.SUPABASE_URL,
    serviceRoleKey: env.SUPABASE_SERVICE_ROLE_KEY,
    bucket: env.STORAGE_BUCKET,
    maxConnections: 2,
    applicationName: "backup-portal-edge-hourly-sync",
    logger,
  });
  const coordinator = createCoordinator({
    queue: createJobQueue({ db: storage.db }),
    metadata: createMetadataStore({ db: storage.db }),
    blobs: storage.blobs,
    clock: systemClock,
    logger,
    spreadSeconds: env.SYNC_SPREAD_SECONDS,
    defaultTimeZone: env.DEFAULT_TIME_ZONE,
  });
  const app = createCoordinatorApp({ coordinator, syncSecret, logger });
  return createEdgeHandler({
    name: hourlySyncFunctionName,
    fetch: app.fetch,
    ensureSchema: storage.ensureSchema,
    logger,
  });
}
