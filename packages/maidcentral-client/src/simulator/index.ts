export type { FaultShares, SimFault } from "./faults";
export type { FlatJob } from "./generate-day";
export type { ScheduleLayout } from "./layouts";
export type { RunningSimulator } from "./sim-server";
export {
  createSimulator,
  type Mutation,
  type SimCompanyInfo,
  type SimCounts,
  type SimEndpoint,
  type SimRequest,
  type SimResponse,
  type Simulator,
  type SimulatorKnobs,
  type SimulatorOptions,
} from "./simulator";
