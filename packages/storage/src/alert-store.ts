import { type Clock, systemClock } from "@backup-portal/core";
import type { Db } from "./db";

export interface StoredAlert {
  key: string;
  kind: string;
  message: string;
  context: Record<string, unknown>;
  openedAt: Date;
  lastNotifiedAt: Date | null;
}

export interface AlertToStore {
  key: string;
  kind: string;
  message: string;
  context: Record<string, unknown>;
}

/** The last successful check of one company-day, for the stale-day rule. */
export interface DayCheck {
  companyId: string;
  date: string;
  checkedAt: Date | null;
  createdAt: Date;
}

export interface RunFailureFigures {
  runId: string;
  startedAt: Date;
  scheduleJobs: number;
  scheduleFailed: number;
}

/**
 * Alert state shared by every process. Each transition is one conditional statement that reports
 * whether this caller made it, so of several evaluators only one sends a given notification.
 */
export interface AlertStore {
  listOpen(): Promise<StoredAlert[]>;
  /** Opens (or reopens a resolved) alert as notified now; false when it was already open. */
  open(alert: AlertToStore): Promise<boolean>;
  /** Claims a repeat notification when the last one is older than `renotifyMs` (or owed). */
  claimRenotify(alert: AlertToStore, renotifyMs: number): Promise<boolean>;
  /** The delivery just claimed failed: owe it, so the next evaluation tries again. */
  markUndelivered(key: string): Promise<void>;
  /** Resolves an open alert; false when it was not open (another process resolved it). */
  resolve(key: string): Promise<boolean>;

  dayChecks(companyIds: readonly string[]): Promise<DayCheck[]>;
  /** Schedule-job figures of the latest run that enqueued any. */
  latestRunFailures(): Promise<RunFailureFigures | null>;
  lastRunStartedAt(): Promise<Date | null>;
}

interface AlertRow {
  key: string;
  kind: string;
  message: string;
  context: Record<string, unknown>;
  opened_at: Date;
  last_notified_at: Date | null;
}

export function createAlertStore(options: { db: Db; clock?: Clock }): AlertStore {
  const { db } = options;
  const clock = options.clock ?? systemClock;
  const nowIso = () => clock.now().toISOString();

  return {
    async listOpen() {
      const rows = await db.query<AlertRow>(
        `SELECT key, kind, message, context, opened_at, last_notified_at FROM alert_state
         WHERE resolved_at IS NULL ORDER BY opened_at, key`,
      );
      return rows.map((row) => ({
        key: row.key,
        kind: row.kind,
        message: row.message,
        context: row.context,
        openedAt: row.opened_at,
        lastNotifiedAt: row.last_notified_at,
      }));
    },

    async open(alert) {
      const rows = await db.query<{ key: string }>(
        `INSERT INTO alert_state (key, kind, message, context, opened_at, last_notified_at,
           resolved_at, updated_at)
         VALUES ($1, $2, $3, $4::text::jsonb, $5::timestamptz, $5::timestamptz, NULL, $5::timestamptz)
         ON CONFLICT (key) DO UPDATE
         SET kind = excluded.kind, message = excluded.message, context = excluded.context,
             opened_at = excluded.opened_at, last_notified_at = excluded.last_notified_at,
             resolved_at = NULL, updated_at = excluded.updated_at
         WHERE alert_state.resolved_at IS NOT NULL
         RETURNING key`,
        [alert.key, alert.kind, alert.message, JSON.stringify(alert.context), nowIso()],
      );
      return rows.length === 1;
    },

    async claimRenotify(alert, renotifyMs) {
      const now = clock.now();
      const rows = await db.query<{ key: string }>(
        `UPDATE alert_state SET last_notified_at = $2::timestamptz, message = $3,
           context = $4::text::jsonb, updated_at = $2::timestamptz
         WHERE key = $1 AND resolved_at IS NULL
           AND (last_notified_at IS NULL OR last_notified_at <= $5::timestamptz)
         RETURNING key`,
        [
          alert.key,
          now.toISOString(),
          alert.message,
          JSON.stringify(alert.context),
          new Date(now.getTime() - renotifyMs).toISOString(),
        ],
      );
      return rows.length === 1;
    },

    async markUndelivered(key) {
      await db.query(
        `UPDATE alert_state SET last_notified_at = NULL, updated_at = $2::timestamptz
         WHERE key = $1 AND resolved_at IS NULL`,
        [key, nowIso()],
      );
    },

    async resolve(key) {
      const rows = await db.query<{ key: string }>(
        `UPDATE alert_state SET resolved_at = $2::timestamptz, updated_at = $2::timestamptz
         WHERE key = $1 AND resolved_at IS NULL RETURNING key`,
        [key, nowIso()],
      );
      return rows.length === 1;
    },

    async dayChecks(companyIds) {
      if (companyIds.length === 0) return [];
      const rows = await db.query<{
        company_id: string;
        date: string;
        checked_at: Date | null;
        created_at: Date;
      }>(
        `SELECT company_id, date, checked_at, created_at FROM schedule_data
         WHERE company_id = ANY($1::text::uuid[]) ORDER BY company_id, date`,
        [`{${companyIds.join(",")}}`],
      );
      return rows.map((row) => ({
        companyId: row.company_id,
        date: row.date,
        checkedAt: row.checked_at,
        createdAt: row.created_at,
      }));
    },

    async latestRunFailures() {
      const [row] = await db.query<{
        run_id: string;
        started_at: Date;
        total: number;
        failed: number;
      }>(
        `SELECT r.id AS run_id, r.started_at, count(*)::int AS total,
           count(*) FILTER (WHERE j.status = 'failed')::int AS failed
         FROM sync_runs r JOIN background_jobs j ON j.run_id = r.id AND j.job_type = 'sync_schedule'
         GROUP BY r.id, r.started_at ORDER BY r.started_at DESC LIMIT 1`,
      );
      return row === undefined
        ? null
        : {
            runId: row.run_id,
            startedAt: row.started_at,
            scheduleJobs: row.total,
            scheduleFailed: row.failed,
          };
    },

    async lastRunStartedAt() {
      const [row] = await db.query<{ started_at: Date | null }>(
        "SELECT max(started_at) AS started_at FROM sync_runs",
      );
      return row?.started_at ?? null;
    },
  };
}
