import { createHash } from "node:crypto";
import { type Logger, noopLogger } from "@backup-portal/core";
import type { Db } from "./db";
import { embeddedMigrations } from "./migrations.generated";
import { StorageError } from "./storage-error";

export interface Migration {
  readonly name: string;
  readonly sql: string;
}

export interface MigrateOptions {
  logger?: Logger;
  /** Defaults to the migrations shipped with this package (sql/migrations/*.sql). */
  migrations?: ReadonlyArray<Migration>;
}

// Arbitrary constant shared by every app, so concurrent starts serialize on one lock.
const MIGRATION_LOCK_KEY = 727_274_001;

/**
 * Applies each migration once, in name order, recording it in `schema_migrations`. Every app
 * calls this at start: the transaction-scoped advisory lock makes concurrent starts wait for one
 * another, and an applied migration whose text changed is refused rather than silently skipped.
 */
export async function migrate(
  db: Db,
  options: MigrateOptions = {},
): Promise<{ applied: string[] }> {
  const logger = options.logger ?? noopLogger;
  const migrations = [...(options.migrations ?? embeddedMigrations)].sort((a, b) =>
    a.name.localeCompare(b.name),
  );
  return db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK_KEY]);
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const rows = await tx.query<{ name: string; checksum: string }>(
      "SELECT name, checksum FROM schema_migrations",
    );
    const known = new Map(rows.map((row) => [row.name, row.checksum]));
    const applied: string[] = [];
    for (const migration of migrations) {
      const checksum = createHash("sha256").update(migration.sql).digest("hex");
      const previous = known.get(migration.name);
      if (previous !== undefined) {
        if (previous !== checksum) {
          throw new StorageError(
            "MIGRATION_CHANGED",
            `Migration ${migration.name} was already applied with different content; add a new migration instead of editing it`,
            { context: { migration: migration.name } },
          );
        }
        continue;
      }
      await tx.exec(migration.sql);
      await tx.query("INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)", [
        migration.name,
        checksum,
      ]);
      applied.push(migration.name);
      logger.info({ migration: migration.name }, "migration applied");
    }
    return { applied };
  });
}
