import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSimulator } from "@backup-portal/maidcentral-client/simulator";
import { createFsBlobStore } from "@backup-portal/storage";
import { recordBenchmark } from "../../../scripts/bench-record";
import { createTestDatabase, openPostgres } from "../test/support";
import { createBenchSync, startSimulatorProcess } from "./bench-sync";

// Worker peak memory during a first sync of 1,000 companies (issue 8, item 6): the simulator in
// its own process at 0 ms latency (so the worker is as busy as it can be), PostgreSQL in its own
// database, file blobs; the worker's RSS and heap sampled every 50 ms in its own process.
//   npx pnpm@12.4.2 --filter @backup-portal/worker bench:memory
const COMPANIES = Number(process.env.BENCH_COMPANIES ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const SEED = "bench-memory";

const database = await createTestDatabase("bp_bench_memory");
const db = await openPostgres(database.url);
const blobRoot = await mkdtemp(join(tmpdir(), "bp-bench-memory-"));
const sim = startSimulatorProcess({ seed: SEED, companies: COMPANIES, latencyMs: 0, jitterMs: 0 });
const child = sim.child;

try {
  const simUrl = await sim.url;
  // Same seed as the child, for its credentials only; dropped before the measurement starts.
  const apiKey = createSimulator({ seed: SEED, companies: 1 }).credentials.apiKey;
  const { coordinator, worker, close } = await createBenchSync({
    db,
    blobs: createFsBlobStore({ root: blobRoot }),
    simUrl,
    apiKey,
    concurrency: CONCURRENCY,
    workerId: "bench-memory",
  });

  const start = process.memoryUsage();
  let peakRss = start.rss;
  let peakHeap = start.heapUsed;
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    peakRss = Math.max(peakRss, now.rss);
    peakHeap = Math.max(peakHeap, now.heapUsed);
  }, 50);
  const started = performance.now();
  await coordinator.run({ trigger: "bench", spread: false });
  const counts = await worker.drain({ maxMs: 30 * 60_000 });
  const wallS = (performance.now() - started) / 1000;
  clearInterval(sampler);
  await close();
  const end = process.memoryUsage();
  const mib = (bytes: number) => Math.round(bytes / 2 ** 20);
  await recordBenchmark({
    title: `Worker memory during a first sync of ${COMPANIES.toLocaleString("en-US")} companies`,
    command: "npx pnpm@12.4.2 --filter @backup-portal/worker bench:memory",
    rows: [
      {
        companies: COMPANIES,
        jobs: counts.processed,
        failed: counts.failed,
        slots: CONCURRENCY,
        "wall s": Math.round(wallS),
        "start RSS MiB": mib(start.rss),
        "peak RSS MiB": mib(peakRss),
        "peak heap MiB": mib(peakHeap),
        "end RSS MiB": mib(end.rss),
      },
    ],
    notes: [
      "One worker process, 8 slots, the simulator in its own process at 0 ms latency (the worker never waits on upstream), PostgreSQL in its own database, file blobs; RSS and heap sampled every 50 ms.",
      "Memory is bounded by the slots, not by the number of companies: each in-flight job holds one company-day (a ~200 KB body, its parsed form and its document) until its blob is written.",
    ],
  });
} finally {
  child.disconnect();
  await db.close();
  await database.drop();
  await rm(blobRoot, { recursive: true, force: true });
}
