import {
  type ActiveAlert,
  type AlertCompanyFact,
  type AlertThresholds,
  addDays,
  type Clock,
  defaultAlertThresholds,
  evaluateAlertRules,
  type Logger,
  planAlertActions,
  syncWindow,
  zonedWallTimeToIso,
} from "@backup-portal/core";
import type { AlertStore, MetadataStore } from "@backup-portal/storage";
import type { AlertNotice, AlertNotifier } from "./alerts-notifier";
import type { Coordinator } from "./coordinator";

/** An open alert is repeated at most this often (4 hours) while it stays open. */
export const DEFAULT_RENOTIFY_MS = 4 * 3_600_000;
/** The timer between evaluations when nothing else triggers one. */
export const DEFAULT_ALERT_INTERVAL_MS = 5 * 60_000;

export interface AlertMonitorDependencies {
  store: AlertStore;
  metadata: MetadataStore;
  /** The log notifier plus, when ALERT_WEBHOOK_URL is set, the webhook. */
  notifiers: AlertNotifier[];
  clock: Clock;
  logger: Logger;
  defaultTimeZone: string;
  windowDays?: number;
  renotifyMs?: number;
  thresholds?: AlertThresholds;
}

export interface AlertEvaluation {
  active: ActiveAlert[];
  sent: AlertNotice[];
}

export interface AlertMonitor {
  /** Evaluates the rules and sends what is due; concurrent calls share one evaluation. */
  evaluate(): Promise<AlertEvaluation>;
  /** Evaluates every `intervalMs` until stopped. */
  start(intervalMs?: number): { stop(): void };
}

export function createAlertMonitor(deps: AlertMonitorDependencies): AlertMonitor {
  const windowDays = deps.windowDays ?? 7;
  const renotifyMs = deps.renotifyMs ?? DEFAULT_RENOTIFY_MS;
  let inFlight: Promise<AlertEvaluation> | null = null;

  const companyFacts = async (now: Date): Promise<AlertCompanyFact[]> => {
    const companies = await deps.metadata.listSyncableCompanies();
    const checks = await deps.store.dayChecks(companies.map((c) => c.id));
    const checkedAt = new Map(checks.map((c) => [`${c.companyId}:${c.date}`, c.checkedAt]));
    return companies.map((company) => {
      const zone = company.timeZone ?? deps.defaultTimeZone;
      return {
        companyId: company.id,
        serviceCompanyId: company.serviceCompanyId,
        name: company.name,
        days: syncWindow(now, zone, windowDays).map((date) => {
          // A day is due from its local midnight as the window's last day (or the company's arrival).
          const entered = new Date(
            zonedWallTimeToIso(`${addDays(date, -(windowDays - 1))}T00:00`, zone),
          );
          return {
            date,
            lastSuccessAt: checkedAt.get(`${company.id}:${date}`) ?? null,
            expectedSince: new Date(Math.max(entered.getTime(), company.createdAt.getTime())),
          };
        }),
      };
    });
  };

  const deliver = async (notice: AlertNotice): Promise<boolean> => {
    let delivered = true;
    for (const notifier of deps.notifiers) {
      try {
        await notifier.send(notice);
      } catch (error) {
        delivered = false;
        deps.logger.error(
          { alert: notice.key, err: error instanceof Error ? error.message : String(error) },
          "alert notification failed",
        );
      }
    }
    return delivered;
  };

  const evaluateOnce = async (): Promise<AlertEvaluation> => {
    const now = deps.clock.now();
    const [companies, latestRun, lastRunStartedAt, open] = await Promise.all([
      companyFacts(now),
      deps.store.latestRunFailures(),
      deps.store.lastRunStartedAt(),
      deps.store.listOpen(),
    ]);
    const active = evaluateAlertRules(
      { now, companies, latestRun, lastRunStartedAt },
      deps.thresholds ?? defaultAlertThresholds,
    );
    const openByKey = new Map(open.map((o) => [o.key, o]));
    const sent: AlertNotice[] = [];
    for (const action of planAlertActions(open, active, now, renotifyMs)) {
      if (action.type === "resolve") {
        if (!(await deps.store.resolve(action.key))) continue;
        const stored = openByKey.get(action.key);
        const notice: AlertNotice = {
          status: "resolved",
          key: action.key,
          kind: stored?.kind ?? action.key,
          text: `✅ Backup Portal resolved: ${stored?.message ?? action.key}`,
        };
        await deliver(notice);
        sent.push(notice);
        continue;
      }
      const { alert } = action;
      const won =
        action.type === "open"
          ? await deps.store.open(alert)
          : await deps.store.claimRenotify(alert, renotifyMs);
      if (!won) continue;
      const since = openByKey.get(alert.key)?.openedAt;
      const notice: AlertNotice = {
        status: action.type === "open" ? "firing" : "repeat",
        key: alert.key,
        kind: alert.kind,
        text:
          action.type === "open" || since === undefined
            ? `🚨 Backup Portal alert: ${alert.message}`
            : `🚨 Backup Portal alert (open since ${since.toISOString()}): ${alert.message}`,
      };
      if (!(await deliver(notice))) await deps.store.markUndelivered(alert.key);
      sent.push(notice);
    }
    return { active, sent };
  };

  const monitor: AlertMonitor = {
    evaluate() {
      if (inFlight) return inFlight;
      inFlight = evaluateOnce().finally(() => {
        inFlight = null;
      });
      return inFlight;
    },
    start(intervalMs = DEFAULT_ALERT_INTERVAL_MS) {
      const timer = setInterval(() => {
        monitor.evaluate().catch((error: unknown) => {
          deps.logger.error(
            { err: error instanceof Error ? error.message : String(error) },
            "alert evaluation failed",
          );
        });
      }, intervalMs);
      timer.unref();
      return { stop: () => clearInterval(timer) };
    },
  };
  return monitor;
}

/**
 * The coordinator, evaluating alerts after each run: once it is enqueued (a run clears "no run"),
 * and again when `waitForRun` says its jobs are done (failures are known then).
 */
export function evaluateAfterRuns(
  coordinator: Coordinator,
  monitor: AlertMonitor,
  options: { logger: Logger; waitForRun?: (runId: string) => Promise<unknown> },
): Coordinator {
  const report = (error: unknown) =>
    options.logger.error(
      { err: error instanceof Error ? error.message : String(error) },
      "alert evaluation failed",
    );
  return {
    async run(runOptions) {
      const summary = await coordinator.run(runOptions);
      void (async () => {
        await monitor.evaluate();
        if (options.waitForRun) {
          await options.waitForRun(summary.runId);
          await monitor.evaluate();
        }
      })().catch(report);
      return summary;
    },
    maintain: () => coordinator.maintain(),
  };
}
