import { BackupPortalError } from "@backup-portal/core";

/** What went wrong talking to MaidCentral; the worker decides retries from `retryable`. */
export type MaidCentralErrorKind =
  | "auth"
  | "rate_limited"
  | "server"
  | "client"
  | "timeout"
  | "network"
  | "invalid_response"
  | "unsuccessful";

const RETRYABLE_BY_DEFAULT: Record<MaidCentralErrorKind, boolean> = {
  auth: false,
  rate_limited: true,
  server: true,
  client: false,
  timeout: true,
  network: true,
  invalid_response: false,
  unsuccessful: false,
};

export interface MaidCentralErrorDetails {
  kind: MaidCentralErrorKind;
  method: string;
  /** Path and query of the request (never a credential: those travel in headers and bodies). */
  path: string;
  status?: number;
  retryAfterMs?: number;
  /** Which attempt of the call this error ended (1-based). */
  attempt?: number;
  retryable?: boolean;
  /** Already scrubbed of secrets by the client. */
  cause?: unknown;
}

export class MaidCentralError extends BackupPortalError {
  readonly kind: MaidCentralErrorKind;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly method: string;
  readonly path: string;
  readonly attempt: number;

  constructor(message: string, details: MaidCentralErrorDetails) {
    const context: Record<string, unknown> = {
      kind: details.kind,
      method: details.method,
      path: details.path,
      attempt: details.attempt ?? 1,
    };
    if (details.status !== undefined) context.status = details.status;
    if (details.retryAfterMs !== undefined) context.retryAfterMs = details.retryAfterMs;
    super(`maidcentral_${details.kind}`, message, {
      retryable: details.retryable ?? RETRYABLE_BY_DEFAULT[details.kind],
      context,
      ...(details.cause === undefined ? {} : { cause: details.cause }),
    });
    this.kind = details.kind;
    this.status = details.status;
    this.retryAfterMs = details.retryAfterMs;
    this.method = details.method;
    this.path = details.path;
    this.attempt = details.attempt ?? 1;
  }
}

export function isMaidCentralError(value: unknown): value is MaidCentralError {
  return value instanceof MaidCentralError;
}
