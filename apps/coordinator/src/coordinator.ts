import { addDays, type Clock, type Logger, localDate, planSyncRun } from "@backup-portal/core";
import type { BlobStore, JobQueue, MetadataStore } from "@backup-portal/storage";

export interface RunSummary {
  runId: string;
  companies: number;
  jobsEnqueued: number;
  duplicatesSkipped: number;
  durationMs: number;
}

export interface MaintenanceSummary {
  requeued: number;
  failedByReaper: number;
  jobsPurged: number;
  daysRemoved: number;
}

export interface CoordinatorDependencies {
  queue: JobQueue;
  metadata: MetadataStore;
  blobs: BlobStore;
  clock: Clock;
  logger: Logger;
  spreadSeconds: number;
  defaultTimeZone: string;
  windowDays?: number;
  /**
   * Completed jobs are kept this long (default 48 h: the monitoring queries look back 24 h), failed
   * ones `failedJobRetentionMs` (default 7 days, for diagnosis). A week of hourly runs for 100
   * companies keeps the database under the 50 MB target this way (BENCHMARKS.md).
   */
  jobRetentionMs?: number;
  failedJobRetentionMs?: number;
  /** Days before the company's local today − this many days are removed (the API serves yesterday). */
  dayRetentionDays?: number;
  /** Wakes the workers without waiting for them (NOTIFY, or a call to /background-worker). */
  wake?: () => Promise<void>;
}

export interface Coordinator {
  run(options?: { trigger?: string; spread?: boolean; companyIds?: string[] }): Promise<RunSummary>;
  maintain(): Promise<MaintenanceSummary>;
}

export function createCoordinator(deps: CoordinatorDependencies): Coordinator {
  return {
    async run({ trigger = "http", spread = true, companyIds } = {}) {
      const started = performance.now();
      const now = deps.clock.now();
      const { id: runId } = await deps.metadata.recordRun({ trigger });
      let companies = await deps.metadata.listSyncableCompanies();
      if (companyIds) companies = companies.filter((c) => companyIds.includes(c.id));
      const jobs = planSyncRun(companies, {
        now,
        runId,
        spreadSeconds: spread ? deps.spreadSeconds : 0,
        defaultTimeZone: deps.defaultTimeZone,
        ...(deps.windowDays === undefined ? {} : { windowDays: deps.windowDays }),
        includeUsers: companyIds === undefined,
      });
      const { inserted, duplicates } = await deps.queue.enqueueMany(jobs);
      const summary: RunSummary = {
        runId,
        companies: companies.length,
        jobsEnqueued: inserted,
        duplicatesSkipped: duplicates,
        durationMs: Math.round((performance.now() - started) * 100) / 100,
      };
      await deps.metadata.finishRun(runId, {
        companies: summary.companies,
        jobsEnqueued: inserted,
        duplicatesSkipped: duplicates,
      });
      deps.logger.info({ ...summary, trigger }, "sync run enqueued");
      if (deps.wake && inserted > 0) {
        deps.wake().catch((error: unknown) => {
          deps.logger.warn({ err: String(error) }, "could not wake the workers; they will poll");
        });
      }
      return summary;
    },

    async maintain() {
      const now = deps.clock.now();
      const reaped = await deps.queue.reapExpired();
      const at = (ms: number) => new Date(now.getTime() - ms);
      const completed = await deps.queue.purge(at(deps.jobRetentionMs ?? 2 * 86_400_000), 1000, [
        "completed",
      ]);
      const failed = await deps.queue.purge(at(deps.failedJobRetentionMs ?? 7 * 86_400_000), 1000, [
        "failed",
      ]);
      let daysRemoved = 0;
      for (const company of await deps.metadata.listCompanies()) {
        const today = localDate(now, company.timeZone ?? deps.defaultTimeZone);
        const { deleted, storagePaths } = await deps.metadata.cleanupWindow({
          companyId: company.id,
          beforeDate: addDays(today, -(deps.dayRetentionDays ?? 1)),
        });
        if (storagePaths.length > 0) await deps.blobs.delete(storagePaths);
        daysRemoved += deleted;
      }
      const summary = {
        requeued: reaped.requeued,
        failedByReaper: reaped.failed,
        jobsPurged: completed.deleted + failed.deleted,
        daysRemoved,
      };
      deps.logger.info(summary, "maintenance pass done");
      return summary;
    },
  };
}
