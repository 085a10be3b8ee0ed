import { describe, expect, it } from "vitest";
import { migrate } from "../../src/migrate";
import type { ContractTarget } from "../support/databases";

/** Driver behaviour both Db implementations must share. */
export function dbContract(target: () => ContractTarget): void {
  describe("db driver", () => {
    it("returns the same JS types on every driver", async () => {
      const [row] = await target().db.query<Record<string, unknown>>(
        `SELECT '2026-03-08'::date AS d, '2026-03-08T12:00:00Z'::timestamptz AS t,
           12::int8 AS big, 3::int AS small, '{"a":[1]}'::jsonb AS j, $1::text AS p, true AS b`,
        ["x"],
      );
      expect(row).toEqual({
        d: "2026-03-08",
        t: new Date("2026-03-08T12:00:00Z"),
        big: 12,
        small: 3,
        j: { a: [1] },
        p: "x",
        b: true,
      });
    });

    it("commits a transaction, rolls back on error, and keeps the caller's error", async () => {
      const { db } = target();
      await db.exec("CREATE TEMP TABLE IF NOT EXISTS t_tx (n int); TRUNCATE t_tx");
      await db.transaction(async (tx) => {
        await tx.query("INSERT INTO t_tx VALUES (1)");
        await tx.transaction((inner) => inner.query("INSERT INTO t_tx VALUES (2)"));
      });
      const boom = new Error("caller bug");
      await expect(
        db.transaction(async (tx) => {
          await tx.query("INSERT INTO t_tx VALUES (3)");
          throw boom;
        }),
      ).rejects.toBe(boom);
      // Temp tables are per connection; a pool may answer on another one, so count in one tx.
      const rows = await db.transaction((tx) =>
        tx.query<{ n: number }>("SELECT n FROM t_tx ORDER BY n"),
      );
      expect(rows.map((r) => r.n)).toEqual([1, 2]);
    });

    it("wraps SQL errors in StorageError with the SQLSTATE", async () => {
      await expect(target().db.query("SELECT * FROM no_such_table")).rejects.toMatchObject({
        name: "StorageError",
        code: "DB_QUERY_FAILED",
        retryable: false,
        context: { sqlState: "42P01" },
      });
    });

    it("delivers notifications to listeners until they unlisten", async () => {
      const { db } = target();
      let deliver: (payload: string) => void = () => {};
      const received = new Promise<string>((resolve) => {
        deliver = resolve;
      });
      const unlisten = await db.listen("contract_channel", (payload) => deliver(payload));
      await db.notify("contract_channel", "hello");
      expect(await received).toBe("hello");
      await unlisten();
    });

    it("re-running migrations applies nothing; an edited migration is refused", async () => {
      const { db } = target();
      expect(await migrate(db)).toEqual({ applied: [] });
      await expect(
        migrate(db, { migrations: [{ name: "0001_schema", sql: "SELECT 1" }] }),
      ).rejects.toMatchObject({ code: "MIGRATION_CHANGED" });
      expect(
        await migrate(db, {
          migrations: [{ name: "9999_extra", sql: "CREATE TABLE extra_t (a int)" }],
        }),
      ).toEqual({ applied: ["9999_extra"] });
    });
  });
}
