import type { JobAttemptError, JobRecord, JobStatus, JobType } from "./job-types";

/** background_jobs as the drivers return it. */
export interface JobRow {
  id: string;
  job_type: JobType;
  company_id: string | null;
  date: string | null;
  params: Record<string, unknown> | null;
  status: JobStatus;
  attempts: number;
  max_attempts: number;
  run_after: Date;
  dedup_key: string;
  lease_owner: string | null;
  lease_expires_at: Date | null;
  run_id: string | null;
  result: unknown;
  error_message: string | null;
  errors: JobAttemptError[] | null;
  duration_ms: number | null;
  created_at: Date;
  started_at: Date | null;
  completed_at: Date | null;
  updated_at: Date;
}

export function toJobRecord(row: JobRow): JobRecord {
  return {
    id: row.id,
    type: row.job_type,
    companyId: row.company_id,
    date: row.date,
    params: row.params ?? {},
    status: row.status,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    runAfter: row.run_after,
    dedupKey: row.dedup_key,
    leaseOwner: row.lease_owner,
    leaseExpiresAt: row.lease_expires_at,
    runId: row.run_id,
    result: row.result,
    errorMessage: row.error_message,
    errors: row.errors ?? [],
    durationMs: row.duration_ms,
    createdAt: row.created_at,
    startedAt: row.started_at,
    completedAt: row.completed_at,
    updatedAt: row.updated_at,
  };
}
