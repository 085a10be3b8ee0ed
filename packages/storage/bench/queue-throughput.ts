// No-op jobs per second through claim + complete, for 1, 4, 8 and 16 workers on PostgreSQL
// (one connection each) and on PGlite (one embedded session shared by the workers).
// Usage: pnpm --filter @backup-portal/storage bench:queue [postgres-url]

import { recordBenchmark } from "../../../scripts/bench-record";
import type { Db } from "../src/db";
import { createPgliteDb } from "../src/db-pglite";
import { createJobQueue } from "../src/job-queue";
import { migrate } from "../src/migrate";
import { withScratchDatabase } from "./bench-database";

const jobsPerRun = 4_000;
const batch = 10;
const workerCounts = [1, 4, 8, 16];

async function run(enqueueDb: Db, workerDbs: Db[]): Promise<number> {
  await enqueueDb.exec("TRUNCATE background_jobs");
  await createJobQueue({ db: enqueueDb }).enqueueMany(
    Array.from({ length: jobsPerRun }, (_, i) => ({
      type: "sync_schedule" as const,
      dedupKey: `j${i}`,
    })),
  );
  const started = performance.now();
  let done = 0;
  await Promise.all(
    workerDbs.map(async (db, w) => {
      const queue = createJobQueue({ db });
      for (;;) {
        const jobs = await queue.claim(`w${w}`, batch, 60_000);
        if (jobs.length === 0) return;
        for (const job of jobs) {
          await queue.complete(job, null, 0);
          done++;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  if (done !== jobsPerRun) throw new Error(`completed ${done} of ${jobsPerRun}`);
  return Math.round(done / seconds);
}

const results: Array<{ driver: string; workers: number; jobsPerSecond: number }> = [];
await withScratchDatabase(async (open) => {
  const control = open(1);
  for (const workers of workerCounts) {
    const dbs = Array.from({ length: workers }, () => open(1));
    results.push({ driver: "postgres", workers, jobsPerSecond: await run(control, dbs) });
  }
});
const pglite = await createPgliteDb("memory");
await migrate(pglite);
for (const workers of workerCounts) {
  const dbs = Array.from({ length: workers }, () => pglite);
  results.push({ driver: "pglite", workers, jobsPerSecond: await run(pglite, dbs) });
}
await pglite.close();

await recordBenchmark({
  title: "Queue: no-op jobs per second through claim + complete",
  command: "npx pnpm@12.4.2 --filter @backup-portal/storage bench:queue",
  rows: results.map((r) => ({ driver: r.driver, workers: r.workers, "jobs/s": r.jobsPerSecond })),
  notes: [
    `claim(${batch}) then complete one by one, ${jobsPerRun} jobs per run; PostgreSQL: one connection per worker; PGlite: one embedded session shared by the workers.`,
    "Each job costs two round trips (its share of a claim, its complete); a worker's rate is bounded by that latency, and the sum by the server's CPU (2 cores shared with the client here).",
  ],
});
