/**
 * Database size after a simulated week of hourly runs (issue 8, item 5): 100 companies, 168 runs,
 * the default job retention. The coordinator, queue and metadata store are the real ones on the
 * local PostgreSQL; only MaidCentral is skipped — each job is completed with the result a worker
 * writes (5% of days change per run, a few fail), so the rows are what production accumulates.
 *
 *   npx pnpm@12.4.2 --filter @backup-portal/worker bench:db-size
 */
import { createHash } from "node:crypto";
import { createCoordinator } from "@backup-portal/coordinator";
import { fixedClock, noopLogger } from "@backup-portal/core";
import {
  createJobQueue,
  createMemoryBlobStore,
  createMetadataStore,
  migrate,
} from "@backup-portal/storage";
import { recordBenchmark } from "../../../scripts/bench-record";
import { createTestDatabase, openPostgres } from "../test/support";

const COMPANIES = Number(process.env.BENCH_COMPANIES ?? 100);
const RUNS = Number(process.env.BENCH_RUNS ?? 168);
const USERS_PER_COMPANY = 30;
const CHANGED_SHARE = 0.05;
const FAILED_SHARE = 0.005;

async function main(): Promise<void> {
  const database = await createTestDatabase("bench_dbsize");
  const db = await openPostgres(database.url);
  try {
    await migrate(db);
    const clock = fixedClock("2026-03-01T00:00:00Z");
    const queue = createJobQueue({ db, clock });
    const metadata = createMetadataStore({ db, clock });
    const blobs = createMemoryBlobStore();
    const coordinator = createCoordinator({
      queue,
      metadata,
      blobs,
      clock,
      logger: noopLogger,
      spreadSeconds: 0,
      defaultTimeZone: "America/New_York",
    });
    await metadata.upsertDirectory(directory(), { enableNewCompanies: true });
    let random = 42;
    const next = () => {
      random = (random * 1_103_515_245 + 12_345) % 2 ** 31;
      return random / 2 ** 31;
    };
    const started = performance.now();
    let jobs = 0;
    for (let run = 1; run <= RUNS; run++) {
      await coordinator.run({ trigger: "bench", spread: false });
      for (;;) {
        const claimed = await queue.claim("bench-worker", 200, 60_000);
        if (claimed.length === 0) break;
        for (const job of claimed) {
          jobs++;
          if (job.type === "sync_users") {
            await queue.complete(job, usersResult(), 180);
            continue;
          }
          const companyId = job.companyId as string;
          const date = job.date as string;
          const roll = next();
          if (roll < FAILED_SHARE) {
            const message = `MaidCentral GET /api/dr-schedule?startDate=${date}&endDate=${date}: HTTP 503 Service Unavailable`;
            await metadata.recordError(companyId, date, message);
            await queue.fail(job, { message, retryable: false, code: "maidcentral_server" });
            continue;
          }
          const row = await metadata.getScheduleRow(companyId, date);
          if (row?.status === "ready" && roll > CHANGED_SHARE) {
            await metadata.touchChecked(companyId, date);
            await queue.complete(
              job,
              { outcome: "unchanged", checksum: row.checksum, jobCount: row.jobCount },
              2_300,
            );
            continue;
          }
          const checksum = createHash("sha256").update(`${companyId}${date}${run}`).digest("hex");
          const jobCount = 20 + Math.floor(next() * 130);
          await metadata.markReady({
            companyId,
            date,
            storagePath: `${companyId}/${date}/schedule.json`,
            fileSizeKb: jobCount * 3,
            checksum,
            jobCount,
            employeeCount: Math.ceil(jobCount / 4),
            teamCount: Math.ceil(jobCount / 10),
          });
          const result = {
            outcome: "written",
            checksum,
            bytes: jobCount * 3_000,
            jobCount,
            employeeCount: Math.ceil(jobCount / 4),
            teamCount: Math.ceil(jobCount / 10),
          };
          await queue.complete(job, result, 2_800);
        }
      }
      await coordinator.maintain();
      // An hour passes between real runs, and autovacuum (1-minute naptime) makes the purged and
      // updated rows' space reusable in it; a week compressed into minutes must do that itself.
      await db.query("VACUUM background_jobs");
      clock.advance(60 * 60 * 1000);
      if (run % 24 === 0)
        console.log(
          `day ${run / 24}: ${jobs} jobs so far, ${Math.round((performance.now() - started) / 1000)} s`,
        );
    }
    await db.query("VACUUM ANALYZE");
    const [onDisk] = await db.query<{ bytes: number }>(
      "SELECT sum(pg_total_relation_size(c.oid))::bigint AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'",
    );
    await db.query("VACUUM FULL");
    const tables = await db.query<{ name: string; rows: number; total: number; indexes: number }>(
      `SELECT c.relname AS name, c.reltuples::bigint AS rows,
              pg_total_relation_size(c.oid) AS total, pg_indexes_size(c.oid) AS indexes
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY total DESC`,
    );
    const [size] = await db.query<{ bytes: number }>(
      "SELECT pg_database_size(current_database()) AS bytes",
    );
    const [history] = await db.query<{ jobs: number; oldest: string }>(
      "SELECT count(*)::int AS jobs, min(created_at)::text AS oldest FROM background_jobs",
    );
    const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 100) / 100;
    const total = tables.reduce((sum, t) => sum + Number(t.total), 0);
    await recordBenchmark({
      title: `Database size after ${RUNS} hourly runs for ${COMPANIES} companies`,
      command: "npx pnpm@12.4.2 --filter @backup-portal/worker bench:db-size",
      rows: [
        ...tables.map((t) => ({
          table: t.name,
          rows: Number(t.rows),
          "total MB": mb(Number(t.total)),
          "indexes MB": mb(Number(t.indexes)),
        })),
        {
          table: "all tables and indexes (compacted)",
          rows: "",
          "total MB": mb(total),
          "indexes MB": "",
        },
        {
          table: "all tables and indexes (on disk, before VACUUM FULL)",
          rows: "",
          "total MB": mb(Number(onDisk?.bytes ?? 0)),
          "indexes MB": "",
        },
        {
          table: "whole database (incl. catalog)",
          rows: "",
          "total MB": mb(Number(size?.bytes ?? 0)),
          "indexes MB": "",
        },
      ],
      notes: [
        `${jobs} jobs worked in ${Math.round((performance.now() - started) / 1000)} s; ${history?.jobs} job rows kept (oldest ${history?.oldest}) — the job history operators query.`,
        `Target ≤ 50 MB for all tables and indexes: ${mb(Number(onDisk?.bytes ?? 0)) <= 50 ? "met" : "MISSED"} on disk (${mb(Number(onDisk?.bytes ?? 0))} MB), ${mb(total) <= 50 ? "met" : "MISSED"} compacted (${mb(total)} MB). Retention: completed jobs 48 h, failed jobs 7 days; the bench VACUUMs the jobs table once per simulated hour, as autovacuum would between real runs.`,
        "Job rows dominate: their count is retention × runs/day × (1 + 7 × companies); everything else is bounded by the 7-day window.",
      ],
    });
  } finally {
    await db.close();
    await database.drop();
  }
}

