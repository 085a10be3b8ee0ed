import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createSeededPostgresRig,
  dayStates,
  disposePostgresRig,
  filesUnder,
  type SyncRig,
  spawnWorkerProcess,
  syncUntilIdle,
  type TestDatabase,
  type WorkerProcess,
  waitFor,
} from "./support";

// Real worker processes against PostgreSQL and the simulator at ~150 ms per call: one is killed
// with SIGKILL mid-run, another terminated with SIGTERM; an in-process worker finishes each run.
const COMPANIES = 15;
const LEASE_MS = 3_000;

let database: TestDatabase;
let rig: SyncRig;
const spawned: WorkerProcess[] = [];

interface JobRow {
  id: string;
  dedup_key: string;
  status: string;
  attempts: number;
  max_attempts: number;
  lease_owner: string | null;
  lease_expires_at: Date | null;
  errors: Array<{ code: string | null; worker: string | null }>;
}

const runJobs = (runId: string) =>
  rig.db.query<JobRow>(
    `SELECT id, dedup_key, status, attempts, max_attempts, lease_owner, lease_expires_at, errors
       FROM background_jobs WHERE run_id = $1 ORDER BY dedup_key`,
    [runId],
  );

async function countByStatus(runId: string): Promise<Record<string, number>> {
  const rows = await rig.db.query<{ status: string; n: number }>(
    "SELECT status, count(*)::int AS n FROM background_jobs WHERE run_id = $1 GROUP BY 1",
    [runId],
  );
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** Starts a run and a worker process, and waits until it has finished some jobs and holds others. */
async function runWithProcess(workerId: string, graceMs?: number) {
  const summary = await rig.coordinator.run({ trigger: "test" });
  expect(summary.jobsEnqueued).toBe(1 + 7 * COMPANIES);
  const worker = spawnWorkerProcess({
    databaseUrl: database.url,
    blobRoot: rig.blobRoot,
    simUrl: rig.url,
    simKey: rig.sim.credentials.apiKey,
    workerId,
    leaseMs: LEASE_MS,
    concurrency: 4,
    ...(graceMs === undefined ? {} : { graceMs }),
  });
  spawned.push(worker);
  await worker.ready;
  await waitFor(
    "the worker process to complete 8 jobs while holding others",
    async () => {
      const counts = await countByStatus(summary.runId);
      return (counts.completed ?? 0) >= 8 && (counts.running ?? 0) >= 1 ? counts : undefined;
    },
    45_000,
    20,
  );
  return { summary, worker };
}

/** Every day of every company is ready, its blob present and matching its checksum. */
async function expectEveryDayGood() {
  const states = await dayStates(rig);
  expect(states.length).toBeGreaterThanOrEqual(7 * COMPANIES);
  const bad = states.filter((s) => s.status !== "ready" || !s.blobMatches);
  expect(bad, "days not ready or with a blob not matching its checksum").toEqual([]);
  // A write killed half-way can only leave a dot-temp file, which the store never lists or serves.
  const files = await filesUnder(rig.blobRoot);
  const listed = new Set(await rig.blobs.list(""));
  for (const file of files) {
    if (file.split("/").pop()?.startsWith(".")) {
      expect(file.endsWith(".tmp"), `unexpected hidden file ${file}`).toBe(true);
      expect(listed.has(file)).toBe(false);
    } else {
      expect(file).toMatch(/^[0-9a-f-]{36}\/\d{4}-\d{2}-\d{2}\/schedule\.json$/);
    }
  }
}

beforeAll(async () => {
  ({ rig, database } = await createSeededPostgresRig("bp_worker_proc", {
    companies: COMPANIES,
    jobsPerDay: { min: 2, max: 10 },
  }));
  rig.sim.setKnobs({ latencyMs: 120, jitterMs: 60 });
});

afterAll(async () => {
  await disposePostgresRig({ rig, database, workers: spawned });
});

describe("a worker process killed with SIGKILL mid-run", () => {
  it("leaves its claims to expire; a second worker completes every job exactly once and every day is good", async () => {
    const { summary, worker } = await runWithProcess("doomed-worker");
    worker.child.kill("SIGKILL");
    expect(await worker.exited).toMatchObject({ signal: "SIGKILL" });

    // What the dead worker still held when it died (nothing can change them until the lease ends).
    const stranded = (await runJobs(summary.runId)).filter(
      (j) => j.status === "running" && j.lease_owner === "doomed-worker",
    );
    expect(stranded.length).toBeGreaterThan(0);
    await waitFor(
      "the dead worker's leases to expire and be reaped",
      async () => {
        await rig.queue.reapExpired();
        const counts = await countByStatus(summary.runId);
        return (counts.running ?? 0) === 0 ? counts : undefined;
      },
      LEASE_MS * 5,
      200,
    );
    await syncUntilIdle(rig);

    const jobs = await runJobs(summary.runId);
    expect(jobs).toHaveLength(1 + 7 * COMPANIES);
    expect(new Set(jobs.map((j) => j.dedup_key)).size).toBe(jobs.length);
    expect(jobs.filter((j) => j.status !== "completed")).toEqual([]);
    // Each claim either completed the job or left exactly one record of how it ended: a job
    // completed twice would have more attempts than failures + 1.
    for (const job of jobs) {
      expect(job.attempts, `job ${job.dedup_key}`).toBe(job.errors.length + 1);
    }
    const strandedIds = new Set(stranded.map((j) => j.id));
    for (const job of jobs.filter((j) => strandedIds.has(j.id))) {
      expect(job.errors).toEqual([
        expect.objectContaining({ code: "LEASE_EXPIRED", worker: "doomed-worker" }),
      ]);
      expect(job.lease_owner).toBe("test-worker");
    }
    // Nothing else was reaped: the jobs the dead worker finished stayed finished.
    expect(jobs.filter((j) => j.errors.length > 0).map((j) => j.id)).toEqual(
      jobs.filter((j) => strandedIds.has(j.id)).map((j) => j.id),
    );
    await expectEveryDayGood();
  });
});

describe("a worker process sent SIGTERM mid-run", () => {
  it("exits 0 after finishing or releasing its jobs; a second worker completes the rest", async () => {
    rig.sim.mutate({ share: 0.5, seed: "graceful-round" });
    const { summary, worker } = await runWithProcess("polite-worker", 8_000);
    worker.child.kill("SIGTERM");
    const exit = await worker.exited;
    expect(exit, `worker stderr: ${worker.stderr()}`).toEqual({ code: 0, signal: null });

    // Nothing is left running under its lease; anything unfinished went back to pending.
    const held = (await runJobs(summary.runId)).filter(
      (j) => j.status === "running" && j.lease_owner === "polite-worker",
    );
    expect(held).toEqual([]);
    const done = await countByStatus(summary.runId);
    expect(done.completed ?? 0).toBeGreaterThanOrEqual(8);
    expect(done.pending ?? 0).toBeGreaterThan(0);

    await syncUntilIdle(rig);
    const jobs = await runJobs(summary.runId);
    expect(jobs.filter((j) => j.status !== "completed")).toEqual([]);
    // A clean stop is never mistaken for a crash: no lease had to be reaped.
    expect(jobs.filter((j) => j.errors.length > 0)).toEqual([]);
    await expectEveryDayGood();
  });
});
