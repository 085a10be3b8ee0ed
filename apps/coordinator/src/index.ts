export {
  type AlertEvaluation,
  type AlertMonitor,
  type AlertMonitorDependencies,
  createAlertMonitor,
  DEFAULT_ALERT_INTERVAL_MS,
  DEFAULT_RENOTIFY_MS,
  evaluateAfterRuns,
} from "./alerts";
export {
  AlertDeliveryError,
  type AlertNotice,
  type AlertNotifier,
  createLogNotifier,
  createWebhookNotifier,
} from "./alerts-notifier";
export { createCoordinatorApp } from "./app";
export {
  type Coordinator,
  type CoordinatorDependencies,
  createCoordinator,
  type MaintenanceSummary,
  type RunSummary,
} from "./coordinator";
export { coordinatorEnvShape } from "./env";
export { type RunScheduler, scheduleRuns, validateCron } from "./scheduler";
