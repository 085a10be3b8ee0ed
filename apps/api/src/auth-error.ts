import { BackupPortalError } from "@backup-portal/core";

export type AuthErrorCode = "missing_token" | "invalid_token" | "expired_token";

/** A request whose bearer token cannot be trusted. Always answered 401. */
export class AuthError extends BackupPortalError {
  declare readonly code: AuthErrorCode;

  constructor(code: AuthErrorCode, message: string, cause?: unknown) {
    super(code, message, { cause });
  }
}
