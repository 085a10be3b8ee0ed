import { systemClock } from "@backup-portal/core";
import { openStorage, storageConfigFrom } from "@backup-portal/storage/runtime";
import { serve } from "@hono/node-server";
import { pino } from "pino";
import { createApiFromEnv } from "./api-from-env";
import { loadApiEnv } from "./env";

/** The read API deployed alone: `GET /get-schedule`, `/health`, `/ready`, `/metrics`. */
async function main(): Promise<void> {
  const env = loadApiEnv();
  const logger = pino({ name: "api", level: env.LOG_LEVEL });
  const storage = await openStorage({
    ...storageConfigFrom(env),
    logger,
    applicationName: "backup-portal-api",
  });
  const { app } = await createApiFromEnv(env, storage, { logger, clock: systemClock });
  const server = serve({ fetch: app.fetch, port: env.PORT });
  logger.info({ port: env.PORT, database: storage.mode.where }, "api listening");
  const shutdown = async () => {
    server.close();
    await storage.close();
    process.exit(0);
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}

main().catch((error: unknown) => {
  console.error(`api: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
