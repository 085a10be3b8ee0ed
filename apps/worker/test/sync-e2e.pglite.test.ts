import { noopLogger, syncWindow, systemClock } from "@backup-portal/core";
import type { ClaimedJob } from "@backup-portal/storage";
import { createPgliteDb } from "@backup-portal/storage/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSyncScheduleHandler } from "../src/sync-schedule";
import { createSyncRig, dayStates, type SyncRig, syncUntilIdle } from "./support";

let rig: SyncRig;

beforeAll(async () => {
  rig = await createSyncRig(await createPgliteDb("memory"));
});

afterAll(async () => {
  await rig?.close();
  await rig?.db.close();
});

/** Each company's own 7-day window (in the zone MaidCentral reported) must be present. */
async function expectEveryWindowReady() {
  const states = await dayStates(rig);
  const have = new Set(states.map((s) => `${s.companyId}/${s.date}`));
  const companies = await rig.metadata.listSyncableCompanies();
  expect(companies).toHaveLength(20);
  for (const company of companies) {
    expect(company.timeZone).toBeTruthy();
    for (const date of syncWindow(new Date(), company.timeZone ?? "UTC")) {
      expect(have.has(`${company.id}/${date}`), `${company.name} ${date}`).toBe(true);
    }
  }
  // Days beyond the window are only the local "yesterday" a company ahead of the default zone keeps.
  expect(states.length).toBeLessThanOrEqual(160);
  expect(states.every((s) => s.status === "ready" && s.blobMatches)).toBe(true);
  return states;
}

async function run() {
  rig.blobs.puts.length = 0;
  const summary = await rig.coordinator.run({ trigger: "test" });
  await syncUntilIdle(rig);
  return summary;
}

