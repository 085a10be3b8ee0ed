import { syncWindow } from "./sync-window";

/** What the planner needs to know of a company. */
export interface PlannableCompany {
  id: string;
  serviceCompanyId: number;
  timeZone: string | null;
}

/** A job to enqueue; structurally what the storage queue's `enqueueMany` takes. */
export interface PlannedJob {
  type: "sync_users" | "sync_schedule";
  companyId: string | null;
  date: string | null;
  dedupKey: string;
  runAfter: Date;
  params: Record<string, unknown>;
  runId?: string;
}

export interface PlanOptions {
  now: Date;
  runId?: string;
  /** Spread each company's jobs over this many seconds (stable per company); 0 = all due now. */
  spreadSeconds: number;
  windowDays?: number;
  defaultTimeZone: string;
  /** Add the one users sync of the run. */
  includeUsers?: boolean;
}

export const USERS_DEDUP_KEY = "sync_users";

export function scheduleDedupKey(companyId: string, date: string): string {
  return `sync_schedule:${companyId}:${date}`;
}

/**
 * One run: a users sync (MaidCentral's users endpoint answers for every group at once, so one call
 * per run serves all companies) and one job per company-day of each company's local window.
 */
export function planSyncRun(
  companies: readonly PlannableCompany[],
  options: PlanOptions,
): PlannedJob[] {
  const { now, runId } = options;
  const withRun = runId === undefined ? {} : { runId };
  const jobs: PlannedJob[] = [];
  if (options.includeUsers ?? true) {
    jobs.push({
      type: "sync_users",
      companyId: null,
      date: null,
      dedupKey: USERS_DEDUP_KEY,
      runAfter: now,
      params: {},
      ...withRun,
    });
  }
  // Companies share a handful of zones; the Intl formatting behind a window costs far more than
  // the rest of a company's planning, so each zone's window is computed once per run.
  const windows = new Map<string, readonly string[]>();
  for (const company of companies) {
    const runAfter = new Date(now.getTime() + spreadOffsetMs(company.id, options.spreadSeconds));
    const zone = company.timeZone ?? options.defaultTimeZone;
    let dates = windows.get(zone);
    if (dates === undefined) {
      dates = syncWindow(now, zone, options.windowDays ?? 7);
      windows.set(zone, dates);
    }
    for (const date of dates) {
      jobs.push({
        type: "sync_schedule",
        companyId: company.id,
        date,
        dedupKey: scheduleDedupKey(company.id, date),
        runAfter,
        params: { serviceCompanyId: company.serviceCompanyId },
        ...withRun,
      });
    }
  }
  return jobs;
}

/**
 * A stable offset in [0, spread) derived from the company id (FNV-1a), so each company is fetched
 * at the same minute every hour and MaidCentral never sees every company at :00.
 */
export function spreadOffsetMs(companyId: string, spreadSeconds: number): number {
  if (spreadSeconds <= 0) return 0;
  let hash = 0x811c9dc5;
  for (let i = 0; i < companyId.length; i++) {
    hash ^= companyId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return Math.floor((hash / 0x1_0000_0000) * spreadSeconds * 1000);
}
