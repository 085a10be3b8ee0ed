import { fixedClock, noopLogger } from "@backup-portal/core";
import { createFsBlobStore, createMetadataStore } from "@backup-portal/storage";
import { createPostgresDb } from "@backup-portal/storage/postgres";
import { createApiApp } from "../src/app";
import { createApiMetrics } from "../src/metrics";
import { createStorageSources } from "../src/storage-sources";
import { createTokenVerifier } from "../src/token-verifier";
import {
  BENCH_NOW,
  BENCH_SECRET,
  DEFAULT_TIME_ZONE,
  mintToken,
  SUPERADMIN,
  WINDOW_DATES,
} from "./bench-world";

// A fresh API process (default cache budget) that reads every seeded company-day once through
// app.request, then reports its own resident memory. Blobs are on disk, so none are in this heap.
export interface MemoryReport {
  companyDays: number;
  failures: number;
  rssBeforeMiB: number;
  rssAfterMiB: number;
  heapUsedAfterMiB: number;
  seconds: number;
}

const [dbUrl, blobRoot] = process.argv.slice(2);
if (!dbUrl || !blobRoot) throw new Error("usage: memory-child.ts <database url> <blob root>");

const clock = fixedClock(BENCH_NOW);
const db = createPostgresDb(dbUrl, { max: 10, applicationName: "api-bench-memory" });
const metadata = createMetadataStore({ db, clock });
const app = createApiApp({
  verifier: createTokenVerifier({ hsSecret: BENCH_SECRET }),
  ...createStorageSources(metadata),
  blobs: createFsBlobStore({ root: blobRoot }),
  clock,
  logger: noopLogger,
  metrics: createApiMetrics(),
  defaultTimeZone: DEFAULT_TIME_ZONE,
  ready: async () => {},
});
const companies = await metadata.listCompanies();
const requests = companies.flatMap((c) => WINDOW_DATES.map((date) => ({ id: c.id, date })));
const authorization = `Bearer ${await mintToken(SUPERADMIN)}`;
const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const rssBefore = process.memoryUsage().rss;
const started = performance.now();
let next = 0;
let failures = 0;
async function reader(): Promise<void> {
  for (let r = requests[next++]; r; r = requests[next++]) {
    const response = await app.request(`/get-schedule?date=${r.date}&companyId=${r.id}`, {
      headers: { authorization },
    });
    await response.arrayBuffer();
    if (response.status !== 200) failures++;
  }
}
await Promise.all(Array.from({ length: 8 }, reader));
const seconds = (performance.now() - started) / 1000;
gc?.();
const memory = process.memoryUsage();
const report: MemoryReport = {
  companyDays: requests.length,
  failures,
  rssBeforeMiB: rssBefore / 2 ** 20,
  rssAfterMiB: memory.rss / 2 ** 20,
  heapUsedAfterMiB: memory.heapUsed / 2 ** 20,
  seconds,
};
process.send?.(report);
await db.close();
