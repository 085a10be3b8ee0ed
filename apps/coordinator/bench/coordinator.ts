import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { noopLogger, type PlannedJob, planSyncRun, systemClock } from "@backup-portal/core";
import {
  createJobQueue,
  createMemoryBlobStore,
  createMetadataStore,
  type Db,
  type MetadataStore,
  migrate,
} from "@backup-portal/storage";
import { createPgliteDb } from "@backup-portal/storage/pglite";
import { createPostgresDb } from "@backup-portal/storage/postgres";
import postgres from "postgres";
import { type BenchRow, recordBenchmark } from "../../../scripts/bench-record";
import { createCoordinator } from "../src/coordinator";

// Time of one coordinator run (list companies, plan, enqueue 1 + 7 × N jobs in one statement,
// record the run) for N companies, next to two references measured in the same process:
// the naive baseline (one INSERT per job) and the floor (one plain INSERT of the same rows into an
// empty LIKE-copy of background_jobs with the same indexes). PostgreSQL in its own database, then
// PGlite in memory.
const sizes = (fallback: number[]) =>
  process.env.BENCH_SIZES === undefined
    ? fallback
    : process.env.BENCH_SIZES.split(",")
        .map(Number)
        .filter((n) => fallback.includes(n));
const SIZES_PG = sizes([100, 1_000, 10_000]);
const SIZES_PGLITE = sizes([100, 1_000]);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
// A naive pass over 70,001 jobs would take minutes; above this many jobs it is timed on a sample
// of this size and extrapolated linearly (each INSERT is its own round trip and commit).
const NAIVE_SAMPLE = 7_001;
const ZONES = [
  "America/New_York",
  "America/Chicago",
  "America/Denver",
  "America/Los_Angeles",
  "America/Phoenix",
  "Pacific/Honolulu",
];
const baseUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
const round1 = (ms: number) => Math.round(ms * 10) / 10;

/**
 * CPU time (ms) of the one PostgreSQL backend serving the bench, read from /proc when the server
 * is on this machine: unlike wall time it barely moves when other work shares the cores.
 */
function backendCpu(pid: number | null): () => number | null {
  return () => {
    if (pid === null) return null;
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
      return (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      return null;
    }
  };
}

let serverCpu: () => number | null = () => null;

async function timed<T>(
  fn: () => Promise<T>,
): Promise<{ ms: number; value: T; serverCpuMs: number | null }> {
  const cpu0 = serverCpu();
  const started = performance.now();
  const value = await fn();
  const ms = performance.now() - started;
  const cpu1 = serverCpu();
  return { ms, value, serverCpuMs: cpu0 === null || cpu1 === null ? null : cpu1 - cpu0 };
}

/** Grows the directory to `size` syncable companies spread over a few zones. */
async function seedCompanies(metadata: MetadataStore, size: number): Promise<void> {
  const companies = Array.from({ length: size }, (_, i) => ({
    serviceCompanyId: 10_000 + i,
    serviceCompanyGroupId: 1 + (i % 50),
    name: `Company ${i}`,
    isActive: true,
  }));
  const groups = Array.from({ length: 50 }, (_, i) => ({
    serviceCompanyGroupId: 1 + i,
    name: `Group ${i}`,
    isActive: true,
  }));
  await metadata.upsertDirectory({ groups, companies, users: [] }, { enableNewCompanies: true });
  const unzoned = (await metadata.listSyncableCompanies()).filter((c) => c.timeZone === null);
  // Pipelined on the connection: 9,000 round trips one after another would just be waiting.
  await Promise.all(
    unzoned.map((company) =>
      metadata.setCompanySettings(company.id, {
        timeZone: ZONES[company.serviceCompanyId % ZONES.length] ?? "UTC",
      }),
    ),
  );
}

/** PostgreSQL array literal, the same encoding the queue uses, so the floor gets the same input. */
function arrayLiteral(values: readonly (string | number | null)[]): string {
  const parts = values.map((v) =>
    v === null ? "NULL" : typeof v === "number" ? String(v) : `"${v.replace(/["\\]/g, "\\$&")}"`,
  );
  return `{${parts.join(",")}}`;
}

const columns = "job_type, company_id, date, params, run_after, dedup_key, run_id, max_attempts";

