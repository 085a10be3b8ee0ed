/**
 * The one database seam. Both drivers return rows with the same JS types: timestamptz → Date,
 * date → "YYYY-MM-DD" string, int8 → number, json/jsonb → parsed value, numeric → string.
 * Pass JSON parameters as strings cast with `$n::text::jsonb` (drivers disagree on objects).
 */
export interface Db {
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs a script of several statements without parameters (migrations, fixtures). */
  exec(sql: string): Promise<void>;
  /** Runs `fn` in one transaction; nested calls on `tx` join the outer transaction. */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /** Subscribes to NOTIFY on `channel`; resolves to an unsubscribe function. */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  notify(channel: string, payload?: string): Promise<void>;
  close(): Promise<void>;
  readonly kind: "postgres" | "pglite";
}
