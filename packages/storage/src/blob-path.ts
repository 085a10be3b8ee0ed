import { StorageError } from "./storage-error";

/** Where a company-day's schedule document lives (DESIGN.md, Storage layout). */
export function scheduleBlobPath(companyId: string, date: string): string {
  return `${companyId}/${date}/schedule.json`;
}

/** Refuses paths that could escape a store's root or that stores disagree on. */
export function assertBlobPath(path: string): string {
  const segments = path.split("/");
  const bad =
    path.length === 0 ||
    path.length > 1024 ||
    path.includes("\\") ||
    path.includes("\0") ||
    segments.some((segment) => segment === "" || segment === "." || segment === "..");
  if (bad) {
    throw new StorageError(
      "BLOB_PATH_INVALID",
      `Blob path ${JSON.stringify(path)} is not a relative "a/b/c" path without ".." or empty segments`,
      { context: { path } },
    );
  }
  return path;
}

/** A list prefix: empty (everything) or a valid path, optionally ending in "/". */
export function assertBlobPrefix(prefix: string): string {
  if (prefix === "") return prefix;
  assertBlobPath(prefix.endsWith("/") ? prefix.slice(0, -1) : prefix);
  return prefix;
}

export function toBytes(body: Uint8Array | string): Uint8Array {
  return typeof body === "string" ? new TextEncoder().encode(body) : body;
}
