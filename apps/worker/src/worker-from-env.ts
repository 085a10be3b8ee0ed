import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Clock, Logger } from "@backup-portal/core";
import { createJobQueue, createMetadataStore, JOBS_CHANNEL } from "@backup-portal/storage";
import type { OpenStorage } from "@backup-portal/storage/runtime";
import { createSupabaseAuthProvisioner } from "./auth-provisioner";
import type { JobRunner, JobRunnerOptions } from "./job-runner";
import type { MaidCentralConnection } from "./maidcentral-from-env";
import { createWorker } from "./worker";

export interface WorkerSettings {
  SUPABASE_URL?: string | undefined;
  SUPABASE_SERVICE_ROLE_KEY?: string | undefined;
  ENABLE_NEW_COMPANIES?: boolean | undefined;
  DEFAULT_TIME_ZONE: string;
  WORKER_CONCURRENCY: number;
}

/**
 * The resident worker over open storage: wakes on the queue's NOTIFY, provisions Supabase Auth
 * users when a project is configured, enables new companies by default only with the simulator.
 */
export function createWorkerFromEnv(
  env: WorkerSettings,
  deps: {
    storage: OpenStorage;
    maidcentral: MaidCentralConnection;
    clock: Clock;
    logger: Logger;
    onJobDone?: JobRunnerOptions["onJobDone"];
  },
): JobRunner {
  const { storage, maidcentral, clock } = deps;
  return createWorker({
    queue: createJobQueue({ db: storage.db, clock }),
    metadata: createMetadataStore({ db: storage.db, clock }),
    blobs: storage.blobs,
    client: maidcentral.client,
    clock,
    logger: deps.logger,
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
    ...(deps.onJobDone ? { onJobDone: deps.onJobDone } : {}),
  });
}
