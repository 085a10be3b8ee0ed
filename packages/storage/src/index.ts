export {
  type AlertStore,
  type AlertToStore,
  createAlertStore,
  type DayCheck,
  type RunFailureFigures,
  type StoredAlert,
} from "./alert-store";
export { type BackoffOptions, backoffDelayMs, defaultBackoff } from "./backoff";
export { assertBlobPath, scheduleBlobPath } from "./blob-path";
export type { BlobInfo, BlobPutOptions, BlobStore } from "./blob-store";
export { createFsBlobStore } from "./blob-store-fs";
export { createMemoryBlobStore } from "./blob-store-memory";
export type { Db } from "./db";
export { createJobQueue, JOBS_CHANNEL, type JobQueue, type JobQueueOptions } from "./job-queue";
export type {
  ClaimedJob,
  FailOutcome,
  JobAttemptError,
  JobFailure,
  JobRecord,
  JobStatus,
  JobType,
  NewJob,
  QueueStats,
} from "./job-types";
export {
  createMetadataStore,
  type MetadataStore,
  type MetadataStoreOptions,
} from "./metadata-store";
export type {
  Company,
  CompanyStatus,
  DirectoryInput,
  DirectoryResult,
  DirectoryRole,
  Membership,
  ReadyInput,
  ScheduleRow,
  ScheduleStatus,
  SyncRun,
  TimeZoneSource,
  UserProfile,
  UserRole,
} from "./metadata-types";
export { type MigrateOptions, type Migration, migrate } from "./migrate";
export { StorageError } from "./storage-error";
