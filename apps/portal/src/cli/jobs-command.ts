import { scheduleDedupKey, syncWindow, USERS_DEDUP_KEY } from "@backup-portal/core";
import type { NewJob } from "@backup-portal/storage";
import { type CliDependencies, withStores } from "./cli-context";
import { UsageError } from "./cli-errors";
import { findCompany } from "./company-arg";
import { formatTable, formatWhen } from "./format-table";

export interface FailedJobListing {
  id: string;
  type: string;
  serviceCompanyId: number | null;
  company: string | null;
  date: string | null;
  attempts: number;
  failedAt: Date | null;
  error: string | null;
}

const usage = "usage: portal jobs failed [--company ID] | jobs retry --failed [--company ID]";

/**
 * `jobs failed` lists failed jobs still kept (7 days); `jobs retry --failed` enqueues their
 * company-days again as one run, through the queue, under the usual dedup keys: a failed job's key
 * is free again, and a day already queued by the hourly run is not fetched twice.
 */
export async function jobsCommand(
  deps: CliDependencies,
  positionals: string[],
  options: { company: string | undefined; failed: boolean; json: boolean },
): Promise<number> {
  const [action, ...extra] = positionals;
  if (extra.length > 0 || (action !== "failed" && action !== "retry")) throw new UsageError(usage);
  if (action === "retry" && !options.failed)
    throw new UsageError(`jobs retry needs --failed; ${usage}`);
  return withStores(deps, async ({ storage, metadata, queue }) => {
    const company =
      options.company === undefined ? null : await findCompany(metadata, options.company);
    const failed = (
      await storage.db.query<{
        id: string;
        job_type: string;
        company_id: string | null;
        service_company_id: number | null;
        name: string | null;
        date: string | null;
        attempts: number;
        completed_at: Date | null;
        error_message: string | null;
      }>(
        `SELECT j.id, j.job_type, j.company_id, c.service_company_id, c.name, j.date, j.attempts,
                j.completed_at, j.error_message
           FROM background_jobs j LEFT JOIN companies c ON c.id = j.company_id
          WHERE j.status = 'failed' AND ($1::uuid IS NULL OR j.company_id = $1::uuid)
          ORDER BY j.completed_at DESC NULLS LAST`,
        [company?.id ?? null],
      )
    ).map((row) => ({ ...row, companyId: row.company_id }));

    if (action === "failed") {
      const listing = failed.map(
        (row): FailedJobListing => ({
          id: row.id,
          type: row.job_type,
          serviceCompanyId: row.service_company_id,
          company: row.name,
          date: row.date,
          attempts: row.attempts,
          failedAt: row.completed_at,
          error: row.error_message,
        }),
      );
      if (options.json) deps.io.out(JSON.stringify(listing, null, 2));
      else {
        const now = deps.clock.now();
        deps.io.out(
          listing.length === 0
            ? "no failed jobs"
            : formatTable(
                ["ID", "TYPE", "COMPANY", "DATE", "ATTEMPTS", "FAILED", "ERROR"],
                listing.map((j) => [
                  j.id,
                  j.type,
                  j.company === null ? "—" : `${j.company} (${j.serviceCompanyId})`,
                  j.date ?? "—",
                  String(j.attempts),
                  formatWhen(j.failedAt, now),
                  j.error ?? "",
                ]),
              ),
        );
      }
      return 0;
    }

    // Retry: distinct company-days still inside their company's window, plus the users sync.
    const now = deps.clock.now();
    const companies = new Map((await metadata.listSyncableCompanies()).map((c) => [c.id, c]));
    const jobs = new Map<string, NewJob>();
    let skipped = 0;
    const run = await metadata.recordRun({ trigger: "cli-retry" });
    for (const row of failed) {
      if (row.job_type === "sync_users") {
        if (company === null)
          jobs.set(USERS_DEDUP_KEY, {
            type: "sync_users",
            dedupKey: USERS_DEDUP_KEY,
            runId: run.id,
          });
        continue;
      }
      const owner = row.companyId === null ? undefined : companies.get(row.companyId);
      const zone = owner?.timeZone ?? deps.env.DEFAULT_TIME_ZONE;
      if (!owner || row.date === null || !syncWindow(now, zone).includes(row.date)) {
        skipped++;
        continue;
      }
      const key = scheduleDedupKey(owner.id, row.date);
      jobs.set(key, {
        type: "sync_schedule",
        companyId: owner.id,
        date: row.date,
        dedupKey: key,
        runId: run.id,
        params: { serviceCompanyId: owner.serviceCompanyId },
      });
    }
    const { inserted, duplicates } = await queue.enqueueMany([...jobs.values()]);
    await metadata.finishRun(run.id, {
      companies: new Set([...jobs.values()].map((j) => j.companyId).filter(Boolean)).size,
      jobsEnqueued: inserted,
      duplicatesSkipped: duplicates,
    });
    const summary = {
      runId: run.id,
      failedJobs: failed.length,
      enqueued: inserted,
      alreadyQueued: duplicates,
      outsideWindow: skipped,
    };
    if (options.json) deps.io.out(JSON.stringify(summary, null, 2));
    else
      deps.io.out(
        `retry run ${run.id}: ${inserted} job(s) enqueued from ${failed.length} failed job(s); ${duplicates} already queued, ${skipped} no longer in the window or not syncable`,
      );
    return 0;
  });
}
