import { createCoordinator } from "@backup-portal/coordinator";
import { addDays, fixedClock, noopLogger } from "@backup-portal/core";
import { createJobQueue, createMetadataStore, type Db } from "@backup-portal/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSeededPostgresRig, openPostgres, type SyncRig, type TestDatabase } from "./support";

const COMPANIES = 50;

let database: TestDatabase;
let rig: SyncRig;
const pools: Db[] = [];

/** A coordinator on its own connection pool, as a second deployment would have. */
async function coordinatorOnOwnPool(clock = fixedClock(new Date())) {
  const db = await openPostgres(database.url);
  pools.push(db);
  const metadata = createMetadataStore({ db, clock });
  return createCoordinator({
    queue: createJobQueue({ db, clock }),
    metadata,
    blobs: rig.blobs,
    clock,
    logger: noopLogger,
    spreadSeconds: 0,
    defaultTimeZone: "America/New_York",
  });
}

beforeAll(async () => {
  ({ rig, database } = await createSeededPostgresRig("bp_worker_coord", {
    companies: COMPANIES,
    jobsPerDay: { min: 1, max: 3 },
  }));
});

afterAll(async () => {
  for (const db of pools) await db.close();
  await rig?.close();
  await rig?.db.close();
  await database?.drop();
});

describe("two coordinators called at the same moment", () => {
  it("enqueue each job exactly once between them", async () => {
    const [a, b] = await Promise.all([coordinatorOnOwnPool(), coordinatorOnOwnPool()]);
    if (!a || !b) throw new Error("coordinators not created");
    const [first, second] = await Promise.all([
      a.run({ trigger: "test-a" }),
      b.run({ trigger: "test-b" }),
    ]);
    const planned = 1 + 7 * COMPANIES;
    expect(first.jobsEnqueued + second.jobsEnqueued).toBe(planned);
    expect(first.jobsEnqueued + first.duplicatesSkipped).toBe(planned);
    expect(second.jobsEnqueued + second.duplicatesSkipped).toBe(planned);
    const doubled = await rig.db.query<{ dedup_key: string; n: number }>(
      `SELECT dedup_key, count(*)::int AS n FROM background_jobs
        WHERE status IN ('pending', 'running') GROUP BY 1 HAVING count(*) > 1`,
    );
    expect(doubled, "dedup keys with more than one live job").toEqual([]);
    const live = await rig.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM background_jobs WHERE run_id = ANY($1::uuid[])",
      [[first.runId, second.runId]],
    );
    expect(live[0]?.n).toBe(planned);
  });
});

describe("company time zones", () => {
  it("at one instant, Pacific/Auckland and America/Los_Angeles get their own local today", async () => {
    const [auckland, losAngeles] = await rig.metadata.listSyncableCompanies();
    if (!auckland || !losAngeles) throw new Error("need two companies");
    await rig.metadata.updateCompanyFromPayload(auckland.id, { timeZone: "Pacific/Auckland" });
    await rig.metadata.updateCompanyFromPayload(losAngeles.id, {
      timeZone: "America/Los_Angeles",
    });
    // 13:00 UTC: 01:00 next day in Auckland (NZST, +12), 06:00 the same day in Los Angeles (PDT, −7).
    const coordinator = await coordinatorOnOwnPool(fixedClock("2027-06-15T13:00:00Z"));
    const summary = await coordinator.run({
      trigger: "test-zones",
      companyIds: [auckland.id, losAngeles.id],
    });
    expect(summary).toMatchObject({ companies: 2, jobsEnqueued: 14 });
    const rows = await rig.db.query<{ company_id: string; date: string }>(
      `SELECT company_id, to_char(date, 'YYYY-MM-DD') AS date FROM background_jobs
        WHERE run_id = $1 ORDER BY date`,
      [summary.runId],
    );
    const datesOf = (companyId: string) =>
      rows.filter((r) => r.company_id === companyId).map((r) => r.date);
    const week = (today: string) => Array.from({ length: 7 }, (_, i) => addDays(today, i));
    expect(datesOf(auckland.id)).toEqual(week("2027-06-16"));
    expect(datesOf(losAngeles.id)).toEqual(week("2027-06-15"));
  });
});
