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
