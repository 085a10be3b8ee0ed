import { randomBytes } from "node:crypto";
import {
  buildScheduleDocument,
  checksumDocument,
  normalizeFeatureToggles,
  parseScheduleResult,
  resolveTimeZone,
  type ScheduleDocument,
} from "@backup-portal/core";
import type { SimCompanyInfo, Simulator } from "@backup-portal/maidcentral-client/simulator";
import type { BlobStore, Db, MetadataStore } from "@backup-portal/storage";
import { migrate } from "@backup-portal/storage";
import { createPostgresDb } from "@backup-portal/storage/postgres";
import { SignJWT } from "jose";

/** Shared by the API benchmark's processes: the same documents a worker would write. */
export const BENCH_SECRET = "api-bench-secret-api-bench-secret-0123";
/** A Tuesday, 11:00 in New York: the window is 2026-03-09 through 2026-03-16. */
export const BENCH_NOW = "2026-03-10T15:00:00Z";
export const WINDOW_DATES = Array.from(
  { length: 7 },
  (_, i) => `2026-03-${String(10 + i).padStart(2, "0")}`,
);
export const DEFAULT_TIME_ZONE = "America/New_York";

export function mintToken(sub: string): Promise<string> {
  return new SignJWT({ sub, aud: "authenticated", role: "authenticated" })
    .setProtectedHeader({ alg: "HS256" })
    .setExpirationTime("2h")
    .sign(new TextEncoder().encode(BENCH_SECRET));
}

/** Simulator payload → core's parse → document, exactly the worker's transform. */
export function buildDay(
  sim: Simulator,
  company: SimCompanyInfo,
  companyId: string,
  date: string,
): ScheduleDocument {
  const day = parseScheduleResult(
    sim.scheduleResult({ date, serviceCompanyId: company.serviceCompanyId }),
    { serviceCompanyId: company.serviceCompanyId },
  );
  const entry = day.companies[0];
  if (!entry) throw new Error(`the simulator sent no day for company ${company.serviceCompanyId}`);
  return buildScheduleDocument({
    date,
    company: {
      id: companyId,
      serviceCompanyId: company.serviceCompanyId,
      name: entry.name ?? company.name,
      timeZone: entry.timeZoneId ? resolveTimeZone(entry.timeZoneId) : DEFAULT_TIME_ZONE,
    },
    featureToggles: normalizeFeatureToggles(entry.featureToggles ?? {}),
    jobs: entry.jobs,
  });
}

/** Blob then row, as the worker writes them. */
export async function publishDay(
  metadata: MetadataStore,
  blobs: BlobStore,
  companyId: string,
  date: string,
  document: ScheduleDocument,
): Promise<void> {
  const storagePath = `${companyId}/${date}/schedule.json`;
  const bytes = new TextEncoder().encode(JSON.stringify(document));
  await blobs.put(storagePath, bytes, { contentType: "application/json", upsert: true });
  await metadata.markReady({
    companyId,
    date,
    storagePath,
    fileSizeKb: Math.ceil(bytes.byteLength / 1024),
    checksum: await checksumDocument(document),
    jobCount: document.stats.jobCount,
    employeeCount: document.stats.employeeCount,
    teamCount: document.stats.teamCount,
  });
}

/** A migrated database of its own beside `baseUrl`, dropped when `fn` settles. */
export async function withScratchDatabase<T>(
  baseUrl: string,
  fn: (url: string) => Promise<T>,
): Promise<T> {
  const name = `bp_api_bench_${randomBytes(4).toString("hex")}`;
  const admin = createPostgresDb(baseUrl, { max: 1, applicationName: "api-bench" });
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  try {
    const db: Db = createPostgresDb(url.toString(), { max: 1, applicationName: "api-bench" });
    await migrate(db).finally(() => db.close());
    return await fn(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.close();
  }
}

export function benchUser(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
}

/** The memory run reads every company with one superadmin, choosing each by companyId. */
export const SUPERADMIN = benchUser(9);
