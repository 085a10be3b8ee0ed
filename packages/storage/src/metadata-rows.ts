import type {
  Company,
  ScheduleRow,
  ScheduleStatus,
  SyncRun,
  TimeZoneSource,
} from "./metadata-types";

export interface CompanyDbRow {
  id: string;
  service_company_id: number;
  group_id: string | null;
  service_company_group_id: number | null;
  name: string;
  time_zone: string | null;
  time_zone_source: TimeZoneSource | null;
  feature_toggles: Record<string, unknown> | null;
  portal_enabled: boolean;
  sync_enabled: boolean;
  is_active: boolean;
  last_synced_at: Date | null;
  last_sync_status: string | null;
  created_at: Date;
  updated_at: Date;
}

/** Columns for CompanyDbRow; `c` is companies, `g` its group. */
export const companyColumns = `c.id, c.service_company_id, c.group_id,
  g.service_company_group_id, c.name, c.time_zone, c.time_zone_source, c.feature_toggles,
  c.portal_enabled, c.sync_enabled, c.is_active, c.last_synced_at, c.last_sync_status,
  c.created_at, c.updated_at`;

export function toCompany(row: CompanyDbRow): Company {
  return {
    id: row.id,
    serviceCompanyId: row.service_company_id,
    groupId: row.group_id,
    serviceCompanyGroupId: row.service_company_group_id,
    name: row.name,
    timeZone: row.time_zone,
    timeZoneSource: row.time_zone_source,
    featureToggles: row.feature_toggles ?? {},
    portalEnabled: row.portal_enabled,
    syncEnabled: row.sync_enabled,
    isActive: row.is_active,
    lastSyncedAt: row.last_synced_at,
    lastSyncStatus: row.last_sync_status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface ScheduleDbRow {
  id: string;
  company_id: string;
  date: string;
  storage_path: string | null;
  file_size_kb: number | null;
  checksum: string | null;
  job_count: number | null;
  employee_count: number | null;
  team_count: number | null;
  status: ScheduleStatus;
  error_message: string | null;
  synced_at: Date | null;
  checked_at: Date | null;
  last_attempt_at: Date | null;
  last_error_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export function toScheduleRow(row: ScheduleDbRow): ScheduleRow {
  return {
    id: row.id,
    companyId: row.company_id,
    date: row.date,
    storagePath: row.storage_path,
    fileSizeKb: row.file_size_kb,
    checksum: row.checksum,
    jobCount: row.job_count,
    employeeCount: row.employee_count,
    teamCount: row.team_count,
    status: row.status,
    errorMessage: row.error_message,
    syncedAt: row.synced_at,
    checkedAt: row.checked_at,
    lastAttemptAt: row.last_attempt_at,
    lastErrorAt: row.last_error_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface SyncRunDbRow {
  id: string;
  trigger: string;
  started_at: Date;
  finished_at: Date | null;
  companies: number | null;
  jobs_enqueued: number | null;
  duplicates_skipped: number | null;
  duration_ms: number | null;
}

export function toSyncRun(row: SyncRunDbRow): SyncRun {
  return {
    id: row.id,
    trigger: row.trigger,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    companies: row.companies,
    jobsEnqueued: row.jobs_enqueued,
    duplicatesSkipped: row.duplicates_skipped,
    durationMs: row.duration_ms,
  };
}
