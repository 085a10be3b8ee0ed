export { type Clock, fixedClock, systemClock } from "./clock";
export { BackupPortalError, type ErrorOptions, isBackupPortalError } from "./errors";
export { type Logger, noopLogger } from "./logger";
