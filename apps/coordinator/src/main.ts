import { createAlertStore, createJobQueue, createMetadataStore } from "@backup-portal/storage";
import { openStorage, resolveSecret, storageConfigFrom } from "@backup-portal/storage/runtime";
import { serve } from "@hono/node-server";
import { pino } from "pino";
import { createAlertMonitor, evaluateAfterRuns } from "./alerts";
import { createLogNotifier, createWebhookNotifier } from "./alerts-notifier";
import { createCoordinatorApp } from "./app";
import { createCoordinator } from "./coordinator";
import { loadCoordinatorEnv } from "./env";
import { scheduleRuns } from "./scheduler";

/** The coordinator deployed alone: `POST /hourly-sync`, and SYNC_CRON runs in process. */
async function main(): Promise<void> {
  const env = loadCoordinatorEnv();
  const logger = pino({ name: "coordinator", level: env.LOG_LEVEL });
  const storage = await openStorage({
    ...storageConfigFrom(env),
    logger,
    applicationName: "backup-portal-coordinator",
  });
  const syncSecret = await resolveSecret({ value: env.SYNC_SECRET, envName: "SYNC_SECRET", env });
  const metadata = createMetadataStore({ db: storage.db });
  const plainCoordinator = createCoordinator({
    queue: createJobQueue({ db: storage.db }),
    metadata,
    blobs: storage.blobs,
    clock: { now: () => new Date() },
    logger,
    spreadSeconds: env.SYNC_SPREAD_SECONDS,
    defaultTimeZone: env.DEFAULT_TIME_ZONE,
  });
  // Alerts (issue 7): after each run is enqueued and every 5 minutes (workers run elsewhere).
  const alertLogger = logger.child({ component: "alerts" });
  const alerts = createAlertMonitor({
    store: createAlertStore({ db: storage.db }),
    metadata,
    notifiers: [
      createLogNotifier(alertLogger),
      ...(env.ALERT_WEBHOOK_URL ? [createWebhookNotifier({ url: env.ALERT_WEBHOOK_URL })] : []),
    ],
    clock: { now: () => new Date() },
    logger: alertLogger,
    defaultTimeZone: env.DEFAULT_TIME_ZONE,
  });
  const coordinator = evaluateAfterRuns(plainCoordinator, alerts, { logger: alertLogger });
  const alertTimer = alerts.start();
  const app = createCoordinatorApp({ coordinator, syncSecret, logger });
  app.get("/ready", async (c) => {
    try {
      await storage.db.query("SELECT 1");
      return c.json({ status: "ready" });
    } catch {
      return c.json(
        { error: { code: "not_ready", message: "The database is not reachable." } },
        503,
      );
    }
  });
  const scheduler = scheduleRuns({ cron: env.SYNC_CRON, coordinator, logger });
  const server = serve({ fetch: app.fetch, port: env.PORT });
  logger.info(
    { port: env.PORT, database: storage.mode.where, cron: env.SYNC_CRON },
    "coordinator listening",
  );

  const shutdown = async () => {
    scheduler?.stop();
    alertTimer.stop();
    server.close();
    await storage.close();
    process.exit(0);
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}

main().catch((error: unknown) => {
  console.error(`coordinator: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
