import { createCoordinator } from "@backup-portal/coordinator";
import { noopLogger, systemClock } from "@backup-portal/core";
import { createMaidCentralClient } from "@backup-portal/maidcentral-client";
import {
  type ClaimedJob,
  createJobQueue,
  createMetadataStore,
  type Db,
  JOBS_CHANNEL,
  type JobQueue,
} from "@backup-portal/storage";
import { createPostgresDb } from "@backup-portal/storage/postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JobRunner } from "../../src/job-runner";
import { createWorker } from "../../src/worker";
import { createSyncRig, createTestDatabase, type SyncRig, waitFor } from "../support";
import { expectCompletedExactlyOnce, expectEveryDayGood, jobsOfRun, sleep } from "./chaos-support";

// Four resident workers, each on its own connection pool (real concurrency on PostgreSQL), and
// two coordinators on their own pools starting the same run at once, then again mid-run, for 200
// companies. Every claim is recorded with when it began and ended.
const COMPANIES = 200;
const PLANNED = 7 * COMPANIES;
const WORKERS = 4;

interface Claim {
  id: string;
  attempt: number;
  worker: string;
  from: number;
  to: number | undefined;
  outcome: string | undefined;
}

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let rig: SyncRig;
const pools: Db[] = [];
const runners: JobRunner[] = [];
const claims: Claim[] = [];

function pool(max: number): Db {
  const db = createPostgresDb(database.url, { max, applicationName: "bp-chaos-many" });
  pools.push(db);
  return db;
}

/** The queue as one worker sees it, noting each claim's span (claim → fenced outcome). */
function recordingQueue(inner: JobQueue, worker: string): JobQueue {
  const open = new Map<string, Claim>();
  const end = (job: ClaimedJob, outcome: string) => {
    const claim = open.get(`${job.id}#${job.attempts}`);
    if (claim) {
      claim.to = performance.now();
      claim.outcome = outcome;
    }
  };
  return {
    ...inner,
    async claim(owner, n, leaseMs) {
      // The span starts before the claim statement, so a claim is never later than its truth.
      const from = performance.now();
      const jobs = await inner.claim(owner, n, leaseMs);
      for (const job of jobs) {
        const claim = {
          id: job.id,
          attempt: job.attempts,
          worker,
          from,
          to: undefined,
          outcome: undefined,
        };
        claims.push(claim);
        open.set(`${job.id}#${job.attempts}`, claim);
      }
      return jobs;
    },
    async complete(job, result, durationMs) {
      const outcome = await inner.complete(job, result, durationMs);
      end(job, outcome.ok ? "completed" : "lost");
      return outcome;
    },
    async fail(job, error) {
      const outcome = await inner.fail(job, error);
      end(job, outcome.ok ? `failed:${error.message}` : "lost");
      return outcome;
    },
    async release(job) {
      const outcome = await inner.release(job);
      end(job, "released");
      return outcome;
    },
  };
}

function coordinatorOnOwnPool() {
  const db = pool(3);
  return createCoordinator({
    queue: createJobQueue({ db }),
    metadata: createMetadataStore({ db }),
    blobs: rig.blobs,
    clock: systemClock,
    logger: noopLogger,
    spreadSeconds: 0,
    defaultTimeZone: "America/New_York",
  });
}

let companyIds: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase("bp_chaos_many");
  rig = await createSyncRig(pool(4), {
    sim: { companies: COMPANIES, jobsPerDay: { min: 1, max: 4 } },
  });
  // The directory straight from the simulator's companies (no users): a users sync of 200
  // companies is not what this suite is about, and runs over explicit companies carry none.
  const companies = rig.sim.companies();
  await rig.metadata.upsertDirectory(
    {
      groups: [...new Set(companies.map((c) => c.serviceCompanyGroupId))].map((id) => ({
        serviceCompanyGroupId: id,
        name: `Group ${id}`,
        isActive: true,
      })),
      companies: companies.map((c) => ({
        serviceCompanyId: c.serviceCompanyId,
        serviceCompanyGroupId: c.serviceCompanyGroupId,
        name: c.name,
        isActive: true,
      })),
      users: [],
    },
    { enableNewCompanies: true },
  );
  companyIds = (await rig.metadata.listSyncableCompanies()).map((c) => c.id);
  expect(companyIds).toHaveLength(COMPANIES);
  rig.sim.setKnobs({ latencyMs: 15, jitterMs: 20 });
  rig.sim.resetCounts();
  for (let n = 1; n <= WORKERS; n++) {
    const db = pool(4);
    const workerId = `many-${n}`;
    const queue = recordingQueue(
      createJobQueue({ db, backoff: { baseMs: 20, maxMs: 200 } }),
      workerId,
    );
    runners.push(
      createWorker({
        queue,
        metadata: createMetadataStore({ db }),
        blobs: rig.blobs,
        // Each worker its own client, as a separate deployment would have.
        client: createMaidCentralClient({
          baseUrl: rig.url,
          auth: { kind: "key", apiKey: rig.sim.credentials.apiKey },
          maxConcurrency: 16,
          requestsPerSecond: Number.POSITIVE_INFINITY,
          timeoutMs: 5_000,
          retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 50, deadlineMs: 10_000 },
        }),
        clock: systemClock,
        logger: noopLogger,
        workerId,
        concurrency: 6,
        leaseMs: 30_000,
        pollMs: 50,
        enableNewCompanies: true,
        defaultTimeZone: "America/New_York",
        subscribe: (onWake) => db.listen(JOBS_CHANNEL, onWake),
      }),
    );
  }
});

