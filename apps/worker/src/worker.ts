import type { Clock, Logger } from "@backup-portal/core";
import type { BlobStore, JobQueue, MetadataStore } from "@backup-portal/storage";
import type { AuthProvisioner } from "./auth-provisioner";
import { createJobRunner, type JobRunner, type JobRunnerOptions } from "./job-runner";
import { createSyncScheduleHandler, type ScheduleSource } from "./sync-schedule";
import { createSyncUsersHandler, type UsersSource } from "./sync-users";

export interface WorkerDependencies {
  queue: JobQueue;
  metadata: MetadataStore;
  blobs: BlobStore;
  client: UsersSource & ScheduleSource;
  clock: Clock;
  logger: Logger;
  workerId: string;
  concurrency?: number;
  leaseMs?: number;
  pollMs?: number;
  enableNewCompanies: boolean;
  defaultTimeZone: string;
  provisioner?: AuthProvisioner | undefined;
  subscribe?: JobRunnerOptions["subscribe"];
  onJobDone?: JobRunnerOptions["onJobDone"];
}

/** The worker: the job runner with the two sync handlers. */
export function createWorker(deps: WorkerDependencies): JobRunner {
  const logger = deps.logger;
  return createJobRunner({
    queue: deps.queue,
    logger,
    clock: deps.clock,
    workerId: deps.workerId,
    ...(deps.concurrency === undefined ? {} : { concurrency: deps.concurrency }),
    ...(deps.leaseMs === undefined ? {} : { leaseMs: deps.leaseMs }),
    ...(deps.pollMs === undefined ? {} : { pollMs: deps.pollMs }),
    ...(deps.subscribe ? { subscribe: deps.subscribe } : {}),
    ...(deps.onJobDone ? { onJobDone: deps.onJobDone } : {}),
    handlers: {
      sync_users: createSyncUsersHandler({ ...deps, logger }),
      sync_schedule: createSyncScheduleHandler(deps),
    },
  });
}
