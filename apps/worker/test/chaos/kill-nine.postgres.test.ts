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
  type ChaosJobRow,
  expectCompletedExactlyOnce,
  expectEveryDayGood,
  expectNoDoubleCompletion,
  jobsOfRun,
  readEvents,
  statusCounts,
} from "./chaos-support";

// One run of 24 companies, simulator at ~250 ms a call, worked by a chain of real worker
// processes: three are SIGKILLed mid-run (each while holding claims), a fourth finishes the run.
const COMPANIES = 24;
const PLANNED = 1 + 7 * COMPANIES;
const LEASE_MS = 2_000;
const KILL_AT_COMPLETED = [15, 55, 95];

let database: TestDatabase;
let rig: SyncRig;
let eventsDir: string;
const spawned: WorkerProcess[] = [];

function startWorker(workerId: string): WorkerProcess {
  const worker = spawnWorkerProcess({
    databaseUrl: database.url,
    blobRoot: rig.blobRoot,
    simUrl: rig.url,
    simKey: rig.sim.credentials.apiKey,
    workerId,
    leaseMs: LEASE_MS,
    concurrency: 4,
    eventsFile: join(eventsDir, "events.jsonl"),
  });
  spawned.push(worker);
  return worker;
}

beforeAll(async () => {
  eventsDir = await mkdtemp(join(tmpdir(), "bp-chaos-kill-"));
  ({ rig, database } = await createSeededPostgresRig("bp_chaos_kill", {
    companies: COMPANIES,
    jobsPerDay: { min: 2, max: 8 },
  }));
  rig.sim.setKnobs({ latencyMs: 200, jitterMs: 100 });
});

afterAll(async () => {
  await disposePostgresRig({ rig, database, workers: spawned });
  if (eventsDir) await rm(eventsDir, { recursive: true, force: true });
});

describe("worker processes killed with SIGKILL three times during one run", () => {
  it("complete every job exactly once and leave every day ready with a matching blob", async () => {
    const summary = await rig.coordinator.run({ trigger: "chaos-kill" });
    expect(summary.jobsEnqueued).toBe(PLANNED);

    const stranded = new Map<string, ChaosJobRow[]>();
    for (const [round, threshold] of KILL_AT_COMPLETED.entries()) {
      const victim = startWorker(`doomed-${round + 1}`);
      await victim.ready;
      await waitFor(
        `${victim.workerId} to have ${threshold} jobs of the run completed while it holds claims`,
        async () => {
          const counts = await statusCounts(rig.db, summary.runId);
          const [held] = await rig.db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM background_jobs
              WHERE run_id = $1 AND status = 'running' AND lease_owner = $2`,
            [summary.runId, victim.workerId],
          );
          return (counts.completed ?? 0) >= threshold && (held?.n ?? 0) > 0 ? counts : undefined;
        },
        45_000,
        10,
      );
      victim.child.kill("SIGKILL");
      expect(await victim.exited, `${victim.workerId} exit`).toMatchObject({ signal: "SIGKILL" });
      const held = (await jobsOfRun(rig.db, summary.runId)).filter(
        (j) => j.status === "running" && j.lease_owner === victim.workerId,
      );
      expect(held.length, `claims ${victim.workerId} held when it died`).toBeGreaterThan(0);
      stranded.set(victim.workerId, held);
    }

    // The survivor reaps the dead workers' leases itself (its resident loop) and finishes the run.
    const survivor = startWorker("survivor");
    await survivor.ready;
    await waitFor(
      "the survivor to finish every job of the run",
      async () => {
        const counts = await statusCounts(rig.db, summary.runId);
        return (counts.completed ?? 0) + (counts.failed ?? 0) === PLANNED ? counts : undefined;
      },
      60_000,
      100,
    );
    survivor.child.kill("SIGTERM");
    expect(await survivor.exited, `survivor stderr: ${survivor.stderr()}`).toEqual({
      code: 0,
      signal: null,
    });

    const jobs = await jobsOfRun(rig.db, summary.runId);
    expectCompletedExactlyOnce(jobs, PLANNED);
    const dead = new Set(stranded.keys());
    for (const job of jobs) {
      for (const entry of job.errors) {
        // The only failures in this run are leases of killed workers running out.
        expect(entry, `failure record of ${job.dedup_key}`).toMatchObject({
          code: "LEASE_EXPIRED",
        });
        expect(dead.has(entry.worker ?? ""), `${entry.worker} is a killed worker`).toBe(true);
      }
      // Whoever completed the job is not a worker whose claim on it was reaped.
      expect(job.errors.map((e) => e.worker)).not.toContain(job.lease_owner);
    }
    const byId = new Map(jobs.map((j) => [j.id, j]));
    for (const [workerId, held] of stranded) {
      for (const was of held) {
        const now = byId.get(was.id);
        expect(
          now?.errors.some((e) => e.worker === workerId && e.attempt === was.attempts),
          `claim ${was.attempts} of ${was.dedup_key} by ${workerId} was recorded as expired`,
        ).toBe(true);
      }
    }
    expect(
      jobs.some((j) => j.attempts > 1),
      "some job was taken over after a kill",
    ).toBe(true);

    // The processes' own logs agree: one successful fenced completion per job, made by the claim
    // the row names, and no (job, attempt) handed out twice.
    const events = await readEvents(join(eventsDir, "events.jsonl"));
    expectNoDoubleCompletion(events);
    for (const e of events.filter((x) => x.event === "complete" && x.ok)) {
      const job = byId.get(e.id);
      if (!job) continue; // the users sync of the first run is not part of this run
      expect({ owner: job.lease_owner, attempt: job.attempts }).toEqual({
        owner: e.worker,
        attempt: e.attempt,
      });
    }
    await expectEveryDayGood(rig, 7 * COMPANIES);
  }, 80_000);
});
