import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createCoordinator } from "@backup-portal/coordinator";
import { noopLogger, systemClock } from "@backup-portal/core";
import { createMaidCentralClient } from "@backup-portal/maidcentral-client";
import { createUndiciFetch } from "@backup-portal/maidcentral-client/undici";
import {
  type BlobStore,
  createJobQueue,
  createMetadataStore,
  type Db,
  migrate,
} from "@backup-portal/storage";
import { createWorker } from "../src/worker";

/**
 * The simulator in its own process (sim-child.ts), as MaidCentral would be, so a benchmark's CPU
 * figures are the worker's alone. `url` resolves once it listens.
 */
export function startSimulatorProcess(options: {
  seed: string;
  companies: number;
  latencyMs: number;
  jitterMs: number;
}): { child: ChildProcess; url: Promise<string> } {
  const child = fork(
    fileURLToPath(new URL("./sim-child.ts", import.meta.url)),
    [options.seed, String(options.companies), String(options.latencyMs), String(options.jitterMs)],
    { execArgv: process.execArgv, stdio: ["ignore", "pipe", "inherit", "ipc"] },
  );
  const url = new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.once("exit", (code) => reject(new Error(`simulator exited with ${code}`)));
  });
  return { child, url };
}

/**
 * Coordinator and worker over one database and blob store, syncing from `simUrl`. The client's
 * limits match the worker's slots (keep-alive pool of that many connections, no rate limit), so
 * the worker, not the client, sets the pace.
 */
export async function createBenchSync(options: {
  db: Db;
  blobs: BlobStore;
  simUrl: string;
  apiKey: string;
  concurrency: number;
  workerId: string;
}) {
  const { db, blobs, concurrency } = options;
  await migrate(db);
  const pool = createUndiciFetch({ connections: concurrency });
  const client = createMaidCentralClient({
    baseUrl: options.simUrl,
    auth: { kind: "key", apiKey: options.apiKey },
    fetch: pool.fetch,
    maxConcurrency: concurrency,
    requestsPerSecond: Number.POSITIVE_INFINITY,
  });
  const queue = createJobQueue({ db });
  const metadata = createMetadataStore({ db });
  const common = { queue, metadata, blobs, clock: systemClock, logger: noopLogger };
  const defaultTimeZone = "America/New_York";
  const coordinator = createCoordinator({ ...common, spreadSeconds: 0, defaultTimeZone });
  const worker = createWorker({
    ...common,
    client,
    workerId: options.workerId,
    concurrency,
    enableNewCompanies: true,
    defaultTimeZone,
  });
  return { client, queue, metadata, coordinator, worker, close: () => pool.close() };
}
