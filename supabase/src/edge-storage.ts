import type { Logger } from "@backup-portal/core";
import { migrate } from "@backup-portal/storage";
import { createPostgresDb } from "@backup-portal/storage/postgres";
import type { OpenStorage } from "@backup-portal/storage/runtime";
import { createSupabaseBlobStore } from "@backup-portal/storage/supabase";

export interface EdgeStorage extends OpenStorage {
  /** Applies pending core migrations once per isolate; a failed attempt is retried next call. */
  ensureSchema(): Promise<void>;
}

/**
 * Postgres and Supabase Storage for one Edge Function isolate. Nothing connects until the first
 * query, so `/health` answers without the database; `supabase db push` normally applies the
 * schema, and `ensureSchema` covers a function deployed ahead of it (same `schema_migrations`).
 */
export function openEdgeStorage(options: {
  databaseUrl: string;
  supabaseUrl: string;
  serviceRoleKey: string;
  bucket: string;
  maxConnections: number;
  applicationName: string;
  logger: Logger;
}): EdgeStorage {
  const db = createPostgresDb(options.databaseUrl, {
    max: options.maxConnections,
    applicationName: options.applicationName,
  });
  const blobs = createSupabaseBlobStore({
    url: options.supabaseUrl,
    serviceRoleKey: options.serviceRoleKey,
    bucket: options.bucket,
  });
  let schema: Promise<void> | undefined;
  return {
    db,
    blobs,
    mode: { database: "postgres", blobs: "supabase", where: options.applicationName },
    ensureSchema() {
      schema ??= migrate(db, { logger: options.logger }).then(
        ({ applied }) => {
          if (applied.length > 0) options.logger.info({ applied }, "database migrations applied");
        },
        (error: unknown) => {
          schema = undefined;
          throw error;
        },
      );
      return schema;
    },
    close: () => db.close(),
  };
}
