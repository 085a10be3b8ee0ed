import { fixedClock } from "@backup-portal/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../src/db";
import { createJobQueue } from "../src/job-queue";
import { migrate } from "../src/migrate";
import { createTestDatabase, resetTables, type TestDatabase } from "./support/databases";

describe("job queue under real concurrency (PostgreSQL)", () => {
  let database: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase("queue");
    db = database.connect(2);
    await migrate(db);
  });
  afterAll(async () => {
    await database.drop();
  });
  beforeEach(async () => {
    await resetTables(db);
  });

  it("hands each of 10,000 jobs to exactly one of 8 concurrent workers", async () => {
    const jobs = Array.from({ length: 10_000 }, (_, i) => ({
      type: "sync_schedule" as const,
      dedupKey: `job-${i}`,
    }));
    expect((await createJobQueue({ db }).enqueueMany(jobs)).inserted).toBe(10_000);

    const claimedBy = new Map<string, string[]>();
    const workers = Array.from({ length: 8 }, async (_, w) => {
      const queue = createJobQueue({ db: database.connect(1) });
      const worker = `worker-${w}`;
      for (;;) {
        const batch = await queue.claim(worker, 50, 60_000);
        if (batch.length === 0) return;
        for (const job of batch) {
          claimedBy.set(job.id, [...(claimedBy.get(job.id) ?? []), worker]);
          expect((await queue.complete(job, null, 0)).ok).toBe(true);
        }
      }
    });
    await Promise.all(workers);

    expect(claimedBy.size).toBe(10_000);
    expect([...claimedBy.values()].filter((owners) => owners.length !== 1)).toEqual([]);
    const [row] = await db.query<{ completed: number; once: number; workers: number }>(
      `SELECT count(*) FILTER (WHERE status = 'completed')::int AS completed,
              count(*) FILTER (WHERE attempts = 1)::int AS once,
              count(DISTINCT lease_owner)::int AS workers
       FROM background_jobs`,
    );
    expect(row?.completed).toBe(10_000);
    expect(row?.once).toBe(10_000);
    // Every worker got work: the claim is SKIP LOCKED, not serialized behind one worker.
    expect(row?.workers).toBe(8);
  });

  it("50 concurrent enqueueMany calls with the same keys leave one live job per key", async () => {
    const keys = Array.from(
      { length: 300 },
      (_, i) => `sync_schedule:company-${i}:2026-03-1${i % 7}`,
    );
    const pools = Array.from({ length: 5 }, () => database.connect(10));
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, call) =>
        createJobQueue({ db: pools[call % pools.length] ?? db }).enqueueMany(
          // Each call lists the keys in its own order.
          (call % 2 === 0 ? keys : [...keys].reverse()).map((dedupKey) => ({
            type: "sync_schedule" as const,
            dedupKey,
          })),
        ),
      ),
    );
    expect(results.reduce((sum, r) => sum + r.inserted, 0)).toBe(300);
    expect(results.reduce((sum, r) => sum + r.duplicates, 0)).toBe(50 * 300 - 300);
    const rows = await db.query<{ dedup_key: string; n: number }>(
      "SELECT dedup_key, count(*)::int AS n FROM background_jobs GROUP BY dedup_key",
    );
    expect(rows).toHaveLength(300);
    expect(rows.every((row) => row.n === 1)).toBe(true);
  });

  it("reclaims a dead worker's job after its lease; the dead worker's late complete changes nothing", async () => {
    const clock = fixedClock("2026-03-08T12:00:00Z");
    const deadQueue = createJobQueue({ db: database.connect(1), clock });
    const liveQueue = createJobQueue({ db: database.connect(1), clock });
    await liveQueue.enqueueMany([{ type: "sync_users", dedupKey: "sync_users" }]);

    const [dead] = await deadQueue.claim("dead", 1, 30_000);
    if (dead === undefined) throw new Error("expected a claim");
    expect(await liveQueue.claim("live", 1, 30_000)).toEqual([]);
    clock.advance(31_000);
    expect(await liveQueue.reapExpired()).toEqual({ requeued: 1, failed: 0 });
    const [live] = await liveQueue.claim("live", 1, 30_000);
    if (live === undefined) throw new Error("expected the reclaim");
    expect(live.id).toBe(dead.id);

    const before = await db.query("SELECT * FROM background_jobs");
    expect(await deadQueue.complete(dead, { from: "dead" }, 1)).toEqual({ ok: false });
    expect(await db.query("SELECT * FROM background_jobs")).toEqual(before);
    expect(await liveQueue.complete(live, { from: "live" }, 1)).toEqual({ ok: true });
    expect((await liveQueue.getJob(live.id))?.result).toEqual({ from: "live" });
  });

  it("retry delays grow with each attempt and stay within [0, maxMs], Retry-After included", async () => {
    const clock = fixedClock("2026-03-08T12:00:00Z");
    const backoff = { baseMs: 1_000, maxMs: 5_000 };
    const delays = async (random: () => number) => {
      await resetTables(db);
      const queue = createJobQueue({ db, clock, maxAttempts: 6, backoff, random });
      await queue.enqueueMany([{ type: "sync_users", dedupKey: "k" }]);
      const seen: number[] = [];
      for (let attempt = 1; attempt < 6; attempt++) {
        clock.advance(10 * 60_000);
        const [job] = await queue.claim("w", 1, 60_000);
        if (job === undefined) throw new Error("expected a claim");
        const outcome = await queue.fail(job, { message: "503", retryable: true });
        seen.push((outcome.runAfter?.getTime() ?? 0) - clock.now().getTime());
      }
      return seen;
    };
    expect(await delays(() => 1)).toEqual([1_000, 2_000, 4_000, 5_000, 5_000]);
    const jittered = await delays(() => 0.5);
    expect(jittered).toEqual([500, 1_000, 2_000, 2_500, 2_500]);
    let seed = 7;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const randomDelays = await delays(random);
    const caps = [1_000, 2_000, 4_000, 5_000, 5_000];
    randomDelays.forEach((delay, i) => {
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(caps[i] ?? 0);
    });

    await resetTables(db);
    const queue = createJobQueue({ db, clock, backoff, random: () => 1 });
    await queue.enqueueMany([{ type: "sync_users", dedupKey: "k" }]);
    clock.advance(60_000);
    const [job] = await queue.claim("w", 1, 60_000);
    if (job === undefined) throw new Error("expected a claim");
    const hinted = await queue.fail(job, {
      message: "429",
      retryable: true,
      retryAfterMs: 120_000,
    });
    expect((hinted.runAfter?.getTime() ?? 0) - clock.now().getTime()).toBe(120_000);
  });
});
