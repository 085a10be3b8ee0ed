import type { Clock, Logger } from "@backup-portal/core";
import {
  createJobQueue,
  createMetadataStore,
  type JobQueue,
  type MetadataStore,
  StorageError,
} from "@backup-portal/storage";
import {
  type OpenStorage,
  openStorage,
  type StorageConfig,
  storageConfigFrom,
} from "@backup-portal/storage/runtime";
import type { PortalEnv } from "../env";
import { CliFailure } from "./cli-errors";

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export interface CliDependencies {
  env: PortalEnv;
  io: CliIo;
  clock: Clock;
  logger: Logger;
  fetch: typeof fetch;
  openStorage: (config: StorageConfig) => Promise<OpenStorage>;
}

export interface CliStores {
  storage: OpenStorage;
  metadata: MetadataStore;
  queue: JobQueue;
}

/** The running portal holds the embedded database (PGlite is single-process). */
export class PortalRunningError extends CliFailure {
  constructor(readonly pid: number | null) {
    super(
      `the portal is running${pid === null ? "" : ` (pid ${pid})`} and holds the embedded database; stop it, or use its HTTP API`,
    );
  }
}

/**
 * Opens storage for one command and closes it after. On embedded defaults a running portal holds
 * DATA_DIR: that is reported as PortalRunningError, which `sync` answers by going through HTTP.
 */
export async function withStores<T>(
  deps: CliDependencies,
  fn: (stores: CliStores) => Promise<T>,
): Promise<T> {
  let storage: OpenStorage;
  try {
    storage = await deps.openStorage({ ...storageConfigFrom(deps.env), logger: deps.logger });
  } catch (error) {
    if (error instanceof StorageError && error.code === "DATA_DIR_LOCKED") {
      const pid = error.context.pid;
      throw new PortalRunningError(typeof pid === "number" ? pid : null);
    }
    throw error;
  }
  try {
    return await fn({
      storage,
      metadata: createMetadataStore({ db: storage.db, clock: deps.clock }),
      queue: createJobQueue({ db: storage.db, clock: deps.clock }),
    });
  } finally {
    await storage.close();
  }
}

export { openStorage };
