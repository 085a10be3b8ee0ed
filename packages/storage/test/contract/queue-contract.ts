import { fixedClock } from "@backup-portal/core";
import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import { createJobQueue, JOBS_CHANNEL } from "../../src/job-queue";
import type { NewJob } from "../../src/job-types";
import { type ContractTarget, resetTables } from "../support/databases";

const start = "2026-03-08T12:00:00.000Z";

function scheduleJob(key: string, extra: Partial<NewJob> = {}): NewJob {
  return { type: "sync_schedule", dedupKey: key, params: { key }, ...extra };
}

/** Queue behaviour every driver must show. */
export function queueContract(target: () => ContractTarget): void {
  describe("job queue", () => {
    let clock = fixedClock(start);
    const queue = (overrides: { maxAttempts?: number } = {}) =>
      createJobQueue({
        db: target().db,
        clock,
        backoff: { baseMs: 1_000, maxMs: 60_000 },
        random: () => 1,
        ...overrides,
      });

    beforeEach(async () => {
      clock = fixedClock(start);
      await resetTables(target().db);
    });

    it("enqueues a batch in one call and skips live duplicates, within and across batches", async () => {
      const q = queue();
      const first = await q.enqueueMany([scheduleJob("a"), scheduleJob("b"), scheduleJob("a")]);
      expect(first).toMatchObject({ inserted: 2, duplicates: 1 });
      expect(first.ids).toHaveLength(2);
      const second = await q.enqueueMany([scheduleJob("b"), scheduleJob("c")]);
      expect(second).toMatchObject({ inserted: 1, duplicates: 1 });
      expect(await q.enqueueMany([])).toEqual({ inserted: 0, duplicates: 0, ids: [] });
    });

    it("wakes listeners once per batch that inserted, with the count, and not for duplicates", async () => {
      const q = queue();
      const payloads: string[] = [];
      let deliver: () => void = () => {};
      const unlisten = await target().db.listen(JOBS_CHANNEL, (payload) => {
        payloads.push(payload);
        deliver();
      });
      const next = () => new Promise<void>((resolve) => (deliver = resolve));
      try {
        let arrived = next();
        await q.enqueueMany([scheduleJob("w1"), scheduleJob("w2")]);
        await arrived;
        await q.enqueueMany([scheduleJob("w1"), scheduleJob("w2")]);
        arrived = next();
        await q.enqueueMany([scheduleJob("w3"), scheduleJob("w1")]);
        await arrived;
        // Notifications arrive in order, so an all-duplicate batch that woke anyone shows up here.
        expect(payloads).toEqual(["2", "1"]);
      } finally {
        await unlisten();
      }
    });

    it("stores every field of an enqueued job", async () => {
      const q = queue();
      const runAfter = new Date("2026-03-08T12:05:00.000Z");
      const { ids } = await q.enqueueMany([
        scheduleJob("k", { date: "2026-03-09", runAfter, params: { serviceCompanyId: 59 } }),
      ]);
      const job = await q.getJob(ids[0] ?? "");
      expect(job).toMatchObject({
        type: "sync_schedule",
        date: "2026-03-09",
        params: { serviceCompanyId: 59 },
        status: "pending",
        attempts: 0,
        maxAttempts: 3,
        runAfter,
        dedupKey: "k",
        companyId: null,
        errors: [],
      });
    });

    it("claims only due jobs, in run_after order, and increments attempts", async () => {
      const q = queue();
      await q.enqueueMany([
        scheduleJob("later", { runAfter: new Date("2026-03-08T12:10:00Z") }),
        scheduleJob("second", { runAfter: new Date("2026-03-08T11:59:00Z") }),
        scheduleJob("first", { runAfter: new Date("2026-03-08T11:58:00Z") }),
      ]);
      const claimed = await q.claim("w1", 10, 60_000);
      expect(claimed.map((job) => job.dedupKey)).toEqual(["first", "second"]);
      expect(claimed[0]).toMatchObject({
        status: "running",
        attempts: 1,
        leaseOwner: "w1",
        leaseExpiresAt: new Date("2026-03-08T12:01:00.000Z"),
      });
      expect(await q.claim("w2", 10, 60_000)).toEqual([]);
      clock.advance(10 * 60_000);
      expect((await q.claim("w2", 10, 60_000)).map((job) => job.dedupKey)).toEqual(["later"]);
    });

    it("a running job still blocks its dedup key; a finished one frees it", async () => {
      const q = queue();
      await q.enqueueMany([scheduleJob("k")]);
      const [job] = await q.claim("w", 1, 60_000);
      if (job === undefined) throw new Error("expected a claim");
      expect((await q.enqueueMany([scheduleJob("k")])).inserted).toBe(0);
      expect(await q.complete(job, { changed: true }, 1234)).toEqual({ ok: true });
      expect((await q.enqueueMany([scheduleJob("k")])).inserted).toBe(1);
      const done = await q.getJob(job.id);
      expect(done).toMatchObject({
        status: "completed",
        result: { changed: true },
        durationMs: 1234,
      });
      expect(done?.completedAt).toEqual(new Date(start));
    });

    it("retries a retryable failure with backoff, honouring Retry-After, then fails after max attempts", async () => {
      const q = queue();
      await q.enqueueMany([scheduleJob("k")]);
      const [first] = await q.claim("w", 1, 60_000);
      if (first === undefined) throw new Error("expected a claim");
      const retry = await q.fail(first, {
        message: "upstream 503",
        retryable: true,
        code: "HTTP_503",
      });
      // random() = 1 → the full cap of attempt 1: baseMs.
      expect(retry).toEqual({
        ok: true,
        status: "pending",
        runAfter: new Date(Date.parse(start) + 1_000),
      });
      expect(await q.claim("w", 1, 60_000)).toEqual([]);

      clock.advance(1_000);
      const [second] = await q.claim("w", 1, 60_000);
      if (second === undefined) throw new Error("expected a second claim");
      expect(second.attempts).toBe(2);
      const hinted = await q.fail(second, {
        message: "429",
        retryable: true,
        retryAfterMs: 30_000,
      });
      expect(hinted.runAfter).toEqual(new Date(clock.now().getTime() + 30_000));

      clock.advance(30_000);
      const [third] = await q.claim("w", 1, 60_000);
      if (third === undefined) throw new Error("expected a third claim");
      expect(await q.fail(third, { message: "still down", retryable: true })).toMatchObject({
        ok: true,
        status: "failed",
      });
      const job = await q.getJob(third.id);
      expect(job?.status).toBe("failed");
      expect(job?.errorMessage).toBe("still down");
      expect(job?.errors.map((e) => [e.attempt, e.message, e.code])).toEqual([
        [1, "upstream 503", "HTTP_503"],
        [2, "429", null],
        [3, "still down", null],
      ]);
    });

    it("fails a permanent error at once", async () => {
      const q = queue();
      await q.enqueueMany([scheduleJob("k")]);
      const [job] = await q.claim("w", 1, 60_000);
      if (job === undefined) throw new Error("expected a claim");
      expect(
        await q.fail(job, { message: "bad credentials", retryable: false, code: "AUTH" }),
      ).toEqual({ ok: true, status: "failed", runAfter: null });
      expect((await q.getJob(job.id))?.attempts).toBe(1);
    });

    it("reaps expired leases: requeues, or fails after the last attempt, and fences the old worker out", async () => {
      const q = queue({ maxAttempts: 2 });
      await q.enqueueMany([scheduleJob("k")]);
      const [dead] = await q.claim("dead-worker", 1, 30_000);
      if (dead === undefined) throw new Error("expected a claim");
      clock.advance(10_000);
      expect(await q.reapExpired()).toEqual({ requeued: 0, failed: 0 });
      expect(await q.heartbeat(dead, 30_000)).toEqual({ ok: true });
      clock.advance(30_001);
      expect(await q.reapExpired()).toEqual({ requeued: 1, failed: 0 });

      const [again] = await q.claim("w2", 1, 30_000);
      expect(again?.attempts).toBe(2);
      expect(await q.complete(dead, {}, 5)).toEqual({ ok: false });
      expect(await q.heartbeat(dead, 30_000)).toEqual({ ok: false });
      expect((await q.fail(dead, { message: "late", retryable: true })).ok).toBe(false);

      clock.advance(30_001);
      expect(await q.reapExpired()).toEqual({ requeued: 0, failed: 1 });
      const job = await q.getJob(dead.id);
      expect(job?.status).toBe("failed");
      expect(job?.errors.map((e) => e.code)).toEqual(["LEASE_EXPIRED", "LEASE_EXPIRED"]);
    });

    it("releases an unfinished job without counting the attempt, fenced like complete", async () => {
      const q = queue();
      await q.enqueueMany([scheduleJob("r")]);
      const [job] = await q.claim("w1", 1, 30_000);
      if (!job) throw new Error("nothing claimed");
      expect(job.attempts).toBe(1);
      expect(await q.release(job)).toEqual({ ok: true });
      expect(await q.release(job)).toEqual({ ok: false });
      const [again] = await q.claim("w2", 1, 30_000);
      expect(again).toMatchObject({ id: job.id, attempts: 2, maxAttempts: 4, leaseOwner: "w2" });
      // The first worker's claim is gone: its late complete changes nothing.
      expect(await q.complete(job, { late: true }, 1)).toEqual({ ok: false });
    });

    it("reports stats and purges finished jobs in batches", async () => {
      const q = queue();
      await q.enqueueMany([
        scheduleJob("a", { runAfter: new Date("2026-03-08T11:00:00Z") }),
        scheduleJob("b"),
        scheduleJob("c"),
        scheduleJob("d"),
        scheduleJob("future", { runAfter: new Date("2026-03-09T00:00:00Z") }),
      ]);
      const [a, b, c] = await q.claim("w", 3, 60_000);
      if (a === undefined || b === undefined || c === undefined) throw new Error("claims");
      await q.complete(a, null, 1);
      await q.fail(b, { message: "permanent", retryable: false });
      expect(await q.stats()).toEqual({
        pending: 2,
        due: 1,
        running: 1,
        oldestPendingAgeMs: 0,
        failedLast24h: 1,
      });
      clock.advance(25 * 60 * 60_000);
      await q.complete(c, null, 1);
      const stats = await q.stats();
      expect(stats.failedLast24h).toBe(0);
      expect(stats.oldestPendingAgeMs).toBe(25 * 60 * 60_000);

      const cutoff = new Date(clock.now().getTime() - 60_000);
      // Completed jobs can go sooner than failed ones (kept longer for diagnosis).
      expect(await q.purge(cutoff, 1, ["completed"])).toEqual({ deleted: 1 });
      expect(await q.getJob(a.id)).toBeNull();
      expect(await q.getJob(b.id)).not.toBeNull();
      expect(await q.purge(cutoff, 1)).toEqual({ deleted: 1 });
      expect(await q.getJob(b.id)).toBeNull();
      expect(await q.getJob(c.id)).not.toBeNull();
    });

    it("stores any key and params text exactly as given (quotes, backslashes, braces, NULL)", async () => {
      const q = queue();
      let round = 0;
      // No NUL: PostgreSQL text cannot hold it, whatever the encoding.
      const text = fc.string({ unit: "grapheme", minLength: 1 }).filter((s) => !s.includes("\0"));
      const tricky = fc.constantFrom(
        '"',
        "\\",
        "{",
        "}",
        ",",
        "NULL",
        " ",
        '\\"',
        "{}",
        "a,b",
        "line\nbreak",
        "\\n",
        "tab\t",
      );
      await fc.assert(
        fc.asyncProperty(
          fc.uniqueArray(fc.oneof(text, tricky), { minLength: 1, maxLength: 8 }),
          fc.dictionary(text, fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null))),
          async (keys, params) => {
            // A fresh prefix per case keeps keys live-unique without resetting the tables.
            const prefix = `${++round}:`;
            const { ids } = await q.enqueueMany(
              keys.map((key) => scheduleJob(prefix + key, { params })),
            );
            const stored = await Promise.all(ids.map((id) => q.getJob(id)));
            expect(stored.map((job) => job?.dedupKey).sort()).toEqual(
              keys.map((key) => prefix + key).sort(),
            );
            for (const job of stored) expect(job?.params).toEqual(params);
          },
        ),
        { numRuns: 20 },
      );
    });

    it("refuses a job without a dedup key", async () => {
      await expect(queue().enqueueMany([scheduleJob("")])).rejects.toMatchObject({
        code: "INVALID_JOB",
      });
    });
  });
}
