import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  buildScheduleDocument,
  checksumDocument,
  normalizeFeatureToggles,
  parseScheduleResult,
  resolveTimeZone,
  syncWindow,
} from "@backup-portal/core";
import { createSimulator } from "@backup-portal/maidcentral-client/simulator";
import { createFsBlobStore } from "@backup-portal/storage";
import { type BenchRow, recordBenchmark } from "../../../scripts/bench-record";
import { countingBlobs, createTestDatabase, openPostgres } from "../test/support";
import { createBenchSync, startSimulatorProcess } from "./bench-sync";

// Wall time of a full sync (N companies × 7 days) against the simulator at 200 ± 50 ms per call,
// next to the bound the worker's concurrency allows; CPU per job next to the transform floor;
// then a steady-state run with 5% of days changed upstream. PostgreSQL (own database) + file blobs.
const COMPANIES = Number(process.env.BENCH_COMPANIES ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
// The simulator's jitter is uniform in [0, jitterMs]: 150 + [0, 100] is 200 ms ± 50 ms.
const LATENCY_MS = 150;
const JITTER_MS = 100;
const MEAN_LATENCY_MS = LATENCY_MS + JITTER_MS / 2;
const SEED = "bench-sync";
const MUTATE_SHARE = 0.05;

const database = await createTestDatabase("bp_bench_sync");
const db = await openPostgres(database.url);
const blobRoot = await mkdtemp(join(tmpdir(), "bp-bench-blobs-"));
const sim = startSimulatorProcess({
  seed: SEED,
  companies: COMPANIES,
  latencyMs: LATENCY_MS,
  jitterMs: JITTER_MS,
});
const child = sim.child;

try {
  const simUrl = await sim.url;
  // Same seed and size as the child: the credentials and the initial payloads are the same.
  const local = createSimulator({ seed: SEED, companies: COMPANIES });

  const blobs = countingBlobs(createFsBlobStore({ root: blobRoot }));
  const { client, metadata, coordinator, worker, close } = await createBenchSync({
    db,
    blobs,
    simUrl,
    apiKey: local.credentials.apiKey,
    concurrency: CONCURRENCY,
    workerId: "bench-worker",
  });

  async function timedRun() {
    blobs.puts.length = 0;
    const cpu = process.cpuUsage();
    const started = performance.now();
    const summary = await coordinator.run({ trigger: "bench" });
    const counts = await worker.drain({ maxMs: 15 * 60_000 });
    const wallMs = performance.now() - started;
    const used = process.cpuUsage(cpu);
    return {
      summary,
      counts,
      wallMs,
      cpuMs: (used.user + used.system) / 1000,
      blobWrites: blobs.puts.length,
    };
  }

  // The first run is the users sync; it enqueues the week of every new company at once.
  const cold = await timedRun();

  // Mutate every date the steady run could fetch: the days stored so far and each company's
  // window now and a quarter of an hour on (should local midnight pass during the run).
  const stored = await db.query<{ date: string }>(
    "SELECT DISTINCT to_char(date, 'YYYY-MM-DD') AS date FROM schedule_data",
  );
  const storedDates = stored.map((r) => r.date);
  const soon = new Date(Date.now() + 15 * 60_000);
  const syncable = await metadata.listSyncableCompanies();
  const dates = [
    ...new Set([
      ...storedDates,
      ...syncable.flatMap((c) => [
        ...syncWindow(new Date(), c.timeZone ?? "America/New_York", 7),
        ...syncWindow(soon, c.timeZone ?? "America/New_York", 7),
      ]),
    ]),
  ].sort();
  const changed = await new Promise<string[]>((resolve) => {
    child.once("message", (message: { changed: string[] }) => resolve(message.changed));
    child.send({ type: "mutate", share: MUTATE_SHARE, seed: "bench-round", dates });
  });
  const steady = await timedRun();
  // The steady run's own window: the company-days it enqueued. Rows left in schedule_data from
  // the first run's wider window (a zone learned from the payload adds days) are not re-synced.
  const steadyKeys = await db.query<{ key: string }>(
    `SELECT c.service_company_id || '/' || to_char(j.date, 'YYYY-MM-DD') AS key
       FROM background_jobs j JOIN companies c ON c.id = j.company_id
      WHERE j.run_id = $1 AND j.job_type = 'sync_schedule'`,
    [steady.summary.runId],
  );
  const inWindow = new Set(steadyKeys.map((r) => r.key));
  const changedInWindow = changed.filter((key) => inWindow.has(key)).length;

  // The floor: the same payloads parsed, turned into documents and checksummed, nothing else.
  const companies = await metadata.listSyncableCompanies();
  const bodies = companies.flatMap((company) =>
    storedDates.map((date) => ({
      company,
      date,
      body: JSON.stringify({
        IsSuccess: true,
        Message: "",
        Result: local.scheduleResult({ date, serviceCompanyId: company.serviceCompanyId }),
      }),
    })),
  );
  // Reference: the same schedule calls through the client alone, no queue or storage, same 8-way
  // concurrency: what the simulator and loopback allow on this machine.
  let next = 0;
  const clientStarted = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < bodies.length) {
        const item = bodies[next++];
        if (item) {
          await client.getSchedule({
            date: item.date,
            serviceCompanyId: item.company.serviceCompanyId,
          });
        }
      }
    }),
  );
  const clientAloneMs = performance.now() - clientStarted;

  const floorCpu = process.cpuUsage();
  const floorStarted = performance.now();
  for (const { company, date, body } of bodies) {
    const envelope = JSON.parse(body) as { Result: unknown };
    const day = parseScheduleResult(envelope.Result, {
      serviceCompanyId: company.serviceCompanyId,
    });
    const entry =
      day.companies.find((c) => c.serviceCompanyId === company.serviceCompanyId) ??
      day.companies[0];
    const document = buildScheduleDocument({
      date,
      company: {
        id: company.id,
        serviceCompanyId: company.serviceCompanyId,
        name: entry?.name ?? company.name,
        timeZone: resolveTimeZone(entry?.timeZoneId ?? "Eastern Standard Time"),
      },
      featureToggles: normalizeFeatureToggles(entry?.featureToggles ?? {}),
      jobs: entry?.jobs ?? [],
    });
    await checksumDocument(document);
  }
  const floorWallMs = performance.now() - floorStarted;
  const floorUsed = process.cpuUsage(floorCpu);
  const floorCpuMs = (floorUsed.user + floorUsed.system) / 1000;

  const rows: BenchRow[] = [cold, steady].map((run, index) => {
    const calls = run.counts.processed;
    const boundMs = (calls * MEAN_LATENCY_MS) / CONCURRENCY;
    return {
      run:
        index === 0
          ? "first sync (users + every day written)"
          : `steady (${MUTATE_SHARE * 100}% mutated)`,
      companies: run.summary.companies,
      "jobs (= calls)": calls,
      failed: run.counts.failed + run.counts.retried,
      slots: CONCURRENCY,
      "wall s": Number((run.wallMs / 1000).toFixed(2)),
      "bound s": Number((boundMs / 1000).toFixed(2)),
      "wall / bound": Number((run.wallMs / boundMs).toFixed(3)),
      "client alone s": Number(((clientAloneMs * calls) / bodies.length / 1000).toFixed(2)),
      "wall / client alone": Number(
        ((run.wallMs * bodies.length) / calls / clientAloneMs).toFixed(3),
      ),
      "CPU ms/job": Number((run.cpuMs / calls).toFixed(2)),
      "floor CPU ms/job": Number((floorCpuMs / bodies.length).toFixed(2)),
      "blob writes": run.blobWrites,
      "changed days": index === 0 ? "all (first sync)" : changedInWindow,
    };
  });

  await recordBenchmark({
    title: `Sync wall time: ${COMPANIES} companies × 7 days, simulator at ${MEAN_LATENCY_MS} ± ${JITTER_MS / 2} ms`,
    command: "npx pnpm@12.4.2 --filter @backup-portal/worker bench",
    rows,
    notes: [
      `Bound = calls × mean latency (${MEAN_LATENCY_MS} ms) / ${CONCURRENCY} worker slots; target ≤ 1.15× (issue 8).`,
      `Client: maxConcurrency ${CONCURRENCY} (= worker slots), requestsPerSecond Infinity, undici keep-alive pool of ${CONCURRENCY} connections, so its limiter never binds.`,
      "Worker invoked mode (drain: claims up to the free slots, refills as each job ends); PostgreSQL (own database), file blob store; the simulator runs in a separate process.",
      `CPU ms/job = the worker process's user+system CPU over the run / jobs (HTTP, parse, transform, checksum, SQL, blob write). Floor = JSON.parse + parseScheduleResult + buildScheduleDocument + checksumDocument of the same ${bodies.length} payloads alone (${floorWallMs.toFixed(0)} ms wall in total).`,
      `Client alone: the same ${bodies.length} schedule calls through the client with ${CONCURRENCY} in flight and no worker (scaled to the run's call count); the gap between it and the bound is the simulator (rendering, body transfer over loopback) sharing 2 cores with the worker and PostgreSQL, not the job runner.`,
      `Steady state: ${changedInWindow} company-days changed upstream within the steady run's own window (the company-days it enqueued; a drawn day with no jobs cannot change); blob writes must equal that.`,
    ],
  });
  await close();
} finally {
  child.disconnect();
  await db.close();
  await rm(blobRoot, { recursive: true, force: true });
  await database.drop();
}
