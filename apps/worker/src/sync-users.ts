import { type Clock, type Logger, planSyncRun, type UsersResult } from "@backup-portal/core";
import type { JobQueue, MetadataStore } from "@backup-portal/storage";
import type { AuthProvisioner } from "./auth-provisioner";
import { directoryFromUsers } from "./directory-from-users";
import type { JobHandler } from "./job-runner";

export interface UsersSource {
  getUsers(): Promise<UsersResult>;
}

export interface SyncUsersDependencies {
  client: UsersSource;
  metadata: MetadataStore;
  queue: JobQueue;
  clock: Clock;
  logger: Logger;
  enableNewCompanies: boolean;
  defaultTimeZone: string;
  /** Supabase Auth provisioning; absent when no Supabase project is configured. */
  provisioner?: AuthProvisioner | undefined;
}

/**
 * Users sync: the directory of groups, companies and users. Companies that become syncable here
 * get their week enqueued at once, so a first start needs no second run to show schedules.
 */
export function createSyncUsersHandler(deps: SyncUsersDependencies): JobHandler {
  return async ({ job, logger }) => {
    const result = await deps.client.getUsers();
    const directory = directoryFromUsers(result);
    const syncableBefore = new Set((await deps.metadata.listSyncableCompanies()).map((c) => c.id));
    const summary = await deps.metadata.upsertDirectory(directory, {
      enableNewCompanies: deps.enableNewCompanies,
    });
    const fresh = (await deps.metadata.listSyncableCompanies()).filter(
      (c) => !syncableBefore.has(c.id),
    );
    let jobsEnqueued = 0;
    if (fresh.length > 0) {
      const jobs = planSyncRun(fresh, {
        now: deps.clock.now(),
        spreadSeconds: 0,
        defaultTimeZone: deps.defaultTimeZone,
        includeUsers: false,
        ...(job.runId ? { runId: job.runId } : {}),
      });
      jobsEnqueued = (await deps.queue.enqueueMany(jobs)).inserted;
      logger.info(
        { companies: fresh.length, jobsEnqueued },
        "enqueued the week of newly syncable companies",
      );
    }
    let authProvisioning: unknown = "skipped: no Supabase project is configured";
    if (deps.provisioner) {
      const active = new Map<string, { id: string; email: string | null }>();
      for (const u of directory.users) active.set(u.userId, { id: u.userId, email: u.email });
      authProvisioning = await deps.provisioner.provision([...active.values()], logger);
    }
    return {
      groups: directory.groups.length,
      companies: directory.companies.length,
      users: new Set(directory.users.map((u) => u.userId)).size,
      ...summary,
      newSyncableCompanies: fresh.length,
      jobsEnqueued,
      authProvisioning,
    };
  };
}
