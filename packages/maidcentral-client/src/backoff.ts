/**
 * Exponential backoff with full jitter (uniform in [0, min(cap, base·2^(attempt-1))]), which
 * spreads retries of many workers instead of synchronising them.
 */
export function backoffDelay(
  attempt: number,
  options: { baseDelayMs: number; maxDelayMs: number },
  random: () => number,
): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}
