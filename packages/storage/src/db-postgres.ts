import postgres from "postgres";
import type { Db } from "./db";
import { rethrowable, toStorageError } from "./storage-error";

export interface PostgresDbOptions {
  /** Pool size; default 10. */
  max?: number;
  applicationName?: string;
}

// Same row types as the PGlite driver: dates stay "YYYY-MM-DD", int8 becomes a number.
const types = {
  date: {
    to: 1082,
    from: [1082],
    serialize: (value: unknown) => String(value),
    parse: (value: string) => value,
  },
  int8: {
    to: 20,
    from: [20],
    serialize: (value: unknown) => String(value),
    parse: (value: string) => Number(value),
  },
};

type Sql = postgres.Sql<Record<string, unknown>>;
type Runner = Sql | postgres.TransactionSql<Record<string, unknown>>;

/** PostgreSQL (Supabase in production) through porsager's `postgres` pool. */
export function createPostgresDb(url: string, options: PostgresDbOptions = {}): Db {
  const sql: Sql = postgres(url, {
    max: options.max ?? 10,
    types,
    // CREATE … IF NOT EXISTS and friends emit notices; they are not worth a console line each.
    onnotice: () => {},
    connection: { application_name: options.applicationName ?? "backup-portal" },
  }) as unknown as Sql;
  return wrap(sql, sql);
}

function wrap(root: Sql, runner: Runner): Db {
  const db: Db = {
    kind: "postgres",
    async query<T>(text: string, params: unknown[] = []): Promise<T[]> {
      try {
        const rows = await runner.unsafe(text, params as postgres.ParameterOrJSON<never>[]);
        return rows as unknown as T[];
      } catch (error) {
        throw toStorageError(error, { sql: text.slice(0, 200) });
      }
    },
    async exec(text: string): Promise<void> {
      try {
        await runner.unsafe(text).simple();
      } catch (error) {
        throw toStorageError(error, { sql: text.slice(0, 200) });
      }
    },
    async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
      if (runner !== root) return fn(db);
      try {
        return (await root.begin((tx) => fn(wrap(root, tx)))) as T;
      } catch (error) {
        throw rethrowable(error, { operation: "transaction" });
      }
    },
    async listen(channel, onNotify) {
      const { unlisten } = await root.listen(channel, onNotify);
      return unlisten;
    },
    async notify(channel, payload = "") {
      await db.query("SELECT pg_notify($1, $2)", [channel, payload]);
    },
    async close() {
      await root.end({ timeout: 5 });
    },
  };
  return db;
}
