export type UserRole = "superadmin" | "group_admin" | "admin" | "technician";
export type DirectoryRole = Exclude<UserRole, "superadmin">;
export type ScheduleStatus = "processing" | "ready" | "failed";
export type TimeZoneSource = "payload" | "default" | "operator";

export interface DirectoryInput {
  groups: Array<{ serviceCompanyGroupId: number; name: string; isActive: boolean }>;
  companies: Array<{
    serviceCompanyId: number;
    serviceCompanyGroupId: number;
    name: string;
    isActive: boolean;
  }>;
  /** A user may appear once per company they are listed under. */
  users: Array<{
    userId: string;
    email: string | null;
    firstName: string | null;
    lastName: string | null;
    fullName: string | null;
    role: DirectoryRole;
    employeeInformationId: number | null;
    serviceCompanyId: number;
  }>;
}

export interface DirectoryResult {
  companiesCreated: number;
  companiesUpdated: number;
  usersUpserted: number;
  usersDeactivated: number;
}

export interface Company {
  id: string;
  serviceCompanyId: number;
  groupId: string | null;
  serviceCompanyGroupId: number | null;
  name: string;
  timeZone: string | null;
  timeZoneSource: TimeZoneSource | null;
  featureToggles: Record<string, unknown>;
  portalEnabled: boolean;
  syncEnabled: boolean;
  isActive: boolean;
  lastSyncedAt: Date | null;
  lastSyncStatus: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ScheduleRow {
  id: string;
  companyId: string;
  date: string;
  storagePath: string | null;
  fileSizeKb: number | null;
  checksum: string | null;
  jobCount: number | null;
  employeeCount: number | null;
  teamCount: number | null;
  status: ScheduleStatus;
  errorMessage: string | null;
  syncedAt: Date | null;
  checkedAt: Date | null;
  lastAttemptAt: Date | null;
  lastErrorAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ReadyInput {
  companyId: string;
  date: string;
  storagePath: string;
  fileSizeKb: number;
  checksum: string;
  jobCount: number;
  employeeCount: number;
  teamCount: number;
}

export interface Membership {
  companyId: string;
  serviceCompanyId: number;
  groupId: string | null;
  role: DirectoryRole;
  employeeInformationId: number | null;
}

export interface UserProfile {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  fullName: string | null;
  role: UserRole;
  employeeInformationId: number | null;
  /** Primary company (the first one listed). */
  companyId: string | null;
  isActive: boolean;
  lastSeenAt: Date | null;
  /** Every company the user is listed under; group admins also read their group's companies. */
  memberships: Membership[];
}

export interface SyncRun {
  id: string;
  trigger: string;
  startedAt: Date;
  finishedAt: Date | null;
  companies: number | null;
  jobsEnqueued: number | null;
  duplicatesSkipped: number | null;
  durationMs: number | null;
}

export interface CompanyStatus {
  companyId: string;
  serviceCompanyId: number;
  name: string;
  portalEnabled: boolean;
  syncEnabled: boolean;
  /** Latest successful check of any of its days. */
  lastSuccessAt: Date | null;
  lastErrorAt: Date | null;
  daysReady: number;
  daysFailed: number;
  /** Ready days whose last successful check is older than the stale threshold. */
  daysStale: number;
  /** Ready days still served from last known good while their latest attempt failed. */
  daysErroring: number;
  storageKb: number;
}
