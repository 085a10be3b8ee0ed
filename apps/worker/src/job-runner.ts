import { type Clock, isBackupPortalError, type Logger, systemClock } from "@backup-portal/core";
import type { ClaimedJob, JobFailure, JobQueue, JobType } from "@backup-portal/storage";

export interface JobContext {
  job: ClaimedJob;
  logger: Logger;
  /** Aborted when the lease is lost or the worker stops past its grace period. */
  signal: AbortSignal;
}

export type JobHandler = (context: JobContext) => Promise<unknown>;

export interface RunCounts {
  processed: number;
  succeeded: number;
  retried: number;
  failed: number;
  /** Claims taken over by another worker (lease expired); their outcome was not recorded. */
  lost: number;
}

export interface JobRunnerOptions {
  queue: JobQueue;
  handlers: Record<JobType, JobHandler>;
  logger: Logger;
  clock?: Clock;
  workerId: string;
  concurrency?: number;
  leaseMs?: number;
  /** Idle poll interval; each wait is jittered ±25% so idle workers don't poll in step. */
  pollMs?: number;
  /** How often the resident loop returns expired leases to the queue (default: every lease length). */
  reapEveryMs?: number;
  /** Subscribes to job notifications (Postgres LISTEN); returns an unsubscribe. */
  subscribe?: (onWake: () => void) => Promise<() => Promise<void>>;
  /** Called after each job with the running totals (progress lines, metrics). */
  onJobDone?: (
    job: ClaimedJob,
    outcome: keyof Omit<RunCounts, "processed">,
    counts: RunCounts,
  ) => void;
  random?: () => number;
}

export interface JobRunner {
  /** Works due jobs until none is left or `maxMs` is spent; for invoked (not resident) workers. */
  drain(options?: { maxMs?: number }): Promise<RunCounts>;
  /** The resident loop: runs until `stop`. */
  start(): Promise<void>;
  /** Stops claiming, lets in-flight jobs finish within `graceMs`, then aborts and releases the rest. */
  stop(options?: { graceMs?: number }): Promise<void>;
  counts(): RunCounts;
  inFlight(): number;
}

