import { type Clock, systemClock } from "@backup-portal/core";
import { type BackoffOptions, backoffDelayMs, defaultBackoff } from "./backoff";
import type { Db } from "./db";
import { type JobRow, toJobRecord } from "./job-row";
import type {
  ClaimedJob,
  FailOutcome,
  JobFailure,
  JobRecord,
  JobType,
  NewJob,
  QueueStats,
} from "./job-types";
import { pgArrayLiteral } from "./pg-array";
import { StorageError } from "./storage-error";

/** NOTIFY channel raised when jobs are enqueued, so resident workers wake without polling. */
export const JOBS_CHANNEL = "background_jobs";

export interface JobQueueOptions {
  db: Db;
  clock?: Clock;
  /** Attempts per job, default 3. */
  maxAttempts?: number;
  backoff?: BackoffOptions;
  random?: () => number;
}

export interface JobQueue {
  enqueueMany(jobs: NewJob[]): Promise<{ inserted: number; duplicates: number; ids: string[] }>;
  claim(workerId: string, n: number, leaseMs: number): Promise<ClaimedJob[]>;
  heartbeat(job: ClaimedJob, leaseMs: number): Promise<{ ok: boolean }>;
  complete(job: ClaimedJob, result: unknown, durationMs: number): Promise<{ ok: boolean }>;
  fail(job: ClaimedJob, error: JobFailure): Promise<FailOutcome>;
  /**
   * Hands an unfinished job back (a worker shutting down): pending again at once, and the attempt
   * it was on is not counted against it (max_attempts grows by one rather than attempts shrinking,
   * so every claim keeps a distinct attempt number and the fence stays sound). Fenced like complete.
   */
  release(job: ClaimedJob): Promise<{ ok: boolean }>;
  reapExpired(): Promise<{ requeued: number; failed: number }>;
  /** Deletes finished jobs (by default completed and failed) finished before `olderThan`, in batches. */
  purge(
    olderThan: Date,
    batchSize?: number,
    statuses?: ReadonlyArray<"completed" | "failed">,
  ): Promise<{ deleted: number }>;
  stats(): Promise<QueueStats>;
  getJob(id: string): Promise<JobRecord | null>;
}

const jobTypes: ReadonlySet<JobType> = new Set(["sync_users", "sync_schedule"]);

/**
 * The Postgres job queue. Every time comparison uses the injected clock's time as a parameter
 * (not the database's now()), so tests and simulations can move time.
 */
