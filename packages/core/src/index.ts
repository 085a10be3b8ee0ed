export {
  type ActiveAlert,
  type AlertAction,
  type AlertCompanyFact,
  type AlertDayFact,
  type AlertFacts,
  type AlertKind,
  type AlertRunFact,
  type AlertThresholds,
  defaultAlertThresholds,
  evaluateAlertRules,
  formatDuration,
  type OpenAlertState,
  planAlertActions,
} from "./alert-rules";
export { type BuildScheduleDocumentInput, buildScheduleDocument } from "./build-schedule-document";
export { addDays, isValidDate } from "./calendar-date";
export { canonicalJson } from "./canonical-json";
export { checksumDocument } from "./checksum-document";
export { type Clock, fixedClock, systemClock } from "./clock";
export {
  EnvError,
  type EnvFieldName,
  envFields,
  parseEnv,
  pickEnv,
} from "./env-fields";
export { type Envelope, envelopeSchema } from "./envelope-schema";
export { BackupPortalError, type ErrorOptions, isBackupPortalError } from "./errors";
export {
  FEATURE_TOGGLE_NAMES,
  type FeatureToggles,
  normalizeFeatureToggles,
} from "./feature-toggles";
export { type Logger, noopLogger } from "./logger";
export type { ParsedJob, ParsedTag } from "./parsed-job";
export { PayloadError } from "./payload-error";
export { type Role, roleFromMaidCentral } from "./role";
export { sanitizeHtml } from "./sanitize-html";
export type {
  ScheduleBaseFee,
  ScheduleCompany,
  ScheduleDocument,
  ScheduleEmployee,
  ScheduleJob,
  ScheduleJobEmployee,
  SchedulePhone,
  SchedulePricing,
  ScheduleRateMod,
  ScheduleRoom,
  ScheduleShift,
  ScheduleStats,
  ScheduleTag,
  ScheduleTeam,
} from "./schedule-document";
export {
  type ParsedCompanyDay,
  type ParsedScheduleDay,
  parseScheduleResult,
  type ScheduleLayout,
} from "./schedule-result";
export { UNASSIGNED_TEAM } from "./schedule-roster";
export { bearerMatches, requireSyncSecret, safeEqual } from "./secret-compare";
export {
  type PlannableCompany,
  type PlannedJob,
  type PlanOptions,
  planSyncRun,
  scheduleDedupKey,
  spreadOffsetMs,
  USERS_DEDUP_KEY,
} from "./sync-plan";
export { localDate, syncWindow } from "./sync-window";
export { teamPositionName } from "./team-position";
export { instantToZonedIso, resolveTimeZone } from "./time-zone";
export { TimeZoneError } from "./time-zone-error";
export {
  type MaidCentralUser,
  type MaidCentralUserCompany,
  type MaidCentralUserGroup,
  parseUsersResult,
  type UsersResult,
  usersResultSchema,
} from "./users-result";
export {
  type ScheduleView,
  type ScheduleViewJob,
  type SyncInfo,
  type Viewer,
  viewFor,
} from "./view-for";
export { zonedWallTimeToIso } from "./zoned-wall-time";