export function createJobRunner(options: JobRunnerOptions): JobRunner {
  const clock = options.clock ?? systemClock;
  const concurrency = options.concurrency ?? 8;
  const leaseMs = options.leaseMs ?? 60_000;
  const pollMs = options.pollMs ?? 2_000;
  const random = options.random ?? Math.random;
  const totals: RunCounts = { processed: 0, succeeded: 0, retried: 0, failed: 0, lost: 0 };
  const inflight = new Map<
    string,
    { job: ClaimedJob; controller: AbortController; done: Promise<void> }
  >();
  let running = false;
  let stopping = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let heartbeatTimer: ReturnType<typeof setInterval> | undefined;

  function notify(): void {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        wake = undefined;
        resolve();
      }, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  function ensureHeartbeat(): void {
    if (heartbeatTimer) return;
    heartbeatTimer = setInterval(() => void beat(), Math.max(1_000, Math.floor(leaseMs / 3)));
    heartbeatTimer.unref?.();
  }

  async function beat(): Promise<void> {
    for (const { job, controller } of inflight.values()) {
      try {
        const { ok } = await options.queue.heartbeat(job, leaseMs);
        if (!ok) {
          options.logger.warn(logFields(job), "lease lost to another worker; abandoning the job");
          controller.abort(new Error("lease lost"));
        }
      } catch (error) {
        options.logger.warn({ ...logFields(job), err: describe(error) }, "heartbeat failed");
      }
    }
  }

  function launch(job: ClaimedJob, counts: RunCounts[]): void {
    const controller = new AbortController();
    const done = runOne(job, controller.signal, counts).finally(() => {
      inflight.delete(job.id);
      notify();
    });
    inflight.set(job.id, { job, controller, done });
  }

  async function runOne(job: ClaimedJob, signal: AbortSignal, counts: RunCounts[]): Promise<void> {
    const logger = options.logger.child(logFields(job));
    const started = performance.now();
    const record = (outcome: keyof Omit<RunCounts, "processed">) => {
      for (const c of counts) {
        c.processed++;
        c[outcome]++;
      }
      options.onJobDone?.(job, outcome, totals);
    };
    const handler = options.handlers[job.type];
    try {
      const result = await handler({ job, logger, signal });
      const durationMs = Math.round(performance.now() - started);
      const { ok } = await options.queue.complete(job, result ?? null, durationMs);
      if (!ok) {
        logger.warn(
          { durationMs },
          "job finished after its claim was taken over; result discarded",
        );
        record("lost");
        return;
      }
      logger.info({ durationMs, result }, "job completed");
      record("succeeded");
    } catch (error) {
      const failure = toFailure(error);
      const durationMs = Math.round(performance.now() - started);
      if (signal.aborted) {
        // Lease lost, or released on shutdown: the job is no longer ours to fail.
        logger.warn({ durationMs, error: failure.message }, "job abandoned");
        record("lost");
        return;
      }
      try {
        const outcome = await options.queue.fail(job, failure);
        if (!outcome.ok) {
          logger.warn(
            { durationMs, error: failure.message },
            "job failed after its claim was taken over",
          );
          record("lost");
        } else if (outcome.status === "pending") {
          logger.warn(
            { durationMs, error: failure.message, code: failure.code, retryAt: outcome.runAfter },
            "job failed; will retry",
          );
          record("retried");
        } else {
          logger.error(
            { durationMs, error: failure.message, code: failure.code },
            "job failed for good",
          );
          record("failed");
        }
      } catch (queueError) {
        // The lease will expire and the job will be reaped; say so rather than lose the error.
        logger.error(
          { err: describe(queueError), error: failure.message },
          "could not record job failure",
        );
        record("lost");
      }
    }
  }

  async function claimInto(counts: RunCounts[]): Promise<number> {
    const free = concurrency - inflight.size;
    if (free <= 0) return 0;
    const jobs = await options.queue.claim(options.workerId, free, leaseMs);
    for (const job of jobs) launch(job, counts);
    if (jobs.length > 0) ensureHeartbeat();
    return jobs.length;
  }

  function stopHeartbeatIfIdle(): void {
    if (inflight.size === 0 && heartbeatTimer) {
      clearInterval(heartbeatTimer);
      heartbeatTimer = undefined;
    }
  }

  async function residentLoop(): Promise<void> {
    let unsubscribe: (() => Promise<void>) | undefined;
    try {
      unsubscribe = await options.subscribe?.(notify);
    } catch (error) {
      options.logger.warn(
        { err: describe(error) },
        "could not subscribe to job notifications; polling only",
      );
    }
    let failures = 0;
    let lastReap = 0;
    const reapEveryMs = options.reapEveryMs ?? leaseMs;
    while (running) {
      if (clock.now().getTime() - lastReap >= reapEveryMs) {
        lastReap = clock.now().getTime();
        // Jobs of a worker that died mid-job come back within one lease length, not at the next run.
        await options.queue.reapExpired().then(
          (reaped) => {
            if (reaped.requeued + reaped.failed > 0)
              options.logger.warn(reaped, "reaped expired leases");
          },
          (error: unknown) =>
            options.logger.warn({ err: describe(error) }, "reaping expired leases failed"),
        );
      }
      let claimed = 0;
      try {
        claimed = await claimInto([totals]);
        failures = 0;
      } catch (error) {
        failures++;
        const delay = Math.min(30_000, 500 * 2 ** Math.min(failures, 6));
        options.logger.error({ err: describe(error), retryInMs: delay }, "claim failed");
        await sleep(delay);
        continue;
      }
      stopHeartbeatIfIdle();
      if (claimed === 0 || inflight.size >= concurrency) {
        await sleep(inflight.size >= concurrency ? pollMs * 10 : pollMs * (0.75 + random() * 0.5));
      }
    }
    await unsubscribe?.().catch(() => {});
  }

  return {
    async drain({ maxMs = 25_000 } = {}) {
      const counts: RunCounts = { processed: 0, succeeded: 0, retried: 0, failed: 0, lost: 0 };
      const deadline = clock.now().getTime() + maxMs;
      while (!stopping && clock.now().getTime() < deadline) {
        const claimed = await claimInto([counts, totals]);
        if (claimed === 0 && inflight.size === 0) break;
        if (claimed === 0 || inflight.size >= concurrency) {
          await Promise.race([...inflight.values()].map((f) => f.done));
        }
      }
      await Promise.all([...inflight.values()].map((f) => f.done));
      stopHeartbeatIfIdle();
      return counts;
    },
    async start() {
      if (running) return;
      running = true;
      stopping = false;
      loop = residentLoop();
    },
    async stop({ graceMs = 30_000 } = {}) {
      running = false;
      stopping = true;
      notify();
      await loop;
      const pending = [...inflight.values()];
      if (pending.length > 0) {
        options.logger.info(
          { inFlight: pending.length, graceMs },
          "stopping: waiting for in-flight jobs",
        );
        let timer: ReturnType<typeof setTimeout> | undefined;
        const timedOut = await Promise.race([
          Promise.all(pending.map((f) => f.done)).then(() => false),
          new Promise<boolean>((resolve) => {
            timer = setTimeout(() => resolve(true), graceMs);
          }),
        ]);
        clearTimeout(timer);
        if (timedOut) {
          const left = [...inflight.values()];
          options.logger.warn(
            { jobs: left.length },
            "grace period over: aborting and releasing jobs",
          );
          for (const f of left) f.controller.abort(new Error("worker stopping"));
          await Promise.all(
            left.map((f) =>
              options.queue.release(f.job).catch((error: unknown) => {
                options.logger.error(
                  { ...logFields(f.job), err: describe(error) },
                  "could not release job",
                );
              }),
            ),
          );
        }
      }
      if (heartbeatTimer) clearInterval(heartbeatTimer);
      heartbeatTimer = undefined;
    },
    counts: () => ({ ...totals }),
    inFlight: () => inflight.size,
  };
}

export function logFields(job: ClaimedJob): Record<string, unknown> {
  return {
    jobId: job.id,
    jobType: job.type,
    companyId: job.companyId,
    date: job.date,
    attempt: job.attempts,
  };
}

/** The queue's retry decision comes from the error's `retryable`, never from message text. */
export function toFailure(error: unknown): JobFailure {
  if (isBackupPortalError(error)) {
    const retryAfterMs = (error as { retryAfterMs?: unknown }).retryAfterMs;
    return {
      message: error.message,
      code: error.code,
      retryable: error.retryable,
      ...(typeof retryAfterMs === "number" ? { retryAfterMs } : {}),
    };
  }
  // Unknown errors (driver hiccups, bugs) get the bounded retries; the message reaches the job row.
  return { message: describe(error), code: "unexpected", retryable: true };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
