import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../src/db";
import { createJobQueue } from "../src/job-queue";
import { createMetadataStore } from "../src/metadata-store";
import { migrate } from "../src/migrate";
import { directory } from "./contract/metadata-contract";
import { createTestDatabase, type TestDatabase } from "./support/databases";

// The summary's queries, verbatim, one statement each.
const statements = readFileSync(
  new URL("./fixtures/monitoring-queries.sql", import.meta.url),
  "utf8",
)
  .split(";")
  .map((part) =>
    part
      .split("\n")
      .filter((line) => !line.trim().startsWith("--"))
      .join("\n")
      .trim(),
  )
  .filter((statement) => statement.length > 0);

describe("the summary's monitoring queries on seeded data", () => {
  let database: TestDatabase;
  let db: Db;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    database = await createTestDatabase("monitoring");
    db = database.connect(2);
    await migrate(db);
    const queue = createJobQueue({ db });
    const meta = createMetadataStore({ db });
    await meta.upsertDirectory(directory, { enableNewCompanies: true });
    const north = (await meta.getCompany(59))?.id ?? "";
    const south = (await meta.getCompany(60))?.id ?? "";

    await queue.enqueueMany([
      { type: "sync_users", dedupKey: "users" },
      { type: "sync_schedule", companyId: north, date: "2026-03-08", dedupKey: "s1" },
      { type: "sync_schedule", companyId: north, date: "2026-03-09", dedupKey: "s2" },
      { type: "sync_schedule", companyId: north, date: "2026-03-10", dedupKey: "s3" },
    ]);
    for (const job of await queue.claim("w", 10, 60_000)) {
      ids[job.dedupKey] = job.id;
      if (job.dedupKey === "users") await queue.complete(job, null, 500);
      if (job.dedupKey === "s1") await queue.complete(job, null, 100);
      if (job.dedupKey === "s2") await queue.complete(job, null, 300);
      if (job.dedupKey === "s3") {
        await queue.fail(job, { message: "invalid payload", retryable: false, durationMs: 700 });
      }
    }
    const pending = await queue.enqueueMany([
      { type: "sync_schedule", companyId: south, date: "2026-03-08", dedupKey: "p1" },
      { type: "sync_schedule", companyId: south, date: "2026-03-09", dedupKey: "p2" },
      { type: "sync_schedule", companyId: south, date: "2026-03-01", dedupKey: "old" },
    ]);
    // A failure from two days ago is outside every 24-hour window.
    const old = pending.ids[2] ?? "";
    await db.query(
      `UPDATE background_jobs SET status = 'failed', duration_ms = 9999,
         created_at = now() - interval '2 days' WHERE id = $1`,
      [old],
    );
    ids.p1 = pending.ids[0] ?? "";
    ids.p2 = pending.ids[1] ?? "";

    const ready = (companyId: string, date: string, fileSizeKb: number) =>
      meta.markReady({
        companyId,
        date,
        storagePath: `${companyId}/${date}/schedule.json`,
        fileSizeKb,
        checksum: "c",
        jobCount: 1,
        employeeCount: 1,
        teamCount: 1,
      });
    await ready(north, "2026-03-08", 10);
    await ready(north, "2026-03-09", 12);
    await ready(north, "2026-03-10", 8);
    await ready(south, "2026-03-08", 5);
  });
  afterAll(async () => {
    await database.drop();
  });

  it("found four statements in the summary", () => {
    expect(statements).toHaveLength(4);
  });

  it("pending jobs", async () => {
    const rows = await db.query<{ id: string }>(statements[0] ?? "");
    expect(rows.map((row) => row.id).sort()).toEqual([ids.p1, ids.p2].sort());
  });

  it("failed jobs of the last 24 hours", async () => {
    const rows = await db.query<{ id: string; error_message: string }>(statements[1] ?? "");
    expect(rows.map((row) => [row.id, row.error_message])).toEqual([[ids.s3, "invalid payload"]]);
  });

  it("job stats by type and status", async () => {
    const rows = await db.query<{
      job_type: string;
      status: string;
      count: number;
      avg: string | null;
    }>(statements[2] ?? "");
    const figures = rows
      .map((row) => [
        row.job_type,
        row.status,
        Number(row.count),
        row.avg === null ? null : Number(row.avg),
      ])
      .sort(
        (a, b) =>
          String(a[0]).localeCompare(String(b[0])) || String(a[1]).localeCompare(String(b[1])),
      );
    expect(figures).toEqual([
      ["sync_schedule", "completed", 2, 200],
      ["sync_schedule", "failed", 1, 700],
      ["sync_schedule", "pending", 2, null],
      ["sync_users", "completed", 1, 500],
    ]);
  });

  it("storage usage per company", async () => {
    const rows = await db.query<{ name: string; days_stored: number; total_kb: number }>(
      statements[3] ?? "",
    );
    expect(
      rows.map((row) => [row.name, Number(row.days_stored), Number(row.total_kb)]).sort(),
    ).toEqual([
      ["Sparkle North", 3, 30],
      ["Sparkle South", 1, 5],
    ]);
  });
});
