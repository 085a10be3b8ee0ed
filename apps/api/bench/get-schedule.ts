import { type ChildProcess, fork } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { fixedClock } from "@backup-portal/core";
import { createSimulator } from "@backup-portal/maidcentral-client/simulator";
import { createFsBlobStore, createMetadataStore } from "@backup-portal/storage";
import { createPostgresDb } from "@backup-portal/storage/postgres";
import autocannon from "autocannon";
import { type BenchRow, recordBenchmark } from "../../../scripts/bench-record";
import type { ServerReady } from "./api-server";
import {
  BENCH_NOW,
  benchUser,
  buildDay,
  mintToken,
  publishDay,
  SUPERADMIN,
  WINDOW_DATES,
  withScratchDatabase,
} from "./bench-world";
import type { MemoryReport } from "./memory-child";

// GET /get-schedule under autocannon (loopback, 50 connections, 10 s) next to a plain node:http
// server sending the same bytes, cold first-request latency, and resident memory after 7,000
// distinct company-days. Servers run in a child process; autocannon runs here.
const BASE_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const CONNECTIONS = 50;
const MEMORY_COMPANIES = Number(process.env.BENCH_MEMORY_COMPANIES ?? 1000);

function child<T>(
  script: string,
  args: string[],
  execArgv: string[] = [],
): {
  process: ChildProcess;
  message: Promise<T>;
} {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const proc = fork(path, args, { execArgv: [...process.execArgv, ...execArgv] });
  const message = new Promise<T>((resolve, reject) => {
    proc.once("message", (m) => resolve(m as T));
    proc.once("exit", (code) =>
      reject(new Error(`${script} exited with ${code} before reporting`)),
    );
  });
  return { process: proc, message };
}

