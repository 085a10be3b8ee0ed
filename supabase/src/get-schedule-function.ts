import { createApiFromEnv } from "@backup-portal/api";
import { type Logger, systemClock } from "@backup-portal/core";
import { parseEdgeEnv } from "./edge-env";
import { createEdgeHandler, type FetchHandler } from "./edge-handler";
import { openEdgeStorage } from "./edge-storage";

export const getScheduleFunctionName = "get-schedule";

/** `GET /get-schedule` with `/health`, `/ready`, `/metrics` (the API's handler). */
export async function createGetScheduleFunction(
  source: Record<string, string | undefined>,
  logger: Logger,
): Promise<FetchHandler> {
  const env = parseEdgeEnv(source);
  const storage = openEdgeStorage({
    databaseUrl: env.DATABASE_URL,
    supabaseUrl: env.SUPABASE_URL,
    serviceRoleKey: env.SUPABASE_SERVICE_ROLE_KEY,
    bucket: env.STORAGE_BUCKET,
    maxConnections: 4,
    applicationName: "backup-portal-edge-api",
    logger,
  });
  // Tokens: SUPABASE_JWT_SECRET (HS256) and/or the project's JWKS derived from SUPABASE_URL.
  const { app } = await createApiFromEnv(env, storage, { logger, clock: systemClock });
  return createEdgeHandler({
    name: getScheduleFunctionName,
    fetch: app.fetch,
    ensureSchema: storage.ensureSchema,
    logger,
  });
}