async function floorInsert(db: Db, jobs: readonly PlannedJob[]): Promise<void> {
  const now = new Date().toISOString();
  await db.query(
    `INSERT INTO background_jobs_floor (${columns}, updated_at)
     SELECT j.t, j.c, j.d, j.p::jsonb, j.r, j.k, j.u, j.m, $9::timestamptz
     FROM unnest($1::text::text[], $2::text::uuid[], $3::text::date[], $4::text::text[],
                 $5::text::timestamptz[], $6::text::text[], $7::text::uuid[], $8::text::int4[])
       AS j(t, c, d, p, r, k, u, m)`,
    [
      arrayLiteral(jobs.map((j) => j.type)),
      arrayLiteral(jobs.map((j) => j.companyId)),
      arrayLiteral(jobs.map((j) => j.date)),
      arrayLiteral(jobs.map((j) => JSON.stringify(j.params))),
      arrayLiteral(jobs.map((j) => j.runAfter.toISOString())),
      arrayLiteral(jobs.map((j) => j.dedupKey)),
      arrayLiteral(jobs.map((j) => j.runId ?? null)),
      arrayLiteral(jobs.map(() => 3)),
      now,
    ],
  );
}

/** What a straightforward implementation does: one INSERT … ON CONFLICT per job, in turn. */
async function naiveInsert(db: Db, jobs: readonly PlannedJob[]): Promise<void> {
  for (const job of jobs) {
    await db.query(
      `INSERT INTO background_jobs (${columns}, updated_at)
       VALUES ($1, $2, $3, $4::text::jsonb, $5::timestamptz, $6, $7, 3, now())
       ON CONFLICT (dedup_key) WHERE status IN ('pending', 'running') DO NOTHING RETURNING id`,
      [
        job.type,
        job.companyId,
        job.date,
        JSON.stringify(job.params),
        job.runAfter.toISOString(),
        job.dedupKey,
        job.runId ?? null,
      ],
    );
  }
}

async function measureSize(db: Db, driver: string, size: number): Promise<BenchRow> {
  const metadata = createMetadataStore({ db });
  const queue = createJobQueue({ db });
  const coordinator = createCoordinator({
    queue,
    metadata,
    blobs: createMemoryBlobStore(),
    clock: systemClock,
    logger: noopLogger,
    spreadSeconds: 600,
    defaultTimeZone: "America/New_York",
  });
  await seedCompanies(metadata, size);
  const empty = () => db.exec("TRUNCATE background_jobs; TRUNCATE background_jobs_floor");

  // One warm-up run so every size starts with the same cached statements.
  await empty();
  await coordinator.run({ trigger: "bench" });
  const fresh: number[] = [];
  const freshCpu: number[] = [];
  const floorCpu: number[] = [];
  const duplicate: number[] = [];
  const list: number[] = [];
  const plan: number[] = [];
  let jobs = 0;
  for (let i = 0; i < RUNS; i++) {
    await empty();
    const run = await timed(() => coordinator.run({ trigger: "bench" }));
    if (run.value.duplicatesSkipped !== 0) throw new Error("a fresh run found duplicates");
    fresh.push(run.ms);
    if (run.serverCpuMs !== null) freshCpu.push(run.serverCpuMs);
    jobs = run.value.jobsEnqueued;
    const again = await timed(() => coordinator.run({ trigger: "bench" }));
    if (again.value.jobsEnqueued !== 0) throw new Error("a repeated run enqueued again");
    duplicate.push(again.ms);
    const listed = await timed(() => metadata.listSyncableCompanies());
    list.push(listed.ms);
    const planned = await timed(async () =>
      planSyncRun(listed.value, {
        now: new Date(),
        spreadSeconds: 600,
        defaultTimeZone: "America/New_York",
      }),
    );
    plan.push(planned.ms);
  }
  if (jobs !== 1 + 7 * size) throw new Error(`expected ${1 + 7 * size} jobs, got ${jobs}`);

  // The references insert the same rows the coordinator planned (with a real run id).
  const { id: runId } = await metadata.recordRun({ trigger: "bench-reference" });
  const rows = planSyncRun(await metadata.listSyncableCompanies(), {
    now: new Date(),
    runId,
    spreadSeconds: 600,
    defaultTimeZone: "America/New_York",
  });
  const floor: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    await empty();
    const inserted = await timed(() => floorInsert(db, rows));
    floor.push(inserted.ms);
    if (inserted.serverCpuMs !== null) floorCpu.push(inserted.serverCpuMs);
  }
  await empty();
  const sample = rows.slice(0, Math.min(rows.length, NAIVE_SAMPLE));
  const naiveSample = (await timed(() => naiveInsert(db, sample))).ms;
  const naive = (naiveSample * rows.length) / sample.length;
  await empty();

  const runMs = median(fresh);
  const floorMs = median(floor);
  return {
    driver,
    companies: size,
    jobs,
    "run ms (median)": round1(runMs),
    "duplicate run ms": round1(median(duplicate)),
    "list ms": round1(median(list)),
    "plan ms": round1(median(plan)),
    "floor ms": round1(floorMs),
    "run / floor": Math.round((runMs / floorMs) * 100) / 100,
    "server CPU run / floor ms":
      freshCpu.length === 0 ? "n/a" : `${median(freshCpu)} / ${median(floorCpu)}`,
    "naive ms": Math.round(naive),
    naive: sample.length < rows.length ? `extrapolated from ${sample.length}` : "measured",
  };
}

