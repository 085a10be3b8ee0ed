import { type Clock, systemClock } from "@backup-portal/core";
import type { Db } from "./db";
import { upsertDirectory } from "./directory-upsert";
import {
  type CompanyDbRow,
  companyColumns,
  type ScheduleDbRow,
  type SyncRunDbRow,
  toCompany,
  toScheduleRow,
  toSyncRun,
} from "./metadata-rows";
import type {
  Company,
  CompanyStatus,
  DirectoryInput,
  DirectoryResult,
  DirectoryRole,
  Membership,
  ReadyInput,
  ScheduleRow,
  SyncRun,
  UserProfile,
  UserRole,
} from "./metadata-types";
import { StorageError } from "./storage-error";

export interface MetadataStoreOptions {
  db: Db;
  clock?: Clock;
}

export interface MetadataStore {
  upsertDirectory(
    input: DirectoryInput,
    options: { enableNewCompanies: boolean },
  ): Promise<DirectoryResult>;
  /** portal_enabled AND sync_enabled AND is_active, by ServiceCompanyId. */
  listSyncableCompanies(): Promise<Company[]>;
  listCompanies(): Promise<Company[]>;
  /** By portal uuid, or by MaidCentral ServiceCompanyId (number or digit string). */
  getCompany(idOrServiceCompanyId: string | number): Promise<Company | null>;
  listGroupCompanies(groupId: string): Promise<Company[]>;
  updateCompanyFromPayload(
    companyId: string,
    update: { timeZone?: string; featureToggles?: Record<string, unknown>; name?: string },
  ): Promise<void>;
  /** Operator switches and a fallback zone; `timeZone` set here is marked 'operator'. */
  setCompanySettings(
    companyId: string,
    settings: {
      portalEnabled?: boolean;
      syncEnabled?: boolean;
      timeZone?: string;
      timeZoneSource?: "default" | "operator";
    },
  ): Promise<void>;
  recordCompanySync(companyId: string, status: "ok" | "error"): Promise<void>;

  getScheduleRow(companyId: string, date: string): Promise<ScheduleRow | null>;
  /** Notes an attempt; a ready row stays ready (last known good) while it is refreshed. */
  markProcessing(companyId: string, date: string): Promise<ScheduleRow>;
  markReady(input: ReadyInput): Promise<ScheduleRow>;
  /** Data unchanged: confirms the ready row as freshly checked. false when no ready row exists. */
  touchChecked(companyId: string, date: string): Promise<boolean>;
  /** Keeps a ready row ready (its blob is still served); 'failed' only if there never was data. */
  recordError(companyId: string, date: string, message: string): Promise<ScheduleRow>;
  listExpiredDays(input: {
    companyId: string;
    beforeDate: string;
  }): Promise<Array<{ date: string; storagePath: string | null }>>;
  /** Deletes rows dated before `beforeDate`; returns the blob paths to delete. */
  cleanupWindow(input: {
    companyId: string;
    beforeDate: string;
  }): Promise<{ deleted: number; storagePaths: string[] }>;

  getUserProfile(userId: string): Promise<UserProfile | null>;
  touchUserSeen(userId: string): Promise<void>;
  /** Grants superadmin to the profiles with this email; creates one when `userId` is given. */
  grantSuperadmin(email: string, options?: { userId?: string }): Promise<{ userIds: string[] }>;

  recordRun(input: { trigger: string }): Promise<SyncRun>;
  finishRun(
    runId: string,
    figures: { companies: number; jobsEnqueued: number; duplicatesSkipped: number },
  ): Promise<SyncRun>;
  listRuns(limit?: number): Promise<SyncRun[]>;

