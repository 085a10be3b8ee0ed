import { systemClock } from "@backup-portal/core";
import { openStorage, resolveSecret, storageConfigFrom } from "@backup-portal/storage/runtime";
import { serve } from "@hono/node-server";
import { pino } from "pino";
import { createWorkerApp } from "./app";
import { loadWorkerEnv } from "./env";
import { installGracefulShutdown } from "./graceful-shutdown";
import { connectMaidCentral } from "./maidcentral-from-env";
import { createWorkerFromEnv } from "./worker-from-env";

/** A resident worker: claims jobs as they come (NOTIFY + polling), and `POST /background-worker`. */
async function main(): Promise<void> {
  const env = loadWorkerEnv();
  const logger = pino({ name: "worker", level: env.LOG_LEVEL });
  const storage = await openStorage({
    ...storageConfigFrom(env),
    logger,
    maxConnections: env.WORKER_CONCURRENCY + 2,
    applicationName: "backup-portal-worker",
  });
  const syncSecret = await resolveSecret({ value: env.SYNC_SECRET, envName: "SYNC_SECRET", env });
  const maidcentral = await connectMaidCentral(env, logger);
  if (maidcentral.source === "simulator") {
    logger.warn(
      { simulator: maidcentral.baseUrl },
      "MAIDCENTRAL_API_URL is not set: syncing from the BUILT-IN SIMULATOR, not MaidCentral",
    );
  }
  const runner = createWorkerFromEnv(env, { storage, maidcentral, clock: systemClock, logger });
  const app = createWorkerApp({ runner, syncSecret, logger });
  const server = serve({ fetch: app.fetch, port: env.PORT });
  await runner.start();
  logger.info(
    { port: env.PORT, concurrency: env.WORKER_CONCURRENCY, database: storage.mode.where },
    "worker running",
  );
  installGracefulShutdown({
    runner,
    graceMs: 30_000,
    logger,
    beforeExit: async () => {
      server.close();
      await maidcentral.close();
      await storage.close();
    },
  });
}

main().catch((error: unknown) => {
  console.error(`worker: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
