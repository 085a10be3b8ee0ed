/**
 * The one base error of the project. Boundaries subclass it (MaidCentralError, StorageError,
 * AuthError, …); callers decide retries from `retryable`, never from message text.
 */
export interface ErrorOptions {
  retryable?: boolean;
  cause?: unknown;
  context?: Record<string, unknown>;
}

export class BackupPortalError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  readonly context: Record<string, unknown>;

  constructor(code: string, message: string, options: ErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.context = options.context ?? {};
  }

  /** A plain object for logs and job rows: no stack, no cause chain secrets. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      context: this.context,
    };
  }
}

export function isBackupPortalError(value: unknown): value is BackupPortalError {
  return value instanceof BackupPortalError;
}
