export { createCoordinatorApp } from "./app";
export {
  type Coordinator,
  type CoordinatorDependencies,
  createCoordinator,
  type MaintenanceSummary,
  type RunSummary,
} from "./coordinator";
