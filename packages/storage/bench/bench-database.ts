import { randomBytes } from "node:crypto";
import postgres from "postgres";
import type { Db } from "../src/db";
import { createPostgresDb } from "../src/db-postgres";
import { migrate } from "../src/migrate";

/** Base URL of the PostgreSQL to benchmark on; a scratch database is created beside it. */
export const benchUrl = process.argv[2] ?? "postgres://postgres@127.0.0.1:5432/postgres";

export async function withScratchDatabase<T>(
  fn: (open: (max: number) => Db) => Promise<T>,
): Promise<T> {
  const name = `bp_bench_${randomBytes(4).toString("hex")}`;
  const admin = postgres(benchUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(benchUrl);
  url.pathname = `/${name}`;
  const pools: Db[] = [];
  try {
    const open = (max: number) => {
      const db = createPostgresDb(url.toString(), { max, applicationName: "storage-bench" });
      pools.push(db);
      return db;
    };
    await migrate(open(1));
    return await fn(open);
  } finally {
    await Promise.all(pools.map((db) => db.close()));
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
