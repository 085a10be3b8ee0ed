import { BackupPortalError, type ErrorOptions } from "@backup-portal/core";

/** Every failure at the storage boundary (database, blob stores, migrations). */
export class StorageError extends BackupPortalError {}

// SQLSTATE classes worth retrying: connection loss, serialization failure/deadlock, shutdown,
// resource exhaustion.
const retryableSqlStates = /^(08|40|53|57P)/;

/** Wraps a driver error, keeping its SQLSTATE so callers can decide retries from `retryable`. */
export function toStorageError(error: unknown, context: Record<string, unknown>): StorageError {
  if (error instanceof StorageError) return error;
  const sqlState = readSqlState(error);
  const message = error instanceof Error ? error.message : String(error);
  const options: ErrorOptions = {
    cause: error,
    // Network codes first: "EPIPE" is five capitals and would pass for a SQLSTATE.
    retryable:
      isNetworkError(error) || (sqlState !== undefined && retryableSqlStates.test(sqlState)),
    context: sqlState === undefined ? context : { ...context, sqlState },
  };
  return new StorageError("DB_QUERY_FAILED", `Database query failed: ${message}`, options);
}

/** Driver errors become StorageErrors; errors thrown by a caller's own code pass through. */
export function rethrowable(error: unknown, context: Record<string, unknown>): unknown {
  return readSqlState(error) !== undefined || isNetworkError(error)
    ? toStorageError(error, context)
    : error;
}

function readSqlState(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("code" in error)) return undefined;
  const code = error.code;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

function isNetworkError(error: unknown): boolean {
  if (typeof error !== "object" || error === null || !("code" in error)) return false;
  return (
    typeof error.code === "string" &&
    [
      "ECONNREFUSED",
      "ECONNRESET",
      "ETIMEDOUT",
      "EPIPE",
      // postgres.js's own codes for a connection that could not be (re)opened or was torn down.
      "CONNECT_TIMEOUT",
      "CONNECTION_DESTROYED",
      "CONNECTION_CLOSED",
      "CONNECTION_ENDED",
    ].includes(error.code)
  );
}