function directory() {
  const groups = Array.from({ length: Math.ceil(COMPANIES / 5) }, (_, g) => ({
    serviceCompanyGroupId: g + 1,
    name: `Group ${g + 1}`,
    isActive: true,
  }));
  const companies = Array.from({ length: COMPANIES }, (_, c) => ({
    serviceCompanyId: 1000 + c,
    serviceCompanyGroupId: Math.floor(c / 5) + 1,
    name: `Company ${c}`,
    isActive: true,
  }));
  const users = companies.flatMap((company, c) =>
    Array.from({ length: USERS_PER_COMPANY }, (_, u) => ({
      userId: uuid(c, u),
      email: `user${c}-${u}@example.com`,
      firstName: "First",
      lastName: `Last${u}`,
      fullName: `First Last${u}`,
      role: (u === 0 ? "admin" : "technician") as "admin" | "technician",
      employeeInformationId: c * 1000 + u,
      serviceCompanyId: company.serviceCompanyId,
    })),
  );
  return { groups, companies, users };
}

function uuid(c: number, u: number): string {
  const hex = createHash("md5").update(`${c}:${u}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function usersResult() {
  return {
    groups: Math.ceil(COMPANIES / 5),
    companies: COMPANIES,
    users: COMPANIES * USERS_PER_COMPANY,
    companiesCreated: 0,
    companiesUpdated: COMPANIES,
    usersUpserted: COMPANIES * USERS_PER_COMPANY,
    usersDeactivated: 0,
    newSyncableCompanies: 0,
    jobsEnqueued: 0,
    authProvisioning: "skipped: no Supabase project is configured",
  };
}

await main();
