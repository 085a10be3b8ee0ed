export { simulatorHandlers } from "./simulator-handlers";
