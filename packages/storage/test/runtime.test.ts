import { spawn } from "node:child_process";
import { mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  loadOrCreateSecret,
  lockDataDir,
  openStorage,
  redactUrl,
  resolveSecret,
  storageConfigFrom,
} from "../src/runtime";

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "bp-runtime-"));
  dirs.push(dir);
  return dir;
}

afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe("embedded secrets", () => {
  it("generates a secret once, keeps it private, and returns the same one after a restart", async () => {
    const dir = await tempDir();
    const first = await loadOrCreateSecret(dir, "sync-secret");
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await loadOrCreateSecret(dir, "sync-secret")).toBe(first);
    expect(await loadOrCreateSecret(dir, "jwt-secret")).not.toBe(first);
    expect((await stat(join(dir, "secrets", "sync-secret"))).mode & 0o777).toBe(0o600);
  });
});

describe("data directory lock", () => {
  it("refuses a second owner while the first process lives, and takes over a dead one's lock", async () => {
    const dir = await tempDir();
    const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"], {
      stdio: "ignore",
    });
    try {
      await writeFile(join(dir, "portal.lock"), `${child.pid}\n`);
      await expect(lockDataDir(dir)).rejects.toThrow(/pid \d+.*single-process/);
    } finally {
      child.kill("SIGKILL");
      await new Promise((resolve) => child.once("exit", resolve));
    }
    // The owner is gone now: its stale lock is taken over.
    const lock = await lockDataDir(dir);
    await lock.release();
    expect(await readdir(dir)).not.toContain("portal.lock");
  });
});

describe("openStorage (embedded)", () => {
  it("opens PGlite and file blobs in the data directory, migrated, and keeps data across reopen", async () => {
    const dataDir = await tempDir();
    const first = await openStorage({ dataDir });
    expect(first.mode).toMatchObject({ database: "pglite", blobs: "fs" });
    await first.db.query(
      "INSERT INTO service_company_groups (service_company_group_id, name) VALUES (1, 'g')",
    );
    await first.blobs.put("a/2026-03-08/schedule.json", "{}", { contentType: "application/json" });
    await expect(openStorage({ dataDir })).rejects.toThrow(/single-process/);
    await first.close();

    const second = await openStorage({ dataDir });
    const rows = await second.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM service_company_groups",
    );
    expect(rows[0]?.n).toBe(1);
    expect(await second.blobs.exists("a/2026-03-08/schedule.json")).toBe(true);
    await second.close();
  }, 60_000);

  it("redacts passwords from connection strings", () => {
    expect(redactUrl("postgres://u:hunter2@db.example:5432/x")).toBe(
      "postgres://u:***@db.example:5432/x",
    );
  });
});

describe("configuration from the environment", () => {
  const base = { DATA_DIR: "/tmp/x", STORAGE_BUCKET: "schedule-data" };

  it("needs both Supabase variables or neither", () => {
    expect(() => storageConfigFrom({ ...base, SUPABASE_URL: "https://p.supabase.co" })).toThrow(
      "SUPABASE_SERVICE_ROLE_KEY is required when SUPABASE_URL is set",
    );
    expect(
      storageConfigFrom({
        ...base,
        SUPABASE_URL: "https://p.supabase.co",
        SUPABASE_SERVICE_ROLE_KEY: "k",
      }).supabase,
    ).toEqual({
      url: "https://p.supabase.co",
      serviceRoleKey: "k",
      bucket: "schedule-data",
    });
    expect(storageConfigFrom(base).supabase).toBeUndefined();
  });

  it("generates secrets only on embedded defaults", async () => {
    const dir = await tempDir();
    const embedded = { ...base, DATA_DIR: dir };
    const generated = await resolveSecret({
      value: undefined,
      envName: "SYNC_SECRET",
      env: embedded,
    });
    expect(await resolveSecret({ value: undefined, envName: "SYNC_SECRET", env: embedded })).toBe(
      generated,
    );
    expect(
      await resolveSecret({ value: "given-secret-value", envName: "SYNC_SECRET", env: embedded }),
    ).toBe("given-secret-value");
    await expect(
      resolveSecret({
        value: undefined,
        envName: "SYNC_SECRET",
        env: { ...embedded, DATABASE_URL: "postgres://x/y" },
      }),
    ).rejects.toThrow("SYNC_SECRET is required when DATABASE_URL is set");
  });
});
