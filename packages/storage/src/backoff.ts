export interface BackoffOptions {
  /** Delay cap of the first retry; doubles per attempt. */
  baseMs: number;
  /** Upper bound of any computed delay. */
  maxMs: number;
}

export const defaultBackoff: BackoffOptions = { baseMs: 30_000, maxMs: 15 * 60_000 };

/**
 * Exponential backoff with full jitter: a uniform delay in [0, min(maxMs, baseMs·2^(attempt-1))].
 * Full jitter spreads retries of jobs that failed together (e.g. an upstream outage).
 * `attempt` is the attempt that just failed (1 for the first).
 */
export function backoffDelayMs(
  attempt: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, attempt - 1);
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.min(exponent, 30));
  const fraction = Math.min(1, Math.max(0, random()));
  return Math.round(ceiling * fraction);
}
