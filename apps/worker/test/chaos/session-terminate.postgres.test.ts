import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createSeededPostgresRig,
  disposePostgresRig,
  type SyncRig,
  spawnWorkerProcess,
  type TestDatabase,
  type WorkerProcess,
  waitFor,
} from "../support";
import {
  expectCompletedExactlyOnce,
  expectEveryDayGood,
  expectNoDoubleCompletion,
  jobsOfRun,
  readEvents,
  statusCounts,
} from "./chaos-support";

// Two real worker processes work one run while the test terminates every database session they
// hold (pg_terminate_backend, found by their application_name) twice. They must reconnect on
// their own and finish the run: no job lost, none completed twice.
const COMPANIES = 20;
const PLANNED = 1 + 7 * COMPANIES;
const LEASE_MS = 2_000;
const TERMINATE_AT_COMPLETED = [20, 70];

let database: TestDatabase;
let rig: SyncRig;
let eventsDir: string;
const appName = `bp-chaos-term-${process.pid}`;
const spawned: WorkerProcess[] = [];

async function workerSessions(): Promise<number[]> {
  const rows = await rig.db.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity
      WHERE application_name = $1 AND datname = current_database()`,
    [appName],
  );
  return rows.map((r) => r.pid);
}

beforeAll(async () => {
  eventsDir = await mkdtemp(join(tmpdir(), "bp-chaos-term-"));
  ({ rig, database } = await createSeededPostgresRig("bp_chaos_term", {
    companies: COMPANIES,
    jobsPerDay: { min: 2, max: 8 },
  }));
  rig.sim.setKnobs({ latencyMs: 150, jitterMs: 100 });
});

afterAll(async () => {
  await disposePostgresRig({ rig, database, workers: spawned });
  if (eventsDir) await rm(eventsDir, { recursive: true, force: true });
});

describe("the workers' database sessions terminated mid-run", () => {
  it("reconnect and finish the run with every job completed exactly once", async () => {
    const summary = await rig.coordinator.run({ trigger: "chaos-terminate" });
    expect(summary.jobsEnqueued).toBe(PLANNED);
    for (const workerId of ["term-a", "term-b"]) {
      spawned.push(
        spawnWorkerProcess({
          databaseUrl: database.url,
          blobRoot: rig.blobRoot,
          simUrl: rig.url,
          simKey: rig.sim.credentials.apiKey,
          workerId,
          leaseMs: LEASE_MS,
          concurrency: 4,
          applicationName: appName,
          eventsFile: join(eventsDir, "events.jsonl"),
        }),
      );
    }
    await Promise.all(spawned.map((w) => w.ready));

    let terminated = 0;
    for (const threshold of TERMINATE_AT_COMPLETED) {
      await waitFor(
        `${threshold} jobs completed with both workers connected`,
        async () => {
          const counts = await statusCounts(rig.db, summary.runId);
          const running = counts.running ?? 0;
          return (counts.completed ?? 0) >= threshold && running > 0 ? counts : undefined;
        },
        45_000,
        10,
      );
      const before = await workerSessions();
      expect(before.length, "worker sessions found by application_name").toBeGreaterThan(1);
      const killed = await rig.db.query<{ ok: boolean }>(
        `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity
          WHERE application_name = $1 AND datname = current_database()`,
        [appName],
      );
      terminated += killed.filter((k) => k.ok).length;
      // New sessions (new backend pids) prove the pools reconnected by themselves.
      const gone = new Set(before);
      await waitFor(
        "the workers to open new sessions after the terminations",
        async () => {
          const now = await workerSessions();
          return now.some((pid) => !gone.has(pid)) ? now : undefined;
        },
        30_000,
      );
    }
    expect(terminated).toBeGreaterThan(2);

    await waitFor(
      "the workers to finish every job of the run",
      async () => {
        const counts = await statusCounts(rig.db, summary.runId);
        return (counts.completed ?? 0) + (counts.failed ?? 0) === PLANNED ? counts : undefined;
      },
      60_000,
      100,
    );
    for (const worker of spawned) {
      expect(
        { exitCode: worker.child.exitCode, signal: worker.child.signalCode },
        `${worker.workerId} is still running (stderr: ${worker.stderr()})`,
      ).toEqual({ exitCode: null, signal: null });
    }

    const jobs = await jobsOfRun(rig.db, summary.runId);
    expectCompletedExactlyOnce(jobs, PLANNED);
    const events = await readEvents(join(eventsDir, "events.jsonl"));
    expectNoDoubleCompletion(events);
    const byId = new Map(jobs.map((j) => [j.id, j]));
    for (const e of events.filter((x) => x.event === "complete" && x.ok)) {
      const job = byId.get(e.id);
      expect({ owner: job?.lease_owner, attempt: job?.attempts }).toEqual({
        owner: e.worker,
        attempt: e.attempt,
      });
    }
    await expectEveryDayGood(rig, 7 * COMPANIES);

    for (const worker of spawned) worker.child.kill("SIGTERM");
    for (const worker of spawned) {
      expect(await worker.exited, `${worker.workerId} stderr: ${worker.stderr()}`).toEqual({
        code: 0,
        signal: null,
      });
    }
  }, 80_000);
});