describe("hourly sync end to end (PGlite, file blobs, simulator over loopback)", () => {
  it("first run: the users sync finds 20 companies and their 140 days land ready, blobs matching checksums", async () => {
    const summary = await run();
    expect(summary).toMatchObject({ companies: 0, jobsEnqueued: 1 });
    const states = await expectEveryWindowReady();
    expect(new Set(states.map((s) => s.serviceCompanyId)).size).toBe(20);
    expect(rig.blobs.puts).toHaveLength(states.length);
    // One users call, and every schedule call one day at a time (the simulator answers 400 otherwise).
    expect(rig.sim.counts().users).toBe(1);
    expect(rig.sim.counts().byStatus["400"]).toBeUndefined();
  });

  it("second run with no upstream change writes no blob", async () => {
    const summary = await run();
    expect(summary).toMatchObject({ companies: 20, jobsEnqueued: 141, duplicatesSkipped: 0 });
    expect(rig.blobs.puts).toEqual([]);
    const results = await rig.db.query<{ outcome: string; n: number }>(
      `SELECT result->>'outcome' AS outcome, count(*)::int AS n FROM background_jobs
        WHERE run_id = $1 AND job_type = 'sync_schedule' GROUP BY 1`,
      [summary.runId],
    );
    expect(results).toEqual([{ outcome: "unchanged", n: 140 }]);
  });

  it("after 10% of days change upstream, the next run writes exactly those", async () => {
    const before = await dayStates(rig);
    const dates = [...new Set(before.map((s) => s.date))];
    const upstream = (sid: number, date: string) => JSON.stringify(rig.sim.companyDay(sid, date));
    const was = new Map(
      before.map((s) => [`${s.serviceCompanyId}/${s.date}`, upstream(s.serviceCompanyId, s.date)]),
    );
    const mutation = rig.sim.mutate({ share: 0.1, seed: "e2e-round" });
    const window = new Set(
      (await rig.metadata.listSyncableCompanies()).flatMap((c) =>
        syncWindow(new Date(), c.timeZone ?? "UTC").map((d) => `${c.serviceCompanyId}/${d}`),
      ),
    );
    // A drawn day with no jobs cannot change; only days whose upstream jobs differ must be rewritten.
    const changed = mutation
      .changedAmong(dates)
      .filter((c) => window.has(`${c.serviceCompanyId}/${c.date}`))
      .filter(
        (c) => was.get(`${c.serviceCompanyId}/${c.date}`) !== upstream(c.serviceCompanyId, c.date),
      );
    expect(changed.length).toBeGreaterThan(5);
    await run();
    const companyOf = new Map(before.map((s) => [s.serviceCompanyId, s.companyId]));
    const expected = changed
      .map((c) => `${companyOf.get(c.serviceCompanyId)}/${c.date}/schedule.json`)
      .sort();
    expect([...rig.blobs.puts].sort()).toEqual(expected);
    await expectEveryWindowReady();
  });

  it("an overlapping run enqueues nothing twice", async () => {
    const first = await rig.coordinator.run({ trigger: "test" });
    const second = await rig.coordinator.run({ trigger: "test" });
    expect(first.jobsEnqueued).toBe(141);
    expect(second).toMatchObject({ jobsEnqueued: 0, duplicatesSkipped: 141 });
    await syncUntilIdle(rig);
  });

  it("under 5xx, 429 and timeouts every day ends ready or keeps its last good data, errors recorded", async () => {
    const before = new Map(
      (await dayStates(rig)).map((s) => [`${s.companyId}/${s.date}`, s.checksum]),
    );
    rig.sim.mutate({ share: 0.3, seed: "storm-round" });
    rig.sim.setKnobs({
      faults: { server500: 0.1, server503: 0.1, rateLimited: 0.05, hang: 0.03 },
      retryAfter: { form: "seconds", seconds: 0 },
      hangMs: 1_500,
    });
    const summary = await rig.coordinator.run({ trigger: "test" });
    await syncUntilIdle(rig, 120_000);
    rig.sim.setKnobs({ faults: {} });
    const after = await expectEveryWindowReady();
    for (const day of after) {
      // Never bad data: every row that serves data serves a blob matching its checksum.
      expect(day.status).toBe("ready");
      expect(day.blobMatches).toBe(true);
    }
    const failed = await rig.db.query<{ company_id: string; date: string; error_message: string }>(
      `SELECT company_id, to_char(date, 'YYYY-MM-DD') AS date, error_message FROM background_jobs
        WHERE run_id = $1 AND status = 'failed'`,
      [summary.runId],
    );
    const states = new Map(after.map((s) => [`${s.companyId}/${s.date}`, s]));
    for (const job of failed) {
      const day = states.get(`${job.company_id}/${job.date}`);
      // A day whose every attempt failed keeps its previous good checksum and records why.
      expect(day?.checksum).toBe(before.get(`${job.company_id}/${job.date}`));
      expect(day?.errorMessage).toBeTruthy();
      expect(job.error_message).toBeTruthy();
    }
    const retried = await rig.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM background_jobs WHERE run_id = $1 AND attempts > 1",
      [summary.runId],
    );
    expect(retried[0]?.n).toBeGreaterThan(0);
  });

  it("a malformed body or IsSuccess:false fails the job with a clear message and keeps the good day", async () => {
    const [day] = await dayStates(rig);
    if (!day) throw new Error("no day");
    for (const fault of ["malformed", "unsuccessful"] as const) {
      // Both are permanent: one attempt, no retry.
      rig.sim.queueFaults("schedule", [fault]);
      const { ids } = await rig.queue.enqueueMany([
        {
          type: "sync_schedule",
          companyId: day.companyId,
          date: day.date,
          dedupKey: `sync_schedule:${day.companyId}:${day.date}`,
          params: { serviceCompanyId: day.serviceCompanyId },
        },
      ]);
      await syncUntilIdle(rig);
      const job = await rig.queue.getJob(ids[0] as string);
      expect(job?.status).toBe("failed");
      expect(job?.attempts).toBe(1);
      expect(job?.errorMessage).toMatch(
        fault === "malformed" ? /JSON/i : /IsSuccess|unsuccessful/i,
      );
      const now = (await dayStates(rig)).find(
        (s) => s.companyId === day.companyId && s.date === day.date,
      );
      expect(now).toMatchObject({ status: "ready", checksum: day.checksum, blobMatches: true });
      expect(now?.errorMessage).toBe(job?.errorMessage);
    }
  });

  it("refuses a grouped payload without the company instead of emptying a good day", async () => {
    const [day] = await dayStates(rig);
    if (!day) throw new Error("no day");
    const handler = createSyncScheduleHandler({
      client: { getSchedule: async () => ({ layout: "grouped", companies: [] }) },
      metadata: rig.metadata,
      blobs: rig.blobs,
      queue: rig.queue,
      clock: systemClock,
      defaultTimeZone: "America/New_York",
    });
    const job = { id: "direct", companyId: day.companyId, date: day.date } as unknown as ClaimedJob;
    await expect(
      handler({ job, logger: noopLogger, signal: new AbortController().signal }),
    ).rejects.toThrow(
      `has no data for ServiceCompanyId ${day.serviceCompanyId}; it holds no company`,
    );
    const now = (await dayStates(rig)).find(
      (s) => s.companyId === day.companyId && s.date === day.date,
    );
    expect(now).toMatchObject({ status: "ready", checksum: day.checksum, blobMatches: true });
    expect(now?.errorMessage).toContain("has no data for ServiceCompanyId");
  });
});
