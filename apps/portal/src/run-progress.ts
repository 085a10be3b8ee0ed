import type { RunSummary } from "@backup-portal/coordinator";
import type { Db } from "@backup-portal/storage";

export interface RunProgress {
  total: number;
  done: number;
  failed: number;
  /** Done as in finished: completed or failed for good. */
  finished: boolean;
}

/**
 * Follows one run's jobs (the users sync adds the week of new companies to the same run) until
 * none is pending or running.
 */
export async function watchRun(
  db: Db,
  summary: RunSummary,
  options: { onProgress?: ((progress: RunProgress) => void) | undefined; intervalMs?: number } = {},
): Promise<RunProgress> {
  const intervalMs = options.intervalMs ?? 1_000;
  for (;;) {
    const progress = await runProgress(db, summary.runId);
    options.onProgress?.(progress);
    if (progress.finished) return progress;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export async function runProgress(db: Db, runId: string): Promise<RunProgress> {
  const [row] = await db.query<{ total: number; done: number; failed: number }>(
    `SELECT count(*)::int AS total,
            count(*) FILTER (WHERE status IN ('completed', 'failed'))::int AS done,
            count(*) FILTER (WHERE status = 'failed')::int AS failed
       FROM background_jobs WHERE run_id = $1`,
    [runId],
  );
  const total = row?.total ?? 0;
  const done = row?.done ?? 0;
  return { total, done, failed: row?.failed ?? 0, finished: done === total };
}
