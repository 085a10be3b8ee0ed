/**
 * The operator alerts (issue 7), as pure rules over facts gathered elsewhere. The caller supplies
 * `now`, so a test can walk a clock across every threshold.
 */
export type AlertKind = "stale_day" | "run_failures" | "no_run";

export interface AlertThresholds {
  /** A window day without a successful check for this long alerts (default 90 minutes). */
  staleDayMs: number;
  /** A run whose failed share of schedule jobs exceeds this alerts (default 0.2). */
  runFailureRatio: number;
  /** No sync run started for this long alerts (default 2 hours). */
  noRunMs: number;
}

export const defaultAlertThresholds: AlertThresholds = {
  staleDayMs: 90 * 60_000,
  runFailureRatio: 0.2,
  noRunMs: 2 * 3_600_000,
};

export interface AlertDayFact {
  date: string;
  /** The day's last successful upstream check; null when it never had one. */
  lastSuccessAt: Date | null;
  /** Since when a check was due: when the day entered the window (or its company was added). */
  expectedSince: Date;
}

export interface AlertCompanyFact {
  companyId: string;
  serviceCompanyId: number;
  name: string;
  /** Every date of the company's current window. */
  days: AlertDayFact[];
}

export interface AlertRunFact {
  runId: string;
  startedAt: Date;
  scheduleJobs: number;
  scheduleFailed: number;
}

export interface AlertFacts {
  now: Date;
  /** Syncable companies only: a disabled company is not expected to be fresh. */
  companies: AlertCompanyFact[];
  /** The latest run that enqueued schedule jobs, if any. */
  latestRun: AlertRunFact | null;
  lastRunStartedAt: Date | null;
}

/** One condition that holds now; `key` identifies it across evaluations and processes. */
export interface ActiveAlert {
  key: string;
  kind: AlertKind;
  message: string;
  context: Record<string, unknown>;
}

export function evaluateAlertRules(
  facts: AlertFacts,
  thresholds: AlertThresholds = defaultAlertThresholds,
): ActiveAlert[] {
  const now = facts.now.getTime();
  const alerts: ActiveAlert[] = [];
  for (const company of facts.companies) {
    const late = company.days.filter(
      (day) => now - (day.lastSuccessAt ?? day.expectedSince).getTime() >= thresholds.staleDayMs,
    );
    if (late.length === 0) continue;
    const oldest = Math.min(...late.map((d) => (d.lastSuccessAt ?? d.expectedSince).getTime()));
    alerts.push({
      key: `stale_day:${company.companyId}`,
      kind: "stale_day",
      message: `${company.name} (${company.serviceCompanyId}): ${late.length} day(s) without a successful check for ${formatDuration(now - oldest)} or more: ${late.map((d) => d.date).join(", ")}`,
      context: {
        companyId: company.companyId,
        serviceCompanyId: company.serviceCompanyId,
        dates: late.map((d) => d.date),
      },
    });
  }
  const run = facts.latestRun;
  if (
    run &&
    run.scheduleJobs > 0 &&
    run.scheduleFailed / run.scheduleJobs > thresholds.runFailureRatio
  ) {
    alerts.push({
      key: "run_failures",
      kind: "run_failures",
      message: `${run.scheduleFailed} of ${run.scheduleJobs} schedule jobs (${Math.round((100 * run.scheduleFailed) / run.scheduleJobs)}%) failed in run ${run.runId} started ${run.startedAt.toISOString()}`,
      context: { runId: run.runId, failed: run.scheduleFailed, total: run.scheduleJobs },
    });
  }
  const last = facts.lastRunStartedAt;
  if (last === null || now - last.getTime() >= thresholds.noRunMs) {
    alerts.push({
      key: "no_run",
      kind: "no_run",
      message:
        last === null
          ? "No sync run has ever been recorded: is the scheduler (SYNC_CRON or pg_cron) running?"
          : `No sync run for ${formatDuration(now - last.getTime())} (last started ${last.toISOString()}): is the scheduler (SYNC_CRON or pg_cron) running?`,
      context: { lastRunStartedAt: last?.toISOString() ?? null },
    });
  }
  return alerts;
}

export interface OpenAlertState {
  key: string;
  /** When it was last delivered; null when delivery failed and is owed. */
  lastNotifiedAt: Date | null;
}

export type AlertAction =
  | { type: "open"; alert: ActiveAlert }
  | { type: "renotify"; alert: ActiveAlert }
  | { type: "resolve"; key: string };

/**
 * What to send given the open alerts and what holds now: new conditions open, open ones are
 * repeated at most every `renotifyMs`, vanished ones resolve once. The store arbitrates between
 * processes; this only proposes.
 */
export function planAlertActions(
  open: readonly OpenAlertState[],
  active: readonly ActiveAlert[],
  now: Date,
  renotifyMs: number,
): AlertAction[] {
  const openByKey = new Map(open.map((o) => [o.key, o]));
  const activeKeys = new Set(active.map((a) => a.key));
  const actions: AlertAction[] = [];
  for (const alert of active) {
    const state = openByKey.get(alert.key);
    if (state === undefined) actions.push({ type: "open", alert });
    else if (
      state.lastNotifiedAt === null ||
      now.getTime() - state.lastNotifiedAt.getTime() >= renotifyMs
    )
      actions.push({ type: "renotify", alert });
  }
  for (const state of open) {
    if (!activeKeys.has(state.key)) actions.push({ type: "resolve", key: state.key });
  }
  return actions;
}

export function formatDuration(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}
