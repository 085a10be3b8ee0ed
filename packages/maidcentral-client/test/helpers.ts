import { fixedClock, type Logger } from "@backup-portal/core";

/**
 * Virtual time: `sleep` never waits for real; pending sleeps are woken earliest-first on the next
 * macrotask, moving the clock to their wake-up time. Retry and rate tests run instantly.
 */
export function virtualTime(start = "2026-03-07T12:00:00.000Z") {
  const clock = fixedClock(start);
  const slept: number[] = [];
  const timers: Array<{ at: number; wake: () => void }> = [];
  let scheduled = false;

  function tick(): void {
    scheduled = false;
    timers.sort((a, b) => a.at - b.at);
    const next = timers.shift();
    if (!next) return;
    if (next.at > clock.now().getTime()) clock.set(new Date(next.at));
    next.wake();
    if (timers.length > 0) schedule();
  }

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    setImmediate(tick);
  }

  const sleep = (ms: number): Promise<void> => {
    slept.push(ms);
    return new Promise((wake) => {
      timers.push({ at: clock.now().getTime() + ms, wake });
      schedule();
    });
  };
  return { clock, sleep, slept };
}

export interface CapturedLog {
  level: string;
  line: string;
}

/** A Logger that keeps every line (bindings included) as the JSON a log shipper would see. */
export function captureLogger(): { logger: Logger; lines: CapturedLog[] } {
  const lines: CapturedLog[] = [];
  const make = (bindings: Record<string, unknown>): Logger => {
    const write =
      (level: string) =>
      (obj: object, msg?: string): void => {
        lines.push({ level, line: JSON.stringify({ ...bindings, ...obj, msg }) });
      };
    return {
      debug: write("debug"),
      info: write("info"),
      warn: write("warn"),
      error: write("error"),
      child: (more) => make({ ...bindings, ...more }),
    };
  };
  return { logger: make({}), lines };
}

export const BASE_URL = "https://maidcentral.test";
