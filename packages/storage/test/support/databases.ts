import { randomBytes } from "node:crypto";
import postgres from "postgres";
import type { Db } from "../../src/db";
import { createPgliteDb } from "../../src/db-pglite";
import { createPostgresDb } from "../../src/db-postgres";
import { migrate } from "../../src/migrate";

export const adminUrl =
  process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export interface TestDatabase {
  url: string;
  name: string;
  /** Opens another pool on the same database (for concurrency tests). */
  connect(max?: number): Db;
  drop(): Promise<void>;
}

/** A fresh, uniquely named PostgreSQL database for one test file. */
export async function createTestDatabase(prefix: string): Promise<TestDatabase> {
  const name = `bp_${prefix}_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const opened: Db[] = [];
  return {
    url: url.toString(),
    name,
    connect(max = 4) {
      const db = createPostgresDb(url.toString(), { max, applicationName: "storage-tests" });
      opened.push(db);
      return db;
    },
    async drop() {
      await Promise.all(opened.map((db) => db.close()));
      const cleanup = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

export interface ContractTarget {
  db: Db;
  close(): Promise<void>;
}

export async function openPostgresTarget(prefix: string): Promise<ContractTarget> {
  const database = await createTestDatabase(prefix);
  const db = database.connect(4);
  await migrate(db);
  return { db, close: () => database.drop() };
}

export async function openPgliteTarget(): Promise<ContractTarget> {
  const db = await createPgliteDb("memory");
  await migrate(db);
  return { db, close: () => db.close() };
}

/** Empties every table between tests of one file (one database per file). */
export async function resetTables(db: Db): Promise<void> {
  await db.exec(`TRUNCATE background_jobs, sync_runs, schedule_data, user_company_memberships,
    user_profiles, companies, service_company_groups CASCADE`);
}
