import type { Clock } from "@backup-portal/core";

/** Bounds one client's calls: at most `maxConcurrency` in flight, and starts spaced to a rate. */
export interface RequestLimiter {
  run<T>(task: () => Promise<T>): Promise<T>;
}

export interface RequestLimiterOptions {
  maxConcurrency: number;
  /** Starts per second; `Infinity` turns the rate limit off. */
  requestsPerSecond: number;
  clock: Clock;
  sleep: (ms: number) => Promise<void>;
}

export function createRequestLimiter(options: RequestLimiterOptions): RequestLimiter {
  const maxConcurrency = Math.max(1, Math.floor(options.maxConcurrency));
  const spacingMs =
    Number.isFinite(options.requestsPerSecond) && options.requestsPerSecond > 0
      ? 1000 / options.requestsPerSecond
      : 0;
  let active = 0;
  const waiting: Array<() => void> = [];
  let nextStartAt = Number.NEGATIVE_INFINITY;

  async function acquire(): Promise<void> {
    if (active < maxConcurrency) {
      active++;
    } else {
      // The releasing task hands its slot over directly, so `active` never overshoots.
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
    if (spacingMs > 0) {
      // Reserved after the concurrency slot, so queued tasks cannot start in a burst later.
      const now = options.clock.now().getTime();
      const startAt = Math.max(now, nextStartAt);
      nextStartAt = startAt + spacingMs;
      if (startAt > now) await options.sleep(startAt - now);
    }
  }

  function release(): void {
    const next = waiting.shift();
    if (next) next();
    else active--;
  }

  return {
    async run(task) {
      await acquire();
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}
