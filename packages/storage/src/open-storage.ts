import { join } from "node:path";
import { type Logger, noopLogger } from "@backup-portal/core";
import type { BlobStore } from "./blob-store";
import { createFsBlobStore } from "./blob-store-fs";
import type { Db } from "./db";
import { type DataDirLock, lockDataDir } from "./embedded-state";
import { migrate } from "./migrate";

export interface StorageConfig {
  /** Postgres (Supabase) connection string; unset → embedded PGlite in `dataDir`. */
  databaseUrl?: string | undefined;
  dataDir: string;
  /** Supabase Storage; unset → file blobs in `dataDir`. */
  supabase?: { url: string; serviceRoleKey: string; bucket: string } | undefined;
  /** Pool size for PostgreSQL. */
  maxConnections?: number;
  applicationName?: string;
  logger?: Logger;
}

export interface OpenStorage {
  db: Db;
  blobs: BlobStore;
  mode: { database: "postgres" | "pglite"; blobs: "supabase" | "fs"; where: string };
  close(): Promise<void>;
}

/**
 * Picks the adapters the configuration asks for, applies migrations, and (for the embedded
 * database) holds the data directory's single-process lock until `close`.
 */
export async function openStorage(config: StorageConfig): Promise<OpenStorage> {
  const logger = config.logger ?? noopLogger;
  let lock: DataDirLock | undefined;
  let db: Db;
  if (config.databaseUrl) {
    const { createPostgresDb } = await import("./db-postgres");
    db = createPostgresDb(config.databaseUrl, {
      max: config.maxConnections ?? 10,
      ...(config.applicationName ? { applicationName: config.applicationName } : {}),
    });
  } else {
    lock = await lockDataDir(config.dataDir);
    try {
      const { createPgliteDb } = await import("./db-pglite");
      db = await createPgliteDb(join(config.dataDir, "pglite"));
    } catch (error) {
      await lock.release();
      throw error;
    }
  }
  try {
    const { applied } = await migrate(db, { logger });
    if (applied.length > 0) logger.info({ applied }, "database migrations applied");
  } catch (error) {
    await db.close().catch(() => {});
    await lock?.release();
    throw error;
  }
  let blobs: BlobStore;
  if (config.supabase) {
    const { createSupabaseBlobStore } = await import("./blob-store-supabase");
    blobs = createSupabaseBlobStore(config.supabase);
  } else {
    blobs = createFsBlobStore({ root: join(config.dataDir, "blobs") });
  }
  return {
    db,
    blobs,
    mode: {
      database: config.databaseUrl ? "postgres" : "pglite",
      blobs: config.supabase ? "supabase" : "fs",
      where: config.databaseUrl ? redactUrl(config.databaseUrl) : join(config.dataDir, "pglite"),
    },
    async close() {
      await db.close();
      await lock?.release();
    },
  };
}

/** A connection string fit for a log line: no password. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable connection string)";
  }
}
