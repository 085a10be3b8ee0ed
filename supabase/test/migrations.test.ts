import { execFile } from "node:child_process";
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { migrate } from "@backup-portal/storage";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./support/test-database";

const run = promisify(execFile);
const repoRoot = join(import.meta.dirname, "..", "..");
const migrationsDir = join(repoRoot, "supabase", "migrations");
const syncScript = join(repoRoot, "scripts", "supabase-sync.mjs");

async function check(dir: string): Promise<{ code: number; stderr: string }> {
  try {
    await run(process.execPath, [syncScript, "--check", "--out", dir]);
    return { code: 0, stderr: "" };
  } catch (error) {
    const failed = error as { code?: number; stderr?: string };
    return { code: failed.code ?? -1, stderr: failed.stderr ?? "" };
  }
}

async function coreMigrationFiles(): Promise<string[]> {
  return (await readdir(migrationsDir)).filter((file) => file.includes("_core_")).sort();
}

describe("supabase/migrations is generated from packages/storage/sql", () => {
  let scratch: string;
  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), "bp-supabase-migrations-"));
  });
  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it("matches what `npm run supabase:sync` generates", async () => {
    const result = await check(migrationsDir);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
  });

  it("fails, naming the file, when a generated copy is edited by hand", async () => {
    const copy = join(scratch, "edited");
    await cp(migrationsDir, copy, { recursive: true });
    const file = (await readdir(copy)).find((name) => name.endsWith("_row_level_security.sql"));
    if (!file) throw new Error("no row-level security migration was generated");
    await writeFile(join(copy, file), `${await readFile(join(copy, file), "utf8")}\n-- edit\n`);
    const result = await check(copy);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`changed ${file}`);
  });

  it("fails when a generated file is missing or an extra one appears", async () => {
    const copy = join(scratch, "missing");
    await cp(migrationsDir, copy, { recursive: true });
    const [first] = await coreMigrationFiles();
    if (!first) throw new Error("no core migration was generated");
    await rm(join(copy, first));
    await writeFile(join(copy, "20990101000000_hand_written.sql"), "SELECT 1;\n");
    const result = await check(copy);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`missing ${first}`);
    expect(result.stderr).toContain("extra 20990101000000_hand_written.sql");
  });

  it("schedules both /hourly-sync and /background-worker through pg_cron", async () => {
    const sql = (
      await Promise.all(
        (await readdir(migrationsDir)).map((file) => readFile(join(migrationsDir, file), "utf8")),
      )
    ).join("\n");
    expect(sql).toMatch(/'backup-portal-hourly-sync',\s*'0 \* \* \* \*'[\s\S]*'\/hourly-sync'/);
    expect(sql).toMatch(
      /'backup-portal-background-worker',\s*'\* \* \* \* \*'[\s\S]*'\/background-worker'/,
    );
  });
});

// `supabase db push` and an app's start both apply the core schema; whichever runs second must
// find it applied. Checked on plain PostgreSQL (the Supabase-only files need Supabase's schemas).
describe("generated core migrations agree with migrate()", () => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.drop();
    database = undefined;
  });

  async function applyGenerated(db: TestDatabase["db"]): Promise<void> {
    for (const file of await coreMigrationFiles()) {
      await db.exec(await readFile(join(migrationsDir, file), "utf8"));
    }
  }

  it("db push first: the apps' migrate() then has nothing to apply", async () => {
    database = await createTestDatabase("push_first");
    await applyGenerated(database.db);
    await applyGenerated(database.db);
    expect(await migrate(database.db)).toEqual({ applied: [] });
    const tables = await database.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_tables WHERE tablename IN ('companies', 'background_jobs', 'schedule_data')",
    );
    expect(tables[0]?.n).toBe(3);
  });

  it("an app first: db push then skips what migrate() applied", async () => {
    database = await createTestDatabase("app_first");
    const { applied } = await migrate(database.db);
    expect(applied.length).toBe((await coreMigrationFiles()).length);
    await applyGenerated(database.db);
    const recorded = await database.db.query<{ name: string }>(
      "SELECT name FROM schema_migrations ORDER BY name",
    );
    expect(recorded.map((row) => row.name)).toEqual(applied);
  });

  it("refuses a core migration recorded with different content", async () => {
    database = await createTestDatabase("changed");
    await migrate(database.db);
    await database.db.query("UPDATE schema_migrations SET checksum = 'edited'");
    await expect(applyGenerated(database.db)).rejects.toThrow(/already applied with different/);
  });
});