async function load(url: string, authorization: string | null, seconds: number) {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    headers: authorization ? { authorization } : {},
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${url}: ${result.non2xx} non-2xx answers and ${result.errors} errors`);
  }
  return result;
}

async function timed(url: string, authorization: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(url, { headers: { authorization } });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  return performance.now() - started;
}

const rows: BenchRow[] = [];
const notes: string[] = [];

await withScratchDatabase(BASE_URL, async (dbUrl) => {
  const server = child<ServerReady>("./api-server.ts", [dbUrl]);
  const ready = await server.message;
  const admin = `Bearer ${await mintToken(benchUser(1))}`;
  const technician = `Bearer ${await mintToken(benchUser(2))}`;
  const view = (date: string) => `${ready.api}/get-schedule?date=${date}`;

  // Cold: the first request of a day reads the blob, parses and verifies it, renders the view.
  const cold: number[] = [];
  const warm: number[] = [];
  for (const date of ready.coldDates.slice(0, 4)) {
    cold.push(await timed(view(date), admin));
    warm.push(await timed(view(date), admin));
  }

  const targets = [
    { name: "plain node:http (same admin bytes)", url: ready.plain, auth: null },
    { name: "API admin view", url: view(ready.warmDate), auth: admin },
    { name: "API technician view", url: view(ready.warmDate), auth: technician },
  ];
  const results = [];
  for (const target of targets) {
    await load(target.url, target.auth, 2); // warm-up: JIT, connections, caches
    results.push({ target, result: await load(target.url, target.auth, DURATION_S) });
  }
  server.process.send("stop");

  const plain = results[0]?.result;
  if (!plain) throw new Error("the plain server was not measured");
  for (const { target, result } of results) {
    rows.push({
      target: target.name,
      "body KiB": (target.auth === technician ? ready.technicianBytes : ready.adminBytes) / 1024,
      "req/s": Math.round(result.requests.average),
      "p50 ms": result.latency.p50,
      "p99 ms": result.latency.p99,
      "vs plain req/s": `${((100 * result.requests.average) / plain.requests.average).toFixed(0)}%`,
      "vs plain p99": `${(result.latency.p99 / Math.max(plain.latency.p99, 1)).toFixed(2)}×`,
    });
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  rows.push({
    target: `API admin, cold (first request of ${cold.length} days)`,
    "body KiB": "",
    "req/s": "",
    "p50 ms": Number(median(cold).toFixed(1)),
    "p99 ms": `max ${Math.max(...cold).toFixed(1)}`,
    "vs plain req/s": "",
    "vs plain p99": `warm: ${median(warm).toFixed(1)} ms`,
  });
  notes.push(
    `Day: ${ready.jobs} jobs (simulator, jobsPerDay 150), admin body ${(ready.adminBytes / 1024).toFixed(0)} KiB, technician sees ${ready.technicianJobs} jobs. Metadata on PostgreSQL (${new URL(BASE_URL).host}), blobs in memory, servers in one child process, autocannon in the parent, ${CONNECTIONS} connections, ${DURATION_S} s each after a 2 s warm-up; no compression (autocannon sends no Accept-Encoding).`,
    "Cold latency is one sequential request per day (blob read, JSON parse, SHA-256 over the canonical form, view, JSON encode), timed by the client over loopback; 'warm' is the second request of the same day.",
  );
});

// BENCH_MEMORY_COMPANIES=0 skips the memory part (it seeds 7,000 blobs: about five minutes here).
await withScratchDatabase(BASE_URL, async (dbUrl) => {
  if (MEMORY_COMPANIES === 0) return;
  const root = await mkdtemp(join(tmpdir(), "api-bench-blobs-"));
  try {
    const clock = fixedClock(BENCH_NOW);
    const db = createPostgresDb(dbUrl, { max: 8, applicationName: "api-bench-seed" });
    const metadata = createMetadataStore({ db, clock });
    const blobs = createFsBlobStore({ root });
    const sim = createSimulator({ seed: "api-bench-memory", companies: MEMORY_COMPANIES });
    const simCompanies = sim.companies();
    await metadata.upsertDirectory(
      {
        groups: [...new Set(simCompanies.map((c) => c.serviceCompanyGroupId))].map((id) => ({
          serviceCompanyGroupId: id,
          name: `Group ${id}`,
          isActive: true,
        })),
        companies: simCompanies.map((c) => ({
          serviceCompanyId: c.serviceCompanyId,
          serviceCompanyGroupId: c.serviceCompanyGroupId,
          name: c.name,
          isActive: true,
        })),
        users: [],
      },
      { enableNewCompanies: true },
    );
    await metadata.grantSuperadmin("super@bench.example", { userId: SUPERADMIN });
    const ids = new Map((await metadata.listCompanies()).map((c) => [c.serviceCompanyId, c.id]));
    const seedStarted = performance.now();
    let blobBytes = 0;
    let next = 0;
    const work = simCompanies.flatMap((c) => WINDOW_DATES.map((date) => ({ c, date })));
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let w = work[next++]; w; w = work[next++]) {
          const id = ids.get(w.c.serviceCompanyId);
          if (!id) throw new Error(`company ${w.c.serviceCompanyId} was not created`);
          const document = buildDay(sim, w.c, id, w.date);
          blobBytes += JSON.stringify(document).length;
          await publishDay(metadata, blobs, id, w.date, document);
        }
      }),
    );
    await db.close();
    console.log(
      `seeded ${work.length} company-days (${(blobBytes / 2 ** 20).toFixed(0)} MiB of JSON) in ${((performance.now() - seedStarted) / 1000).toFixed(0)} s`,
    );
    const memory = await child<MemoryReport>("./memory-child.ts", [dbUrl, root], ["--expose-gc"])
      .message;
    if (memory.failures > 0) throw new Error(`${memory.failures} company-days did not answer 200`);
    rows.push({
      target: `API RSS after ${memory.companyDays.toLocaleString("en-US")} company-days`,
      "body KiB": "",
      "req/s": Math.round(memory.companyDays / memory.seconds),
      "p50 ms": "",
      "p99 ms": "",
      "vs plain req/s": `RSS ${memory.rssAfterMiB.toFixed(0)} MiB`,
      "vs plain p99": `heap ${memory.heapUsedAfterMiB.toFixed(0)} MiB (start RSS ${memory.rssBeforeMiB.toFixed(0)})`,
    });
    notes.push(
      `Memory: a fresh API process with the default cache budget (256 MiB of parsed documents, estimated at 3× their JSON size, plus 64 MiB of rendered bodies) reads ${memory.companyDays} distinct company-days (${MEMORY_COMPANIES} simulator companies × 7 days, ${(blobBytes / 2 ** 20).toFixed(0)} MiB of JSON on disk) once each through app.request (in-process, no HTTP), 8 at a time, as a superadmin; RSS is process.memoryUsage().rss in that process after a forced GC. Its req/s column is cold reads.`,
    );
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

await recordBenchmark({
  title: "API: GET /get-schedule",
  command: "npx pnpm@12.4.2 --filter @backup-portal/api bench",
  rows,
  notes,
});
