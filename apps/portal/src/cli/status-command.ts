import type { CompanyStatus, QueueStats, SyncRun } from "@backup-portal/storage";
import { type CliDependencies, withStores } from "./cli-context";
import { formatAge, formatTable, formatWhen } from "./format-table";

export interface JobStatsRow {
  jobType: string;
  status: string;
  count: number;
  avgDurationMs: number | null;
}

export interface StatusReport {
  generatedAt: string;
  companies: CompanyStatus[];
  queue: QueueStats;
  jobsLast24h: JobStatsRow[];
  lastRun: SyncRun | null;
}

/** `status [--json]`: freshness per company, the queue, and the summary's monitoring figures. */
export async function statusCommand(deps: CliDependencies, json: boolean): Promise<void> {
  const report = await withStores(deps, async ({ storage, metadata, queue }) => {
    const now = deps.clock.now();
    // The summary's "sync job stats" query, with the clock's time in place of now().
    const jobs = await storage.db.query<{
      job_type: string;
      status: string;
      count: number;
      avg: string | null;
    }>(
      `SELECT job_type, status, COUNT(*)::int AS count, AVG(duration_ms)::text AS avg
         FROM background_jobs
        WHERE created_at > $1::timestamptz - INTERVAL '24 hours'
        GROUP BY job_type, status ORDER BY job_type, status`,
      [now.toISOString()],
    );
    const [lastRun] = await metadata.listRuns(1);
    return {
      generatedAt: now.toISOString(),
      companies: await metadata.statusReport(),
      queue: await queue.stats(),
      jobsLast24h: jobs.map((row) => ({
        jobType: row.job_type,
        status: row.status,
        count: row.count,
        avgDurationMs: row.avg === null ? null : Math.round(Number(row.avg)),
      })),
      lastRun: lastRun ?? null,
    } satisfies StatusReport;
  });
  if (json) {
    deps.io.out(JSON.stringify(report, null, 2));
    return;
  }
  const now = new Date(report.generatedAt);
  deps.io.out(
    formatTable(
      ["COMPANY", "SC ID", "SYNC", "LAST SUCCESSFUL CHECK", "READY", "FAILED", "STALE", "STORAGE"],
      report.companies.map((c) => [
        c.name,
        String(c.serviceCompanyId),
        c.portalEnabled && c.syncEnabled ? "on" : "off",
        formatWhen(c.lastSuccessAt, now),
        String(c.daysReady),
        String(c.daysFailed),
        String(c.daysStale),
        `${c.storageKb} kB`,
      ]),
    ),
  );
  const q = report.queue;
  deps.io.out("");
  deps.io.out(
    `queue: ${q.pending} pending (${q.due} due, oldest waiting ${q.oldestPendingAgeMs === null ? "—" : formatAge(q.oldestPendingAgeMs)}), ${q.running} running, ${q.failedLast24h} failed in the last 24 h`,
  );
  const run = report.lastRun;
  deps.io.out(
    run
      ? `last run: ${formatWhen(run.startedAt, now)}, ${run.trigger}, ${run.companies ?? 0} companies, ${run.jobsEnqueued ?? 0} jobs enqueued`
      : "last run: none yet",
  );
  if (report.jobsLast24h.length > 0) {
    deps.io.out("");
    deps.io.out(
      formatTable(
        ["JOBS (24 h)", "STATUS", "COUNT", "AVG MS"],
        report.jobsLast24h.map((j) => [
          j.jobType,
          j.status,
          String(j.count),
          j.avgDurationMs === null ? "—" : String(j.avgDurationMs),
        ]),
      ),
    );
  }
}
