// Time of one enqueueMany of 8,001 jobs (1 sync_users + 7 days × 1,143 companies), fresh and
// again with every key already live (all duplicates), on PostgreSQL and PGlite.
// Usage: pnpm --filter @backup-portal/storage bench:enqueue [postgres-url]

import { recordBenchmark } from "../../../scripts/bench-record";
import type { Db } from "../src/db";
import { createPgliteDb } from "../src/db-pglite";
import { createJobQueue } from "../src/job-queue";
import type { NewJob } from "../src/job-types";
import { migrate } from "../src/migrate";
import { withScratchDatabase } from "./bench-database";

const jobs: NewJob[] = [{ type: "sync_users", dedupKey: "sync_users" }];
for (let company = 0; jobs.length < 8_001; company++) {
  for (let day = 0; day < 7 && jobs.length < 8_001; day++) {
    jobs.push({
      type: "sync_schedule",
      date: `2026-03-${String(8 + day).padStart(2, "0")}`,
      params: { serviceCompanyId: company },
      runAfter: new Date(Date.now() + (company % 600) * 1000),
      dedupKey: `sync_schedule:${company}:${day}`,
    });
  }
}

async function measure(db: Db): Promise<{ freshMs: number; duplicatesMs: number }> {
  const queue = createJobQueue({ db });
  const timed = async () => {
    const started = performance.now();
    const result = await queue.enqueueMany(jobs);
    return { ms: Math.round(performance.now() - started), result };
  };
  const fresh = await timed();
  if (fresh.result.inserted !== jobs.length) throw new Error("fresh run did not insert all");
  const again = await timed();
  if (again.result.duplicates !== jobs.length) throw new Error("second run was not all duplicates");
  return { freshMs: fresh.ms, duplicatesMs: again.ms };
}

const rows: Array<{ driver: string; jobs: number; freshMs: number; duplicatesMs: number }> = [];
for (let i = 0; i < 3; i++) {
  await withScratchDatabase(async (open) => {
    rows.push({ driver: "postgres", jobs: jobs.length, ...(await measure(open(1))) });
  });
}
for (let i = 0; i < 3; i++) {
  const pglite = await createPgliteDb("memory");
  await migrate(pglite);
  rows.push({ driver: "pglite", jobs: jobs.length, ...(await measure(pglite)) });
  await pglite.close();
}
await recordBenchmark({
  title: "Queue: enqueueMany of 8,001 jobs (1 users sync + 7 days × 1,143 companies)",
  command: "npx pnpm@12.4.2 --filter @backup-portal/storage bench:enqueue",
  rows: rows.map((r) =>
    Object.fromEntries(
      Object.entries(r).map(([k, v]) => [
        k,
        typeof v === "number" ? Math.round(v * 10) / 10 : String(v),
      ]),
    ),
  ),
  notes: [
    "One statement per call, each on a fresh database (cold); the all-duplicate call hits the dedup index only.",
    "apps/coordinator's benchmark compares the whole run with the floor (one plain INSERT) and a naive INSERT per job.",
  ],
});