async function prepare(db: Db): Promise<void> {
  await migrate(db);
  // Same columns, defaults, checks and indexes; LIKE copies no foreign keys and no triggers.
  await db.exec("CREATE TABLE background_jobs_floor (LIKE background_jobs INCLUDING ALL)");
}

const results: BenchRow[] = [];
const name = `bp_bench_coordinator_${randomBytes(4).toString("hex")}`;
const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`CREATE DATABASE ${name}`);
try {
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  // One connection: every statement runs on the backend whose CPU time is read.
  const db = createPostgresDb(url.toString(), { max: 1, applicationName: "coordinator-bench" });
  try {
    await prepare(db);
    const [backend] = await db.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
    serverCpu = backendCpu(backend?.pid ?? null);
    if (serverCpu() === null) serverCpu = () => null;
    for (const size of SIZES_PG) {
      results.push(await measureSize(db, "postgres", size));
      console.log(results.at(-1));
    }
  } finally {
    await db.close();
  }
} finally {
  await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}

// PGlite runs inside this process: there is no separate server to read.
serverCpu = () => null;
for (const size of SIZES_PGLITE) {
  const db = await createPgliteDb("memory");
  try {
    await prepare(db);
    results.push(await measureSize(db, "pglite", size));
    console.log(results.at(-1));
  } finally {
    await db.close();
  }
}

await recordBenchmark({
  title: "Coordinator: enqueue a run",
  command: "pnpm --filter @backup-portal/coordinator bench",
  rows: results,
  notes: [
    `Load average at the end: ${loadavg()
      .map((n) => n.toFixed(1))
      .join(
        " / ",
      )} (1/5/15 min). On a shared machine wall times move with it; server CPU much less.`,
    `run = coordinator.run() end to end (record run, list companies, plan, one enqueueMany statement, finish run), median of ${RUNS} with background_jobs emptied first; duplicate run = the same run again with every job live (all skipped). list/plan are those steps alone.`,
    "server CPU = CPU time of the PostgreSQL backend during the run and during the floor insert (from /proc; n/a when the server is elsewhere): the load-independent view of the same ratio on a shared machine.",
    "floor = one plain INSERT … SELECT FROM unnest(typed arrays) of the same rows into an empty LIKE-copy of background_jobs (same indexes, no foreign keys, no ON CONFLICT, no RETURNING), median of the same count.",
    `naive = one INSERT … ON CONFLICT per job, each its own round trip and commit; above ${NAIVE_SAMPLE.toLocaleString("en-US")} jobs timed on the first ${NAIVE_SAMPLE.toLocaleString("en-US")} and scaled linearly.`,
    "What bounds it: the server writing 7 rows per company into the heap and four indexes (pkey, dedup, claim, created_at) plus WAL — the floor pays that too. Above the floor: the two foreign-key checks per row (company, run), the arbiter probe of the dedup index, the sort by key that keeps concurrent runs deadlock-free, and returning the ids.",
    "Cause of the earlier slowness: the batch travelled as one JSON document (jsonb_to_recordset); parsing ~2.5 MB of jsonb cost the server more than inserting the rows. The queue now sends one typed array per column (unnest); an interleaved A/B of enqueueMany(8,001) on a shared, loaded machine (11 rounds, medians): JSON 1,194 ms wall / 280 ms server CPU, arrays 629 ms / 190 ms; all-duplicate 661 → 357 ms. The planner also computes each zone's window once per run instead of once per company.",
    "What would move it: dropping an index on background_jobs or the run_id foreign key (both carry guarantees or monitoring), shorter dedup keys, or COPY into a staging table (two statements). Client-side work (list + plan) is a few percent.",
  ],
});
