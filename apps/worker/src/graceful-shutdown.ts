import type { Logger } from "@backup-portal/core";
import type { JobRunner } from "./job-runner";

/** The part of `process` the shutdown needs; tests pass an EventEmitter instead. */
export interface SignalSource {
  on(event: NodeJS.Signals, listener: () => void): unknown;
  off(event: NodeJS.Signals, listener: () => void): unknown;
}

export interface GracefulShutdownOptions {
  runner: Pick<JobRunner, "stop" | "inFlight">;
  /** How long in-flight jobs may run on after the signal before they are aborted and released. */
  graceMs: number;
  logger: Logger;
  /** Default: `process.exit`. */
  onExit?: (code: number) => void;
  signals?: readonly NodeJS.Signals[];
  /** Closes what the runner used (HTTP server, database pool); runs after the runner stopped. */
  beforeExit?: () => Promise<void>;
  /** If stopping and closing hang past the grace period by this much, exit 1 anyway. Default 10 s. */
  forceAfterMs?: number;
  /** Default: `process`. */
  source?: SignalSource;
}

export interface GracefulShutdown {
  /** Runs the same shutdown a first signal would (e.g. on a fatal error); resolves with the exit code. */
  shutdown(reason: string): Promise<number>;
  /** Removes the signal listeners (tests, or a host that manages its own shutdown). */
  dispose(): void;
}

/**
 * First signal: stop claiming, let in-flight jobs finish within `graceMs`, release the rest
 * (the runner's `stop` does both), run `beforeExit`, exit 0. A second signal exits 1 at once,
 * for an operator who does not want to wait.
 */
export function installGracefulShutdown(options: GracefulShutdownOptions): GracefulShutdown {
  const signals = options.signals ?? ["SIGTERM", "SIGINT"];
  const source: SignalSource = options.source ?? process;
  const exit = options.onExit ?? ((code: number) => process.exit(code));
  const forceAfterMs = options.forceAfterMs ?? 10_000;
  const logger = options.logger;
  let shuttingDown: Promise<number> | undefined;
  let exited = false;

  const finish = (code: number) => {
    if (exited) return;
    exited = true;
    dispose();
    exit(code);
  };

  async function run(reason: string): Promise<number> {
    logger.info(
      { reason, inFlight: options.runner.inFlight(), graceMs: options.graceMs },
      "shutting down: no new claims, finishing in-flight jobs",
    );
    // A hung database or server close must not keep a terminated worker alive forever.
    const force = setTimeout(() => {
      logger.error({ reason }, "shutdown did not finish in time; exiting with 1");
      finish(1);
    }, options.graceMs + forceAfterMs);
    force.unref?.();
    let code = 0;
    try {
      await options.runner.stop({ graceMs: options.graceMs });
    } catch (error) {
      code = 1;
      logger.error({ err: describe(error) }, "stopping the job runner failed");
    }
    try {
      await options.beforeExit?.();
    } catch (error) {
      code = 1;
      logger.error({ err: describe(error) }, "closing resources failed");
    }
    clearTimeout(force);
    logger.info({ code }, "shutdown complete");
    finish(code);
    return code;
  }

  const listeners = new Map<NodeJS.Signals, () => void>();
  for (const signal of signals) {
    const listener = () => {
      if (shuttingDown) {
        logger.warn({ signal }, "second signal: exiting now without waiting for jobs");
        finish(1);
        return;
      }
      shuttingDown = run(signal);
    };
    listeners.set(signal, listener);
    source.on(signal, listener);
  }

  function dispose(): void {
    for (const [signal, listener] of listeners) source.off(signal, listener);
    listeners.clear();
  }

  return {
    shutdown(reason) {
      shuttingDown ??= run(reason);
      return shuttingDown;
    },
    dispose,
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
