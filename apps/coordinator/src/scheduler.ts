import type { Logger } from "@backup-portal/core";
import { Cron } from "croner";
import type { Coordinator } from "./coordinator";

export interface RunScheduler {
  nextRun(): Date | null;
  stop(): void;
}

/** Throws a one-line error naming SYNC_CRON when the expression is not a cron pattern. */
export function validateCron(expression: string): void {
  if (expression === "off") return;
  try {
    new Cron(expression, { paused: true }).stop();
  } catch (error) {
    throw new Error(
      `SYNC_CRON is not a cron expression: ${JSON.stringify(expression)} (${error instanceof Error ? error.message : String(error)}); use e.g. "0 * * * *" or "off"`,
    );
  }
}

/**
 * The in-process scheduler (pg_cron plays this part on Supabase): runs the coordinator and its
 * maintenance pass on `SYNC_CRON`. Overlapping runs are harmless (dedup keys) but skipped anyway.
 */
export function scheduleRuns(options: {
  cron: string;
  coordinator: Coordinator;
  logger: Logger;
  onRun?: (runId: string) => void;
}): RunScheduler | null {
  if (options.cron === "off") return null;
  validateCron(options.cron);
  const job = new Cron(options.cron, { protect: true, catch: true }, async () => {
    try {
      const summary = await options.coordinator.run({ trigger: "schedule" });
      options.onRun?.(summary.runId);
      await options.coordinator.maintain();
    } catch (error) {
      options.logger.error(
        { err: error instanceof Error ? error.message : String(error) },
        "scheduled sync run failed",
      );
    }
  });
  return { nextRun: () => job.nextRun(), stop: () => job.stop() };
}
