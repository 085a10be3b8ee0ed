import type { Mutation } from "@backup-portal/maidcentral-client/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createSyncRig,
  createTestDatabase,
  type DayState,
  dayStates,
  openPostgres,
  type SyncRig,
  syncUntilIdle,
} from "../support";
import { type ChaosJobRow, expectEveryDayGood, jobsOfRun, statusCounts } from "./chaos-support";

// After a clean run, a whole run against a stormy upstream (5xx, 429 with Retry-After, hangs past
// the client's timeout, malformed bodies) while half the days change upstream; then a clean run.
const COMPANIES = 20;
const PLANNED = 1 + 7 * COMPANIES;

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let rig: SyncRig;
let clean: Map<string, DayState>;
let mutation: Mutation;
let stormJobs: ChaosJobRow[];

const dayKey = (companyId: string | null, date: string | null) => `${companyId}/${date}`;

async function runToEnd(trigger: string): Promise<ChaosJobRow[]> {
  const summary = await rig.coordinator.run({ trigger });
  expect(summary.jobsEnqueued).toBe(PLANNED);
  await syncUntilIdle(rig, 60_000);
  const counts = await statusCounts(rig.db, summary.runId);
  expect(
    { pending: counts.pending ?? 0, running: counts.running ?? 0 },
    "unfinished jobs of the run",
  ).toEqual({ pending: 0, running: 0 });
  return jobsOfRun(rig.db, summary.runId);
}

beforeAll(async () => {
  database = await createTestDatabase("bp_chaos_storm");
  rig = await createSyncRig(await openPostgres(database.url), {
    sim: { companies: COMPANIES, jobsPerDay: { min: 3, max: 10 } },
  });
  await rig.coordinator.run({ trigger: "users" });
  await syncUntilIdle(rig);
  await runToEnd("clean-before");
  await expectEveryDayGood(rig, 7 * COMPANIES);
  clean = new Map((await dayStates(rig)).map((s) => [`${s.companyId}/${s.date}`, s]));

  mutation = rig.sim.mutate({ share: 0.5, seed: "storm-changes" });
  rig.sim.resetCounts();
  rig.sim.setKnobs({
    faults: { server500: 0.15, server503: 0.15, rateLimited: 0.1, hang: 0.05, malformed: 0.08 },
    faultSeed: "storm",
    retryAfter: { form: "seconds", seconds: 1 },
    // Past the rig client's 1 s timeout; the simulator ends the hang when the client gives up.
    hangMs: 3_000,
  });
  // The first 16 schedule requests hang: the rig's 8 concurrent jobs each time out on both client
  // attempts, so timeouts are certain to reach the job history whatever the drawn faults do.
  rig.sim.queueFaults(
    "schedule",
    Array.from({ length: 16 }, () => "hang" as const),
  );
  stormJobs = await runToEnd("storm");
}, 80_000);

afterAll(async () => {
  await rig?.close();
  await rig?.db.close();
  await database?.drop();
});

describe("a whole run against a stormy upstream", () => {
  it("really met every kind of fault", () => {
    const { byStatus } = rig.sim.counts();
    expect(byStatus, "responses by status during the storm").toMatchObject({
      500: expect.any(Number),
      503: expect.any(Number),
      429: expect.any(Number),
    });
    const codes = new Set(stormJobs.flatMap((j) => j.errors.map((e) => e.code)));
    for (const code of [
      "maidcentral_server",
      "maidcentral_timeout",
      "maidcentral_invalid_response",
    ])
      expect([...codes], `failure codes recorded: ${[...codes].join(", ")}`).toContain(code);
  });

  it("records every failure: one history entry per failed claim, the last one on the job", () => {
    const failed = stormJobs.filter((j) => j.status === "failed");
    expect(failed.length, "jobs that failed for good (the storm was too mild?)").toBeGreaterThan(0);
    for (const job of stormJobs) {
      expect(["completed", "failed"], job.dedup_key).toContain(job.status);
      const recorded = job.status === "failed" ? job.attempts : job.attempts - 1;
      expect(
        job.errors.map((e) => e.attempt),
        `history of ${job.dedup_key}`,
      ).toEqual(Array.from({ length: recorded }, (_, i) => i + 1));
      for (const entry of job.errors) {
        expect(entry.code, `code in ${JSON.stringify(entry)}`).toMatch(/^maidcentral_/);
        expect(entry.message.length).toBeGreaterThan(0);
      }
      if (job.status === "failed") {
        expect(job.error_message, job.dedup_key).toBe(job.errors.at(-1)?.message);
      }
    }
  });

  it("never overwrites a good day: failed days keep their checksum and blob, with the error on the row", async () => {
    const now = new Map((await dayStates(rig)).map((s) => [`${s.companyId}/${s.date}`, s]));
    const failedDays = stormJobs.filter(
      (j) => j.status === "failed" && j.job_type === "sync_schedule",
    );
    expect(failedDays.length).toBeGreaterThan(0);
    for (const job of failedDays) {
      const key = dayKey(job.company_id, job.date);
      const before = clean.get(key);
      const after = now.get(key);
      expect(after, key).toMatchObject({
        status: "ready",
        checksum: before?.checksum,
        blobMatches: true,
        errorMessage: job.error_message,
      });
    }
    // Days whose job got through are current: rewritten when upstream changed, kept when not.
    const serviceIds = new Map([...clean.values()].map((s) => [s.companyId, s.serviceCompanyId]));
    for (const job of stormJobs.filter(
      (j) => j.status === "completed" && j.job_type === "sync_schedule",
    )) {
      const key = dayKey(job.company_id, job.date);
      const changed = mutation.isChanged(
        serviceIds.get(job.company_id ?? "") ?? -1,
        job.date ?? "",
      );
      expect(now.get(key), key).toMatchObject({
        status: "ready",
        blobMatches: true,
        errorMessage: null,
        checksum: job.result?.checksum,
      });
      expect(job.result?.outcome, `${key} changed upstream: ${changed}`).toBe(
        changed ? "written" : "unchanged",
      );
    }
  });

  it("heals on the next clean run: every day ready, current and without an error", async () => {
    rig.sim.setKnobs({ faults: {} });
    const heal = await runToEnd("heal");
    expect(
      heal.filter((j) => j.status !== "completed" || j.attempts !== 1),
      "heal jobs that needed more than one clean attempt",
    ).toEqual([]);
    await expectEveryDayGood(rig, 7 * COMPANIES);
    const now = new Map((await dayStates(rig)).map((s) => [`${s.companyId}/${s.date}`, s]));
    const stormFailed = new Set(
      stormJobs.filter((j) => j.status === "failed").map((j) => dayKey(j.company_id, j.date)),
    );
    let caughtUp = 0;
    for (const job of heal.filter((j) => j.job_type === "sync_schedule")) {
      const key = dayKey(job.company_id, job.date);
      const day = now.get(key);
      expect(day?.checksum, `${key} holds what upstream serves now`).toBe(job.result?.checksum);
      const serviceCompanyId = day?.serviceCompanyId ?? -1;
      if (stormFailed.has(key) && mutation.isChanged(serviceCompanyId, job.date ?? "")) {
        expect(job.result?.outcome, `${key} missed by the storm is written now`).toBe("written");
        caughtUp++;
      }
    }
    expect(caughtUp, "days the storm kept stale and the clean run caught up").toBeGreaterThan(0);
  });
});
