import { readFile } from "node:fs/promises";
import type { Db } from "@backup-portal/storage";
import { expect } from "vitest";
import { dayStates, type SyncRig } from "../support";

/** One attempt's record in `background_jobs.errors`. */
export interface JobErrorEntry {
  attempt: number;
  code: string | null;
  message: string;
  retryable: boolean;
  worker: string | null;
}

export interface ChaosJobRow {
  id: string;
  job_type: string;
  company_id: string | null;
  date: string | null;
  dedup_key: string;
  status: string;
  attempts: number;
  max_attempts: number;
  lease_owner: string | null;
  error_message: string | null;
  result: { outcome?: string; checksum?: string } | null;
  errors: JobErrorEntry[];
}

export function jobsOfRun(db: Db, runId: string): Promise<ChaosJobRow[]> {
  return db.query<ChaosJobRow>(
    `SELECT id, job_type, company_id, to_char(date, 'YYYY-MM-DD') AS date, dedup_key, status,
            attempts, max_attempts, lease_owner, error_message, result, errors
       FROM background_jobs WHERE run_id = $1 ORDER BY dedup_key`,
    [runId],
  );
}

export async function statusCounts(db: Db, runId: string): Promise<Record<string, number>> {
  const rows = await db.query<{ status: string; n: number }>(
    "SELECT status, count(*)::int AS n FROM background_jobs WHERE run_id = $1 GROUP BY 1",
    [runId],
  );
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/**
 * Every job of the run completed by exactly one claim: one row per dedup key, and each earlier
 * claim left exactly one record (attempt numbers 1..attempts-1, once each) of how it ended. A job
 * completed twice, or a claim that vanished, would break the count.
 */
export function expectCompletedExactlyOnce(jobs: ChaosJobRow[], planned: number): void {
  expect(jobs, "jobs in the run").toHaveLength(planned);
  expect(new Set(jobs.map((j) => j.dedup_key)).size, "distinct dedup keys").toBe(jobs.length);
  const unfinished = jobs.filter((j) => j.status !== "completed");
  expect(
    unfinished.map((j) => ({ key: j.dedup_key, status: j.status, errors: j.errors })),
    "jobs not completed",
  ).toEqual([]);
  for (const job of jobs) {
    const attempts = job.errors.map((e) => e.attempt).sort((a, b) => a - b);
    expect(
      attempts,
      `job ${job.dedup_key}: ${job.attempts} claims, failure records ${JSON.stringify(job.errors)}`,
    ).toEqual(Array.from({ length: job.attempts - 1 }, (_, i) => i + 1));
  }
}

/** Every schedule row of the rig is ready, with its blob present and matching its checksum. */
export async function expectEveryDayGood(rig: SyncRig, atLeast: number): Promise<void> {
  const states = await dayStates(rig);
  expect(states.length, "schedule rows").toBeGreaterThanOrEqual(atLeast);
  const bad = states.filter((s) => s.status !== "ready" || !s.blobMatches || s.errorMessage);
  expect(bad, "days not ready, with an error, or with a blob not matching its checksum").toEqual(
    [],
  );
}

/** A claim or fenced outcome a worker process appended to its events file. */
export interface WorkerEvent {
  event: "claim" | "complete" | "fail" | "release";
  id: string;
  attempt: number;
  ok?: boolean;
  worker: string;
  at: number;
}

export async function readEvents(file: string): Promise<WorkerEvent[]> {
  const text = await readFile(file, "utf8").catch(() => "");
  // A process killed mid-append can leave a partial last line; whole lines only.
  return text
    .split("\n")
    .filter((line) => line.endsWith("}"))
    .map((line) => JSON.parse(line) as WorkerEvent);
}

/** No job saw two successful fenced completions, and no (job, attempt) was claimed twice. */
export function expectNoDoubleCompletion(events: WorkerEvent[]): void {
  const completions = new Map<string, string[]>();
  const claims = new Map<string, string[]>();
  for (const e of events) {
    if (e.event === "complete" && e.ok) {
      completions.set(e.id, [...(completions.get(e.id) ?? []), `${e.worker}#${e.attempt}`]);
    }
    if (e.event === "claim") {
      const key = `${e.id}#${e.attempt}`;
      claims.set(key, [...(claims.get(key) ?? []), e.worker]);
    }
  }
  const twice = [...completions].filter(([, by]) => by.length > 1);
  expect(twice, "jobs completed by more than one claim").toEqual([]);
  const doubleClaims = [...claims].filter(([, by]) => by.length > 1);
  expect(doubleClaims, "(job, attempt) claimed more than once").toEqual([]);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
