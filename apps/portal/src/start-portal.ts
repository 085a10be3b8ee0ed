import { createApiFromEnv } from "@backup-portal/api";
import {
  createAlertMonitor,
  createCoordinator,
  createCoordinatorApp,
  createLogNotifier,
  createWebhookNotifier,
  evaluateAfterRuns,
  type RunSummary,
  scheduleRuns,
  validateCron,
} from "@backup-portal/coordinator";
import { type Clock, type Logger, systemClock } from "@backup-portal/core";
import { createAlertStore, createJobQueue, createMetadataStore } from "@backup-portal/storage";
import {
  type OpenStorage,
  openStorage,
  resolveSecret,
  storageConfigFrom,
} from "@backup-portal/storage/runtime";
import {
  connectMaidCentral,
  createWorkerApp,
  createWorkerFromEnv,
  type JobRunner,
  type MaidCentralConnection,
} from "@backup-portal/worker";
import { type ServerType, serve } from "@hono/node-server";
import { Hono } from "hono";
import type { PortalEnv } from "./env";
import { type RunProgress, runProgress, watchRun } from "./run-progress";

export interface Portal {
  url: string;
  port: number;
  storage: OpenStorage;
  maidcentral: MaidCentralConnection;
  worker: JobRunner;
  syncSecret: string;
  /** The HS256 secret tokens are signed with; undefined when only a JWKS is configured. */
  jwtSecret: string | undefined;
  /** The first sync, started at once (not spread); resolves when every one of its jobs is done. */
  firstRun: Promise<{ summary: RunSummary; progress: RunProgress }>;
  close(): Promise<void>;
}

export interface StartOptions {
  logger: Logger;
  clock?: Clock;
  /** Progress of the first run, about once a second. */
  onProgress?: (progress: RunProgress) => void;
}

/**
 * Coordinator, worker and API in one process on one port: what `npm start` runs. Everything is
 * chosen from the environment: PGlite and file blobs in DATA_DIR, the simulator without
 * MAIDCENTRAL_API_URL, or Supabase with DATABASE_URL / SUPABASE_URL.
 */
export async function startPortal(env: PortalEnv, options: StartOptions): Promise<Portal> {
  const { logger } = options;
  const clock = options.clock ?? systemClock;
  validateCron(env.SYNC_CRON);
  const storage = await openStorage({
    ...storageConfigFrom(env),
    logger,
    maxConnections: env.WORKER_CONCURRENCY + 4,
    applicationName: "backup-portal",
  });
  const closers: Array<() => Promise<void>> = [() => storage.close()];
  const close = async () => {
    for (const fn of closers.reverse()) await fn().catch(() => {});
  };
  try {
    const syncSecret = await resolveSecret({ value: env.SYNC_SECRET, envName: "SYNC_SECRET", env });
    const maidcentral = await connectMaidCentral(env, logger);
    closers.push(() => maidcentral.close());
    const queue = createJobQueue({ db: storage.db, clock });
    const metadata = createMetadataStore({ db: storage.db, clock });
    const plainCoordinator = createCoordinator({
      queue,
      metadata,
      blobs: storage.blobs,
      clock,
      logger: logger.child({ component: "coordinator" }),
      spreadSeconds: env.SYNC_SPREAD_SECONDS,
      defaultTimeZone: env.DEFAULT_TIME_ZONE,
    });
    // Alerts (issue 7): after every run (once enqueued, again when its jobs are done) and every 5 min.
    const alertLogger = logger.child({ component: "alerts" });
    const alerts = createAlertMonitor({
      store: createAlertStore({ db: storage.db, clock }),
      metadata,
      notifiers: [
        createLogNotifier(alertLogger),
        ...(env.ALERT_WEBHOOK_URL ? [createWebhookNotifier({ url: env.ALERT_WEBHOOK_URL })] : []),
      ],
      clock,
      logger: alertLogger,
      defaultTimeZone: env.DEFAULT_TIME_ZONE,
    });
    const coordinator = evaluateAfterRuns(plainCoordinator, alerts, {
      logger: alertLogger,
      waitForRun: async (runId) => {
        while (!(await runProgress(storage.db, runId)).finished) {
          await new Promise((resolve) => setTimeout(resolve, 5_000).unref());
        }
      },
    });
    const alertTimer = alerts.start();
    closers.push(async () => alertTimer.stop());

    const worker = createWorkerFromEnv(env, {
      storage,
      maidcentral,
      clock,
      logger: logger.child({ component: "worker" }),
    });
    const api = await createApiFromEnv(env, storage, {
      logger: logger.child({ component: "api" }),
      clock,
    });

    const app = new Hono();
    app.route("/", api.app);
    app.route("/", createCoordinatorApp({ coordinator, syncSecret, logger }));
    app.route("/", createWorkerApp({ runner: worker, syncSecret, logger }));

    const server = await listen(app, env.PORT);
    closers.push(() => closeServer(server.server));
    await worker.start();
    closers.push(() => worker.stop({ graceMs: 10_000 }));
    const scheduler = scheduleRuns({ cron: env.SYNC_CRON, coordinator, logger });
    if (scheduler) closers.push(async () => scheduler.stop());

    const firstRun = (async () => {
      const summary = await coordinator.run({ trigger: "startup", spread: false });
      const progress = await watchRun(storage.db, summary, { onProgress: options.onProgress });
      await coordinator.maintain();
      return { summary, progress };
    })();
    // Reported through the promise; a start that is stopped early must not leave it unhandled.
    firstRun.catch(() => {});

    return {
      url: `http://localhost:${server.port}`,
      port: server.port,
      storage,
      maidcentral,
      worker,
      syncSecret,
      jwtSecret: api.jwtSecret,
      firstRun,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

function listen(app: Hono, port: number): Promise<{ server: ServerType; port: number }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port }, (info) =>
      resolve({ server, port: info.port }),
    );
    server.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "EADDRINUSE"
          ? new Error(
              `PORT ${port} is already in use: stop what is using it, or set PORT to another port`,
            )
          : error,
      );
    });
  });
}

function closeServer(server: ServerType): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
