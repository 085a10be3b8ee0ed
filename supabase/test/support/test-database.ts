import { randomBytes } from "node:crypto";
import type { Db } from "@backup-portal/storage";
import { createPostgresDb } from "@backup-portal/storage/postgres";

export const adminUrl =
  process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export interface TestDatabase {
  url: string;
  db: Db;
  drop(): Promise<void>;
}

/** A fresh, uniquely named PostgreSQL database for one test file. */
export async function createTestDatabase(prefix: string): Promise<TestDatabase> {
  const name = `bp_${prefix}_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const admin = createPostgresDb(adminUrl, { max: 1, applicationName: "supabase-tests" });
  await admin.exec(`CREATE DATABASE ${name}`);
  await admin.close();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = createPostgresDb(url.toString(), { max: 2, applicationName: "supabase-tests" });
  return {
    url: url.toString(),
    db,
    async drop() {
      await db.close();
      const cleanup = createPostgresDb(adminUrl, { max: 1, applicationName: "supabase-tests" });
      await cleanup.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.close();
    },
  };
}