  statusReport(options?: { staleAfterMs?: number }): Promise<CompanyStatus[]>;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const companySelect = `SELECT ${companyColumns} FROM companies c
  LEFT JOIN service_company_groups g ON g.id = c.group_id`;

export function createMetadataStore(options: MetadataStoreOptions): MetadataStore {
  const { db } = options;
  const clock = options.clock ?? systemClock;
  const nowIso = () => clock.now().toISOString();

  const companies = async (where: string, params: unknown[] = []) =>
    (
      await db.query<CompanyDbRow>(
        `${companySelect} ${where} ORDER BY c.service_company_id`,
        params,
      )
    ).map(toCompany);

  const scheduleUpsert = async (sql: string, params: unknown[]) => {
    const [row] = await db.query<ScheduleDbRow>(sql, params);
    if (row === undefined) {
      throw new StorageError("SCHEDULE_WRITE_LOST", "schedule_data upsert returned no row", {
        context: { params },
      });
    }
    return toScheduleRow(row);
  };

  return {
    upsertDirectory: (input, { enableNewCompanies }) =>
      upsertDirectory(db, input, { enableNewCompanies, now: clock.now() }),

    listSyncableCompanies: () =>
      companies("WHERE c.portal_enabled AND c.sync_enabled AND c.is_active"),

    listCompanies: () => companies(""),

    async getCompany(key) {
      const asText = String(key).trim();
      if (/^\d+$/.test(asText)) {
        const [company] = await companies("WHERE c.service_company_id = $1", [Number(asText)]);
        return company ?? null;
      }
      if (!uuidPattern.test(asText)) return null;
      const [company] = await companies("WHERE c.id = $1", [asText]);
      return company ?? null;
    },

    listGroupCompanies: (groupId) => companies("WHERE c.group_id = $1", [groupId]),

    async updateCompanyFromPayload(companyId, update) {
      await db.query(
        `UPDATE companies SET
           time_zone = coalesce($2, time_zone),
           time_zone_source = CASE WHEN $2::text IS NULL THEN time_zone_source ELSE 'payload' END,
           feature_toggles = coalesce($3::text::jsonb, feature_toggles),
           name = coalesce($4, name),
           updated_at = $5::timestamptz
         WHERE id = $1`,
        [
          companyId,
          update.timeZone ?? null,
          update.featureToggles === undefined ? null : JSON.stringify(update.featureToggles),
          update.name ?? null,
          nowIso(),
        ],
      );
    },

    async setCompanySettings(companyId, settings) {
      await db.query(
        `UPDATE companies SET
           portal_enabled = coalesce($2, portal_enabled),
           sync_enabled = coalesce($3, sync_enabled),
           time_zone = coalesce($4, time_zone),
           time_zone_source = CASE WHEN $4::text IS NULL THEN time_zone_source ELSE $5 END,
           updated_at = $6::timestamptz
         WHERE id = $1`,
        [
          companyId,
          settings.portalEnabled ?? null,
          settings.syncEnabled ?? null,
          settings.timeZone ?? null,
          settings.timeZoneSource ?? "operator",
          nowIso(),
        ],
      );
    },

    async recordCompanySync(companyId, status) {
      await db.query(
        `UPDATE companies SET last_synced_at = $2::timestamptz, last_sync_status = $3,
           updated_at = $2::timestamptz WHERE id = $1`,
        [companyId, nowIso(), status],
      );
    },

    async getScheduleRow(companyId, date) {
      const [row] = await db.query<ScheduleDbRow>(
        "SELECT * FROM schedule_data WHERE company_id = $1 AND date = $2::date",
        [companyId, date],
      );
      return row === undefined ? null : toScheduleRow(row);
    },

    markProcessing: (companyId, date) =>
      scheduleUpsert(
        `INSERT INTO schedule_data (company_id, date, status, last_attempt_at, updated_at)
         VALUES ($1, $2::date, 'processing', $3::timestamptz, $3::timestamptz)
         ON CONFLICT (company_id, date) DO UPDATE
         SET status = CASE WHEN schedule_data.status = 'ready' THEN 'ready' ELSE 'processing' END,
             last_attempt_at = excluded.last_attempt_at, updated_at = excluded.updated_at
         RETURNING *`,
        [companyId, date, nowIso()],
      ),

    markReady: (input) =>
      scheduleUpsert(
        `INSERT INTO schedule_data (company_id, date, storage_path, file_size_kb, checksum,
           job_count, employee_count, team_count, status, error_message, synced_at, checked_at,
           last_attempt_at, updated_at)
         VALUES ($1, $2::date, $3, $4, $5, $6, $7, $8, 'ready', NULL, $9::timestamptz,
           $9::timestamptz, $9::timestamptz, $9::timestamptz)
         ON CONFLICT (company_id, date) DO UPDATE
         SET storage_path = excluded.storage_path, file_size_kb = excluded.file_size_kb,
             checksum = excluded.checksum, job_count = excluded.job_count,
             employee_count = excluded.employee_count, team_count = excluded.team_count,
             status = 'ready', error_message = NULL, synced_at = excluded.synced_at,
             checked_at = excluded.checked_at, last_attempt_at = excluded.last_attempt_at,
             updated_at = excluded.updated_at
         RETURNING *`,
        [
          input.companyId,
          input.date,
          input.storagePath,
          Math.ceil(input.fileSizeKb),
          input.checksum,
          input.jobCount,
          input.employeeCount,
          input.teamCount,
          nowIso(),
        ],
      ),

    async touchChecked(companyId, date) {
      const rows = await db.query<{ id: string }>(
        `UPDATE schedule_data SET checked_at = $3::timestamptz, last_attempt_at = $3::timestamptz,
           error_message = NULL, updated_at = $3::timestamptz
         WHERE company_id = $1 AND date = $2::date AND status = 'ready'
         RETURNING id`,
        [companyId, date, nowIso()],
      );
      return rows.length === 1;
    },

    recordError: (companyId, date, message) =>
      scheduleUpsert(
        `INSERT INTO schedule_data (company_id, date, status, error_message, last_attempt_at,
           last_error_at, updated_at)
         VALUES ($1, $2::date, 'failed', $3, $4::timestamptz, $4::timestamptz, $4::timestamptz)
         ON CONFLICT (company_id, date) DO UPDATE
         SET status = CASE WHEN schedule_data.status = 'ready' THEN 'ready' ELSE 'failed' END,
             error_message = excluded.error_message, last_attempt_at = excluded.last_attempt_at,
             last_error_at = excluded.last_error_at, updated_at = excluded.updated_at
         RETURNING *`,
        [companyId, date, message, nowIso()],
      ),

    async listExpiredDays({ companyId, beforeDate }) {
      const rows = await db.query<{ date: string; storage_path: string | null }>(
        `SELECT date, storage_path FROM schedule_data
         WHERE company_id = $1 AND date < $2::date ORDER BY date`,
        [companyId, beforeDate],
      );
      return rows.map((row) => ({ date: row.date, storagePath: row.storage_path }));
    },

    async cleanupWindow({ companyId, beforeDate }) {
      const rows = await db.query<{ storage_path: string | null }>(
        `DELETE FROM schedule_data WHERE company_id = $1 AND date < $2::date
         RETURNING storage_path`,
        [companyId, beforeDate],
      );
      return {
        deleted: rows.length,
        storagePaths: rows.flatMap((row) => (row.storage_path === null ? [] : [row.storage_path])),
      };
    },

    async getUserProfile(userId) {
      if (!uuidPattern.test(userId)) return null;
      const [profile] = await db.query<{
        id: string;
        email: string | null;
        first_name: string | null;
        last_name: string | null;
        full_name: string | null;
        role: UserRole;
        employee_information_id: number | null;
        company_id: string | null;
        is_active: boolean;
        last_seen_at: Date | null;
      }>("SELECT * FROM user_profiles WHERE id = $1", [userId]);
      if (profile === undefined) return null;
      const memberships = await db.query<{
        company_id: string;
        service_company_id: number;
        group_id: string | null;
        role: DirectoryRole;
        employee_information_id: number | null;
      }>(
        `SELECT m.company_id, c.service_company_id, c.group_id, m.role, m.employee_information_id
         FROM user_company_memberships m JOIN companies c ON c.id = m.company_id
         WHERE m.user_id = $1 ORDER BY c.service_company_id`,
        [userId],
      );
      return {
        id: profile.id,
        email: profile.email,
        firstName: profile.first_name,
        lastName: profile.last_name,
        fullName: profile.full_name,
        role: profile.role,
        employeeInformationId: profile.employee_information_id,
        companyId: profile.company_id,
        isActive: profile.is_active,
        lastSeenAt: profile.last_seen_at,
        memberships: memberships.map(
          (m): Membership => ({
            companyId: m.company_id,
            serviceCompanyId: m.service_company_id,
            groupId: m.group_id,
            role: m.role,
            employeeInformationId: m.employee_information_id,
          }),
        ),
      };
    },

    async touchUserSeen(userId) {
      await db.query("UPDATE user_profiles SET last_seen_at = $2::timestamptz WHERE id = $1", [
        userId,
        nowIso(),
      ]);
    },

    async grantSuperadmin(email, grantOptions = {}) {
      const now = nowIso();
      const updated = await db.query<{ id: string }>(
        `UPDATE user_profiles SET role = 'superadmin', is_active = true, updated_at = $2::timestamptz
         WHERE lower(email) = lower($1) RETURNING id`,
        [email, now],
      );
      if (updated.length > 0) return { userIds: updated.map((row) => row.id) };
      if (grantOptions.userId === undefined) {
        throw new StorageError(
          "USER_NOT_FOUND",
          `No user profile has the email ${email}; pass the user's id to create a superadmin profile`,
          { context: { email } },
        );
      }
      const created = await db.query<{ id: string }>(
        `INSERT INTO user_profiles (id, email, role, is_active, updated_at)
         VALUES ($1, $2, 'superadmin', true, $3::timestamptz)
         ON CONFLICT (id) DO UPDATE SET role = 'superadmin', email = excluded.email,
           is_active = true, updated_at = excluded.updated_at
         RETURNING id`,
        [grantOptions.userId, email, now],
      );
      return { userIds: created.map((row) => row.id) };
    },

    async recordRun({ trigger }) {
      const [row] = await db.query<SyncRunDbRow>(
        "INSERT INTO sync_runs (trigger, started_at) VALUES ($1, $2::timestamptz) RETURNING *",
        [trigger, nowIso()],
      );
      if (row === undefined) throw new StorageError("RUN_WRITE_LOST", "sync_runs insert failed");
      return toSyncRun(row);
    },

    async finishRun(runId, figures) {
      const [row] = await db.query<SyncRunDbRow>(
        `UPDATE sync_runs SET finished_at = $2::timestamptz, companies = $3, jobs_enqueued = $4,
           duplicates_skipped = $5,
           duration_ms = round(extract(epoch FROM ($2::timestamptz - started_at)) * 1000)::int
         WHERE id = $1 RETURNING *`,
        [runId, nowIso(), figures.companies, figures.jobsEnqueued, figures.duplicatesSkipped],
      );
      if (row === undefined) {
        throw new StorageError("RUN_NOT_FOUND", `sync run ${runId} does not exist`, {
          context: { runId },
        });
      }
      return toSyncRun(row);
    },

    async listRuns(limit = 20) {
      const rows = await db.query<SyncRunDbRow>(
        "SELECT * FROM sync_runs ORDER BY started_at DESC LIMIT $1",
        [limit],
      );
      return rows.map(toSyncRun);
    },

    async statusReport(reportOptions = {}) {
      const staleBefore = new Date(
        clock.now().getTime() - (reportOptions.staleAfterMs ?? 2 * 60 * 60 * 1000),
      );
      const rows = await db.query<{
        id: string;
        service_company_id: number;
        name: string;
        portal_enabled: boolean;
        sync_enabled: boolean;
        last_success_at: Date | null;
        last_error_at: Date | null;
        days_ready: number;
        days_failed: number;
        days_stale: number;
        days_erroring: number;
        storage_kb: number;
      }>(
        `SELECT c.id, c.service_company_id, c.name, c.portal_enabled, c.sync_enabled,
           max(sd.checked_at) AS last_success_at,
           max(sd.last_error_at) AS last_error_at,
           count(sd.id) FILTER (WHERE sd.status = 'ready')::int AS days_ready,
           count(sd.id) FILTER (WHERE sd.status = 'failed')::int AS days_failed,
           count(sd.id) FILTER (WHERE sd.status = 'ready'
             AND (sd.checked_at IS NULL OR sd.checked_at < $1::timestamptz))::int AS days_stale,
           count(sd.id) FILTER (WHERE sd.status = 'ready' AND sd.error_message IS NOT NULL)::int
             AS days_erroring,
           coalesce(sum(sd.file_size_kb), 0)::int AS storage_kb
         FROM companies c LEFT JOIN schedule_data sd ON sd.company_id = c.id
         GROUP BY c.id ORDER BY c.service_company_id`,
        [staleBefore.toISOString()],
      );
      return rows.map((row) => ({
        companyId: row.id,
        serviceCompanyId: row.service_company_id,
        name: row.name,
        portalEnabled: row.portal_enabled,
        syncEnabled: row.sync_enabled,
        lastSuccessAt: row.last_success_at,
        lastErrorAt: row.last_error_at,
        daysReady: row.days_ready,
        daysFailed: row.days_failed,
        daysStale: row.days_stale,
        daysErroring: row.days_erroring,
        storageKb: row.storage_kb,
      }));
    },
  };
}
