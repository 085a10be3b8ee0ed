import { PGlite, type Transaction } from "@electric-sql/pglite";
import type { Db } from "./db";
import { rethrowable, toStorageError } from "./storage-error";

// Same row types as the PostgreSQL driver: dates stay "YYYY-MM-DD", int8 becomes a number.
const parsers = {
  1082: (value: string) => value,
  20: (value: string) => Number(value),
};

/**
 * Embedded PostgreSQL (one session, no real concurrency). `"memory"` keeps everything in memory;
 * otherwise `dataDir` is a directory that persists across restarts.
 */
export async function createPgliteDb(dataDir: string | "memory"): Promise<Db> {
  const pg = await PGlite.create(dataDir === "memory" ? "memory://" : dataDir, { parsers });
  return wrap(pg, pg);
}

function wrap(pg: PGlite, runner: PGlite | Transaction): Db {
  const db: Db = {
    kind: "pglite",
    async query<T>(text: string, params: unknown[] = []): Promise<T[]> {
      try {
        const result = await runner.query<T>(text, params);
        return result.rows;
      } catch (error) {
        throw toStorageError(error, { sql: text.slice(0, 200) });
      }
    },
    async exec(text: string): Promise<void> {
      try {
        await runner.exec(text);
      } catch (error) {
        throw toStorageError(error, { sql: text.slice(0, 200) });
      }
    },
    async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
      if (runner !== pg) return fn(db);
      try {
        return await pg.transaction((tx) => fn(wrap(pg, tx)));
      } catch (error) {
        throw rethrowable(error, { operation: "transaction" });
      }
    },
    async listen(channel, onNotify) {
      const unlisten = await pg.listen(channel, onNotify);
      return () => unlisten();
    },
    async notify(channel, payload = "") {
      await db.query("SELECT pg_notify($1, $2)", [channel, payload]);
    },
    async close() {
      if (!pg.closed) await pg.close();
    },
  };
  return db;
}
