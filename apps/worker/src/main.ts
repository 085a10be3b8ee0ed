import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { systemClock } from "@backup-portal/core";
import { createJobQueue, createMetadataStore, JOBS_CHANNEL } from "@backup-portal/storage";
import { openStorage, resolveSecret, storageConfigFrom } from "@backup-portal/storage/runtime";
import { serve } from "@hono/node-server";
import { pino } from "pino";
import { createWorkerApp } from "./app";
import { createSupabaseAuthProvisioner } from "./auth-provisioner";
import { loadWorkerEnv } from "./env";
import { installGracefulShutdown } from "./graceful-shutdown";
import { connectMaidCentral } from "./maidcentral-from-env";
import { createWorker } from "./worker";

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
  const runner = createWorker({
    queue: createJobQueue({ db: storage.db }),
    metadata: createMetadataStore({ db: storage.db }),
    blobs: storage.blobs,
    client: maidcentral.client,
    clock: systemClock,
    logger,
    workerId: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    concurrency: env.WORKER_CONCURRENCY,
    enableNewCompanies: env.ENABLE_NEW_COMPANIES ?? maidcentral.source === "simulator",
    defaultTimeZone: env.DEFAULT_TIME_ZONE,
    provisioner:
      env.SUPABASE_URL && env.SUPABASE_SERVICE_ROLE_KEY
        ? createSupabaseAuthProvisioner({
            url: env.SUPABASE_URL,
            serviceRoleKey: env.SUPABASE_SERVICE_ROLE_KEY,
          })
        : undefined,
    subscribe: (onWake) => storage.db.listen(JOBS_CHANNEL, onWake),
  });
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
