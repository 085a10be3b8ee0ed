import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { createCoordinator } from "@backup-portal/coordinator";
import { type Clock, checksumDocument, noopLogger, systemClock } from "@backup-portal/core";
import { createMaidCentralClient } from "@backup-portal/maidcentral-client";
import {
  createSimulator,
  type SimulatorOptions,
} from "@backup-portal/maidcentral-client/simulator";
import {
  type BlobStore,
  createFsBlobStore,
  createJobQueue,
  createMetadataStore,
  type Db,
  migrate,
} from "@backup-portal/storage";
import { createPostgresDb } from "@backup-portal/storage/postgres";
import postgres from "postgres";
import { createWorker } from "../src/worker";

export const ADMIN_URL =
  process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** A fresh PostgreSQL database for one test file; `drop` removes it. */
export async function createTestDatabase(
  prefix: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const a = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
      await a.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

export async function openPostgres(url: string): Promise<Db> {
  return createPostgresDb(url, { max: 10 });
}

/** Hears every blob write before it reaches the store (the chaos suites keep each version). */
export type BlobPutListener = (path: string, body: Uint8Array | string) => void | Promise<void>;

/** Counts writes per path, so a test can say exactly which days were rewritten. */
export function countingBlobs(
  inner: BlobStore,
  onPut?: BlobPutListener,
): BlobStore & { puts: string[] } {
  const puts: string[] = [];
  return {
    ...inner,
    puts,
    put: async (path, body, options) => {
      puts.push(path);
      await onPut?.(path, body);
      return inner.put(path, body, options);
    },
    get: (path) => inner.get(path),
    head: (path) => inner.head(path),
    exists: (path) => inner.exists(path),
    delete: (paths) => inner.delete(paths),
    list: (prefix) => inner.list(prefix),
  };
}

export interface SyncRig {
  db: Db;
  sim: ReturnType<typeof createSimulator>;
  url: string;
  blobs: ReturnType<typeof countingBlobs>;
  blobRoot: string;
  queue: ReturnType<typeof createJobQueue>;
  metadata: ReturnType<typeof createMetadataStore>;
  coordinator: ReturnType<typeof createCoordinator>;
  worker: ReturnType<typeof createWorker>;
  close(): Promise<void>;
}

export async function createSyncRig(
  db: Db,
  options: {
    sim?: SimulatorOptions;
    clock?: Clock;
    concurrency?: number;
    onBlobPut?: BlobPutListener;
  } = {},
): Promise<SyncRig> {
  const clock = options.clock ?? systemClock;
  await migrate(db);
  const sim = createSimulator({
    seed: "worker-e2e",
    companies: 20,
    jobsPerDay: { min: 2, max: 12 },
    ...options.sim,
  });
  const server = await sim.listen({ port: 0, host: "127.0.0.1" });
  const client = createMaidCentralClient({
    baseUrl: server.url,
    auth: { kind: "key", apiKey: sim.credentials.apiKey },
    maxConcurrency: 16,
    requestsPerSecond: Number.POSITIVE_INFINITY,
    timeoutMs: 1_000,
    retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 50, deadlineMs: 5_000 },
  });
  const blobRoot = await mkdtemp(join(tmpdir(), "bp-blobs-"));
  const blobs = countingBlobs(createFsBlobStore({ root: blobRoot }), options.onBlobPut);
  const queue = createJobQueue({ db, clock, backoff: { baseMs: 20, maxMs: 200 } });
  const metadata = createMetadataStore({ db, clock });
  const defaultTimeZone = "America/New_York";
  const coordinator = createCoordinator({
    queue,
    metadata,
    blobs,
    clock,
    logger: noopLogger,
    spreadSeconds: 0,
    defaultTimeZone,
  });
  const worker = createWorker({
    queue,
    metadata,
    blobs,
    client,
    clock,
    logger: noopLogger,
    workerId: "test-worker",
    concurrency: options.concurrency ?? 8,
    enableNewCompanies: true,
    defaultTimeZone,
  });
  return {
    db,
    sim,
    url: server.url,
    blobs,
    blobRoot,
    queue,
    metadata,
    coordinator,
    worker,
    async close() {
      await server.close();
      await rm(blobRoot, { recursive: true, force: true });
    },
  };
}

