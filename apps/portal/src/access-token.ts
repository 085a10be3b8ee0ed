import { type Clock, localDate, type ScheduleDocument, systemClock } from "@backup-portal/core";
import type { BlobStore, Db } from "@backup-portal/storage";
import { SignJWT } from "jose";

/** Parses "30m", "1h", "7d" (or plain seconds) into seconds. */
export function parseTtl(ttl: string): number {
  const match = /^(\d+)\s*(s|m|h|d)?$/.exec(ttl.trim());
  if (!match?.[1])
    throw new Error(`--ttl must look like 30m, 1h or 7d, got ${JSON.stringify(ttl)}`);
  const n = Number(match[1]);
  const unit = { s: 1, m: 60, h: 3600, d: 86_400 }[(match[2] ?? "s") as "s" | "m" | "h" | "d"];
  if (n <= 0 || n * unit > 30 * 86_400)
    throw new Error("--ttl must be between 1 second and 30 days");
  return n * unit;
}

/**
 * An access token shaped like Supabase Auth's (sub = portal user id, aud = authenticated), signed
 * with the embedded HS256 secret. For laptops and tests: with a real Supabase, users log in.
 */
export async function mintAccessToken(
  secret: string,
  userId: string,
  options: { ttlSeconds?: number; email?: string | null; clock?: Clock } = {},
): Promise<string> {
  const now = Math.floor((options.clock ?? systemClock).now().getTime() / 1000);
  return new SignJWT({ role: "authenticated", ...(options.email ? { email: options.email } : {}) })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(userId)
    .setAudience("authenticated")
    .setIssuedAt(now)
    .setExpirationTime(now + (options.ttlSeconds ?? 3600))
    .sign(new TextEncoder().encode(secret));
}

export interface SampleViewer {
  role: "admin" | "technician";
  userId: string;
  name: string;
  companyId: string;
  companyName: string;
  date: string;
}

/**
 * An admin and a technician of one company whose today is ready, the technician one with jobs
 * today, so the printed curl commands show both views with real data.
 */
export async function findSampleViewers(
  db: Db,
  blobs: BlobStore,
  options: { defaultTimeZone: string; clock?: Clock },
): Promise<SampleViewer[]> {
  const now = (options.clock ?? systemClock).now();
  const companies = await db.query<{ id: string; name: string; time_zone: string | null }>(
    `SELECT id, name, time_zone FROM companies
      WHERE portal_enabled AND is_active ORDER BY service_company_id`,
  );
  for (const company of companies) {
    const date = localDate(now, company.time_zone ?? options.defaultTimeZone);
    const [row] = await db.query<{ storage_path: string }>(
      `SELECT storage_path FROM schedule_data
        WHERE company_id = $1 AND date = $2::date AND status = 'ready' AND job_count > 0`,
      [company.id, date],
    );
    if (!row) continue;
    const bytes = await blobs.get(row.storage_path);
    if (!bytes) continue;
    const document = JSON.parse(new TextDecoder().decode(bytes)) as ScheduleDocument;
    const working = new Set(document.employees.map((e) => e.id));
    const members = await db.query<{
      user_id: string;
      role: string;
      employee_information_id: number | null;
      full_name: string | null;
    }>(
      `SELECT m.user_id, m.role, m.employee_information_id, u.full_name
         FROM user_company_memberships m JOIN user_profiles u ON u.id = m.user_id
        WHERE m.company_id = $1 AND u.is_active ORDER BY u.full_name, m.user_id`,
      [company.id],
    );
    const admin = members.find((m) => m.role === "admin");
    const technician = members.find(
      (m) =>
        m.role === "technician" &&
        m.employee_information_id !== null &&
        working.has(m.employee_information_id),
    );
    if (!admin || !technician) continue;
    const sample = (m: typeof admin, role: SampleViewer["role"]): SampleViewer => ({
      role,
      userId: m.user_id,
      name: m.full_name ?? m.user_id,
      companyId: company.id,
      companyName: company.name,
      date,
    });
    return [sample(admin, "admin"), sample(technician, "technician")];
  }
  return [];
}
