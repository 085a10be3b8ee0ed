import type { z } from "zod";
import { BackupPortalError } from "./errors";

/** An upstream payload that does not match any shape we know. Permanent: retrying returns the same. */
export class PayloadError extends BackupPortalError {
  constructor(message: string, context: Record<string, unknown> = {}) {
    super("invalid_payload", message, { retryable: false, context });
  }
}

const MAX_LISTED_ISSUES = 5;

/** `ServiceCompanyGroups[0].ServiceCompanies[1].Jobs[3].ScheduledStartTime` */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out === "" ? "(root)" : out;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** A short, log-safe rendering of the offending value. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value !== null && typeof value === "object") return "an object";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** One readable line naming each place the payload differs from the schema. */
export function describeIssues(error: z.ZodError, input: unknown): string {
  const lines = error.issues.slice(0, MAX_LISTED_ISSUES).map((issue) => {
    const got = describeValue(valueAt(input, issue.path));
    return `${formatPath(issue.path)}: ${issue.message}, got ${got}`;
  });
  const more = error.issues.length - MAX_LISTED_ISSUES;
  return more > 0 ? `${lines.join("; ")}; and ${more} more` : lines.join("; ");
}