/** Runs the queue dry, waiting out retry backoffs, within a bound. */
export async function syncUntilIdle(rig: SyncRig, boundMs = 60_000): Promise<void> {
  const deadline = Date.now() + boundMs;
  while (Date.now() < deadline) {
    await rig.worker.drain({ maxMs: boundMs });
    const stats = await rig.queue.stats();
    if (stats.pending === 0 && stats.running === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(
    `queue still busy after ${boundMs} ms: ${JSON.stringify(await rig.queue.stats())}`,
  );
}

export interface DayState {
  companyId: string;
  serviceCompanyId: number;
  date: string;
  status: string;
  checksum: string | null;
  errorMessage: string | null;
  blobMatches: boolean;
}

/** Every schedule row, with whether its blob is present and matches its checksum. */
export async function dayStates(rig: SyncRig): Promise<DayState[]> {
  const rows = await rig.db.query<{
    company_id: string;
    service_company_id: number;
    date: string;
    status: string;
    checksum: string | null;
    error_message: string | null;
    storage_path: string | null;
  }>(
    `SELECT sd.company_id, c.service_company_id, to_char(sd.date, 'YYYY-MM-DD') AS date, sd.status,
            sd.checksum, sd.error_message, sd.storage_path
       FROM schedule_data sd JOIN companies c ON c.id = sd.company_id ORDER BY 2, 3`,
  );
  const states: DayState[] = [];
  for (const row of rows) {
    let blobMatches = false;
    if (row.storage_path && row.checksum) {
      const bytes = await rig.blobs.get(row.storage_path);
      if (bytes) {
        const document = JSON.parse(new TextDecoder().decode(bytes));
        blobMatches = (await checksumDocument(document)) === row.checksum;
      }
    }
    states.push({
      companyId: row.company_id,
      serviceCompanyId: row.service_company_id,
      date: row.date,
      status: row.status,
      checksum: row.checksum,
      errorMessage: row.error_message,
      blobMatches,
    });
  }
  return states;
}

const WORKER_ENTRY = fileURLToPath(new URL("./fixtures/worker-process.ts", import.meta.url));
const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

export interface WorkerProcess {
  child: ChildProcess;
  workerId: string;
  /** Resolves once the process is claiming. */
  ready: Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
}

/** A resident worker in its own OS process (test/fixtures/worker-process.ts), so it can be killed for real. */
export function spawnWorkerProcess(env: {
  databaseUrl: string;
  blobRoot: string;
  simUrl: string;
  simKey: string;
  workerId: string;
  leaseMs?: number;
  concurrency?: number;
  graceMs?: number;
  /** PostgreSQL application_name of the process's sessions (to find them in pg_stat_activity). */
  applicationName?: string;
  /** Where the process appends its claims and fenced outcomes, one JSON line each. */
  eventsFile?: string;
  pollMs?: number;
}): WorkerProcess {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "--conditions=@backup-portal/source", WORKER_ENTRY],
    {
      cwd: REPO_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        WORKER_DATABASE_URL: env.databaseUrl,
        WORKER_BLOB_ROOT: env.blobRoot,
        WORKER_SIM_URL: env.simUrl,
        WORKER_SIM_KEY: env.simKey,
        WORKER_ID: env.workerId,
        WORKER_LEASE_MS: String(env.leaseMs ?? 3_000),
        WORKER_CONCURRENCY: String(env.concurrency ?? 4),
        WORKER_GRACE_MS: String(env.graceMs ?? 10_000),
        WORKER_POLL_MS: String(env.pollMs ?? 100),
        ...(env.applicationName ? { WORKER_APP_NAME: env.applicationName } : {}),
        ...(env.eventsFile ? { WORKER_EVENTS_FILE: env.eventsFile } : {}),
      },
    },
  );
  let err = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    err += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const ready = new Promise<void>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("ready")) resolve();
    });
    void exited.then(({ code, signal }) =>
      reject(new Error(`worker process exited before ready (${code ?? signal}): ${err}`)),
    );
  });
  return { child, workerId: env.workerId, ready, exited, stderr: () => err };
}

/** Polls `probe` until it returns a value, or fails with `what` and the last value seen. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  boundMs = 30_000,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + boundMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up after ${boundMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Every file under `root` (relative paths), temp files included. */
export async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

export type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;

/**
 * A rig on its own PostgreSQL database whose companies exist already: a first run (the users sync
 * alone) created them, so a suite's own runs plan every company's week.
 */
export async function createSeededPostgresRig(
  prefix: string,
  options: { companies: number; jobsPerDay: { min: number; max: number } },
): Promise<{ rig: SyncRig; database: TestDatabase }> {
  const database = await createTestDatabase(prefix);
  const rig = await createSyncRig(await openPostgres(database.url), {
    sim: { companies: options.companies, jobsPerDay: options.jobsPerDay },
  });
  await rig.coordinator.run({ trigger: "test" });
  await syncUntilIdle(rig);
  const created = (await rig.metadata.listSyncableCompanies()).length;
  if (created !== options.companies) {
    throw new Error(`the users sync created ${created} of ${options.companies} companies`);
  }
  return { rig, database };
}

/** Kills the worker processes still alive, then closes the rig and drops its database. */
export async function disposePostgresRig(parts: {
  rig?: SyncRig | undefined;
  database?: TestDatabase | undefined;
  workers?: readonly WorkerProcess[];
}): Promise<void> {
  for (const worker of parts.workers ?? []) {
    if (worker.child.exitCode === null && worker.child.signalCode === null) {
      worker.child.kill("SIGKILL");
      await worker.exited;
    }
  }
  await parts.rig?.close();
  await parts.rig?.db.close();
  await parts.database?.drop();
}