afterAll(async () => {
  await Promise.all(runners.map((r) => r.stop({ graceMs: 5_000 })));
  await rig?.close();
  for (const db of pools) await db.close();
  await database?.drop();
});

describe("four workers and two coordinators at once for 200 companies", () => {
  it("claim no job twice, keep one live job per dedup key, and complete every job once", async () => {
    const duplicatesSeen: Array<{ dedup_key: string; n: number }> = [];
    let samples = 0;
    let sampling = true;
    const sampler = (async () => {
      const probe = pool(1);
      while (sampling) {
        const rows = await probe.query<{ dedup_key: string; n: number }>(
          `SELECT dedup_key, count(*)::int AS n FROM background_jobs
            WHERE status IN ('pending', 'running') GROUP BY 1 HAVING count(*) > 1`,
        );
        duplicatesSeen.push(...rows);
        samples++;
        await sleep(15);
      }
    })();

    const [a, b, c, d] = [
      coordinatorOnOwnPool(),
      coordinatorOnOwnPool(),
      coordinatorOnOwnPool(),
      coordinatorOnOwnPool(),
    ];
    await Promise.all(runners.map((r) => r.start()));
    const first = await Promise.all([
      a.run({ trigger: "chaos-a", companyIds }),
      b.run({ trigger: "chaos-b", companyIds }),
    ]);
    const planned = PLANNED;
    expect(first[0].jobsEnqueued + first[1].jobsEnqueued, "jobs enqueued by the first pair").toBe(
      planned,
    );
    // Mid-run, two more coordinators at once: live keys are skipped, finished ones come back.
    await waitFor(
      "a third of the first run to complete",
      async () => {
        const [row] = await rig.db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM background_jobs WHERE status = 'completed' AND run_id = ANY($1::uuid[])",
          [first.map((s) => s.runId)],
        );
        return (row?.n ?? 0) >= planned / 3 ? row : undefined;
      },
      45_000,
      10,
    );
    const second = await Promise.all([
      c.run({ trigger: "chaos-c", companyIds }),
      d.run({ trigger: "chaos-d", companyIds }),
    ]);
    await waitFor(
      "the workers to finish every job",
      async () => {
        const [row] = await rig.db.query<{ live: number }>(
          "SELECT count(*)::int AS live FROM background_jobs WHERE status IN ('pending', 'running')",
        );
        return row?.live === 0 ? row : undefined;
      },
      60_000,
      50,
    );
    sampling = false;
    await sampler;

    expect(samples, "samples taken during the run").toBeGreaterThan(10);
    expect(duplicatesSeen, "dedup keys with two live jobs at a sampled moment").toEqual([]);
    const secondEnqueued = second[0].jobsEnqueued + second[1].jobsEnqueued;
    expect(secondEnqueued, "the mid-run pair re-enqueued finished keys").toBeGreaterThan(0);
    expect(secondEnqueued, "…and skipped live ones").toBeLessThan(planned);

    // Each pair's runs hold each key once; a key can be in both pairs (finished, then enqueued again).
    const firstJobs = (await Promise.all(first.map((s) => jobsOfRun(rig.db, s.runId)))).flat();
    const secondJobs = (await Promise.all(second.map((s) => jobsOfRun(rig.db, s.runId)))).flat();
    expectCompletedExactlyOnce(firstJobs, planned);
    expectCompletedExactlyOnce(secondJobs, secondEnqueued);
    const jobs = [...firstJobs, ...secondJobs];

    // From the claim spans: each job claimed once, by one worker, and finished by that claim.
    const byJob = new Map<string, Claim[]>();
    for (const claim of claims) byJob.set(claim.id, [...(byJob.get(claim.id) ?? []), claim]);
    const overlapping = [...byJob.values()].filter((spans) =>
      spans.some((x, i) =>
        spans.some(
          (y, j) =>
            i !== j &&
            x.worker !== y.worker &&
            x.from < (y.to ?? Infinity) &&
            y.from < (x.to ?? Infinity),
        ),
      ),
    );
    expect(overlapping, "jobs held by two workers at once").toEqual([]);
    expect(
      jobs.filter((j) => (byJob.get(j.id) ?? []).length !== 1),
      "jobs claimed other than exactly once",
    ).toEqual([]);
    const notCompleted = claims.filter((c) => c.outcome !== "completed");
    expect(notCompleted, "claims that did not end in a completion").toEqual([]);
    const perWorker = new Map<string, number>();
    for (const claim of claims) perWorker.set(claim.worker, (perWorker.get(claim.worker) ?? 0) + 1);
    expect(perWorker.size, `claims per worker: ${JSON.stringify([...perWorker])}`).toBe(WORKERS);

    // Jobs outside the four runs: dates a newly learned time zone added, enqueued by the workers.
    const everyJob = await rig.db.query<{ id: string; status: string; attempts: number }>(
      "SELECT id, status, attempts FROM background_jobs",
    );
    expect(
      everyJob.filter(
        (j) => j.status !== "completed" || j.attempts !== 1 || byJob.get(j.id)?.length !== 1,
      ),
      "jobs (any run) not completed by exactly one claim",
    ).toEqual([]);
    // Upstream agrees: one schedule request per claim, so nothing was fetched twice.
    expect(rig.sim.counts().schedule, "schedule requests").toBe(claims.length);
    expect(claims.length).toBe(everyJob.length);
    await expectEveryDayGood(rig, 7 * COMPANIES);
  }, 80_000);
});
