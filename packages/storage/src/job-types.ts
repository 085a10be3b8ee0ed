export type JobType = "sync_users" | "sync_schedule";
export type JobStatus = "pending" | "running" | "completed" | "failed";

export interface NewJob {
  type: JobType;
  /** Portal company uuid; absent for sync_users. */
  companyId?: string | null;
  /** Company-local date "YYYY-MM-DD"; absent for sync_users. */
  date?: string | null;
  params?: Record<string, unknown>;
  /** Not claimable before this time; default: now. */
  runAfter?: Date;
  /** One live job per key, e.g. `sync_schedule:{companyId}:{date}`. */
  dedupKey: string;
  runId?: string;
  /** Default: the queue's maxAttempts. */
  maxAttempts?: number;
}

export interface JobAttemptError {
  attempt: number;
  at: string;
  message: string;
  code: string | null;
  retryable: boolean;
  worker: string | null;
}

/** A job as stored, every column. */
export interface JobRecord {
  id: string;
  type: JobType;
  companyId: string | null;
  date: string | null;
  params: Record<string, unknown>;
  status: JobStatus;
  attempts: number;
  maxAttempts: number;
  runAfter: Date;
  dedupKey: string;
  leaseOwner: string | null;
  leaseExpiresAt: Date | null;
  runId: string | null;
  result: unknown;
  errorMessage: string | null;
  errors: JobAttemptError[];
  durationMs: number | null;
  createdAt: Date;
  startedAt: Date | null;
  completedAt: Date | null;
  updatedAt: Date;
}

/** A job handed to one worker. `attempts` is this claim's attempt number (the fence). */
export interface ClaimedJob extends JobRecord {
  status: "running";
  leaseOwner: string;
  leaseExpiresAt: Date;
}

export interface JobFailure {
  message: string;
  /** false for permanent errors (bad credentials, invalid payload): failed at once. */
  retryable: boolean;
  /** Upstream's Retry-After, honoured as a lower bound of the delay. */
  retryAfterMs?: number;
  code?: string;
  /** How long the failed attempt ran; kept in duration_ms for the monitoring figures. */
  durationMs?: number;
}

export interface FailOutcome {
  /** false when the claim was no longer ours (lease taken over, job reaped): nothing changed. */
  ok: boolean;
  /** The job's status after the call when ok. */
  status: "pending" | "failed" | null;
  /** When a retried job becomes claimable again. */
  runAfter: Date | null;
}

export interface QueueStats {
  pending: number;
  /** Pending jobs already due (run_after ≤ now). */
  due: number;
  running: number;
  /** Age of the longest-waiting due job (now − its run_after); null when none is due. */
  oldestPendingAgeMs: number | null;
  failedLast24h: number;
}