export function createJobQueue(options: JobQueueOptions): JobQueue {
  const { db } = options;
  const clock = options.clock ?? systemClock;
  const maxAttempts = options.maxAttempts ?? 3;
  const backoff = options.backoff ?? defaultBackoff;
  const random = options.random ?? Math.random;
  const iso = (date: Date) => date.toISOString();

  // Fenced on the claim: a worker whose lease was reaped or re-claimed changes nothing.
  const fence = "id = $1 AND status = 'running' AND attempts = $2";

  return {
    async enqueueMany(jobs) {
      if (jobs.length === 0) return { inserted: 0, duplicates: 0, ids: [] };
      const now = clock.now();
      const n = jobs.length;
      const types = new Array<string>(n);
      const companyIds = new Array<string | null>(n);
      const dates = new Array<string | null>(n);
      const params = new Array<string>(n);
      const runAfters = new Array<string>(n);
      const dedupKeys = new Array<string>(n);
      const runIds = new Array<string | null>(n);
      const attempts = new Array<number>(n);
      const nowIso = iso(now);
      for (let index = 0; index < n; index++) {
        const job = jobs[index] as NewJob;
        if (!jobTypes.has(job.type) || typeof job.dedupKey !== "string" || job.dedupKey === "") {
          throw new StorageError(
            "INVALID_JOB",
            `Job ${index} needs a type of sync_users/sync_schedule and a non-empty dedupKey (got type ${JSON.stringify(job.type)}, dedupKey ${JSON.stringify(job.dedupKey)})`,
            { context: { index } },
          );
        }
        types[index] = job.type;
        companyIds[index] = job.companyId ?? null;
        dates[index] = job.date ?? null;
        params[index] = JSON.stringify(job.params ?? {});
        runAfters[index] = job.runAfter === undefined ? nowIso : iso(job.runAfter);
        dedupKeys[index] = job.dedupKey;
        runIds[index] = job.runId ?? null;
        attempts[index] = job.maxAttempts ?? maxAttempts;
      }
      // One statement for any batch size, fed column-wise as typed arrays (cheap for the server
      // to parse). Ordering by key keeps concurrent batches that share keys from deadlocking on
      // each other's speculative inserts; "C" makes that order byte-wise and locale-independent.
      // The wake-up NOTIFY rides in the same statement: it is sent only if the insert commits,
      // and costs no second round trip and commit (a NOTIFY takes an XID, so its commit flushes).
      const inserted = await db.query<{ id: string }>(
        `WITH inserted AS (
           INSERT INTO background_jobs
             (job_type, company_id, date, params, run_after, dedup_key, run_id, max_attempts,
              updated_at)
           SELECT j.job_type, j.company_id, j.date, j.params::jsonb, j.run_after,
                  j.dedup_key, j.run_id, j.max_attempts, $9::timestamptz
           FROM unnest($1::text::text[], $2::text::uuid[], $3::text::date[], $4::text::text[],
                       $5::text::timestamptz[], $6::text::text[], $7::text::uuid[],
                       $8::text::int4[])
             AS j(job_type, company_id, date, params, run_after, dedup_key, run_id, max_attempts)
           ORDER BY j.dedup_key COLLATE "C"
           ON CONFLICT (dedup_key) WHERE status IN ('pending', 'running') DO NOTHING
           RETURNING id
         ), woken AS (
           SELECT pg_notify($10, count(*)::text) FROM inserted HAVING count(*) > 0
         )
         SELECT i.id FROM inserted i CROSS JOIN (SELECT count(*) FROM woken) w`,
        [
          pgArrayLiteral(types),
          pgArrayLiteral(companyIds),
          pgArrayLiteral(dates),
          pgArrayLiteral(params),
          pgArrayLiteral(runAfters),
          pgArrayLiteral(dedupKeys),
          pgArrayLiteral(runIds),
          pgArrayLiteral(attempts),
          nowIso,
          JOBS_CHANNEL,
        ],
      );
      return {
        inserted: inserted.length,
        duplicates: n - inserted.length,
        ids: inserted.map((row) => row.id),
      };
    },

    async claim(workerId, n, leaseMs) {
      if (n <= 0) return [];
      const now = clock.now();
      const rows = await db.query<JobRow>(
        `WITH next AS (
           SELECT id FROM background_jobs
           WHERE status = 'pending' AND run_after <= $1::timestamptz
           ORDER BY run_after
           LIMIT $2
           FOR UPDATE SKIP LOCKED
         )
         UPDATE background_jobs j
         SET status = 'running', attempts = j.attempts + 1, lease_owner = $3,
             lease_expires_at = $4::timestamptz, started_at = $1::timestamptz,
             updated_at = $1::timestamptz
         FROM next
         WHERE j.id = next.id AND j.status = 'pending'
         RETURNING j.*`,
        [iso(now), n, workerId, iso(new Date(now.getTime() + leaseMs))],
      );
      return rows
        .map((row) => toJobRecord(row) as ClaimedJob)
        .sort((a, b) => a.runAfter.getTime() - b.runAfter.getTime());
    },

    async heartbeat(job, leaseMs) {
      const now = clock.now();
      const rows = await db.query<{ id: string }>(
        `UPDATE background_jobs SET lease_expires_at = $3::timestamptz, updated_at = $4::timestamptz
         WHERE ${fence} RETURNING id`,
        [job.id, job.attempts, iso(new Date(now.getTime() + leaseMs)), iso(now)],
      );
      return { ok: rows.length === 1 };
    },

    async complete(job, result, durationMs) {
      const now = clock.now();
      const rows = await db.query<{ id: string }>(
        `UPDATE background_jobs
         SET status = 'completed', result = $3::text::jsonb, duration_ms = $4,
             completed_at = $5::timestamptz, updated_at = $5::timestamptz,
             lease_expires_at = NULL, error_message = NULL
         WHERE ${fence} RETURNING id`,
        [
          job.id,
          job.attempts,
          result === undefined ? null : JSON.stringify(result),
          Math.round(durationMs),
          iso(now),
        ],
      );
      return { ok: rows.length === 1 };
    },

    async release(job) {
      const now = clock.now();
      const rows = await db.query<{ id: string }>(
        `UPDATE background_jobs
         SET status = 'pending', max_attempts = max_attempts + 1, run_after = $3::timestamptz,
             lease_owner = NULL, lease_expires_at = NULL, updated_at = $3::timestamptz
         WHERE ${fence} RETURNING id`,
        [job.id, job.attempts, iso(now)],
      );
      return { ok: rows.length === 1 };
    },

    async fail(job, error) {
      const now = clock.now();
      const retry = error.retryable && job.attempts < job.maxAttempts;
      const delayMs = retry
        ? Math.max(error.retryAfterMs ?? 0, backoffDelayMs(job.attempts, backoff, random))
        : 0;
      const runAfter = retry ? new Date(now.getTime() + delayMs) : null;
      const status = retry ? "pending" : "failed";
      const entry = {
        attempt: job.attempts,
        at: iso(now),
        message: error.message,
        code: error.code ?? null,
        retryable: error.retryable,
        worker: job.leaseOwner,
      };
      const rows = await db.query<{ id: string }>(
        `UPDATE background_jobs
         SET status = $3::text, run_after = coalesce($4::timestamptz, run_after),
             error_message = $5, errors = errors || jsonb_build_array($6::text::jsonb),
             completed_at = CASE WHEN $3::text = 'failed' THEN $7::timestamptz END,
             lease_expires_at = NULL, updated_at = $7::timestamptz,
             duration_ms = coalesce($8, duration_ms)
         WHERE ${fence} RETURNING id`,
        [
          job.id,
          job.attempts,
          status,
          runAfter === null ? null : iso(runAfter),
          error.message,
          JSON.stringify(entry),
          iso(now),
          error.durationMs === undefined ? null : Math.round(error.durationMs),
        ],
      );
      return rows.length === 1
        ? { ok: true, status, runAfter }
        : { ok: false, status: null, runAfter: null };
    },

    async reapExpired() {
      const now = iso(clock.now());
      const rows = await db.query<{ status: string }>(
        `UPDATE background_jobs
         SET status = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'pending' END,
             run_after = $1::timestamptz,
             error_message = 'lease expired: worker ' || coalesce(lease_owner, '?') || ' stopped reporting',
             errors = errors || jsonb_build_array(jsonb_build_object(
               'attempt', attempts, 'at', $1::text, 'message', 'lease expired',
               'code', 'LEASE_EXPIRED', 'retryable', true, 'worker', lease_owner)),
             completed_at = CASE WHEN attempts >= max_attempts THEN $1::timestamptz END,
             lease_expires_at = NULL, updated_at = $1::timestamptz
         WHERE status = 'running' AND lease_expires_at < $1::timestamptz
         RETURNING status`,
        [now],
      );
      const failed = rows.filter((row) => row.status === "failed").length;
      return { requeued: rows.length - failed, failed };
    },

    async purge(olderThan, batchSize = 1000, statuses = ["completed", "failed"]) {
      let deleted = 0;
      for (;;) {
        const [row] = await db.query<{ n: number }>(
          `WITH victims AS (
             SELECT id FROM background_jobs
             WHERE status = ANY($3::text[]) AND completed_at < $1::timestamptz
             ORDER BY completed_at LIMIT $2
           ), gone AS (
             DELETE FROM background_jobs b USING victims v WHERE b.id = v.id RETURNING 1
           )
           SELECT count(*)::int AS n FROM gone`,
          [iso(olderThan), batchSize, [...statuses]],
        );
        const n = row?.n ?? 0;
        deleted += n;
        if (n < batchSize) return { deleted };
      }
    },

    async stats() {
      const now = clock.now();
      const [row] = await db.query<{
        pending: number;
        due: number;
        running: number;
        oldest_due: Date | null;
        failed_last_24h: number;
      }>(
        `SELECT
           count(*) FILTER (WHERE status = 'pending')::int AS pending,
           count(*) FILTER (WHERE status = 'pending' AND run_after <= $1::timestamptz)::int AS due,
           count(*) FILTER (WHERE status = 'running')::int AS running,
           min(run_after) FILTER (WHERE status = 'pending' AND run_after <= $1::timestamptz) AS oldest_due,
           count(*) FILTER (WHERE status = 'failed')::int AS failed_last_24h
         FROM background_jobs
         WHERE status IN ('pending', 'running')
            OR (status = 'failed' AND completed_at > $1::timestamptz - interval '24 hours')`,
        [iso(now)],
      );
      return {
        pending: row?.pending ?? 0,
        due: row?.due ?? 0,
        running: row?.running ?? 0,
        oldestPendingAgeMs:
          row?.oldest_due == null ? null : now.getTime() - row.oldest_due.getTime(),
        failedLast24h: row?.failed_last_24h ?? 0,
      };
    },

    async getJob(id) {
      const [row] = await db.query<JobRow>("SELECT * FROM background_jobs WHERE id = $1", [id]);
      return row === undefined ? null : toJobRecord(row);
    },
  };
}
